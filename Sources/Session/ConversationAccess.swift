import Foundation
import History
import Providers
import Sandbox
import WhatsAppModel

// PROVISIONAL (replaced when the history and sandbox parts land).
extension WaconSession {
    public func conversation(with customer: String, profile: Profile, limit: Int = 500) async throws -> Conversation {
        Conversation(customer: customer, items: [], window: ServiceWindow())
    }

    public func serviceWindow(for recipient: String, profile: Profile) async -> ServiceWindow? { nil }

    public func play(_ reply: CustomerReply, as customer: String, replyingTo context: String?, gateway: GatewayID) async throws -> String { "" }

    public func webhookEvents() -> AsyncStream<ReceivedWebhookSummary> { AsyncStream { $0.finish() } }
}

/// A webhook event wacon received, as the console uses it.
public struct ReceivedWebhookSummary: Sendable, Hashable {
    /// The customer it concerns (digits or a user id), when it names one.
    public var customer: String?
    /// For a customer's message: its id (what mark-as-read takes).
    public var inboundMessageID: String?
    /// The event in a line, as `wacon webhook parse` prints it.
    public var line: String

    public init(customer: String?, inboundMessageID: String?, line: String) {
        self.customer = customer
        self.inboundMessageID = inboundMessageID
        self.line = line
    }
}

