import Foundation
import Testing
@testable import Providers
import WaconTestSupport
import WhatsAppModel

/// The body of one corpus file (`Tests/Corpus/<gateway>/<name>.json`), and its `url_path`.
func corpusFile(_ gateway: GatewayID, _ name: String) throws -> (body: JSONValue, path: String?) {
    let url = packageRoot.appendingPathComponent("Tests/Corpus/\(gateway.rawValue)/\(name).json")
    let file = try JSONParser.parse(Array(try #require(FileManager.default.contents(atPath: url.path))))
    return (try #require(file["body"]), file["url_path"]?.stringValue)
}

/// A message read from Meta-format JSON text, with the envelope members every message file has
/// (`messaging_product`, `recipient_type`), so findings are about the content.
func metaMessage(_ text: String) throws -> OutboundMessage {
    var m = try OutboundMessage.parse(text)
    m.messagingProduct = "whatsapp"
    m.recipientType = "individual"
    return m
}

/// Botika's documented kinds beyond text, flow and template: written from Meta's message as the
/// vendor's examples show them, and read back.
@Suite struct BotikaShapesTests {
    let botika = BotikaGateway()
    let profile = Profile.builtIn(.botika)

    func body(_ m: OutboundMessage) -> JSONValue { botika.encode(m, profile: profile, options: .init()).bodyJSON }

    @Test func contactsAreAFlatNameAndPhone() throws {
        let m = try metaMessage(#"{"to": "+6281234567890", "context": {"message_id": "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSMkY4QTlCMUMzRDRFNUY2QTcA"}, "type": "contacts", "contacts": [{"name": {"formatted_name": "Siti Rahma"}, "phones": [{"phone": "+6281298765432"}]}, {"name": {"formatted_name": "Toko Batik CS"}, "phones": [{"phone": "+622150001234"}]}]}"#)
        #expect(body(m) == (try corpusFile(.botika, "contacts-flat")).body)
        #expect(botika.messageFindings(m, profile: profile).errors.isEmpty)
        let read = try botika.read(body: try corpusFile(.botika, "contacts-flat").body, path: "/api/whatsapp/v1/messages")
        guard case .contacts(let cards) = read.message.content else { Issue.record("\(read.message.content)"); return }
        #expect(cards.map(\.name.formattedName) == ["Siti Rahma", "Toko Batik CS"])
        #expect(cards.map { $0.phones?.first?.fields["phone"] } == ["+6281298765432", "+622150001234"])
    }

    @Test func aCardWithMoreThanANameAndOnePhoneIsRefusedNamingWhatIsLost() throws {
        let m = try metaMessage(#"{"to": "+6281234567890", "type": "contacts", "contacts": [{"name": {"formatted_name": "Siti Rahma", "first_name": "Siti"}, "phones": [{"phone": "+6281298765432", "type": "CELL"}, {"phone": "+622150001234"}], "emails": [{"email": "siti@example.com"}], "org": {"company": "Toko Batik"}, "birthday": "1990-01-31"}, {"name": {"formatted_name": "No Phone"}}]}"#)
        let f = botika.messageFindings(m, profile: profile)
        for path in ["contacts[0].phones", "contacts[0].emails", "contacts[0].org", "contacts[0].birthday"] {
            let e = try #require(f.first { $0.path.description == path }, "\(path)")
            #expect(e.isError && e.rule == .gatewayCapability && e.message.contains("would be lost"), "\(e)")
        }
        #expect(f.contains { $0.path == "contacts[1].phones" && $0.isError && $0.rule == .required })
        // Name parts and the phone's type are advice: the card still shows the name and number.
        #expect(f.contains { $0.path == "contacts[0].name" && $0.severity == .warning && $0.message.contains("first_name") })
        #expect(f.contains { $0.path == "contacts[0].phones[0]" && $0.severity == .warning && $0.message.contains("type") })
        #expect(body(m)["contacts"]?.arrayValue?.first == ["name": "Siti Rahma", "phone": "+6281298765432"])
    }

    /// Botika's template body is values by position: a named parameter would lose its name.
    @Test func aNamedTemplateParameterIsRefused() throws {
        let named = try metaMessage(#"{"to": "+6281234567890", "type": "template", "template": {"name": "order", "language": {"code": "en"}, "components": [{"type": "body", "parameters": [{"type": "text", "parameter_name": "customer_name", "text": "John"}]}]}}"#)
        let e = try #require(botika.messageFindings(named, profile: profile).first { $0.rule == .gatewayCapability })
        #expect(e.isError && e.path.description == "template.components[0].parameters[0].parameter_name", "\(e)")
        let positional = try metaMessage(#"{"to": "+6281234567890", "type": "template", "template": {"name": "order", "language": {"code": "en"}, "components": [{"type": "body", "parameters": [{"type": "text", "text": "John"}]}]}}"#)
        #expect(botika.messageFindings(positional, profile: profile).errors.isEmpty)
    }

    @Test func reactionsNameTheMessageID() throws {
        let m = try metaMessage(#"{"to": "+6281234567890", "type": "reaction", "reaction": {"message_id": "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSMkY4QTlCMUMzRDRFNUY2QTcA", "emoji": "😁"}}"#)
        #expect(body(m) == (try corpusFile(.botika, "reaction-id")).body)
        let read = try botika.read(body: body(m), path: "/api/whatsapp/v1/messages")
        #expect(read.message.content == m.content)
    }

    @Test(arguments: ["document-by-id", "document-by-link", "sticker-by-id", "sticker-by-link"])
    func mediaIsMetasObjectByIDOrLink(_ name: String) throws {
        let documented = try corpusFile(.botika, name).body
        let read = try botika.read(body: documented, path: "/api/whatsapp/v1/messages")
        guard case .media(let kind, let media) = read.message.content else { Issue.record("\(read.message.content)"); return }
        #expect(name.hasPrefix(kind.rawValue))
        #expect((media.id != nil) == name.hasSuffix("by-id"))
        #expect(botika.messageFindings(read.message, profile: profile).errors.isEmpty)
        #expect(body(read.message) == documented)
    }

    @Test func imageVideoAndAudioFollowTheSamePattern() throws {
        for kind in [MediaKind.image, .video, .audio] {
            let m = OutboundMessage(to: "+6281234567890", content: .media(kind, MediaObject(id: "1742239058810467")))
            #expect(body(m) == ["to": "+6281234567890", "type": .string(kind.rawValue), .init(stringLiteral: kind.rawValue): ["id": "1742239058810467"]])
            #expect(botika.messageFindings(m, profile: profile).errors.isEmpty, "\(kind)")
        }
    }

    @Test func locationCoordinatesAreSentAsStrings() throws {
        let m = try metaMessage(#"{"to": "+6281234567890", "type": "location", "location": {"latitude": -6.1753924, "longitude": 106.8271528, "name": "Toko Batik Menteng"}}"#)
        #expect(body(m)["location"] == ["latitude": "-6.1753924", "longitude": "106.8271528", "name": "Toko Batik Menteng"])
        let notes = botika.messageFindings(m, profile: profile).notes
        #expect(notes.map(\.path.description).sorted() == ["location.latitude", "location.longitude"])
        // Strings, as documented, go as they came, without a note.
        let documented = try corpusFile(.botika, "location-strings").body
        let read = try botika.read(body: documented, path: "/api/whatsapp/v1/messages")
        #expect(body(read.message) == documented)
        #expect(botika.messageFindings(read.message, profile: profile).notes.filter { $0.path.description.hasPrefix("location") }.isEmpty)
    }

    @Test func aDataExchangeFlowKeepsItsScreenAndOneWithoutIsACapabilityError() throws {
        let documented = try corpusFile(.botika, "flow-data-exchange-media-header").body
        let read = try botika.read(body: documented, path: "/api/whatsapp/v1/messages")
        #expect(body(read.message) == documented)
        #expect(botika.messageFindings(read.message, profile: profile).errors.isEmpty)
        guard case .interactive(var i) = read.message.content, case .flow(var f) = i.action else { Issue.record("not a flow"); return }
        f.screen = nil
        f.hasPayload = false
        i.action = .flow(f)
        var noScreen = read.message
        noScreen.content = .interactive(i)
        let e = try #require(botika.messageFindings(noScreen, profile: profile).first { $0.path.description.hasSuffix("flow_action_payload.screen") })
        #expect(e.isError && e.rule == .gatewayCapability)
    }

    @Test func anUnknownTypeNamesEveryTypeBotikaTakes() throws {
        let error = #expect(throws: MessageDecodingError.self) {
            try botika.read(body: ["to": "+6281234567890", "type": "poll", "poll": [:]], path: "/api/whatsapp/v1/messages")
        }
        for type in ["contacts", "reaction", "document", "sticker", "location", "image"] { #expect(error?.reason.contains(type) == true, "\(type)") }
    }
}

/// Zixflow's template send and its address path.
@Suite struct ZixflowShapesTests {
    let zixflow = ZixflowGateway()

    var profile: Profile {
        var p = Profile.builtIn(.zixflow)
        p.phoneID = "118204967735201"
        return p
    }

    @Test func aNamedTemplateGoesToTheTemplateSendAsVariables() throws {
        let m = try metaMessage(#"{"to": "+919876543210", "type": "template", "template": {"name": "order_dispatched", "language": {"code": "en"}, "components": [{"type": "body", "parameters": [{"type": "text", "parameter_name": "customer_name", "text": "Anita"}, {"type": "text", "parameter_name": "order_id", "text": "ORD-55821"}]}]}}"#)
        let options = VendorOptions(["post_back_url": "https://hooks.chaiwala.in/zixflow/status", "post_back_data": "tpl-55821"])
        let request = zixflow.encode(m, profile: profile, options: options)
        let documented = try corpusFile(.zixflow, "template-variables")
        #expect(request.url == ZixflowGateway.defaultBaseURL + (documented.path ?? ""))
        #expect(request.bodyJSON == documented.body)
        #expect(zixflow.messageFindings(m, profile: profile, options: options).errors.isEmpty)
        let read = try zixflow.read(body: documented.body, path: try #require(documented.path))
        #expect(read.message.content == m.content)
        #expect(read.options == options)
        #expect(read.notes.isEmpty)
    }

    @Test func aTemplateWithoutLanguageSaysWhatWaconSends() throws {
        let documented = try corpusFile(.zixflow, "template-minimal")
        let read = try zixflow.read(body: documented.body, path: try #require(documented.path))
        guard case .template(let t) = read.message.content else { Issue.record("\(read.message.content)"); return }
        #expect(t.name == "hello_world")
        #expect(t.languageCode == ZixflowGateway.assumedLanguage)
        #expect(t.components == nil)
        let note = try #require(read.notes.first)
        #expect(note.path == "language" && note.severity == .note)
        #expect(zixflow.encode(read.message, profile: profile, options: read.options).bodyJSON["language"] == .string(ZixflowGateway.assumedLanguage))
    }

    @Test func whatTheTemplateSendCannotHoldIsACapabilityErrorNamingIt() throws {
        let m = try metaMessage(#"{"to": "+919876543210", "type": "template", "template": {"name": "promo", "language": {"code": "en_US", "policy": "deterministic"}, "components": [{"type": "header", "parameters": [{"type": "image", "image": {"link": "https://cdn.example.com/p.jpg"}}]}, {"type": "body", "parameters": [{"type": "text", "text": "Anita"}, {"type": "text", "parameter_name": "code", "text": "A1"}, {"type": "text", "parameter_name": "code", "text": "A2"}]}, {"type": "button", "sub_type": "quick_reply", "index": "0", "parameters": [{"type": "payload", "payload": "STOP"}]}]}}"#)
        let f = zixflow.messageFindings(m, profile: profile)
        func error(_ path: String) -> Finding? { f.first { $0.path.description == path && $0.isError && $0.rule == .gatewayCapability } }
        #expect(error("template.components[0].parameters[0]")?.message.contains("header image") == true)
        #expect(error("template.components[1].parameters[0]")?.message.contains("positional") == true)
        #expect(error("template.components[1].parameters[2].parameter_name")?.message.contains("\"code\"") == true)
        #expect(error("template.components[2]")?.message.contains("quick_reply") == true)
        #expect(f.contains { $0.path == "template.language.policy" && $0.severity == .warning })
    }

    @Test func bothPathPrefixesAreReadAndTheCurrentOneIsSent() throws {
        let legacy = try corpusFile(.zixflow, "text-legacy-ingestion-path")
        let read = try zixflow.read(body: legacy.body, path: try #require(legacy.path))
        #expect(read.message.kind == .text)
        #expect(zixflow.encode(read.message, profile: profile, options: read.options).url.hasSuffix("/api/ingest/whatsapp/v1/message/text/send"))
        #expect(throws: MessageDecodingError.self) { try zixflow.read(body: legacy.body, path: "/api/other/whatsapp/v1/message/text/send") }
        // The template send is not under /message/.
        #expect(throws: MessageDecodingError.self) { try zixflow.read(body: legacy.body, path: "/api/ingest/whatsapp/v1/message/template/send") }
    }

    @Test func theAddressMessageHasItsOwnPath() throws {
        let documented = try corpusFile(.zixflow, "address-message")
        let read = try zixflow.read(body: documented.body, path: try #require(documented.path))
        #expect(read.message.kind == .addressMessage)
        #expect(zixflow.messageFindings(read.message, profile: profile, options: read.options).errors.isEmpty)
        let request = zixflow.encode(read.message, profile: profile, options: read.options)
        #expect(request.url.hasSuffix("/api/ingest/whatsapp/v1/message/interactive/address/send"))
        #expect(request.bodyJSON == documented.body)
        // Another pass-through interactive type has no Zixflow endpoint wacon knows.
        let order = try #require(samples[.otherInteractive])
        #expect(zixflow.messageFindings(order, profile: profile).contains { $0.path == "interactive.type" && $0.isError && $0.rule == .gatewayCapability })
    }
}

/// FlowIQ's reply buttons, whose ids are optional.
@Suite struct FlowIQShapesTests {
    @Test func aButtonWithoutIDTakesItsTitleAndTheReaderSaysSo() throws {
        let flowiq = FlowIQGateway()
        let documented = try corpusFile(.flowiq, "buttons-without-ids").body
        let read = try flowiq.read(body: documented, path: "/send-whatsapp")
        guard case .interactive(let i) = read.message.content, case .buttons(let a) = i.action else { Issue.record("not buttons"); return }
        #expect(a.buttons.map(\.id) == ["Yes, all good", "Not yet"])
        #expect(read.notes.map(\.path.description) == ["interactive.buttons[0].id", "interactive.buttons[1].id"])
        #expect(read.notes.allSatisfy { $0.severity == .note })
        #expect(flowiq.messageFindings(read.message, profile: .builtIn(.flowiq)).errors.isEmpty)
        let sent = flowiq.encode(read.message, profile: .builtIn(.flowiq), options: .init()).bodyJSON
        #expect(sent["interactive"]?["buttons"] == [["id": "Yes, all good", "title": "Yes, all good"], ["id": "Not yet", "title": "Not yet"]])
        // Buttons that have ids are read as they are, without notes.
        let withIDs = try flowiq.read(body: try corpusFile(.flowiq, "buttons-minimal").body, path: "/send-whatsapp")
        #expect(withIDs.notes.isEmpty)
    }
}
