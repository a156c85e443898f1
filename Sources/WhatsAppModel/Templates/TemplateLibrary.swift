/// The templates a business has: definitions looked up by name and language.
///
/// Built from the JSON Meta gives: an array of template objects (an export), one page of
/// `GET /{waba-id}/message_templates` (`{"data": [...], "paging": {...}}`), or an array of such
/// pages (a sync that followed `paging.next`). A template listed twice (same name and language)
/// keeps its last definition: a later page is the newer answer (plausible: Meta does not say
/// pages never repeat an entry).
public struct TemplateLibrary: Sendable, Hashable {
    /// The definitions, in the order first read (a replaced one keeps its place).
    public private(set) var definitions: [TemplateDefinition] = []
    /// The template objects that could not be read (no name, no language), each with its path;
    /// the rest of the library is still read.
    public private(set) var unreadable: [MessageDecodingError] = []
    /// Position in `definitions` by `name/language`.
    private var positions: [String: Int] = [:]

    public init(_ definitions: [TemplateDefinition] = []) {
        for d in definitions { add(d) }
    }

    /// Reads a library from any of the three shapes. Throws only when the JSON is none of them;
    /// a template object that cannot be read is listed in `unreadable` instead.
    public init(json: JSONValue) throws(MessageDecodingError) {
        switch json {
        case .object(let o) where o["data"] != nil:
            readPage(o, at: .root)
        case .array(let items):
            for (i, item) in items.enumerated() {
                if case .object(let o) = item, o["data"] != nil, o["name"] == nil {
                    readPage(o, at: FieldPath.root.index(i))
                } else {
                    read(item, at: FieldPath.root.index(i))
                }
            }
        case .object:
            // A single template object is a library of one.
            read(json, at: .root)
        default:
            throw MessageDecodingError(path: .root, reason: "expected a list of templates or Meta's page {\"data\": [...]}, found \(json.typeName)")
        }
    }

    private mutating func readPage(_ page: JSONObject, at path: FieldPath) {
        guard case .array(let items)? = page["data"] else {
            unreadable.append(MessageDecodingError(path: path.key("data"), reason: "expected the page's list of templates, found \(page["data"]?.typeName ?? "nothing")"))
            return
        }
        for (i, item) in items.enumerated() { read(item, at: path.key("data").index(i)) }
    }

    private mutating func read(_ item: JSONValue, at path: FieldPath) {
        do throws(MessageDecodingError) {
            add(try TemplateDefinition(json: item, at: path))
        } catch {
            unreadable.append(error)
        }
    }

    /// Adds a definition; one with the same name and language is replaced.
    public mutating func add(_ definition: TemplateDefinition) {
        if let i = positions[definition.key] {
            definitions[i] = definition
        } else {
            positions[definition.key] = definitions.count
            definitions.append(definition)
        }
    }

    /// The definition of `name` in `language`, matched exactly (Meta matches the code as
    /// written: `en` and `en_US` are two templates).
    public func definition(name: String, language: String) -> TemplateDefinition? {
        positions["\(name)/\(language)"].map { definitions[$0] }
    }

    /// The languages `name` exists in, in library order.
    public func languages(of name: String) -> [String] {
        definitions.filter { $0.name == name }.map(\.language)
    }

    /// The distinct template names, in library order.
    public var names: [String] {
        var seen: Set<String> = []
        return definitions.map(\.name).filter { seen.insert($0).inserted }
    }

    public var isEmpty: Bool { definitions.isEmpty }
    public var count: Int { definitions.count }

    /// The library as a JSON array of template objects, as Meta's API gives them.
    public var json: JSONValue { .array(definitions.map(\.json)) }

    public static func == (a: TemplateLibrary, b: TemplateLibrary) -> Bool { a.definitions == b.definitions && a.unreadable == b.unreadable }
    public func hash(into hasher: inout Hasher) { hasher.combine(definitions) }
}
