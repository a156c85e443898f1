import WhatsAppModel

/// Prints a `WireRequest` for people and tools. Secrets are masked unless `reveal` is set; in
/// curl output a secret that comes from an environment variable is written as `"$NAME"`, so
/// the command runs as is without the secret ever being printed.
public enum RequestFormatter {
    /// The request as HTTP: request line with the full URL, headers, a blank line, pretty JSON.
    public static func http(_ r: WireRequest, reveal: Bool = false) -> String {
        var s = "\(r.method) \(r.url)\n"
        for h in r.headers { s += "\(h.name): \(h.displayValue(reveal: reveal))\n" }
        s += "\n"
        s += prettyBody(r)
        s += "\n"
        return s
    }

    /// The pretty-printed body (or the raw bytes when it is not JSON).
    public static func prettyBody(_ r: WireRequest) -> String {
        JSONWriter.prettyString(r.bodyJSON)
    }

    /// A runnable curl command.
    public static func curl(_ r: WireRequest, reveal: Bool = false) -> String {
        var lines = ["curl -X \(r.method) \(shellQuote(r.url))"]
        for h in r.headers {
            if !reveal, let secret = h.secret, case .env(let name) = secret.source {
                // "Bearer $TOKEN": double quotes so the shell expands the variable.
                let value = secret.value.isEmpty ? h.value : h.value.replacing(secret.value, with: "${\(name)}")
                lines.append("-H \"\(h.name): \(value.replacing("\"", with: "\\\""))\"")
            } else {
                lines.append("-H \(shellQuote("\(h.name): \(h.displayValue(reveal: reveal))"))")
            }
        }
        lines.append("--data-raw \(shellQuote(prettyBody(r)))")
        return lines.joined(separator: " \\\n  ") + "\n"
    }

    /// The request as one JSON object: method, url, headers, body (as JSON).
    public static func json(_ r: WireRequest, reveal: Bool = false) -> JSONValue {
        var headers = JSONObject()
        for h in r.headers { headers.append(h.name, .string(h.displayValue(reveal: reveal))) }
        var o = JSONObject()
        o.append("method", .string(r.method))
        o.append("url", .string(r.url))
        o.append("headers", .object(headers))
        o.append("body", r.bodyJSON)
        return .object(o)
    }

    /// Single-quotes for POSIX shells: `'` becomes `'\''`.
    public static func shellQuote(_ s: String) -> String {
        "'" + s.replacing("'", with: "'\\''") + "'"
    }
}
