#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import WhatsAppModel

// The second layer of curl import: curl's own options read from the shell words (method, URL,
// headers, body), before anything is known of a gateway. Files are never read: `-d @file` is
// refused, since a paste cannot carry the file with it.

/// What a curl command line asks for, before any gateway knowledge. Internal: its headers hold
/// the secret as pasted; `ImportedRequest` keeps it only in its `secret` field.
struct CurlInvocation {
    struct Header {
        var name: String
        var value: String
        /// nil for the headers curl adds itself (`--json`, the form content type of `-d`).
        var position: SourcePosition?
        var hasExpansion: Bool
    }

    var explicitMethod: String?
    var url: ShellWord?
    var headers: [Header] = []
    var body: String?
    var bodyPosition: SourcePosition?
    var bodyHasExpansion = false
    var notes: [String] = []

    /// `-X` wins; otherwise a body makes it POST, as curl does.
    var method: String { explicitMethod ?? (body != nil ? "POST" : "GET") }

    /// The last header with this name (names compare as HTTP does), as a server that keeps one would see.
    func header(_ name: String) -> Header? {
        guard let wanted = HTTPField.Name(name) else { return nil }
        return headers.last { HTTPField.Name($0.name) == wanted }
    }

    enum DataMode { case ascii, binary, raw, json }

    enum Option {
        case method, header, url
        case data(DataMode)
        /// Changes nothing the gateway receives (`-s`, `-L`, `--compressed`).
        case flag
        /// Takes a value that changes nothing the gateway receives (`-o FILE`, `--max-time S`).
        case ignored
        case unsupported(takesValue: Bool, reason: String)

        var takesValue: Bool {
            switch self {
            case .method, .header, .url, .data, .ignored: return true
            case .flag: return false
            case .unsupported(let takesValue, _): return takesValue
            }
        }
    }

    static let form = "the gateways take a JSON body; this sends a form"
    static let short: [Character: Option] = [
        "X": .method, "H": .header, "d": .data(.ascii),
        "s": .flag, "S": .flag, "v": .flag, "i": .flag, "L": .flag, "k": .flag, "f": .flag, "N": .flag, "g": .flag, "#": .flag,
        "o": .ignored, "m": .ignored, "w": .ignored, "A": .ignored, "e": .ignored, "x": .ignored, "b": .ignored, "c": .ignored,
        "F": .unsupported(takesValue: true, reason: form),
        "T": .unsupported(takesValue: true, reason: "it uploads a file"),
        "u": .unsupported(takesValue: true, reason: "none of the gateways uses basic authentication; they take an API key or token header"),
        "G": .unsupported(takesValue: false, reason: "it moves the data into the URL query and sends GET"),
        "I": .unsupported(takesValue: false, reason: "it sends HEAD, with no body"),
        "K": .unsupported(takesValue: true, reason: "it reads options from a file"),
    ]
    static let long: [String: Option] = [
        "request": .method, "header": .header, "url": .url,
        "data": .data(.ascii), "data-ascii": .data(.ascii), "data-binary": .data(.binary), "data-raw": .data(.raw), "json": .data(.json),
        "silent": .flag, "show-error": .flag, "verbose": .flag, "include": .flag, "location": .flag, "location-trusted": .flag,
        "insecure": .flag, "compressed": .flag, "fail": .flag, "fail-with-body": .flag, "no-buffer": .flag, "globoff": .flag,
        "progress-bar": .flag, "no-progress-meter": .flag, "http1.1": .flag, "http2": .flag, "http2-prior-knowledge": .flag, "http3": .flag,
        "output": .ignored, "max-time": .ignored, "connect-timeout": .ignored, "retry": .ignored, "retry-delay": .ignored,
        "retry-max-time": .ignored, "write-out": .ignored, "user-agent": .ignored, "referer": .ignored, "proxy": .ignored,
        "cookie": .ignored, "cookie-jar": .ignored, "trace": .ignored, "trace-ascii": .ignored, "stderr": .ignored,
        "form": .unsupported(takesValue: true, reason: form),
        "form-string": .unsupported(takesValue: true, reason: form),
        "data-urlencode": .unsupported(takesValue: true, reason: "the gateways take a JSON body; this sends URL-encoded form data"),
        "upload-file": .unsupported(takesValue: true, reason: "it uploads a file"),
        "user": .unsupported(takesValue: true, reason: "none of the gateways uses basic authentication; they take an API key or token header"),
        "oauth2-bearer": .unsupported(takesValue: true, reason: "write the token as a header: -H 'Authorization: Bearer …'"),
        "get": .unsupported(takesValue: false, reason: "it moves the data into the URL query and sends GET"),
        "head": .unsupported(takesValue: false, reason: "it sends HEAD, with no body"),
        "config": .unsupported(takesValue: true, reason: "it reads options from a file"),
        "next": .unsupported(takesValue: false, reason: "it starts a second request; import one at a time"),
    ]

    /// Reads curl's options from the words after `curl`.
    init(_ words: ArraySlice<ShellWord>) throws(CurlImportError) {
        var rest = words[...]
        var dataParts = 0
        var usedJSON = false
        var optionsEnded = false
        while let word = rest.popFirst() {
            let text = word.text
            if optionsEnded || !text.hasPrefix("-") || text == "-" {
                if text == "-" { throw .unknownOption(text, at: word.position) }
                try setURL(word)
                continue
            }
            if text == "--" { optionsEnded = true; continue }
            // Each entry: the option as written, what it is, and its value from the same word if any.
            var found: [(name: String, option: Option, attached: String?)] = []
            if text.hasPrefix("--") {
                let name = String(text.dropFirst(2))
                if let o = Self.long[name] {
                    found.append((text, o, nil))
                } else if name.hasPrefix("no-"), case .flag? = Self.long[String(name.dropFirst(3))] {
                    continue
                } else {
                    // Only the part before "=" is quoted back: the rest may be a secret.
                    throw .unknownOption(name.contains("=") ? "--" + name.prefix { $0 != "=" } + "=" : text, at: word.position)
                }
            } else {
                // A cluster of short options: "-sSL", "-XPOST", "-sX POST".
                var chars = text.dropFirst()
                while let c = chars.popFirst() {
                    guard let o = Self.short[c] else { throw .unknownOption("-\(c)", at: word.position) }
                    if o.takesValue {
                        found.append(("-\(c)", o, chars.isEmpty ? nil : String(chars)))
                        break
                    }
                    found.append(("-\(c)", o, nil))
                }
            }
            for (name, option, attached) in found {
                var value: ShellWord?
                if option.takesValue {
                    if let attached {
                        value = ShellWord(text: attached, position: word.position, hasExpansion: word.hasExpansion)
                    } else {
                        guard let next = rest.popFirst() else { throw .missingValue(option: name, at: word.position) }
                        value = next
                    }
                }
                switch option {
                case .flag: break
                case .ignored: notes.append("ignored \(name): it does not change what the gateway receives")
                case .unsupported(_, let reason): throw .unsupportedOption(name, at: word.position, reason: reason)
                case .method: explicitMethod = value!.text.uppercased()
                case .url: try setURL(value!)
                case .header: try addHeader(value!, option: name)
                case .data(let mode):
                    let v = value!
                    if mode != .raw, v.text.hasPrefix("@") { throw .readsFile(option: name, at: v.position) }
                    // curl joins several data options with "&"; --json parts are joined with nothing.
                    if let b = body { body = b + (mode == .json ? "" : "&") + v.text } else { body = v.text; bodyPosition = v.position }
                    bodyHasExpansion = bodyHasExpansion || v.hasExpansion
                    dataParts += 1
                    if mode == .json { usedJSON = true }
                }
            }
        }
        if dataParts > 1 { notes.append("the command has \(dataParts) data options; curl joins them into one body") }
        // The headers curl adds on its own, unless the command sets them.
        if usedJSON {
            if header("Content-Type") == nil { headers.append(Header(name: "Content-Type", value: "application/json", position: nil, hasExpansion: false)) }
            if header("Accept") == nil { headers.append(Header(name: "Accept", value: "application/json", position: nil, hasExpansion: false)) }
        } else if body != nil, header("Content-Type") == nil {
            headers.append(Header(name: "Content-Type", value: "application/x-www-form-urlencoded", position: nil, hasExpansion: false))
            notes.append("the command sets no Content-Type, so curl would send application/x-www-form-urlencoded; the gateways take JSON")
        }
    }

    private mutating func setURL(_ word: ShellWord) throws(CurlImportError) {
        if url != nil { throw .secondURL(at: word.position) }
        url = word
    }

    private mutating func addHeader(_ word: ShellWord, option: String) throws(CurlImportError) {
        let text = word.text
        if text.hasPrefix("@") { throw .readsFile(option: option, at: word.position) }
        let name: Substring, value: Substring
        if let colon = text.firstIndex(of: ":") {
            name = text[..<colon]
            value = text[text.index(after: colon)...]
        } else if text.hasSuffix(";") {
            name = text.dropLast()  // curl's "Name;" sends the header with an empty value
            value = ""
        } else {
            throw .malformedHeader(at: word.position)
        }
        let trimmedName = name.trimmed
        guard !trimmedName.isEmpty, !trimmedName.contains(" ") else { throw .malformedHeader(at: word.position) }
        headers.append(Header(name: trimmedName, value: value.trimmed, position: word.position, hasExpansion: word.hasExpansion))
    }
}
