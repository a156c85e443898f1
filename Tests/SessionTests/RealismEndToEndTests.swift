import Foundation
import History
import Providers
import Session
import Testing
import WhatsAppModel

/// Each webhook-realism scenario from end to end: the in-process sandbox acts it out, wacon's
/// receiver takes it, and history ends in the state the scenario should leave: every status
/// kept once, the final one by rank, a message delivered twice kept once.
@Suite(.serialized, .timeLimit(.minutes(3))) struct RealismEndToEndTests {
    static let text = try! OutboundMessage.parse(#"{"messaging_product":"whatsapp","to":"+27825550100","type":"text","text":{"body":"Your parcel is here"}}"#)

    /// Sends under `scenario`, following statuses; returns the history entry as recorded.
    static func sent(under scenario: String) async throws -> HistoryEntry {
        let settings = SessionTests.tempSettings()
        let session = WaconSession(settings: settings)
        let result = try await session.run(SendJob(message: text, gateway: .meta, profile: .builtIn(.meta), scenario: scenario,
                                                   followStatuses: true, statusTimeout: .seconds(20)))
        await session.close()
        let id = try #require(result.sends.first?.historyID)
        return try #require(try HistoryStore(readingAt: settings.historyPath).entry(id: id))
    }

    @Test func outOfOrderKeepsAllThreeAndEndsRead() async throws {
        let e = try await Self.sent(under: "out-of-order-statuses")
        #expect(e.statuses.map(\.status) == ["sent", "read", "delivered"], "\(e.statuses.map(\.status))")
        #expect(e.finalStatus?.status == "read" && e.outcome == "accepted")
    }

    @Test func duplicatesAreKeptOnce() async throws {
        let e = try await Self.sent(under: "duplicate-statuses")
        #expect(e.statuses.map(\.status) == ["sent", "delivered", "read"], "\(e.statuses.map(\.status))")
        #expect(e.finalStatus?.status == "read")
    }

    @Test func aMissingDeliveredStillEndsRead() async throws {
        let e = try await Self.sent(under: "missing-delivered")
        #expect(e.statuses.map(\.status) == ["sent", "read"])
        #expect(e.finalStatus?.status == "read")
    }

    @Test func delayedStatusesComeLateAndAllArrive() async throws {
        let e = try await Self.sent(under: "delayed-statuses")
        #expect(e.statuses.map(\.status) == ["sent", "delivered", "read"])
        let received = e.statuses.map(\.receivedAt)
        #expect(zip(received, received.dropFirst()).allSatisfy { $1.timeIntervalSince($0) >= 1.5 }, "\(received)")
        #expect(e.finalStatus?.status == "read")
    }

    @Test func aCustomerMessageDeliveredTwiceIsKeptOnce() async throws {
        let settings = SessionTests.tempSettings()
        let session = WaconSession(settings: settings)
        let events = await session.webhookEvents()
        let played = try await session.playCustomer(from: "+27825550100", message: ["type": "text", "text": ["body": "twice?"]], scenario: "inbound-twice")
        #expect(played.posts == 2 && played.deliveryStatus == 200, "\(played)")
        let id = try #require(played.messageID)
        // The stream has it once: the first event is it, and nothing else for it follows.
        var it = events.makeAsyncIterator()
        let first = await it.next()
        #expect(first?.event.message?.id == id)
        await session.close()
        var more = 0
        while let e = await it.next() { if e.event.message?.id == id { more += 1 } }
        #expect(more == 0)
        let conversation = try HistoryStore(readingAt: settings.historyPath).conversation(with: "27825550100")
        let received = conversation.items.compactMap { if case .received(let m) = $0 { m.messageID } else { nil } }
        #expect(received == [id])
    }
}
