import Foundation
import Testing
@testable import Providers
@testable import Sandbox
import Transport
import WaconTestSupport
import WhatsAppModel

/// Webhook realism on demand: statuses delayed, duplicated, out of order or missing, and a
/// customer's message delivered twice — each planned as its scenario says and seen to arrive so
/// at a real loopback target that keeps every body.
@Suite(.serialized, .timeLimit(.minutes(3))) struct SandboxRealismTests {
    static func accepted(_ scenario: String?, gateway: GatewayID = .meta) throws -> AcceptedMessage {
        AcceptedMessage(gateway: gateway, id: "wamid.PLAN", recipient: SandboxCustomers.user(digits: "27825550100"),
                        message: text(to: "+27825550100"), options: VendorOptions(), scenario: try scenario.map { try #require(ScenarioCatalogue.named($0)) })
    }

    @Test func eachScenarioHasItsMagicNumberInTheEightSeries() throws {
        let expected = ["failed-after-accept-131047": "+15558000001", "failed-after-accept-131026": "+15558000002", "duplicate-statuses": "+15558000003",
                        "delayed-statuses": "+15558000004", "out-of-order-statuses": "+15558000005", "missing-delivered": "+15558000006",
                        "inbound-twice": "+15558000007"]
        for (name, number) in expected {
            let s = try #require(ScenarioCatalogue.named(name))
            #expect(s.magicNumber == number && ScenarioCatalogue.forRecipient(number)?.name == name)
        }
        #expect(Set(ScenarioCatalogue.all.map(\.magicNumber)).count == ScenarioCatalogue.all.count, "magic numbers are unique")
    }

    @Test func thePlansSayWhatEachScenarioDoes() throws {
        let delay = Duration.milliseconds(100)
        func plan(_ s: String?, _ g: GatewayID = .meta) throws -> [String] {
            try StatusCallbacks.plan(for: Self.accepted(s, gateway: g), delay: delay).map { "\($0.status)@\($0.after.components.seconds * 1000 + $0.after.components.attoseconds / 1_000_000_000_000_000)" }
        }
        #expect(try plan(nil) == ["sent@100", "delivered@200", "read@300"])
        #expect(try plan("delayed-statuses") == ["sent@2000", "delivered@4000", "read@6000"])
        #expect(try plan("out-of-order-statuses") == ["sent@100", "read@200", "delivered@300"])
        #expect(try plan("missing-delivered") == ["sent@100", "read@200"])
        // Duplication is acted out when posting; the plan is the plain one.
        #expect(try plan("duplicate-statuses") == ["sent@100", "delivered@200", "read@300"])
        #expect(try plan("inbound-twice") == ["sent@100", "delivered@200", "read@300"])
        // Zixflow reports no `sent`: read still overtakes delivered.
        #expect(try plan("out-of-order-statuses", .zixflow) == ["read@100", "delivered@200"])
    }

    /// Sends a text to the scenario's magic number with the recorder as the callback; returns
    /// the message id and when the send was made (before the sandbox had it).
    func send(_ scenario: String, server: SandboxServer, sender: Sender, recorder: BodyRecorder) async throws -> (String, ContinuousClock.Instant) {
        let s = try #require(ScenarioCatalogue.named(scenario))
        let sent = ContinuousClock.now
        let report = await sender.send(text(to: s.magicNumber), gateway: MetaCloudGateway(), profile: server.profile(for: .meta),
                                       extraHeaders: [WireHeader("X-Wacon-Callback", recorder.url)])
        guard case .accepted(let a)? = report.outcome, let id = a.messageID else { throw BodyRecorder.Failure(description: "\(scenario): not accepted: \(String(describing: report.outcome))") }
        return (id, sent)
    }

    @Test func statusesArriveAsEachScenarioSays() async throws {
        try await withSandbox { server, sender in
            for (scenario, expected) in [("out-of-order-statuses", ["sent", "read", "delivered"]),
                                         ("duplicate-statuses", ["sent", "sent", "delivered", "delivered", "read", "read"])] {
                let recorder = try BodyRecorder()
                defer { recorder.stop() }
                let (id, _) = try await send(scenario, server: server, sender: sender, recorder: recorder)
                let posts = await recorder.wait(for: expected.count)
                #expect(try statusWords(posts) == expected, "\(scenario)")
                #expect(try posts.allSatisfy { try WebhookBodyReader.read($0.body).events.first?.status?.id == id })
            }
            // Missing: sent and read, and no delivered however long one waits for the plan to end.
            let recorder = try BodyRecorder()
            defer { recorder.stop() }
            _ = try await send("missing-delivered", server: server, sender: sender, recorder: recorder)
            _ = await recorder.wait(for: 2)
            try await Task.sleep(for: .milliseconds(500))  // 25 times the status delay: a third status would be here
            #expect(try statusWords(recorder.posts) == ["sent", "read"])
        }
    }

    @Test func delayedStatusesComeClearlyLater() async throws {
        try await withSandbox { server, sender in
            let recorder = try BodyRecorder()
            defer { recorder.stop() }
            let (_, sent) = try await send("delayed-statuses", server: server, sender: sender, recorder: recorder)
            let posts = await recorder.wait(for: 3)
            #expect(try statusWords(posts) == ["sent", "delivered", "read"])
            // Each status is posted no earlier than its turn: 2 s, 4 s, 6 s after the send (the
            // sandbox schedules them from when it had the send, which is after `sent`).
            let step = Duration.milliseconds(ScenarioCatalogue.delayedStatusMilliseconds)
            for (i, post) in posts.enumerated() {
                #expect(post.at - sent >= step * (i + 1), "status \(i + 1) came \(post.at - sent) after the send")
            }
        }
    }

    @Test func anInboundMessageIsDeliveredTwiceByFieldHeaderOrMagicNumber() async throws {
        try await withSandbox { server, _ in
            let transport = Transport()
            let message: JSONValue = ["type": "text", "text": ["body": "are you there?"]]
            let ways: [(JSONObject, [WireHeader])] = [
                (["from": "+27825550100", "message": message, "scenario": "inbound-twice"], []),
                (["from": "+27825550100", "message": message], [WireHeader("X-Wacon-Scenario", "inbound-twice")]),
                (["from": "+15558000007", "message": message], []),
            ]
            for (body, headers) in ways {
                let recorder = try BodyRecorder()
                defer { recorder.stop() }
                var b = body
                b["callback_url"] = .string(recorder.url)
                var request = WireRequest(method: "POST", url: server.baseURL + "/_sandbox/inbound", headers: [WireHeader("Content-Type", "application/json")], json: .object(b))
                request.headers += headers
                let response = try #require(await transport.send(request).response)
                #expect(response.status == 200 && response.headers.pairs.first { $0.name == "X-Wacon-Posts" }?.value == "2", "\(body)")
                let posts = await recorder.wait(for: 2)
                #expect(posts.count == 2 && posts.first?.body == posts.last?.body, "the same body twice: \(body)")
                let ids = try posts.map { try WebhookBodyReader.read($0.body).events.first?.message?.id }
                #expect(ids.count == 2 && ids[0] != nil && ids[0] == ids[1])
            }
            // Without the scenario: once.
            let recorder = try BodyRecorder()
            defer { recorder.stop() }
            let once = try await server.playCustomer(.message(from: "+27825550100", ["type": "text", "text": ["body": "once"]]), target: recorder.url)
            #expect(once.posts == 1)
            try await Task.sleep(for: .milliseconds(200))
            #expect(recorder.posts.count == 1)
            await transport.shutdown()
        }
    }
}
