#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// One message template as a gateway's template API returns it (Meta's template object: `name`,
/// `language`, `status`, `category`, `parameter_format`, `components`, `id`, `quality_score`, …),
/// kept whole as JSON so nothing a vendor sends is lost, with the few members the library
/// plumbing needs read out. The definition model reads the same JSON for its checks.
public struct StoredTemplate: Sendable, Hashable {
    /// The template object exactly as read (members in their order, unknown ones kept).
    public var json: JSONObject

    /// A template from its JSON object; `read(_:at:)` checks one first.
    public init(json: JSONObject) { self.json = json }

    /// The template's name (`order_update`).
    public var name: String { json["name"]?.stringValue ?? "" }
    /// The language code (`en_US`).
    public var language: String { json["language"]?.stringValue ?? "" }
    /// `APPROVED`, `PAUSED`, `DISABLED`, `PENDING`, `REJECTED`, …; nil when not given.
    public var status: String? { json["status"]?.stringValue }
    /// `UTILITY`, `MARKETING`, `AUTHENTICATION`; nil when not given.
    public var category: String? { json["category"]?.stringValue }
    /// Meta's template id (a numeric string), when given.
    public var id: String? { json["id"]?.stringValue ?? json["id"]?.intValue.map(String.init) }
    /// `POSITIONAL` or `NAMED`; Meta treats a template without one as positional.
    public var parameterFormat: String? { json["parameter_format"]?.stringValue }

    /// The quality rating: Meta returns `quality_score` as an object `{"score": "GREEN", …}`;
    /// a plain string is read too, since exports written by other tools flatten it.
    public var quality: String? {
        switch json["quality_score"] {
        case .string(let s)?: return s
        case .object(let o)?: return o["score"]?.stringValue
        default: return nil
        }
    }

    /// Name and language: what identifies a template on an account (one name has one template
    /// per language).
    public var key: TemplateKey { TemplateKey(name: name, language: language) }

    /// The values a send of this template fills (`TemplateDefinition.slots`: a header's, the
    /// body's variables, the buttons that need one, each carousel card's); 0 for a template the
    /// definition model cannot read.
    public var parameterCount: Int {
        (try? TemplateDefinition(json: .object(json)))?.slots.count ?? 0
    }

    /// Reads one template object, checking what the library needs of it: an object with a
    /// non-empty `name` and `language`, `status`, `category` and `parameter_format` strings when
    /// present, `components` an array of objects when present. Anything else is kept as is.
    public static func read(_ value: JSONValue, at path: FieldPath) throws(TemplateReadError) -> StoredTemplate {
        guard case .object(let o) = value else {
            throw TemplateReadError(path: path, reason: "a template object (name, language, components, …); found \(value.typeName)")
        }
        for key in ["name", "language"] {
            switch o[key] {
            case .string(let s)? where !s.trimmed.isEmpty: break
            case nil: throw TemplateReadError(path: path.key(key), reason: "required: the template's \(key)")
            case let other?: throw TemplateReadError(path: path.key(key), reason: "a non-empty string; found \(other.describedShortly)")
            }
        }
        for key in ["status", "category", "parameter_format"] {
            if let v = o[key], v != .null, v.stringValue == nil {
                throw TemplateReadError(path: path.key(key), reason: "a string; found \(v.typeName)")
            }
        }
        if let v = o["components"], v != .null {
            guard case .array(let items) = v else {
                throw TemplateReadError(path: path.key("components"), reason: "an array of components; found \(v.typeName)")
            }
            for (i, item) in items.enumerated() where item.objectValue == nil {
                throw TemplateReadError(path: path.key("components").index(i), reason: "a component object; found \(item.typeName)")
            }
        }
        return StoredTemplate(json: o)
    }

    /// Reads templates in any shape Meta's JSON comes in: an array of template objects, one
    /// page of the listing API (`{"data": [...], "paging": …}`), or an array of such pages.
    /// All of it is checked before anything is returned; the first problem is thrown with its
    /// path (`data[3].language`, `[1].data[0].name`). A name and language given twice is an
    /// error at the second one: which of the two is meant cannot be guessed.
    public static func readCollection(_ value: JSONValue) throws(TemplateReadError) -> [StoredTemplate] {
        var out: [StoredTemplate] = []
        var seen: [TemplateKey: FieldPath] = [:]
        func add(_ item: JSONValue, at path: FieldPath) throws(TemplateReadError) {
            let t = try read(item, at: path)
            if let first = seen[t.key] {
                throw TemplateReadError(path: path, reason: "template \(t.name) in \(t.language) is already at \(first.display)")
            }
            seen[t.key] = path
            out.append(t)
        }
        func page(_ o: JSONObject, at path: FieldPath) throws(TemplateReadError) {
            guard case .array(let items)? = o["data"] else {
                throw TemplateReadError(path: path.key("data"), reason: "the page's templates (an array); found \(o["data"]?.typeName ?? "nothing")")
            }
            for (i, item) in items.enumerated() { try add(item, at: path.key("data").index(i)) }
        }
        switch value {
        case .object(let o) where o["data"] != nil && o["name"] == nil:
            try page(o, at: .root)
        case .object:
            // One template on its own: a file holding a single exported template.
            try add(value, at: .root)
        case .array(let items):
            for (i, item) in items.enumerated() {
                // A page has `data` and no `name`; anything else is read as a template.
                if case .object(let o) = item, o["data"] != nil, o["name"] == nil {
                    try page(o, at: FieldPath.root.index(i))
                } else {
                    try add(item, at: FieldPath.root.index(i))
                }
            }
        default:
            throw TemplateReadError(path: .root, reason: "templates as an array, a page {\"data\": [...]}, or an array of pages; found \(value.typeName)")
        }
        return out
    }

    /// Parses and reads template JSON bytes (`readCollection`); a syntax error carries its
    /// line and column.
    public static func parseCollection(_ bytes: [UInt8]) throws(TemplateReadError) -> [StoredTemplate] {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw TemplateReadError(path: .root, reason: "not valid JSON: \(error)", position: SourcePosition(line: error.line, column: error.column))
        }
        return try readCollection(value)
    }
}

/// A template's identity on an account: its name and language.
public struct TemplateKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var name: String
    public var language: String

    public init(name: String, language: String) {
        self.name = name
        self.language = language
    }

    public static func < (a: TemplateKey, b: TemplateKey) -> Bool { (a.name, a.language) < (b.name, b.language) }

    /// `order_update (en_US)`.
    public var description: String { "\(name) (\(language))" }
}

/// Why template JSON cannot be read: the field at fault and what it must be.
public struct TemplateReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: FieldPath
    public var reason: String
    /// Where a syntax error is.
    public var position: SourcePosition?

    public init(path: FieldPath, reason: String, position: SourcePosition? = nil) {
        self.path = path
        self.reason = reason
        self.position = position
    }

    /// `data[3].language: required: the template's language`; a syntax error as is.
    public var description: String {
        path == .root ? reason : "\(path.display): \(reason)"
    }
}

extension JSONValue {
    /// The value as an error message shows it: short, never the whole of a large input.
    var describedShortly: String {
        switch self {
        case .string(let s): return s.isEmpty ? "an empty string" : s.utf8.count <= 60 ? "\"\(s)\"" : "a string of \(s.utf8.count) bytes"
        default: return typeName
        }
    }
}

extension TemplateLibrary {
    /// Stored templates read as definitions, for checking messages against them; a template
    /// the definition model cannot read is left out (it is listed as stored, and a message
    /// naming it is then said not to exist in the library).
    public init(stored: [StoredTemplate]) {
        self.init(stored.compactMap { try? TemplateDefinition(json: .object($0.json)) })
    }
}
