#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// Botika as the sandbox plays it: `{data: {status, message, request_id}}` as its flow page
/// shows, and the same `data` with `status: failed` for every failure (Botika documents no
/// error body; plausible). It posts only to wacon's own receiver: its callbacks are not
/// documented.
public struct BotikaEmulation: GatewayEmulation {
    public init() {}

    public var routes: [String] { ["/api/whatsapp/v1/messages"] }

    public func authenticate(_ request: EmulatedRequest, account: Profile, key: String) -> EmulatedReply? {
        request.bearerToken == key ? nil : unauthorized()
    }

    public func newMessageID() -> String { UUID().uuidString.lowercased() }

    public func accepted(id: String, recipient: EmulatedRecipient, message: OutboundMessage) -> EmulatedReply {
        EmulatedReply(status: 200, json: ["data": ["status": "sent", "message": "Message Sent!", "request_id": .string(id)]])
    }

    public func unauthorized() -> EmulatedReply { EmulatedReply(status: 401, text: Self.unauthorizedBody) }

    static let unauthorizedBody = #"{"data":{"status":"failed","message":"Unauthorized: invalid API token"}}"#

    public func invalid(_ finding: Finding) -> EmulatedReply {
        failed(400, "\(finding.path.display): \(finding.message)")
    }

    public func relay(_ metaError: CatalogueEntry) -> EmulatedReply {
        failed(metaError.httpStatus ?? 400, "(#\(metaError.code)) \(metaError.title): \(metaError.meaning)")
    }

    func failed(_ status: Int, _ message: String) -> EmulatedReply {
        EmulatedReply(status: status, json: ["data": ["status": "failed", "message": .string(message)]])
    }

    public var scenarios: [VendorScenario] {
        [VendorScenario(name: "botika-failed", summary: "Botika 400 failure (plausible)", magicNumber: VendorScenario.magicNumber(series: 2, 6),
                        answer: .failure(status: 400, body: #"{"data":{"status":"failed","message":"Flow not found or not published"}}"#)),
         VendorScenario(name: "botika-unauthorized", summary: "Botika 401 invalid token (plausible)", magicNumber: VendorScenario.magicNumber(series: 2, 7),
                        answer: .failure(status: 401, body: Self.unauthorizedBody))]
    }

    /// Botika documents no callbacks; wacon's receiver gets Meta's webhook shape (plausible).
    public func statusCallback(_ status: EmulatedStatus, account: Profile) -> JSONValue {
        MetaEmulation().statusCallback(status, account: account)
    }
}
