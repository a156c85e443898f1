import WhatsAppModel

/// Kaleyra v2 as the sandbox plays it: `{code, message, data, error}` bodies (WA202 on
/// success), Meta's error object passed on as is, its own catalogue's codes, and callbacks to
/// the webhook URL.
public struct KaleyraEmulation: GatewayEmulation {
    public init() {}

    public var routes: [String] { ["/v2/{sid}/whatsapp/{phone}/messages"] }

    /// RBC001 for a wrong key or SID; WA401 for a sending number that is not the account's.
    public func authenticate(_ request: EmulatedRequest, account: Profile, key: String) -> EmulatedReply? {
        guard request.header("api-key") == key, request.parameters["sid"] == account.sid else { return unauthorized() }
        let sender = request.parameters["phone"].flatMap { try? PhoneNumber.parse($0).get() }
        if sender?.e164 != account.senderNumber.flatMap({ try? PhoneNumber.parse($0).get() })?.e164 {
            return EmulatedReply(status: 401, text: #"{"code":"WA401","message":"Phone number is not present or does not belong to the account.","data":{},"error":{"phone_number":"Phone number is not present or does not belong to the account."}}"#)
        }
        return nil
    }

    /// `A` and 19 hexadecimal digits.
    public func newMessageID() -> String {
        let hex = Array("0123456789ABCDEF")
        return "A" + String((0..<19).map { _ in hex[Int.random(in: 0..<16)] })
    }

    public func accepted(id: String, recipient: EmulatedRecipient, message: OutboundMessage) -> EmulatedReply {
        EmulatedReply(status: 202, json: ["code": "WA202", "message": "Request Accepted", "data": ["message_id": .string(id)], "error": [:]])
    }

    public func unauthorized() -> EmulatedReply { EmulatedReply(status: 401, text: Self.unauthorizedBody) }

    static let unauthorizedBody = #"{"code":"RBC001","message":"Incorrect SID or API key.","data":[],"error":{"error":"Incorrect SID or API key."}}"#

    public func invalid(_ finding: Finding) -> EmulatedReply {
        EmulatedReply(status: 400, json: ["code": "WA400", "message": "Refer to correct payload format", "data": [:],
                                          "error": ["payload": .string("\(finding.path.display): \(finding.message)")]])
    }

    /// Kaleyra forwards Meta's error object.
    public func relay(_ metaError: CatalogueEntry) -> EmulatedReply { MetaEmulation().relay(metaError) }

    /// The catalogue's codes with the messages and `error` members Kaleyra's pages show.
    public func reply(to ownError: CatalogueEntry) -> EmulatedReply {
        let key: String
        switch ownError.code {
        case "RBC001": return unauthorized()
        case "WA401": key = "phone_number"
        case "WA400": key = "payload"
        case "E110": key = "balance"
        case "WA-401": key = "account"
        default: key = "error"
        }
        let message: String
        switch ownError.code {
        case "WA400": message = "Refer to correct payload format"
        case "WA500": message = "Please try again later"
        case "E110": message = "Please check your balance, You have a low balance!"
        case "WA-401": message = "API is not available for given customer.Please contact support for more info"
        case "WA401": message = "Phone number is not present or does not belong to the account."
        default: message = ownError.title
        }
        let detail = ownError.code == "WA400" ? "Incorrect payload format" : ownError.code == "WA500" ? "Internal server error" : message
        return EmulatedReply(status: ownError.httpStatus ?? 400, json: ["code": .string(ownError.code), "message": .string(message), "data": [:],
                                                                        "error": [.init(stringLiteral: key): .string(detail)]])
    }

    /// Each catalogue code (+1 555 1 00000n), and the second WA-401 body: a number on another
    /// WA API version.
    public var scenarios: [VendorScenario] {
        KaleyraErrorCatalogue.entries.enumerated().map { i, e in
            VendorScenario(name: "kaleyra-\(e.code)", summary: "Kaleyra \(e.code) \(e.title)", magicNumber: VendorScenario.magicNumber(series: 1, i + 1),
                           answer: .catalogueError(e))
        } + [VendorScenario(name: "kaleyra-WA-401-version", summary: "Kaleyra WA-401 number on another WA API version",
                            magicNumber: VendorScenario.magicNumber(series: 1, 50),
                            answer: .failure(status: 401, body: #"{"code":"WA-401","message":"The phone number you're using is associated with different Version of our WA API. Please use the appropriate endpoint.","data":{},"error":{"phone_number":"The phone number you're using is associated with different Version of our WA API. Please use the appropriate endpoint."}}"#))]
    }

    public func statusTarget(callbackURL: String?, options: VendorOptions, webhookURL: String?) -> String? {
        callbackURL ?? webhookURL
    }

    public func statusCallback(_ status: EmulatedStatus, account: Profile) -> JSONValue { KaleyraCallbacks.body(status) }
}
