#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import History
import Providers
import WhatsAppModel
import Config

// The history file as the front ends use it: what they list, open, replay, export and compare
// goes through the session, which opens the file and knows its settings. The value types are
// History's, named here so a front end needs only `import Session`.

public typealias HistoryEntry = History.HistoryEntry
public typealias HistoryQuery = History.HistoryQuery
public typealias HistoryFilter = History.HistoryFilter
public typealias HistoryPage = History.HistoryPage
public typealias HistorySummary = History.HistorySummary
public typealias HistoryPayloadDiff = History.HistoryPayloadDiff
public typealias HistoryExportFormat = History.HistoryExport.Format
public typealias HistoryStats = History.HistoryStats
public typealias HistoryBrowseError = History.HistoryBrowseError
public typealias HistoryError = History.HistoryError
public typealias RetentionPolicy = History.RetentionPolicy

extension HistoryEntry {
    /// The entry as JSON (what `history show --json` and the JSON export print).
    public var json: JSONValue { HistoryExport.json(self) }
}

/// Why a history request cannot be answered.
public enum HistoryAccessError: Error, Sendable, CustomStringConvertible {
    /// History is off (`[history] enabled = false`).
    case disabled
    /// The file cannot be opened or read (damaged, foreign, newer, locked, …).
    case unreadable(HistoryError)
    case noEntry(Int64)
    /// The entry's message is not a message wacon can read any more.
    case unreadableMessage(Int64, String)

    public var description: String {
        switch self {
        case .disabled: return "no history file: history is off ([history] enabled = false in the config)"
        case .unreadable(let e): return e.description
        case .noEntry(let id): return "no history entry #\(id)"
        case .unreadableMessage(let id, let why): return "entry #\(id): \(why)"
        }
    }
}

extension WaconSession {
    /// The history file to write to, or why there is none.
    func requireHistory() throws(HistoryAccessError) -> HistoryStore {
        if let h = history { return h }
        if let problem = historyProblem { throw .unreadable(problem) }
        throw .disabled
    }

    /// The history file to read from: the one this session writes to if it is open, else the
    /// file opened read-only (nothing a read does changes it); nil when there is no file yet.
    /// The first read checks a small file whole, so damage is reported, not read around.
    func reader() throws(HistoryAccessError) -> HistoryStore? {
        guard settings.history.enabled else { throw .disabled }
        let store: HistoryStore
        if let open = openHistoryIfOpened() {
            store = open
        } else {
            do throws(HistoryError) {
                store = try readOnlyHistory()
            } catch {
                if case .missing = error { return nil }
                throw .unreadable(error)
            }
        }
        do throws(HistoryError) { try checkOnce(store) } catch { throw .unreadable(error) }
        return store
    }

    /// Entries newest first, as `filter` says.
    public func list(_ filter: HistoryFilter) throws(HistoryAccessError) -> [HistoryEntry] {
        guard let store = try reader() else { return [] }
        do throws(HistoryError) { return try store.list(filter) } catch { throw .unreadable(error) }
    }

    /// The profiles the recorded entries were sent with.
    public func historyProfiles() throws(HistoryAccessError) -> [String] {
        guard let store = try reader() else { return [] }
        do throws(HistoryError) { return try store.profiles() } catch { throw .unreadable(error) }
    }

    /// The history file is from an older wacon and was only read: it is upgraded (its failed
    /// statuses folded into the outcomes filters and counts see) the next time a command writes
    /// to it, such as a send.
    public func historyNeedsUpgrade() throws(HistoryAccessError) -> Bool {
        guard let store = try reader() else { return false }
        return store.fileSchemaVersion < HistoryStore.schemaVersion
    }

    /// One whole entry, statuses included.
    public func entry(_ id: Int64) throws(HistoryAccessError) -> HistoryEntry {
        guard let store = try reader() else { throw .noEntry(id) }
        let found: HistoryEntry?
        do throws(HistoryError) { found = try store.entry(id: id) } catch { throw .unreadable(error) }
        guard let found else { throw .noEntry(id) }
        return found
    }

    /// A page of light rows for a query typed as one line (the console's history pane).
    public func historyPage(_ query: HistoryQuery, before: Int64? = nil, limit: Int = 50) throws(HistoryAccessError) -> HistoryPage {
        guard let store = try reader() else { return HistoryPage(rows: [], nextBefore: nil) }
        do throws(HistoryError) { return try HistoryBrowser(store: store).page(query, before: before, limit: limit) } catch { throw .unreadable(error) }
    }

    /// What changed between two entries' payloads, and where first.
    public func payloadDiff(_ a: Int64, _ b: Int64) throws -> HistoryPayloadDiff {
        guard let store = try reader() else { throw HistoryAccessError.noEntry(a) }
        return try HistoryBrowser(store: store).payloadDiff(a: a, b: b)
    }

    /// The whole file checked page by page (`wacon history check`): nil when it is sound (or
    /// there is none yet), else what SQLite found.
    public func historyDamage() throws(HistoryAccessError) -> String? {
        guard settings.history.enabled else { throw .disabled }
        let store: HistoryStore
        do throws(HistoryError) {
            if let open = openHistoryIfOpened() { store = open } else { store = try readOnlyHistory() }
        } catch {
            if case .missing = error { return nil }
            if case .corrupt(_, let reason) = error { return reason }
            throw .unreadable(error)
        }
        do throws(HistoryError) { return try store.damage() } catch { throw .unreadable(error) }
    }

    /// The entries as a curl script, a HAR file or JSON.
    public func export(_ ids: [Int64], as format: HistoryExportFormat) throws(HistoryAccessError) -> String {
        var entries: [HistoryEntry] = []
        for id in ids { entries.append(try entry(id)) }
        return HistoryExport.text(entries, as: format)
    }

    /// Writes an export to `path` atomically, mode 0600; an existing file only when `replacing`.
    public nonisolated func writeExport(_ text: String, to path: String, replacing: Bool) throws(HistoryError) {
        try HistoryExport.write(text, to: path, replacing: replacing)
    }

    /// Writes an export to `path`, or the first free name after it; returns the path written.
    public nonisolated func writeNewExport(_ text: String, near path: String) throws(HistoryError) -> String {
        try HistoryExport.writeNew(text, near: path)
    }

    public func deleteEntries(_ ids: [Int64]) throws(HistoryAccessError) -> Int {
        let store = try requireHistory()
        do throws(HistoryError) { return try store.delete(ids: ids) } catch { throw .unreadable(error) }
    }

    public func deleteEntries(before date: Date) throws(HistoryAccessError) -> Int {
        let store = try requireHistory()
        do throws(HistoryError) { return try store.delete(before: date) } catch { throw .unreadable(error) }
    }

    /// Counts by gateway, outcome and code, after a quick check of the whole file (whatever its
    /// size): damage is reported, not counted around.
    public func historyStats() throws(HistoryAccessError) -> HistoryStats {
        guard let store = try reader() else { return HistoryStats() }
        do throws(HistoryError) {
            if let found = try store.damage(thorough: false) { throw HistoryError.corrupt(path: store.path, reason: found) }
            return try store.stats()
        } catch { throw .unreadable(error) }
    }

    /// Renames the settings' history file aside (with its -wal and -shm); nil when there is none.
    public nonisolated func moveHistoryAside() throws -> (from: String, to: String)? {
        let path = settings.historyPath
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return (path, try HistoryStore.moveAside(path))
    }

    // MARK: Replay

    /// The message of an entry and the vendor options it was sent with.
    public func opening(_ id: Int64) throws(HistoryAccessError) -> (entry: HistoryEntry, message: OutboundMessage, options: VendorOptions) {
        let e = try entry(id)
        do throws(MessageFileError) {
            return (e, try OutboundMessage.parse(e.message), HistoryDraft.options(from: e.options))
        } catch {
            throw .unreadableMessage(id, error.description)
        }
    }

    /// A job that sends entry `id` again through `profile` (the entry's own, or another gateway's
    /// or profile's): the same message and vendor options, and the entry's sandbox scenario when
    /// it goes to the same gateway's sandbox again, so a reproduced vendor error stays reproduced.
    public func replayJob(_ id: Int64, through profile: Profile) throws(HistoryAccessError) -> SendJob {
        let (e, message, options) = try opening(id)
        let sameGateway = profile.gateway.rawValue == e.gateway
        let keepsScenario = sameGateway && profile.isSandbox
        var job = SendJob(message: message, gateway: profile.gateway, profile: profile, options: options,
                          scenario: keepsScenario ? e.scenario : nil)
        if let scenario = e.scenario, !keepsScenario {
            let through = profile.isSandbox ? "\(profile.gateway.rawValue)'s sandbox" : "the real \(profile.gateway.rawValue)"
            job.notes.append("#\(id) ran under the \(e.gateway) sandbox scenario \(scenario); the replay through \(through) runs without it")
        }
        return job
    }
}
