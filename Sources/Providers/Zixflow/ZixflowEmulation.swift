#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// Zixflow as the sandbox plays it: `{success, message, request_id}`, `success: false` with a
/// message for every failure (its documented shape), its own check of `phone_id`, and delivery
/// postbacks to the send's `post_back_url`.
public struct ZixflowEmulation: GatewayEmulation {
    public init() {}

    /// Messages by kind and the template send, under the current prefix and the older one its
    /// pages still show.
    public var routes: [String] {
        ZixflowGateway.pathPrefixes.flatMap { prefix in ["\(prefix)message/**", "\(prefix)template/send"] }
    }

    public func authenticate(_ request: EmulatedRequest, account: Profile, key: String) -> EmulatedReply? {
        guard request.header("x-api-key") == key, request.header(ZixflowGateway.workspaceHeader) == account.workspaceID else { return unauthorized() }
        return nil
    }

    /// The phone id must be the workspace's WhatsApp account.
    public func check(_ body: JSONValue, account: Profile) -> EmulatedReply? {
        guard body[ZixflowGateway.phoneIDMember]?.stringValue != account.phoneID else { return nil }
        return failed(400, "Invalid phone_id: no WhatsApp account with this id in the workspace")
    }

    public func newMessageID() -> String { UUID().uuidString.lowercased() }

    public func accepted(id: String, recipient: EmulatedRecipient, message: OutboundMessage) -> EmulatedReply {
        EmulatedReply(status: 200, json: ["success": true, "message": "WhatsApp request queued successfully", "request_id": .string(id)])
    }

    /// Plausible.
    public func unauthorized() -> EmulatedReply { EmulatedReply(status: 401, text: Self.unauthorizedBody) }

    static let unauthorizedBody = #"{"success":false,"message":"Invalid API key or workspace id"}"#

    public func invalid(_ finding: Finding) -> EmulatedReply {
        failed(400, "\(finding.path.display): \(finding.message)")
    }

    /// "(#code) title" in its own shape (plausible).
    public func relay(_ metaError: CatalogueEntry) -> EmulatedReply {
        failed(metaError.httpStatus ?? 400, "(#\(metaError.code)) \(metaError.title): \(metaError.meaning)")
    }

    func failed(_ status: Int, _ message: String) -> EmulatedReply {
        EmulatedReply(status: status, json: ["success": false, "message": .string(message)])
    }

    public var scenarios: [VendorScenario] {
        [VendorScenario(name: "zixflow-failed", summary: "Zixflow success:false (documented shape)", magicNumber: VendorScenario.magicNumber(series: 2, 4),
                        answer: .failure(status: 400, body: #"{"success":false,"message":"Invalid phone_id: the WhatsApp account is not connected"}"#)),
         VendorScenario(name: "zixflow-unauthorized", summary: "Zixflow 401 invalid key (plausible)", magicNumber: VendorScenario.magicNumber(series: 2, 5),
                        answer: .failure(status: 401, body: Self.unauthorizedBody))]
    }

    /// Its postback reports delivered, failed and read: no `sent`.
    public var reportedStatuses: Set<String> { ["delivered", "failed", "read"] }

    public func statusTarget(callbackURL: String?, options: VendorOptions, webhookURL: String?) -> String? {
        callbackURL ?? options.postBackURL ?? webhookURL
    }

    public func statusCallback(_ status: EmulatedStatus, account: Profile) -> JSONValue { ZixflowCallbacks.body(status, account: account) }
}
