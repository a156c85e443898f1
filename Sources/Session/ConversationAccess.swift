#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import History
import Providers
import Sandbox
import WhatsAppModel

extension WaconSession {
    /// The transcript with `customer` (digits or a user id) from history: sends with their
    /// statuses, the customer's messages and events, oldest first, the newest `limit`. Through a
    /// built-in profile, the window is the sandbox's own record of the customer (it knows
    /// customers who wrote before history began, such as its seeded ones).
    public func conversation(with customer: String, profile: Profile, limit: Int = 500) async throws -> Conversation {
        var c: Conversation
        if let store = try reader() {
            c = try store.conversation(with: customer, limit: limit)
        } else {
            c = Conversation(customer: customer, items: [], window: ServiceWindow())
        }
        if profile.isBuiltIn, let sandboxWindow = await serviceWindow(for: customer, profile: profile) { c.window = sandboxWindow }
        return c
    }

    /// The window with `recipient` (a number or a user id) through `profile`: the in-process
    /// sandbox's record for a built-in profile; for any other, the customer's last message in
    /// history (received by `wacon listen`), nil when history has none from them.
    public func serviceWindow(for recipient: String, profile: Profile) async -> ServiceWindow? {
        if profile.isBuiltIn { return await serviceWindow(for: recipient) }
        // Only what the customer wrote to this profile's own number (Meta's phone number id).
        guard let store = try? reader(), let c = try? store.conversation(with: HistoryStore.customer(recipient), limit: 1, business: profile.values["phone_number_id"]),
              c.window.lastCustomerMessage != nil else { return nil }
        return c.window
    }

    /// Has the in-process sandbox play `customer` (a number or a user id, as the form names
    /// them) doing `reply`, answering the message `context`; the webhook goes to wacon's
    /// receiver, so it reaches history and `webhookEvents()`. Returns what happened in a line.
    public func play(_ reply: CustomerReply, as customer: String, replyingTo context: String?, gateway: GatewayID) async throws -> String {
        let report = try await playCustomer(from: customer, message: reply.message, context: context, gateway: gateway)
        if let why = report.deliveryError { return "the sandbox played \(reply.label) but could not deliver it: \(why)" }
        return "the customer sent \(reply.label) (\(report.messageID ?? "no id"))"
    }
}

extension WaconSession {
    /// Why a free-form message to `message`'s recipient will fail after it is accepted: the
    /// in-process sandbox knows the customer has not written in 24 hours (131047). nil for a
    /// template, a Direct Send, a profile that is not built in (wacon cannot know a real
    /// customer's window before sending), or an open window. Starts the sandbox if needed.
    public func windowWarning(for message: OutboundMessage, profile: Profile) async -> String? {
        guard profile.isBuiltIn, !message.isDirectSend else { return nil }
        if case .template = message.content { return nil }
        let recipient = message.recipientText
        // A magic number's scenario decides its story, not the window.
        guard ScenarioCatalogue.forRecipient(recipient) == nil else { return nil }
        guard let window = await serviceWindow(for: recipient), !window.isOpen() else { return nil }
        return "the sandbox customer \(recipient) has not written in 24 hours (window \(window.summary())): "
            + "this \(message.kind.rawValue) will be accepted and then fail with 131047; send a template, or play the customer first "
            + "(POST /_sandbox/inbound, or c then w in the console)"
    }
}
