import Config
import Foundation
import Providers
import Session
import Testing
import WaconTestSupport
import WhatsAppModel

/// The application behind both front ends, against the in-process sandbox and a real history
/// file: one send, a paced batch, replay, statuses and flow completion.
@Suite(.serialized, .timeLimit(.minutes(2))) struct SessionTests {
    static func tempSettings() -> SessionSettings {
        var history = HistorySettings()
        history.path = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-session-\(UUID().uuidString)/history.sqlite").path
        return SessionSettings(history: history, timeout: .seconds(10))
    }

    static let text = try! OutboundMessage.parse(#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+27825550100","type":"text","text":{"body":"hi"}}"#)

    @Test func aSendIsRecordedWithItsOutcome() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        let sent = try await session.send(SendJob(message: Self.text, gateway: .kaleyra, profile: .builtIn(.kaleyra)))
        #expect(sent.report.outcome?.isAccepted == true)
        let id = try #require(sent.historyID)
        let e = try await session.entry(id)
        #expect(e.gateway == "kaleyra" && e.outcome == "accepted" && e.messageID == sent.acceptedID)
        // Invalid: nothing is sent, and it is still recorded as invalid.
        var empty = Self.text
        empty.content = .text(TextContent(body: ""))
        let invalid = try await session.send(SendJob(message: empty, gateway: .meta, profile: .builtIn(.meta)))
        #expect(invalid.report.wasInvalid && SendVerdict(invalid.report) == .invalid)
        #expect(try await session.entry(try #require(invalid.historyID)).outcome == "invalid")
        await session.close()
    }

    /// A job whose task is cancelled mid-send (the console's Esc) reports and records a
    /// cancelled transport failure, not a timeout: the request may have reached the gateway.
    @Test func aCancelledSendIsRecordedAsCancelled() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        _ = try await session.effectiveProfile(.builtIn(.meta))  // the sandbox is up before the cancel
        // The sandbox never answers this scenario, so only the cancel can end the send.
        let job = SendJob(message: Self.text, gateway: .meta, profile: .builtIn(.meta), scenario: "timeout")
        let task = Task { try await session.run(job) }
        task.cancel()
        let result = try await task.value
        let sent = try #require(result.sends.first)
        guard case .transportFailed(let f)? = sent.report.outcome else { Issue.record("\(String(describing: sent.report.outcome))"); return }
        #expect(f.kind == .cancelled)
        let e = try await session.entry(try #require(sent.historyID))
        #expect(e.outcome == "transport-failure" && e.vendorCode == "cancelled", "\(e)")
        await session.close()
    }

    /// Cancelled before anything started (the sandbox and the status receiver not up yet), a
    /// job ends rather than waits on the servers it was starting.
    @Test func aJobCancelledAsItStartsEnds() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        let job = SendJob(message: Self.text, gateway: .meta, profile: .builtIn(.meta), scenario: "timeout", followStatuses: true)
        let task = Task { try await session.run(job) }
        task.cancel()
        // Either the servers did not start for a cancelled job, or the send began and was cancelled.
        if case .success(let result) = await task.result {
            #expect(result.sends.allSatisfy { if case .transportFailed(let f)? = $0.report.outcome { f.kind == .cancelled } else { false } })
        }
        await session.close()
    }

    @Test func scenariosAreCheckedBeforeAnythingIsSent() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        await #expect(throws: SendJobError.unknownScenario("E999")) {
            try await session.send(SendJob(message: Self.text, gateway: .kaleyra, profile: .builtIn(.kaleyra), scenario: "E999"))
        }
        await #expect(throws: SendJobError.scenarioNotForGateway(scenario: "kaleyra-E110", gateways: ["kaleyra"], gateway: .meta)) {
            try await session.send(SendJob(message: Self.text, gateway: .meta, profile: .builtIn(.meta), scenario: "E110"))
        }
        var real = Profile(name: "prod", gateway: .meta)
        real.phoneNumberID = "1"
        real.apiVersion = "v23.0"
        do {
            _ = try await session.send(SendJob(message: Self.text, gateway: .meta, profile: real, scenario: "131047"))
            Issue.record("a scenario went to a real profile")
        } catch {
            guard case .scenarioNeedsSandbox(let p, let endpoint) = error else { Issue.record("\(error)"); return }
            #expect(p == "prod" && endpoint.contains("graph.facebook.com"))
        }
        #expect(try await session.list(HistoryFilter()).isEmpty, "nothing was sent or recorded")
        await session.close()
    }

    @Test func aBatchIsPacedReportsEachSendAndTheWorstVerdictWins() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        let recipients = ["+27 12 345 6789", "+1 555 100 0005", "+27123456780"]  // the second is Kaleyra's E110 number
        let seen = Seen()
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await session.run(SendJob(message: Self.text, gateway: .kaleyra, profile: .builtIn(.kaleyra), recipients: recipients, rate: 4)) { event in
            if case .sent(let s, let index?) = event { seen.add(index, s) }
        }
        #expect(clock.now - start >= .milliseconds(500), "3 sends at 4/s take at least 0.5 s")
        #expect(seen.indexes == [1, 2, 3])
        #expect(result.sends.map { SendVerdict($0.report) } == [.accepted, .rejected, .accepted])
        #expect(result.verdict == .rejected)
        #expect(result.sends.allSatisfy { $0.historyID != nil })
        #expect(try await session.list(HistoryFilter()).count == 3)
        await session.close()
    }

    @Test func acceptedThenFailedIsTheWorstVerdictAndItsStatusIsRecorded() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        let result = try await session.run(SendJob(message: Self.text, gateway: .meta, profile: .builtIn(.meta), scenario: "failed-after-accept-131047",
                                                   followStatuses: true, statusTimeout: .seconds(5)))
        #expect(result.statuses.contains { $0.status == "failed" })
        #expect(result.verdict == .failedAfterAccept)
        let e = try await session.entry(try #require(result.sends.first?.historyID))
        #expect(e.statuses.contains { $0.status == "failed" })
        await session.close()
    }

    @Test func replayKeepsTheScenarioOnItsOwnGatewayAndDropsItElsewhere() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        let first = try await session.send(SendJob(message: Self.text, gateway: .kaleyra, profile: .builtIn(.kaleyra), scenario: "E110"))
        guard case .rejected(let r)? = first.report.outcome else { Issue.record("\(String(describing: first.report.outcome))"); return }
        #expect(r.vendorCode == "E110")
        let id = try #require(first.historyID)
        // The same gateway's sandbox: E110 stays E110.
        let again = try await session.run(try await session.replayJob(id, through: .builtIn(.kaleyra)))
        guard case .rejected(let r2)? = again.sends.first?.report.outcome else { Issue.record("replay was not rejected"); return }
        #expect(r2.vendorCode == "E110")
        #expect(try await session.entry(try #require(again.sends.first?.historyID)).scenario == "E110")
        #expect(try await session.replayJob(id, through: .builtIn(.kaleyra)).notes.isEmpty)
        // Another gateway: the vendor's scenario does not follow, the job says so, and the
        // message goes through.
        let job = try await session.replayJob(id, through: .builtIn(.meta))
        #expect(job.scenario == nil)
        #expect(job.notes == ["#\(id) ran under the kaleyra sandbox scenario E110; the replay through meta's sandbox runs without it"])
        let elsewhere = try await session.run(job)
        #expect(elsewhere.verdict == .accepted)
        await session.close()
    }

    @Test func aFlowIsRegisteredCompletedAndItsReplyRecorded() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        let flow = #"{"version":"7.3","screens":[{"id":"ASK","title":"Ask","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"name","label":"Name","required":true},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"name":"${form.name}"}}}]}}]}"#
        let registered = try await session.registerFlow(try FlowDocument.parse(Array(flow.utf8)), name: "ask")
        let message = try OutboundMessage.parse(#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+27825550100","type":"interactive","interactive":{"type":"flow","body":{"text":"Tell us"},"action":{"name":"flow","parameters":{"flow_message_version":"3","flow_id":"\#(registered.id)","flow_token":"tok-1","flow_cta":"Open","flow_action":"navigate","flow_action_payload":{"screen":"ASK"}}}}}"#)
        let sent = try await session.send(SendJob(message: message, gateway: .meta, profile: .builtIn(.meta), followStatuses: true))
        let id = try #require(sent.acceptedID)
        let done = try await session.completeFlow(messageID: id, response: ["name": "Thandi"])
        #expect(done.undelivered == nil)
        #expect(done.response["name"] == "Thandi")
        let reply = try #require(await session.awaitReply(to: id, timeout: .seconds(5)))
        #expect(reply.flowToken == "tok-1" && reply.flowResponse?["name"] == "Thandi")
        #expect(try await session.entry(try #require(sent.historyID)).statuses.contains { $0.status == "replied" })
        // Completing a message the sandbox never accepted is a clear error.
        await #expect(throws: FlowCompletionFailure.self) { try await session.completeFlow(messageID: "wamid.none") }
        await session.close()
    }

    @Test func aHistoryThatCannotBeOpenedIsSaidOnEverySendAndRequest() async throws {
        var settings = Self.tempSettings()
        let folder = (settings.history.path! as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("not a database, some other file".utf8).write(to: URL(fileURLWithPath: settings.history.path!))
        settings.timeout = .seconds(5)
        let session = WaconSession(settings: settings)
        let sent = try await session.send(SendJob(message: Self.text, gateway: .meta, profile: .builtIn(.meta)))
        #expect(sent.report.outcome?.isAccepted == true, "the send is not stopped")
        #expect(sent.historyID == nil)
        #expect(sent.historyError?.contains("left untouched") == true, "\(sent.historyError ?? "")")
        await #expect(throws: HistoryAccessError.self) { try await session.list(HistoryFilter()) }
        await session.close()
    }
}

/// Events seen from the session's callback (which runs outside the test's task).
final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(Int, SessionSend)] = []
    func add(_ i: Int, _ s: SessionSend) { lock.withLock { items.append((i, s)) } }
    var indexes: [Int] { lock.withLock { items.map(\.0) } }
}
