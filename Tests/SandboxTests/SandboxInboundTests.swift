import Foundation
import Testing
@testable import Providers
@testable import Sandbox
import Transport
import WaconTestSupport
import WhatsAppModel

/// Playing the customer: every kind of customer message, a number change and a marketing stop
/// become Meta's webhook, posted signed to a real target, and read back by `WebhookBodyReader`
/// into the right event.
@Suite(.serialized, .timeLimit(.minutes(3))) struct SandboxInboundTests {
    /// POSTs `/_sandbox/inbound` with `body` (the recorder as the target unless the body names
    /// one); returns the reply's status, the body it returned, its headers and the body posted.
    func play(_ server: SandboxServer, _ transport: Transport, _ recorder: BodyRecorder, _ body: JSONObject,
              headers: [WireHeader] = []) async throws -> (status: Int, webhook: JSONValue, headers: [(name: String, value: String)], posted: BodyRecorder.Post?) {
        var b = body
        if b["callback_url"] == nil { b["callback_url"] = .string(recorder.url) }
        let before = recorder.posts.count
        var request = WireRequest(method: "POST", url: server.baseURL + "/_sandbox/inbound", headers: [WireHeader("Content-Type", "application/json")], json: .object(b))
        request.headers += headers
        let exchange = await transport.send(request)
        let response = try #require(exchange.response)
        let json = try JSONParser.parse(response.body)
        guard response.status == 200 else { return (response.status, json, response.headers.pairs, nil) }
        let posts = await recorder.wait(for: before + 1)
        return (response.status, json, response.headers.pairs, posts.count > before ? posts[before] : nil)
    }

    /// The one event of a posted body, as `WebhookBodyReader` reads it for `gateway`.
    func event(_ post: BodyRecorder.Post?, gateway: GatewayID = .meta) throws -> WebhookEvent {
        let post = try #require(post, "nothing was posted")
        let body = try WebhookBodyReader.read(post.body, gateway: gateway)
        #expect(body.events.count == 1)
        return try #require(body.events.first)
    }

    func withInbound(_ body: (SandboxServer, Transport, BodyRecorder) async throws -> Void) async throws {
        let recorder = try BodyRecorder()
        defer { recorder.stop() }
        try await withSandbox { server, _ in
            let transport = Transport()
            do { try await body(server, transport, recorder) } catch { await transport.shutdown(); throw error }
            await transport.shutdown()
        }
    }

    @Test func aTextIsPostedSignedWithTheSenderFilledInAndOpensTheWindow() async throws {
        try await withInbound { server, transport, recorder in
            let from = "+27825550197"
            #expect(await server.customer(from)?.window.isOpen() == false)
            let r = try await play(server, transport, recorder, ["from": .string(from), "message": ["type": "text", "text": ["body": "hi"]], "context": "wamid.ORIGINAL"])
            #expect(r.status == 200)
            let posted = try #require(r.posted)
            // The reply is the body posted, byte for byte, and says where it went.
            #expect(try JSONParser.parse(posted.body) == r.webhook)
            #expect(r.headers.first { $0.name == "X-Wacon-Delivered-To" }?.value == recorder.url)
            #expect(r.headers.first { $0.name == "X-Wacon-Delivery-Status" }?.value == "200")
            #expect(WebhookSignature.verify(posted.body, header: posted.headers["x-hub-signature-256"], secret: "wacon-sandbox-app-secret"))
            let e = try event(posted)
            #expect(e.field == "messages" && e.phoneNumberID == server.profile(for: .meta).phoneNumberID)
            let m = try #require(e.message)
            #expect(m.type == "text" && m.content == .text("hi"))
            #expect(m.from == "27825550197" && m.fromUserID == SandboxCustomers.user(digits: "27825550197").userID)
            #expect(m.id?.hasPrefix("wamid.") == true && m.timestamp != nil)
            #expect(m.context?.id == "wamid.ORIGINAL")
            #expect(m.sender?.waID == "27825550197" && m.sender?.name == "Sandbox Customer")
            let customer = try #require(await server.customer(from))
            #expect(customer.window.isOpen() && customer.messages.last?.summary == "hi" && customer.messages.last?.contextID == "wamid.ORIGINAL")
            // Given id and timestamp are kept.
            let kept = try await play(server, transport, recorder, ["from": .string(from), "message": ["type": "text", "id": "wamid.MINE", "timestamp": "1780401600", "text": ["body": "again"]]])
            let k = try #require(try event(kept.posted).message)
            #expect(k.id == "wamid.MINE" && k.timestamp == Date(timeIntervalSince1970: 1_780_401_600))
        }
    }

    @Test func aCustomerWhoHidesTheirNumberIsNamedByUserIDOnly() async throws {
        try await withInbound { server, transport, recorder in
            let lerato = try #require(SandboxCustomers.named.first { $0.hidesNumber })
            let r = try await play(server, transport, recorder, ["from": .string(lerato.number), "message": ["type": "text", "text": ["body": "hello"]]])
            let m = try #require(try event(r.posted).message)
            #expect(m.from == nil && m.fromUserID == SandboxCustomers.user(digits: String(lerato.number.dropFirst())).userID)
            #expect(m.sender?.username == lerato.username && m.sender?.waID == nil && m.sender?.name == lerato.name)
        }
    }

    /// Every kind a customer sends, and the content the reader makes of it.
    static let kinds: [(name: String, message: JSONValue, check: @Sendable (WebhookMessage) -> Bool)] = [
        ("reply button", ["type": "interactive", "interactive": ["type": "button_reply", "button_reply": ["id": "yes", "title": "Yes please"]]],
         { $0.content == .interactive(.buttonReply(id: "yes", title: "Yes please")) }),
        ("template quick reply", ["type": "button", "button": ["payload": "STOP_PROMOS", "text": "Stop promotions"]],
         { $0.content == .button(payload: "STOP_PROMOS", text: "Stop promotions") }),
        ("list row", ["type": "interactive", "interactive": ["type": "list_reply", "list_reply": ["id": "slot-3", "title": "Tuesday 10:00", "description": "Rosebank"]]],
         { $0.content == .interactive(.listReply(id: "slot-3", title: "Tuesday 10:00", description: "Rosebank")) }),
        ("location", ["type": "location", "location": ["latitude": -26.1467, "longitude": 28.0436, "name": "Rosebank Mall"]],
         { if case .location(let l) = $0.content { return l.latitude == "-26.1467" && l.longitude == "28.0436" && l.name == "Rosebank Mall" }; return false }),
        ("contacts", ["type": "contacts", "contacts": [["name": ["formatted_name": "Sipho Dlamini", "first_name": "Sipho"], "phones": [["phone": "+27825550111", "type": "CELL"]]]]],
         { if case .contacts(let cards) = $0.content { return cards.count == 1 && cards[0]["name"]?["formatted_name"] == "Sipho Dlamini" }; return false }),
        ("image", ["type": "image", "image": ["caption": "the receipt"]],
         { if case .media(let m) = $0.content { return m.kind == "image" && m.caption == "the receipt" && m.id != nil && m.mimeType == "image/jpeg" && m.sha256?.count == 64 }; return false }),
        ("video", ["type": "video", "video": [:]], { if case .media(let m) = $0.content { return m.kind == "video" && m.mimeType == "video/mp4" && m.id != nil }; return false }),
        ("document", ["type": "document", "document": ["filename": "invoice.pdf"]],
         { if case .media(let m) = $0.content { return m.kind == "document" && m.filename == "invoice.pdf" && m.mimeType == "application/pdf" }; return false }),
        ("sticker", ["type": "sticker", "sticker": ["animated": true]], { if case .media(let m) = $0.content { return m.kind == "sticker" && m.isAnimated && m.mimeType == "image/webp" }; return false }),
        ("audio", ["type": "audio", "audio": [:]], { if case .media(let m) = $0.content { return m.kind == "audio" && !m.isVoice && m.mimeType == "audio/mpeg" }; return false }),
        ("voice note", ["type": "audio", "audio": ["voice": true]],
         { if case .media(let m) = $0.content { return m.kind == "audio" && m.isVoice && m.mimeType == "audio/ogg; codecs=opus" }; return false }),
        ("reaction", ["type": "reaction", "reaction": ["message_id": "wamid.SENT", "emoji": "👍"]], { $0.content == .reaction(messageID: "wamid.SENT", emoji: "👍") }),
        ("flow completion", ["type": "interactive", "interactive": ["type": "nfm_reply", "nfm_reply": ["response_json": ["flow_token": "tok", "patient": "Ayanda"]]]],
         { if case .interactive(.formReply(let name, let body, let json?)) = $0.content {
               return name == "flow" && body == "Sent" && (try? JSONParser.parse(Array(json.utf8))) == ["flow_token": "tok", "patient": "Ayanda"] }
           return false }),
        ("call permission reply", ["type": "interactive", "interactive": ["type": "call_permission_reply", "call_permission_reply":
            ["response": "accept", "is_permanent": false, "expiration_timestamp": "1780401600", "response_source": "user_action"]]],
         { $0.content == .interactive(.callPermissionReply(WebhookCallPermissionReply(response: "accept", isPermanent: false,
                                                                                         expiration: Date(timeIntervalSince1970: 1_780_401_600), responseSource: "user_action"))) }),
        ("edit", ["type": "edit", "edit": ["original_message_id": "wamid.OLD", "message": ["type": "text", "text": ["body": "fixed typo"]]]],
         { if case .edit(let original, let inner?) = $0.content { return original == "wamid.OLD" && inner.content == .text("fixed typo") }; return false }),
        ("revoke", ["type": "revoke", "revoke": ["original_message_id": "wamid.OLD"]], { $0.content == .revoke(originalMessageID: "wamid.OLD") }),
    ]

    @Test func everyKindACustomerSendsRoundTripsToItsEvent() async throws {
        try await withInbound { server, transport, recorder in
            for (i, kind) in Self.kinds.enumerated() {
                let from = "+2782555" + String(1000 + i).suffix(4)
                let r = try await play(server, transport, recorder, ["from": .string(from), "message": kind.message])
                #expect(r.status == 200, "\(kind.name): \(r.webhook)")
                guard r.status == 200 else { continue }
                let m = try #require(try event(r.posted).message, "\(kind.name)")
                #expect(m.type == kind.message["type"]?.stringValue, "\(kind.name)")
                #expect(kind.check(m), "\(kind.name): \(m.content)")
                #expect(await server.customer(from)?.window.isOpen() == true, "\(kind.name) opens the window")
            }
        }
    }

    @Test func everyGatewayGetsMetasEnvelopeWithItsOwnAccount() async throws {
        try await withInbound { server, transport, recorder in
            for g in GatewayID.allCases {
                let r = try await play(server, transport, recorder, ["from": "+27825550100", "gateway": .string(g.rawValue),
                                                                     "message": ["type": "text", "text": ["body": .string("via \(g.rawValue)")]]])
                let body = try WebhookBodyReader.read(try #require(r.posted).body)
                #expect(body.events.first?.message?.content == .text("via \(g.rawValue)"), "\(g)")
                #expect(body.events.first?.phoneNumberID == (server.profile(for: g).phoneNumberID ?? ""), "\(g)")
            }
        }
    }

    @Test func aNumberChangePostsUserIDUpdateAndMovesTheCustomer() async throws {
        try await withInbound { server, transport, recorder in
            let old = SandboxCustomers.user(digits: "447700900177")  // Oliver: a parent id too
            let r = try await play(server, transport, recorder, ["from": "+447700900177", "user_id_update": ["new_number": "+447700900178"]])
            #expect(r.status == 200, "\(r.webhook)")
            let e = try event(r.posted)
            #expect(e.field == "user_id_update")
            guard case .userIDUpdate(let u) = e.kind else { Issue.record("\(e.kind)"); return }
            let new = SandboxCustomers.user(digits: "447700900178")
            #expect(u.waID == "447700900178")
            #expect(u.userID == WebhookIDChange(previous: old.userID, current: new.userID))
            #expect(u.parentUserID?.previous == old.parentUserID && u.parentUserID?.current == SandboxCustomers.parentUserID(digits: "447700900178"))
            // The customer moved: the new number knows them (name, open window), the old one is new.
            let moved = try #require(await server.customer("+447700900178"))
            #expect(moved.user.name == "Oliver Bennett" && moved.window.isOpen())
            #expect(await server.customer("+447700900177")?.window.isOpen() == false)
            // Their messages come from the new number now.
            let t = try await play(server, transport, recorder, ["from": "+447700900178", "message": ["type": "text", "text": ["body": "new phone"]]])
            let m = try #require(try event(t.posted).message)
            #expect(m.from == "447700900178" && m.sender?.name == "Oliver Bennett")
            // A number that is already someone else's is refused, nothing moves.
            let clash = try await play(server, transport, recorder, ["from": "+447700900178", "user_id_update": ["new_number": "+27825550100"]])
            #expect(clash.status == 409 && clash.webhook["field"] == "user_id_update.new_number")
        }
    }

    @Test func aMarketingStopPostsUserPreferencesAndTheNextMarketingTemplateFails131050() async throws {
        try await withInbound { server, transport, recorder in
            let r = try await play(server, transport, recorder, ["from": "+27825550100", "marketing": "stop"])
            let e = try event(r.posted)
            #expect(e.field == "user_preferences")
            guard case .other(let value) = e.kind else { Issue.record("\(e.kind)"); return }
            let preference = try #require(value["user_preferences"]?.arrayValue?.first)
            #expect(preference["category"] == "marketing_messages" && preference["value"] == "stop" && preference["wa_id"] == "27825550100")
            #expect(await server.customer("+27825550100")?.marketingOptOut == true)
            // A marketing template to them: accepted, then failed with 131050.
            var template = try #require(samples[.template])
            template.to = "+27825550100"
            let sender = Sender(transport: transport)
            let sent = await sender.send(template, gateway: MetaCloudGateway(), profile: server.profile(for: .meta), extraHeaders: [WireHeader("X-Wacon-Callback", recorder.url)])
            guard case .accepted(let a)? = sent.outcome, let id = a.messageID else { Issue.record("not accepted"); return }
            let posts = await recorder.wait(for: recorder.posts.count + 1)
            let statuses = try posts.flatMap { try WebhookBodyReader.read($0.body).events.compactMap(\.status) }.filter { $0.id == id }
            #expect(statuses.map(\.status) == ["failed"] && statuses.first?.errors.first?.code == "131050")
            let resumed = try await play(server, transport, recorder, ["from": "+27825550100", "marketing": "resume"])
            #expect(resumed.status == 200)
            #expect(await server.customer("+27825550100")?.marketingOptOut == false)
        }
    }

    @Test func badInputNamesTheFieldAndChangesNothing() async throws {
        try await withInbound { server, transport, recorder in
            let cases: [(JSONObject, String)] = [
                (["message": ["type": "text", "text": ["body": "hi"]]], "from"),
                (["from": "not a number", "message": ["type": "text", "text": ["body": "hi"]]], "from"),
                (["from": "+27825550196"], "message"),
                (["from": "+27825550196", "message": ["text": ["body": "hi"]]], "message.type"),
                (["from": "+27825550196", "message": ["type": "hologram"]], "message.type"),
                (["from": "+27825550196", "message": ["type": "text"]], "message.text"),
                (["from": "+27825550196", "message": ["type": "text", "text": ["body": 7]]], "message.text.body"),
                (["from": "+27825550196", "message": ["type": "button", "button": ["payload": "x"]]], "message.button.text"),
                (["from": "+27825550196", "message": ["type": "location", "location": ["latitude": "north"]]], "message.location.latitude"),
                (["from": "+27825550196", "message": ["type": "interactive", "interactive": ["type": "poll"]]], "message.interactive.type"),
                (["from": "+27825550196", "message": ["type": "interactive", "interactive": ["type": "button_reply"]]], "message.interactive.button_reply"),
                (["from": "+27825550196", "message": ["type": "interactive", "interactive": ["type": "call_permission_reply", "call_permission_reply": ["response": "maybe"]]]],
                 "message.interactive.call_permission_reply.response"),
                (["from": "+27825550196", "message": ["type": "contacts", "contacts": []]], "message.contacts"),
                (["from": "+27825550196", "message": ["type": "text", "text": ["body": "hi"]], "marketing": "stop"], "marketing"),
                (["from": "+27825550196", "marketing": "sometimes"], "marketing"),
                (["from": "+27825550196", "user_id_update": ["new_number": "ZA.123"]], "user_id_update.new_number"),
                (["from": "+27825550196", "message": ["type": "text", "text": ["body": "hi"]], "gateway": "carrier-pigeon"], "gateway"),
                (["from": "+27825550196", "message": ["type": "text", "text": ["body": "hi"]], "scenario": "no-such"], "scenario"),
                (["from": "+27825550196", "message": ["type": "text", "text": ["body": "hi"]], "scenario": "duplicate-statuses"], "scenario"),
                (["from": "+27825550196", "message": ["type": "text", "text": ["body": "hi"]], "callback_url": "ftp://x"], "callback_url"),
                (["from": "+27825550196", "message": ["type": "text", "text": ["body": "hi"]], "mood": "happy"], "mood"),
            ]
            for (body, field) in cases {
                let r = try await play(server, transport, recorder, body)
                #expect(r.status == 400 && r.webhook["field"] == .string(field), "\(body): \(r.status) \(r.webhook)")
            }
            #expect(recorder.posts.isEmpty, "nothing was posted")
            #expect(await server.customer("+27825550196")?.window.isOpen() == false, "nothing changed")
            // The public API refuses the same way.
            await #expect(throws: CustomerPlayError.self) { try await server.playCustomer(.message(from: "+27825550196", ["type": "text"])) }
        }
    }

    @Test func withoutATargetTheLastSendsCallbackIsUsed() async throws {
        try await withInbound { server, transport, recorder in
            let sender = Sender(transport: transport)
            let sent = await sender.send(text(to: "+27825550100"), gateway: MetaCloudGateway(), profile: server.profile(for: .meta),
                                         extraHeaders: [WireHeader("X-Wacon-Callback", recorder.url)])
            guard case .accepted? = sent.outcome else { Issue.record("not accepted"); return }
            let report = try await server.playCustomer(.message(from: "+27825550100", ["type": "text", "text": ["body": "thanks"]]))
            #expect(report.deliveredTo == recorder.url && report.deliveryStatus == 200 && report.posts == 1)
            // Nobody to post to: the report says so.
            let nowhere = try await server.playCustomer(.message(from: "+27825550195", ["type": "text", "text": ["body": "anyone?"]]))
            #expect(nowhere.deliveredTo == nil && nowhere.posts == 0)
        }
    }
}
