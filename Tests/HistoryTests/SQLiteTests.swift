import Foundation
import Testing
@testable import History

// SQLite's result codes (stable across versions), as the tests name them.
private let sqliteError: Int32 = 1, sqliteBusy: Int32 = 5, sqliteReadonly: Int32 = 8, sqliteConstraint: Int32 = 19
private let sqliteMismatch: Int32 = 20, sqliteRange: Int32 = 25, sqliteNotADB: Int32 = 26
private let sqliteConstraintUnique: Int32 = 2067

private func tempDatabase() throws -> String {
    let path = tempHistoryPath()
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    return path
}

private struct Thrown: Error {}

/// The SQLite layer under HistoryStore, on real files: exact binding and reading, errors with
/// SQLite's codes, transactions, snapshots, and the statement cache.
@Suite struct SQLiteTests {
    @Test func everyValueTypeRoundTripsExactly() throws {
        let db = try SQLiteConnection(path: try tempDatabase(), configuration: SQLiteConfiguration())
        // No declared type: each value is stored in the class it was bound as.
        try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY, v)")
        let text = "héllo \u{1F600} a\u{0}b \"quoted\" ; -- not a comment"
        let bytes = [UInt8](0...255)
        let values: [(any SQLiteValueConvertible)?] = [Int64.max, Int64.min, Int.max, Int32.min, 0.1, -1e300, Double.greatestFiniteMagnitude,
                                                       true, false, text, "", nil, bytes, [UInt8](), Data([1, 2, 3]), Data()]
        for (i, v) in values.enumerated() {
            try db.execute(sql: "INSERT INTO t (n, v) VALUES (?, ?)", arguments: [i, v])
        }
        func v(_ n: Int) throws -> SQLiteRow { try #require(try db.row(sql: "SELECT v, typeof(v) AS type, length(CAST(v AS BLOB)) AS bytes FROM t WHERE n = ?", arguments: [n])) }
        #expect(try v(0)["v"] as Int64 == Int64.max)
        #expect(try v(1)["v"] as Int64 == Int64.min)
        #expect(try v(2)["v"] as Int == Int.max)
        #expect(try v(3)["v"] as Int32 == Int32.min)
        #expect(try v(3)["v"] as Int64 == Int64(Int32.min))
        #expect(try v(4)["v"] as Double == 0.1)
        #expect(try v(5)["v"] as Double == -1e300)
        #expect(try v(6)["v"] as Double == Double.greatestFiniteMagnitude)
        #expect(try v(7)["v"] as Bool == true && (try v(7)["v"] as Int) == 1)
        #expect(try v(8)["v"] as Bool == false && (try v(8)["v"] as Int) == 0)
        #expect(try v(9)["v"] as String == text, "text with an embedded NUL and emoji, by its length")
        #expect(try v(9)["bytes"] as Int == text.utf8.count, "bound by its length, past the NUL")
        #expect(try v(10)["type"] as String == "text", "an empty string is text")
        #expect(try v(10)["v"] as String? == "")
        #expect(try v(11)["type"] as String == "null")
        #expect(try v(11)["v"] as String? == nil)
        #expect(try v(11)["v"] as Int64? == nil)
        #expect(try v(12)["v"] as [UInt8] == bytes)
        #expect(try v(12)["type"] as String == "blob")
        #expect(try v(13)["type"] as String == "blob", "a zero-length blob is not NULL")
        #expect(try v(13)["v"] as [UInt8] == [])
        #expect(try v(14)["v"] as Data == Data([1, 2, 3]))
        #expect(try v(15)["type"] as String == "blob")
        #expect(try v(15)["v"] as Data == Data())
        // By index, and by name in any case.
        let row = try v(0)
        #expect(row[0] as Int64 == Int64.max)
        #expect(row["V"] as Int64 == Int64.max)
        #expect(row.hasColumn("type") && !row.hasColumn("nope"))
        #expect(row["nope"] as String? == nil)
        #expect(row.columnNames == ["v", "type", "bytes"])
        // Typed single values and lists.
        #expect(try db.value(Int64.self, sql: "SELECT v FROM t WHERE n = 1") == Int64.min)
        #expect(try db.value(String.self, sql: "SELECT v FROM t WHERE n = 11") == nil, "NULL is nil")
        #expect(try db.value(String.self, sql: "SELECT v FROM t WHERE n = 99") == nil, "no row is nil")
        #expect(try db.values(Int.self, sql: "SELECT n FROM t WHERE n < 3 ORDER BY n DESC") == [2, 1, 0])
        // A whole-number REAL reads as an integer; a fraction does not.
        #expect(try db.value(Int.self, sql: "SELECT 3.0") == 3)
        #expect { try db.value(Int.self, sql: "SELECT 3.5") } throws: { ($0 as? SQLiteError)?.resultCode == sqliteMismatch }
        #expect { try db.values(String.self, sql: "SELECT v FROM t WHERE n IN (10, 11)") } throws: { ($0 as? SQLiteError)?.resultCode == sqliteMismatch }
    }

    @Test func sequencesAndListsBindAsArguments() throws {
        let db = try SQLiteConnection(path: try tempDatabase(), configuration: SQLiteConfiguration())
        try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3), (4);")
        let ids: [Int64] = [2, 4]
        #expect(try db.values(Int64.self, sql: "SELECT n FROM t WHERE n IN (?, ?) ORDER BY n", arguments: SQLiteArguments(ids)) == [2, 4])
        let mixed: [(any SQLiteValueConvertible)?] = [1, "3"]
        #expect(try db.values(Int64.self, sql: "SELECT n FROM t WHERE n IN (?, ?) ORDER BY n", arguments: SQLiteArguments(mixed)) == [1, 3],
                "text compares to an INTEGER column by its affinity")
        #expect(db.changes == 4 && db.lastInsertedRowID == 4)
        try db.execute(sql: "DELETE FROM t WHERE n > ?", arguments: [2])
        #expect(db.changes == 2)
    }

    @Test func errorsCarrySQLitesCodeAndMessage() throws {
        let db = try SQLiteConnection(path: try tempDatabase(), configuration: SQLiteConfiguration())
        try db.execute(sql: "CREATE TABLE t (k TEXT UNIQUE)")
        try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: ["a"])
        #expect { try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: ["a"]) } throws: { error in
            guard let e = error as? SQLiteError else { return false }
            return e.resultCode == sqliteConstraint && e.extendedResultCode == sqliteConstraintUnique
                && e.message.contains("UNIQUE constraint failed: t.k") && e.sql == "INSERT INTO t VALUES (?)"
                && "\(e)".contains("SQLite error 19: UNIQUE constraint failed: t.k")
        }
        #expect { try db.execute(sql: "SELEC 1") } throws: { error in
            guard let e = error as? SQLiteError else { return false }
            return e.resultCode == sqliteError && e.message.contains("syntax error")
        }
        #expect { try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: ["a", "b"]) } throws: { ($0 as? SQLiteError)?.resultCode == sqliteRange }
        // The connection is sound after each error: the failed statements left no lock behind.
        try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: ["b"])
        #expect(try db.value(Int.self, sql: "SELECT count(*) FROM t") == 2)
    }

    @Test func aFileThatIsNotADatabaseFailsWhenOpened() throws {
        let path = try tempDatabase()
        let junk = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try junk.write(to: URL(fileURLWithPath: path))
        for readonly in [true, false] {
            #expect { try SQLiteConnection(path: path, configuration: SQLiteConfiguration(readonly: readonly)) } throws: { error in
                guard let e = error as? SQLiteError else { return false }
                return e.resultCode == sqliteNotADB && e.message.contains("not a database")
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == junk)
    }

    @Test func aReadOnlyConnectionCannotWrite() throws {
        let path = try tempDatabase()
        try SQLiteConnection(path: path, configuration: SQLiteConfiguration()).execute(sql: "CREATE TABLE t (x)")
        let reader = try SQLiteSerialConnection(path: path, configuration: SQLiteConfiguration(readonly: true))
        #expect { try reader.write { try $0.execute(sql: "INSERT INTO t VALUES (1)") } } throws: { ($0 as? SQLiteError)?.resultCode == sqliteReadonly }
        #expect(try reader.read { try $0.value(Int.self, sql: "SELECT count(*) FROM t") } == 0)
    }

    @Test func theWriterRollsBackWhenItsWorkThrows() throws {
        let pool = try SQLitePool(path: try tempDatabase(), configuration: SQLiteConfiguration())
        try pool.write { try $0.execute(sql: "CREATE TABLE t (x)") }
        #expect(throws: Thrown.self) {
            try pool.write { db in
                try db.execute(sql: "INSERT INTO t VALUES (1)")
                #expect(db.isInTransaction)
                throw Thrown()
            }
        }
        // A failing statement inside the work rolls back what came before it too.
        #expect(throws: SQLiteError.self) {
            try pool.write { db in
                try db.execute(sql: "INSERT INTO t VALUES (2)")
                try db.execute(sql: "INSERT INTO missing VALUES (3)")
            }
        }
        #expect(try pool.read { try $0.value(Int.self, sql: "SELECT count(*) FROM t") } == 0)
        try pool.write { try $0.execute(sql: "INSERT INTO t VALUES (4)") }
        #expect(try pool.read { try $0.values(Int.self, sql: "SELECT x FROM t") } == [4], "the writer still writes")
        #expect(try pool.writeWithoutTransaction { $0.isInTransaction } == false)
    }

    @Test func aSecondWriterWithoutABusyTimeoutIsToldBusy() throws {
        let path = try tempDatabase()
        let first = try SQLitePool(path: path, configuration: SQLiteConfiguration(busyTimeout: .seconds(10)))
        let second = try SQLitePool(path: path, configuration: SQLiteConfiguration())
        try first.write { try $0.execute(sql: "CREATE TABLE t (x)") }
        try first.write { db in
            try db.execute(sql: "INSERT INTO t VALUES (1)")
            #expect { try second.write { try $0.execute(sql: "INSERT INTO t VALUES (2)") } } throws: { error in
                guard let e = error as? SQLiteError else { return false }
                return e.resultCode == sqliteBusy && e.message.contains("locked")
            }
            // Readers of another pool are not held up by a writer (WAL).
            #expect(try second.read { try $0.value(Int.self, sql: "SELECT count(*) FROM t") } == 0)
        }
        try second.write { try $0.execute(sql: "INSERT INTO t VALUES (2)") }
        #expect(try first.read { try $0.values(Int.self, sql: "SELECT x FROM t ORDER BY x") } == [1, 2])
    }

    @Test func aReadKeepsItsSnapshotWhileTheWriterCommits() throws {
        let pool = try SQLitePool(path: try tempDatabase(), configuration: SQLiteConfiguration())
        try pool.write { try $0.execute(sql: "CREATE TABLE t (x); INSERT INTO t VALUES (1);") }
        let (first, second) = try pool.read { db in
            let first = try db.value(Int.self, sql: "SELECT count(*) FROM t")
            // Another connection commits in the middle of this read.
            try pool.write { try $0.execute(sql: "INSERT INTO t VALUES (2)") }
            return (first, try db.value(Int.self, sql: "SELECT count(*) FROM t"))
        }
        #expect(first == 1 && second == 1, "one read, one snapshot")
        #expect(try pool.read { try $0.value(Int.self, sql: "SELECT count(*) FROM t") } == 2, "the next read sees the commit")
    }

    @Test func manyThreadsReadAndWriteAtOnce() throws {
        var config = SQLiteConfiguration(busyTimeout: .seconds(10))
        config.maximumReaders = 2
        let pool = try SQLitePool(path: try tempDatabase(), configuration: config)
        try pool.write { try $0.execute(sql: "CREATE TABLE t (x INTEGER NOT NULL)") }
        let failures = Failures()
        let group = DispatchGroup()
        // More threads than readers: reads wait for a free reader.
        for i in 0..<12 {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    for j in 0..<20 {
                        if i % 3 == 0 {
                            try pool.write { db in
                                try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [i * 100 + j + 1])
                                try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [-(i * 100 + j + 1)])
                            }
                        } else {
                            // Every committed write added a pair that sums to zero.
                            let (count, sum) = try pool.read { db in
                                (try db.value(Int.self, sql: "SELECT count(*) FROM t") ?? -1, try db.value(Int.self, sql: "SELECT total(x) FROM t") ?? -1)
                            }
                            if count % 2 != 0 || sum != 0 { failures.add("a read saw half a write: \(count) rows, sum \(sum)") }
                        }
                    }
                } catch {
                    failures.add("\(error)")
                }
            }
            thread.start()
        }
        // A watchdog, not a time limit: a deadlock fails the test instead of hanging the run.
        #expect(group.wait(timeout: .now() + 300) == .success)
        #expect(failures.all.isEmpty)
        #expect(try pool.read { try $0.value(Int.self, sql: "SELECT count(*) FROM t") } == 4 * 20 * 2)
    }

    @Test func theStatementCacheGivesRightAnswersAcrossArgumentsAndSchemaChanges() throws {
        let db = try SQLiteConnection(path: try tempDatabase(), configuration: SQLiteConfiguration())
        try db.execute(sql: "CREATE TABLE t (a INTEGER)")
        for i in 0..<10 { try db.execute(sql: "INSERT INTO t (a) VALUES (?)", arguments: [i]) }
        for i in 0..<10 {
            #expect(try db.value(Int.self, sql: "SELECT a * 2 FROM t WHERE a = ?", arguments: [i]) == i * 2)
        }
        let select = "SELECT * FROM t WHERE a = ?"
        #expect(try db.row(sql: select, arguments: [3])?.columnNames == ["a"])
        // The kept statement is prepared again by SQLite after the schema changed.
        try db.execute(sql: "ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'new'")
        let row = try #require(try db.row(sql: select, arguments: [3]))
        #expect(row.columnNames == ["a", "b"])
        #expect(row["b"] as String == "new")
        try db.execute(sql: "DROP TABLE t")
        #expect { try db.row(sql: select, arguments: [3]) } throws: { ($0 as? SQLiteError)?.message.contains("no such table") == true }
        try db.execute(sql: "CREATE TABLE t (z TEXT, a INTEGER)")
        try db.execute(sql: "INSERT INTO t VALUES ('zed', 3)")
        let again = try #require(try db.row(sql: select, arguments: [3]))
        #expect(again.columnNames == ["z", "a"] && again["z"] as String == "zed")
        // More distinct statements than the cache keeps: each still answers for itself.
        for n in 0..<(SQLiteConnection.statementCacheLimit * 2 + 5) {
            #expect(try db.value(Int.self, sql: "SELECT ? + \(n)", arguments: [1]) == n + 1)
        }
        #expect(try db.value(String.self, sql: "SELECT z FROM t WHERE a = ?", arguments: [3]) == "zed")
    }

    @Test func aScriptRunsEachStatement() throws {
        let db = try SQLiteConnection(path: try tempDatabase(), configuration: SQLiteConfiguration())
        try db.execute(sql: """
            CREATE TABLE a (x TEXT);
            INSERT INTO a VALUES ('one; two');
            CREATE TABLE b (y);
            INSERT INTO b SELECT x FROM a;
            """)
        #expect(try db.value(String.self, sql: "SELECT y FROM b") == "one; two")
        // A semicolon inside a literal of a single statement with arguments is no separator.
        try db.execute(sql: "INSERT INTO a VALUES (? || ';')", arguments: ["three"])
        #expect(try db.values(String.self, sql: "SELECT x FROM a ORDER BY rowid") == ["one; two", "three;"])
        #expect { try db.execute(sql: "INSERT INTO a VALUES (?); INSERT INTO a VALUES (?)", arguments: ["x", "y"]) } throws: { _ in true }
        #expect(try db.value(Int.self, sql: "SELECT count(*) FROM a") == 2, "nothing of a refused script ran")
    }

    @Test func aProgressHandlerInterruptsAStatementWithItsCode() throws {
        let pool = try SQLitePool(path: try tempDatabase(), configuration: SQLiteConfiguration())
        let result = try pool.read { db in
            try HistoryStore.bounded(db, steps: 1_000) {
                try db.value(Int.self, sql: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) SELECT count(*) FROM n")
            }
        }
        #expect(result == nil, "stopped by the budget")
        let small = try pool.read { db in try HistoryStore.bounded(db, steps: 1_000_000) { try db.value(Int.self, sql: "SELECT 41 + 1") } }
        #expect(small == 42)
        #expect(try pool.read { try $0.value(Int.self, sql: "SELECT 7") } == 7, "no handler is left behind")
    }
}

/// Failures collected from several threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ s: String) { lock.withLock { list.append(s) } }
    var all: [String] { lock.withLock { list } }
}
