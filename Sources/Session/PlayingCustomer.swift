#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Sandbox
import WhatsAppModel

/// Playing the customer on the in-process sandbox, and what it knows of its customers: the
/// console's "reply as the customer" and its window badge next to the recipient.
extension WaconSession {
    /// Plays a sandbox customer: a message they write (`CustomerAction.message`), a number
    /// change or a marketing stop or resume. Starts the in-process sandbox and wacon's own
    /// receiver if they are not running; the webhook goes to that receiver (its path for
    /// `action.gateway`), signed, so the reply reaches whatever follows the receiver. A message
    /// opens the customer's 24-hour window.
    ///
    /// Throws `CustomerPlayError` for an action the sandbox refuses (the field at fault), or the
    /// error that stopped the sandbox or the receiver from starting.
    public func playCustomer(_ action: CustomerAction) async throws -> CustomerPlayReport {
        let sandbox = try await inProcessSandbox()
        let receiver = try await statusReceiver()
        return try await sandbox.playCustomer(action, target: receiver.url(for: action.gateway))
    }

    /// Plays `from` writing `message` (the message object of Meta's inbound webhook, such as
    /// `["type": "text", "text": ["body": "hi"]]`), replying to `context` when given.
    public func playCustomer(from: String, message: JSONObject, context: String? = nil, gateway: GatewayID = .meta,
                             scenario: String? = nil) async throws -> CustomerPlayReport {
        try await playCustomer(.message(from: from, message, context: context, gateway: gateway, scenario: scenario))
    }

    /// The 24-hour window with `recipient` (a number or a user id) as the in-process sandbox
    /// knows it; before it starts, as it will know it (its seeded customers open, so the
    /// console's default recipient shows open before any send). nil when the recipient is
    /// neither a number nor a user id.
    public func serviceWindow(for recipient: String) async -> ServiceWindow? {
        // Not started yet: it would know only its seeded customers, so they are asked without
        // starting it (the console asks at its first frame).
        guard let sandbox = runningSandbox else { return SandboxServer.customer(recipient, seededAt: sandboxSeededAt)?.window }
        return await sandbox.customer(recipient)?.window
    }

    /// The customers the in-process sandbox knows (seeded, written to, or heard from), the most
    /// recently active first, each with their window, opt-out and recent messages. Starts the
    /// sandbox if it is not running; empty when it cannot start.
    public func sandboxCustomers() async -> [SandboxCustomer] {
        guard let sandbox = try? await inProcessSandbox() else { return [] }
        return await sandbox.customers
    }
}
