import Foundation
import Testing
@testable import History
import Providers
import Sandbox
import Session
import Transport
import WaconTestSupport
import WhatsAppModel

func tempHistoryPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("wacon-history-\(UUID().uuidString)/history.sqlite").path
}

/// A report as a send would make it, without a network: a request with a secret, a response.
func report(_ gateway: GatewayID = .kaleyra, status: Int = 202, body: String = #"{"code":"WA202","message":"Request Accepted","data":{"message_id":"A123"},"error":{}}"#,
            secret: String = "A0000sampleWaconSandboxKey000003", to: String = "+27123456789") -> (SendReport, OutboundMessage) {
    var profile = Profile.builtIn(gateway)
    profile.secret = .inline(secret)
    var message = sample(.text, for: gateway.gateway)!
    message.to = to
    let prep = gateway.gateway.prepare(message, profile: profile)
    let response = WireResponse(status: status, headers: [("Content-Type", "application/json")], body: body)
    let exchange = WireExchange(request: prep.request!, result: .success(response), startedAt: Date(), headersAfter: .milliseconds(3), total: .milliseconds(5))
    return (SendReport(gateway: gateway, profile: profile.name, preparation: prep, attempts: [SendAttempt(exchange: exchange, outcome: gateway.gateway.decode(response))]), message)
}

func draft(_ r: (SendReport, OutboundMessage), cap: Int = 65536, at: Date = Date()) -> HistoryDraft {
    HistoryDraft(report: r.0, message: r.1, options: VendorOptions(), scenario: nil, bodyCap: cap, now: at)
}

@Suite struct HistoryStoreTests {
    @Test func recordsListsFiltersSearchesAndShows() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let a = try store.record(draft(report(.kaleyra)))
        let b = try store.record(draft(report(.meta, status: 400, body: #"{"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,"error_data":{"details":"window closed"},"fbtrace_id":"Xyz"}}"#, to: "+1 650 555 1234")))
        let c = try store.record(draft(report(.kaleyra, status: 400, body: #"{"code":"E110","message":"Please check your balance, You have a low balance!","data":{},"error":{"balance":"low"}}"#)))
        #expect([a, b, c] == [1, 2, 3])
        #expect(try store.list(HistoryFilter()).map(\.id) == [3, 2, 1])
        var f = HistoryFilter()
        f.gateway = "kaleyra"
        #expect(try store.list(f).map(\.id) == [3, 1])
        f = HistoryFilter(); f.outcome = "window"
        #expect(try store.list(f).map(\.id) == [2])
        f = HistoryFilter(); f.outcome = "rejected"
        #expect(try store.list(f).map(\.id) == [3, 2])
        f = HistoryFilter(); f.vendorCode = "E110"
        #expect(try store.list(f).map(\.id) == [3])
        f = HistoryFilter(); f.recipient = "+1 (650) 555-1234"
        #expect(try store.list(f).map(\.id) == [2])
        f = HistoryFilter(); f.search = "Re-engagement"
        #expect(try store.list(f).map(\.id) == [2])
        f = HistoryFilter(); f.search = "low bal"  // words, the last a prefix
        #expect(try store.list(f).map(\.id) == [3])
        f = HistoryFilter(); f.search = "(#131047) \"quoted"
        #expect(try store.list(f).isEmpty, "FTS syntax in user text is quoted, not an error")
        f = HistoryFilter(); f.since = Date().addingTimeInterval(60)
        #expect(try store.list(f).isEmpty)
        f = HistoryFilter(); f.limit = 1; f.beforeID = 3
        #expect(try store.list(f).map(\.id) == [2])
        let e = try #require(try store.entry(id: 2))
        #expect(e.outcome == "rejected")
        #expect(e.category == "window")
        #expect(e.response?.status == 400)
        #expect(try OutboundMessage.parse(e.message).to == "+1 650 555 1234")
        #expect(e.request?.url.contains("/messages") == true)
    }

    @Test func statusesAttachToTheirMessage() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let id = try store.record(draft(report(.kaleyra)))
        #expect(try store.attach(DeliveryStatus(gateway: .kaleyra, messageID: "A123", status: "delivered")) == id)
        #expect(try store.attach(DeliveryStatus(gateway: .kaleyra, messageID: "A123", status: "failed", errors: [StatusError(code: "131047", title: "Re-engagement message", details: nil)])) == id)
        #expect(try store.attach(DeliveryStatus(gateway: .kaleyra, messageID: "nope", status: "read")) == nil)
        let e = try #require(try store.entry(id: id))
        #expect(e.statuses.map(\.status) == ["delivered", "failed"])
        #expect(e.statuses.last?.errors?.contains("131047") == true)
    }

    /// An export never replaces a file unless asked: the first free name is taken instead,
    /// and a refused write leaves the file as it was, with no temporary file behind.
    @Test func exportsNeverReplaceAFileUnlessAsked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("wacon-13.har").path
        try HistoryExport.write("first", to: path)
        #expect(throws: HistoryError.self) { try HistoryExport.write("second", to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
        #expect(try HistoryExport.writeNew("third", near: path) == folder.appendingPathComponent("wacon-13-2.har").path)
        #expect(try HistoryExport.writeNew("fourth", near: path) == folder.appendingPathComponent("wacon-13-3.har").path)
        try HistoryExport.write("replaced", to: path, replacing: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "replaced")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["wacon-13-2.har", "wacon-13-3.har", "wacon-13.har"])
    }

    @Test func theFileIsPrivate() throws {
        let path = tempHistoryPath()
        let store = try HistoryStore(path: path)
        try store.record(draft(report()))
        let fm = FileManager.default
        #expect((try fm.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        #expect((try fm.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)[.posixPermissions] as? Int) == 0o700)
        #expect(try store.damage() == nil)
    }

    @Test func bodiesAreCappedAndFlagged() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let big = #"{"code":"WA500","message":""# + String(repeating: "x", count: 5000) + #""}"#
        let id = try store.record(draft(report(.kaleyra, status: 500, body: big), cap: 1000))
        let e = try #require(try store.entry(id: id))
        #expect(e.response?.body.count == 1000)
        #expect(e.response?.bytes == big.utf8.count)
        #expect(e.response?.truncated == true)
    }

    @Test func retentionDropsTheOldestPastEitherCap() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        for _ in 0..<12 { try store.record(draft(report())) }
        #expect(try store.enforce(RetentionPolicy(maxEntries: 10, maxBytes: 1 << 40, bodyCap: 65536)) == 2)
        #expect(try store.list(HistoryFilter()).map(\.id).last == 3)
        // By bytes in the file: a cap at about half of what is in use halves the entries.
        let used = try store.stats().bytes
        let deleted = try store.enforce(RetentionPolicy(maxEntries: 100, maxBytes: used / 2, bodyCap: 65536))
        #expect(deleted >= 4 && deleted <= 6, "\(deleted)")
        #expect(try store.stats().total == 10 - deleted)
        #expect(try store.enforce(RetentionPolicy(maxEntries: 100, maxBytes: 1 << 40, bodyCap: 65536)) == 0)
        // The search index follows deletions.
        var f = HistoryFilter(); f.search = "WA202"
        #expect(try store.list(f).count == (try store.stats().total))
    }

    @Test func deleteByIDAndBeforeADate() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let old = try store.record(draft(report(), at: Date(timeIntervalSinceNow: -86_400 * 10)))
        let mid = try store.record(draft(report(), at: Date(timeIntervalSinceNow: -86_400 * 5)))
        let new = try store.record(draft(report()))
        #expect(try store.delete(before: Date(timeIntervalSinceNow: -86_400 * 7)) == 1)
        #expect(try store.entry(id: old) == nil)
        #expect(try store.delete(ids: [mid, 999]) == 1)
        #expect(try store.list(HistoryFilter()).map(\.id) == [new])
    }

    @Test func aFileThatIsNotAWaconHistoryIsNeverOverwritten() throws {
        let fm = FileManager.default
        // Damaged: random bytes.
        let corrupt = tempHistoryPath()
        try fm.createDirectory(atPath: (corrupt as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let junk = Data((0..<8192).map { _ in UInt8.random(in: 0...255) })
        try junk.write(to: URL(fileURLWithPath: corrupt))
        #expect { try HistoryStore(path: corrupt) } throws: { ($0 as? HistoryError).map { if case .corrupt = $0 { true } else { false } } ?? false }
        #expect(try Data(contentsOf: URL(fileURLWithPath: corrupt)) == junk)
        let moved = try HistoryStore.moveAside(corrupt)
        #expect(!fm.fileExists(atPath: corrupt) && fm.fileExists(atPath: moved))
        #expect(try HistoryStore(path: corrupt).list(HistoryFilter()).isEmpty, "a new history starts after moving aside")
        // Foreign: someone else's SQLite database.
        let foreign = tempHistoryPath()
        try fm.createDirectory(atPath: (foreign as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [foreign, "CREATE TABLE notes(x); INSERT INTO notes VALUES ('keep me');"]
        try sqlite.run(); sqlite.waitUntilExit()
        let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
        #expect { try HistoryStore(path: foreign) } throws: { ($0 as? HistoryError).map { if case .foreign = $0 { true } else { false } } ?? false }
        #expect(try Data(contentsOf: URL(fileURLWithPath: foreign)) == before)
        // Newer: a wacon history with a schema from the future.
        let newer = tempHistoryPath()
        _ = try HistoryStore(path: newer)
        let bump = Process()
        bump.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        bump.arguments = [newer, "PRAGMA user_version = 99;"]
        try bump.run(); bump.waitUntilExit()
        #expect { try HistoryStore(path: newer) } throws: { error in
            guard case .newerSchema(_, let v, let s)? = error as? HistoryError else { return false }
            return v == 99 && s == HistoryStore.schemaVersion
        }
    }

    @Test func aFullDiskIsAClearErrorAndTheFileStaysSound() throws {
        let path = tempHistoryPath()
        _ = try HistoryStore(path: path)
        // SQLite's own limit stands in for a full disk: the same SQLITE_FULL path.
        let store = try HistoryStore(path: path, maxPageCount: 40)
        let huge = #"{"code":"WA500","message":""# + String(repeating: "y", count: 300_000) + #""}"#
        #expect { try store.record(draft(report(.kaleyra, status: 500, body: huge), cap: 1 << 20)) } throws: { error in
            guard case .storage(let m)? = error as? HistoryError else { return false }
            return m.contains("full")
        }
        #expect(try store.damage() == nil)
        #expect(try store.record(draft(report())) > 0, "small entries still fit")
    }
}

/// Secrets never reach the file, exports or the search index; replay still works.
@Suite(.serialized) struct HistorySecretTests {
    @Test func noGatewayKeyReachesTheFileOrAnyExportAndReplayStillWorks() async throws {
        let path = tempHistoryPath()
        let store = try HistoryStore(path: path)
        let session = WaconSession(history: store)
        var keys: [String] = []
        var ids: [Int64] = []
        for id in GatewayID.allCases {
            // The sandbox accepts the built-in key; the built-in profile carries it inline.
            let profile = Profile.builtIn(id)
            keys.append(try #require(profile.resolvedSecret()?.value))
            let m = try #require(sample(.text, for: id.gateway))
            let sent = try await session.send(SendJob(message: m, gateway: id, profile: profile, options: id == .zixflow ? VendorOptions(["post_back_data": "x"]) : VendorOptions()))
            #expect(sent.report.outcome?.isAccepted == true, "\(id)")
            ids.append(try #require(sent.historyID))
            // A rejected send too (the key must not hide in error bodies either).
            _ = try await session.send(SendJob(message: m, gateway: id, profile: profile, scenario: "131047"))
        }
        await session.close()
        let entries = try ids.map { try #require(try store.entry(id: $0)) }
        let exports = entries.map(HistoryExport.curl).joined() + JSONWriter.compactString(HistoryExport.har(entries))
            + entries.map { JSONWriter.compactString(HistoryExport.json($0)) }.joined()
        #expect(exports.contains(Redactor.mask))
        // Every byte of the database, its WAL and shared memory.
        var bytes = Data()
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            bytes.append(try Data(contentsOf: URL(fileURLWithPath: path + suffix)))
        }
        #expect(bytes.count > 10_000)
        for key in keys {
            #expect(bytes.range(of: Data(key.utf8)) == nil, "a key is in the history file")
            #expect(!exports.contains(key), "a key is in an export")
        }
        // Replay from the record: the secret comes from the current profile.
        let replaySession = WaconSession(history: store)
        for (i, id) in GatewayID.allCases.enumerated() {
            let e = entries[i]
            let again = try await replaySession.send(try await replaySession.replayJob(e.id, through: .builtIn(id)))
            #expect(again.report.outcome?.isAccepted == true, "replay through \(id)")
        }
        await replaySession.close()
    }
}

/// A server that answers 401 and echoes the key with its first characters JSON-escaped: nothing
/// of the key reaches the history file, `show --json`, or any export, decoded or not.
@Suite struct HistoryEchoedSecretTests {
    @Test func anEscapedEchoOfTheKeyIsNeitherStoredNorShown() throws {
        let key = "EAAJhm3xQpZr0PsandboxLongToken7788"
        let escaped = #"\u0045\u0041\u0041\u004a\u0068\u006d"# + key.dropFirst(6)
        let body = #"{"error":{"message":"(#190) Invalid OAuth access token: "# + escaped + #"","type":"OAuthException","code":190}}"#
        let path = tempHistoryPath()
        let store = try HistoryStore(path: path)
        let id = try store.record(draft(report(.meta, status: 401, body: body, secret: key)))
        let e = try #require(try store.entry(id: id))
        let shown = JSONWriter.prettyString(HistoryExport.json(e)) + HistoryExport.text([e], as: .har) + HistoryExport.curl(e)
            + String(decoding: e.response?.body ?? [], as: UTF8.self) + (e.vendorMessage ?? "")
        // What `history show` prints: the body parsed (escapes decoded) and pretty-printed.
        let pretty = (try? JSONParser.parse(e.response?.body ?? [])).map(JSONWriter.prettyString) ?? ""
        for text in [shown, pretty] {
            #expect(!text.contains(key) && !text.contains(key.dropFirst(6)) && !text.contains(key.prefix(12)), "\(text)")
        }
        #expect(pretty.contains("Invalid OAuth access token: [redacted]"))
        var bytes = Data()
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
            bytes.append(try Data(contentsOf: URL(fileURLWithPath: path + suffix)))
        }
        #expect(bytes.range(of: Data(key.dropFirst(6).utf8)) == nil, "the key's tail is in the file")
    }
}

/// A search with filters that match few of its hits walks the newest hits one by one, then the
/// filters' indexes below them: the same entries, newest first, page by page, either way.
@Suite struct FilteredSearchTests {
    /// Both ways: hits one by one within the budget, and (a budget of one step) the window and
    /// the filters' indexes below it.
    @Test(arguments: [HistoryStore.searchBudget, 1])
    func matchesBelowTheWindowOfHitsAreFoundInOrder(budget: Int32) throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let refused = #"{"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,"fbtrace_id":"Xyz"}}"#
        // The oldest 7 hits are Kaleyra's; then more Meta hits than the window holds.
        var drafts = (0..<7).map { _ in draft(report(.kaleyra, status: 400, body: #"{"code":"E110","message":"Re-engagement blocked, low balance","data":{},"error":{}}"#)) }
        drafts += (0..<(HistoryStore.searchWindow + 300)).map { _ in draft(report(.meta, status: 400, body: refused)) }
        let ids = try store.record(batch: drafts)
        let kaleyra = Array(ids.prefix(7).reversed())
        var f = HistoryFilter()
        f.search = "Re-engagement"
        f.gateway = "kaleyra"
        #expect(try store.list(f, searchBudget: budget).map(\.id) == kaleyra)
        // Page by page across the window's edge.
        f.limit = 3
        var seen: [Int64] = []
        while true {
            let page = try store.list(f, searchBudget: budget)
            if page.isEmpty { break }
            seen += page.map(\.id)
            f.beforeID = page.last!.id
        }
        #expect(seen == kaleyra)
        // A filter that matches none of the hits.
        f = HistoryFilter()
        f.search = "Re-engagement"
        f.gateway = "zixflow"
        #expect(try store.list(f, searchBudget: budget).isEmpty)
        // Matches inside the window and below it, in one page.
        f = HistoryFilter()
        f.search = "Re-engagement"
        f.outcome = "rejected"
        f.limit = HistoryStore.searchWindow + 5
        let all = try store.list(f, searchBudget: budget).map(\.id)
        #expect(all == Array(ids.reversed().prefix(HistoryStore.searchWindow + 5)))
    }
}
