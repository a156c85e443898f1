import Foundation
import Testing
@testable import Providers
@testable import Sandbox
import Transport
import WaconTestSupport
import WhatsAppModel

/// A sandbox and a sender on loopback for one test; both stopped at the end.
func withSandbox<T>(_ settings: SandboxSettings = SandboxSettings(statusDelay: .milliseconds(20)), timeout: Duration = .seconds(5),
                    _ body: (SandboxServer, Sender) async throws -> T) async throws -> T {
    let server = try await SandboxServer.start(settings: settings)
    let transport = Transport(configuration: TransportConfiguration(timeout: timeout))
    do {
        let result = try await body(server, Sender(transport: transport))
        await transport.shutdown()
        await server.stop()
        return result
    } catch {
        await transport.shutdown()
        await server.stop()
        throw error
    }
}

@Suite(.serialized) struct SandboxLoopbackTests {
    @Test func everyGatewayAcceptsEveryKindItCarriesOverRealHTTP() async throws {
        try await withSandbox { server, sender in
            #expect(server.baseURL.hasPrefix("http://127.0.0.1:"))
            var count = 0
            for id in GatewayID.allCases {
                let gateway = id.gateway
                for kind in gateway.capabilities.kinds where kind != .otherInteractive {
                    let m = try #require(sample(kind, for: gateway), "no sample for \(kind)")
                    let report = await sender.send(m, gateway: gateway, profile: server.profile(for: id))
                    guard case .accepted(let a)? = report.outcome else {
                        Issue.record("\(id) × \(kind): \(String(describing: report.outcome)) \(report.preparation.findings.errors)")
                        continue
                    }
                    #expect(a.messageID != nil || a.requestID != nil, "\(id) × \(kind)")
                    count += 1
                }
            }
            #expect(count == GatewayID.allCases.reduce(0) { $0 + $1.gateway.capabilities.kinds.filter { $0 != .otherInteractive }.count })
            #expect(await server.acceptedMessages.count == count)
        }
    }

    /// The outcome each scenario must produce, for a gateway it applies to.
    static func expected(_ s: Scenario) -> (String, OutcomeCategory?) {
        switch s.behavior {
        case .metaError(let e), .catalogueError(_, let e): return ("rejected", e.category)
        case .vendorFailure(let g, let status, _):
            // Kaleyra's WA-401 is in its catalogue (permission); the others classify by status.
            return ("rejected", g == .kaleyra ? .permission : status == 401 ? .auth : .validation)
        case .fault(let f):
            switch f {
            case .noResponse: return ("transport-timeout", .transport)
            case .resetMidBody: return ("transport-reset", .transport)
            case .html: return ("unexpected", .server)
            case .rateLimited: return ("rejected", .rateLimit)
            case .slow: return ("accepted", nil)
            case .malformedJSON, .emptyBody: return ("unexpected", .unknown)
            }
        case .failedAfterAccept, .duplicateStatuses, .delayedStatuses, .statusesOutOfOrder, .missingStatus, .inboundTwice: return ("accepted", nil)
        }
    }

    @Test func everyScenarioYieldsItsDocumentedOutcome() async throws {
        // The timeout leaves the 1.5 s "slow" scenario room on a loaded machine; "no response" waits it out.
        try await withSandbox(timeout: .seconds(8)) { server, sender in
            for s in ScenarioCatalogue.all {
                let id = s.gateways?.sorted { $0.rawValue < $1.rawValue }.first ?? .meta
                let gateway = id.gateway
                var m = try #require(sample(.text, for: gateway))
                m.to = s.magicNumber  // the magic number alone chooses the scenario
                let report = await sender.send(m, gateway: gateway, profile: server.profile(for: id))
                let (kind, category) = Self.expected(s)
                let outcome = try #require(report.outcome, "\(s.name): not sent")
                switch (kind, outcome) {
                case ("accepted", .accepted): break
                case ("rejected", .rejected(let r)):
                    #expect(r.category == category, "\(s.name): \(r.category)")
                    if case .metaError(let e) = s.behavior { #expect(r.vendorCode == e.code, "\(s.name)") }
                    if case .catalogueError(_, let e) = s.behavior { #expect(r.vendorCode == e.code, "\(s.name)") }
                    if case .fault(.rateLimited(let after)) = s.behavior { #expect(r.retry == .after(seconds: after)) }
                case ("unexpected", .unexpected(let u)): #expect(u.category == category, "\(s.name)")
                case ("transport-timeout", .transportFailed(let f)):
                    #expect(f.kind == .timeout, "\(f)")
                case ("transport-reset", .transportFailed(let f)): #expect(f.kind == .connectionReset, "\(f)")
                default: Issue.record("\(s.name): expected \(kind), got \(outcome)")
                }
            }
        }
    }

    @Test func theScenarioHeaderAndTheStickyScenarioWork() async throws {
        try await withSandbox { server, sender in
            let m = try #require(samples[.text])
            let byHeader = await sender.send(m, gateway: KaleyraGateway(), profile: server.profile(for: .kaleyra),
                                             extraHeaders: [WireHeader("X-Wacon-Scenario", "E110")])
            guard case .rejected(let r)? = byHeader.outcome else { Issue.record("\(String(describing: byHeader.outcome))"); return }
            #expect(r.vendorCode == "E110")
            #expect(r.category == .balance)
            await server.update { $0.scenario = ScenarioCatalogue.named("131056") }
            let sticky = await sender.send(m, gateway: MetaCloudGateway(), profile: server.profile(for: .meta))
            guard case .rejected(let s)? = sticky.outcome else { Issue.record("sticky"); return }
            #expect(s.vendorCode == "131056")
            #expect(s.category == .rateLimit)
        }
    }

    @Test func theSandboxChecksKeysAndPayloadsLikeTheVendor() async throws {
        try await withSandbox { server, sender in
            for id in GatewayID.allCases {
                let m = try #require(sample(.text, for: id.gateway))
                var profile = server.profile(for: id)
                profile.secret = .inline(id == .flowiq ? "fiq_wrong" : "wrong-key")
                guard case .rejected(let r)? = await sender.send(m, gateway: id.gateway, profile: profile).outcome else {
                    Issue.record("\(id): a wrong key was not refused"); continue
                }
                #expect(r.category == .auth, "\(id)")
                #expect(r.httpStatus == 401, "\(id)")
                if id == .kaleyra { #expect(r.vendorCode == "RBC001") }
                if id == .meta { #expect(r.vendorCode == "190") }
            }
            // An invalid payload, sent anyway: each vendor's 400.
            var bad = try #require(sample(.text, for: FlowIQGateway()))
            bad.content = .text(TextContent(body: String(repeating: "x", count: 4097)))
            for id in GatewayID.allCases {
                let report = await sender.send(bad, gateway: id.gateway, profile: server.profile(for: id), force: true)
                guard case .rejected(let r)? = report.outcome else { Issue.record("\(id): \(String(describing: report.outcome))"); continue }
                #expect(r.httpStatus == 400, "\(id)")
                #expect(r.category == .validation, "\(id)")
                if id == .meta { #expect(r.vendorCode == "131009") }
                if id == .kaleyra { #expect(r.vendorCode == "WA400") }
            }
        }
    }

    @Test func statusesArriveSignedAndTheReceiverVerifiesThem() async throws {
        try await withSandbox { server, sender in
            let receiver = try await WebhookReceiver.start(appSecret: "wacon-sandbox-app-secret")
            let m = try #require(samples[.text])
            // The sample's recipient has written (a free-form message outside the window fails).
            try await server.setUpCustomer(try #require(m.to), windowOpen: true)
            let report = await sender.send(m, gateway: MetaCloudGateway(), profile: server.profile(for: .meta),
                                           extraHeaders: [WireHeader("X-Wacon-Callback", receiver.url(for: .meta))])
            guard case .accepted(let a)? = report.outcome, let id = a.messageID else { Issue.record("not accepted"); return }
            let statuses = await receiver.collect(ids: [id], timeout: .seconds(5))
            #expect(statuses.map(\.status) == ["sent", "delivered", "read"])
            #expect(await receiver.rejectedCount == 0)
            // A forged callback (wrong signature) and an unsigned one are refused.
            let transport = Transport()
            let forged = WireRequest(method: "POST", url: receiver.url(for: .meta), headers: [WireHeader("X-Hub-Signature-256", "sha256=" + String(repeating: "0", count: 64))], json: ["object": "whatsapp_business_account"])
            #expect(await transport.send(forged).response?.status == 401)
            let unsigned = WireRequest(method: "POST", url: receiver.url(for: .meta), headers: [], json: ["object": "whatsapp_business_account"])
            #expect(await transport.send(unsigned).response?.status == 401)
            #expect(await receiver.rejectedCount == 2)
            await transport.shutdown()
            await receiver.stop()
        }
    }

    @Test func aFailedStatusAfterAcceptCarriesTheCodeAndDuplicatesAreDropped() async throws {
        try await withSandbox { server, sender in
            let receiver = try await WebhookReceiver.start(appSecret: "wacon-sandbox-app-secret")
            let header = [WireHeader("X-Wacon-Callback", receiver.url(for: .meta))]
            var m = try #require(samples[.text])
            m.to = try #require(ScenarioCatalogue.named("failed-after-accept-131047")).magicNumber
            let report = await sender.send(m, gateway: MetaCloudGateway(), profile: server.profile(for: .meta), extraHeaders: header)
            guard case .accepted(let a)? = report.outcome, let id = a.messageID else { Issue.record("not accepted"); return }
            let failed = await receiver.collect(ids: [id], timeout: .seconds(5))
            #expect(failed.map(\.status) == ["failed"])
            #expect(failed.first?.errors.first?.code == "131047")
            #expect(failed.first?.errors.first?.category == .window)
            m.to = try #require(ScenarioCatalogue.named("duplicate-statuses")).magicNumber
            let dup = await sender.send(m, gateway: MetaCloudGateway(), profile: server.profile(for: .meta), extraHeaders: header)
            guard case .accepted(let d)? = dup.outcome, let did = d.messageID else { Issue.record("not accepted"); return }
            let statuses = await receiver.collect(ids: [did], timeout: .seconds(5))
            #expect(statuses.map(\.status) == ["sent", "delivered", "read"], "each status once although sent twice")
            await receiver.stop()
        }
    }

    @Test func zixflowPostsBackToPostBackURLWithItsData() async throws {
        try await withSandbox { server, sender in
            let receiver = try await WebhookReceiver.start(appSecret: nil)
            let m = try #require(samples[.button])
            // The sample's recipient has written (a free-form message outside the window fails).
            try await server.setUpCustomer(try #require(m.to), windowOpen: true)
            let report = await sender.send(m, gateway: ZixflowGateway(), profile: server.profile(for: .zixflow),
                                           options: VendorOptions(["post_back_url": receiver.url(for: .zixflow), "post_back_data": "ticket-9"]))
            guard case .accepted(let a)? = report.outcome, let id = a.requestID else { Issue.record("not accepted"); return }
            let statuses = await receiver.collect(ids: [id], timeout: .seconds(5))
            #expect(statuses.map(\.status) == ["delivered", "read"])
            let raw = try #require(statuses.first?.raw)
            let body = try JSONParser.parse(raw)
            #expect(body["post_back_data"] == "ticket-9")
            #expect(body["type"] == "delivery_status")
            await receiver.stop()
        }
    }

    @Test func retriesHonourRetryAfterOnlyWhenAsked() async throws {
        try await withSandbox { server, sender in
            var m = try #require(samples[.text])
            m.to = try #require(ScenarioCatalogue.named("rate-limit-429")).magicNumber
            let once = await sender.send(m, gateway: MetaCloudGateway(), profile: server.profile(for: .meta))
            #expect(once.attempts.count == 1)
            let clock = ContinuousClock()
            let start = clock.now
            let twice = await sender.send(m, gateway: MetaCloudGateway(), profile: server.profile(for: .meta), retry: RetryPolicy(maxRetries: 1))
            #expect(twice.attempts.count == 2)
            #expect(clock.now - start >= .seconds(2), "waited the Retry-After of 2 s")
            // A non-retryable code is not retried even when asked.
            m.to = try #require(ScenarioCatalogue.named("131047")).magicNumber
            #expect(await sender.send(m, gateway: MetaCloudGateway(), profile: server.profile(for: .meta), retry: RetryPolicy(maxRetries: 3)).attempts.count == 1)
        }
    }

    @Test func loopbackOnlyRefusesEveryOtherHost() async throws {
        let transport = Transport(configuration: TransportConfiguration(timeout: .seconds(2), loopbackOnly: true))
        let report = await Sender(transport: transport).send(try #require(sample(.text, for: MetaCloudGateway())), gateway: MetaCloudGateway(), profile: .builtIn(.meta))
        guard case .transportFailed(let f)? = report.outcome else { Issue.record("\(String(describing: report.outcome))"); return }
        #expect(f.kind == .invalidURL)
        #expect(f.message.contains("graph.facebook.com"))
        #expect(Transport.isLoopback("http://127.0.0.1:8790/x") && Transport.isLoopback("http://localhost/") && Transport.isLoopback("http://127.9.9.9/"))
        #expect(!Transport.isLoopback("https://api.in.kaleyra.io/") && !Transport.isLoopback("http://127.example.com/") && !Transport.isLoopback("http://127.0.0.256/"))
        await transport.shutdown()
    }

    @Test func aRefusedConnectionIsClassified() async throws {
        let transport = Transport(configuration: TransportConfiguration(timeout: .seconds(2)))
        var profile = Profile.builtIn(.meta)
        profile.baseURL = "http://127.0.0.1:1"
        let report = await Sender(transport: transport).send(try #require(samples[.text]), gateway: MetaCloudGateway(), profile: profile)
        guard case .transportFailed(let f)? = report.outcome else { Issue.record("\(String(describing: report.outcome))"); return }
        #expect(f.kind == .connectionRefused)
        await transport.shutdown()
    }

    /// A refused connection is the address or the network: it says which address, hints at
    /// the base URL rather than the account, and a retry policy never resends it.
    @Test func aRefusedConnectionNamesTheAddressAndIsNotRetried() async throws {
        let transport = Transport(configuration: TransportConfiguration(timeout: .seconds(60)))
        var profile = Profile.builtIn(.meta)
        profile.baseURL = "http://127.0.0.1:1"
        let report = await Sender(transport: transport).send(try #require(samples[.text]), gateway: MetaCloudGateway(), profile: profile,
                                                             retry: RetryPolicy(maxRetries: 3))
        guard case .transportFailed(let f)? = report.outcome else { Issue.record("\(String(describing: report.outcome))"); return }
        #expect(f.kind == .connectionRefused)
        #expect(f.message.contains("http://127.0.0.1:1"))
        #expect(f.retry == .checkAddress)
        #expect(f.retry.description.contains("base_url"))
        #expect(report.attempts.count == 1)
        await transport.shutdown()
    }
}
