/// Why Meta refuses a read receipt: the first finding.
public struct Refusal: Error, Sendable, Hashable {
    public var finding: Finding
    public init(_ finding: Finding) { self.finding = finding }
}

/// Meta's "mark as read" request: posted to the messages endpoint with the id of a message the
/// customer sent; with `typing_indicator` it also shows the customer that a reply is being typed
/// (until the reply is sent, or 25 seconds).
public struct ReadReceipt: Sendable, Hashable {
    /// The inbound message's wamid.
    public var messageID: String
    /// Also show the typing indicator.
    public var typing: Bool

    public init(messageID: String, typing: Bool = false) {
        self.messageID = messageID
        self.typing = typing
    }

    /// The request body, in Meta's field order.
    public var json: JSONValue {
        var o: JSONObject = ["messaging_product": "whatsapp", "status": "read", "message_id": .string(messageID)]
        if typing { o.append("typing_indicator", ["type": "text"]) }
        return .object(o)
    }

    /// A body on the messages endpoint is a read receipt, not a message, when it has `status`
    /// and no `type` (a message's `status` member would be an unknown field).
    public static func isReadReceipt(_ json: JSONValue) -> Bool {
        json["status"] != nil && json["type"] == nil
    }

    /// Reads a body as Meta does, or the first finding that makes Meta refuse it.
    public static func read(_ json: JSONValue) -> Result<ReadReceipt, Refusal> {
        guard let o = json.objectValue else {
            return .failure(Refusal(Finding(.error, .root, .format, "a read receipt is a JSON object", actual: json.typeName)))
        }
        for key in o.keys where !["messaging_product", "status", "message_id", "typing_indicator"].contains(key) {
            return .failure(Refusal(Finding(.error, FieldPath.root.key(key), .unknownField, "a read receipt has no \(key)")))
        }
        guard o["messaging_product"]?.stringValue == "whatsapp" else {
            return .failure(Refusal(Finding(.error, "messaging_product", .required, "messaging_product is required and must be \"whatsapp\"")))
        }
        guard o["status"]?.stringValue == "read" else {
            return .failure(Refusal(Finding(.error, "status", .allowedValues, "status must be \"read\"", limit: "read", actual: o["status"].map { JSONWriter.compactString($0) })))
        }
        guard let id = o["message_id"]?.stringValue, !id.trimmed.isEmpty else {
            return .failure(Refusal(Finding(.error, "message_id", .required, "message_id is required: the wamid of the customer's message")))
        }
        // WhatsApp message ids start with `wamid.`; a reseller's request id or a typo is not one.
        guard id.hasPrefix("wamid."), id.count > 6 else {
            return .failure(Refusal(Finding(.error, "message_id", .format, "message_id is a WhatsApp message id (wamid.…) of a message the customer sent",
                                            actual: "\"\(id)\"")))
        }
        var typing = false
        if let indicator = o["typing_indicator"] {
            guard indicator.objectValue?.keys.elementsEqual(["type"]) == true, indicator["type"]?.stringValue == "text" else {
                return .failure(Refusal(Finding(.error, "typing_indicator.type", .allowedValues, "typing_indicator is {\"type\": \"text\"}", limit: "text",
                                        actual: JSONWriter.compactString(indicator))))
            }
            typing = true
        }
        return .success(ReadReceipt(messageID: id, typing: typing))
    }
}
