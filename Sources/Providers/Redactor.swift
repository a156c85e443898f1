#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// Replaces secrets with `[redacted]` wherever they appear: headers, URLs, bodies, vendor
/// messages. Built from the secrets a request itself carries, so it needs no knowledge of each
/// vendor's header names. Works on bytes, so a body that is not UTF-8 is redacted too.
///
/// An echoed key cannot hide behind an encoding: the text is matched after decoding JSON string
/// escapes (`\u0045`, `\/`), percent-encoding and HTML character references, in any combination
/// and nesting, and with line breaks and spaces taken out (a key folded across lines); what is
/// replaced is the span of the original bytes that decodes to the secret. A part of a secret of
/// eight characters or more is redacted too (a vendor that echoes the key cut short).
public struct Redactor: Sendable {
    public static let mask = "[redacted]"
    /// The shortest secret that is redacted at all: shorter values would mask unrelated text
    /// and are not real keys.
    static let shortest = 6
    /// The shortest part of a secret that counts as an echo of it.
    static let partLength = 8

    /// Whole secrets of 6 or 7 bytes (matched whole).
    let short: [[UInt8]]
    /// Every 8-byte window of the longer secrets, packed in a `UInt64`.
    let windows: Set<UInt64>

    public init(secrets: [Secret]) {
        var short = Set<[UInt8]>()
        var windows = Set<UInt64>()
        for value in secrets.map(\.value) {
            let b = Array(value.utf8)
            guard b.count >= Self.shortest else { continue }
            if b.count < Self.partLength { short.insert(b); continue }
            for i in 0...(b.count - Self.partLength) { windows.insert(Self.pack(b[i..<(i + Self.partLength)])) }
        }
        self.short = Array(short)
        self.windows = windows
    }

    /// Redacts every secret a report's request carried.
    public init(report: SendReport) {
        self.init(secrets: report.attempts.last?.exchange.request.secrets ?? report.preparation.request?.secrets ?? [])
    }

    public var isEmpty: Bool { short.isEmpty && windows.isEmpty }

    public func text(_ s: String) -> String {
        guard !isEmpty else { return s }
        return String(decoding: bytes(Array(s.utf8)), as: UTF8.self)
    }

    public func bytes(_ input: [UInt8]) -> [UInt8] {
        guard !isEmpty, !input.isEmpty else { return input }
        let view = DecodedView(input).decodedFully().withoutSpacing()
        let spans = matches(in: view)
        guard !spans.isEmpty else { return input }
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var at = 0
        let mask = Array(Self.mask.utf8)
        for span in spans {
            out.append(contentsOf: input[at..<span.lowerBound])
            out.append(contentsOf: mask)
            at = span.upperBound
        }
        out.append(contentsOf: input[at...])
        return out
    }

    /// The original byte ranges that decode to a secret or a part of one, merged and in order.
    func matches(in view: DecodedView) -> [Range<Int>] {
        let n = view.bytes.count
        var marked = [Bool](repeating: false, count: n)
        if !windows.isEmpty, n >= Self.partLength {
            var word: UInt64 = 0
            for i in 0..<n {
                word = (word << 8) | UInt64(view.bytes[i])
                guard i >= Self.partLength - 1, windows.contains(word) else { continue }
                for k in (i - Self.partLength + 1)...i { marked[k] = true }
            }
        }
        for secret in short where secret.count <= n {
            var i = 0
            while i + secret.count <= n {
                if view.bytes[i] == secret[0], view.bytes[i..<(i + secret.count)].elementsEqual(secret) {
                    for k in i..<(i + secret.count) { marked[k] = true }
                    i += secret.count
                } else {
                    i += 1
                }
            }
        }
        var spans: [Range<Int>] = []
        var i = 0
        while i < n {
            guard marked[i] else { i += 1; continue }
            var j = i
            while j + 1 < n, marked[j + 1] { j += 1 }
            let span = Int(view.starts[i])..<Int(view.ends[j])
            if let last = spans.last, last.upperBound >= span.lowerBound {
                spans[spans.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                spans.append(span)
            }
            i = j + 1
        }
        return spans
    }

    @inline(__always)
    static func pack(_ b: ArraySlice<UInt8>) -> UInt64 {
        var w: UInt64 = 0
        for x in b { w = (w << 8) | UInt64(x) }
        return w
    }
}

/// Bytes decoded from some input, each with the range of input bytes it came from, so a match
/// in the decoded text names exactly what to replace in the original.
struct DecodedView {
    var bytes: [UInt8]
    var starts: [Int32]
    var ends: [Int32]

    init(_ input: [UInt8]) {
        bytes = input
        starts = (0..<Int32(input.count)).map { $0 }
        ends = (0..<Int32(input.count)).map { $0 + 1 }
    }

    private init(bytes: [UInt8], starts: [Int32], ends: [Int32]) {
        self.bytes = bytes
        self.starts = starts
        self.ends = ends
    }

    /// Applies the decoders until nothing changes (a key percent-encoded inside a JSON escape
    /// inside an HTML reference is found too), at most a few rounds: each round is linear.
    func decodedFully() -> DecodedView {
        var view = self
        for _ in 0..<4 {
            let next = view.decodingJSONEscapes().decodingPercent().decodingHTMLReferences()
            if next.bytes == view.bytes { return next }
            view = next
        }
        return view
    }

    /// The view without spaces and line breaks: a secret folded across lines reads whole.
    func withoutSpacing() -> DecodedView {
        var out = Builder(capacity: bytes.count)
        for i in bytes.indices where !(bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09) {
            out.append(bytes[i], starts[i], ends[i])
        }
        return out.view
    }

    /// `\uXXXX` (surrogate pairs too), `\/`, `\"`, `\\`, `\n`, … as the bytes they stand for.
    func decodingJSONEscapes() -> DecodedView {
        guard bytes.contains(0x5C) else { return self }
        var out = Builder(capacity: bytes.count)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x5C, i + 1 < bytes.count else { out.append(bytes[i], starts[i], ends[i]); i += 1; continue }
            let c = bytes[i + 1]
            if c == UInt8(ascii: "u"), let (scalar, used) = unicodeEscape(at: i) {
                for b in Array(String(Character(scalar)).utf8) { out.append(b, starts[i], ends[i + used - 1]) }
                i += used
                continue
            }
            let simple: UInt8?
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): simple = c
            case UInt8(ascii: "n"): simple = 0x0A
            case UInt8(ascii: "r"): simple = 0x0D
            case UInt8(ascii: "t"): simple = 0x09
            case UInt8(ascii: "b"): simple = 0x08
            case UInt8(ascii: "f"): simple = 0x0C
            default: simple = nil
            }
            if let simple {
                out.append(simple, starts[i], ends[i + 1])
                i += 2
            } else {
                out.append(bytes[i], starts[i], ends[i])
                i += 1
            }
        }
        return out.view
    }

    /// The scalar of `\uXXXX` (or a `\uD8xx\uDCxx` pair) at `i`, and how many bytes it took.
    private func unicodeEscape(at i: Int) -> (Unicode.Scalar, Int)? {
        guard let high = hex(at: i + 2, count: 4) else { return nil }
        if (0xD800...0xDBFF).contains(high), i + 11 < bytes.count, bytes[i + 6] == 0x5C, bytes[i + 7] == UInt8(ascii: "u"),
           let low = hex(at: i + 8, count: 4), (0xDC00...0xDFFF).contains(low),
           let s = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) {
            return (s, 12)
        }
        return Unicode.Scalar(high).map { ($0, 6) }
    }

    /// `%HH` as the byte it stands for.
    func decodingPercent() -> DecodedView {
        guard bytes.contains(0x25) else { return self }
        var out = Builder(capacity: bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x25, let v = hex(at: i + 1, count: 2) {
                out.append(UInt8(v), starts[i], ends[i + 2])
                i += 3
            } else {
                out.append(bytes[i], starts[i], ends[i])
                i += 1
            }
        }
        return out.view
    }

    /// `&#69;`, `&#x45;` and the named references a key can need (`&amp;`, `&quot;`, …).
    func decodingHTMLReferences() -> DecodedView {
        guard bytes.contains(0x26) else { return self }
        var out = Builder(capacity: bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x26, let semi = bytes[(i + 1)..<min(bytes.count, i + 12)].firstIndex(of: 0x3B),
               let scalar = Self.reference(bytes[(i + 1)..<semi]) {
                for b in Array(String(Character(scalar)).utf8) { out.append(b, starts[i], ends[semi]) }
                i = semi + 1
            } else {
                out.append(bytes[i], starts[i], ends[i])
                i += 1
            }
        }
        return out.view
    }

    static let named: [String: Unicode.Scalar] = ["amp": "&", "quot": "\"", "apos": "'", "lt": "<", "gt": ">", "sol": "/", "equals": "=", "plus": "+"]

    static func reference(_ body: ArraySlice<UInt8>) -> Unicode.Scalar? {
        guard let first = body.first else { return nil }
        if first == UInt8(ascii: "#") {
            let digits = body.dropFirst()
            let isHex = digits.first == UInt8(ascii: "x") || digits.first == UInt8(ascii: "X")
            let text = String(decoding: isHex ? digits.dropFirst() : digits, as: UTF8.self)
            return UInt32(text, radix: isHex ? 16 : 10).flatMap(Unicode.Scalar.init)
        }
        return named[String(decoding: body, as: UTF8.self)]
    }

    private func hex(at i: Int, count: Int) -> UInt32? {
        guard i + count <= bytes.count else { return nil }
        var v: UInt32 = 0
        for k in i..<(i + count) {
            let b = bytes[k]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    /// Collects decoded bytes with their original ranges.
    struct Builder {
        var bytes: [UInt8] = []
        var starts: [Int32] = []
        var ends: [Int32] = []

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
            starts.reserveCapacity(capacity)
            ends.reserveCapacity(capacity)
        }

        mutating func append(_ b: UInt8, _ start: Int32, _ end: Int32) {
            bytes.append(b)
            starts.append(start)
            ends.append(end)
        }

        var view: DecodedView { DecodedView(bytes: bytes, starts: starts, ends: ends) }
    }
}
