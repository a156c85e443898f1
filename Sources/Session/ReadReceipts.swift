#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Sandbox
import Transport
import WhatsAppModel

extension WaconSession {
    /// Marks a customer's message as read through `profile` (the in-process sandbox for a
    /// built-in profile), with the typing indicator when the receipt asks. Read receipts are not
    /// recorded in the history file: they are not messages, and replaying one means nothing.
    public func markRead(_ receipt: ReadReceipt, profile: Profile, scenario: String? = nil) async throws(SendJobError) -> SessionSend {
        let effective: Profile
        var headers: [WireHeader] = []
        do {
            effective = try await effectiveProfile(profile)
        } catch {
            throw .sandbox("\(error)")
        }
        if let scenario {
            guard effective.isSandbox else { throw .scenarioNeedsSandbox(profile: profile.name, endpoint: profile.gateway.gateway.endpoint(profile: profile)) }
            guard ScenarioCatalogue.named(scenario) != nil else { throw .unknownScenario(scenario) }
            headers.append(WireHeader("X-Wacon-Scenario", scenario))
        }
        let report = await Sender(transport: transport).markRead(receipt, gateway: profile.gateway.gateway, profile: effective, extraHeaders: headers)
        return SessionSend(report: report)
    }
}
