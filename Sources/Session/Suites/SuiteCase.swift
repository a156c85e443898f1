import Config
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import History
import Providers
import WhatsAppModel

/// One case of a suite, ready to run: a saved message with its expectation, through one
/// gateway and profile, for one data row. A file that could not be read becomes a case with
/// its `problem`, so a run reports it rather than skips it.
public struct SuiteCase: Sendable, Identifiable {
    /// The position in the run (from 0): results come back in this order.
    public var id: Int
    /// The file as found (a path as given, or under the folder given).
    public var file: String
    /// The gateway, when the run goes through several or the case names one.
    public var gateway: GatewayID?
    /// The data row (from 1), when the run has data.
    public var row: Int?
    /// The message and its expectation (nil with a `problem`).
    public var saved: SavedMessage?
    /// The profile it is sent through (a built-in sandbox one unless the run names a profile).
    public var profile: Profile?
    /// Why the case cannot run: the file, its JSON, its expectation or its data row.
    public var problem: String?
    /// `given.templates`, read: the sandbox's library gains them for the send.
    public var templates: [StoredTemplate] = []
    /// `given.flow`, read: registered on the sandbox under the message's `flow_id`.
    public var flow: FlowDocument?
    /// The case sets up no customer, but another case of the run sets up its recipient: it
    /// runs in that customer's line, after the customer is put back as the sandbox starts
    /// them, so its verdict is the one it has alone.
    public var sharesCustomer = false

    public init(id: Int, file: String, gateway: GatewayID? = nil, row: Int? = nil, saved: SavedMessage? = nil, profile: Profile? = nil, problem: String? = nil) {
        self.id = id
        self.file = file
        self.gateway = gateway
        self.row = row
        self.saved = saved
        self.profile = profile
        self.problem = problem
    }

    /// `suites/kaleyra-e110.json [kaleyra] #3`: the file, the gateway and the row.
    public var name: String {
        var s = file
        if let gateway { s += " [\(gateway.rawValue)]" }
        if let row { s += " #\(row)" }
        return s
    }

    /// What the case expects (a file without `expect` expects its message to be accepted).
    public var expectation: CaseExpectation { saved?.expect ?? CaseExpectation() }

    /// The recipient whose sandbox record the case changes or depends on (a customer set up, a
    /// reply played): cases that share one run one after another, in file order.
    var customerKey: String? {
        guard let saved, let setup = saved.expect?.given, setup.customer != nil || saved.expect?.reply != nil else { return nil }
        return recipientKey
    }

    /// The recipient, as customers are told apart.
    var recipientKey: String? { saved.map { HistoryStore.customer($0.message.recipientText) } }
}

/// What to run: the files and folders given, the gateways, the profile, the data.
public struct SuitePlan: Sendable {
    public var cases: [SuiteCase]
    /// Said before the run: JSON files in the folders that are not cases (no `wacon` object).
    public var notes: [String]

    public init(cases: [SuiteCase], notes: [String] = []) {
        self.cases = cases
        self.notes = notes
    }

    /// True when some case sends through a profile that is not a sandbox (the user confirms).
    public var reachesRealGateways: Bool { cases.contains { !($0.profile?.isSandbox ?? true) } }
}

/// Why a run cannot start (a path, the data file, the profile).
public struct SuitePlanError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Finds the cases in files and folders and makes them ready to run.
public struct SuiteLoader: Sendable {
    /// The largest case file read, in bytes.
    public static let maxFileBytes = 4 << 20
    /// The most cases one run takes (files × gateways × rows).
    public static let maxCases = 1_000_000

    public var config: Config
    /// `-g`: run each case through each of these (empty: the case's own gateway, else Meta).
    public var gateways: [GatewayID]
    /// `-p`: the profile every case is sent through (nil: the built-in sandbox profile of
    /// each case's gateway; a case file's own `profile` is not used, so a suite never reaches a
    /// real gateway unless the run names one).
    public var profile: String?
    public var data: CaseData?

    public init(config: Config, gateways: [GatewayID] = [], profile: String? = nil, data: CaseData? = nil) {
        self.config = config
        self.gateways = gateways
        self.profile = profile
        self.data = data
    }

    /// The cases in `paths`, in order: each path as given; a folder's `.json` files by path,
    /// its subfolders included, hidden ones skipped. In a folder, a JSON file without a
    /// `wacon` object is a support file (a template library, a Flow), not a case; a file named
    /// on its own is always a case.
    public func plan(_ paths: [String]) throws(SuitePlanError) -> SuitePlan {
        guard !paths.isEmpty else { throw SuitePlanError("no files or folders to run") }
        var files: [(path: String, named: Bool)] = []
        let fm = FileManager.default
        for path in paths {
            var isFolder = false
            guard fm.fileExists(atPath: path, isDirectory: &isFolder) else { throw SuitePlanError("\(path): no such file or folder") }
            if isFolder {
                files += Self.jsonFiles(in: path).map { ($0, false) }
            } else {
                files.append((path, true))
            }
        }
        var cases: [SuiteCase] = []
        var supportCache: [String: Result<(templates: [StoredTemplate], flow: FlowDocument?), SuitePlanError>] = [:]
        var supportFiles = 0
        // A file named twice (or named and inside a folder named) runs once, where first found.
        var seen = Set<String>()
        files = files.filter { seen.insert(URL(fileURLWithPath: $0.path).standardizedFileURL.resolvingSymlinksInPath().path).inserted }
        for (path, named) in files {
            let read = Self.read(path)
            // A `wacon` member that is not an object is a case with a problem, not a support file.
            if case .success(let json) = read, !named, json["wacon"] == nil {
                supportFiles += 1
                continue
            }
            let rows: [[String: String]?] = data.map { d in (0..<d.rows.count).map { d.row($0) } } ?? [nil]
            for (r, row) in rows.enumerated() {
                let saved: Result<SavedMessage, SuitePlanError> = read.flatMap { json in Self.savedMessage(json, row: row, data: data, file: path) }
                for gateway in targetGateways(saved) {
                    guard cases.count < Self.maxCases else { throw SuitePlanError("more than \(Self.maxCases) cases (files × gateways × data rows)") }
                    var c = SuiteCase(id: cases.count, file: path, gateway: gateway.shown, row: row == nil ? nil : r + 1)
                    switch saved {
                    case .failure(let e): c.problem = e.description
                    case .success(let s):
                        c.saved = s
                        do {
                            var p = try resolve(gateway.id, saved: s, file: path)
                            if let setup = s.expect?.given {
                                // Read once per file, not once per row and gateway (a CSV of
                                // 100,000 rows would parse the same library 100,000 times).
                                let key = [path, setup.templates ?? "", setup.flow ?? ""].joined(separator: "\u{0}")
                                let support = supportCache[key] ?? Result { () throws(SuitePlanError) in try Self.support(setup, file: path) }
                                supportCache[key] = support
                                (c.templates, c.flow) = try support.get()
                                if !c.templates.isEmpty { p.templates = TemplateLibrary(stored: c.templates) }
                            }
                            c.profile = p
                        } catch let e as SuitePlanError {
                            c.problem = e.description
                        } catch {
                            c.problem = "\(path): \(error)"
                        }
                    }
                    cases.append(c)
                }
            }
        }
        guard !cases.isEmpty else {
            throw SuitePlanError("no cases in \(paths.joined(separator: ", ")) (a case is a saved message: a JSON file with a \"wacon\" object)")
        }
        var notes: [String] = []
        if supportFiles > 0 {
            notes.append("\(supportFiles) JSON file\(supportFiles == 1 ? "" : "s") without a \"wacon\" object \(supportFiles == 1 ? "was" : "were") not run "
                         + "(support files such as template libraries and Flows; name a file on its own to run it as a case)")
        }
        return SuitePlan(cases: cases, notes: notes)
    }

    /// The gateways a case runs through: `-g`'s (named in the case's label), else its own or
    /// the profile's (not named).
    private func targetGateways(_ saved: Result<SavedMessage, SuitePlanError>) -> [(id: GatewayID?, shown: GatewayID?)] {
        if !gateways.isEmpty { return gateways.map { ($0, gateways.count > 1 ? $0 : nil) } }
        // A named profile is for one gateway: it decides.
        if profile != nil { return [(nil, nil)] }
        if case .success(let s) = saved, let g = s.gateway { return [(g, nil)] }
        return [(.meta, nil)]
    }

    private func resolve(_ gateway: GatewayID?, saved: SavedMessage, file: String) throws(TargetChoiceError) -> Profile {
        // The file's gateway has been taken into `gateway`; its profile never is (see `profile`).
        try TargetChoice(gateway: gateway?.rawValue, profile: profile).resolve(in: config)
    }

    /// What `given` names, read from the files beside the case.
    static func support(_ setup: CaseSetup, file: String) throws(SuitePlanError) -> (templates: [StoredTemplate], flow: FlowDocument?) {
        var templates: [StoredTemplate] = []
        var flow: FlowDocument?
        if let t = setup.templates {
            let full = relative(t, to: file)
            guard let b = bytes(full) else { throw SuitePlanError("\(file): wacon.expect.given.templates: cannot read \(full)") }
            do { templates = try StoredTemplate.parseCollection(b) } catch { throw SuitePlanError("\(file): wacon.expect.given.templates: \(full): \(error)") }
        }
        if let f = setup.flow {
            let full = relative(f, to: file)
            guard let b = bytes(full) else { throw SuitePlanError("\(file): wacon.expect.given.flow: cannot read \(full)") }
            do { flow = try FlowDocument.parse(b, fileName: full) } catch { throw SuitePlanError("\(file): wacon.expect.given.flow: \(error)") }
        }
        return (templates, flow)
    }

    /// The message of `json` with the row filled in and addressed to its `to`.
    static func savedMessage(_ json: JSONValue, row: [String: String]?, data: CaseData?, file: String) -> Result<SavedMessage, SuitePlanError> {
        do {
            var value = json
            if let row, let data { value = try CaseData.fill(json, with: row, source: data.source) }
            var saved = try SavedMessage(json: value)
            // A misspelt member (`expct`, `gatway`) would run the case with nothing checked,
            // or through the wrong gateway: in a case file it is an error, not a warning.
            if let f = saved.findings.first(where: { $0.rule == .unknownField }) {
                return .failure(SuitePlanError("\(file): \(f.path.display): \(f.message)"))
            }
            if let to = row?["to"] { saved.message.address(to: to) }
            return .success(saved)
        } catch {
            // A placeholder left as it is reads as a wrong value: say where it was meant to come from.
            let hint = data == nil && error.reason.contains("{{") ? " ({{…}} is a column of a data file: run it with --data FILE.csv)" : ""
            return .failure(SuitePlanError("\(file): \(error.description)\(hint)"))
        }
    }

    /// The file's JSON, or why it cannot be read.
    static func read(_ path: String) -> Result<JSONValue, SuitePlanError> {
        guard let b = bytes(path) else { return .failure(SuitePlanError("\(path): cannot read the file, or it is larger than \(maxFileBytes) bytes")) }
        do { return .success(try JSONParser.parse(b, rejectDuplicateKeys: true)) } catch {
            return .failure(SuitePlanError("\(path): not valid JSON at \(error)"))
        }
    }

    /// A file's bytes, nil when it cannot be read or is too large.
    static func bytes(_ path: String) -> [UInt8]? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              ((attributes[.size] as? Int) ?? 0) <= maxFileBytes,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        return Array(data)
    }

    /// `path` read from the folder of `file` (an absolute path stays as it is).
    public static func relative(_ path: String, to file: String) -> String {
        if path.hasPrefix("/") { return path }
        let folder = FilePaths.folder(file)
        return folder.isEmpty ? path : folder + "/" + path
    }

    /// The `.json` files under `folder`, by path; hidden files and folders are skipped.
    static func jsonFiles(in folder: String) -> [String] {
        var visited = Set<String>()
        return jsonFiles(in: folder, visited: &visited)
    }

    /// Each folder is read once, by its real path: a link back up the tree ends there.
    private static func jsonFiles(in folder: String, visited: inout Set<String>) -> [String] {
        guard visited.insert(URL(fileURLWithPath: folder).resolvingSymlinksInPath().path).inserted else { return [] }
        var out: [String] = []
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var isFolder = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            if isFolder { out += jsonFiles(in: path, visited: &visited) } else if name.lowercased().hasSuffix(".json") { out.append(path) }
        }
        return out
    }
}
