#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Transport
import WhatsAppModel

/// What playing the customer who completed a Flow produced.
public struct FlowCompletion: Sendable {
    /// The inbound-message webhook body that was posted (Meta's envelope with one `nfm_reply`).
    public var webhook: JSONValue
    /// The new wamid of the customer's reply.
    public var replyID: String
    /// The `response_json` object before it was serialised into the webhook.
    public var response: JSONObject
    /// Where it was posted; nil when the send named no callback and no webhook URL is set.
    public var deliveredTo: String?
    /// The HTTP status the target answered with; nil when nothing was posted or the post failed.
    public var deliveryStatus: Int?
    /// Why the post failed (connection refused, timeout, a non-loopback target refused, …).
    public var deliveryError: String?
}

/// Why the sandbox cannot play the customer for a message. Each maps to an HTTP status of
/// `POST /_sandbox/flows/complete`.
public enum FlowCompletionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No accepted message with this id (never sent, refused, or trimmed from memory).
    case unknownMessage(String)
    /// The message opens no Flow (it is not a flow message or a template with a flow button).
    case notAFlowMessage(id: String, kind: String)
    /// No `response` was given and the sandbox cannot make one up: the Flow is not registered,
    /// or a walk of it does not reach `complete`.
    case cannotBuildResponse(String)

    public var httpStatus: Int {
        switch self {
        case .unknownMessage: return 404
        case .notAFlowMessage: return 409
        case .cannotBuildResponse: return 422
        }
    }

    public var description: String {
        switch self {
        case .unknownMessage(let id): return "no accepted message with id \"\(id)\" (the sandbox keeps the newest 10,000)"
        case .notAFlowMessage(let id, let kind): return "message \"\(id)\" is a \(kind) message, not a flow message or a template with a flow button"
        case .cannotBuildResponse(let why): return "no \"response\" given and \(why); pass {\"response\": {...}}"
        }
    }
}

/// The Flow a sent message opens: enough to answer as the customer.
struct FlowOpening: Sendable {
    /// `flow_token` as sent; Meta's default is `"unused"`.
    var token: String
    /// The interactive message's flow parameters; nil for a template flow button (the template,
    /// not the send, names the Flow).
    var action: FlowAction?
    /// A template button's `flow_action_data`.
    var templateData: JSONObject?

    init?(_ message: OutboundMessage) {
        switch message.content {
        case .interactive(let i):
            guard case .flow(let a) = i.action else { return nil }
            token = a.flowToken ?? "unused"
            action = a
        case .template(let t):
            guard let button = t.components?.first(where: { $0.type == "button" && $0.subType == "flow" }) else { return nil }
            let act = button.parameters?.first { $0.type == "action" }?.otherFields["action"]?.objectValue
            token = act?["flow_token"]?.stringValue ?? "unused"
            templateData = act?["flow_action_data"]?.objectValue
        default:
            return nil
        }
    }
}

/// Builds the inbound-message webhooks the sandbox posts as the customer.
public enum InboundWebhooks {
    /// Meta's webhook for a completed Flow: one inbound `interactive` message of type
    /// `nfm_reply`, whose `response_json` is a string, replying (`context`) to the flow message.
    /// Resellers forward Meta's payload; that they keep this envelope unchanged is plausible but
    /// undocumented, so every gateway gets Meta's.
    public static func flowReply(to accepted: AcceptedMessage, response: JSONObject, replyID: String, at date: Date, profile: Profile) -> JSONValue {
        customerMessage(flowReplyMessage(response), from: accepted.recipient, id: replyID, at: date, context: accepted.id, profile: profile)
    }

    /// The `interactive` message of a completed Flow, `response_json` a string.
    static func flowReplyMessage(_ response: JSONObject) -> JSONObject {
        ["type": "interactive",
         "interactive": ["type": "nfm_reply", "nfm_reply": ["name": "flow", "body": "Sent", "response_json": .string(JSONWriter.compactString(.object(response)))]]]
    }

    /// `response_json`: the flow token first (as in Meta's examples; always the one the message
    /// carried, as on Meta), then the customer's answers.
    static func responseJSON(token: String, answers: JSONObject) -> JSONObject {
        var out: JSONObject = ["flow_token": .string(token)]
        for (k, v) in answers where k != "flow_token" { out.append(k, v) }
        return out
    }
}

extension SandboxRoutes {
    /// Plays the customer who completes the Flow a sent message opened: builds the `nfm_reply`
    /// webhook and posts it, signed, where that send's statuses go.
    func completeFlow(messageID: String, response: JSONObject?) async throws(FlowCompletionError) -> FlowCompletion {
        guard let accepted = await state.message(id: messageID) else { throw .unknownMessage(messageID) }
        guard let opening = FlowOpening(accepted.message) else {
            throw .notAFlowMessage(id: messageID, kind: accepted.message.kind.rawValue)
        }
        let answers: JSONObject
        if let response {
            answers = InboundWebhooks.responseJSON(token: opening.token, answers: response)
        } else {
            answers = try await Self.autoResponse(opening, flows: state.flows)
        }
        let settings = await state.settings
        let profile = engine.accounts.profile(accepted.gateway)
        let replyID = MetaEmulation().newMessageID()
        let now = Date()
        let webhook = InboundWebhooks.flowReply(to: accepted, response: answers, replyID: replyID, at: now, profile: profile)
        var completion = FlowCompletion(webhook: webhook, replyID: replyID, response: answers)
        // The customer wrote: their window opens, the reply joins their conversation.
        let entry = SandboxCustomer.Message(direction: .inbound, id: replyID, type: "interactive",
                                            summary: InboundMessageCheck.summary(InboundWebhooks.flowReplyMessage(answers)), at: now, contextID: accepted.id)
        let recipient = accepted.recipient
        await state.withConversations { c in c.customerWrote(recipient, entry) }
        // The same target the statuses use: wacon's receiver first, else the configured webhook.
        let delivery = await post(webhook, to: accepted.callbackURL ?? settings.webhookURL, settings: settings)
        completion.deliveredTo = delivery.deliveredTo
        completion.deliveryStatus = delivery.status
        completion.deliveryError = delivery.error
        return completion
    }

    /// A response made up by walking the registered Flow from the message's first screen.
    static func autoResponse(_ opening: FlowOpening, flows: FlowRegistry) throws(FlowCompletionError) -> JSONObject {
        guard let action = opening.action else {
            throw .cannotBuildResponse("a template flow button does not name its Flow")
        }
        guard let flow = flows.flow(for: action) else {
            throw .cannotBuildResponse("Flow \(action.flowID ?? action.flowName.map { "\"\($0)\"" } ?? "?") is not registered (POST /_sandbox/flows)")
        }
        guard let made = FlowWalk.autoComplete(document: flow.document, screen: action.screen ?? flow.document.entryScreenID,
                                               data: action.data?.objectValue ?? [:], flowToken: opening.token) else {
            throw .cannotBuildResponse("a walk of Flow \(flow.id) (\"\(flow.name)\") does not reach a complete action")
        }
        return InboundWebhooks.responseJSON(token: opening.token, answers: made)
    }
}
