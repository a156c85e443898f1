import Foundation
import Testing
@testable import History
import Providers
import WhatsAppModel

/// A send accepted and then failed by a delivery status ends as `failed`: lists, filters,
/// search and exports show that ending, on new files and on files of schema 1.
@Suite struct FinalOutcomeTests {
    static let metaWindowClosed = StatusError(code: "131047", title: "Re-engagement message", details: "More than 24 hours since the customer last wrote")

    @Test func aFailedStatusMakesTheEntryFailedForListsFiltersAndSearch() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let failed = try store.record(draft(report(.kaleyra)))
        let delivered = try store.record(draft(report(.kaleyra, body: #"{"code":"WA202","message":"Request Accepted","data":{"message_id":"B456"},"error":{}}"#)))
        try store.attach(DeliveryStatus(gateway: .kaleyra, messageID: "A123", status: "sent"))
        try store.attach(DeliveryStatus(gateway: .kaleyra, messageID: "A123", status: "failed", errors: [Self.metaWindowClosed]))
        try store.attach(DeliveryStatus(gateway: .kaleyra, messageID: "B456", status: "delivered"))

        let listed = try store.list(HistoryFilter())
        #expect(listed.map(\.outcome) == ["accepted", "failed"])
        let e = try #require(listed.last)
        #expect(e.vendorCode == "131047" && e.category == "window")
        #expect(e.vendorMessage?.hasPrefix("Re-engagement message") == true)
        #expect(HistorySummary(e).outcomeSummary.hasPrefix("failed 131047"))

        var f = HistoryFilter(); f.outcome = "failed"
        #expect(try store.list(f).map(\.id) == [failed])
        f = HistoryFilter(); f.vendorCode = "131047"
        #expect(try store.list(f).map(\.id) == [failed])
        f = HistoryFilter(); f.outcome = "window"
        #expect(try store.list(f).map(\.id) == [failed])
        f = HistoryFilter(); f.search = "Re-engagement"
        #expect(try store.list(f).map(\.id) == [failed])
        f = HistoryFilter(); f.outcome = "accepted"
        #expect(try store.list(f).map(\.id) == [delivered])
        #expect(try store.stats().byOutcome.contains { $0.0.hasPrefix("failed") })
    }

    @Test func aRejectedSendStaysRejectedWhateverStatusFollows() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let id = try store.record(draft(report(.kaleyra, status: 400, body: #"{"code":"E110","message":"low balance","data":{"message_id":"A123"},"error":{}}"#)))
        try store.attach(DeliveryStatus(gateway: .kaleyra, messageID: "A123", status: "failed", errors: [Self.metaWindowClosed]))
        let e = try #require(try store.entry(id: id))
        #expect(e.outcome == "rejected" && e.vendorCode == "E110")
    }

    @Test func theHARCarriesTheEndingAndEveryStatusWithItsCallback() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let id = try store.record(draft(report(.kaleyra)))
        let raw = Array(#"{"id":"A123","status":"failed"}"#.utf8)
        try store.attach(DeliveryStatus(gateway: .kaleyra, messageID: "A123", status: "sent"))
        try store.attach(DeliveryStatus(gateway: .kaleyra, messageID: "A123", status: "failed", errors: [Self.metaWindowClosed], raw: raw))
        let har = HistoryExport.har([try #require(try store.entry(id: id))])
        let item = try #require(har["log"]?["entries"]?.arrayValue?.first)
        #expect(item["response"]?["status"] == 202, "the HTTP exchange is as it was")
        #expect(item["_outcome"]?["outcome"] == "failed")
        #expect(item["_outcome"]?["vendor_code"] == "131047")
        #expect(item["comment"]?.stringValue?.contains("failed 131047") == true)
        let statuses = try #require(item["_statuses"]?.arrayValue)
        #expect(statuses.map { $0["status"]?.stringValue } == ["sent", "failed"])
        #expect(statuses[1]["errors"]?.arrayValue?.first?["code"] == "131047")
        #expect(statuses[1]["callback"]?["id"] == "A123", "the callback body as received")
    }

    @Test func zixflowsFailureRemarkGivesMetasCodeAndTitle() {
        let body = #"{"type":"delivery_status","request_id":"r-1","status":"failed","remark":"(#131047) Re-engagement message","status_at":"2026-12-01T17:26:09.785225216Z"}"#
        let s = try! #require(DeliveryStatusParser.parse(Array(body.utf8), gateway: .zixflow).first)
        #expect(s.errors.first?.code == "131047")
        #expect(s.errors.first?.title == "Re-engagement message")
        #expect(s.errors.first?.category == .window)
        #expect(s.summary == "failed: 131047 Re-engagement message (window)")
        // Text with no code: the text is the title, and the summary does not invent a code.
        let plain = StatusError(text: "number blocked by the user")
        #expect(plain.code.isEmpty && plain.title == "number blocked by the user")
        #expect(plain.summary == "number blocked by the user")
    }

    /// A copy of the schema-1 fixture: entries 1 (Meta) and 2 (Zixflow) accepted then failed
    /// with 131047, 3 rejected E110, 4 accepted and read.
    func fixtureCopy() throws -> String {
        let path = tempHistoryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/history-v1.sqlite")
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        return path
    }

    @Test func aSchema1FileReadWithoutUpgradingShowsTheEnding() throws {
        let path = try fixtureCopy()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let store = try HistoryStore(readingAt: path)
        #expect(store.fileSchemaVersion == 1)
        let listed = try store.list(HistoryFilter())
        #expect(listed.map(\.outcome) == ["accepted", "rejected", "failed", "failed"])
        #expect(listed.map(\.vendorCode) == [nil, "E110", "131047", "131047"], "Zixflow's code is read again from its remark")
        let zixflow = try #require(try store.entry(id: 2))
        #expect(zixflow.outcome == "failed" && zixflow.category == "window")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "reading never changes the file")
    }

    @Test func aSchema1FileIsUpgradedOnceAndFiltersFindTheEnding() throws {
        let path = try fixtureCopy()
        let store = try HistoryStore(path: path)
        #expect(store.fileSchemaVersion == HistoryStore.schemaVersion)
        var f = HistoryFilter(); f.outcome = "failed"
        #expect(try store.list(f).map(\.id) == [2, 1])
        f = HistoryFilter(); f.vendorCode = "131047"
        #expect(try store.list(f).map(\.id) == [2, 1])
        f = HistoryFilter(); f.search = "Re-engagement"
        #expect(try store.list(f).map(\.id) == [2, 1])
        f = HistoryFilter(); f.outcome = "accepted"
        #expect(try store.list(f).map(\.id) == [4])
        #expect(try store.entry(id: 3)?.outcome == "rejected")
        // Recording still works on the upgraded file, and a reopening does not upgrade again.
        let next = try store.record(draft(report(.kaleyra)))
        #expect(next == 5)
        let again = try HistoryStore(readingAt: path)
        #expect(again.fileSchemaVersion == HistoryStore.schemaVersion)
        #expect(try again.list(HistoryFilter()).count == 5)
    }
}
