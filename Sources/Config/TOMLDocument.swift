#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TOMLKit
import WhatsAppModel

/// A config or theme file, parsed: its TOML table and where each key is written, so that every
/// error names file:line and key the same way.
struct TOMLDocument {
    let file: String
    let table: TOMLTable
    let lines: TOMLKeyLines

    /// Parses `text`. A NUL is refused before TOMLKit sees the text: the text goes to C, where a
    /// NUL would end it, and the rest of the file would be dropped without a word.
    init(text: String, file: String) throws(ConfigError) {
        if let nul = text.utf8.firstIndex(of: 0) {
            let place = TextPlace(of: text.utf8.distance(from: text.utf8.startIndex, to: nul), in: Array(text.utf8))
            throw ConfigError(file: file, line: place.line, message: "contains a NUL byte (column \(place.column)); the file must be text")
        }
        let lines = TOMLKeyLines(text: text)
        if let line = lines.malformedHeaderLine {
            throw ConfigError(file: file, line: line, message: "a [table] or [[array]] header needs a key: a name or a quoted string")
        }
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ConfigError(file: file, line: e.source.begin.line, message: e.description)
        } catch {
            throw ConfigError(file: file, message: "\(error)")
        }
        self.file = file
        self.lines = lines
        if let line = lines.nulEscapeLine {
            throw ConfigError(file: file, line: line, message: "a string or key holds \\u0000 (a NUL), which would cut it short; remove it")
        }
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

    /// `bytes` as text, or an error at the first byte that is not UTF-8.
    static func text(_ bytes: [UInt8], file: String) throws(ConfigError) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var parser = Unicode.UTF8.ForwardParser()
        var input = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &input) {
            case .valid(let scalar): offset += scalar.count
            case .error:
                let place = TextPlace(of: offset, in: bytes)
                throw ConfigError(file: file, line: place.line,
                                  message: "cannot be read as UTF-8 text (byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) at column \(place.column))")
            case .emptyInput:
                // String(validating:) and the parser disagree only on bytes that are not UTF-8.
                throw ConfigError(file: file, message: "cannot be read as UTF-8 text")
            }
        }
    }

    /// The error for `path` (`["history", "path"]`): its dotted key and the line it is on.
    func error(_ path: [String], _ message: String) -> ConfigError {
        ConfigError(file: file, line: lines.line(path), key: path.joined(separator: "."), message: message)
    }
}

/// The line and column (both from 1, the column in bytes) of a byte offset in a text.
struct TextPlace {
    var line: Int
    var column: Int

    init(of offset: Int, in bytes: [UInt8]) {
        let before = bytes[..<offset]
        line = before.count { $0 == UInt8(ascii: "\n") } + 1
        column = offset - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
    }
}
