import Config
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import History
import Providers
import Sandbox
import Session
import Testing
import WaconTestSupport
import WhatsAppModel

/// wacon's receiving side against real parts: a listener on a loopback port (the HTTP server
/// `wacon listen` runs), the in-process sandbox for the sends webhooks belong to, and a real
/// history file.
@Suite(.serialized, .timeLimit(.minutes(2))) struct WebhookListenerTests {
    static func tempSettings() -> SessionSettings {
        var history = HistorySettings()
        history.path = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-listen-\(UUID().uuidString)/history.sqlite").path
        return SessionSettings(history: history, timeout: .seconds(10))
    }

    static let text = try! OutboundMessage.parse(#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+27825550143","type":"text","text":{"body":"hi"}}"#)
    static let secret = "listener-app-secret"

    /// A listener on a free loopback port with `listenRoutes` for the built-in profiles.
    static func listener(_ session: WaconSession, appSecret: String? = secret, verifyToken: String? = "verify-me", forward: String? = nil,
                         notices: Notices? = nil, maxBody: Int = WebhookReceiverConfiguration.defaultMaxBodyBytes) async throws -> WebhookReceiver {
        var notify: (@Sendable (WebhookReceiverNotice) -> Void)?
        if let notices { notify = { notices.add($0) } }
        return try await session.startListener(WebhookReceiverConfiguration(
            routes: WebhookReceiverConfiguration.listenRoutes(profiles: GatewayID.allCases.map(Profile.builtIn)),
            appSecret: appSecret, verifyToken: verifyToken, maxBodyBytes: maxBody, forwardURL: forward, notify: notify))
    }

    /// Sends a text through the in-process sandbox and returns the accepted id and history id.
    static func send(_ session: WaconSession, through gateway: GatewayID, to recipient: String? = nil) async throws -> (id: String, historyID: Int64) {
        var message = text
        if let recipient { message.address(to: recipient) }
        if gateway != .meta { message = adjusted(message, for: gateway.gateway) }
        let sent = try await session.send(SendJob(message: message, gateway: gateway, profile: .builtIn(gateway)))
        guard case .accepted(let a)? = sent.report.outcome else { throw Failure("\(gateway): not accepted: \(String(describing: sent.report.outcome))") }
        // Zixflow tracks a message by the request id its postback names.
        let id = gateway == .zixflow ? try #require(a.requestID) : try #require(a.messageID ?? a.requestID)
        return (id, try #require(sent.historyID))
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    // MARK: Bodies

    static func corpus(_ name: String) -> String {
        String(decoding: FileManager.default.contents(atPath: packageRoot.appendingPathComponent("Tests/Corpus/webhooks/\(name).json").path) ?? Data(), as: UTF8.self)
    }

    /// Meta's envelope with `value`'s members (statuses, or contacts and messages).
    static func meta(_ value: JSONObject) -> [UInt8] {
        var v: JSONObject = ["messaging_product": "whatsapp", "metadata": ["display_phone_number": "15550001111", "phone_number_id": "106540352242922"]]
        for (k, item) in value { v.append(k, item) }
        let json: JSONValue = ["object": "whatsapp_business_account", "entry": [["id": "102290129340398", "changes": [["field": "messages", "value": .object(v)]]]]]
        return JSONWriter.compact(json)
    }

    static func status(_ id: String, _ word: String, at seconds: Int) -> [UInt8] {
        meta(["statuses": [["id": .string(id), "status": .string(word), "timestamp": .string(String(seconds)), "recipient_id": "27825550143"]]])
    }

    static func message(_ id: String, text: String, replyingTo context: String? = nil, from: String = "27825550143") -> [UInt8] {
        var m: JSONObject = ["from": .string(from), "id": .string(id), "timestamp": .string(String(Int(Date().timeIntervalSince1970))), "type": "text",
                            "text": ["body": .string(text)]]
        if let context { m.append("context", ["from": "15550001111", "id": .string(context)]) }
        return meta(["contacts": [["profile": ["name": "Naledi"], "wa_id": .string(from)]], "messages": [.object(m)]])
    }

    // MARK: HTTP

    static func post(_ url: String, _ body: [UInt8], signature: String? = nil, contentType: String = "application/json") async throws -> (status: Int, text: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        if let signature { request.setValue(signature, forHTTPHeaderField: "X-Hub-Signature-256") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func get(_ url: String) async throws -> (status: Int, text: String, contentType: String?) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, String(decoding: data, as: UTF8.self), http?.value(forHTTPHeaderField: "Content-Type"))
    }

    static func signed(_ body: [UInt8], _ secret: String = secret) -> String { WebhookSignature.sign(body, secret: secret) }

    /// Collects the first `count` events of a stream (the suite's time limit ends a wait for
    /// events that never come).
    static func take(_ count: Int, from stream: AsyncStream<ReceivedWebhookEvent>) async -> [ReceivedWebhookEvent] {
        var out: [ReceivedWebhookEvent] = []
        for await e in stream {
            out.append(e)
            if out.count == count { break }
        }
        return out
    }

    // MARK: Verification and signatures

    @Test func theSubscriptionCheckEchoesTheChallengeForTheRightTokenOnly() async throws {
        let session = WaconSession(history: nil)
        let notices = Notices()
        let r = try await Self.listener(session, notices: notices)
        let ok = try await Self.get(r.baseURL + "/?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444")
        #expect(ok.status == 200 && ok.text == "1158201444")
        #expect(ok.contentType?.hasPrefix("text/plain") == true, "\(ok.contentType ?? "no content type")")
        #expect(try await Self.get(r.baseURL + "/meta?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=77").text == "77")
        let wrong = try await Self.get(r.baseURL + "/?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444")
        #expect(wrong.status == 403 && !wrong.text.contains("1158201444"))
        let missing = try await Self.get(r.baseURL + "/?hub.mode=subscribe&hub.challenge=1158201444")
        #expect(missing.status == 403 && !missing.text.contains("1158201444"))
        let noMode = try await Self.get(r.baseURL + "/?hub.verify_token=verify-me&hub.challenge=1158201444")
        #expect(noMode.status == 403)
        let counts = await r.counts
        #expect(counts.verified == 2 && counts.refused == 3)
        let said = notices.all.map(\.description)
        #expect(said.contains { $0.contains("GET /") && $0.contains("403") && $0.contains("hub.verify_token is not the verify token") }, "\(said)")
        #expect(said.contains { $0.contains("hub.verify_token is missing") }, "\(said)")
        // Without a verify token, every check is refused.
        let closed = try await Self.listener(session, verifyToken: nil)
        #expect(try await Self.get(closed.baseURL + "/?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1").status == 403)
        await session.close()
    }

    @Test func aSignedWebhookIsRecordedWithItsSendAndAWrongOrMissingSignatureIsRefused() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        let (id, historyID) = try await Self.send(session, through: .meta)
        let notices = Notices()
        let r = try await Self.listener(session, notices: notices)
        let events = await session.webhookEvents()
        let delivered = Self.status(id, "delivered", at: 1_780_401_660)
        #expect(try await Self.post(r.baseURL + "/", delivered, signature: Self.signed(delivered)).status == 200)
        let got = await Self.take(1, from: events)
        #expect(got.first?.event.status?.status == "delivered")
        #expect(got.first?.entryID == historyID, "filed with its send")
        #expect(got.first?.gateway == .meta)
        // Recorded before the 200: the entry has it now.
        #expect(try await session.entry(historyID).statuses.map(\.status) == ["delivered"])

        let read = Self.status(id, "read", at: 1_780_401_700)
        let forged = try await Self.post(r.baseURL + "/", read, signature: Self.signed(read, "another-secret"))
        #expect(forged.status == 401 && forged.text.contains("does not match"), "\(forged)")
        let unsigned = try await Self.post(r.baseURL + "/meta", read)
        #expect(unsigned.status == 401 && unsigned.text.contains("missing"), "\(unsigned)")
        // A body changed after signing is refused too.
        var changed = read
        changed[changed.count - 3] = UInt8(ascii: "X")
        #expect(try await Self.post(r.baseURL + "/", changed, signature: Self.signed(read)).status == 401)
        #expect(try await session.entry(historyID).statuses.map(\.status) == ["delivered"], "nothing refused was recorded")
        #expect(await session.receivedStatus(of: id)?.status == "delivered")
        let counts = await r.counts
        #expect(counts.received == 1 && counts.refused == 3 && counts.events == 1)
        #expect(await r.rejectedCount == 3)
        let said = notices.all.map(\.description)
        #expect(said.filter { $0.contains("POST /") && $0.contains("401") }.count == 3, "\(said)")
        #expect(said.contains { $0.contains("POST /meta") && $0.contains("X-Hub-Signature-256 is missing") }, "\(said)")
        await session.close()
    }

    @Test func aBodyOfEachGatewaysShapeIsRecordedWithItsSend() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        let meta = try await Self.send(session, through: .meta)
        let kaleyra = try await Self.send(session, through: .kaleyra)
        let kaleyraPlain = try await Self.send(session, through: .kaleyra)
        let zixflow = try await Self.send(session, through: .zixflow)
        let r = try await Self.listener(session)

        // Meta's webhook (signed: an app secret is set), Kaleyra's v2 callback and a callback
        // profile's body, Zixflow's postback (resellers do not sign with Meta's app secret).
        let metaBody = Array(Self.corpus("meta-status-delivered-cbp").replacingOccurrences(of: "wamid.HBgLMjc4MjU1NTAxNDMVAgARGBIQkVTU0FHRTAwMQA=", with: meta.id).utf8)
        #expect(try await Self.post(r.baseURL + "/", metaBody, signature: Self.signed(metaBody)).status == 200)
        let v2 = Array(Self.corpus("kaleyra-v2-status-sent").replacingOccurrences(of: "wamid.HBgLMjc4MjU1NTAxNDMVAgARGBIS0FMRVlSQTAwMQA=", with: kaleyra.id).utf8)
        #expect(try await Self.post(r.baseURL + "/kaleyra", v2).status == 200)
        let plain = Array(Self.corpus("kaleyra-callback-profile").replacingOccurrences(of: "KAL-8d7c6b5a", with: kaleyraPlain.id).utf8)
        #expect(try await Self.post(r.baseURL + "/kaleyra", plain).status == 200)
        let postback = Array(Self.corpus("zixflow-delivery-status-delivered").replacingOccurrences(of: "d4e5f6a7-b8c9-4d0e-a1f2-b3c4d5e6f708", with: zixflow.id).utf8)
        #expect(try await Self.post(r.baseURL + "/zixflow", postback).status == 200)

        #expect(try await session.entry(meta.historyID).statuses.map(\.status) == ["delivered"])
        #expect(try await session.entry(kaleyra.historyID).statuses.map(\.status) == ["sent"])
        let failed = try await session.entry(kaleyraPlain.historyID)
        #expect(failed.statuses.map(\.status) == ["failed"])
        #expect(failed.outcome == "failed" && failed.vendorCode == "131026", "a failure after accept folds into the entry: \(failed.outcome) \(failed.vendorCode ?? "-")")
        let zix = try await session.entry(zixflow.historyID)
        #expect(zix.statuses.map(\.status) == ["delivered"])
        #expect(zix.statuses.first?.messageID == zixflow.id)
        // The raw body is kept with the status, byte for byte.
        #expect(zix.statuses.first?.raw == String(decoding: postback, as: UTF8.self))
        #expect(await r.counts.received == 4)
        await session.close()
    }

    // MARK: At least once, out of order

    @Test func duplicatesAndLateStatusesSettleOnTheFinalStateInHistoryAndTheStream() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        let (id, historyID) = try await Self.send(session, through: .meta)
        let r = try await Self.listener(session, appSecret: nil)
        let events = await session.webhookEvents()
        let url = r.baseURL + "/"
        // Read arrives before delivered; delivered comes twice; the customer's reply twice.
        let read = Self.status(id, "read", at: 1_780_401_700)
        let delivered = Self.status(id, "delivered", at: 1_780_401_660)
        let reply = Self.message("wamid.reply-1", text: "yes please", replyingTo: id)
        for body in [read, delivered, delivered, reply, reply] {
            #expect(try await Self.post(url, body).status == 200, "a duplicate is answered 200 too")
        }
        let got = await Self.take(3, from: events)
        #expect(got.map(\.event.kindName) == ["status", "status", "message"])
        #expect(got.map { $0.event.status?.status } == ["read", "delivered", nil])
        #expect(got.map { $0.messageStatus?.status } == ["read", "read", nil], "a late delivered leaves read")
        #expect(got.last?.event.message?.id == "wamid.reply-1")
        #expect(got.last?.entryID == historyID, "the reply is filed with the message it answers")
        #expect(got.last?.inbound?.summary.contains("yes please") == true)
        let counts = await r.counts
        #expect(counts.received == 5 && counts.events == 3 && counts.duplicates == 2)

        var entry = try await session.entry(historyID)
        #expect(entry.statuses.map(\.status) == ["read", "delivered"], "each status once, in the order they came")
        #expect(entry.finalStatus?.status == "read")
        #expect(entry.inbound.map(\.messageID) == ["wamid.reply-1"], "the reply once")
        #expect(await session.receivedStatus(of: id)?.status == "read")

        // A failure is final, whatever comes after it.
        #expect(try await Self.post(url, Self.status(id, "failed", at: 1_780_401_800)).status == 200)
        #expect(try await Self.post(url, Self.status(id, "delivered", at: 1_780_401_900)).status == 200)
        let later = await Self.take(2, from: events)
        #expect(later.map { $0.messageStatus?.status } == ["failed", "failed"])
        entry = try await session.entry(historyID)
        #expect(entry.finalStatus?.status == "failed")
        await session.close()
    }

    // MARK: Passing on

    @Test func forwardPassesTheSameBytesSignatureAndContentTypeOn() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        let (id, historyID) = try await Self.send(session, through: .meta)
        // The team's own server: a second receiver on loopback that checks the same app secret.
        let seen = Arrivals()
        let team = try await WebhookReceiver.start(WebhookReceiverConfiguration(routes: [WebhookRoute(path: "/hook", gateway: .meta)], appSecret: Self.secret)) { arrived in
            seen.add(arrived)
            return WebhookHandling(events: arrived.read.events.count, duplicates: 0)
        }
        let notices = Notices()
        let r = try await Self.listener(session, forward: team.baseURL + "/hook", notices: notices)
        // Pretty-printed, with a content type of its own: passed on as it came.
        let body = Array(JSONWriter.prettyString(try JSONParser.parse(Self.status(id, "sent", at: 1_780_401_600))).utf8)
        let signature = Self.signed(body)
        #expect(try await Self.post(r.baseURL + "/", body, signature: signature, contentType: "application/json; charset=UTF-8").status == 200)
        while seen.all.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        let passed = try #require(seen.all.first)
        #expect(passed.body == body, "the same bytes")
        #expect(passed.signature == signature)
        #expect(passed.contentType == "application/json; charset=UTF-8")
        #expect(await team.rejectedCount == 0, "the team's server verified the signature")
        while await r.counts.forwarded < 1 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(try await session.entry(historyID).statuses.map(\.status) == ["sent"])
        await team.stop()

        // A server that is gone: the failure is said, the webhook is kept.
        let gone = try await Self.listener(session, forward: team.baseURL + "/hook", notices: notices)
        let delivered = Self.status(id, "delivered", at: 1_780_401_660)
        #expect(try await Self.post(gone.baseURL + "/", delivered, signature: Self.signed(delivered)).status == 200)
        while await gone.counts.forwardFailures < 1 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(notices.all.contains { if case .forwardFailed(let url, _) = $0 { return url == team.baseURL + "/hook" } else { return false } })
        #expect(try await session.entry(historyID).statuses.map(\.status) == ["sent", "delivered"])
        await session.close()
    }

    // MARK: Limits and odd bodies

    @Test func aBodyOverTheLimitIsRefusedWith413AndOddBodiesAreSaidOrKept() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        let notices = Notices()
        let r = try await Self.listener(session, appSecret: nil, notices: notices, maxBody: 4096)
        let large = Array(repeating: UInt8(ascii: " "), count: 5000) + Self.status("wamid.x", "sent", at: 1)
        let refused = try await Self.post(r.baseURL + "/", large)
        #expect(refused.status == 413 && refused.text.contains("4 KiB (4096 bytes)"), "\(refused)")
        let notJSON = try await Self.post(r.baseURL + "/", Array("hello".utf8))
        #expect(notJSON.status == 400 && notJSON.text.contains("not valid JSON"), "\(notJSON)")
        #expect(try await Self.post(r.baseURL + "/nowhere", Self.status("wamid.x", "sent", at: 1)).status == 404)
        // JSON of no known shape: kept as an unknown event, and said.
        let events = await session.webhookEvents()
        #expect(try await Self.post(r.baseURL + "/zixflow", Array(#"{"hello":"world"}"#.utf8)).status == 200)
        let unknown = await Self.take(1, from: events)
        #expect(unknown.first?.event.field == "unknown" && unknown.first?.gateway == .zixflow)
        #expect(notices.all.contains { if case .unread(let path, _) = $0 { return path == "/zixflow" } else { return false } })
        #expect(await r.counts.refused == 3)
        await session.close()
    }

    // MARK: In process

    @Test func aBodyPostedToTheInProcessReceiverLandsInHistoryAndTheStream() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        // A customer whose 24-hour window the sandbox keeps open, so its sends are delivered.
        let customer = "27825550100"
        let (_, historyID) = try await Self.send(session, through: .meta, to: "+" + customer)
        let url = try await session.receiveSandboxWebhooks()
        let events = await session.webhookEvents()
        // The customer the sandbox plays writes "hi": Meta's webhook, signed with the sandbox's secret.
        let hi = Self.message("wamid.customer-hi", text: "hi", from: customer)
        #expect(try await Self.post(url, hi, signature: Self.signed(hi, "wacon-sandbox-app-secret")).status == 200)
        let got = await Self.take(1, from: events)
        #expect(got.first?.event.message?.id == "wamid.customer-hi")
        #expect(got.first?.entryID == historyID, "filed with the last send to that customer")
        #expect(try await session.entry(historyID).inbound.map(\.messageID) == ["wamid.customer-hi"])
        // The same body again (the sandbox's inbound-twice scenario): once in history and the stream.
        #expect(try await Self.post(url, hi, signature: Self.signed(hi, "wacon-sandbox-app-secret")).status == 200)
        // From now on the sandbox posts every send's statuses to the session, followed or not.
        let (later, laterHistoryID) = try await Self.send(session, through: .meta, to: "+" + customer)
        let statuses = await Self.take(3, from: events)
        #expect(statuses.map { $0.event.status?.id } == [later, later, later], "the duplicate 'hi' was not streamed again")
        #expect(statuses.map { $0.event.status?.status } == ["sent", "delivered", "read"])
        #expect(try await session.entry(laterHistoryID).statuses.map(\.status) == ["sent", "delivered", "read"])
        #expect(try await session.entry(historyID).inbound.count == 1)
        await session.close()
    }

    @Test func aBodyHandedOverDirectlyTakesTheSamePath() async throws {
        let session = WaconSession(settings: Self.tempSettings())
        let (id, historyID) = try await Self.send(session, through: .meta)
        let first = await session.receiveWebhook(Self.status(id, "read", at: 5))
        #expect(first.problem == nil && first.events.map { $0.entryID } == [historyID])
        let again = await session.receiveWebhook(Self.status(id, "read", at: 5), gateway: .meta)
        #expect(again.events.isEmpty && again.duplicates == 1)
        let broken = await session.receiveWebhook(Array("{".utf8))
        #expect(broken.problem?.contains("not valid JSON") == true, "\(broken.problem ?? "no problem")")
        #expect(try await session.entry(historyID).statuses.map(\.status) == ["read"])
        await session.close()
    }
}

/// What a receiver said (its notices arrive on its own tasks).
final class Notices: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [WebhookReceiverNotice] = []
    func add(_ n: WebhookReceiverNotice) { lock.withLock { items.append(n) } }
    var all: [WebhookReceiverNotice] { lock.withLock { items } }
}

/// What a test server received.
final class Arrivals: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [ArrivedWebhook] = []
    func add(_ a: ArrivedWebhook) { lock.withLock { items.append(a) } }
    var all: [ArrivedWebhook] { lock.withLock { items } }
}
