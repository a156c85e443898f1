import Foundation
import WhatsAppModel

/// Replaces secrets with `[redacted]` wherever they appear: headers, URLs, bodies, vendor
/// messages. Built from the secrets a request itself carries, so it needs no knowledge of each
/// vendor's header names. Works on bytes, so a body that is not UTF-8 is redacted too, and
/// catches the forms a secret takes when echoed: as is, JSON-escaped, percent-encoded.
public struct Redactor: Sendable {
    public static let mask = "[redacted]"
    let forms: [[UInt8]]

    public init(secrets: [Secret]) {
        var forms = Set<[UInt8]>()
        // Short values (a few characters) would mask unrelated text and are not real keys.
        for value in secrets.map(\.value) where value.count >= 6 {
            forms.insert(Array(value.utf8))
            forms.insert(Array(JSONWriter.compactString(.string(value)).utf8.dropFirst().dropLast()))
            forms.insert(Array(value.replacingOccurrences(of: "/", with: "\\/").utf8))
            if let pct = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { forms.insert(Array(pct.utf8)) }
        }
        // Longest first, so a secret containing another is masked whole.
        self.forms = forms.sorted { $0.count > $1.count }
    }

    /// Redacts every secret a report's request carried.
    public init(report: SendReport) {
        self.init(secrets: report.attempts.last?.exchange.request.secrets ?? report.preparation.request?.secrets ?? [])
    }

    public var isEmpty: Bool { forms.isEmpty }

    public func text(_ s: String) -> String {
        guard !forms.isEmpty else { return s }
        let b = bytes(Array(s.utf8))
        return String(decoding: b, as: UTF8.self)
    }

    public func bytes(_ input: [UInt8]) -> [UInt8] {
        guard !forms.isEmpty, !input.isEmpty else { return input }
        var data = input
        let mask = Array(Self.mask.utf8)
        for form in forms where !form.isEmpty && form.count <= data.count {
            var out: [UInt8] = []
            var i = 0
            var changed = false
            out.reserveCapacity(data.count)
            while i < data.count {
                if data[i] == form[0], i + form.count <= data.count, data[i..<(i + form.count)].elementsEqual(form) {
                    out.append(contentsOf: mask)
                    i += form.count
                    changed = true
                } else {
                    out.append(data[i])
                    i += 1
                }
            }
            if changed { data = out }
        }
        return data
    }
}
