/// A problem in a config or theme file: the file, and the line and key when known.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it (`themes/NAME.toml` for a built-in theme).
    public var file: String
    /// The line, from 1.
    public var line: Int?
    /// The dotted key (`profiles.prod.sid`, `colors.error`).
    public var key: String?
    /// What is wrong, and what would be right.
    public var message: String

    public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `FILE:LINE: KEY: MESSAGE`, leaving out what is not known.
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let key { s += ": \(key)" }
        return s + ": " + message
    }
}
