import Foundation
import Testing
@testable import Providers
import WhatsAppModel

/// What Meta's Cloud API took in 2025–2026 and wacon now speaks: business-scoped user ids in
/// `recipient`, error 131062's cases, Direct Send, the marketing messages endpoint, read
/// receipts, Graph API versions and the v24+ response shapes.
@Suite struct CloudAPI2026Tests {
    static func message(_ json: String) throws -> OutboundMessage { try OutboundMessage.parse(json) }

    static func findings(_ m: OutboundMessage, _ g: GatewayID = .meta, options: VendorOptions = VendorOptions()) -> [Finding] {
        g.gateway.messageFindings(m, profile: .builtIn(g), options: options)
    }

    static let textToID = #"{"messaging_product":"whatsapp","recipient_type":"individual","recipient":"US.13491208655302741918","type":"text","text":{"body":"Hi"}}"#

    // MARK: Recipients

    @Test func userIDsReadAsMetaWritesThem() throws {
        let id = try BusinessUserID.parse("US.13491208655302741918").get()
        #expect(id.country == "US" && !id.isParent)
        let parent = try BusinessUserID.parse("US.ENT.11815799212886844830").get()
        #expect(parent.isParent && parent.country == "US")
        #expect(try BusinessUserID.parse("GB.abc123XYZ").get().text == "GB.abc123XYZ")
        #expect(BusinessUserID.parse("us.1349") == .failure(.country))
        #expect(BusinessUserID.parse("US.") == .failure(.emptyID))
        #expect(BusinessUserID.parse("US.ENT.") == .failure(.emptyID))
        #expect(BusinessUserID.parse("US.12-34") == .failure(.character("-", offset: 5)))
        #expect(BusinessUserID.parse("US." + String(repeating: "1", count: 129)) == .failure(.tooLong(129)))
        #expect(try BusinessUserID.parse("US." + String(repeating: "1", count: 128)).get().text.count == 131)
    }

    @Test func aMessageToAUserIDValidatesCleanAndIsSentAsWritten() throws {
        let m = try Self.message(Self.textToID)
        #expect(m.to == nil)
        #expect(m.addressee == .user(try BusinessUserID.parse("US.13491208655302741918").get()))
        #expect(Self.findings(m).errors.isEmpty, "\(Self.findings(m))")
        let body = GatewayID.meta.gateway.encode(m, profile: .builtIn(.meta), options: VendorOptions()).bodyJSON
        #expect(body == (try JSONParser.parse(Array(Self.textToID.utf8))))
        #expect(body["to"] == nil)
    }

    @Test func toWinsOverRecipientAndSaysSo() throws {
        let m = try Self.message(#"{"messaging_product":"whatsapp","to":"+16505551234","recipient":"US.20573318840619254407","type":"text","text":{"body":"Hi"}}"#)
        #expect(m.addressee == .phone("+16505551234"))
        let warning = try #require(Self.findings(m).first { $0.rule == .recipientForm })
        #expect(warning.severity == .warning && warning.path == "recipient" && warning.message.contains("to wins"))
    }

    @Test func aRecipientIsNeededAndEachFieldTakesItsOwnForm() throws {
        let none = try Self.message(#"{"messaging_product":"whatsapp","type":"text","text":{"body":"Hi"}}"#)
        #expect(Self.findings(none).contains { $0.isError && $0.path == "to" && $0.rule == .required })
        let idInTo = try Self.message(#"{"messaging_product":"whatsapp","to":"US.13491208655302741918","type":"text","text":{"body":"Hi"}}"#)
        #expect(Self.findings(idInTo).contains { $0.isError && $0.path == "to" && $0.rule == .recipientForm })
        let malformed = try Self.message(#"{"messaging_product":"whatsapp","recipient":"US.1349-1208","type":"text","text":{"body":"Hi"}}"#)
        let f = try #require(Self.findings(malformed).first { $0.path == "recipient" })
        #expect(f.isError && f.actual == "\"US.1349-1208\"" && f.limit?.contains("128") == true && f.message.contains("\"-\" at character 8"))
        let group = try Self.message(#"{"messaging_product":"whatsapp","recipient_type":"group","recipient":"US.1349","type":"text","text":{"body":"Hi"}}"#)
        #expect(Self.findings(group).contains { $0.isError && $0.path == "recipient" && $0.message.contains("group id in to") })
    }

    @Test func textWrittenLikeAnIDIsReadAsOneAndSaysWhatIsWrong() throws {
        var m = try Self.message(#"{"messaging_product":"whatsapp","to":"+16505551234","type":"text","text":{"body":"Hi"}}"#)
        m.address(to: "  US.13491208655302741918 ")
        #expect(m.recipient == "US.13491208655302741918" && m.to == nil, "pasted with spaces, still an id")
        for typed in ["us.1349", "USA.1349", "US."] {
            m.address(to: typed)
            #expect(m.recipient == typed && m.to == nil, "\(typed)")
            let f = Self.findings(m).first { $0.path == "recipient" && $0.isError }
            #expect(f?.rule == .recipientForm && f?.message.contains("phone") == false, "\(typed): \(String(describing: f))")
        }
        #expect(BusinessUserID.parse("US.ENT.") == .failure(.emptyID))
        #expect(BusinessUserID.Problem.emptyID.description.contains("ENT."))
    }

    @Test func addressingFromTypedTextPicksTheField() throws {
        var m = try Self.message(#"{"messaging_product":"whatsapp","to":"+16505551234","type":"text","text":{"body":"Hi"}}"#)
        m.address(to: "US.13491208655302741918")
        #expect(m.to == nil && m.recipient == "US.13491208655302741918")
        m.address(to: "+27 82 555 0100")
        #expect(m.to == "+27 82 555 0100" && m.recipient == nil)
        #expect(m.recipientText == "+27 82 555 0100")
    }

    @Test func onlyGatewaysThatPassMetasObjectOnCarryUserIDs() throws {
        let m = try Self.message(Self.textToID)
        for g in GatewayID.allCases {
            let refused = Self.findings(m, g).contains { $0.isError && $0.rule == .gatewayCapability && $0.path == "recipient" }
            #expect(refused == ![.meta, .kaleyra].contains(g), "\(g)")
        }
        // Kaleyra carries Meta's object as is, recipient included.
        let kaleyra = GatewayID.kaleyra.gateway.encode(m, profile: .builtIn(.kaleyra), options: VendorOptions()).bodyJSON
        #expect(kaleyra["messaging_object"]?["recipient"]?.stringValue == "US.13491208655302741918")
    }

    // MARK: 131062

    static let otp = #"""
        {"messaging_product":"whatsapp","RECIPIENT","type":"template","template":{"name":"verify_code","language":{"code":"en_US"},
         "components":[{"type":"body","parameters":[{"type":"text","text":"J$FpnYnP"}]},
                       {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"J$FpnYnP"}]}]}}
        """#

    @Test func authenticationTemplatesGoToPhoneNumbersOnly() throws {
        let byID = try Self.message(Self.otp.replacingOccurrences(of: #""RECIPIENT""#, with: #""recipient":"US.13491208655302741918""#))
        let f = try #require(Self.findings(byID).first { $0.rule == .userIDRecipient })
        #expect(f.isError && f.path == "recipient" && f.message.contains("131062") && f.message.contains("authentication template"))
        let byNumber = try Self.message(Self.otp.replacingOccurrences(of: #""RECIPIENT""#, with: #""to":"+16505551234""#))
        #expect(Self.findings(byNumber).errors.isEmpty, "\(Self.findings(byNumber))")
        // A template whose URL button takes another value than its body is not one.
        let utility = try Self.message(Self.otp.replacingOccurrences(of: #""RECIPIENT""#, with: #""recipient":"US.1349""#)
            .replacingOccurrences(of: #"[{"type":"text","text":"J$FpnYnP"}]}]}}"#, with: #"[{"type":"text","text":"order/4471"}]}]}}"#))
        #expect(!Self.findings(utility).contains { $0.rule == .userIDRecipient })
    }

    @Test func directSendAuthenticationAndBidSpecGoToPhoneNumbersOnly() throws {
        let auth = try Self.message(#"{"messaging_product":"whatsapp","recipient":"US.1349","type":"text","text":{"body":"Code 1234"},"category":"authentication"}"#)
        #expect(Self.findings(auth).contains { $0.rule == .userIDRecipient && $0.message.contains("Direct Send authentication") })
        let bid = try Self.message(#"{"messaging_product":"whatsapp","recipient":"US.1349","type":"template","template":{"name":"sale","language":{"code":"en"}},"bid_spec":{"per_message_bid_multiplier":1.2}}"#)
        #expect(Self.findings(bid, options: ["endpoint": "marketing_messages"]).contains { $0.rule == .userIDRecipient && $0.message.contains("bid_spec") })
    }

    // MARK: Direct Send

    @Test func directSendTakesItsCategoriesTTLsAndKinds() throws {
        func directSend(_ members: String, type: String = #""type":"text","text":{"body":"Shipped"}"#) throws -> [Finding] {
            Self.findings(try Self.message(#"{"messaging_product":"whatsapp","to":"+16505551234",\#(type),\#(members)}"#))
        }
        #expect(try directSend(#""category":"utility","ttl_seconds":600"#).errors.isEmpty)
        #expect(try directSend(#""category":"utility","ttl_seconds":43200"#).errors.isEmpty)
        #expect(try directSend(#""category":"authentication","ttl_seconds":900"#).errors.isEmpty)
        for (members, path, limit) in [(#""category":"utility","ttl_seconds":29"#, "ttl_seconds", "30–43200"),
                                       (#""category":"utility","ttl_seconds":43201"#, "ttl_seconds", "30–43200"),
                                       (#""category":"authentication","ttl_seconds":901"#, "ttl_seconds", "30–900")] {
            let f = try #require(try directSend(members).first { $0.isError })
            #expect(f.path.description == path && f.limit == limit && f.rule == .range, "\(members)")
        }
        #expect(try directSend(#""category":"marketing""#).contains { $0.isError && $0.path == "category" && $0.rule == .allowedValues })
        #expect(try directSend(#""ttl_seconds":600"#).contains { $0.isError && $0.path == "ttl_seconds" && $0.message.contains("Direct Send") })
        #expect(try directSend(#""category":"utility","ttl_seconds":"600""#).contains { $0.isError && $0.rule == .format })
        let image = try directSend(#""category":"utility""#, type: #""type":"image","image":{"link":"https://example.com/a.png"}"#)
        #expect(image.contains { $0.isError && $0.path == "type" && $0.actual == "image" })
        let long = try directSend(#""category":"utility""#, type: #""type":"text","text":{"body":"\#(String(repeating: "a", count: 1025))"}"#)
        #expect(long.contains { $0.isError && $0.path == "text.body" && $0.limit == "1024" })
    }

    @Test func directSendIsRefusedByGatewaysWithoutIt() throws {
        let m = try Self.message(#"{"messaging_product":"whatsapp","to":"+16505551234","type":"text","text":{"body":"Shipped"},"category":"utility"}"#)
        #expect(Self.findings(m, .meta).errors.isEmpty)
        #expect(Self.findings(m, .botika).contains { $0.isError && $0.rule == .gatewayCapability && $0.path == "category" })
    }

    // MARK: The marketing messages endpoint

    @Test func theEndpointOptionChoosesTheURLAndItsRules() throws {
        let template = try Self.message(#"{"messaging_product":"whatsapp","to":"+16505551234","type":"template","template":{"name":"sale","language":{"code":"en"}},"product_policy":"STRICT"}"#)
        let meta = GatewayID.meta.gateway
        let options: VendorOptions = ["endpoint": "marketing_messages"]
        #expect(meta.encode(template, profile: .builtIn(.meta), options: options).url.hasSuffix("/v25.0/106540352242922/marketing_messages"))
        #expect(Self.findings(template, options: options).errors.isEmpty)
        // Without the option the endpoint's members are refused, as /messages refuses them.
        #expect(Self.findings(template).contains { $0.isError && $0.path == "product_policy" && $0.rule == .unknownField })
        // The endpoint sends templates only (131055), and an authentication template is not one (134100).
        let text = try Self.message(#"{"messaging_product":"whatsapp","to":"+16505551234","type":"text","text":{"body":"Hi"}}"#)
        #expect(Self.findings(text, options: options).contains { $0.isError && $0.rule == .marketingEndpoint && $0.path == "type" })
        let otp = try Self.message(Self.otp.replacingOccurrences(of: #""RECIPIENT""#, with: #""to":"+16505551234""#))
        #expect(Self.findings(otp, options: options).contains { $0.isError && $0.rule == .marketingEndpoint && $0.path == "template" })
        #expect(Self.findings(text, options: ["endpoint": "marketing"]).contains { $0.isError && $0.path == "endpoint" })
        // Its members' values.
        let bad = try Self.message(#"{"messaging_product":"whatsapp","to":"+16505551234","type":"template","template":{"name":"sale","language":{"code":"en"}},"product_policy":"LOOSE","bid_spec":{"per_message_bid_multiplier":0,"bid_amount":5}}"#)
        let found = Self.findings(bad, options: options)
        #expect(found.contains { $0.isError && $0.path == "product_policy" })
        #expect(found.contains { $0.isError && $0.path == "bid_spec.per_message_bid_multiplier" && $0.limit == "> 0" })
        #expect(found.contains { $0.isError && $0.path == "bid_spec.bid_amount" && $0.rule == .unknownField })
        // Read back from a request on that endpoint, the option is there.
        let read = try meta.read(body: template.json, path: "/v25.0/106540352242922/marketing_messages")
        #expect(read.options["endpoint"] == "marketing_messages")
    }

    // MARK: Read receipts

    @Test func readReceiptsAreMetasShape() throws {
        let typing = ReadReceipt(messageID: "wamid.A", typing: true)
        #expect(typing.json == (try JSONParser.parse(Array(#"{"messaging_product":"whatsapp","status":"read","message_id":"wamid.A","typing_indicator":{"type":"text"}}"#.utf8))))
        #expect(ReadReceipt(messageID: "wamid.A").json["typing_indicator"] == nil)
        #expect(try ReadReceipt.read(typing.json).get() == typing)
        func refusal(_ json: String) throws -> Finding? {
            if case .failure(let r) = ReadReceipt.read(try JSONParser.parse(Array(json.utf8))) { return r.finding }
            return nil
        }
        #expect(try refusal(#"{"messaging_product":"whatsapp","status":"read"}"#)?.path == "message_id")
        #expect(try refusal(#"{"messaging_product":"whatsapp","status":"read","message_id":"wamid.A","typing_indicator":{"type":"audio"}}"#)?.path == "typing_indicator.type")
        #expect(try refusal(#"{"messaging_product":"whatsapp","status":"delivered","message_id":"w"}"#)?.path == "status")
        #expect(try refusal(#"{"messaging_product":"whatsapp","status":"read","message_id":"w","to":"+1"}"#)?.rule == .unknownField)
        // Only WhatsApp message ids: a reseller's request id or a typo is refused.
        #expect(try refusal(#"{"messaging_product":"whatsapp","status":"read","message_id":"A1834A64F3FC7AB980B7"}"#)?.rule == .format)
        #expect(try refusal(#"{"messaging_product":"whatsapp","status":"read","message_id":"wamid."}"#)?.rule == .format)
        // Meta's request: the messages endpoint; only Meta has read receipts.
        let request = try #require(GatewayID.meta.gateway.readReceiptRequest(typing, profile: .builtIn(.meta)))
        #expect(request.url.hasSuffix("/v25.0/106540352242922/messages") && request.bodyJSON == typing.json)
        for g in GatewayID.allCases where g != .meta { #expect(g.gateway.readReceiptRequest(typing, profile: .builtIn(g)) == nil) }
    }

    @Test func readReceiptAnswersDecode() {
        let meta = GatewayID.meta.gateway
        let ok = meta.decodeReadReceipt(WireResponse(status: 200, headers: [("Content-Type", "application/json")], body: #"{"success":true}"#))
        #expect(ok.isAccepted)
        let refused = meta.decodeReadReceipt(WireResponse(status: 400, headers: [("Content-Type", "application/json")],
                                                          body: #"{"error":{"message":"(#131009) Parameter value is not valid","type":"OAuthException","code":131009}}"#))
        guard case .rejected(let r) = refused else { Issue.record("\(refused)"); return }
        #expect(r.vendorCode == "131009")
        #expect(!meta.decodeReadReceipt(WireResponse(status: 200, headers: [("Content-Type", "application/json")], body: #"{"success":false}"#)).isAccepted)
    }

    // MARK: Versions and responses

    @Test func versionsPastOrNearTheirEndAreWarnedOf() throws {
        let today = try #require(ISO8601DateFormatter().date(from: "2026-12-01T12:00:00Z"))
        func warning(_ v: String) -> Finding? { GraphAPIVersions.findings(for: v, at: "api_version", today: today).first }
        #expect(warning("v25.0") == nil && warning("v23.0") == nil && warning("v27.0") == nil)
        let ended = try #require(warning("v20.0"))
        #expect(ended.severity == .warning && ended.message.contains("2026-09-24") && ended.message.contains("use v25.0"))
        let ending = try #require(warning("v21.0"))
        #expect(ending.message.contains("in 51 days"), "\(ending.message)")
        #expect(warning("v15.0")?.message.contains("past its end of life") == true)
        #expect(warning("v28.0")?.message.contains("newer than every version") == true)
        // The last day is still served.
        let lastDay = try #require(ISO8601DateFormatter().date(from: "2026-09-24T23:00:00Z"))
        #expect(GraphAPIVersions.findings(for: "v20.0", at: "api_version", today: lastDay).first?.message.contains("in 0 days") == true)
        // A profile without a version sends to the current one, and says so.
        var bare = Profile.builtIn(.meta)
        bare.apiVersion = nil
        #expect(GatewayID.meta.gateway.endpoint(profile: bare).contains("/\(GraphAPIVersions.current)/"))
        #expect(bare.findings().contains { $0.severity == .note && $0.message.contains("no api_version") })
        #expect(!bare.findings().hasErrors)
        // New profiles use the current version; the table is in order and current is in it.
        #expect(Profile.builtIn(.meta).apiVersion == GraphAPIVersions.current)
        #expect(GraphAPIVersions.version(GraphAPIVersions.current)?.availableUntil != nil)
        #expect(GraphAPIVersions.table.map(\.released) == GraphAPIVersions.table.map(\.released).sorted())
    }

    @Test func v24ResponsesDecode() {
        let meta = GatewayID.meta.gateway
        func accepted(_ body: String) -> Acceptance? {
            if case .accepted(let a) = meta.decode(WireResponse(status: 200, headers: [("Content-Type", "application/json")], body: body)) { return a }
            return nil
        }
        let byID = accepted(#"{"messaging_product":"whatsapp","contacts":[{"input":"US.1349","user_id":"US.1349"}],"messages":[{"id":"wamid.X","message_status":"held_for_quality_assessment"}]}"#)
        #expect(byID?.recipient == "US.1349" && byID?.status == "held_for_quality_assessment" && byID?.messageID == "wamid.X")
        let old = accepted(#"{"messaging_product":"whatsapp","contacts":[{"input":"+1650","wa_id":"1650"}],"messages":[{"id":"wamid.Y"}],"message_status":"accepted"}"#)
        #expect(old?.recipient == "1650" && old?.status == "accepted")
    }
}

@Suite struct GroupMessageTests {
    static func findings(_ typeAndPayload: String) throws -> [Finding] {
        let m = try OutboundMessage.parse(#"{"messaging_product":"whatsapp","recipient_type":"group","to":"Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD",\#(typeAndPayload)}"#)
        return GatewayID.meta.gateway.messageFindings(m, profile: .builtIn(.meta))
    }

    @Test func addressMessagesAreForIndia() throws {
        func warned(_ to: String) throws -> Bool {
            let m = try OutboundMessage.parse(#"{"messaging_product":"whatsapp","to":"\#(to)","type":"interactive","interactive":{"type":"address_message","body":{"text":"Where to?"},"action":{"name":"address_message","parameters":{"country":"IN"}}}}"#)
            return GatewayID.meta.gateway.messageFindings(m, profile: .builtIn(.meta)).contains { $0.severity == .warning && $0.path == "to" && $0.limit == "IN" }
        }
        #expect(try warned("+27825550100"))
        #expect(try !warned("+919876543210"))
    }

    @Test func groupsTakeTextMediaAndTemplates() throws {
        #expect(try Self.findings(#""type":"text","text":{"body":"Hi"}"#).errors.isEmpty)
        #expect(try Self.findings(#""type":"image","image":{"link":"https://example.com/a.jpg"}"#).errors.isEmpty)
        #expect(try Self.findings(#""type":"template","template":{"name":"hello_world","language":{"code":"en_US"}}"#).errors.isEmpty)
        let buttons = try Self.findings(#""type":"interactive","interactive":{"type":"button","body":{"text":"Pick"},"action":{"buttons":[{"type":"reply","reply":{"id":"a","title":"A"}}]}}"#)
        #expect(buttons.contains { $0.isError && $0.path == "type" && $0.actual == "interactive.button" })
        let location = try Self.findings(#""type":"location","location":{"latitude":1,"longitude":2}"#)
        #expect(location.contains { $0.severity == .warning && $0.path == "type" } && location.errors.isEmpty)
        // Only Meta carries groups.
        let m = try OutboundMessage.parse(#"{"messaging_product":"whatsapp","recipient_type":"group","to":"Y2Fw","type":"text","text":{"body":"Hi"}}"#)
        #expect(GatewayID.zixflow.gateway.messageFindings(m, profile: .builtIn(.zixflow)).contains { $0.isError && $0.rule == .gatewayCapability })
    }
}
