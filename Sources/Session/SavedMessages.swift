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

/// A saved draft: a Meta-format message plus, optionally, where wacon should send it.
///
/// The file is the message JSON a developer would POST to Meta, with wacon's settings in one
/// extra top-level member that is taken out before the message is read:
///
/// ```json
/// {
///   "wacon": {
///     "format": 1,
///     "gateway": "kaleyra",
///     "profile": "kaleyra-staging",
///     "options": { "ref": "campaign-7", "wa_source": "console" }
///   },
///   "messaging_product": "whatsapp",
///   "to": "+27123456789",
///   "type": "text",
///   "text": { "body": "Hello" }
/// }
/// ```
///
/// Every member of `wacon` is optional, and so is `wacon` itself: any plain Meta message file
/// (`examples/text.json`) opens as a saved message, and a saved message without settings is
/// written as plain Meta JSON. `options` takes the vendor option names `history` records:
/// `ref`, `ref1`, `ref2`, `wa_source` (Kaleyra), `post_back_url`, `post_back_data` (Zixflow).
/// `expect` says what sending it should come to, which makes the file a case for `wacon test`
/// (`CaseExpectation`).
/// Other members of `wacon` are kept and written back (a newer wacon's settings survive an
/// older one's save); an unknown option is an error, since options go on the wire.
public struct SavedMessage: Sendable, Hashable {
    /// The file format this build writes and reads.
    public static let format = 1

    public var message: OutboundMessage
    public var gateway: GatewayID?
    /// A profile name from the configuration.
    public var profile: String?
    public var options: VendorOptions
    /// What sending it should come to: the file is then a case `wacon test` runs.
    public var expect: CaseExpectation?
    /// Members of `wacon` this build does not know, kept for the next save.
    public var extra: JSONObject

    public init(message: OutboundMessage, gateway: GatewayID? = nil, profile: String? = nil, options: VendorOptions = VendorOptions(),
                expect: CaseExpectation? = nil, extra: JSONObject = [:]) {
        self.message = message
        self.gateway = gateway
        self.profile = profile
        self.options = options
        self.expect = expect
        self.extra = extra
    }

    /// Reads a saved message (or any Meta-format message file). Syntax errors carry the line
    /// and column in the file as written.
    public static func parse(_ bytes: [UInt8]) throws(MessageFileError) -> SavedMessage {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes, rejectDuplicateKeys: true) } catch { throw .syntax(error) }
        do { return try SavedMessage(json: value) } catch { throw .structure(error) }
    }

    /// Reads a saved message from a parsed file.
    public init(json: JSONValue) throws(MessageDecodingError) {
        guard case .object(var root) = json else {
            throw MessageDecodingError(path: .root, reason: "expected a message object, found \(json.typeName)")
        }
        // Taken out first: the message parser keeps unknown members and validation reports
        // them, and wacon's own settings are not part of the message.
        let settings = root["wacon"]
        root["wacon"] = nil
        self.init(message: try OutboundMessage(json: .object(root)))
        guard let settings else { return }
        guard case .object(let w) = settings else {
            throw MessageDecodingError(path: "wacon", reason: "expected an object of wacon settings (gateway, profile, options, expect), found \(settings.typeName)")
        }
        for (key, v) in w {
            let path = FieldPath("wacon").key(key)
            func string() throws(MessageDecodingError) -> String {
                guard let s = v.stringValue else { throw MessageDecodingError(path: path, reason: "expected a string, found \(v.typeName)") }
                return s
            }
            switch key {
            case "format":
                guard let n = v.intValue else { throw MessageDecodingError(path: path, reason: "expected a whole number, found \(v.typeName)") }
                if n > Self.format {
                    throw MessageDecodingError(path: path, reason: "written by a newer wacon (format \(n); this one reads up to \(Self.format))")
                }
            case "gateway":
                let name = try string()
                guard let g = GatewayID(rawValue: name) else {
                    throw MessageDecodingError(path: path, reason: "unknown gateway \"\(name)\"; gateways are \(GatewayID.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                gateway = g
            case "profile":
                profile = try string()
            case "options":
                guard case .object(let o) = v else { throw MessageDecodingError(path: path, reason: "expected an object, found \(v.typeName)") }
                options = try VendorOptions(json: o, at: path)
            case "expect":
                expect = try CaseExpectation(json: v, at: path)
            default:
                extra[key] = v
            }
        }
    }

    /// Members of `wacon` that some wacon reads (the console keeps its draft's editing state
    /// under `console`); others are kept but said.
    static let readMembers: Set<String> = ["format", "gateway", "profile", "options", "expect", "console"]

    /// Warnings for members of `wacon` this build does not read: they are kept for the next
    /// save, but a misplaced vendor option (`wacon.ref`, which belongs under `options`) would
    /// otherwise do nothing without a word.
    public var findings: [Finding] {
        let options = GatewayRegistry.optionKeys.map(\.name)
        return extra.keys.filter { !Self.readMembers.contains($0) }.map { key in
            let hint = options.contains(key) ? "; a vendor option goes under wacon.options (\"options\": {\"\(key)\": …})"
                : EditDistance.near(key, in: Self.readMembers.sorted()).first.map { "; did you mean \($0)?" } ?? ""
            return Finding(.warning, FieldPath("wacon").key(key), .unknownField,
                           "not a member wacon reads here (it reads format, gateway, profile, options, expect); it is kept as it is and does nothing\(hint)")
        }
    }

    /// True when there is nothing for the `wacon` member.
    public var hasSettings: Bool {
        gateway != nil || profile != nil || options != VendorOptions() || expect != nil || !extra.isEmpty
    }

    /// The file's JSON: `wacon` first (when there are settings), then the message in Meta's order.
    public var json: JSONValue {
        var o = JSONObject()
        if hasSettings {
            var w: JSONObject = ["format": .number(JSONNumber(Self.format))]
            w.set("gateway", gateway.map { .string($0.rawValue) })
            w.set("profile", profile.map(JSONValue.string))
            let opts = options.json
            if !opts.isEmpty { w.append("options", .object(opts)) }
            w.set("expect", expect?.json)
            for (k, v) in extra where w[k] == nil { w.append(k, v) }
            o.append("wacon", .object(w))
        }
        for (k, v) in message.jsonObject { o.append(k, v) }
        return .object(o)
    }

    /// The file's bytes: pretty JSON and a final newline.
    public var fileBytes: [UInt8] { JSONWriter.pretty(json) + [0x0A] }
}

/// One saved message in a listing.
public struct SavedMessageInfo: Sendable, Hashable {
    public var name: String
    public var modified: Date
    public var bytes: Int
    /// Nil when the file does not read as a message (then `problem` says why).
    public var kind: MessageKind?
    public var gateway: GatewayID?
    public var profile: String?
    public var problem: String?

    public init(name: String, modified: Date, bytes: Int, kind: MessageKind? = nil, gateway: GatewayID? = nil, profile: String? = nil, problem: String? = nil) {
        self.name = name
        self.modified = modified
        self.bytes = bytes
        self.kind = kind
        self.gateway = gateway
        self.profile = profile
        self.problem = problem
    }
}

/// Why a saved message could not be listed, read or written.
public enum SavedMessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name cannot be a file name.
    case badName(String, reason: String)
    case notFound(String)
    /// Another saved message has that name (nothing was overwritten).
    case exists(String)
    /// The file is there but is not a message.
    case unreadable(String, MessageFileError)
    /// The file system refused (permissions, disk full, …).
    case storage(String)

    public var description: String {
        switch self {
        case .badName(let n, let r): return "\"\(n)\" cannot be a saved message name: \(r)"
        case .notFound(let n): return "no saved message \"\(n)\""
        case .exists(let n): return "a saved message \"\(n)\" already exists"
        case .unreadable(let n, let e): return "saved message \"\(n)\": \(e)"
        case .storage(let m): return "saved messages: \(m)"
        }
    }
}

/// A folder of saved messages, one `NAME.json` file each. Writes are atomic (a temporary file,
/// flushed, then renamed or linked into place): a crash leaves the old file or the new one,
/// never half of one. Files are 0600 in a 0700 folder, like the history: they hold numbers.
public struct SavedMessages: Sendable {
    public let folder: String

    /// The longest name, in UTF-8 bytes (file names stop at 255; `.json` and room to spare).
    public static let maxNameBytes = 200

    public init(folder: String) { self.folder = folder }

    /// `$XDG_DATA_HOME/wacon/messages` (or `~/.local/share/wacon/messages`): saved messages
    /// are the user's data, next to the history, not configuration.
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        dataFolder(environment: environment) + "/messages"
    }

    /// `$XDG_DATA_HOME/wacon` (or `~/.local/share/wacon`): where wacon keeps the user's data.
    public static func dataFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FilePaths.home(environment) + "/.local/share"
        return base + "/wacon"
    }

    /// The name as stored: surrounding spaces and a typed `.json` dropped. A name that cannot
    /// be a plain file name in the folder is refused, never altered into another one.
    public static func validName(_ name: String) throws(SavedMessageError) -> String {
        var n = name.trimmed
        if n.lowercased().hasSuffix(".json") { n = String(n.dropLast(5)).trimmed }
        func bad(_ reason: String) -> SavedMessageError { .badName(name, reason: reason) }
        if n.isEmpty { throw bad("it is empty") }
        if n.contains("/") { throw bad("it contains '/' (a name cannot reach into another folder)") }
        if n.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { throw bad("it contains a control character") }
        if n.hasPrefix(".") { throw bad("it starts with '.' (hidden files are not listed)") }
        if n.utf8.count > maxNameBytes { throw bad("it is too long (\(n.utf8.count) bytes; at most \(maxNameBytes))") }
        return n
    }

    func path(_ name: String) -> String { folder + "/" + name + ".json" }

    /// Every saved message, by name (case-insensitive). A missing folder is an empty list. A
    /// file that does not read as a message is listed with its problem, so it can be fixed or
    /// deleted rather than vanish.
    public func list() throws(SavedMessageError) -> [SavedMessageInfo] {
        let fm = FileManager.default
        guard fm.fileExists(atPath: folder) else { return [] }
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: folder) } catch { throw .storage("cannot read \(folder): \(FileProblem.text(error))") }
        var out: [SavedMessageInfo] = []
        for file in names where file.hasSuffix(".json") && !file.hasPrefix(".") {
            let name = String(file.dropLast(5))
            var isFolder = false
            guard fm.fileExists(atPath: path(name), isDirectory: &isFolder), !isFolder,
                  let attributes = try? fm.attributesOfItem(atPath: path(name)) else { continue }
            var info = SavedMessageInfo(name: name, modified: attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0),
                                        bytes: (attributes[.size] as? Int) ?? 0)
            do {
                let m = try load(name)
                info.kind = m.message.kind
                info.gateway = m.gateway
                info.profile = m.profile
            } catch {
                info.problem = "\(error)"
            }
            out.append(info)
        }
        return out.sorted { ($0.name.lowercased(), $0.name) < ($1.name.lowercased(), $1.name) }
    }

    /// Reads one saved message.
    public func load(_ name: String) throws(SavedMessageError) -> SavedMessage {
        let name = try Self.validName(name)
        let bytes = try read(name)
        do { return try SavedMessage.parse(bytes) } catch { throw .unreadable(name, error) }
    }

    /// Saves `message` as `name` and returns the name as stored. An existing message of that
    /// name is replaced only when `replacing` (saving over the one that was opened); otherwise
    /// it is `exists`, and nothing is written.
    @discardableResult
    public func save(_ message: SavedMessage, as name: String, replacing: Bool = false) throws(SavedMessageError) -> String {
        let name = try Self.validName(name)
        try makeFolder()
        let tmp = try writeTemporary(message.fileBytes)
        defer { unlink(tmp) }
        if replacing {
            guard renameFile(tmp, path(name)) == 0 else { throw .storage("cannot write \(path(name)): \(Self.errnoText())") }
        } else {
            try linkNew(tmp, as: name)
        }
        syncFolder()
        return name
    }

    /// Renames a saved message; returns the new name as stored. An existing message of the new
    /// name is never overwritten.
    @discardableResult
    public func rename(_ name: String, to newName: String) throws(SavedMessageError) -> String {
        let from = try Self.validName(name)
        let to = try Self.validName(newName)
        guard from != to else {
            _ = try read(from)
            return to
        }
        guard FileManager.default.fileExists(atPath: path(from)) else { throw .notFound(from) }
        if from.lowercased() == to.lowercased() {
            // A change of case only: on a case-insensitive disk both names are one file.
            guard renameFile(path(from), path(to)) == 0 else { throw .storage("cannot rename \(from): \(Self.errnoText())") }
        } else {
            try linkNew(path(from), as: to)
            unlink(path(from))
        }
        syncFolder()
        return to
    }

    /// Copies a saved message to the first free name of `NAME copy`, `NAME copy 2`, … and
    /// returns it. Duplicating `NAME copy` gives `NAME copy 2`, not `NAME copy copy`.
    @discardableResult
    public func duplicate(_ name: String) throws(SavedMessageError) -> String {
        let name = try Self.validName(name)
        let tmp = try writeTemporary(try read(name))
        defer { unlink(tmp) }
        let base = Self.copyBase(name)
        for n in 1...10_000 {
            var candidate = base + (n == 1 ? " copy" : " copy \(n)")
            if candidate.utf8.count > Self.maxNameBytes {
                // Room for the suffix: cut the base at a character boundary.
                var cut = Substring(base)
                while cut.utf8.count + candidate.utf8.count - base.utf8.count > Self.maxNameBytes { cut = cut.dropLast() }
                candidate = String(cut) + String(candidate.dropFirst(base.count))
            }
            do throws(SavedMessageError) {
                try linkNew(tmp, as: candidate)
                syncFolder()
                return candidate
            } catch .exists {
                continue
            }
        }
        throw .storage("no free name for a copy of \(name)")
    }

    /// Deletes a saved message.
    public func delete(_ name: String) throws(SavedMessageError) {
        let name = try Self.validName(name)
        guard unlink(path(name)) == 0 else {
            if errno == ENOENT { throw .notFound(name) }
            throw .storage("cannot delete \(path(name)): \(Self.errnoText())")
        }
        syncFolder()
    }

    // MARK: Files

    /// `NAME` for `NAME`, `NAME copy` and `NAME copy 7`.
    static func copyBase(_ name: String) -> String {
        var s = Substring(name)
        if let r = s.lastRange(of: " copy") {
            let tail = s[r.upperBound...]
            if tail.isEmpty || (tail.first == " " && tail.dropFirst().allSatisfy(\.isASCIIDigit) && tail.count > 1) {
                s = s[..<r.lowerBound]
            }
        }
        return s.isEmpty ? name : String(s)
    }

    private func read(_ name: String) throws(SavedMessageError) -> [UInt8] {
        let p = path(name)
        guard FileManager.default.fileExists(atPath: p) else { throw .notFound(name) }
        guard let data = FileManager.default.contents(atPath: p) else { throw .storage("cannot read \(p)") }
        return Array(data)
    }

    private func makeFolder() throws(SavedMessageError) {
        guard !FileManager.default.fileExists(atPath: folder) else { return }
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
            throw .storage("cannot create \(folder): \(FileProblem.text(error))")
        }
    }

    /// Writes `bytes` to a new hidden file in the folder (so the rename stays on one file
    /// system), flushed to disk; returns its path. Removed again if anything fails.
    private func writeTemporary(_ bytes: [UInt8]) throws(SavedMessageError) -> String {
        try makeFolder()
        let tmp = folder + "/.wacon-\(UUID().uuidString).tmp"
        let fd = open(tmp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .storage("cannot write in \(folder): \(Self.errnoText())") }
        var ok = true
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 { if errno == EINTR { continue }; ok = false; return }
                done += n
            }
        }
        let message = ok ? "" : Self.errnoText()
        if ok && fsync(fd) != 0 { ok = false }
        close(fd)
        guard ok else {
            unlink(tmp)
            throw .storage("cannot write in \(folder): \(message.isEmpty ? Self.errnoText() : message)")
        }
        return tmp
    }

    /// Puts `source` in place as `name` only if that name is free: `link` fails on an
    /// existing name atomically, where "check, then rename" could overwrite a file another
    /// wacon just saved. File systems without hard links fall back to check-then-rename.
    private func linkNew(_ source: String, as name: String) throws(SavedMessageError) {
        let target = path(name)
        if link(source, target) == 0 { return }
        let e = errno
        if e == EEXIST { throw .exists(name) }
        guard [EPERM, ENOTSUP, EOPNOTSUPP, EMLINK].contains(e) else { throw .storage("cannot write \(target): \(String(cString: strerror(e)))") }
        if FileManager.default.fileExists(atPath: target) { throw .exists(name) }
        guard renameFile(source, target) == 0 else { throw .storage("cannot write \(target): \(Self.errnoText())") }
    }

    /// Makes the rename itself durable.
    private func syncFolder() {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// `rename(2)`, out of reach of `SavedMessages.rename(_:to:)`'s name.
private func renameFile(_ from: String, _ to: String) -> Int32 { rename(from, to) }
