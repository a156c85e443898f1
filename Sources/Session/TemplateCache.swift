#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Providers
import WhatsAppModel

/// Where a profile's cached template library came from.
public enum TemplateSource: Sendable, Hashable, CustomStringConvertible {
    /// Read through the gateway's template-listing API (`wacon templates sync`).
    case sync
    /// Read from a file (`wacon templates import FILE`), named as it was given.
    case imported(file: String)

    /// `sync` or `import: FILE`, as the cache file stores it.
    public var description: String {
        switch self {
        case .sync: return "sync"
        case .imported(let file): return "import: \(file)"
        }
    }

    init?(stored text: String) {
        if text == "sync" { self = .sync } else if text.hasPrefix("import: ") { self = .imported(file: String(text.dropFirst(8))) } else { return nil }
    }
}

/// A profile's template library as the cache keeps it: the templates, when and how they were
/// read.
public struct CachedTemplates: Sendable, Hashable {
    /// The profile the library belongs to.
    public var profile: String
    /// When it was synced or imported.
    public var syncedAt: Date
    public var source: TemplateSource
    /// In the order the gateway listed them (or the file held them).
    public var templates: [StoredTemplate]

    public init(profile: String, syncedAt: Date, source: TemplateSource, templates: [StoredTemplate]) {
        self.profile = profile
        self.syncedAt = syncedAt
        self.source = source
        self.templates = templates
    }

    /// The templates named `name`, one per language.
    public func templates(named name: String) -> [StoredTemplate] { templates.filter { $0.name == name } }

    /// The templates read as definitions: what template messages are checked against.
    public var library: TemplateLibrary { TemplateLibrary(stored: templates) }

    /// `synced_at` as written: ISO 8601 in UTC, to the second.
    public var syncedAtText: String { Self.timestamp(syncedAt) }

    /// The cache file's content: `{"profile", "synced_at", "source", "templates"}`.
    public var json: JSONValue {
        ["profile": .string(profile), "synced_at": .string(syncedAtText), "source": .string(source.description),
         "templates": .array(templates.map { .object($0.json) })]
    }

    static func timestamp(_ date: Date) -> String {
        ISO8601.string(date)
    }

    /// Reads a cache file's content, naming the field at fault.
    static func read(_ value: JSONValue) throws(TemplateReadError) -> CachedTemplates {
        guard case .object(let o) = value else { throw TemplateReadError(path: .root, reason: "a library object; found \(value.typeName)") }
        guard let profile = o["profile"]?.stringValue else { throw TemplateReadError(path: "profile", reason: "required: the profile's name (a string)") }
        guard let text = o["synced_at"]?.stringValue, let date = ISO8601.date(text) else {
            throw TemplateReadError(path: "synced_at", reason: "required: a time in ISO 8601 such as 2026-12-01T21:00:00Z")
        }
        guard let sourceText = o["source"]?.stringValue, let source = TemplateSource(stored: sourceText) else {
            throw TemplateReadError(path: "source", reason: "required: \"sync\" or \"import: FILE\"")
        }
        guard case .array(let items)? = o["templates"] else { throw TemplateReadError(path: "templates", reason: "required: an array of templates") }
        var templates: [StoredTemplate] = []
        templates.reserveCapacity(items.count)
        for (i, item) in items.enumerated() { templates.append(try StoredTemplate.read(item, at: FieldPath("templates").index(i))) }
        return CachedTemplates(profile: profile, syncedAt: date, source: source, templates: templates)
    }
}

/// Why a cached library cannot be read or written.
public enum TemplateCacheError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file does not read as a library; it is left as it is.
    case damaged(path: String, reason: String)
    /// The folder or the file cannot be read or written.
    case storage(String)

    public var description: String {
        switch self {
        case .damaged(let path, let reason):
            return "\(path): not a template library wacon can read (\(reason)); it was left as it is: move it away, or sync or import again to replace it"
        case .storage(let message): return message
        }
    }
}

/// The template libraries in wacon's data folder, one file per profile
/// (`$XDG_DATA_HOME/wacon/templates/PROFILE.json`). Writes are atomic: a temporary file in the
/// folder, flushed, renamed into place, so a crash leaves the old library or the new one, mode
/// 0600 in a 0700 folder like the rest of the data.
public struct TemplateCache: Sendable {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    /// `$XDG_DATA_HOME/wacon/templates` (or `~/.local/share/wacon/templates`).
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        SavedMessages.dataFolder(environment: environment) + "/templates"
    }

    /// The file of `profile`'s library. A profile name is any string in the config, so what
    /// cannot be in a plain file name (`/`, a leading dot, control characters, `%`) is written
    /// as `%XX`: two profiles never share a file.
    public func path(for profile: String) -> String {
        var name = ""
        for byte in profile.utf8 {
            let c = Character(Unicode.Scalar(byte))
            let plain = byte < 0x80 && (c.isLetter || c.isNumber || c == "_" || c == "-" || (c == "." && !name.isEmpty))
            name += plain ? String(c) : "%" + NumberText.hexUpper(UInt32(byte), width: 2)
        }
        return folder + "/" + (name.isEmpty ? "%" : name) + ".json"
    }

    /// `profile`'s library; nil when it has none yet.
    public func load(profile: String) throws(TemplateCacheError) -> CachedTemplates? {
        let p = path(for: profile)
        guard FileManager.default.fileExists(atPath: p) else { return nil }
        guard let data = FileManager.default.contents(atPath: p) else { throw .storage("cannot read \(p)") }
        let value: JSONValue
        do { value = try JSONParser.parse(Array(data)) } catch { throw .damaged(path: p, reason: "not valid JSON: \(error)") }
        do { return try CachedTemplates.read(value) } catch { throw .damaged(path: p, reason: error.description) }
    }

    /// Writes `library` as its profile's file, replacing the one there.
    public func save(_ library: CachedTemplates) throws(TemplateCacheError) {
        let target = path(for: library.profile)
        if !FileManager.default.fileExists(atPath: folder) {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
                throw .storage("cannot create \(folder): \(FileProblem.text(error))")
            }
        }
        let bytes = JSONWriter.pretty(library.json) + [0x0A]
        let tmp = folder + "/.wacon-\(UUID().uuidString).tmp"
        let fd = open(tmp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .storage("cannot write in \(folder): \(Self.errnoText())") }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = Self.errnoText()
                    return
                }
                done += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = Self.errnoText() }
        close(fd)
        if failure == nil, rename(tmp, target) != 0 { failure = Self.errnoText() }
        guard failure == nil else {
            unlink(tmp)
            throw .storage("cannot write \(target): \(failure!)")
        }
        // Makes the rename itself durable.
        let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
