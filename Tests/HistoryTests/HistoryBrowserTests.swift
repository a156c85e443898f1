import Foundation
import Testing
@testable import History
import Providers
import WaconTestSupport
import WhatsAppModel

private let utc = WallClock.utc

private func day(_ text: String) -> Date {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(identifier: "UTC")!
    f.dateFormat = "yyyy-MM-dd"
    return f.date(from: text)!
}

private let kaleyraLowBalance = #"{"code":"E110","message":"Please check your balance, You have a low balance!","data":{},"error":{"balance":"low"}}"#
private let metaAccepted = #"{"messaging_product":"whatsapp","contacts":[{"input":"+27123456789","wa_id":"27123456789"}],"messages":[{"id":"wamid.HBgLMjc4"}]}"#
private let metaWindowClosed = #"{"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,"error_data":{"details":"window closed"},"fbtrace_id":"Xyz"}}"#

@Suite struct HistoryBrowserQueryTests {
    @Test func readsEveryFilterAndLeavesTheRestToSearch() {
        let q = HistoryQuery(parsing: "kaleyra E110 to:+27123456789 since:2026-11-01 status:rejected some words", clock: utc)
        #expect(q.problems.isEmpty, "\(q.problems)")
        #expect(q.gateway == "kaleyra")
        #expect(q.vendorCode == "E110")
        #expect(q.recipient == "+27123456789")
        #expect(q.since == day("2026-11-01"))
        #expect(q.outcome == "rejected")
        #expect(q.words == ["some", "words"])
        let f = q.filter(limit: 20, beforeID: 99)
        #expect(f.gateway == "kaleyra" && f.vendorCode == "E110" && f.outcome == "rejected" && f.search == "some words")
        #expect(f.limit == 20 && f.beforeID == 99 && f.since == day("2026-11-01"))
    }

    @Test func aTimeWithoutAZoneIsLocalTime() {
        let kolkata = WallClock.offset(seconds: 19_800)
        let expected = ISO8601DateFormatter().date(from: "2026-12-02T06:00:30Z")
        #expect(HistoryQuery.date("2026-12-02T11:30:30", clock: kolkata) == expected)
        #expect(HistoryQuery.date("2026-12-02T11:30", clock: kolkata) == expected?.addingTimeInterval(-30))
        #expect(HistoryQuery.date("2026-12-02T11:30:30Z", clock: kolkata) == expected?.addingTimeInterval(19_800), "an explicit zone wins")
        #expect(HistoryQuery.date("2026-12-02T25:30", clock: kolkata) == nil)
        #expect(HistoryQuery.date("2026-12-02T11:3", clock: kolkata) == nil)
        #expect(HistoryQuery(parsing: "since:2026-12-02T11:30:30", clock: kolkata).since == expected)
    }

    @Test func keysAliasesAndValueForms() {
        let now = day("2026-11-20")
        let q = HistoryQuery(parsing: "GATEWAY:Meta profile:meta-staging outcome:Balance kind:list before:2026-12-01T10:00:00Z recipient:\"+27 82 555 0100\" since:7d code:e110",
                             now: now, clock: utc)
        #expect(q.problems.isEmpty, "\(q.problems)")
        #expect(q.gateway == "meta")
        #expect(q.profile == "meta-staging")
        #expect(q.outcome == "balance")
        #expect(q.kind == "interactive.list")
        #expect(q.before == ISO8601DateFormatter().date(from: "2026-12-01T10:00:00Z"))
        #expect(q.recipient == "+27 82 555 0100")
        #expect(q.since == now.addingTimeInterval(-7 * 86_400))
        #expect(q.vendorCode == "E110", "Kaleyra's codes are stored in capitals")
        #expect(q.words.isEmpty)
        #expect(HistoryQuery(parsing: "until:2026-12-01", clock: utc).before == day("2026-12-01"))
    }

    @Test func bareCodesAndPhonesAreFiltersOtherWordsAreSearched() {
        #expect(HistoryQuery(parsing: "131047").vendorCode == "131047")
        #expect(HistoryQuery(parsing: "WA-401").vendorCode == "WA-401")
        #expect(HistoryQuery(parsing: "WAV2101").vendorCode == "WAV2101")
        #expect(HistoryQuery(parsing: "rbc001").vendorCode == "RBC001")
        #expect(HistoryQuery(parsing: "+27123456789").recipient == "+27123456789")
        let words = HistoryQuery(parsing: "balance e999 12 wamid.HBgL123 Re-engagement - …")
        #expect(words.vendorCode == nil && words.recipient == nil && words.gateway == nil)
        #expect(words.words == ["balance", "e999", "12", "wamid.HBgL123", "Re-engagement"])
        // A bare `+27` is the start of a number (a recipient prefix), no longer a search word.
        #expect(HistoryQuery(parsing: "+27").recipient == "+27")
    }

    @Test func quotesMakeSearchWords() {
        let q = HistoryQuery(parsing: #""E110" "to:me" "kaleyra" https://example.com/x "" "#)
        #expect(q.problems.isEmpty, "\(q.problems)")
        #expect(q.vendorCode == nil && q.gateway == nil && q.recipient == nil)
        #expect(q.words == ["E110", "to:me", "kaleyra", "https://example.com/x"])
    }

    @Test func badTokensAreReportedWithWhereTheyAre() {
        let text = "stauts:rejected status:nope since:yesterday to: gateway:acme kind:hologram to:abc meta zixflow words"
        let q = HistoryQuery(parsing: text)
        #expect(q.problems.map(\.token) == ["stauts:rejected", "status:nope", "since:yesterday", "to:", "gateway:acme", "kind:hologram", "to:abc", "zixflow"])
        for p in q.problems {
            let start = text.index(text.startIndex, offsetBy: p.offset)
            #expect(text[start...].hasPrefix(p.token))
        }
        #expect(q.problems[0].reason.contains("unknown filter"))
        #expect(q.problems[1].reason.contains("rejected"), "the reason lists what status: takes")
        #expect(q.problems[7].reason.contains("given twice"))
        // Bad tokens neither filter nor search; the rest still applies.
        #expect(q.outcome == nil && q.since == nil && q.kind == nil && q.recipient == nil)
        #expect(q.gateway == "zixflow")
        #expect(q.words == ["words"])
    }

    @Test func theCanonicalTextReadsBackTheSame() {
        let q = HistoryQuery(parsing: "kaleyra E110 to:\"+27 82 555 0100\" since:2026-11-01 before:2026-11-05T10:30:00Z status:rejected kind:text profile:p low bal", clock: utc)
        let text = q.text(clock: utc)
        #expect(text.contains("since:2026-11-01 "))
        #expect(HistoryQuery(parsing: text, clock: utc) == q)
        #expect(HistoryQuery(parsing: "  ").isEmpty)
        #expect(!q.isEmpty)
    }
}

@Suite struct HistoryBrowserTests {
    /// Seven entries, oldest first: ids 1…7.
    func seeded() throws -> HistoryBrowser {
        let store = try HistoryStore(path: tempHistoryPath())
        try store.record(draft(report(.kaleyra), at: day("2026-10-30")))                                          // 1
        try store.record(draft(report(.meta, status: 400, body: metaWindowClosed, to: "+1 650 555 1234"), at: day("2026-11-01")))  // 2
        try store.record(draft(report(.kaleyra, status: 400, body: kaleyraLowBalance), at: day("2026-11-02")))     // 3
        try store.record(draft(report(.kaleyra, status: 400, body: kaleyraLowBalance, to: "+27821234567"), at: day("2026-11-03")))  // 4
        try store.record(draft(report(.meta, status: 200, body: metaAccepted), at: day("2026-11-04")))                                           // 5
        try store.record(draft(report(.kaleyra), at: day("2026-11-05")))                                          // 6
        try store.record(draft(report(.kaleyra, status: 400, body: kaleyraLowBalance), at: day("2026-11-06")))     // 7
        return HistoryBrowser(store: store)
    }

    @Test func pagesNewestFirstWithKeysetPaging() throws {
        let browser = try seeded()
        let first = try browser.page(limit: 3)
        #expect(first.rows.map(\.id) == [7, 6, 5])
        #expect(first.nextBefore == 5)
        let second = try browser.page(before: first.nextBefore, limit: 3)
        #expect(second.rows.map(\.id) == [4, 3, 2])
        let last = try browser.page(before: second.nextBefore, limit: 3)
        #expect(last.rows.map(\.id) == [1])
        #expect(last.nextBefore == nil)
        // Exactly a page left: no next page either.
        #expect(try browser.page(before: 4, limit: 3).nextBefore == nil)
        #expect(try browser.page(limit: 0).rows.count == 1, "a page has at least one row")
    }

    @Test func rowsAreLightSummaries() throws {
        let browser = try seeded()
        let rows = try browser.page().rows
        let rejected = try #require(rows.first { $0.id == 7 })
        #expect(rejected.gateway == "kaleyra" && rejected.kind == "text" && rejected.outcome == "rejected")
        #expect(rejected.vendorCode == "E110")
        #expect(rejected.outcomeSummary == "rejected E110 balance")
        #expect(rejected.createdAt == day("2026-11-06"))
        let accepted = try #require(rows.first { $0.id == 6 })
        #expect(accepted.outcomeSummary == "accepted")
        #expect(accepted.messageID == "A123")
        #expect(accepted.recipient == "+27 12 345 6789", "the number sent, grouped as its country writes it")
        #expect(accepted.profile == "kaleyra")
        #expect(rows.first { $0.id == 5 }?.messageID == "wamid.HBgLMjc4")
        let window = try #require(rows.first { $0.id == 2 })
        #expect(window.outcomeSummary == "rejected 131047 window")
    }

    @Test func filterStringsQueryTheStore() throws {
        let browser = try seeded()
        func ids(_ text: String, before: Int64? = nil, limit: Int = 50) throws -> [Int64] {
            let q = HistoryQuery(parsing: text, clock: utc)
            #expect(q.problems.isEmpty, "\(text): \(q.problems)")
            return try browser.page(q, before: before, limit: limit).rows.map(\.id)
        }
        #expect(try ids("kaleyra") == [7, 6, 4, 3, 1])
        #expect(try ids("kaleyra status:rejected") == [7, 4, 3])
        #expect(try ids("E110 to:+27821234567") == [4])
        #expect(try ids("to:\"+27 82 123 4567\"") == [4], "any dialable format")
        #expect(try ids("status:window") == [2])
        #expect(try ids("since:2026-11-02 before:2026-11-05") == [5, 4, 3])
        #expect(try ids("low bal") == [7, 4, 3], "words, the last a prefix")
        #expect(try ids("kaleyra low bal", before: 7, limit: 1) == [4])
        #expect(try ids("Re-engagement") == [2])
        #expect(try ids("meta status:accepted") == [5])
        #expect(try ids("zixflow").isEmpty)
        #expect(try ids("kind:list").isEmpty)
        #expect(try ids("\"(#131047)\" Re-eng") == [2], "FTS syntax in user text is only text")
    }

    /// Numbers match by their digits as a prefix, written however people write them, and
    /// each filter example of the README reads without a problem and filters.
    @Test func numbersArePrefixesAndTheREADMEExamplesFilter() throws {
        let browser = try seeded()
        func ids(_ text: String) throws -> [Int64] {
            let q = HistoryQuery(parsing: text, clock: utc)
            #expect(q.problems.isEmpty, "\(text): \(q.problems)")
            return try browser.page(q).rows.map(\.id)
        }
        #expect(try ids("to:+27") == [7, 6, 5, 4, 3, 1], "every South African number")
        #expect(try ids("to:+2782") == [4])
        #expect(try ids("to:+1") == [2])
        #expect(try ids("to:+44").isEmpty)
        #expect(try ids("+27 82 123 4567") == [4], "a bare number in groups")
        #expect(try ids("to:+27 12 345 6789 kaleyra") == [7, 6, 3, 1], "the groups join the number; the gateway after it still filters")
        #expect(try ids("to: +27 82") == [4], "the number may start after the colon's space")
        #expect(HistoryQuery(parsing: "to:+27 12 345 6789 words").words == ["words"])
        // The README's filter line: gateway names, vendor codes, to:+27…, profile:, status:, since:, before:.
        #expect(try ids("kaleyra") == [7, 6, 4, 3, 1])
        #expect(try ids("E110") == [7, 4, 3])
        #expect(try ids("131047") == [2])
        #expect(try ids("to:+27") == [7, 6, 5, 4, 3, 1])
        #expect(try ids("profile:meta") == [5, 2])
        #expect(try ids("status:rejected") == [7, 4, 3, 2])
        #expect(try ids("since:2026-11-01") == [7, 6, 5, 4, 3, 2])
        #expect(try ids("before:2026-11-01") == [1])
        #expect(try ids("#4") == [4])
        #expect(try ids("kind:text") == [7, 6, 5, 4, 3, 2, 1])
        #expect(try ids("kind:interactive").isEmpty)
    }

    @Test func aFamilyOfKindsMatchesEachKindInIt() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        var list = report(.meta, status: 200, body: metaAccepted)
        list.1 = sample(.list, for: GatewayID.meta.gateway)!
        var buttons = list
        buttons.1 = sample(.button, for: GatewayID.meta.gateway)!
        try store.record(draft(report(.meta, status: 200, body: metaAccepted)))
        try store.record(draft(list))
        try store.record(draft(buttons))
        var f = HistoryFilter(); f.kind = "interactive"
        #expect(try store.list(f).map(\.id) == [3, 2])
        f.kind = "interactive.list"
        #expect(try store.list(f).map(\.id) == [2])
        #expect(HistoryQuery(parsing: "kind:interactive").kind == "interactive")
        #expect(HistoryQuery(parsing: "kind:Interactive").problems.isEmpty)
    }

    @Test func unknownValuesNameTheKnownOnes() {
        var q = HistoryQuery()
        #expect(throws: HistoryQuery.Problem.self) { try q.set(.status, "bogus") }
        do { try q.set(.status, "bogus") } catch { #expect(error.reason.contains("failed") && error.reason.contains("window")) }
        do { try q.set(.gateway, "nope") } catch { #expect(error.reason.contains("kaleyra")) }
        do { try q.set(.kind, "hologram") } catch { #expect(error.reason.contains("interactive")) }
        #expect(q.isEmpty, "a value that cannot be read changes nothing")
        try? q.set(.to, "+27")
        #expect(q.recipient == "+27")
    }

    @Test func payloadDiffTellsTheMessageFromTheVendor() throws {
        let browser = try seeded()
        // The same message through Kaleyra, accepted then low balance: the vendor answered differently.
        let vendor = try browser.payloadDiff(a: 6, b: 7)
        #expect(!vendor.message.changed && !vendor.request.changed && vendor.response.changed)
        #expect(vendor.verdict == .outcomeChanged)
        #expect(vendor.response.diff.changes.map(\.path.display) == ["code", "message", "data.message_id", "error.balance"])
        let lines = vendor.response.unifiedLines(options: JSONDiffRenderOptions(context: nil))
        #expect(lines.contains(JSONDiffLine(.removed, #"  "code": "WA202","#)))
        #expect(lines.contains(JSONDiffLine(.added, #"  "code": "E110","#)))
        #expect(vendor.old.id == 6 && vendor.new.id == 7)

        // Another recipient: the message changed (and so did the request).
        let message = try browser.payloadDiff(a: 3, b: 4)
        #expect(message.verdict == .messageChanged)
        #expect(message.message.diff.changes.map(\.path.display) == ["to"])
        #expect(message.request.changed)
        #expect(!message.response.changed)

        // The same message through Meta and Kaleyra.
        let route = try browser.payloadDiff(a: 5, b: 6)
        #expect(!route.message.changed)
        #expect(route.verdict == .routeChanged)
        #expect(route.request.changed)

        // The same send twice: only the response (a new message id) could differ; here nothing does.
        #expect(try browser.payloadDiff(a: 3, b: 7).verdict == .same)
        #expect(try browser.payloadDiff(a: 1, b: 6).verdict == .same)

        #expect { try browser.payloadDiff(a: 1, b: 99) } throws: { error in
            guard case .noEntry(99)? = error as? HistoryBrowseError else { return false }
            return true
        }
    }

    @Test func anEntryWithoutAResponseComparesAsAbsent() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        var failed = draft(report(.kaleyra))
        failed.entry.response = nil
        failed.entry.outcome = "transport-failure"
        failed.entry.category = "transport"
        failed.entry.vendorCode = "timeout"
        let a = try store.record(failed)
        let b = try store.record(draft(report(.kaleyra)))
        let diff = try HistoryBrowser(store: store).payloadDiff(a: a, b: b)
        #expect(diff.response.old == nil)
        #expect(diff.response.diff.changes.map(\.kind) == [.added])
        #expect(diff.verdict == .outcomeChanged)
        #expect(diff.old.outcomeSummary == "transport-failure timeout")
        #expect(diff.response.unifiedLines().allSatisfy { $0.marker == .added })
    }
}

@Suite struct HistoryQueryRobustnessTests {
    /// Any line reads without a crash, whatever mix of filters, numbers, quotes and wide or
    /// combining characters it has, and every problem names a token at its place.
    @Test func anyLineReads() {
        let pieces = ["to:", "+27", "12", "345", "to:+44", "\"", "status:", "bogus", "kind:", "#", "#4", "🇿🇦", "e\u{301}", "\u{301}", "👨‍👩‍👧", ":", " ", "  ", "id:", "gateway:nope", "(0)", "-", "since:7d", "x:y"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 1...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined(separator: Bool.random(using: &rng) ? " " : "")
            let q = HistoryQuery(parsing: text)
            let chars = Array(text)
            for p in q.problems {
                #expect(p.offset >= 0 && p.offset <= chars.count, "\(text)")
            }
        }
    }
}
