import WhatsAppModel

/// FlowIQ as the sandbox plays it: `{success, message, data}` on success and `{error, message}`
/// otherwise (documented for missing fields; the other failures reuse the shape, plausible).
/// Its message ids are Meta's wamids, and it posts only to wacon's own receiver: its callbacks
/// are not documented.
public struct FlowIQEmulation: GatewayEmulation {
    public init() {}

    public var routes: [String] { ["/send-whatsapp", FlowIQTemplates.path] }

    /// A `fiq_` key of the account, then its tenant in `tenantId` when one is given (FlowIQ's own
    /// curl examples send none: the key names the tenant, plausible).
    public func authenticate(_ request: EmulatedRequest, account: Profile, key: String) -> EmulatedReply? {
        guard let token = request.bearerToken, token.hasPrefix(FlowIQGateway.keyPrefix), token == key else { return unauthorized() }
        if let tenant = request.query[FlowIQGateway.tenantParameter], tenant != account.tenantID {
            return EmulatedReply(status: 403, json: ["error": "Forbidden", "message": .string("API key does not belong to tenant \(tenant)")])
        }
        return nil
    }

    public func newMessageID() -> String { MetaEmulation().newMessageID() }

    public func accepted(id: String, recipient: EmulatedRecipient, message: OutboundMessage) -> EmulatedReply {
        if message.kind == .template { return FlowIQTemplates.accepted(id: id, contactName: recipient.name) }
        return EmulatedReply(status: 200, json: ["success": true, "message": "Message sent successfully",
                                          "data": ["message_id": .string(id), "recipient": .string(recipient.digitsOrID), "message_type": .string(message.content.typeName)]])
    }

    /// Plausible.
    public func unauthorized() -> EmulatedReply { EmulatedReply(status: 401, text: Self.unauthorizedBody) }

    static let unauthorizedBody = #"{"error":"Unauthorized","message":"Invalid or missing API key (keys start with fiq_)"}"#

    public func invalid(_ finding: Finding) -> EmulatedReply {
        let missing = [.required, .notEmpty, .minItems].contains(finding.rule)
        return EmulatedReply(status: 400, json: ["error": .string(missing ? "Missing required field" : "Invalid field value"),
                                                 "message": .string("\(finding.path.display): \(finding.message)")])
    }

    /// "(#code) title" in its own error shape (plausible).
    public func relay(_ metaError: CatalogueEntry) -> EmulatedReply {
        EmulatedReply(status: metaError.httpStatus ?? 400, json: ["error": .string(metaError.title),
                                                                 "message": .string("(#\(metaError.code)) \(metaError.title): \(metaError.meaning)")])
    }

    public var scenarios: [VendorScenario] {
        [VendorScenario(name: "flowiq-missing-field", summary: "FlowIQ 400 Missing required field (documented)", magicNumber: VendorScenario.magicNumber(series: 2, 1),
                        answer: .failure(status: 400, body: #"{"error":"Missing required field","message":"interactive.body and interactive.buttons are required for button messages"}"#)),
         VendorScenario(name: "flowiq-contact-not-found", summary: "FlowIQ 404 recipient is not a contact (plausible)", magicNumber: VendorScenario.magicNumber(series: 2, 2),
                        answer: .failure(status: 404, body: #"{"error":"Contact not found","message":"The recipient must exist as a contact in this organization"}"#)),
         VendorScenario(name: "flowiq-unauthorized", summary: "FlowIQ 401 invalid key (plausible)", magicNumber: VendorScenario.magicNumber(series: 2, 3),
                        answer: .failure(status: 401, body: Self.unauthorizedBody))]
    }

    /// Meta's webhook: FlowIQ relays Meta's, with Meta's wamids.
    public func statusCallback(_ status: EmulatedStatus, account: Profile) -> JSONValue {
        MetaEmulation().statusCallback(status, account: account)
    }
}
