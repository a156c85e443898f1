import Foundation
import Providers
import WhatsAppModel

/// An HTTP answer the sandbox gives.
public struct SandboxReply: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [("Content-Type", "application/json")], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: Int, json: JSONValue) {
        self.init(status: status, body: JSONWriter.compact(json))
    }

    public init(status: Int, text: String) {
        self.init(status: status, body: Array(text.utf8))
    }
}

/// Each vendor's own response shapes: success, authentication failure, invalid payload, and a
/// Meta error code carried in the vendor's shape. Shapes the vendors document are copied from the
/// seeds; the rest are plausible and say so.
public enum VendorReplies {
    // MARK: Success

    static func success(_ g: GatewayID, id: String, recipientDigits: String, message: OutboundMessage) -> SandboxReply {
        switch g {
        case .meta:
            return SandboxReply(status: 200, json: ["messaging_product": "whatsapp",
                                                    "contacts": [["input": .string(message.to), "wa_id": .string(recipientDigits)]],
                                                    "messages": [message.kind == .template ? ["id": .string(id), "message_status": "accepted"] : ["id": .string(id)]]])
        case .kaleyra:
            return SandboxReply(status: 202, json: ["code": "WA202", "message": "Request Accepted", "data": ["message_id": .string(id)], "error": [:]])
        case .flowiq:
            return SandboxReply(status: 200, json: ["success": true, "message": "Message sent successfully",
                                                    "data": ["message_id": .string(id), "recipient": .string(recipientDigits), "message_type": .string(message.content.typeName)]])
        case .botika:
            return SandboxReply(status: 200, json: ["data": ["status": "sent", "message": "Message Sent!", "request_id": .string(id)]])
        case .zixflow:
            return SandboxReply(status: 200, json: ["success": true, "message": "WhatsApp request queued successfully", "request_id": .string(id)])
        }
    }

    /// A new id in the vendor's style.
    static func newID(_ g: GatewayID) -> String {
        switch g {
        case .meta, .flowiq:
            var bytes = [UInt8](repeating: 0, count: 24)
            for i in bytes.indices { bytes[i] = .random(in: 0...255) }
            return "wamid.HBgL" + Data(bytes).base64EncodedString().replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "+", with: "-")
        case .kaleyra:
            let hex = Array("0123456789ABCDEF")
            return "A" + String((0..<19).map { _ in hex[Int.random(in: 0..<16)] })
        case .botika, .zixflow:
            return UUID().uuidString.lowercased()
        }
    }

    // MARK: Authentication

    /// Meta 190, Kaleyra RBC001 (documented); FlowIQ, Botika, Zixflow plausible.
    static func unauthorized(_ g: GatewayID) -> SandboxReply {
        switch g {
        case .meta:
            return metaError(code: 190, title: "Invalid OAuth access token - Cannot parse access token", status: 401, details: nil, subcode: nil)
        default:
            return SandboxReply(status: 401, text: unauthorizedBody(g))
        }
    }

    static func unauthorizedBody(_ g: GatewayID) -> String {
        switch g {
        case .meta: return ""
        case .kaleyra: return #"{"code":"RBC001","message":"Incorrect SID or API key.","data":[],"error":{"error":"Incorrect SID or API key."}}"#
        case .flowiq: return #"{"error":"Unauthorized","message":"Invalid or missing API key (keys start with fiq_)"}"#
        case .botika: return #"{"data":{"status":"failed","message":"Unauthorized: invalid API token"}}"#
        case .zixflow: return #"{"success":false,"message":"Invalid API key or workspace id"}"#
        }
    }

    static let kaleyraWA401Version = #"{"code":"WA-401","message":"The phone number you're using is associated with different Version of our WA API. Please use the appropriate endpoint.","data":{},"error":{"phone_number":"The phone number you're using is associated with different Version of our WA API. Please use the appropriate endpoint."}}"#

    static func kaleyraWA401Number() -> SandboxReply {
        SandboxReply(status: 401, text: #"{"code":"WA401","message":"Phone number is not present or does not belong to the account.","data":{},"error":{"phone_number":"Phone number is not present or does not belong to the account."}}"#)
    }

    // MARK: Invalid payloads

    /// The vendor's answer to an invalid payload, from the first error finding. Meta picks 100
    /// (unknown or misspelt field, bad JSON), 131008 (missing) or 131009 (invalid value).
    static func invalid(_ g: GatewayID, _ f: Finding) -> SandboxReply {
        let details = "\(f.path.display): \(f.message)"
        switch g {
        case .meta:
            let code: Int
            switch f.rule {
            case .unknownField, .gatewayCapability: code = 100
            case .required, .notEmpty, .minItems: code = 131008
            case .format where f.path == .root: code = 100  // not JSON at all
            default: code = 131009
            }
            let title = MetaErrorCatalogue.entry(code: code)?.title ?? "Invalid parameter"
            return metaError(code: code, title: title, status: 400, details: details, subcode: nil)
        case .kaleyra:
            return SandboxReply(status: 400, json: ["code": "WA400", "message": "Refer to correct payload format", "data": [:], "error": ["payload": .string(details)]])
        case .flowiq:
            // Documented for missing fields; other problems reuse the shape (plausible).
            let missing = [.required, .notEmpty, .minItems].contains(f.rule)
            return SandboxReply(status: 400, json: ["error": .string(missing ? "Missing required field" : "Invalid field value"), "message": .string(details)])
        case .botika:
            return SandboxReply(status: 400, json: ["data": ["status": "failed", "message": .string(details)]])
        case .zixflow:
            return SandboxReply(status: 400, json: ["success": false, "message": .string(details)])
        }
    }

    /// A body that is not JSON at all.
    static func notJSON(_ g: GatewayID, _ e: JSONParseError) -> SandboxReply {
        invalid(g, Finding(.error, .root, .format, "the body is not valid JSON (\(e))"))
    }

    // MARK: Meta codes

    static func metaError(code: Int, title: String, status: Int, details: String?, subcode: Int?) -> SandboxReply {
        var err: JSONObject = ["message": .string("(#\(code)) \(title)"), "type": "OAuthException", "code": .number(JSONNumber(code))]
        if let details { err.append("error_data", ["messaging_product": "whatsapp", "details": .string(details)]) }
        if let subcode { err.append("error_subcode", .number(JSONNumber(subcode))) }
        err.append("fbtrace_id", .string("A" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(22))))
        return SandboxReply(status: status, json: ["error": .object(err)])
    }

    /// A Meta catalogue error as each gateway would relay it. Kaleyra forwards Meta's error
    /// object; FlowIQ, Botika and Zixflow put "(#code) title" in their own error shape (plausible).
    static func metaCode(_ g: GatewayID, _ e: CatalogueEntry) -> SandboxReply {
        let status = e.httpStatus ?? 400
        let code = Int(e.code) ?? 0
        let text = "(#\(e.code)) \(e.title)"
        switch g {
        case .meta, .kaleyra:
            var reply = metaError(code: code, title: e.title, status: status, details: e.meaning, subcode: nil)
            if code == 130429 || code == 4 || code == 80007 { reply.headers.append(("Retry-After", "2")) }
            return reply
        case .flowiq:
            return SandboxReply(status: status, json: ["error": .string(e.title), "message": .string("\(text): \(e.meaning)")])
        case .botika:
            return SandboxReply(status: status, json: ["data": ["status": "failed", "message": .string("\(text): \(e.meaning)")]])
        case .zixflow:
            return SandboxReply(status: status, json: ["success": false, "message": .string("\(text): \(e.meaning)")])
        }
    }

    static func kaleyra(_ e: CatalogueEntry) -> SandboxReply {
        let key: String
        switch e.code {
        case "RBC001": return SandboxReply(status: 401, text: unauthorizedBody(.kaleyra))
        case "WA401": key = "phone_number"
        case "WA400": key = "payload"
        case "E110": key = "balance"
        case "WA-401": key = "account"
        default: key = "error"
        }
        let message: String
        switch e.code {
        case "WA400": message = "Refer to correct payload format"
        case "WA500": message = "Please try again later"
        case "E110": message = "Please check your balance, You have a low balance!"
        case "WA-401": message = "API is not available for given customer.Please contact support for more info"
        case "WA401": message = "Phone number is not present or does not belong to the account."
        default: message = e.title
        }
        let detail = e.code == "WA400" ? "Incorrect payload format" : e.code == "WA500" ? "Internal server error" : message
        return SandboxReply(status: e.httpStatus ?? 400, json: ["code": .string(e.code), "message": .string(message), "data": [:], "error": [.init(stringLiteral: key): .string(detail)]])
    }

    static func html(_ status: Int) -> SandboxReply {
        let reason = status == 502 ? "Bad Gateway" : status == 503 ? "Service Unavailable" : "Internal Server Error"
        return SandboxReply(status: status, headers: [("Content-Type", "text/html; charset=utf-8")],
                            body: Array("<html><head><title>\(status) \(reason)</title></head><body><center><h1>\(status) \(reason)</h1></center><hr><center>nginx</center></body></html>\n".utf8))
    }
}
