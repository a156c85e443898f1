import Foundation
import Providers
import Testing
import WaconTestSupport
import WhatsAppModel

/// One body of `Tests/Corpus/webhooks/` with what it must read as (`webhooks.expected.json`).
struct WebhookCorpusFile: CustomTestStringConvertible, Sendable {
    let name: String
    let bytes: [UInt8]
    /// The gateway the body is read as only when named (`--gateway`).
    let gatewayOption: GatewayID?
    let expected: [JSONValue]
    var testDescription: String { name }

    static let folder = packageRoot.appendingPathComponent("Tests/Corpus/webhooks")

    static let all: [WebhookCorpusFile] = {
        let expectations = (try? JSONParser.parse(Array(FileManager.default.contents(atPath: packageRoot.appendingPathComponent("Tests/Corpus/webhooks.expected.json").path) ?? Data())))?.objectValue ?? [:]
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return names.map { file in
            let name = String(file.dropLast(5))
            let entry = expectations[name]
            return WebhookCorpusFile(name: name, bytes: Array(FileManager.default.contents(atPath: folder.appendingPathComponent(file).path) ?? Data()),
                                     gatewayOption: entry?["gateway_option"]?.stringValue.flatMap(GatewayID.init(rawValue:)),
                                     expected: entry?["events"]?.arrayValue ?? [.string("no expectation for \(name)")])
        }
    }()

    static func named(_ name: String) -> WebhookCorpusFile { all.first { $0.name == name }! }
}

/// The webhook reader over the corpus: every event of every body, the values each kind carries,
/// both spellings Meta's pages use, id-only customers, and the older views (`DeliveryStatus`,
/// `InboundMessage`) built on it.
@Suite struct WebhookEventTests {
    // MARK: The corpus as a whole

    @Test func theCorpusIsThere() {
        #expect(WebhookCorpusFile.all.count >= 45)
        #expect(WebhookCorpusFile.all.allSatisfy { !$0.bytes.isEmpty })
    }

    @Test(arguments: WebhookCorpusFile.all)
    func everyBodyReadsAsItsEventsInOrder(_ file: WebhookCorpusFile) throws {
        let body = try WebhookBodyReader.read(file.bytes, gateway: file.gatewayOption)
        #expect(body.events.count == file.expected.count, "\(body.events.map(\.kindName))")
        for (event, expected) in zip(body.events, file.expected) {
            #expect(expected["gateway"]?.stringValue == body.gateway.rawValue)
            #expect(expected["kind"]?.stringValue == event.kindName)
            let id: String? = event.message?.id ?? event.status?.id
            #expect(WebhookField.text(expected["id"]) == id)
            if let field = expected["field"]?.stringValue { #expect(event.field == field) }
        }
    }

    @Test func bodiesOnlyAGatewayOptionReadsAreNotDetected() throws {
        for file in WebhookCorpusFile.all where file.gatewayOption != nil {
            #expect(throws: WebhookReadError.self) { try WebhookBodyReader.read(file.bytes) }
        }
    }

    // MARK: Inbound messages

    private func message(_ name: String) throws -> WebhookMessage {
        let events = try WebhookBodyReader.read(WebhookCorpusFile.named(name).bytes).events
        return try #require(events.first?.message)
    }

    @Test func aTextMessageNamesItsSenderEveryWay() throws {
        let m = try message("meta-message-text")
        #expect(m.content == .text("Is the blue kettle back in stock?"))
        #expect(m.from == "27825550143" && m.fromUserID == "ZA.50837261940158372604" && m.fromParentUserID == "ZA.ENT.77120458390016624813")
        #expect(m.sender == WebhookContact(name: "Naledi Khumalo", username: "naledi.k", waID: "27825550143",
                                           userID: "ZA.50837261940158372604", parentUserID: "ZA.ENT.77120458390016624813"))
        #expect(m.timestamp == Date(timeIntervalSince1970: 1_780_401_600))
        let events = try WebhookBodyReader.read(WebhookCorpusFile.named("meta-message-text").bytes).events
        #expect(events.first?.phoneNumberID == "440281735590216" && events.first?.businessAccountID == "318402275519064")
    }

    @Test func aMessageWithoutAPhoneNumberIsStillAMessage() throws {
        let m = try message("meta-message-text-no-phone")
        #expect(m.from == nil && m.fromUserID == "ZA.50837261940158372604")
        #expect(m.sender?.waID == nil && m.sender?.userID == "ZA.50837261940158372604" && m.sender?.username == "naledi.k")
        // The older view, which the session's reply tracking reads, keeps it too.
        let inbound = InboundMessageParser.parse(WebhookCorpusFile.named("meta-message-text-no-phone").bytes)
        #expect(inbound.count == 1)
        #expect(inbound.first?.from == "ZA.50837261940158372604" && inbound.first?.fromUserID == "ZA.50837261940158372604")
        #expect(inbound.first?.username == "naledi.k" && inbound.first?.text == "Hi, I found you through your username")
    }

    @Test func mediaOfEveryType() throws {
        guard case .media(let image) = try message("meta-message-image").content else { Issue.record("image"); return }
        #expect(image.kind == "image" && image.caption == "The crack on the lid" && image.id == "1928374650192837" && image.mimeType == "image/jpeg")
        guard case .media(let video) = try message("meta-message-video").content else { Issue.record("video"); return }
        #expect(video.kind == "video" && video.mimeType == "video/mp4" && !video.isVoice)
        guard case .media(let voice) = try message("meta-message-audio-voice").content else { Issue.record("audio"); return }
        #expect(voice.kind == "audio" && voice.isVoice && voice.mimeType == "audio/ogg; codecs=opus")
        guard case .media(let document) = try message("meta-message-document").content else { Issue.record("document"); return }
        #expect(document.filename == "eft-receipt-0412.pdf" && document.caption == "Proof of payment")
        guard case .media(let sticker) = try message("meta-message-sticker").content else { Issue.record("sticker"); return }
        #expect(sticker.kind == "sticker" && !sticker.isAnimated && sticker.id == "5362718094352617")
    }

    @Test func locationContactsAndOrder() throws {
        guard case .location(let l) = try message("meta-message-location").content else { Issue.record("location"); return }
        #expect(l.latitude == "-33.9227" && l.longitude == "18.4187" && l.name == "Long Street store" && l.address == "12 Long Street, Cape Town")
        guard case .contacts(let cards) = try message("meta-message-contacts").content else { Issue.record("contacts"); return }
        #expect(cards.count == 2 && cards[0]["name"]?["formatted_name"] == "Sipho Dlamini")
        guard case .order(let o) = try message("meta-message-order").content else { Issue.record("order"); return }
        #expect(o.catalogID == "778899001122334" && o.text == "Please gift-wrap the kettle" && o.items.count == 2)
        #expect(o.items[1] == WebhookOrder.Item(productRetailerID: "MUG-SET-4", quantity: "2", itemPrice: "199.5", currency: "ZAR"))
    }

    @Test func aReactionAndItsRemoval() throws {
        #expect(try message("meta-message-reaction").content == .reaction(messageID: "wamid.HBgLMjc4MjU1NTAxNDMVAgARGBJCVVNJTkVTU01TRzAwMQA=", emoji: "\u{1F44D}"))
        #expect(try message("meta-message-reaction-removed").content == .reaction(messageID: "wamid.HBgLMjc4MjU1NTAxNDMVAgARGBJCVVNJTkVTU01TRzAwMQA=", emoji: ""))
    }

    @Test func buttonsAndInteractiveReplies() throws {
        let button = try message("meta-message-button")
        #expect(button.content == .button(payload: "CONFIRM_DELIVERY_SLOT", text: "Yes, Thursday works"))
        #expect(button.context?.id == "wamid.HBgLMjc4MjU1NTAxNDMVAgARGBJUTVBMVFNFTlQwMDAxAA==" && button.context?.from == "27215550199")
        #expect(try message("meta-interactive-button-reply").content == .interactive(.buttonReply(id: "slot-thu-am", title: "Thursday morning")))
        #expect(try message("meta-interactive-list-reply").content == .interactive(.listReply(id: "store-cpt", title: "Cape Town", description: "12 Long Street")))
        guard case .interactive(.formReply(let name, let body, let json)) = try message("meta-interactive-nfm-reply-flow").content else { Issue.record("flow"); return }
        #expect(name == "flow" && body == "Sent" && json?.contains("survey-0412") == true)
        guard case .interactive(.formReply(let address, _, let values)) = try message("meta-interactive-nfm-reply-address").content else { Issue.record("address"); return }
        #expect(address == "address_message" && values?.contains("560001") == true)
        #expect(try message("meta-interactive-call-permission-reply").content == .interactive(.callPermissionReply(WebhookCallPermissionReply(
            response: "accept", isPermanent: false, expiration: Date(timeIntervalSince1970: 1_781_006_400), responseSource: "user_action"))))
    }

    @Test func theOlderInboundViewReadsRepliesAsBefore() throws {
        let flow = try #require(InboundMessageParser.parse(WebhookCorpusFile.named("meta-interactive-nfm-reply-flow").bytes).first)
        #expect(flow.isFlowReply && flow.flowToken == "survey-0412" && flow.flowResponse?["rating"] == "4")
        #expect(flow.profileName == "Naledi Khumalo" && flow.contextID == "wamid.HBgLMjc4MjU1NTAxNDMVAgARGBJJTlRFUkFDVElWRTAxAA==")
        let list = try #require(InboundMessageParser.parse(WebhookCorpusFile.named("meta-interactive-list-reply").bytes).first)
        #expect(list.interactiveType == "list_reply" && list.replyID == "store-cpt" && list.replyTitle == "Cape Town")
        let button = try #require(InboundMessageParser.parse(WebhookCorpusFile.named("meta-message-button").bytes).first)
        #expect(button.replyID == "CONFIRM_DELIVERY_SLOT" && button.replyTitle == "Yes, Thursday works")
        let permission = try #require(InboundMessageParser.parse(WebhookCorpusFile.named("meta-interactive-call-permission-reply").bytes).first)
        #expect(permission.interactiveType == "call_permission_reply" && !permission.isFlowReply)
        #expect(InboundMessageParser.parse(WebhookCorpusFile.named("meta-status-sent").bytes).isEmpty)
    }

    @Test func unsupportedSystemEditRevokeAndGroup() throws {
        let unsupported = try message("meta-message-unsupported")
        #expect(unsupported.content == .unsupported(type: "poll"))
        #expect(unsupported.errors.first?.code == "131051" && unsupported.errors.first?.details == "Message type is currently not supported.")
        guard case .system(let number) = try message("meta-system-user-changed-number").content else { Issue.record("system"); return }
        #expect(number.type == "user_changed_number" && number.waID == "27825550188")
        guard case .system(let id) = try message("meta-system-user-changed-user-id").content else { Issue.record("system"); return }
        #expect(id.type == "user_changed_user_id" && id.userID == "ZA.61948372051269483715" && id.parentUserID == "ZA.ENT.88231569401127735924")
        guard case .edit(let original, let edited) = try message("meta-message-edit").content else { Issue.record("edit"); return }
        #expect(original == "wamid.HBgLMjc4MjU1NTAxNDMVAgASGBQzQUJDMTIzNDU2Nzg5MEFCQ0QA")
        #expect(edited?.content == .text("Is the green kettle back in stock?") && edited?.id == nil)
        #expect(try message("meta-message-revoke").content == .revoke(originalMessageID: "wamid.HBgLMjc4MjU1NTAxNDMVAgASGBQzRkFCMTIzNDU2Nzg5MEFCQ0QA"))
        #expect(try message("meta-message-group-text").groupID == "Y2FwaV9ncm91cDoyNzIxNTU1MDE5OToxMjAzNjM0NDU1MjEwMDk5")
    }

    // MARK: Statuses

    private func status(_ name: String) throws -> WebhookStatus {
        try #require(WebhookBodyReader.read(WebhookCorpusFile.named(name).bytes).events.first?.status)
    }

    @Test func aSentStatusIsPricedPerMessageAndNamesItsRecipient() throws {
        let s = try status("meta-status-sent")
        #expect(s.pricing == WebhookPricing(billable: true, model: "PMP", type: "regular", category: "marketing"))
        #expect(s.recipientID == "27825550143" && s.recipientUserID == "ZA.50837261940158372604" && s.recipientParentUserID == "ZA.ENT.77120458390016624813")
        #expect(s.recipient?.name == "Naledi Khumalo" && s.bizOpaqueCallbackData == "campaign-winter-12")
        #expect(s.timestamp == Date(timeIntervalSince1970: 1_780_401_660))
    }

    @Test func aStatusForAUserIDAloneHasNoRecipientID() throws {
        let s = try status("meta-status-delivered-user-id-only")
        #expect(s.recipientID == nil && s.recipientUserID == "ZA.50837261940158372604" && s.recipientParentUserID == "ZA.ENT.77120458390016624813")
        #expect(s.recipient?.waID == nil && s.recipient?.username == "naledi.k")
        #expect(s.pricing?.type == "free_customer_service" && s.pricing?.category == "utility")
        let old = try #require(DeliveryStatusParser.parse(WebhookCorpusFile.named("meta-status-delivered-user-id-only").bytes).first)
        #expect(old.gateway == .meta && old.status == "delivered" && old.recipient == "ZA.50837261940158372604")
        #expect(old.recipientUserID == "ZA.50837261940158372604" && old.recipientParentUserID == "ZA.ENT.77120458390016624813" && old.pricing?.model == "PMP")
    }

    @Test func bothSpellingsOfTheRenamedFieldsRead() throws {
        let parent = try status("meta-status-read-parent-spelling")
        #expect(parent.recipientParentUserID == "ZA.ENT.77120458390016624813" && parent.pricing?.type == "free_entry_point" && parent.pricing?.billable == false)
        let participant = try status("meta-status-group-participant-spelling")
        #expect(participant.recipientParticipantID == "27825550177" && participant.recipientType == "group")
        let group = try status("meta-status-group")
        #expect(group.recipientParticipantID == "27825550143" && group.recipientParticipantUserID == "ZA.50837261940158372604")
        #expect(group.recipientParticipantParentUserID == "ZA.ENT.77120458390016624813" && group.conversation?.originType == "group_marketing")
        // The group's member is matched to the contact by their number.
        #expect(group.recipient?.name == "Naledi Khumalo")
    }

    @Test func failedPlayedAndConversationPricedStatuses() throws {
        let failed = try status("meta-status-failed")
        #expect(failed.errors == [WebhookError(code: "131047", title: "Re-engagement message", message: "Re-engagement message",
                                               details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
                                               href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/")])
        let old = try #require(DeliveryStatusParser.parse(WebhookCorpusFile.named("meta-status-failed").bytes).first)
        #expect(old.isFailure && old.errors.first?.code == "131047" && old.errors.first?.category != nil)
        #expect(try status("meta-status-played").status == "played")
        let cbp = try status("meta-status-delivered-cbp")
        #expect(cbp.pricing == WebhookPricing(billable: true, model: "CBP", type: nil, category: "utility"))
        #expect(cbp.conversation == WebhookConversation(id: "e03b5f1a9c7d4b2e8f6a1c3d5e7f9a0b", expiration: Date(timeIntervalSince1970: 1_719_907_200), originType: "utility"))
    }

    // MARK: Other fields

    @Test func aUserIDUpdateReadsBothIDs() throws {
        let events = try WebhookBodyReader.read(WebhookCorpusFile.named("meta-user-id-update").bytes).events
        let u = try #require(events.first?.userIDUpdate)
        #expect(u.waID == "27825550143" && u.detail == "Naledi's user id was updated after a number change.")
        #expect(u.userID == WebhookIDChange(previous: "ZA.50837261940158372604", current: "ZA.61948372051269483715"))
        #expect(u.parentUserID == WebhookIDChange(previous: "ZA.ENT.77120458390016624813", current: "ZA.ENT.88231569401127735924"))
        #expect(u.timestamp == Date(timeIntervalSince1970: 1_780_405_200))
    }

    @Test(arguments: ["meta-account-update-volume-tier", "meta-template-status-update", "meta-business-username-update",
                      "meta-smb-message-echoes", "meta-history", "meta-user-preferences", "meta-messages-change-errors"])
    func anyOtherChangeIsOneEventWithItsValueKept(_ name: String) throws {
        let file = WebhookCorpusFile.named(name)
        let events = try WebhookBodyReader.read(file.bytes).events
        #expect(events.count == 1)
        let change = try #require(JSONParser.parse(file.bytes)["entry"]?.arrayValue?.first?["changes"]?.arrayValue?.first)
        #expect(events.first?.field == change["field"]?.stringValue)
        #expect(events.first?.kind == .other(try #require(change["value"])))
        // An echo of the business's own message is not a customer's message.
        #expect(InboundMessageParser.parse(file.bytes).isEmpty)
    }

    @Test func severalChangesKeepTheirAccountsAndOrder() throws {
        let events = try WebhookBodyReader.read(WebhookCorpusFile.named("meta-several-changes").bytes).events
        #expect(events.map(\.kindName) == ["message", "status", "a_field_meta_adds_later"])
        #expect(events.map(\.businessAccountID) == ["318402275519064", "318402275519064", "318402275519065"])
        #expect(events[2].kind == .other(["quality": "GREEN", "some_future_flag": true]))
    }

    // MARK: Resellers

    @Test func kaleyrasV2WebhookIsMetasChangeWithItsExtras() throws {
        let file = WebhookCorpusFile.named("kaleyra-v2-status-sent")
        let body = try WebhookBodyReader.read(file.bytes)
        #expect(body.gateway == .kaleyra)
        let s = try #require(body.events.first?.status)
        #expect(s.pricing == WebhookPricing(billable: true, model: "Conversation-Based Pricing", type: nil, category: "marketing"))
        #expect(s.vendorFields["ref"] == "order-5521" && s.vendorFields["trace_id"] == "7f3c1d2e-5a6b-4c8d-9e0f-1a2b3c4d5e6f")
        #expect(body.events.first?.businessAccountID == "220099887766554" && body.events.first?.phoneNumberID == "551122334455667")
        for gateway in [nil, GatewayID.kaleyra] {
            let old = DeliveryStatusParser.parse(file.bytes, gateway: gateway)
            #expect(old.count == 1 && old.first?.gateway == .kaleyra && old.first?.messageID == s.id && old.first?.recipient == "919876543210")
        }
    }

    @Test func kaleyrasNotSentHasNoMetaStatusInside() throws {
        let s = try status("kaleyra-v2-not-sent")
        #expect(s.id == "KAL-3f9e2d1c" && s.status == "not-sent" && s.vendorFields["ref"] == "order-5522")
        #expect(DeliveryStatusParser.parse(WebhookCorpusFile.named("kaleyra-v2-not-sent").bytes).first?.isFailure == true)
    }

    @Test func kaleyrasCallbackProfileShapeReadsWhenNamed() throws {
        let file = WebhookCorpusFile.named("kaleyra-callback-profile")
        let s = try #require(WebhookBodyReader.read(file.bytes, gateway: .kaleyra).events.first?.status)
        #expect(s.id == "KAL-8d7c6b5a" && s.errors.first?.code == "131026" && s.recipientID == "+919876543210")
        #expect(DeliveryStatusParser.parse(file.bytes, gateway: .kaleyra).first?.errors.first?.code == "131026")
    }

    @Test func zixflowsMessageIDStaysExact() throws {
        let file = WebhookCorpusFile.named("zixflow-delivery-status-delivered")
        let body = try WebhookBodyReader.read(file.bytes)
        #expect(body.gateway == .zixflow)
        let s = try #require(body.events.first?.status)
        #expect(s.id == "718245093361847205")
        // A double would have changed the last digits: the reader must not go through one.
        #expect(String(Int64(Double("718245093361847205")!)) != "718245093361847205")
        #expect(s.sendID == "d4e5f6a7-b8c9-4d0e-a1f2-b3c4d5e6f708" && s.recipientID == "919812345678" && s.errors.isEmpty)
        #expect(s.vendorFields["post_back_data"] == "ticket-8841" && s.vendorFields["workspace_id"] == "6a71c0e4b2d93f5a18c7e026")
        // What wacon tracks the send by is the request id the send answered with.
        let old = try #require(DeliveryStatusParser.parse(file.bytes).first)
        #expect(old.gateway == .zixflow && old.messageID == "d4e5f6a7-b8c9-4d0e-a1f2-b3c4d5e6f708")
        let failed = try status("zixflow-delivery-status-failed")
        #expect(failed.id == "718245093361847219" && failed.errors.first?.code == "131047" && failed.errors.first?.title == "Re-engagement message")
    }

    // MARK: Bodies that are not webhooks

    @Test func whatIsNotAWebhookBodySaysWhy() {
        #expect(throws: WebhookReadError.self) { try WebhookBodyReader.read(Array("not json".utf8)) }
        do {
            _ = try WebhookBodyReader.read(WebhookCorpusFile.named("meta-status-sent").bytes, gateway: .zixflow)
            Issue.record("a Meta body read as Zixflow's")
        } catch {
            #expect(error.description.contains("not a zixflow webhook body") && error.description.contains("delivery_status"))
        }
        #expect(throws: WebhookReadError.noWebhooks(.botika)) { try WebhookBodyReader.read(WebhookCorpusFile.named("meta-status-sent").bytes, gateway: .botika) }
        #expect(throws: WebhookReadError.self) { try WebhookBodyReader.read(Array(#"{"hello": "world"}"#.utf8)) }
        // FlowIQ forwards Meta's webhooks: its reader is Meta's.
        #expect((try? WebhookBodyReader.read(WebhookCorpusFile.named("meta-status-sent").bytes, gateway: .flowiq))?.events.count == 1)
    }

    @Test func oddlyTypedValuesReadAsAbsentNotAsErrors() throws {
        let body = #"{"object":"whatsapp_business_account","entry":[{"id":1,"changes":[{"field":"messages","value":{"messages":[{"id":"wamid.A","type":"text","text":"not an object","timestamp":1780401600},7],"statuses":[{"id":"wamid.B"},{"id":"wamid.C","status":"sent","pricing":"free","recipient_id":27825550143}]}}]}]}"#
        let events = try WebhookBodyReader.read(Array(body.utf8)).events
        #expect(events.map(\.kindName) == ["message", "status"])
        #expect(events[0].message?.content == .text("") && events[0].message?.timestamp == Date(timeIntervalSince1970: 1_780_401_600))
        #expect(events[1].status?.pricing == nil && events[1].status?.recipientID == "27825550143" && events[0].businessAccountID == "1")
    }

    // MARK: The sandbox's status webhooks

    private func sandboxStatus(_ status: String, template: Bool = false, userID: String? = nil, parent: String? = nil) throws -> (JSONValue, JSONValue) {
        let message = try #require(samples[template ? .template : .text])
        let user = EmulatedRecipient(digits: "27825550100", userID: userID ?? "ZA.04719394025519283746", parentUserID: parent, byUserID: userID != nil)
        let s = EmulatedStatus(messageID: "wamid.HBgLMjc4MjU1NTAxMDAVAgARGBI5", recipient: user, message: message, options: VendorOptions(),
                               status: status, error: status == "failed" ? MetaErrorCatalogue.entries.first { $0.code == "131047" } : nil,
                               date: Date(timeIntervalSince1970: 1_780_401_600))
        let body = MetaEmulation().statusCallback(s, account: .builtIn(.meta))
        let value = try #require(body["entry"]?.arrayValue?.first?["changes"]?.arrayValue?.first?["value"])
        return (body, value)
    }

    @Test func sandboxStatusesArePricedPerMessageWithTheRecipientsContact() throws {
        for word in ["sent", "delivered", "read"] {
            let (_, value) = try sandboxStatus(word)
            let status = try #require(value["statuses"]?.arrayValue?.first)
            #expect(status["pricing"] == ["billable": true, "pricing_model": "PMP", "type": "regular", "category": "service"], "\(word)")
            #expect(status["recipient_id"] == "27825550100" && status["recipient_user_id"] == nil)
            let contact = try #require(value["contacts"]?.arrayValue?.first)
            #expect(contact["profile"]?["name"] == "Sandbox Customer" && contact["wa_id"] == "27825550100")
            #expect(contact["user_id"]?.stringValue?.hasPrefix("ZA.") == true)
        }
        let (_, template) = try sandboxStatus("delivered", template: true)
        #expect(template["statuses"]?.arrayValue?.first?["pricing"]?["category"] == "marketing")
        // The same number gets the same made-up user id every time.
        #expect(try sandboxStatus("sent").1["contacts"] == sandboxStatus("read").1["contacts"])
    }

    @Test func aFailedSandboxStatusHasNeitherPricingNorContacts() throws {
        let (_, value) = try sandboxStatus("failed")
        #expect(value["contacts"] == nil)
        let status = try #require(value["statuses"]?.arrayValue?.first)
        #expect(status["pricing"] == nil && status["errors"]?.arrayValue?.first?["code"] == 131047)
    }

    @Test func aSandboxStatusForAUserIDNamesItAlone() throws {
        let (body, value) = try sandboxStatus("delivered", userID: "ZA.50837261940158372604", parent: "ZA.ENT.77120458390016624813")
        let status = try #require(value["statuses"]?.arrayValue?.first)
        #expect(status["recipient_id"] == nil)
        #expect(status["recipient_user_id"] == "ZA.50837261940158372604" && status["recipient_parent_user_id"] == "ZA.ENT.77120458390016624813")
        #expect(value["contacts"] == [["profile": ["name": "Sandbox Customer"], "user_id": "ZA.50837261940158372604", "parent_user_id": "ZA.ENT.77120458390016624813"]])
        // And wacon's own reader takes it back.
        let read = try #require(DeliveryStatusParser.parse(JSONWriter.compact(body), gateway: .meta).first)
        #expect(read.recipient == "ZA.50837261940158372604" && read.recipientUserID == "ZA.50837261940158372604" && read.pricing?.category == "service")
        let (_, noParent) = try sandboxStatus("sent", userID: "ZA.50837261940158372604")
        #expect(noParent["statuses"]?.arrayValue?.first?["recipient_parent_user_id"] == nil)
    }
}
