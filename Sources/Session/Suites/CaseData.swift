#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// Rows of values a suite runs every case with, once per row: a CSV file whose first row names
/// the columns. A case file uses a column as `{{name}}` in any string (`"text": "{{first_name}}"`);
/// a column named `to` also addresses each row's message to its number.
///
/// The CSV is RFC 4180's: commas between fields, a field in double quotes may hold commas,
/// line breaks and `""` for a quote; rows end with LF or CRLF. Every row must have as many
/// fields as the header. A UTF-8 byte order mark at the start is skipped.
public struct CaseData: Sendable, Hashable {
    /// The column names, in file order.
    public var columns: [String]
    /// Each row's values, in column order.
    public var rows: [[String]]
    /// Where the rows came from, for messages (`data.csv`).
    public var source: String

    /// The largest file read, in bytes.
    public static let maxBytes = 16 << 20
    /// The most rows one run takes.
    public static let maxRows = 100_000
    /// The most columns.
    public static let maxColumns = 1_000

    public init(columns: [String], rows: [[String]], source: String) {
        self.columns = columns
        self.rows = rows
        self.source = source
    }

    /// The values of row `index` (from 0) by column name.
    public func row(_ index: Int) -> [String: String] {
        Dictionary(uniqueKeysWithValues: zip(columns, rows[index]))
    }

    /// Reads a CSV file's bytes; errors name the line.
    public static func parse(_ bytes: [UInt8], source: String) throws(CaseDataError) -> CaseData {
        guard bytes.count <= maxBytes else { throw CaseDataError(source: source, line: nil, reason: "the file is \(bytes.count) bytes; at most \(maxBytes)") }
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var i = start
        var quoted = false
        var quoteLine = 1
        // True once the current field has been a quoted one (text after its closing quote is an error).
        var wasQuoted = false
        func text(_ b: [UInt8], line: Int) throws(CaseDataError) -> String {
            guard let s = String(validating: b, as: UTF8.self) else { throw CaseDataError(source: source, line: line, reason: "not UTF-8 text") }
            return s
        }
        func endRecord() throws(CaseDataError) {
            fields.append(try text(field, line: recordLine))
            field = []
            wasQuoted = false
            // A blank line is no row.
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
            guard records.count <= maxRows + 1 else { throw CaseDataError(source: source, line: line, reason: "more than \(maxRows) rows") }
        }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                    quoted = false
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case 0x22:
                guard field.isEmpty, !wasQuoted else {
                    throw CaseDataError(source: source, line: line, reason: "a quote inside an unquoted field (quote the whole field and double the quote: \"a \"\"b\"\" c\")")
                }
                quoted = true
                wasQuoted = true
                quoteLine = line
            case 0x2C:
                fields.append(try text(field, line: line))
                field = []
                wasQuoted = false
                guard fields.count < maxColumns else { throw CaseDataError(source: source, line: line, reason: "more than \(maxColumns) columns") }
            case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A:
                break
            case 0x0A:
                try endRecord()
                line += 1
                recordLine = line
            default:
                guard !wasQuoted else { throw CaseDataError(source: source, line: line, reason: "text after a closing quote (a field is quoted whole)") }
                field.append(b)
            }
            i += 1
        }
        if quoted { throw CaseDataError(source: source, line: quoteLine, reason: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { try endRecord() }
        guard let header = records.first else { throw CaseDataError(source: source, line: nil, reason: "no header row (the first row names the columns)") }
        var seen = Set<String>()
        let columns = header.fields.map { $0.trimmed }
        for c in columns {
            guard !c.isEmpty else { throw CaseDataError(source: source, line: header.line, reason: "a column without a name") }
            guard seen.insert(c).inserted else { throw CaseDataError(source: source, line: header.line, reason: "column \"\(c)\" is named twice") }
        }
        let rows = records.dropFirst()
        guard rows.count <= maxRows else { throw CaseDataError(source: source, line: nil, reason: "\(rows.count) rows; at most \(maxRows)") }
        for r in rows where r.fields.count != columns.count {
            throw CaseDataError(source: source, line: r.line, reason: "\(r.fields.count) field\(r.fields.count == 1 ? "" : "s"), but the header names \(columns.count) columns")
        }
        guard !rows.isEmpty else { throw CaseDataError(source: source, line: nil, reason: "a header and no rows: nothing to run") }
        return CaseData(columns: columns, rows: rows.map(\.fields), source: source)
    }

    /// `value` with every `{{column}}` in its strings replaced by `row`'s value. A placeholder
    /// that names no column is an error at its path (a misspelt column would otherwise go out
    /// as text); `{{1}}` (a template's own numbered placeholder) is left alone.
    public static func fill(_ value: JSONValue, with row: [String: String], at path: FieldPath = .root, source: String) throws(MessageDecodingError) -> JSONValue {
        switch value {
        case .string(let s):
            return .string(try fill(s, with: row, at: path, source: source))
        case .array(let items):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { out.append(try fill(item, with: row, at: path.index(i), source: source)) }
            return .array(out)
        case .object(let o):
            var out = JSONObject()
            for (k, v) in o { out.append(k, try fill(v, with: row, at: path.key(k), source: source)) }
            return .object(out)
        default:
            return value
        }
    }

    /// One string filled in; linear in its length.
    static func fill(_ s: String, with row: [String: String], at path: FieldPath, source: String) throws(MessageDecodingError) -> String {
        guard s.contains("{{") else { return s }
        var out = ""
        var rest = Substring(s)
        while let open = rest.firstRange(of: "{{") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            guard let close = after.firstRange(of: "}}") else { out += rest[open.lowerBound...]; rest = ""; break }
            let name = after[..<close.lowerBound].trimmed
            let isColumnName = name.first.map { $0.isLetter || $0 == "_" } ?? false
            if isColumnName {
                guard let v = row[name] else {
                    let hint = EditDistance.near(name, in: row.keys.sorted()).first.map { "; did you mean \($0)?" } ?? ""
                    throw MessageDecodingError(path: path, reason: "{{\(name)}} names no column of \(source) (its columns: \(row.keys.sorted().joined(separator: ", ")))\(hint)")
                }
                out += v
            } else {
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = after[close.upperBound...]
        }
        out += rest
        return out
    }
}

/// A data file that cannot be read as rows.
public struct CaseDataError: Error, Sendable, Hashable, CustomStringConvertible {
    public var source: String
    /// The line the problem is on (from 1), when it is on one.
    public var line: Int?
    public var reason: String

    public var description: String { "\(source)\(line.map { ":\($0)" } ?? ""): \(reason)" }
}
