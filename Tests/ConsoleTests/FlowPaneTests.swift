import Foundation
import Testing
@testable import Console
import Providers
import WhatsAppModel

let appointmentPath = snapshotDir.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/flows/appointment.json").path

/// The flow message form with examples/flows/appointment.json loaded, as the runtime would
/// after the `.flow(.load)` effect.
func flowState(width: Int = 80, height: Int = 24) throws -> AppState {
    var s = AppState(width: width, height: height)
    s.draft.kind = .flow
    s.draft.to = "+27123456789"
    s.draft.body = "Book your visit"
    s.draft.flowCTA = "Book now"
    s.draft.flowToken = "tok-snapshot"  // a fixed token: loading makes one only when there is none
    s.focus = .content
    let doc = try FlowDocument.load(path: appointmentPath)
    _ = s.update(.flowLoaded(LoadedFlow(path: "examples/flows/appointment.json", document: doc, lint: FlowLinter.lint(doc), sandboxID: "1234567890123456")))
    return s
}

@Suite struct FlowPaneTests {
    @Test func loadingAFlowOpensTheEntryScreenWithItsExamples() throws {
        let s = try flowState()
        #expect(s.draft.flowScreen == "APPOINTMENT")
        #expect(s.draft.flowID == "1234567890123456")
        #expect(s.draft.flowToken == "tok-snapshot", "a token already set is kept")
        let data = try #require(try JSONParser.parse(s.draft.flowData).objectValue)
        #expect(data["customer_name"] == "Thandi Mokoena")
        #expect(data["departments"]?.arrayValue?.count == 4)
        let ids = s.fields(.flow).map(\.id)
        #expect(ids.contains(.flowDataMember("customer_name")) && ids.contains(.flowDataMember("departments")))
        // The screen is a choice among the Flow's screens only.
        let screen = try #require(s.fields(.flow).first { $0.id == .flowScreen })
        #expect(screen.kind == .choice(["APPOINTMENT", "DETAILS", "SUMMARY"]))
        #expect(!s.preparation.findings.hasErrors, "\(s.preparation.findings)")
        // The same form feeds Meta's flow_action_payload.
        let body = s.preparation.request?.bodyJSON
        #expect(body?["interactive"]?["action"]?["parameters"]?["flow_action_payload"]?["screen"] == "APPOINTMENT")
        #expect(body?["interactive"]?["action"]?["parameters"]?["flow_action_payload"]?["data"]?["customer_name"] == "Thandi Mokoena")
    }

    @Test func pickingAScreenSwapsTheDataFormAndTypedFieldsAreChecked() throws {
        var s = try flowState()
        s.focus = .flow
        s.row[.flow] = s.fields(.flow).firstIndex { $0.id == .flowScreen }
        _ = press(&s, [.right])
        #expect(s.draft.flowScreen == "DETAILS")
        #expect(s.fields(.flow).contains { $0.id == .flowDataMember("time_slot") })
        #expect(!s.fields(.flow).contains { $0.id == .flowDataMember("departments") })
        // Typing into a data field edits that member only.
        s.row[.flow] = s.fields(.flow).firstIndex { $0.id == .flowDataMember("department") }
        _ = press(&s, [.enter, .ctrl("u")] + typing("eye") + [.enter])
        let data = try #require(try JSONParser.parse(s.draft.flowData).objectValue)
        #expect(data["department"] == "eye" && data["time_slot"] == "morning")
        // SUMMARY declares a boolean: text that is not one shows as a finding on that member.
        _ = s.update(.key(.escape))
        s.chooseFlowScreen("SUMMARY")
        s.setFlowDataValue("reminder", "maybe")
        s.recompute()
        let f = s.preparation.findings.filter { $0.path.description.hasSuffix("flow_action_payload.data.reminder") }
        #expect(f.contains { $0.isError }, "\(s.preparation.findings)")
        s.setFlowDataValue("reminder", "true")
        s.recompute()
        #expect(!s.preparation.findings.contains { $0.path.description.hasSuffix("data.reminder") && $0.isError })
    }

    @Test func aScreenTheFlowDoesNotHaveIsAnError() throws {
        var s = try flowState()
        s.draft.flowScreen = "NOWHERE"
        s.recompute()
        #expect(s.preparation.findings.contains { $0.isError && $0.path.description.hasSuffix("flow_action_payload.screen") })
    }

    @Test func theFlowFileIsReadWhenItsPathIsDoneAndTokensRegenerate() throws {
        var s = AppState(width: 80, height: 24)
        s.draft.kind = .flow
        s.focus = .flow
        s.row[.flow] = s.fields(.flow).firstIndex { $0.id == .flowFile }
        let typed = press(&s, [.enter] + typing("flows/a.json"))
        // Each keystroke is kept as the draft; none loads the file.
        #expect(!typed.contains { if case .flow = $0 { true } else { false } }, "no load on every keystroke")
        #expect(press(&s, [.enter]) == [.flow(.load("flows/a.json"))])
        // Loading into a draft without a token makes one; `n` makes another.
        let doc = try FlowDocument.load(path: appointmentPath)
        _ = s.update(.flowLoaded(LoadedFlow(path: "a.json", document: doc, lint: [])))
        let before = s.draft.flowToken
        #expect(before.hasPrefix("wacon-") && before.count > 8)
        _ = press(&s, [.char("n")])
        #expect(s.draft.flowToken != before && s.draft.flowToken.hasPrefix("wacon-"))
    }

    /// Walks APPOINTMENT → DETAILS → SUMMARY with keys, as a person would.
    @Test func walkingTheFlowWithKeysCompletesWithTheTokenAndEveryAnswer() throws {
        var s = try flowState()
        _ = press(&s, [.char("w")])
        guard case .flowWalk(let v)? = s.mode.overlay else { Issue.record("no walk"); return }
        #expect(v.walk.screenID == "APPOINTMENT")
        #expect(v.focusables.map(\.type) == ["Dropdown", "DatePicker", "RadioButtonsGroup", "Footer"])
        // Footer first: the required inputs stop it and the cursor goes to the first of them.
        _ = press(&s, [.backTab, .enter])
        guard case .flowWalk(let v1)? = s.mode.overlay else { Issue.record("the walk closed"); return }
        #expect(v1.issues["department"] == "is required" && v1.focus == 0)
        // Department: → picks the first option, → again the second.
        _ = press(&s, [.right, .right, .tab] + typing("2026-12-03") + [.tab, .char(" "), .tab, .enter])
        guard case .flowWalk(let v2)? = s.mode.overlay else { Issue.record("the walk closed"); return }
        #expect(v2.walk.screenID == "DETAILS", "\(String(describing: v2.message))")
        #expect(v2.walk.data["department"] == "dental" && v2.walk.data["time_slot"] == "morning" && v2.walk.data["date"] == "2026-12-03")
        // Details: name, a bad email first, then a good one; the opt-in.
        _ = press(&s, typing("Thandi M") + [.tab] + typing("thandi@") + [.tab, .tab, .tab, .char(" "), .tab, .enter])
        guard case .flowWalk(let v3)? = s.mode.overlay else { Issue.record("the walk closed"); return }
        #expect(v3.issues["email"] == "is not an email address" && v3.walk.screenID == "DETAILS")
        _ = press(&s, typing("example.com"))
        s.mode.overlay.map { if case .flowWalk(var v) = $0 { v.focus = v.focusables.count - 1; s.mode = .overlay(.flowWalk(v)) } }
        _ = press(&s, [.enter])
        guard case .flowWalk(let v4)? = s.mode.overlay else { Issue.record("the walk closed"); return }
        #expect(v4.walk.screenID == "SUMMARY")
        _ = press(&s, [.enter])
        guard case .flowWalk(let v5)? = s.mode.overlay, let response = v5.walk.completion else { Issue.record("not completed"); return }
        #expect(response["flow_token"] == .string(s.draft.flowToken))
        #expect(response["email"] == "thandi@example.com" && response["full_name"] == "Thandi M" && response["reminder"] == true)
        #expect(response["phone"] == nil, "an optional input left empty is not sent")
        // Without an accepted send there is nothing to answer.
        _ = press(&s, [.enter])
        guard case .flowWalk(let v6)? = s.mode.overlay else { Issue.record("the walk closed"); return }
        #expect(v6.message?.role == .warning)
        // With one, Enter asks the sandbox to complete it.
        s.mode = .overlay(.flowWalk({ var v = v6; v.messageID = "wamid.X"; return v }()))
        #expect(press(&s, [.enter]) == [.flow(.complete(messageID: "wamid.X", response: response))])
        _ = s.update(.flowReply("nfm_reply wamid.R ← 27123456789 · response_json 9 fields", id: "wamid.R"))
        guard case .flowWalk(let v7)? = s.mode.overlay else { Issue.record("the walk closed"); return }
        #expect(v7.reply?.hasPrefix("nfm_reply") == true)
    }

    @Test func theFlowScreensPaneRenders() throws {
        for (w, h) in [(80, 24), (120, 40)] {
            var s = try flowState(width: w, height: h)
            s.focus = .flow
            s.row[.flow] = 2  // a data field: the pane says its declared type and example
            try assertSnapshot(Renderer.render(s).grid, "flow-screens-pane-\(w)x\(h)")
        }
    }

    @Test func walkScreensRenderAsAPhoneShowsThem() throws {
        for (w, h) in [(80, 24), (120, 40)] {
            var s = try flowState(width: w, height: h)
            _ = press(&s, [.char("w"), .right, .tab] + typing("2026-12-03") + [.tab, .char(" ")])
            try assertSnapshot(Renderer.render(s).grid, "flow-walk-appointment-\(w)x\(h)")
            _ = press(&s, [.tab, .enter] + typing("Thandi M") + [.tab] + typing("thandi@example.com"))
            try assertSnapshot(Renderer.render(s).grid, "flow-walk-details-\(w)x\(h)")
            guard case .flowWalk(var v)? = s.mode.overlay else { Issue.record("the walk closed"); return }
            v.focus = v.focusables.count - 1
            s.mode = .overlay(.flowWalk(v))
            _ = press(&s, [.enter])
            try assertSnapshot(Renderer.render(s).grid, "flow-walk-summary-\(w)x\(h)")
            _ = press(&s, [.enter])
            try assertSnapshot(Renderer.render(s).grid, "flow-walk-completed-\(w)x\(h)")
        }
    }
}

@Suite struct FlowFormGatewayTests {
    /// One form feeds Kaleyra's flow_action_payload and Botika's flow.screen / param.
    @Test func theSameFormFeedsKaleyraAndBotika() throws {
        var s = try flowState()
        s.chooseFlowScreen("DETAILS")
        s.gateway = .kaleyra
        s.recompute()
        let kaleyra = try #require(s.preparation.request?.bodyJSON)
        let payload = kaleyra["messaging_object"]?["interactive"]?["action"]?["parameters"]?["flow_action_payload"]
        #expect(payload?["screen"] == "DETAILS" && payload?["data"]?["time_slot"] == "morning", "\(kaleyra)")
        s.gateway = .botika
        s.draft.flowData = ""  // Botika's flow object has no field for first-screen data
        s.recompute()
        let botika = try #require(s.preparation.request?.bodyJSON)
        #expect(botika["flow"]?["screen"] == "DETAILS" && botika["flow"]?["token"] == "tok-snapshot")
        #expect(botika["flow"]?["param"]?["body"] == "Book your visit")
        // With data, Botika cannot carry it: a finding, not a silent drop.
        s.draft.flowData = #"{"customer_name":"Sipho"}"#
        s.recompute()
        #expect(s.preparation.findings.contains { $0.isError && $0.path.description.contains("flow_action_payload.data") })
    }
}

@Suite struct TemplateFlowButtonFormTests {
    @Test func aTemplateWithAFlowButtonOpensIntoTheFormAndWalks() throws {
        let url = URL(fileURLWithPath: appointmentPath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("template-flow.json")
        let message = try OutboundMessage.parse(try String(contentsOf: url, encoding: .utf8))
        var s = AppState(width: 80, height: 24)
        _ = s.update(.opened(Draft.opening(message), .meta, profile: nil, from: "template-flow.json"))
        #expect(s.draft.kind == .template && s.draft.templateFlowButton)
        #expect(s.draft.templateFlowToken == "appt-27123456789-5d21c0e4")
        #expect(s.draft.message.json == message.json)
        #expect(s.fields(.content).map(\.id).contains(.templateFlowData))
        #expect(s.panes.contains(.flow) && s.fields(.flow).map(\.id) == [.flowFile])
        // A bad flow_action_data is pointed at, on the button's own path.
        s.draft.templateFlowData = "[1]"
        s.recompute()
        #expect(s.preparation.findings.contains { $0.isError && $0.path.description == "template.components[1].parameters[0].action.flow_action_data" },
                "\(s.preparation.findings)")
        // Walking a template's flow opens the entry screen with flow_action_data and its token.
        s.draft.templateFlowData = #"{"customer_name":"Sipho","departments":[{"id":"x","title":"X-ray"}]}"#
        let doc = try FlowDocument.load(path: appointmentPath)
        _ = s.update(.flowLoaded(LoadedFlow(path: "a.json", document: doc, lint: [])))
        s.focus = .content
        _ = press(&s, [.char("w")])
        guard case .flowWalk(let v)? = s.mode.overlay else { Issue.record("no walk"); return }
        #expect(v.walk.screenID == "APPOINTMENT" && v.walk.flowToken == "appt-27123456789-5d21c0e4")
        #expect(v.walk.options(of: v.walk.inputs[0]).map(\.title) == ["X-ray"])
        // Turning the button off takes the component out.
        _ = s.update(.key(.escape))
        s.set(.templateFlowButton, "off")
        s.recompute()
        guard case .template(let t) = s.draft.message.content else { Issue.record("not a template"); return }
        #expect(t.components?.contains { $0.type == "button" } != true)
    }
}

@Suite struct FlowLintViewTests {
    @Test func lintFindingsAreListedWithLineAndColumn() throws {
        var s = try flowState()
        let broken = #"{"version":"7.3","screens":[{"id":"SUCCESS","layout":{"type":"SingleColumnLayout","children":[]}}]}"#
        let doc = try FlowDocument.parse(Array(broken.utf8))
        _ = s.update(.flowLoaded(LoadedFlow(path: "broken.json", document: doc, lint: FlowLinter.lint(doc))))
        #expect(s.notice?.role == .warning)
        _ = press(&s, [.char("L")])
        guard case .lines(let title, let lines, _)? = s.mode.overlay else { Issue.record("no lint view"); return }
        #expect(title == "Flow lint")
        #expect(lines.contains { $0.0.hasPrefix("1:") && $0.0.contains("SUCCESS") && $0.1 == .error }, "\(lines.map(\.0))")
        // The clean example says so.
        var clean = try flowState()
        _ = press(&clean, [.char("L")])
        guard case .lines(_, let ok, _)? = clean.mode.overlay else { Issue.record("no lint view"); return }
        #expect(ok.contains { $0.1 == .success })
    }
}

@Suite struct NavigationListWalkTests {
    @Test func navigationListItemsAreChosenAndFollowed() throws {
        let text = #"{"version":"7.3","screens":[{"id":"MENU","title":"Menu","layout":{"type":"SingleColumnLayout","children":[{"type":"NavigationList","name":"menu","list-items":["# +
            #"{"id":"a","main-content":{"title":"Opening hours","description":"When we are open"},"on-click-action":{"name":"navigate","next":{"type":"screen","name":"INFO"},"payload":{"topic":"hours"}}},"# +
            #"{"id":"b","main-content":{"title":"Prices"},"on-click-action":{"name":"navigate","next":{"type":"screen","name":"INFO"},"payload":{"topic":"prices"}}}]}]}},"# +
            #"{"id":"INFO","terminal":true,"data":{"topic":{"type":"string","__example__":"hours"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"About ${data.topic}"},"# +
            #"{"type":"Footer","label":"OK","on-click-action":{"name":"complete","payload":{"topic":"${data.topic}"}}}]}}]}"#
        var s = AppState(width: 80, height: 24)
        s.draft.kind = .flow
        _ = s.update(.flowLoaded(LoadedFlow(path: "menu.json", document: try FlowDocument.parse(Array(text.utf8)), lint: [])))
        _ = press(&s, [.char("w")])
        let menu = Renderer.render(s).grid.text
        #expect(menu.contains("› Opening hours") && menu.contains("When we are open") && menu.contains("  Prices"))
        _ = press(&s, [.right, .enter])
        guard case .flowWalk(let v)? = s.mode.overlay else { Issue.record("no walk"); return }
        #expect(v.walk.screenID == "INFO" && v.walk.data["topic"] == "prices")
        #expect(Renderer.render(s).grid.text.contains("About prices"))
    }
}

@Suite struct FlowFormEdgeTests {
    @Test func numbersFollowJSONSyntaxAndBrokenDataIsNeverRebuiltFromNothing() throws {
        var s = try flowState()
        s.draft.flowScreen = "X"
        let doc = try FlowDocument.parse(Array(#"{"version":"7.3","screens":[{"id":"X","terminal":true,"data":{"n":{"type":"number","__example__":1},"t":{"type":"string","__example__":"a"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"x","on-click-action":{"name":"complete"}}]}}]}"#.utf8))
        _ = s.update(.flowLoaded(LoadedFlow(path: "x.json", document: doc, lint: [])))
        s.chooseFlowScreen("X")
        for text in ["nan", "+5", "0x1A", ".5", "1."] {
            s.setFlowDataValue("n", text)
            #expect(try JSONParser.parse(s.draft.flowData)["n"] == .string(text), "\(text) is no JSON number: kept as text for the check to show")
        }
        s.setFlowDataValue("n", "-2.5e3")
        #expect(try JSONParser.parse(s.draft.flowData)["n"] == .number(JSONNumber(literal: "-2.5e3")))
        // Broken raw data: a member edit is refused, nothing is rebuilt from an empty object.
        s.draft.flowData = #"{"n": 1, "t": "keep me""#
        s.setFlowDataValue("n", "2")
        #expect(s.draft.flowData == #"{"n": 1, "t": "keep me""#)
        #expect(s.notice?.role == .error)
    }

    @Test func dataTypedForAScreenComesBackWithIt() throws {
        var s = try flowState()
        s.chooseFlowScreen("DETAILS")
        s.setFlowDataValue("department", "eye")
        s.chooseFlowScreen("SUMMARY")
        #expect(try JSONParser.parse(s.draft.flowData)["reminder"] == true)
        s.chooseFlowScreen("DETAILS")
        #expect(try JSONParser.parse(s.draft.flowData)["department"] == "eye")
    }

    @Test func dataExchangeSendsNoPayloadAndHidesTheScreenChoice() throws {
        var s = try flowState()
        s.draft.flowAction = "data_exchange"
        s.recompute()
        guard case .interactive(let i) = s.draft.message.content, case .flow(let f) = i.action else { Issue.record("not a flow"); return }
        #expect(f.payloadJSON == nil)
        #expect(s.fields(.flow).map(\.id) == [.flowFile])
        // The appointment Flow has no endpoint: that is the finding, not the payload.
        #expect(s.preparation.findings.contains { $0.isError && $0.path.description.hasSuffix("flow_action") }, "\(s.preparation.findings)")
        #expect(!s.preparation.findings.contains { $0.path.description.contains("flow_action_payload") })
    }

    @Test func openingAnotherMessageForgetsTheFlow() throws {
        var s = try flowState()
        #expect(s.flow != nil)
        var d = Draft()
        d.kind = .flow
        d.flowScreen = "ELSEWHERE"
        _ = s.update(.opened(d, .meta, profile: nil, from: "saved"))
        #expect(s.flow == nil)
        #expect(!s.preparation.findings.contains { $0.path.description.hasSuffix("flow_action_payload.screen") && $0.isError })
    }

    @Test func theWalkRendersOnTheSmallestTerminal() throws {
        var s = try flowState(width: 20, height: 6)
        _ = press(&s, [.char("w")])
        _ = Renderer.render(s)
        s.width = 20
        s.height = 8
        _ = Renderer.render(s)
        guard case .flowWalk? = s.mode.overlay else { Issue.record("the walk closed"); return }
    }

    @Test func theCursorStaysOnItsComponentWhenOthersAppear() throws {
        let text = #"{"version":"7.3","screens":[{"id":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":["# +
            #"{"type":"OptIn","name":"more","label":"More"},"# +
            #"{"type":"If","condition":"${form.more}","then":[{"type":"TextInput","name":"extra","label":"Extra"}]},"# +
            #"{"type":"TextInput","name":"last","label":"Last"},"# +
            #"{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"more":"${form.more}"}}}]}}]}"#
        var s = AppState(width: 80, height: 24)
        s.draft.kind = .flow
        _ = s.update(.flowLoaded(LoadedFlow(path: "a.json", document: try FlowDocument.parse(Array(text.utf8)), lint: [])))
        _ = press(&s, [.char("w"), .char(" ")])
        guard case .flowWalk(let v)? = s.mode.overlay else { Issue.record("no walk"); return }
        #expect(v.focusables.map { $0.name ?? $0.type } == ["more", "extra", "last", "Footer"])
        #expect(v.focused?.name == "more")
        // Unticking hides "extra"; the cursor is still on the opt-in, and Space unticks it back.
        _ = press(&s, [.char(" ")])
        guard case .flowWalk(let w)? = s.mode.overlay else { Issue.record("no walk"); return }
        #expect(w.focused?.name == "more" && w.walk.value("more") == nil)
    }

    @Test func oneReplyPerWalk() throws {
        var s = try flowState()
        _ = press(&s, [.char("w")])
        guard case .flowWalk(var v)? = s.mode.overlay else { Issue.record("no walk"); return }
        v.walk = { var w = v.walk; w.go(to: "SUMMARY", data: ["department": "eye"]); _ = w.perform(w.footer!.actions[0]); return w }()
        v.messageID = "wamid.1"
        s.mode = .overlay(.flowWalk(v))
        #expect(press(&s, [.enter]).count == 1)
        #expect(press(&s, [.enter]).isEmpty, "a second Enter sends no second nfm_reply")
        _ = s.update(.flowFailed("no nfm_reply arrived within 10 s"))
        #expect(press(&s, [.enter]).count == 1, "after a failure it can be tried again")
    }
}

@Suite struct SelectActionWalkTests {
    @Test func aPickRunsItsUpdateData() throws {
        let text = #"{"version":"7.3","screens":[{"id":"A","terminal":true,"data":{"note":{"type":"string","__example__":"pick one"}},"# +
            #""layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.note}"},"# +
            #"{"type":"RadioButtonsGroup","name":"size","label":"Size","data-source":[{"id":"s","title":"Small"},{"id":"l","title":"Large"}],"# +
            #""on-select-action":{"name":"update_data","payload":{"note":"you chose ${form.size}"}}},"# +
            #"{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"size":"${form.size}"}}}]}}]}"#
        var s = AppState(width: 80, height: 24)
        s.draft.kind = .flow
        _ = s.update(.flowLoaded(LoadedFlow(path: "a.json", document: try FlowDocument.parse(Array(text.utf8)), lint: [])))
        _ = press(&s, [.char("w")])
        #expect(Renderer.render(s).grid.text.contains("pick one"))
        _ = press(&s, [.right, .right])
        guard case .flowWalk(let v)? = s.mode.overlay else { Issue.record("no walk"); return }
        #expect(v.walk.data["note"] == "you chose l")
        #expect(Renderer.render(s).grid.text.contains("you chose l"))
    }
}
