import Foundation
import HTTPTypes
import Testing
@testable import Providers
@testable import Sandbox
import Transport
import WaconTestSupport
import WhatsAppModel

/// The sandbox answers as Cloud API v25 does: `input` with `wa_id` or `user_id`, `message_status`
/// in `messages[]`, read receipts, the marketing messages endpoint, and the new errors on their
/// real triggers (131062, 137000, 131055, 134100) as well as on demand.
@Suite struct Sandbox2026Tests {
    static let engine = SandboxEngine()
    static let metaPath = "/v25.0/106540352242922/messages"

    /// The engine's answer to a Meta request with the built-in profile's key.
    static func meta(_ body: String, path: String = metaPath, headers extra: HTTPFields = [:]) -> (reply: EmulatedReply, accepted: AcceptedMessage?) {
        var headers: HTTPFields = [.authorization: "Bearer EAAsampleWaconSandboxToken0000"]
        headers.append(contentsOf: extra)
        let req = EmulatedRequest(gateway: .meta, path: path, parameters: ["version": "v25.0", "phoneNumberID": "106540352242922"],
                                  headers: headers, body: Array(body.utf8))
        switch engine.handle(req) {
        case .reply(let r, let a): return (r, a)
        case .fault(_, let r, let a): return (r ?? EmulatedReply(status: 0, body: []), a)
        }
    }

    static func json(_ r: EmulatedReply) throws -> JSONValue { try JSONParser.parse(r.body) }

    @Test func usersRoundTripBetweenNumberAndID() throws {
        for digits in ["27825550100", "16505551234", "447700900177", "919876543210"] {
            let user = SandboxCustomers.user(digits: digits)
            let id = try BusinessUserID.parse(user.userID).get()
            #expect(id.country == PhoneNumber(uncheckedDigits: digits).region.code)
            #expect(SandboxCustomers.digits(of: id) == digits)
        }
        // An id the sandbox did not give out has no number.
        #expect(SandboxCustomers.digits(of: try BusinessUserID.parse("US.13491208655302741918").get()) == nil)
        // The named users: one hides their number, one has a parent id.
        let lerato = SandboxCustomers.user(digits: "27825550177")
        #expect(lerato.username == "lerato.sandbox" && lerato.hidesNumber && lerato.shownDigits == nil)
        let oliver = SandboxCustomers.user(digits: "447700900177")
        #expect(oliver.parentUserID?.hasPrefix("GB.ENT.") == true && oliver.shownDigits == "447700900177")
    }

    @Test func aSendByNumberAnswersWaIDAndByIDAnswersUserID() throws {
        let byNumber = Self.meta(#"{"messaging_product":"whatsapp","to":"+27 82 555 0100","type":"text","text":{"body":"Hi"}}"#)
        let n = try Self.json(byNumber.reply)
        #expect(byNumber.reply.status == 200)
        #expect(n["contacts"]?.item(0)?["input"] == "+27 82 555 0100", "input echoes what was sent")
        #expect(n["contacts"]?.item(0)?["wa_id"] == "27825550100" && n["contacts"]?.item(0)?["user_id"] == nil)
        #expect(n["messages"]?.item(0)?["message_status"] == "accepted")
        let id = SandboxCustomers.user(digits: "27825550100").userID
        let byID = Self.meta(#"{"messaging_product":"whatsapp","recipient":"\#(id)","type":"text","text":{"body":"Hi"}}"#)
        let u = try Self.json(byID.reply)
        #expect(byID.reply.status == 200, "\(u)")
        #expect(u["contacts"]?.item(0)?["input"]?.stringValue == id && u["contacts"]?.item(0)?["user_id"]?.stringValue == id && u["contacts"]?.item(0)?["wa_id"] == nil)
        #expect(byID.accepted?.recipient.byUserID == true && byID.accepted?.recipient.digits == "27825550100")
        // A magic number reached by its user id plays its scenario too.
        let magic = SandboxCustomers.user(digits: "15550131047").userID
        #expect(Self.meta(#"{"messaging_product":"whatsapp","recipient":"\#(magic)","type":"text","text":{"body":"Hi"}}"#).reply.status == 400)
    }

    @Test func refusedCasesAnswerTheirCodes() throws {
        func code(_ r: EmulatedReply) throws -> Int? { try Self.json(r)["error"]?["code"]?.intValue }
        // 131062: an authentication template to a user id.
        let otp = #"{"messaging_product":"whatsapp","recipient":"US.1349","type":"template","template":{"name":"verify","language":{"code":"en"},"components":[{"type":"body","parameters":[{"type":"text","text":"4412"}]},{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"4412"}]}]}}"#
        let refused = Self.meta(otp).reply
        let refusedCode = try code(refused)
        #expect(refused.status == 400 && refusedCode == 131062)
        #expect(try Self.json(refused)["error"]?["message"]?.stringValue?.contains("Business-scoped User ID (BSUID) recipients are not supported") == true)
        // The marketing messages endpoint: templates only (131055), not authentication ones (134100).
        let mm = Self.metaPath.replacingOccurrences(of: "/messages", with: "/marketing_messages")
        #expect(try code(Self.meta(#"{"messaging_product":"whatsapp","to":"+16505551234","type":"text","text":{"body":"Hi"}}"#, path: mm).reply) == 131055)
        #expect(try code(Self.meta(otp.replacingOccurrences(of: #""recipient":"US.1349""#, with: #""to":"+16505551234""#), path: mm).reply) == 134100)
        let template = #"{"messaging_product":"whatsapp","to":"+16505551234","type":"template","template":{"name":"sale","language":{"code":"en"}},"product_policy":"STRICT"}"#
        #expect(Self.meta(template, path: mm).reply.status == 200)
        // …and the same members on /messages are an unknown parameter (100).
        #expect(try code(Self.meta(template).reply) == 100)
        // On demand: the marketing endpoint's own errors, 134102 with Meta's 500.
        let syncing = Self.meta(template, path: mm, headers: [HTTPField.Name("X-Wacon-Scenario")!: "meta-134101"]).reply
        let syncingCode = try code(syncing)
        #expect(syncing.status == 400 && syncingCode == 134101)
        let unavailable = Self.meta(template, path: mm, headers: [HTTPField.Name("X-Wacon-Scenario")!: "meta-134102"]).reply
        let unavailableCode = try code(unavailable)
        #expect(unavailable.status == 500 && unavailableCode == 134102)
    }

    @Test func aWrongIdentityHashIsAcceptedThenFails() throws {
        let known = try #require(SandboxCustomers.user(digits: "16505551234").identityKeyHash)
        func send(_ hash: String) -> AcceptedMessage? {
            Self.meta(#"{"messaging_product":"whatsapp","to":"+16505551234","recipient_identity_key_hash":"\#(hash)","type":"text","text":{"body":"Hi"}}"#).accepted
        }
        #expect(send(known)?.scenario == nil)
        let wrong = try #require(send("DF2lS5v2W6x="))
        guard case .failedAfterAccept(let e)? = wrong.scenario?.behavior else { Issue.record("\(String(describing: wrong.scenario))"); return }
        #expect(e.code == "137000")
        #expect(StatusCallbacks.plan(for: wrong, delay: .milliseconds(1)).map(\.status) == ["failed"])
    }

    @Test func readReceiptsAreAnsweredSuccess() throws {
        for body in [#"{"messaging_product":"whatsapp","status":"read","message_id":"wamid.HBgL1"}"#,
                     #"{"messaging_product":"whatsapp","status":"read","message_id":"wamid.HBgL1","typing_indicator":{"type":"text"}}"#] {
            let (reply, accepted) = Self.meta(body)
            #expect(reply.status == 200 && accepted == nil)
            #expect(try Self.json(reply) == ["success": true])
        }
        let bad = Self.meta(#"{"messaging_product":"whatsapp","status":"read","message_id":"wamid.HBgL1","typing_indicator":{"type":"voice"}}"#).reply
        let badCode = try Self.json(bad)["error"]?["code"]?.intValue
        #expect(bad.status == 400 && badCode == 131009)
        let asked = Self.meta(#"{"messaging_product":"whatsapp","status":"read","message_id":"wamid.HBgL1"}"#, headers: [HTTPField.Name("X-Wacon-Scenario")!: "meta-131009"]).reply
        #expect(asked.status == 400)
    }

    @Test func aCustomerWhoHidesTheirNumberRepliesByIDOnly() throws {
        let lerato = SandboxCustomers.user(digits: "27825550177")
        var hidden = lerato
        hidden.byUserID = true
        let accepted = AcceptedMessage(gateway: .meta, id: "wamid.S", recipient: hidden,
                                       message: try OutboundMessage.parse(#"{"messaging_product":"whatsapp","recipient":"\#(lerato.userID)","type":"text","text":{"body":"Hi"}}"#),
                                       options: VendorOptions(), scenario: nil, callbackURL: nil)
        let webhook = InboundWebhooks.flowReply(to: accepted, response: ["flow_token": "t"], replyID: "wamid.R", at: Date(), profile: .builtIn(.meta))
        let value = try #require(webhook["entry"]?.item(0)?["changes"]?.item(0)?["value"])
        let message = try #require(value["messages"]?.item(0))
        #expect(message["from"] == nil && message["from_user_id"]?.stringValue == lerato.userID)
        let contact = try #require(value["contacts"]?.item(0))
        #expect(contact["wa_id"] == nil && contact["user_id"]?.stringValue == lerato.userID && contact["profile"]?["username"] == "lerato.sandbox")
        // A user who shows their number is named by both.
        let oliver = SandboxCustomers.user(digits: "447700900177")
        let shown = MetaEmulation.contact(oliver)
        #expect(shown["wa_id"] == "447700900177" && shown["parent_user_id"]?.stringValue == oliver.parentUserID)
    }
}

private extension JSONValue {
    /// The item at `index` of an array value.
    func item(_ index: Int) -> JSONValue? { arrayValue.flatMap { index < $0.count ? $0[index] : nil } }
}
