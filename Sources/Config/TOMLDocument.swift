import Foundation
import TOMLKit
import WhatsAppModel

/// A config or theme file, parsed: its TOML table and where each key is written, so that every
/// error names file:line and key the same way.
struct TOMLDocument {
    let file: String
    let table: TOMLTable
    let lines: TOMLKeyLines

    /// Parses `text`.
    init(text: String, file: String) throws(ConfigError) {
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ConfigError(file: file, line: e.source.begin.line, message: e.description)
        } catch {
            throw ConfigError(file: file, message: "\(error)")
        }
        self.file = file
        lines = TOMLKeyLines(text: text)
    }

    /// Parses a file's bytes, which must be UTF-8 text.
    init(bytes: [UInt8], file: String) throws(ConfigError) {
        try self.init(text: Self.text(bytes, file: file), file: file)
    }

    /// Reads and parses `path`, at most `InputFile.configLimit` bytes of it.
    init(path: String) throws(ConfigError) {
        try self.init(bytes: Self.read(path), file: path)
    }

    /// The bytes of `path`: a file larger than the limit fails at once, naming the limit.
    static func read(_ path: String) throws(ConfigError) -> [UInt8] {
        // "-" is a file here, not standard input.
        do { return try InputFile.read(path == "-" ? "./-" : path, limit: InputFile.configLimit) } catch {
            throw ConfigError(file: path, message: error.reason)
        }
    }

    /// `bytes` as text.
    static func text(_ bytes: [UInt8], file: String) throws(ConfigError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw ConfigError(file: file, message: "cannot be read as UTF-8 text") }
        return text
    }

    /// The error for `path` (`["history", "path"]`): its dotted key and the line it is on.
    func error(_ path: [String], _ message: String) -> ConfigError {
        ConfigError(file: file, line: lines.line(path), key: path.joined(separator: "."), message: message)
    }
}
