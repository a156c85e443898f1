#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// A small layer over SQLite's C API: what the history file needs and no more. Connections are
// not thread-safe (opened with SQLITE_OPEN_NOMUTEX); `SQLitePool` and `SQLiteSerialConnection`
// make sure one thread at a time uses each.

// MARK: Values

/// One SQLite value, as stored: the five storage classes.
public enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Bytes as they are (a zero-length blob is not NULL).
    case blob([UInt8])
}

/// A Swift type that is bound to a statement as an SQLite value and read back from a column.
///
/// Reading is as lenient as SQLite's own column affinity (an INTEGER column may hold a REAL
/// that is a whole number) but never lossy: a value that does not fit is no value (nil).
/// Optionals are not conforming types: a `nil` argument binds NULL, and `SQLiteRow` reads
/// NULL as nil through its optional subscripts.
public protocol SQLiteValueConvertible: Sendable {
    /// The value bound to a statement.
    var sqliteValue: SQLiteValue { get }
    /// The Swift value of a column's value; nil when it is NULL or cannot be this type.
    init?(sqliteValue: SQLiteValue)
}

extension Int64: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .integer(self) }
    public init?(sqliteValue v: SQLiteValue) {
        switch v {
        case .integer(let i): self = i
        case .real(let d): guard let i = Int64(exactly: d) else { return nil }; self = i
        default: return nil
        }
    }
}

extension Int: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
    public init?(sqliteValue v: SQLiteValue) {
        guard let i = Int64(sqliteValue: v), let n = Int(exactly: i) else { return nil }
        self = n
    }
}

extension Int32: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
    public init?(sqliteValue v: SQLiteValue) {
        guard let i = Int64(sqliteValue: v), let n = Int32(exactly: i) else { return nil }
        self = n
    }
}

extension Double: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .real(self) }
    public init?(sqliteValue v: SQLiteValue) {
        switch v {
        case .real(let d): self = d
        case .integer(let i): self = Double(i)
        default: return nil
        }
    }
}

extension Bool: SQLiteValueConvertible {
    /// 1 or 0, as SQLite's boolean expressions give.
    public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
    public init?(sqliteValue v: SQLiteValue) {
        switch v {
        case .integer(let i): self = i != 0
        case .real(let d): self = d != 0
        default: return nil
        }
    }
}

extension String: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .text(self) }
    public init?(sqliteValue v: SQLiteValue) {
        switch v {
        case .text(let s): self = s
        case .blob(let b): self = String(decoding: b, as: UTF8.self)
        default: return nil
        }
    }
}

extension Array: SQLiteValueConvertible where Element == UInt8 {
    public var sqliteValue: SQLiteValue { .blob(self) }
    public init?(sqliteValue v: SQLiteValue) {
        switch v {
        case .blob(let b): self = b
        case .text(let s): self = Array(s.utf8)
        default: return nil
        }
    }
}

extension Data: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .blob(Array(self)) }
    public init?(sqliteValue v: SQLiteValue) {
        guard let bytes = [UInt8](sqliteValue: v) else { return nil }
        self = Data(bytes)
    }
}

/// The values bound to a statement's `?` parameters, in order. Written as an array literal
/// (`[id, name, nil]`), from a list of optional values, or from a sequence of one type.
public struct SQLiteArguments: Sendable, ExpressibleByArrayLiteral {
    public var values: [SQLiteValue]

    /// `[id, name, nil]`: each value, nil as NULL.
    public init(arrayLiteral elements: (any SQLiteValueConvertible)?...) {
        values = elements.map { $0?.sqliteValue ?? .null }
    }

    /// Each value, nil as NULL.
    public init(_ elements: [(any SQLiteValueConvertible)?]) {
        values = elements.map { $0?.sqliteValue ?? .null }
    }

    /// Each value of a sequence of one type (`SQLiteArguments(ids)`).
    public init<S: Sequence>(_ elements: S) where S.Element: SQLiteValueConvertible {
        values = elements.map(\.sqliteValue)
    }

    /// Values as they are.
    public init(values: [SQLiteValue]) {
        self.values = values
    }

    /// No arguments (a statement without parameters, or a script).
    public var isEmpty: Bool { values.isEmpty }
}

// MARK: Errors

/// A failed SQLite call: SQLite's result code (extended, and its primary code) and message.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code (`SQLITE_IOERR_WRITE`, …; the primary code when there is none).
    public let extendedResultCode: Int32
    /// The statement that failed, when a statement failed.
    public let sql: String?
    /// SQLite's message (`sqlite3_errmsg`), or what this layer found wrong.
    public let message: String

    /// The primary result code (`SQLITE_BUSY`, `SQLITE_CORRUPT`, …): the low 8 bits.
    public var resultCode: Int32 { extendedResultCode & 0xFF }

    /// An error with a result code (extended or primary), a message, and the statement.
    public init(resultCode: Int32, message: String, sql: String? = nil) {
        self.extendedResultCode = resultCode
        self.message = message
        self.sql = sql
    }

    /// `SQLite error 13: database or disk is full - while executing `INSERT …``.
    public var description: String {
        "SQLite error \(resultCode): \(message)" + (sql.map { " - while executing `\($0)`" } ?? "")
    }
}

// MARK: Rows

/// The names of a result's columns, shared by its rows.
final class SQLiteColumns: Sendable {
    let names: [String]
    /// The leftmost column of each name, and of each lowercased name (SQL names are not case
    /// sensitive).
    let index: [String: Int]
    let lowercasedIndex: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:], lower: [String: Int] = [:]
        for (i, n) in names.enumerated().reversed() {
            index[n] = i
            lower[n.lowercased()] = i
        }
        self.index = index
        self.lowercasedIndex = lower
    }

    func position(_ name: String) -> Int? {
        index[name] ?? lowercasedIndex[name.lowercased()]
    }
}

/// One row of a result: its values, read by column index or by column name (the leftmost
/// column of that name, in any case).
///
/// The optional subscripts read NULL (and a value that cannot be the type) as nil; the others
/// stop the program on NULL, as reading a NOT NULL column that is NULL is a programming error.
public struct SQLiteRow: Sendable {
    let columns: SQLiteColumns
    /// The values, in column order.
    public let values: [SQLiteValue]

    init(columns: SQLiteColumns, values: [SQLiteValue]) {
        self.columns = columns
        self.values = values
    }

    /// The column names, in order.
    public var columnNames: [String] { columns.names }

    /// Whether the row has a column of this name.
    public func hasColumn(_ name: String) -> Bool { columns.position(name) != nil }

    /// The value of a named column; nil when there is no such column.
    public func value(named name: String) -> SQLiteValue? {
        columns.position(name).map { values[$0] }
    }

    /// The value at a column index; nil for NULL or a value that cannot be a `Value`.
    public subscript<Value: SQLiteValueConvertible>(_ index: Int) -> Value? {
        Value(sqliteValue: values[index])
    }

    /// The value at a column index, which must be a `Value` (not NULL).
    public subscript<Value: SQLiteValueConvertible>(_ index: Int) -> Value {
        guard let v = Value(sqliteValue: values[index]) else { Self.mismatch(Value.self, values[index], "column \(index)") }
        return v
    }

    /// The value of a named column; nil for NULL, a value that cannot be a `Value`, or no
    /// such column.
    public subscript<Value: SQLiteValueConvertible>(_ name: String) -> Value? {
        guard let i = columns.position(name) else { return nil }
        return Value(sqliteValue: values[i])
    }

    /// The value of a named column, which must exist and be a `Value` (not NULL).
    public subscript<Value: SQLiteValueConvertible>(_ name: String) -> Value {
        guard let i = columns.position(name) else { fatalError("SQLiteRow: no column \(name) in \(columns.names)") }
        guard let v = Value(sqliteValue: values[i]) else { Self.mismatch(Value.self, values[i], "column \(name)") }
        return v
    }

    static func mismatch(_ type: Any.Type, _ value: SQLiteValue, _ column: String) -> Never {
        fatalError("SQLiteRow: \(column) holds \(value.kind), not a \(type)")
    }
}

extension SQLiteValue {
    /// The storage class, for messages.
    var kind: String {
        switch self {
        case .null: return "NULL"
        case .integer: return "an integer"
        case .real: return "a real"
        case .text: return "text"
        case .blob: return "a blob"
        }
    }
}

// MARK: Connection

/// `SQLITE_TRANSIENT`: SQLite copies the bytes before the bind call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement, kept by its connection for the next use of the same SQL.
final class SQLitePreparedStatement {
    let handle: OpaquePointer
    let sql: String
    /// Being stepped now: a nested use of the same SQL prepares another.
    var inUse = false

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }
}

/// How a connection is opened and set up.
public struct SQLiteConfiguration: Sendable {
    /// Opened read-only (`SQLITE_OPEN_READONLY`): it never creates, changes or writes the file.
    public var readonly = false
    /// How long a statement waits for another connection's lock before it fails with
    /// `SQLITE_BUSY` (`sqlite3_busy_timeout`); zero fails at once.
    public var busyTimeout: Duration = .zero
    /// Run on each connection once it is open, before anything reads the file (pragmas).
    public var prepare: (@Sendable (SQLiteConnection) throws -> Void)?
    /// For a pool: the most reader connections open at once (a read waits for a free one).
    public var maximumReaders = 5

    /// A configuration; the defaults open read-write, fail at once when busy, and prepare nothing.
    public init(readonly: Bool = false, busyTimeout: Duration = .zero, prepare: (@Sendable (SQLiteConnection) throws -> Void)? = nil) {
        self.readonly = readonly
        self.busyTimeout = busyTimeout
        self.prepare = prepare
    }
}

/// One SQLite connection. Not for two threads at once: `SQLitePool` and
/// `SQLiteSerialConnection` hand it to one at a time.
///
/// Each statement is prepared once per SQL text and kept (up to `statementCacheLimit`), so a
/// hot insert or query is only bound and stepped on later uses. SQLite prepares a kept
/// statement again by itself after a schema change.
public final class SQLiteConnection {
    /// The `sqlite3 *` handle, for C calls this layer does not wrap (`sqlite3_progress_handler`).
    public let handle: OpaquePointer
    /// The file, as given.
    public let path: String
    private var statements: [String: SQLitePreparedStatement] = [:]
    private var closed = false

    /// Statements kept per connection; past it the cache starts over (SQL built with a varying
    /// number of parameters would otherwise grow it without bound).
    public static let statementCacheLimit = 128

    /// Opens `path` with `sqlite3_open_v2` flags (`SQLITE_OPEN_NOMUTEX` is always added), turns
    /// on extended result codes, and sets the busy timeout.
    public init(path: String, flags: Int32, busyTimeout: Duration = .zero) throws(SQLiteError) {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            let code = db.map { sqlite3_extended_errcode($0) } ?? rc
            sqlite3_close_v2(db)
            throw SQLiteError(resultCode: code, message: message)
        }
        handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        let ms = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        if ms > 0 { sqlite3_busy_timeout(db, Int32(clamping: ms)) }
    }

    /// Opens `path` as `configuration` says (read-write connections create a missing file),
    /// runs its `prepare`, then reads the schema so that a file that is not a database fails
    /// here (`SQLITE_NOTADB`), not at its first use.
    public convenience init(path: String, configuration: SQLiteConfiguration) throws(SQLiteError) {
        let flags = configuration.readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        try self.init(path: path, flags: flags, busyTimeout: configuration.busyTimeout)
        try setUp(configuration)
    }

    func setUp(_ configuration: SQLiteConfiguration) throws(SQLiteError) {
        do { try configuration.prepare?(self) } catch let e as SQLiteError { throw e } catch {
            throw SQLiteError(resultCode: SQLITE_ERROR, message: "\(error)")
        }
        try validateFormat()
    }

    /// Reads the schema: SQLite reads the file's header only when it first needs it.
    func validateFormat() throws(SQLiteError) {
        _ = try row(sql: "SELECT * FROM sqlite_master LIMIT 1")
    }

    deinit { close() }

    /// Finalizes the kept statements and closes the connection (also done when it goes).
    public func close() {
        guard !closed else { return }
        closed = true
        statements = [:]
        sqlite3_close_v2(handle)
    }

    // MARK: Statements

    /// The error of a call that just answered `rc`, with the connection's message for it (and
    /// its extended code, when the connection's last error is that one).
    private func error(_ rc: Int32, _ sql: String?) -> SQLiteError {
        let extended = sqlite3_extended_errcode(handle)
        return SQLiteError(resultCode: extended & 0xFF == rc & 0xFF ? extended : rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Prepares the first statement of `sql`; returns it (nil when there is only white space
    /// or comments) and the SQL after it.
    private func prepare(_ sql: Substring, persistent: Bool) throws(SQLiteError) -> (OpaquePointer?, rest: Substring) {
        var text = String(sql)
        let (rc, stmt, rest) = text.withUTF8 { buf -> (Int32, OpaquePointer?, Substring) in
            guard let base = buf.baseAddress, buf.count > 0 else { return (SQLITE_OK, nil, "") }
            var stmt: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let start = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            let rc = sqlite3_prepare_v3(handle, start, Int32(buf.count), persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0, &stmt, &tail)
            let used = tail.map { $0 - start } ?? buf.count
            return (rc, stmt, Substring(String(decoding: buf[used...], as: UTF8.self)))
        }
        guard rc == SQLITE_OK else { throw error(rc, String(sql)) }
        return (stmt, rest)
    }

    /// The kept statement for `sql` (prepared on first use), or a new one-off statement when
    /// it is in use already; nil for SQL that holds no statement. `sql` must hold one statement.
    private func statement(_ sql: String) throws(SQLiteError) -> SQLitePreparedStatement? {
        if let kept = statements[sql], !kept.inUse { return kept }
        let shared = statements[sql] == nil
        guard !sql.isEmpty, case let (handle?, rest) = try prepare(Substring(sql), persistent: shared) else { return nil }
        let s = SQLitePreparedStatement(handle: handle, sql: sql)
        guard rest.allSatisfy({ $0.isWhitespace || $0 == ";" }) else {
            throw SQLiteError(resultCode: SQLITE_MISUSE, message: "more than one statement where one was expected", sql: sql)
        }
        if shared {
            if statements.count >= Self.statementCacheLimit { statements.removeAll(keepingCapacity: true) }
            statements[sql] = s
        }
        return s
    }

    private func bind(_ arguments: SQLiteArguments, _ s: SQLitePreparedStatement) throws(SQLiteError) {
        let stmt = s.handle
        let expected = Int(sqlite3_bind_parameter_count(stmt))
        guard expected == arguments.values.count else {
            throw SQLiteError(resultCode: SQLITE_RANGE, message: "\(arguments.values.count) arguments for \(expected) parameters", sql: s.sql)
        }
        for (n, value) in arguments.values.enumerated() {
            let i = Int32(n + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(stmt, i)
            case .integer(let v): rc = sqlite3_bind_int64(stmt, i, v)
            case .real(let v): rc = sqlite3_bind_double(stmt, i, v)
            case .text(var v):
                rc = v.withUTF8 { buf in
                    // An empty buffer may have no address, and a NULL pointer would bind NULL.
                    guard let base = buf.baseAddress, buf.count > 0 else { return sqlite3_bind_text(stmt, i, "", 0, transient) }
                    return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: buf.count) {
                        sqlite3_bind_text64(stmt, i, $0, sqlite3_uint64(buf.count), transient, UInt8(SQLITE_UTF8))
                    }
                }
            case .blob(let v):
                rc = v.withUnsafeBytes { buf in
                    guard let base = buf.baseAddress, buf.count > 0 else { return sqlite3_bind_zeroblob(stmt, i, 0) }
                    return sqlite3_bind_blob64(stmt, i, base, sqlite3_uint64(buf.count), transient)
                }
            }
            guard rc == SQLITE_OK else { throw error(rc, s.sql) }
        }
    }

    private static func column(_ stmt: OpaquePointer, _ i: Int32) -> SQLiteValue {
        switch sqlite3_column_type(stmt, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(stmt, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(stmt, i))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(stmt, i))
            guard let p = sqlite3_column_text(stmt, i) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(stmt, i))
            guard let p = sqlite3_column_blob(stmt, i), count > 0 else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: count)))
        default: return .null
        }
    }

    /// Runs one statement of `sql` with `arguments`, handing each row to `row` until it returns
    /// false. The statement is reset afterwards whatever happens, so it holds no lock.
    private func run(_ sql: String, _ arguments: SQLiteArguments,
                     _ row: (OpaquePointer, SQLiteColumns) throws(SQLiteError) -> Bool) throws(SQLiteError) {
        guard let s = try statement(sql) else { return }
        s.inUse = true
        defer {
            sqlite3_reset(s.handle)
            sqlite3_clear_bindings(s.handle)
            s.inUse = false
        }
        try bind(arguments, s)
        var columns: SQLiteColumns?
        while true {
            let rc = sqlite3_step(s.handle)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw error(rc, sql) }
            // Read per run, not per statement: a kept `SELECT *` has more columns after ALTER TABLE.
            let names = columns ?? SQLiteColumns((0..<sqlite3_column_count(s.handle)).map { String(cString: sqlite3_column_name(s.handle, $0)) })
            columns = names
            guard try row(s.handle, names) else { return }
        }
    }

    private func rows(_ sql: String, _ arguments: SQLiteArguments, limit: Int) throws(SQLiteError) -> [SQLiteRow] {
        var out: [SQLiteRow] = []
        try run(sql, arguments) { stmt, columns throws(SQLiteError) in
            out.append(SQLiteRow(columns: columns, values: (0..<Int32(columns.names.count)).map { Self.column(stmt, $0) }))
            return out.count < limit
        }
        return out
    }

    /// Runs `sql`: one statement with `arguments`, or, without arguments, a script of several
    /// statements separated by semicolons (each run in turn; the kept statements are for single
    /// statements only).
    public func execute(sql: String, arguments: SQLiteArguments = []) throws(SQLiteError) {
        if arguments.isEmpty, Self.mayHoldSeveral(sql) {
            var rest = Substring(sql)
            while !rest.isEmpty {
                let (stmt, tail) = try prepare(rest, persistent: false)
                rest = tail
                guard let stmt else { continue }
                defer { sqlite3_finalize(stmt) }
                var rc = sqlite3_step(stmt)
                while rc == SQLITE_ROW { rc = sqlite3_step(stmt) }
                guard rc == SQLITE_DONE else { throw error(rc, String(cString: sqlite3_sql(stmt))) }
            }
            return
        }
        // Stepped to the end, as some statements work one step at a time (`PRAGMA incremental_vacuum`).
        try run(sql, arguments) { _, _ throws(SQLiteError) in true }
    }

    /// A semicolon before the end (other than trailing ones) may separate statements.
    private static func mayHoldSeveral(_ sql: String) -> Bool {
        guard let last = sql.lastIndex(where: { !$0.isWhitespace && $0 != ";" }) else { return false }
        return sql[..<last].contains(";")
    }

    /// Every row of the statement.
    public func rows(sql: String, arguments: SQLiteArguments = []) throws(SQLiteError) -> [SQLiteRow] {
        try rows(sql, arguments, limit: Int.max)
    }

    /// The first row of the statement, nil when there is none (the rest are not computed).
    public func row(sql: String, arguments: SQLiteArguments = []) throws(SQLiteError) -> SQLiteRow? {
        try rows(sql, arguments, limit: 1).first
    }

    /// The first column of the first row: nil when there is no row or it is NULL; an error
    /// (`SQLITE_MISMATCH`) when it cannot be a `Value`.
    public func value<Value: SQLiteValueConvertible>(_ type: Value.Type = Value.self, sql: String, arguments: SQLiteArguments = []) throws(SQLiteError) -> Value? {
        guard let r = try row(sql: sql, arguments: arguments), let v = r.values.first, v != .null else { return nil }
        guard let value = Value(sqliteValue: v) else {
            throw SQLiteError(resultCode: SQLITE_MISMATCH, message: "column 0 holds \(v.kind), not a \(Value.self)", sql: sql)
        }
        return value
    }

    /// The first column of every row; an error (`SQLITE_MISMATCH`) when one is NULL or cannot
    /// be a `Value`.
    public func values<Value: SQLiteValueConvertible>(_ type: Value.Type = Value.self, sql: String, arguments: SQLiteArguments = []) throws(SQLiteError) -> [Value] {
        var out: [Value] = []
        for r in try rows(sql: sql, arguments: arguments) {
            let v = r.values.first ?? .null
            guard let value = Value(sqliteValue: v) else {
                throw SQLiteError(resultCode: SQLITE_MISMATCH, message: "column 0 holds \(v.kind), not a \(Value.self)", sql: sql)
            }
            out.append(value)
        }
        return out
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE (`sqlite3_changes64`).
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// The rowid of the last row inserted on this connection.
    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Inside an explicit transaction (not in autocommit mode).
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    // MARK: Transactions

    /// How a transaction takes its lock.
    public enum TransactionKind: String, Sendable {
        /// At the first read (a read transaction sees one snapshot from then on), or write.
        case deferred = "DEFERRED"
        /// The write lock at once: writers take turns from the start.
        case immediate = "IMMEDIATE"
    }

    /// `body` in a transaction: committed when it returns, rolled back when it (or the commit)
    /// throws.
    public func inTransaction<T>(_ kind: TransactionKind, _ body: (SQLiteConnection) throws -> T) throws -> T {
        try execute(sql: "BEGIN \(kind.rawValue)")
        let result: T
        do {
            result = try body(self)
            try execute(sql: "COMMIT")
        } catch {
            // SQLite may have rolled back already (after SQLITE_FULL, SQLITE_IOERR, …).
            if isInTransaction { try? execute(sql: "ROLLBACK") }
            throw error
        }
        return result
    }

    /// How `walCheckpoint` treats readers and writers.
    public enum CheckpointMode: Int32, Sendable {
        /// As much as can be done without waiting for anyone.
        case passive = 0
        /// Waits for writers, then copies everything.
        case full = 1
        /// `full`, then waits for readers to finish with the log.
        case restart = 2
        /// `restart`, then truncates the log file.
        case truncate = 3
    }

    /// Folds the write-ahead log back into the database file (`sqlite3_wal_checkpoint_v2`);
    /// returns the frames in the log and the frames copied back.
    @discardableResult
    public func walCheckpoint(_ mode: CheckpointMode) throws(SQLiteError) -> (logFrames: Int, checkpointedFrames: Int) {
        var log: Int32 = -1, done: Int32 = -1
        let rc = sqlite3_wal_checkpoint_v2(handle, nil, mode.rawValue, &log, &done)
        guard rc == SQLITE_OK else { throw error(rc, nil) }
        return (Int(log), Int(done))
    }
}

// MARK: Locks

/// A pthread mutex (error-checking: taking it again on the thread that holds it is a
/// programming error, reported, not a deadlock), with a condition for waiting on it.
final class SQLiteLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ERRORCHECK))
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        let rc = pthread_mutex_lock(mutex)
        precondition(rc == 0, "SQLite: a connection used again from inside its own use (not reentrant)")
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits for `signal`; call with the lock held.
    func wait() { pthread_cond_wait(condition, mutex) }

    func signal() { pthread_cond_signal(condition) }
}

// MARK: Databases

/// A database file to read and write through: a pool of connections, or one connection.
public protocol SQLiteDatabase: AnyObject, Sendable {
    /// `body` in a read transaction: everything it reads is one snapshot of the file.
    func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T
    /// `body` in a write transaction (`BEGIN IMMEDIATE`): committed when it returns, rolled
    /// back when it throws.
    func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T
    /// `body` on the connection that writes, outside any transaction (pragmas, checkpoints,
    /// transactions of its own).
    func writeWithoutTransaction<T>(_ body: (SQLiteConnection) throws -> T) throws -> T
}

/// One connection, used by one thread at a time: for reading a file without changing it (a
/// read-only connection), or for a file one process opens briefly.
public final class SQLiteSerialConnection: SQLiteDatabase, @unchecked Sendable {
    private let connection: SQLiteConnection
    private let lock = SQLiteLock()

    /// Opens `path` as `configuration` says (see `SQLiteConnection.init(path:configuration:)`).
    public init(path: String, configuration: SQLiteConfiguration) throws(SQLiteError) {
        connection = try SQLiteConnection(path: path, configuration: configuration)
    }

    public func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try lock.withLock { try connection.inTransaction(.deferred, body) }
    }

    public func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try lock.withLock { try connection.inTransaction(.immediate, body) }
    }

    public func writeWithoutTransaction<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try lock.withLock { try body(connection) }
    }

    /// Closes the connection now rather than when this goes.
    public func close() {
        lock.withLock { connection.close() }
    }
}

/// A file in WAL mode with one connection that writes and up to `maximumReaders` that read at
/// the same time as it and each other, each read seeing one snapshot of the file.
///
/// Writes take turns on the writer (one thread at a time, each in `BEGIN IMMEDIATE … COMMIT`);
/// each read takes a free reader (opening one when there are fewer than the most, else waiting
/// for one) in a deferred read transaction. Readers are opened read-write but `query_only`, so
/// they can open a WAL file whose log another connection has not created yet.
public final class SQLitePool: SQLiteDatabase, @unchecked Sendable {
    /// The file, as given.
    public let path: String
    private let configuration: SQLiteConfiguration
    private let writer: SQLiteConnection
    private let writerLock = SQLiteLock()
    private let readersLock = SQLiteLock()
    /// Guarded by `readersLock`.
    private var idleReaders: [SQLiteConnection] = []
    private var openReaders = 0

    /// Opens (or creates) `path`, runs `configuration.prepare` on the writer, and switches the
    /// file to WAL mode (`PRAGMA journal_mode = WAL`; `synchronous = NORMAL`). Switching takes
    /// an exclusive lock for a moment: another process holding the file then makes this fail
    /// with `SQLITE_BUSY` or `SQLITE_LOCKED` at once (the caller may try again).
    public init(path: String, configuration: SQLiteConfiguration) throws(SQLiteError) {
        precondition(!configuration.readonly && configuration.maximumReaders > 0)
        self.path = path
        self.configuration = configuration
        writer = try SQLiteConnection(path: path, configuration: configuration)
        let mode = try writer.value(String.self, sql: "PRAGMA journal_mode = WAL")
        guard mode?.lowercased() == "wal" else {
            throw SQLiteError(resultCode: SQLITE_ERROR, message: "could not switch \(path) to WAL mode (journal mode \(mode ?? "unknown"))")
        }
        try writer.execute(sql: "PRAGMA synchronous = NORMAL")
    }

    deinit {
        // Readers first: the last connection to close folds the log back.
        idleReaders = []
        writer.close()
    }

    public func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try writerLock.withLock { try writer.inTransaction(.immediate, body) }
    }

    public func writeWithoutTransaction<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try writerLock.withLock { try body(writer) }
    }

    public func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let reader = try takeReader()
        var healthy = true
        defer { giveBack(reader, keep: healthy) }
        do {
            return try reader.inTransaction(.deferred, body)
        } catch {
            // A reader left inside a transaction (a failed ROLLBACK) is not used again.
            healthy = !reader.isInTransaction
            throw error
        }
    }

    private func takeReader() throws(SQLiteError) -> SQLiteConnection {
        let idle: SQLiteConnection? = readersLock.withLock {
            while idleReaders.isEmpty && openReaders >= configuration.maximumReaders { readersLock.wait() }
            if let r = idleReaders.popLast() { return r }
            openReaders += 1
            return nil
        }
        if let idle { return idle }
        do {
            return try openReader()
        } catch {
            readersLock.withLock { openReaders -= 1; readersLock.signal() }
            throw error
        }
    }

    private func giveBack(_ reader: SQLiteConnection, keep: Bool) {
        readersLock.withLock {
            if keep { idleReaders.append(reader) } else { openReaders -= 1 }
            readersLock.signal()
        }
    }

    private func openReader() throws(SQLiteError) -> SQLiteConnection {
        let reader = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE, busyTimeout: configuration.busyTimeout)
        do { try configuration.prepare?(reader) } catch let e as SQLiteError { throw e } catch {
            throw SQLiteError(resultCode: SQLITE_ERROR, message: "\(error)")
        }
        try reader.execute(sql: "PRAGMA query_only = 1")
        try reader.validateFormat()
        return reader
    }
}
