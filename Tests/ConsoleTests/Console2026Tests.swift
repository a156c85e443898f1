import Foundation
import Testing
@testable import Console
import Providers
import Session
import WaconTestSupport
import WhatsAppModel

/// The console speaks the 2026 API: its recipient field takes a user id and says which it read,
/// and a customer's message can be marked as read from the form or the history pane.
@Suite struct Console2026Tests {
    @Test func theRecipientFieldTakesAUserIDAndSaysSo() {
        var s = AppState(width: 120, height: 40)
        _ = press(&s, [.enter, .ctrl("u")] + typing("US.13491208655302741918") + [.enter])
        #expect(s.recipientLine == "sent as recipient: a user id (US)")
        let message = s.draft.message
        #expect(message.to == nil && message.recipient == "US.13491208655302741918")
        #expect(!s.preparation.findings.hasErrors, "\(s.preparation.findings)")
        let screen = Renderer.render(s).grid.text
        #expect(screen.contains("sent as recipient: a user id (US)") && screen.contains("\"recipient\": \"US.13491208655302741918\""), "\(screen)")
        // A parent id says so; a malformed id is explained under the field.
        _ = press(&s, [.enter, .ctrl("u")] + typing("US.ENT.11815799212886844830") + [.enter])
        #expect(s.recipientLine == "sent as recipient: a parent user id (US)")
        _ = press(&s, [.enter, .ctrl("u")] + typing("US.1349-12") + [.enter])
        let field = s.fields(.recipient)[0]
        #expect(s.findings(for: field).contains { $0.isError && $0.message.contains("letters and digits") })
        #expect(Renderer.render(s).grid.text.contains("takes only letters and digits"))
        // A gateway that sends to numbers only says it cannot carry the id.
        _ = press(&s, [.enter, .ctrl("u")] + typing("US.13491208655302741918") + [.enter])
        s.gateway = .botika
        s.refresh()
        #expect(s.preparation.findings.contains { $0.isError && $0.rule == .gatewayCapability && $0.path == "recipient" })
    }

    @Test func markReadAsksForTheIDStartingFromTheLastReply() {
        var s = AppState(width: 120, height: 40)
        _ = s.update(.flowReply("nfm_reply wamid.REPLY ← 27825550100 · response_json 2 fields", id: "wamid.REPLY"))
        _ = press(&s, [.char("m")])
        guard case .overlay(.prompt(let p))? = Optional(s.mode) else { Issue.record("\(s.mode)"); return }
        #expect(p.purpose == .markRead && p.line.text == "wamid.REPLY")
        // Enter marks it read; Ctrl-T also asks for the typing indicator.
        var typed = s
        #expect(press(&s, [.enter]) == [.send(.markRead(ReadReceipt(messageID: "wamid.REPLY"), s.profile))])
        #expect(press(&typed, [.ctrl("t")]) == [.send(.markRead(ReadReceipt(messageID: "wamid.REPLY", typing: true), typed.profile))])
        // An empty id is not sent, and says why.
        var empty = AppState(width: 120, height: 40)
        _ = press(&empty, [.char("m")])
        #expect(press(&empty, [.enter]).isEmpty)
        guard case .overlay(.prompt(let q))? = Optional(empty.mode) else { Issue.record("\(empty.mode)"); return }
        #expect(q.error?.contains("the id of a message the customer sent") == true)
    }

    @Test func theOutcomeIsSaidInTheKeyLine() {
        var s = AppState(width: 120, height: 40)
        let receipt = ReadReceipt(messageID: "wamid.REPLY", typing: true)
        let request = GatewayID.meta.gateway.readReceiptRequest(receipt, profile: s.profile)!
        func sent(_ status: Int, _ body: String) -> SessionSend {
            let response = WireResponse(status: status, headers: [("Content-Type", "application/json")], body: body)
            let exchange = WireExchange(request: request, result: .success(response), startedAt: Date(), headersAfter: .milliseconds(3), total: .milliseconds(4))
            let outcome = GatewayID.meta.gateway.decodeReadReceipt(response)
            return SessionSend(report: SendReport(gateway: .meta, profile: "meta", preparation: Preparation(findings: [], request: request),
                                                  attempts: [SendAttempt(exchange: exchange, outcome: outcome)]))
        }
        _ = s.update(.markedRead(sent(200, #"{"success":true}"#), receipt))
        #expect(s.notice?.role == .success && s.notice?.text.contains("marked wamid.REPLY read, typing indicator shown") == true, "\(String(describing: s.notice))")
        _ = s.update(.markedRead(sent(400, #"{"error":{"message":"(#131009) Parameter value is not valid","type":"OAuthException","code":131009}}"#), receipt))
        #expect(s.notice?.role == .error && s.notice?.text.contains("131009") == true)
    }
}

/// Templates from the profile's library, picked from the palette.
@Suite struct TemplatePickTests {
    static func library() throws -> TemplateLibrary {
        let dir = packageRoot.appendingPathComponent("Tests/Corpus/templates")
        var items: [JSONValue] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".json") {
            items.append(try JSONParser.parse(Array(try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8).utf8)))
        }
        return try TemplateLibrary(json: .array(items))
    }

    @Test func pickingATemplateFillsItInFromItsDefinition() throws {
        var meta = Profile.builtIn(.meta)
        meta.templates = try Self.library()
        var s = AppState(width: 120, height: 50, profiles: [meta] + GatewayID.allCases.filter { $0 != .meta }.map(Profile.builtIn))
        _ = press(&s, [.ctrl("p")] + typing("template: order_update") + [.enter])
        // The form is the template's: one field per value, each from the template's example.
        #expect(s.draft.kind == .template && s.templateDefinition != nil)
        #expect(s.fields(.content).map(\.label) == ["name", "language", "header link", "{{1}}", "{{2}}", "button 0 suffix"])
        guard case .template(let t)? = s.previewMessage?.content else { Issue.record("\(String(describing: s.previewMessage))"); return }
        #expect(t.name == "order_update" && t.languageCode == "en_US" && s.draft.to == "+27 82 555 0100")
        #expect(!s.preparation.findings.hasErrors, "filled from its own definition, it checks clean: \(s.preparation.findings)")
        #expect(Renderer.render(s).grid.text.contains("Hi Priya, your order WC-20417 has shipped"))
        // The header's link and the first name, edited in the form, go out and show.
        _ = press(&s, [.enter, .ctrl("u")] + typing("https://cdn.example.com/parcel.jpg") + [.enter, .down, .enter, .ctrl("u")] + typing("Thandi") + [.enter])
        let request = String(decoding: try #require(s.preparation.request).body, as: UTF8.self)
        #expect(request.contains("https://cdn.example.com/parcel.jpg") && request.contains("\"Thandi\""), "\(request)")
        #expect(Renderer.render(s).grid.text.contains("Hi Thandi, your order WC-20417"))
        // A value emptied is not filled in for the user: the findings say what is missing.
        _ = press(&s, [.enter, .ctrl("u"), .enter])
        #expect(s.preparation.findings.hasErrors)
    }
}

/// The bubble: the message as the customer's phone shows it, under the request.
@Suite struct BubbleTests {
    @Test func textIsShownWithWhatsAppsFormatting() throws {
        let m = try OutboundMessage.parse(#"{"messaging_product":"whatsapp","to":"+27825550100","type":"text","text":{"body":"Order *4471* ships _today_\n~was Monday~"}}"#)
        let lines = Bubble.lines(m)
        #expect(lines.count == 2)
        #expect(lines[0].map { String($0.0) } == ["Order ", "4471", " ships ", "today"])
        #expect(lines[0][1].1.bold && lines[0][3].1.italic && !lines[0][0].1.bold)
        #expect(lines[1].map { String($0.0) } == ["was Monday"] && lines[1][0].1.role == .muted)
    }

    @Test func interactiveMessagesShowTheirParts() throws {
        let m = try OutboundMessage.parse(#"{"messaging_product":"whatsapp","to":"+27825550100","type":"interactive","interactive":{"type":"voice_call","body":{"text":"Call us"},"action":{"name":"voice_call","parameters":{"display_text":"Ring"}}}}"#)
        #expect(Bubble.lines(m).map { $0.map { String($0.0) }.joined() } == ["Call us", "☎ Ring"])
    }

    @Test func aTemplateIsShownFilledInFromItsDefinition() throws {
        let json = try JSONParser.parse(Array(try String(contentsOf: packageRoot.appendingPathComponent("Tests/Corpus/templates/order_update.en_US.json"), encoding: .utf8).utf8))
        let library = try TemplateLibrary(json: json)
        let definition = try #require(library.definition(name: "order_update", language: "en_US"))
        let m = OutboundMessage(to: "+27825550100", content: .template(definition.message(parameters: ["1": "Thandi", "2": "WC-1"])))
        let text = Bubble.lines(m, templates: library).map { $0.map { String($0.0) }.joined() }
        #expect(text == ["[image]", "Hi Thandi, your order WC-1 has shipped and is on its way. Track it any time with the button below.",
                         "Reply STOP to opt out", "▸ Track order", "▸ Talk to us"], "\(text)")
        // Without the library: the parameters.
        #expect(Bubble.lines(m).first.map { $0.map { String($0.0) }.joined() } == "template order_update (en_US)")
    }

    @Test func thePreviewDrawsTheBubbleUnderTheRequest() {
        var s = AppState(width: 120, height: 60)
        _ = press(&s, [.tab, .tab, .enter, .ctrl("u")] + typing("Hi *there*") + [.enter])
        let text = Renderer.render(s).grid.text
        #expect(text.contains("As the customer sees it") && text.contains("│ Hi there"), "\(text)")
    }
}
