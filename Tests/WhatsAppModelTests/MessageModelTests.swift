import Foundation
import Testing
@testable import WhatsAppModel

@Suite struct MessageModelTests {
    @Test func everyExampleRoundTripsUnchanged() throws {
        let files = try exampleFiles()
        #expect(files.count >= 25)
        var kinds = Set<MessageKind>()
        for file in files {
            let original = try JSONParser.parse(Array(try Data(contentsOf: file)))
            let message = try OutboundMessage(json: original)
            kinds.insert(message.kind)
            #expect(message.json == original, "\(file.lastPathComponent) changed in the round trip")
            // And the canonical output reads back to the same model.
            #expect(try OutboundMessage(json: message.json) == message)
        }
        // The samples cover every kind the model knows.
        #expect(kinds == Set(MessageKind.allCases), "missing samples for \(Set(MessageKind.allCases).subtracting(kinds))")
    }

    @Test func unknownFieldsAreKeptAndReportedWithTheirPath() throws {
        let text = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"text","text":{"body":"hi","preview_ur1":true},"brand_new":{"x":1}}"#
        let value = try JSONParser.parse(text)
        let m = try OutboundMessage(json: value)
        #expect(m.json == value)
        let unknown = MessageValidator.validate(m).filter { $0.rule == .unknownField }.map(\.path.description)
        #expect(Set(unknown) == ["text.preview_ur1", "brand_new"])
    }

    @Test func otherInteractiveKindsPassThroughWithAWarning() throws {
        let text = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"order_status","body":{"text":"x"},"action":{"name":"review_order","parameters":{"reference_id":"r1","order":{"status":"shipped"}}}}}"#
        let value = try JSONParser.parse(text)
        let m = try OutboundMessage(json: value)
        #expect(m.kind == .otherInteractive)
        #expect(m.json == value)
        let findings = MessageValidator.validate(m).verdicts
        #expect(findings.count == 1)
        #expect(findings.first?.severity == .warning)
        #expect(findings.first?.rule == .notChecked)
    }

    @Test func unknownTypeListsTheKnownOnes() throws {
        #expect {
            try OutboundMessage.parse(#"{"to":"+27123456789","type":"carousel","carousel":{}}"#)
        } throws: { error in
            guard case .structure(let e) = error as? MessageFileError else { return false }
            return e.path == "type" && e.reason.contains("carousel") && e.reason.contains("template") && e.reason.contains("interactive")
        }
    }

    @Test func wrongJSONTypesNameTheFieldPath() throws {
        #expect {
            try OutboundMessage.parse(#"{"to":"+27123456789","type":"interactive","interactive":{"type":"button","body":{"text":"b"},"action":{"buttons":[{"type":"reply","reply":{"id":"a","title":7}}]}}}"#)
        } throws: { error in
            guard case .structure(let e) = error as? MessageFileError else { return false }
            return e.path == "interactive.action.buttons[0].reply.title" && e.reason == "expected a string, found a number"
        }
    }

    @Test func syntaxErrorsInMessageFilesCarryLineAndColumn() {
        #expect {
            try OutboundMessage.parse("{\n  \"to\": \"+27123456789\",\n  \"type\": \"text\"\n  \"text\": {}\n}")
        } throws: { error in
            guard case .syntax(let e) = error as? MessageFileError else { return false }
            return e.line == 4 && e.column == 3
        }
    }

    @Test func builtMessagesEncodeToMetaShape() throws {
        let m = OutboundMessage(to: "+27123456789", content: .interactive(InteractiveContent(
            header: .text("Hi"), body: "Pick one", action: .buttons(ReplyButtonsAction(buttons: [ReplyButton(id: "y", title: "Yes")])))),
            replyTo: "wamid.1")
        let expected = try JSONParser.parse(#"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"+27123456789","context":{"message_id":"wamid.1"},
             "type":"interactive","interactive":{"type":"button","header":{"type":"text","text":"Hi"},"body":{"text":"Pick one"},
             "action":{"buttons":[{"type":"reply","reply":{"id":"y","title":"Yes"}}]}}}
            """#)
        #expect(m.json == expected)
        #expect(MessageValidator.validate(m).isEmpty)
    }
}
