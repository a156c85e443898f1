#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite
import Providers
import WhatsAppModel

/// Why the history file cannot be used. None of these ever overwrites the file.
public enum HistoryError: Error, Sendable, CustomStringConvertible {
    /// Not an SQLite database (damaged, or some other file).
    case corrupt(path: String, reason: String)
    /// An SQLite database, but not wacon's.
    case foreign(path: String)
    /// A wacon history from a newer wacon.
    case newerSchema(path: String, version: Int, supported: Int)
    /// SQLite refused a write (disk full, read-only, …).
    case storage(String)
    /// No history file yet (read-only opening never creates one).
    case missing(path: String)
    /// An export's file exists and was not to be replaced.
    case exists(String)

    public var description: String {
        switch self {
        case .corrupt(let p, let r):
            return "\(p) is damaged or not a history file (SQLite: \(r)); it was left untouched. `wacon history move-aside` renames it so a new one can start."
        case .foreign(let p):
            return "\(p) is an SQLite database that wacon did not create; it was left untouched. `wacon history move-aside` renames it."
        case .newerSchema(let p, let v, let s):
            return "\(p) was written by a newer wacon (schema \(v), this one reads up to \(s)); it was left untouched. Upgrade wacon, or `wacon history move-aside`."
        case .storage(let m): return "history: \(m)"
        case .missing(let p): return "no history file at \(p) yet: nothing has been recorded"
        case .exists(let p): return "\(p) exists and was left as it was (--force replaces it)"
        }
    }
}

/// Which entries to list.
public struct HistoryFilter: Sendable, Hashable {
    public var gateway: String?
    public var profile: String?
    /// An outcome (`HistoryEntry.outcomes`: `accepted`, `failed`, `rejected`, …) or a category
    /// (`balance`, `window`, …).
    public var outcome: String?
    public var category: String?
    public var vendorCode: String?
    /// Any dialable format, matched by its digits as a prefix: `+27` is every South African
    /// number, `+27 82 555 0100` that one.
    public var recipient: String?
    /// A kind (`interactive.list`), or a family that matches each of its kinds (`interactive`
    /// is every `interactive.*`).
    public var kind: String?
    /// One entry by its id.
    public var id: Int64?
    public var since: Date?
    public var until: Date?
    /// Full-text search over bodies, vendor messages, codes, ids and recipients.
    public var search: String?
    public var limit: Int = 50
    /// Paging: only entries older than this id.
    public var beforeID: Int64?

    public init() {}
}

/// Retention: the oldest entries go once either cap is passed.
public struct RetentionPolicy: Sendable, Hashable {
    public var maxEntries: Int
    public var maxBytes: Int
    /// Response bodies are kept up to this many bytes (flagged when cut).
    public var bodyCap: Int

    /// A year of heavy QA use: a few thousand sends a day (1,000,000 entries take about 2.5 GiB).
    public static let `default` = RetentionPolicy(maxEntries: 1_000_000, maxBytes: 3 * 1_073_741_824, bodyCap: 64 * 1024)

    /// At most this many entries go in one pass, so the maintenance after a send stays short
    /// (a few hundred ms); a large excess is worked off over the following sends.
    public static let maxDeletionsPerPass = 5_000

    public init(maxEntries: Int, maxBytes: Int, bodyCap: Int) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
        self.bodyCap = bodyCap
    }
}

/// The local history file: every exchange, searchable, replayable, exportable. SQLite in WAL
/// mode through its C API (`SQLitePool`); the file is 0600 in a 0700 folder; a versioned schema with migrations.
public final class HistoryStore: Sendable {
    /// `PRAGMA application_id` of wacon history files ("WACN").
    public static let applicationID: Int32 = 0x5741_434E
    /// The schema this build writes and reads (and the oldest it reads without upgrading).
    public static let schemaVersion = 3

    /// The schema of the file as opened: `schemaVersion` once opened for writing (it is
    /// upgraded then); an older one when a read-only opening found an older file.
    public let fileSchemaVersion: Int

    public let path: String
    /// A pool of connections, or one read-only connection for the commands that only read.
    let pool: any SQLiteDatabase
    /// Opened read-only: nothing it does can change the file.
    public let isReadOnly: Bool

    /// `$XDG_DATA_HOME/wacon/history.sqlite` (or `~/.local/share/…`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FilePaths.home(environment) + "/.local/share"
        return base + "/wacon/history.sqlite"
    }

    /// Opens an existing history at `path` to read it: nothing is created, migrated or written
    /// (not even the file's header), so a read-only command leaves a healthy or a damaged file
    /// byte for byte as it was. A damaged, foreign or newer file is an error naming the way out.
    public init(readingAt path: String) throws(HistoryError) {
        self.path = path
        self.isReadOnly = true
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path) }
        fileSchemaVersion = try Self.checkIdentity(path)
        do { pool = try SQLiteSerialConnection(path: path, configuration: SQLiteConfiguration(readonly: true, busyTimeout: .seconds(10))) } catch {
            throw Self.failure(error, "cannot open", path: path)
        }
    }

    /// Opens (or creates) the history at `path`. A file that is not a wacon history is never
    /// touched: it is an error naming the way out.
    public init(path: String, maxPageCount: Int? = nil) throws(HistoryError) {
        self.path = path
        self.isReadOnly = false
        let fm = FileManager.default
        let folder = FilePaths.folder(path)
        if !folder.isEmpty, !fm.fileExists(atPath: folder) {
            do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
                throw .storage("cannot create \(folder): \(error)")
            }
        }
        // Create exclusively (never truncate a file another process just made), 0600 from the start.
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd >= 0 {
            close(fd)
        } else if errno != EEXIST {
            throw .storage("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        _ = try Self.checkIdentity(path)
        fileSchemaVersion = Self.schemaVersion
        // Two wacon processes recording at once wait for each other (the busy timeout).
        let config = SQLiteConfiguration(busyTimeout: .seconds(10)) { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // WAL + NORMAL: a committed entry survives a crashed or killed process (kill -9);
            // only a power cut can lose the newest commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // No checkpoint inside a send's commit (it is what made append p99 spike): the WAL
            // is folded back by `maintain`, which front ends run after sends, off the send path.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            if let maxPageCount { try db.execute(sql: "PRAGMA max_page_count = \(maxPageCount)") }
        }
        do {
            let opened = try Self.openPool(path, config)
            try Self.migrate(opened)
            pool = opened
        } catch let e as HistoryError {
            throw e
        } catch {
            throw .storage("cannot open \(path): \(error)")
        }
    }

    /// The error for a failed SQLite call: damage (SQLite's "malformed", "not a database") is
    /// `corrupt`, with the way out; anything else says what could not be done.
    static func failure(_ error: any Error, _ what: String, path: String) -> HistoryError {
        if let e = error as? HistoryError { return e }
        if let e = error as? SQLiteError, [SQLITE_CORRUPT, SQLITE_NOTADB].contains(e.resultCode) {
            return .corrupt(path: path, reason: e.message)
        }
        return .storage("\(what): \(error)")
    }

    /// Opens the pool. Switching a file to WAL takes a moment's exclusive lock, and SQLite
    /// answers "locked" at once (no busy wait) when another wacon holds the file just then, as
    /// when two processes open a new history together: that is retried for up to 10 s.
    static func openPool(_ path: String, _ config: SQLiteConfiguration) throws(SQLiteError) -> SQLitePool {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        var pause = Duration.milliseconds(5)
        while true {
            let failure: SQLiteError
            do { return try SQLitePool(path: path, configuration: config) } catch { failure = error }
            guard failure.resultCode == SQLITE_BUSY || failure.resultCode == SQLITE_LOCKED, clock.now + pause < deadline else { throw failure }
            CurrentThread.sleep(pause)
            pause = min(pause * 2, .milliseconds(200))
        }
    }

    /// Refuses damaged, foreign and newer files before anything writes to them, and returns the
    /// file's schema version (0 for a new, empty file). A file that is busy (another wacon is
    /// creating it) is waited for, never taken for damaged.
    static func checkIdentity(_ path: String) throws(HistoryError) -> Int {
        do {
            let q = try SQLiteSerialConnection(path: path, configuration: SQLiteConfiguration(readonly: true, busyTimeout: .seconds(10)))
            defer { q.close() }
            let (app, version, tables) = try q.read { db in
                (try db.value(Int32.self, sql: "PRAGMA application_id") ?? 0,
                 try db.value(Int.self, sql: "PRAGMA user_version") ?? 0,
                 try db.value(Int.self, sql: "SELECT count(*) FROM sqlite_master") ?? 0)
            }
            if app == 0 && tables == 0 { return 0 }  // empty: ours to initialise
            if app != applicationID { throw HistoryError.foreign(path: path) }
            if version > schemaVersion { throw HistoryError.newerSchema(path: path, version: version, supported: schemaVersion) }
            return version
        } catch let e as HistoryError {
            throw e
        } catch let e as SQLiteError where [SQLITE_NOTADB, SQLITE_CORRUPT].contains(e.resultCode) {
            throw .corrupt(path: path, reason: e.message)
        } catch {
            throw .storage("cannot read \(path): \(error)")
        }
    }

    /// The schema, one step per version. Each step runs in `BEGIN IMMEDIATE` (so two processes
    /// opening a new file at once take turns) and sets the version and wacon's application id in
    /// the same transaction: a crash leaves either the old schema or the new one, never half.
    static let migrations: [(version: Int, apply: @Sendable (SQLiteConnection) throws -> Void)] = [
        (1, { try $0.execute(sql: schemaV1) }),
        // 2: a send that was accepted and then failed by a delivery status ends as `failed`.
        (2, foldFailedStatuses),
        // 3: the customer's side: their messages and the other webhook events.
        (3, { try $0.execute(sql: schemaV3) }),
    ]

    static func migrate(_ pool: SQLitePool) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")  // takes effect on a new, empty file
            for step in migrations {
                try db.execute(sql: "BEGIN IMMEDIATE")
                do {
                    let current = try db.value(Int.self, sql: "PRAGMA user_version") ?? 0
                    if current < step.version {
                        try step.apply(db)
                        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
                        try db.execute(sql: "PRAGMA user_version = \(step.version)")
                    }
                    try db.execute(sql: "COMMIT")
                } catch {
                    try? db.execute(sql: "ROLLBACK")
                    throw error
                }
            }
        }
    }

    /// Renames a history file (and its -wal and -shm) aside; returns the new name.
    public static func moveAside(_ path: String, now: Date = Date()) throws -> String {
        let target = "\(path).broken-\(WallClock.local.format(now, "yyyyMMdd-HHmmss"))"
        try FileManager.default.moveItem(atPath: path, toPath: target)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.moveItem(atPath: path + suffix, toPath: target + suffix)
        }
        return target
    }

    static let schemaV1 = """
                CREATE TABLE entry (
                    id INTEGER PRIMARY KEY,
                    created_at INTEGER NOT NULL,
                    gateway TEXT NOT NULL,
                    profile TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    recipient_digits TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    category TEXT,
                    vendor_code TEXT,
                    vendor_message TEXT,
                    message_id TEXT,
                    request_id TEXT,
                    http_status INTEGER,
                    retry TEXT,
                    scenario TEXT,
                    attempts INTEGER NOT NULL,
                    headers_ms REAL,
                    total_ms REAL,
                    message TEXT NOT NULL,
                    options TEXT,
                    findings TEXT,
                    request TEXT,
                    response_status INTEGER,
                    response_headers TEXT,
                    response_body BLOB,
                    response_bytes INTEGER,
                    response_truncated INTEGER NOT NULL DEFAULT 0,
                    failure TEXT,
                    bytes INTEGER NOT NULL
                );
                CREATE INDEX entry_gateway ON entry(gateway, id);
                CREATE INDEX entry_profile ON entry(profile, id);
                CREATE INDEX entry_outcome ON entry(outcome, id);
                CREATE INDEX entry_category ON entry(category, id);
                CREATE INDEX entry_code ON entry(vendor_code, id);
                CREATE INDEX entry_recipient ON entry(recipient_digits, id);
                CREATE INDEX entry_kind ON entry(kind, id);
                CREATE INDEX entry_created ON entry(created_at);
                CREATE INDEX entry_message_id ON entry(message_id);
                CREATE INDEX entry_request_id ON entry(request_id);
                CREATE TABLE status (
                    id INTEGER PRIMARY KEY,
                    entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
                    message_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    at INTEGER,
                    errors TEXT,
                    raw TEXT,
                    received_at INTEGER NOT NULL
                );
                CREATE INDEX status_entry ON status(entry_id);
                CREATE VIRTUAL TABLE entry_fts USING fts5(recipient, codes, message, body, tokenize = 'unicode61');
                CREATE TABLE counters (one INTEGER PRIMARY KEY CHECK (one = 1), entries INTEGER NOT NULL, bytes INTEGER NOT NULL);
                INSERT INTO counters VALUES (1, 0, 0);
                CREATE TRIGGER entry_ai AFTER INSERT ON entry BEGIN
                    UPDATE counters SET entries = entries + 1, bytes = bytes + new.bytes;
                END;
                CREATE TRIGGER entry_ad AFTER DELETE ON entry BEGIN
                    DELETE FROM entry_fts WHERE rowid = old.id;
                    UPDATE counters SET entries = entries - 1, bytes = bytes - old.bytes;
                END;
                """

    /// Schema 3: the customers' messages (`inbound`) and the other webhook events
    /// (`webhook_event`), each filed under the exchange (entry) it belongs to.
    ///
    /// Both go with their entry (`ON DELETE CASCADE`, as statuses do): retention then bounds
    /// them with the entries, and deleting an exchange deletes all of it. A row that belongs to
    /// no entry (`entry_id` NULL: "loose") is bounded on its own by `enforce`. The customer's
    /// words are searchable in one place each: in the entry's `entry_fts` row once the message
    /// belongs to one, else in `inbound_fts` (moved when a later send takes it in).
    /// `counters.bytes` counts their bytes too; `inbound`, `events` and `loose` count rows.
    static let schemaV3 = """
                CREATE TABLE inbound (
                    id INTEGER PRIMARY KEY,
                    message_id TEXT UNIQUE,
                    gateway TEXT NOT NULL,
                    customer TEXT NOT NULL,
                    customer_user_id TEXT,
                    name TEXT,
                    type TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    context_id TEXT,
                    entry_id INTEGER REFERENCES entry(id) ON DELETE CASCADE,
                    at INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    raw TEXT NOT NULL,
                    bytes INTEGER NOT NULL,
                    business TEXT
                );
                CREATE INDEX inbound_customer ON inbound(customer, at);
                CREATE INDEX inbound_user ON inbound(customer_user_id, at) WHERE customer_user_id IS NOT NULL;
                CREATE INDEX inbound_entry ON inbound(entry_id, at) WHERE entry_id IS NOT NULL;
                CREATE INDEX inbound_loose ON inbound(at) WHERE entry_id IS NULL;
                CREATE VIRTUAL TABLE inbound_fts USING fts5(customer, name, summary, tokenize = 'unicode61');
                CREATE TABLE webhook_event (
                    id INTEGER PRIMARY KEY,
                    gateway TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    customer TEXT,
                    customer_user_id TEXT,
                    entry_id INTEGER REFERENCES entry(id) ON DELETE CASCADE,
                    at INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    summary TEXT NOT NULL,
                    value TEXT NOT NULL,
                    raw TEXT NOT NULL,
                    bytes INTEGER NOT NULL,
                    UNIQUE (gateway, kind, value)
                );
                CREATE INDEX webhook_event_customer ON webhook_event(customer, at) WHERE customer IS NOT NULL;
                CREATE INDEX webhook_event_user ON webhook_event(customer_user_id, at) WHERE customer_user_id IS NOT NULL;
                CREATE INDEX webhook_event_entry ON webhook_event(entry_id, at) WHERE entry_id IS NOT NULL;
                CREATE INDEX webhook_event_loose ON webhook_event(at) WHERE entry_id IS NULL;
                ALTER TABLE counters ADD COLUMN inbound INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE counters ADD COLUMN events INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE counters ADD COLUMN loose INTEGER NOT NULL DEFAULT 0;
                CREATE TRIGGER inbound_ai AFTER INSERT ON inbound BEGIN
                    UPDATE counters SET inbound = inbound + 1, bytes = bytes + new.bytes, loose = loose + (new.entry_id IS NULL);
                END;
                CREATE TRIGGER inbound_ad AFTER DELETE ON inbound BEGIN
                    DELETE FROM inbound_fts WHERE rowid = old.id;
                    UPDATE counters SET inbound = inbound - 1, bytes = bytes - old.bytes, loose = loose - (old.entry_id IS NULL);
                END;
                CREATE TRIGGER inbound_au AFTER UPDATE OF entry_id ON inbound BEGIN
                    UPDATE counters SET loose = loose + (new.entry_id IS NULL) - (old.entry_id IS NULL);
                END;
                CREATE TRIGGER webhook_event_ai AFTER INSERT ON webhook_event BEGIN
                    UPDATE counters SET events = events + 1, bytes = bytes + new.bytes, loose = loose + (new.entry_id IS NULL);
                END;
                CREATE TRIGGER webhook_event_ad AFTER DELETE ON webhook_event BEGIN
                    UPDATE counters SET events = events - 1, bytes = bytes - old.bytes, loose = loose - (old.entry_id IS NULL);
                END;
                CREATE TRIGGER webhook_event_au AFTER UPDATE OF entry_id ON webhook_event BEGIN
                    UPDATE counters SET loose = loose + (new.entry_id IS NULL) - (old.entry_id IS NULL);
                END;
                """

    /// Schema 2's upgrade of a file: every accepted entry with a failed status is folded as
    /// `attach` now does it, its error read again from the callback body.
    static func foldFailedStatuses(_ db: SQLiteConnection) throws {
        let rows = try db.rows(sql: """
            SELECT s.entry_id, s.message_id, s.status, s.errors, s.raw, s.received_at, e.gateway FROM status s JOIN entry e ON e.id = s.entry_id
            WHERE e.outcome = 'accepted' AND s.status IN ('failed', 'not-sent') ORDER BY s.id
            """)
        for row in rows {
            let s = recordedStatus(row)
            if let failure = DeliveryFailure(status: s.status, errors: s.failures(gateway: row["gateway"])) {
                try fold(failure, into: row["entry_id"], db)
            }
        }
    }

    /// Makes an accepted entry `failed` with `failure`, in its columns and its search text.
    /// An entry that is not `accepted` (already failed, or never accepted) is left as it is.
    static func fold(_ failure: DeliveryFailure, into id: Int64, _ db: SQLiteConnection) throws {
        try db.execute(sql: "UPDATE entry SET outcome = 'failed', category = ?, vendor_code = ?, vendor_message = ?, retry = ? WHERE id = ? AND outcome = 'accepted'",
                       arguments: [failure.category?.rawValue, failure.code, failure.message, failure.retry?.id, id])
        guard db.changes > 0 else { return }
        let codes = ["failed", failure.code, failure.category?.rawValue].compactMap { $0 }.joined(separator: " ")
        try db.execute(sql: "UPDATE entry_fts SET codes = codes || ' ' || ?, message = ? WHERE rowid = ?", arguments: [codes, failure.message ?? "", id])
    }

    // MARK: Writing

    /// Records an entry and returns its id once it is committed: print the id only after this.
    @discardableResult
    public func record(_ draft: HistoryDraft) throws(HistoryError) -> Int64 {
        do {
            return try pool.write { db in try Self.insert(draft.entry, into: db) }
        } catch {
            throw Self.failure(error, "could not record", path: path)
        }
    }

    /// Records many entries in one transaction (imports, benchmarks); returns their ids.
    @discardableResult
    public func record(batch drafts: [HistoryDraft]) throws(HistoryError) -> [Int64] {
        do {
            return try pool.write { db in try drafts.map { try Self.insert($0.entry, into: db) } }
        } catch {
            throw Self.failure(error, "could not record", path: path)
        }
    }

    static func insert(_ e: HistoryEntry, into db: SQLiteConnection) throws -> Int64 {
        let digits = recipientDigits(e.recipient)
        let requestJSON = e.request.map(Self.requestJSON)
        let responseHeaders = e.response.map { r in JSONWriter.compactString(.array(r.headers.map { [.string($0.name), .string($0.value)] })) }
        let bytes = e.message.utf8.count + (requestJSON?.utf8.count ?? 0) + (e.response?.body.count ?? 0) + (responseHeaders?.utf8.count ?? 0) + 200
        let searchBody = (e.request?.body ?? "") + "\n" + String(decoding: (e.response?.body ?? []).prefix(4096), as: UTF8.self)
        let codes = [e.vendorCode, e.messageID, e.requestID, e.category, e.outcome, e.scenario].compactMap { $0 }.joined(separator: " ")
        try db.execute(sql: """
            INSERT INTO entry (created_at, gateway, profile, recipient, recipient_digits, kind, outcome, category, vendor_code,
                vendor_message, message_id, request_id, http_status, retry, scenario, attempts, headers_ms, total_ms, message,
                options, findings, request, response_status, response_headers, response_body, response_bytes, response_truncated,
                failure, bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [Int64(e.createdAt.timeIntervalSince1970 * 1000), e.gateway, e.profile, e.recipient, digits, e.kind, e.outcome,
                             e.category, e.vendorCode, e.vendorMessage, e.messageID, e.requestID, e.httpStatus, e.retry, e.scenario,
                             e.attempts, e.headersMs, e.totalMs, e.message, e.options, e.findings, requestJSON, e.response?.status,
                             responseHeaders, e.response.map { Data($0.body) }, e.response?.bytes, e.response?.truncated ?? false,
                             e.failure, bytes])
        let id = db.lastInsertedRowID
        try db.execute(sql: "INSERT INTO entry_fts(rowid, recipient, codes, message, body) VALUES (?, ?, ?, ?, ?)",
                       arguments: [id, "\(e.recipient) \(digits)", codes, e.vendorMessage ?? "", searchBody])
        // A reaction answers nothing the customer wrote, and nothing they write answers it.
        if e.outcome == "accepted", e.kind != "reaction" {
            let trimmed = e.recipient.trimmed
            try takeLooseMessages(into: id, customer: BusinessUserID.looksLikeOne(trimmed) ? trimmed : digits, at: e.createdAt, db)
        }
        return id
    }

    /// Attaches a delivery status to the entry with its message (or request) id. Returns the
    /// entry id, or nil when no entry has that id. A failed status makes an accepted entry
    /// `failed`, with the status's error (see `DeliveryFailure`).
    ///
    /// Statuses are kept in the order they arrived, whatever order that is (`finalStatus`
    /// ranks them). A status already attached (the same message id, status and timestamp: a
    /// callback delivered twice) is not stored again: it says nothing new, and a listener
    /// behind a retrying gateway would otherwise grow the file with copies.
    @discardableResult
    public func attach(_ s: DeliveryStatus, receivedAt: Date = Date()) throws(HistoryError) -> Int64? {
        do {
            return try pool.write { db in try Self.insertStatus(s, receivedAt: receivedAt, db) }
        } catch {
            throw Self.failure(error, "could not attach a status", path: path)
        }
    }

    static func insertStatus(_ s: DeliveryStatus, receivedAt: Date, _ db: SQLiteConnection) throws -> Int64? {
        guard let entry = try db.value(Int64.self, sql: "SELECT id FROM entry WHERE message_id = ? OR request_id = ? ORDER BY id DESC LIMIT 1",
                                             arguments: [s.messageID, s.messageID]) else { return nil }
        let at = s.timestamp.map { Int64($0.timeIntervalSince1970 * 1000) }
        if try db.value(Bool.self, sql: "SELECT 1 FROM status WHERE entry_id = ? AND message_id = ? AND status = ? AND at IS ?",
                             arguments: [entry, s.messageID, s.status, at]) == true {
            return entry
        }
        let errors = s.errors.isEmpty ? nil : JSONWriter.compactString(.array(s.errors.map { ["code": .string($0.code), "title": .string($0.title ?? ""), "details": .string($0.details ?? "")] }))
        try db.execute(sql: "INSERT INTO status (entry_id, message_id, status, at, errors, raw, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [entry, s.messageID, s.status, at, errors,
                                   String(decoding: s.raw, as: UTF8.self), Int64(receivedAt.timeIntervalSince1970 * 1000)])
        if let failure = DeliveryFailure(status: s.status, errors: s.errors) { try fold(failure, into: entry, db) }
        return entry
    }

    /// After sends, off their path: retention, then a WAL checkpoint. Returns entries deleted.
    @discardableResult
    public func maintain(_ policy: RetentionPolicy) throws(HistoryError) -> Int {
        let deleted = try enforce(policy)
        try checkpoint()
        return deleted
    }

    /// Folds the WAL back into the database (passive: never waits for readers) and returns
    /// freed pages to the file system. Another process busy writing is not an error: its own
    /// maintenance will do it.
    public func checkpoint() throws(HistoryError) {
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA incremental_vacuum")
                _ = try db.walCheckpoint(.passive)
            }
        } catch let e as SQLiteError where [SQLITE_BUSY, SQLITE_LOCKED].contains(e.resultCode) {
            return
        } catch {
            throw Self.failure(error, "could not checkpoint", path: path)
        }
    }

    /// Bytes the entries take in the file (pages in use, free pages excluded).
    static func usedBytes(_ db: SQLiteConnection) throws -> Int {
        let pages = try db.value(Int.self, sql: "PRAGMA page_count") ?? 0
        let free = try db.value(Int.self, sql: "PRAGMA freelist_count") ?? 0
        let size = try db.value(Int.self, sql: "PRAGMA page_size") ?? 4096
        return (pages - free) * size
    }

    /// Deletes the oldest entries past either cap: the entry count, or the bytes in use in the
    /// file (indexes and search index included). Cheap when under the caps. Returns how many
    /// entries were deleted.
    ///
    /// An entry goes with everything filed under it: its statuses, the customer's messages and
    /// the other webhook events. Messages and events that belong to no entry ("loose") go too
    /// when they are older than the oldest entry kept (the file then holds everything since
    /// then), when there are more than `maxEntries` of them, and, with no entry left to delete,
    /// when the bytes are still over the cap (a listener that only receives). Each kind goes
    /// at most `maxDeletionsPerPass` at a time.
    @discardableResult
    public func enforce(_ policy: RetentionPolicy) throws(HistoryError) -> Int {
        do {
            return try pool.write { db in
                guard let counts = try db.row(sql: "SELECT entries, loose FROM counters") else { return 0 }
                let entries: Int = counts["entries"], loose: Int = counts["loose"]
                guard entries + loose > 0 else { return 0 }
                var excess = max(0, entries - policy.maxEntries)
                var looseExcess = max(0, loose - policy.maxEntries)
                let used = try Self.usedBytes(db)
                if used > policy.maxBytes {
                    let perItem = max(1, used / (entries + loose))
                    let items = (used - policy.maxBytes + perItem - 1) / perItem
                    excess = max(excess, min(items, entries))
                    looseExcess = max(looseExcess, items - min(items, entries))
                }
                excess = min(excess, entries, RetentionPolicy.maxDeletionsPerPass)
                if excess > 0 {
                    try db.execute(sql: "DELETE FROM entry WHERE id IN (SELECT id FROM entry ORDER BY id LIMIT ?)", arguments: [excess])
                    if let oldest = try db.value(Int64.self, sql: "SELECT created_at FROM entry ORDER BY id LIMIT 1") {
                        try Self.deleteLoose(before: oldest, limit: RetentionPolicy.maxDeletionsPerPass, db)
                    }
                }
                if looseExcess > 0 { try Self.deleteLoose(oldest: min(looseExcess, RetentionPolicy.maxDeletionsPerPass), db) }
                return excess
            }
        } catch {
            throw Self.failure(error, "could not apply retention", path: path)
        }
    }

    /// Deletes loose messages and events from before `ms` (Unix milliseconds).
    static func deleteLoose(before ms: Int64, limit: Int, _ db: SQLiteConnection) throws {
        try db.execute(sql: "DELETE FROM inbound WHERE id IN (SELECT id FROM inbound WHERE entry_id IS NULL AND at < ? ORDER BY at LIMIT ?)", arguments: [ms, limit])
        try db.execute(sql: "DELETE FROM webhook_event WHERE id IN (SELECT id FROM webhook_event WHERE entry_id IS NULL AND at < ? ORDER BY at LIMIT ?)", arguments: [ms, limit])
    }

    /// Deletes the `count` oldest loose messages and events, together.
    static func deleteLoose(oldest count: Int, _ db: SQLiteConnection) throws {
        guard let cut = try db.value(Int64.self, sql: """
            SELECT at FROM (SELECT at FROM inbound WHERE entry_id IS NULL UNION ALL SELECT at FROM webhook_event WHERE entry_id IS NULL)
            ORDER BY at LIMIT 1 OFFSET ?
            """, arguments: [count - 1]) else { return }
        try deleteLoose(before: cut + 1, limit: count, db)
    }

    /// Deletes entries by id; returns how many existed.
    @discardableResult
    public func delete(ids: [Int64]) throws(HistoryError) -> Int {
        do {
            return try pool.write { db in
                try db.execute(sql: "DELETE FROM entry WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))", arguments: SQLiteArguments(ids))
                return db.changes
            }
        } catch { throw Self.failure(error, "could not delete", path: path) }
    }

    /// Deletes entries created before `date`, with everything filed under them, and the
    /// messages and events from before `date` that belong to no entry; returns how many
    /// entries were deleted.
    @discardableResult
    public func delete(before date: Date) throws(HistoryError) -> Int {
        do {
            return try pool.write { db in
                let cut = Int64(date.timeIntervalSince1970 * 1000)
                try db.execute(sql: "DELETE FROM entry WHERE created_at < ?", arguments: [cut])
                let deleted = db.changes
                try Self.deleteLoose(before: cut, limit: Int.max, db)
                return deleted
            }
        } catch { throw Self.failure(error, "could not delete", path: path) }
    }

    // MARK: Reading

    static let listColumns = "e.id, e.created_at, e.gateway, e.profile, e.recipient, e.kind, e.outcome, e.category, e.vendor_code, e.vendor_message, e.message_id, e.request_id, e.http_status, e.retry, e.scenario, e.attempts, e.headers_ms, e.total_ms"

    /// How many of a search's newest hits a filtered search joins one by one before it walks
    /// the filters' indexes instead (see `list`).
    static let searchWindow = 2_000

    /// SQLite virtual-machine steps a filtered search may take walking its hits one by one
    /// (about 6 ms at 1,000,000 entries: each hit is a few steps, the work being in FTS5 and the
    /// row lookup): a page of matches near the top takes 1,000–2,000; filters that reject most
    /// hits run out of it, and the search goes by the window instead.
    static let searchBudget: Int32 = 20_000

    /// `body`, stopped by SQLite once it has taken `steps` steps; nil when stopped.
    static func bounded<T>(_ db: SQLiteConnection, steps: Int32, _ body: () throws -> T) throws -> T? {
        let connection = db.handle
        // Called once the budget is spent: a non-zero answer interrupts the statement.
        sqlite3_progress_handler(connection, steps, { _ in 1 }, nil)
        defer { sqlite3_progress_handler(connection, 0, nil, nil) }
        do {
            return try body()
        } catch let error as SQLiteError where error.resultCode == SQLITE_INTERRUPT {
            return nil
        }
    }

    /// Entries newest first, filtered; the list columns only (no bodies).
    public func list(_ filter: HistoryFilter) throws(HistoryError) -> [HistoryEntry] {
        try list(filter, searchBudget: Self.searchBudget)
    }

    /// `list`, with the steps a filtered search may take walking its hits one by one (tests
    /// make it small to take the other way on a small file).
    func list(_ filter: HistoryFilter, searchBudget: Int32) throws(HistoryError) -> [HistoryEntry] {
        var conditions: [String] = []
        var args: [(any SQLiteValueConvertible)?] = []
        func eq(_ column: String, _ value: String?) {
            guard let value else { return }
            conditions.append("e.\(column) = ?")
            args.append(value)
        }
        eq("gateway", filter.gateway)
        eq("profile", filter.profile)
        eq("category", filter.category)
        eq("vendor_code", filter.vendorCode)
        if let kind = filter.kind {
            if MessageKind.families.contains(kind) {
                // Every kind of the family: a range on the index (`interactive.` up to `interactive/`).
                conditions.append("e.kind >= ? AND e.kind < ?")
                args += [kind + ".", kind + "/"]
            } else {
                eq("kind", kind)
            }
        }
        if let o = filter.outcome {
            // An outcome word, or a category (`balance`, `window`, …).
            conditions.append(HistoryEntry.outcomes.contains(o) ? "e.outcome = ?" : "e.category = ?")
            args.append(o)
        }
        if let r = filter.recipient {
            // A digit prefix, as a range on the index (`27` up to `27:`, the character after `9`).
            let digits = Self.recipientDigits(r)
            conditions.append("e.recipient_digits >= ? AND e.recipient_digits < ?")
            args += [digits, digits + ":"]
        }
        if let id = filter.id { conditions.append("e.id = ?"); args.append(id) }
        if let s = filter.since { conditions.append("e.created_at >= ?"); args.append(Int64(s.timeIntervalSince1970 * 1000)) }
        if let u = filter.until { conditions.append("e.created_at < ?"); args.append(Int64(u.timeIntervalSince1970 * 1000)) }
        if let b = filter.beforeID { conditions.append("e.id < ?"); args.append(b) }
        // Filters other than the page's start: with a search, they may reject every match.
        let filtered = conditions.count > (filter.beforeID == nil ? 0 : 1)
        let values = { (a: [(any SQLiteValueConvertible)?]) in SQLiteArguments(a) }
        var sql: String
        // A filtered search: the window of newest hits, and the statement for below it.
        var below: (window: String, windowArgs: [(any SQLiteValueConvertible)?], rest: String, restArgs: [(any SQLiteValueConvertible)?])?
        // A filtered search walks its hits one by one first, within a budget (see `bounded`).
        var unbounded = ""
        if let search = filter.search.flatMap(Self.ftsQuery) {
            let otherConditions = conditions, otherArgs = args
            // FTS first, walking its rowids newest first, so LIMIT stops early.
            conditions.insert("entry_fts MATCH ?", at: 0)
            args.insert(search, at: 0)
            // A later page starts below the last row in the index too, not only in the join:
            // otherwise every match above it is walked again (47 ms → 3 ms halfway down 1M).
            if let b = filter.beforeID { conditions.append("entry_fts.rowid < ?"); args.append(b) }
            if filtered {
                // Filters that match few of the search's hits (or none: `meta E110 Re-engagement`)
                // would walk every hit, joining each to its entry (100 ms at 1M entries). Only the
                // newest `searchWindow` hits are walked that way; below them, the filters' own
                // indexes are walked against the set of hits (about 20 ms whatever the hits).
                let fts = "SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?" + (filter.beforeID == nil ? "" : " AND rowid < ?")
                let ftsArgs: [(any SQLiteValueConvertible)?] = [search] + (filter.beforeID.map { [$0] } ?? [])
                unbounded = "SELECT \(Self.listColumns) FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid WHERE \(conditions.joined(separator: " AND ")) ORDER BY entry_fts.rowid DESC LIMIT ?"
                conditions.append("entry_fts.rowid >= ?")
                below = ("SELECT count(*), min(rowid) FROM (\(fts) ORDER BY rowid DESC LIMIT \(Self.searchWindow))", ftsArgs,
                         "SELECT \(Self.listColumns) FROM entry e WHERE \((otherConditions + ["e.id IN (\(fts))", "e.id < ?"]).joined(separator: " AND ")) ORDER BY e.id DESC LIMIT ?",
                         otherArgs + ftsArgs)
            }
            sql = "SELECT \(Self.listColumns) FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid WHERE \(conditions.joined(separator: " AND ")) ORDER BY entry_fts.rowid DESC LIMIT ?"
        } else {
            sql = "SELECT \(Self.listColumns) FROM entry e" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY e.id DESC LIMIT ?"
        }
        args.append(filter.limit)
        let foldsOnRead = fileSchemaVersion < 2
        let customerSide = hasCustomerSide
        do {
            return try pool.read { db in
                var entries: [HistoryEntry]
                if below != nil, let found = try Self.bounded(db, steps: searchBudget, { try db.rows(sql: unbounded, arguments: values(args)) }) {
                    // Hits walked one by one found the page, or ran out, within the budget.
                    entries = found.map(Self.listEntry)
                } else if let below {
                    // The window's size and lowest hit (1 ms), then the hits in it, then below it.
                    let window = try db.row(sql: below.window, arguments: values(below.windowArgs))
                    let count = window.map { $0[0] as Int64 } ?? 0
                    let lowest = window.flatMap { $0[1] as Int64? } ?? 0
                    var windowArgs = args
                    windowArgs.insert(lowest, at: windowArgs.count - 1)
                    entries = try db.rows(sql: sql, arguments: values(windowArgs)).map(Self.listEntry)
                    if entries.count < filter.limit, count == Int64(Self.searchWindow) {
                        entries += try db.rows(sql: below.rest, arguments: values(below.restArgs + [lowest, filter.limit - entries.count])).map(Self.listEntry)
                    }
                } else {
                    entries = try db.rows(sql: sql, arguments: values(args)).map(Self.listEntry)
                }
                if foldsOnRead { entries = try Self.foldingStatuses(entries, db) }
                // Each row's statuses and messages without their bodies: two queries a page.
                let ids = entries.map(\.id)
                let statuses = try Self.statuses(forEntries: ids, withBodies: false, db)
                let inbound = customerSide ? try Self.inbound(forEntries: ids, withBodies: false, db) : [:]
                for i in entries.indices {
                    entries[i].statuses = statuses[entries[i].id] ?? []
                    entries[i].inbound = inbound[entries[i].id] ?? []
                }
                return entries
            }
        } catch {
            throw Self.failure(error, "could not list", path: path)
        }
    }

    /// The digits a recipient is filed under: the number as WhatsApp reads it when it is a whole
    /// one, else the digits as typed (a prefix such as `+27`).
    static func recipientDigits(_ text: String) -> String {
        (try? PhoneNumber.parse(text).get())?.digits ?? text.filter(\.isASCIIDigit)
    }

    /// Listed entries of a schema-1 file (read without upgrading it) as its failed statuses
    /// leave them: one query for the page's failed statuses.
    static func foldingStatuses(_ entries: [HistoryEntry], _ db: SQLiteConnection) throws -> [HistoryEntry] {
        let accepted = entries.filter { $0.outcome == "accepted" }.map(\.id)
        guard !accepted.isEmpty else { return entries }
        let rows = try db.rows(sql: "SELECT * FROM status WHERE status IN ('failed', 'not-sent') AND entry_id IN (\(accepted.map { _ in "?" }.joined(separator: ","))) ORDER BY id",
                                    arguments: SQLiteArguments(accepted))
        let byEntry = Dictionary(grouping: rows, by: { $0["entry_id"] as Int64 })
        return entries.map { e in
            guard let failed = byEntry[e.id] else { return e }
            var folded = e
            folded.statuses = failed.map(recordedStatus)
            folded = folded.foldingStatuses()
            folded.statuses = []
            return folded
        }
    }

    /// A row of the status table.
    static func recordedStatus(_ s: SQLiteRow) -> RecordedStatus {
        RecordedStatus(messageID: s["message_id"], status: s["status"],
                       at: (s["at"] as Int64?).map { Date(timeIntervalSince1970: Double($0) / 1000) }, errors: s["errors"],
                       receivedAt: Date(timeIntervalSince1970: Double(s["received_at"] as Int64) / 1000), raw: s["raw"])
    }

    /// Text a person types, as an FTS5 query: each word quoted (so `+27…`, `E110` or `(#131047)`
    /// never hit FTS syntax), all words required, the last one a prefix.
    static func ftsQuery(_ text: String) -> String? {
        let words = text.split(whereSeparator: \.isWhitespace).map { "\"" + $0.replacing("\"", with: "\"\"") + "\"" }
        guard !words.isEmpty else { return nil }
        return words.dropLast().joined(separator: " ") + (words.count > 1 ? " " : "") + words.last! + "*"
    }

    static func listEntry(_ row: SQLiteRow) -> HistoryEntry {
        var e = HistoryEntry(id: row["id"], createdAt: Date(timeIntervalSince1970: Double(row["created_at"] as Int64) / 1000),
                             gateway: row["gateway"], profile: row["profile"], recipient: row["recipient"], kind: row["kind"],
                             outcome: row["outcome"], attempts: row["attempts"], message: "")
        e.category = row["category"]
        e.vendorCode = row["vendor_code"]
        e.vendorMessage = row["vendor_message"]
        e.messageID = row["message_id"]
        e.requestID = row["request_id"]
        e.httpStatus = row["http_status"]
        e.retry = row["retry"]
        e.scenario = row["scenario"]
        e.headersMs = row["headers_ms"]
        e.totalMs = row["total_ms"]
        return e
    }

    /// The whole entry, with its statuses; nil when there is none with this id.
    public func entry(id: Int64) throws(HistoryError) -> HistoryEntry? {
        let customerSide = hasCustomerSide
        do {
            return try pool.read { db in
                guard let row = try db.row(sql: "SELECT e.* FROM entry e WHERE e.id = ?", arguments: [id]) else { return nil }
                var e = Self.listEntry(row)
                e.message = row["message"]
                e.options = row["options"]
                e.findings = row["findings"]
                e.failure = row["failure"]
                e.request = (row["request"] as String?).flatMap(Self.request(fromJSON:))
                if let status: Int = row["response_status"] {
                    let headers = (row["response_headers"] as String?).flatMap { try? JSONParser.parse($0) }?.arrayValue?.compactMap { pair -> (name: String, value: String)? in
                        guard let a = pair.arrayValue, a.count == 2, let n = a[0].stringValue, let v = a[1].stringValue else { return nil }
                        return (n, v)
                    } ?? []
                    let body: Data = row["response_body"] ?? Data()
                    e.response = RecordedResponse(status: status, headers: headers, body: Array(body), bytes: row["response_bytes"] ?? body.count,
                                                  truncated: row["response_truncated"])
                }
                e.statuses = Self.once(try db.rows(sql: "SELECT * FROM status WHERE entry_id = ? ORDER BY id", arguments: [id]).map(Self.recordedStatus))
                if customerSide {
                    e.inbound = try Self.inbound(forEntries: [id], withBodies: true, db)[id] ?? []
                    e.events = try Self.events(forEntry: id, db)
                }
                // A schema-1 file read without upgrading it has not folded its failed statuses.
                return e.foldingStatuses()
            }
        } catch {
            throw Self.failure(error, "could not read entry \(id)", path: path)
        }
    }

    /// The profiles entries were sent with, by name (a walk of the profile index: for saying
    /// what a filter could have named, not for every listing).
    public func profiles() throws(HistoryError) -> [String] {
        do {
            return try pool.read { db in try db.values(String.self, sql: "SELECT DISTINCT profile FROM entry ORDER BY profile") }
        } catch {
            throw Self.failure(error, "could not list profiles", path: path)
        }
    }

    /// Counts by gateway, by outcome (and category) and by vendor code.
    public func stats() throws(HistoryError) -> HistoryStats {
        let customerSide = hasCustomerSide
        do {
            return try pool.read { db in
                func counts(_ sql: String) throws -> [(String, Int)] {
                    try db.rows(sql: sql).map { (($0[0] as String?) ?? "-", $0[1]) }
                }
                var stats = HistoryStats(
                    total: try db.value(Int.self, sql: "SELECT entries FROM counters") ?? 0,
                    bytes: try Self.usedBytes(db),
                    byGateway: try counts("SELECT gateway, count(*) FROM entry GROUP BY gateway ORDER BY 2 DESC"),
                    byOutcome: try counts("SELECT CASE WHEN category IS NULL THEN outcome ELSE outcome || '/' || category END, count(*) FROM entry GROUP BY 1 ORDER BY 2 DESC"),
                    byCode: try counts("SELECT vendor_code, count(*) FROM entry WHERE vendor_code IS NOT NULL GROUP BY vendor_code ORDER BY 2 DESC LIMIT 50"))
                if customerSide, let c = try db.row(sql: "SELECT inbound, events, loose FROM counters") {
                    stats.inbound = c["inbound"]
                    stats.events = c["events"]
                    stats.loose = c["loose"]
                }
                return stats
            }
        } catch {
            throw Self.failure(error, "could not count", path: path)
        }
    }

    /// The file checked page by page (`PRAGMA integrity_check`, or the faster `quick_check`,
    /// which skips matching indexes to their tables): nil when it is sound, else what SQLite
    /// found (its first lines).
    public func damage(thorough: Bool = true) throws(HistoryError) -> String? {
        do {
            let lines = try pool.read { db in
                try db.values(String.self, sql: thorough ? "PRAGMA integrity_check(20)" : "PRAGMA quick_check(20)")
            }
            return lines == ["ok"] ? nil : lines.joined(separator: "; ")
        } catch {
            let e = Self.failure(error, "could not check the file", path: path)
            if case .corrupt(_, let reason) = e { return reason }
            throw e
        }
    }

    /// Files up to this size are checked whole before a read command answers (a quick check
    /// reads about 750 MB/s here: 64 MiB is under 0.1 s); a larger one is checked by
    /// `history stats` and `history check`.
    public static let checkedOnEveryRead = 64 << 20

    /// Throws `corrupt` when a quick check finds damage, for a file small enough to check on
    /// every read (see `checkedOnEveryRead`).
    public func checkWhenSmall() throws(HistoryError) {
        var info = stat()
        let size = stat(path, &info) == 0 ? Int(info.st_size) : 0
        guard size <= Self.checkedOnEveryRead else { return }
        if let found = try damage(thorough: false) { throw .corrupt(path: path, reason: found) }
    }

    // MARK: JSON of the recorded request

    static func requestJSON(_ r: RecordedRequest) -> String {
        JSONWriter.compactString(["method": .string(r.method), "url": .string(r.url),
                                  "headers": .array(r.headers.map { h in
                                      var o: JSONObject = ["name": .string(h.name), "value": .string(h.value)]
                                      o.set("secret", h.secretSource.map(JSONValue.string))
                                      return .object(o)
                                  }),
                                  "body": .string(r.body)])
    }

    static func request(fromJSON text: String) -> RecordedRequest? {
        guard let v = try? JSONParser.parse(text) else { return nil }
        return RecordedRequest(method: v["method"]?.stringValue ?? "", url: v["url"]?.stringValue ?? "",
                               headers: (v["headers"]?.arrayValue ?? []).map {
                                   RecordedRequest.Header(name: $0["name"]?.stringValue ?? "", value: $0["value"]?.stringValue ?? "", secretSource: $0["secret"]?.stringValue)
                               },
                               body: v["body"]?.stringValue ?? "")
    }
}

/// Counts for `wacon history stats`.
public struct HistoryStats: Sendable {
    public var total: Int
    public var bytes: Int
    /// Customers' messages kept, and other webhook events kept.
    public var inbound = 0
    public var events = 0
    /// Of those, how many belong to no entry.
    public var loose = 0
    public var byGateway: [(String, Int)]
    public var byOutcome: [(String, Int)]
    public var byCode: [(String, Int)]

    public init(total: Int = 0, bytes: Int = 0, byGateway: [(String, Int)] = [], byOutcome: [(String, Int)] = [], byCode: [(String, Int)] = []) {
        self.total = total
        self.bytes = bytes
        self.byGateway = byGateway
        self.byOutcome = byOutcome
        self.byCode = byCode
    }
}
