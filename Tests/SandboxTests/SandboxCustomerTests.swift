import Foundation
import HTTPTypes
import Testing
@testable import Providers
@testable import Sandbox
import Transport
import WaconTestSupport
import WhatsAppModel

/// A text message to `to`.
func text(to: String, _ body: String = "Your order is ready") -> OutboundMessage {
    OutboundMessage(to: to, content: .text(TextContent(body: body)))
}

/// The statuses (word and first error code) in the bodies a recorder got, in arrival order.
func statusWords(_ posts: [BodyRecorder.Post], gateway: GatewayID? = nil) throws -> [String] {
    try posts.flatMap { post in
        try WebhookBodyReader.read(post.body, gateway: gateway).events.compactMap(\.status).map { s in
            s.status + (s.errors.first?.code.map { ":" + $0 } ?? "")
        }
    }
}

/// The 24-hour window and the customer's side of a conversation, over real HTTP.
@Suite(.serialized, .timeLimit(.minutes(3))) struct SandboxWindowTests {
    static let fresh = "+27825550199"  // a number the sandbox never seeds

    // MARK: The rule, as the engine applies it

    func decide(_ m: OutboundMessage, customers: SandboxConversations, windowRule: Bool = true, templates: TemplateLibrary? = nil) throws -> AcceptedMessage? {
        let engine = SandboxEngine()
        let profile = engine.accounts.profile(.meta)
        let body = MetaCloudGateway().encode(m, profile: profile, options: VendorOptions()).body
        let headers: HTTPFields = [.authorization: "Bearer \(engine.accounts.secret(.meta))"]
        let req = EmulatedRequest(gateway: .meta, path: "/v25.0/\(profile.phoneNumberID ?? "")/messages",
                                  parameters: ["version": "v25.0", "phoneNumberID": profile.phoneNumberID ?? ""], headers: headers, body: body)
        guard case .reply(let reply, let accepted) = engine.handle(req, templates: templates, customers: customers, windowRule: windowRule) else { return nil }
        #expect(reply.status == 200, "\(String(decoding: reply.body, as: UTF8.self))")
        return accepted
    }

    func failure(_ a: AcceptedMessage?) -> String? {
        if case .failedAfterAccept(let e)? = a?.scenario?.behavior { return e.code }
        return nil
    }

    @Test func outsideTheWindowAFreeFormMessageIsAcceptedThenFails131047() throws {
        let customers = SandboxConversations.seeded(at: Date())
        let closed = try decide(text(to: Self.fresh), customers: customers)
        #expect(failure(closed) == "131047")
        if case .failedAfterAccept(let e)? = closed?.scenario?.behavior {
            #expect(e.title == "Re-engagement message")
            #expect(e.meaning == "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")
        }
        // Inside: the seeded default recipient wrote just before the start.
        #expect(failure(try decide(text(to: "+27825550100"), customers: customers)) == nil)
        // The rule off: delivered.
        #expect(failure(try decide(text(to: Self.fresh), customers: customers, windowRule: false)) == nil)
        // A window that closed 24 hours after the last message.
        var old = customers
        let user = SandboxCustomers.user(digits: "27825550199")
        old.customerWrote(user, SandboxCustomer.Message(direction: .inbound, id: "wamid.x", type: "text", summary: "hi", at: Date().addingTimeInterval(-24 * 3600 - 5)))
        #expect(failure(try decide(text(to: Self.fresh), customers: old)) == "131047")
        old.customerWrote(user, SandboxCustomer.Message(direction: .inbound, id: "wamid.y", type: "text", summary: "hi again", at: Date()))
        #expect(failure(try decide(text(to: Self.fresh), customers: old)) == nil)
    }

    @Test func templatesAreAlwaysTakenAndDirectSendIsExempt() throws {
        let customers = SandboxConversations()
        var template = try #require(samples[.template])
        template.to = Self.fresh
        #expect(failure(try decide(template, customers: customers)) == nil)
        var direct = text(to: Self.fresh)
        direct.category = "utility"
        #expect(failure(try decide(direct, customers: customers)) == nil)
        // A magic number plays its own scenario, whatever the window.
        let dup = try #require(ScenarioCatalogue.named("duplicate-statuses"))
        #expect(try decide(text(to: dup.magicNumber), customers: customers)?.scenario?.name == "duplicate-statuses")
    }

    @Test func aMarketingTemplateToACustomerWhoStoppedMarketingFails131050() throws {
        var customers = SandboxConversations()
        let user = SandboxCustomers.user(digits: "27825550199")
        customers.update(user, at: Date()) { $0.marketingOptOut = true }
        var template = try #require(samples[.template])
        template.to = Self.fresh
        // Not in the library: taken as marketing, as the sandbox prices it.
        #expect(failure(try decide(template, customers: customers)) == "131050")
        // A utility template (by the library's category) is delivered; a marketing one is not.
        let optedOut = customers.customer(user)
        #expect(ServiceWindowRule.failure(of: template, options: VendorOptions(), templateCategory: .utility, customer: optedOut, windowRule: true, at: Date()) == nil)
        #expect(ServiceWindowRule.failure(of: template, options: VendorOptions(), templateCategory: .marketing, customer: optedOut, windowRule: true, at: Date())?.code == "131050")
        // A free-form message inside the window is not a marketing message.
        customers.customerWrote(user, SandboxCustomer.Message(direction: .inbound, id: "wamid.z", type: "text", summary: "hi", at: Date()))
        #expect(failure(try decide(text(to: Self.fresh), customers: customers)) == nil)
    }

    @Test func theCustomerLogIsBounded() {
        var c = SandboxConversations()
        let user = SandboxCustomers.user(digits: "27825550199")
        let start = Date()
        for i in 0..<(SandboxConversations.maxMessagesPerCustomer + 30) {
            c.customerWrote(user, SandboxCustomer.Message(direction: .inbound, id: "wamid.\(i)", type: "text", summary: "\(i)", at: start.addingTimeInterval(Double(i))))
        }
        let messages = c.known(user)?.messages ?? []
        #expect(messages.count == SandboxConversations.maxMessagesPerCustomer)
        #expect(messages.first?.id == "wamid.30" && messages.last?.id == "wamid.\(SandboxConversations.maxMessagesPerCustomer + 29)")
        for i in 0..<(SandboxConversations.maxCustomers + SandboxConversations.evictionSlack + 1) {
            c.update(SandboxCustomers.user(digits: String(27_825_600_000 + i)), at: start.addingTimeInterval(Double(100 + i))) { _ in }
        }
        #expect(c.count <= SandboxConversations.maxCustomers + SandboxConversations.evictionSlack)
        #expect(c.known(SandboxCustomers.user(digits: String(27_825_600_000 + SandboxConversations.maxCustomers + SandboxConversations.evictionSlack))) != nil,
                "the newest stays")
        #expect(c.known(user) == nil, "the least recently active went first")
    }

    // MARK: Over HTTP, with a real receiver

    @Test func aClosedWindowFailsAfterAcceptAndAPlayedReplyReopensIt() async throws {
        try await withSandbox { server, sender in
            let receiver = try await WebhookReceiver.start(appSecret: "wacon-sandbox-app-secret")
            let header = [WireHeader("X-Wacon-Callback", receiver.url(for: .meta))]
            let first = await sender.send(text(to: Self.fresh), gateway: MetaCloudGateway(), profile: server.profile(for: .meta), extraHeaders: header)
            guard case .accepted(let a)? = first.outcome, let id = a.messageID else { Issue.record("not accepted: \(String(describing: first.outcome))"); return }
            #expect(first.attempts.last?.exchange.response?.status == 200)
            let failed = await receiver.collect(ids: [id], timeout: .seconds(10))
            #expect(failed.map(\.status) == ["failed"])
            #expect(failed.first?.errors.first?.code == "131047")
            #expect(failed.first?.errors.first?.title == "Re-engagement message")
            #expect(failed.first?.errors.first?.details == ServiceWindowRule.reengagementDetails)
            // The customer writes: the window opens, and the same message is delivered.
            let reply = try await server.playCustomer(.message(from: Self.fresh, ["type": "text", "text": ["body": "hi"]]), target: receiver.url(for: .meta))
            #expect(reply.deliveryStatus == 200 && reply.customer.window.isOpen())
            let second = await sender.send(text(to: Self.fresh), gateway: MetaCloudGateway(), profile: server.profile(for: .meta), extraHeaders: header)
            guard case .accepted(let b)? = second.outcome, let id2 = b.messageID else { Issue.record("not accepted"); return }
            #expect(await receiver.collect(ids: [id2], timeout: .seconds(10)).map(\.status) == ["sent", "delivered", "read"])
            // The conversation as the sandbox keeps it (the last status is noted once its post
            // is answered, just after the receiver has it).
            var customer = try #require(await server.customer(Self.fresh))
            let deadline = ContinuousClock.now + .seconds(10)
            while customer.messages.last?.status != "read", ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                customer = try #require(await server.customer(Self.fresh))
            }
            #expect(customer.messages.map(\.direction) == [.outbound, .inbound, .outbound])
            #expect(customer.messages.map(\.status) == ["failed", nil, "read"])
            #expect(customer.messages.first?.errorCode == "131047")
            await receiver.stop()
        }
    }

    @Test func aTemplateToANewNumberIsDeliveredAndResellersReportTheWindowInTheirShape() async throws {
        try await withSandbox { server, sender in
            let receiver = try await WebhookReceiver.start(appSecret: "wacon-sandbox-app-secret")
            var template = try #require(samples[.template])
            template.to = Self.fresh
            let t = await sender.send(template, gateway: MetaCloudGateway(), profile: server.profile(for: .meta),
                                      extraHeaders: [WireHeader("X-Wacon-Callback", receiver.url(for: .meta))])
            guard case .accepted(let a)? = t.outcome, let id = a.messageID else { Issue.record("not accepted: \(String(describing: t.outcome))"); return }
            #expect(await receiver.collect(ids: [id], timeout: .seconds(10)).map(\.status) == ["sent", "delivered", "read"])
            // Kaleyra: accepted, then its own failed callback with Meta's code.
            let k = await sender.send(try #require(sample(.text, for: KaleyraGateway())).to(Self.fresh), gateway: KaleyraGateway(), profile: server.profile(for: .kaleyra),
                                      extraHeaders: [WireHeader("X-Wacon-Callback", receiver.url(for: .kaleyra))])
            guard case .accepted(let ka)? = k.outcome, let kid = ka.messageID ?? ka.requestID else { Issue.record("not accepted: \(String(describing: k.outcome))"); return }
            let failed = await receiver.collect(ids: [kid], timeout: .seconds(10))
            #expect(failed.map(\.status) == ["failed"] && failed.first?.gateway == .kaleyra)
            #expect(failed.first?.errors.first?.code == "131047")
            await receiver.stop()
        }
    }

    @Test func theRuleIsSwitchedOffBySettingsAndByTheConfigEndpoint() async throws {
        try await withSandbox(SandboxSettings(statusDelay: .milliseconds(20), windowRule: false)) { server, sender in
            let receiver = try await WebhookReceiver.start(appSecret: "wacon-sandbox-app-secret")
            let header = [WireHeader("X-Wacon-Callback", receiver.url(for: .meta))]
            let off = await sender.send(text(to: Self.fresh), gateway: MetaCloudGateway(), profile: server.profile(for: .meta), extraHeaders: header)
            guard case .accepted(let a)? = off.outcome, let id = a.messageID else { Issue.record("not accepted"); return }
            #expect(await receiver.collect(ids: [id], timeout: .seconds(10)).map(\.status) == ["sent", "delivered", "read"])
            let transport = Transport()
            let (status, config, _) = try await control(transport, server.baseURL + "/_sandbox/config", ["window": "on"])
            #expect(status == 200 && config["window"] == "on")
            let on = await sender.send(text(to: "+27825550198"), gateway: MetaCloudGateway(), profile: server.profile(for: .meta), extraHeaders: header)
            guard case .accepted(let b)? = on.outcome, let id2 = b.messageID else { Issue.record("not accepted"); return }
            #expect(await receiver.collect(ids: [id2], timeout: .seconds(10)).map(\.status) == ["failed"])
            let (offStatus, offConfig, _) = try await control(transport, server.baseURL + "/_sandbox/config", ["window": "off"])
            #expect(offStatus == 200 && offConfig["window"] == "off")
            #expect(await server.settings.windowRule == false)
            let (bad, refusal, _) = try await control(transport, server.baseURL + "/_sandbox/config", ["window": "maybe"])
            #expect(bad == 400 && refusal["field"] == "window")
            await transport.shutdown()
            await receiver.stop()
        }
    }

    // MARK: The customers endpoint

    @Test func theCustomersEndpointListsShowsAndSetsUpCustomers() async throws {
        try await withSandbox { server, sender in
            let transport = Transport()
            let (status, list, _) = try await control(transport, server.baseURL + "/_sandbox/customers", .null, method: "GET")
            #expect(status == 200)
            let numbers = Set(list.arrayValue?.compactMap { $0["number"]?.stringValue } ?? [])
            #expect(numbers == Set(SandboxCustomers.openAtStart), "\(numbers)")
            for c in list.arrayValue ?? [] {
                #expect(c["window"]?["open"] == true && c["window"]?["closes_at"]?.stringValue != nil, "\(c)")
                #expect(c["marketing_opt_out"] == false && c["user_id"]?.stringValue?.contains(".") == true)
            }
            let thabo = list.arrayValue?.first { $0["number"] == "+27825550100" }
            #expect(thabo?["name"] == "Thabo Nkosi")
            // A new number: closed, unknown, no messages.
            let (_, fresh, _) = try await control(transport, server.baseURL + "/_sandbox/customers/%2B27825550199", .null, method: "GET")
            #expect(fresh["window"]?["open"] == false && fresh["window"]?["closes_at"] == .null && fresh["known"] == false && fresh["messages"] == [])
            // Set up: open, then opted out; by user id too.
            let (s1, opened, _) = try await control(transport, server.baseURL + "/_sandbox/customers", ["customer": "+27825550199", "window": "open", "marketing": "stop"])
            #expect(s1 == 200 && opened["window"]?["open"] == true && opened["marketing_opt_out"] == true)
            let userID = try #require(opened["user_id"]?.stringValue)
            let (s2, closed, _) = try await control(transport, server.baseURL + "/_sandbox/customers", ["customer": .string(userID), "window": "closed"])
            #expect(s2 == 200 && closed["window"]?["open"] == false && closed["number"] == "+27825550199" && closed["marketing_opt_out"] == true)
            let (_, byID, _) = try await control(transport, server.baseURL + "/_sandbox/customers/" + userID, .null, method: "GET")
            #expect(byID["customer"] == "27825550199" && byID["known"] == true)
            // Bad input names the field, and changes nothing.
            for (body, field) in [(["customer": "+27825550199", "window": "ajar"], "window"), (["customer": "+27825550199", "marketing": "later"], "marketing"),
                                  (["customer": "not a number"], "customer"), (["window": "open"], "customer"),
                                  (["customer": "+27825550199", "window": "open", "colour": "red"], "colour")] as [(JSONValue, String)] {
                let (s, r, _) = try await control(transport, server.baseURL + "/_sandbox/customers", body)
                #expect(s == 400 && r["field"] == .string(field), "\(body): \(s) \(r)")
            }
            #expect(await server.customer("+27825550199")?.window.isOpen() == false)
            let (missing, _, _) = try await control(transport, server.baseURL + "/_sandbox/customers/nobody", .null, method: "GET")
            #expect(missing == 404)
            // A broken escape is named as such, not read as an empty number (sent as is: a URL
            // type would escape the % itself).
            let broken = try await RawConnection.exchange(port: server.port, method: "GET", path: "/_sandbox/customers/%ZZ")
            #expect(broken.status == 400 && broken.text.contains("percent-escape in \\\"%ZZ\\\""), "\(broken.status) \(broken.text)")
            await transport.shutdown()
            _ = sender
        }
    }
}

extension OutboundMessage {
    /// This message to another number.
    func to(_ number: String) -> OutboundMessage {
        var m = self
        m.to = number
        m.recipient = nil
        return m
    }
}
