import Providers
import WhatsAppModel

/// Why a pasted curl command could not be imported. Each message says what was wrong and where.
/// None quotes a header value or an option's value, so a secret in the paste cannot leak
/// through an error.
public enum CurlImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The paste has nothing but blanks and comments.
    case empty
    /// The command is not curl (`wget …`, `http POST …`).
    case notCurl(command: String, at: SourcePosition)
    /// A quote opened here is never closed.
    case unterminatedQuote(quote: String, at: SourcePosition)
    /// Bytes written as `\xHH` or `\NNN` in `$'…'` (or a `\u` that names no scalar) are not
    /// UTF-8 text; `at` is the escape where the bad sequence starts. A shell would pass the
    /// bytes on as they are, but the gateways take UTF-8 JSON, so wacon stops rather than guess.
    case invalidUTF8(at: SourcePosition)
    /// A `$'…'` escape makes a NUL byte (`\x00`, `\0`, `\u0000`): a shell ends the quoted text
    /// there and drops the rest of it, so the command sends less than the paste shows.
    case nulByte(at: SourcePosition)
    /// This line starts with an option, but the line before does not end with `\`: a shell would
    /// run it as a command of its own.
    case missingLineContinuation(line: Int)
    /// An option that takes a value is the last word.
    case missingValue(option: String, at: SourcePosition)
    /// An option curl does not have, or one written `--name=value` (curl takes the next word).
    case unknownOption(String, at: SourcePosition)
    /// A curl option that shapes the request in a way wacon cannot import (`--form`, `-u`).
    case unsupportedOption(String, at: SourcePosition, reason: String)
    /// `@file` or `@-`: the value is read from a file or standard input, which a paste does not carry.
    case readsFile(option: String, at: SourcePosition)
    /// A `-H` value without a `:` between name and value.
    case malformedHeader(at: SourcePosition)
    /// No URL in the command.
    case missingURL
    /// A second URL: curl would make a second request.
    case secondURL(at: SourcePosition)
    /// The URL cannot be read (credentials, if any, are left out of the text).
    case invalidURL(String, reason: String)
    /// The host is none of the gateways' API hosts.
    case unknownHost(String, known: [String])
    /// The host is a gateway's, but the path is not its send endpoint.
    case unexpectedPath(gateway: GatewayID, path: String, expected: String)
    /// A local (sandbox) URL whose path is no gateway's send endpoint.
    case unknownEndpoint(path: String)
    /// No `-d`/`--data…`/`--json`: there is no message to import.
    case missingBody
    /// The body is not JSON even in lenient mode. The parse position is within the body; `at`
    /// is where the data option's value starts in the paste.
    case bodyNotJSON(JSONParseError, at: SourcePosition)
    /// The body is JSON but not a message the gateway's API takes.
    case unreadableBody(gateway: GatewayID, MessageDecodingError)

    public var description: String {
        switch self {
        case .empty:
            return "the paste has no command"
        case .notCurl(let command, let at):
            return "\(at): the command is \"\(command.prefix(24))\", not curl"
        case .unterminatedQuote(let quote, let at):
            return "\(at): the quote \(quote) opened here is never closed"
        case .invalidUTF8(let at):
            return "\(at): the bytes escaped from here in $'…' are not UTF-8 text (a lone or stray byte, an overlong or out-of-range sequence); the gateways take UTF-8 JSON"
        case .nulByte(let at):
            return "\(at): this escape in $'…' is a NUL byte, where a shell cuts the quoted text short; remove it or write the text out"
        case .missingLineContinuation(let line):
            return "line \(line) starts with an option, but line \(line - 1) does not end with a backslash, so a shell would run it as a separate command"
        case .missingValue(let option, let at):
            return "\(at): \(option) needs a value"
        case .unknownOption(let option, let at):
            if let eq = option.firstIndex(of: "=") {
                let name = option[..<eq]
                return "\(at): unknown option \(name)=…; curl takes the value as the next word: \(name) VALUE"
            }
            return "\(at): unknown curl option \(option)"
        case .unsupportedOption(let option, let at, let reason):
            return "\(at): \(option) is not supported: \(reason)"
        case .readsFile(let option, let at):
            return "\(at): \(option) reads its value from a file (@…), which a pasted command does not carry; paste the value inline"
        case .malformedHeader(let at):
            return "\(at): the header has no ':' between name and value"
        case .missingURL:
            return "the command has no URL"
        case .secondURL(let at):
            return "\(at): a second URL; import one request at a time"
        case .invalidURL(let url, let reason):
            return "the URL \(url) cannot be imported: \(reason)"
        case .unknownHost(let host, let known):
            let placeholder = host.contains("<") || host.contains("{") ? " (it looks like a placeholder from the documentation: put the real host)" : ""
            return "unknown host \(host)\(placeholder); wacon knows \(known.joined(separator: ", ")), and localhost for the sandbox"
        case .unexpectedPath(let gateway, let path, let expected):
            return "\(path) is not \(gateway.gateway.displayName)'s send endpoint; expected \(expected)"
        case .unknownEndpoint(let path):
            let all = CurlImport.endpointOrder.map { "\($0.id) \($0.endpointShape)" }
            return "\(path) is no gateway's send endpoint; one of: \(all.joined(separator: ", "))"
        case .missingBody:
            return "the command sends no body (-d, --data, --data-raw, --data-binary or --json): there is no message to import"
        case .bodyNotJSON(let error, let at):
            return "the body (the data starting at \(at)) is not JSON, even leniently: body \(error)"
        case .unreadableBody(let gateway, let error):
            return "the body is not a \(gateway.gateway.displayName) message: \(error)"
        }
    }
}
