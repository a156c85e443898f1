import Foundation
import Providers
import Sandbox
import Session
import Testing
import WhatsAppModel

/// A send that follows its statuses and hears none says so, with the likely reason when wacon's
/// receiver turned the callbacks away (a standalone sandbox signing with another app secret).
@Suite(.serialized, .timeLimit(.minutes(2))) struct SilentStatusTests {
    final class Problems: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ p: String) { lock.withLock { items.append(p) } }
        var all: [String] { lock.withLock { items } }
    }

    @Test func refusedCallbacksAreNamedWhenNoStatusArrives() async throws {
        let sandbox = try await SandboxServer.start(settings: SandboxSettings(appSecret: "another-app-secret", statusDelay: .milliseconds(20)))
        var profile = sandbox.profile(for: .meta)
        profile.name = "standalone"
        profile.isBuiltIn = false
        let session = WaconSession(settings: SessionTests.tempSettings())
        let problems = Problems()
        let message = try OutboundMessage.parse(#"{"messaging_product":"whatsapp","to":"+27825550100","type":"text","text":{"body":"hi"}}"#)
        let result = try await session.run(SendJob(message: message, gateway: .meta, profile: profile, followStatuses: true, statusTimeout: .seconds(2))) { event in
            if case .problem(let p) = event { problems.add(p) }
        }
        #expect(result.sends.first?.acceptedID != nil && result.statuses.isEmpty)
        let said = try #require(problems.all.first)
        #expect(said.hasPrefix("no status for wamid.") && said.contains("within 2 s"), "\(said)")
        #expect(said.contains("callback(s) were refused"), "\(said)")
        await session.close()
        await sandbox.stop()
    }
}
