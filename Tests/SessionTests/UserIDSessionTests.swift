import Foundation
import Providers
import Session
import Testing
import WhatsAppModel

/// A send to a business-scoped user id through the in-process sandbox, as Meta plays it since
/// v24: answered with the id, reported by the id alone, recorded under it.
@Suite struct UserIDSessionTests {
    static func send(_ json: String, followStatuses: Bool = true) async throws -> (SendJobResult, WaconSession) {
        let session = WaconSession(settings: SessionTests.tempSettings())
        let message = try OutboundMessage.parse(json)
        let result = try await session.run(SendJob(message: message, gateway: .meta, profile: .builtIn(.meta), followStatuses: followStatuses, statusTimeout: .seconds(10)))
        return (result, session)
    }

    @Test func aSendByIDIsReportedByTheIDAlone() async throws {
        // Lerato hides her number from webhooks; a send to it still works, and tells her id.
        let (byNumber, s2) = try await Self.send(#"{"messaging_product":"whatsapp","to":"+27825550177","type":"text","text":{"body":"hi"}}"#)
        #expect(byNumber.verdict == .accepted)
        let raw = try JSONParser.parse(try #require(byNumber.sends.first?.report.outcome?.rawBody))
        #expect(raw["contacts"]?.arrayValue?.first?["wa_id"] == "27825550177")
        // Her statuses name her number (the business sent to it) and her id in the contact.
        let delivered = try #require(byNumber.statuses.first { $0.status == "delivered" })
        #expect(delivered.recipient == "27825550177" && delivered.recipientUserID == nil)
        await s2.close()
        let id = try #require(try JSONParser.parse(delivered.raw).objectValue.flatMap { webhookContactUserID($0) })
        let (byID, s3) = try await Self.send(#"{"messaging_product":"whatsapp","recipient":"\#(id)","type":"text","text":{"body":"hi"}}"#)
        #expect(byID.verdict == .accepted)
        let answer = try JSONParser.parse(try #require(byID.sends.first?.report.outcome?.rawBody))
        #expect(answer["contacts"]?.arrayValue?.first?["user_id"]?.stringValue == id && answer["contacts"]?.arrayValue?.first?["wa_id"] == nil)
        #expect(byID.sends.first.flatMap { s -> String? in if case .accepted(let a)? = s.report.outcome { return a.recipient } else { return nil } } == id)
        let statuses = byID.statuses.filter { $0.status != "failed" }
        // The status names the user by id (its recipient reads as the id), with no recipient_id.
        #expect(!statuses.isEmpty && statuses.allSatisfy { $0.recipient == id && $0.recipientUserID == id && !String(decoding: $0.raw, as: UTF8.self).contains("recipient_id") })
        // History keeps the entry under the id it was sent to.
        let entry = try await s3.entry(try #require(byID.sends.first?.historyID))
        #expect(entry.recipient == id)
        await s3.close()
    }

    /// The `user_id` of a status webhook's first contact.
    func webhookContactUserID(_ body: JSONObject) -> String? {
        body["entry"]?.arrayValue?.first?["changes"]?.arrayValue?.first?["value"]?["contacts"]?.arrayValue?.first?["user_id"]?.stringValue
    }
}
