import Foundation
import Testing
@testable import Console
import WhatsAppModel

let tableBookingPath = URL(fileURLWithPath: appointmentPath).deletingLastPathComponent().appendingPathComponent("table-booking-endpoint.json").path

/// Loads `path` into the flow message form, as the runtime does after the `.loadFlow` effect.
func load(_ s: inout AppState, _ path: String, as shown: String) throws {
    let doc = try FlowDocument.load(path: path)
    _ = s.update(.flowLoaded(LoadedFlow(path: shown, document: doc, lint: FlowLinter.lint(doc), sandboxID: "1234567890123456")))
}

/// The flow message form with examples/flows/table-booking-endpoint.json loaded.
func tableBookingState(width: Int = 80, height: Int = 24) throws -> AppState {
    var s = AppState(width: width, height: height)
    s.draft.kind = .flow
    s.draft.to = "+27123456789"
    s.draft.body = "Book a table"
    s.draft.flowCTA = "Book"
    s.draft.flowToken = "tok-table"
    s.focus = .content
    try load(&s, tableBookingPath, as: "examples/flows/table-booking-endpoint.json")
    return s
}

func walkView(_ s: AppState, sourceLocation: SourceLocation = #_sourceLocation) throws -> FlowWalkView {
    guard case .flowWalk(let v)? = s.mode.overlay else {
        Issue.record("the walk is not open", sourceLocation: sourceLocation)
        throw CancellationError()
    }
    return v
}

/// The walk as the user of issue 15 (item 7) met it on the table-booking Flow.
@Suite struct FlowWalkPickTests {
    @Test func choosingARestaurantStaysOnTheScreenAndKeepsTheDate() throws {
        var s = try tableBookingState()
        _ = press(&s, [.char("w"), .tab] + typing("2026-03-14") + [.backTab, .right])
        let v = try walkView(s)
        #expect(v.walk.screenID == "TABLE" && v.walk.depth == 0, "\(String(describing: v.message))")
        #expect(v.walk.value("restaurant") == "harbour" && v.walk.value("date") == "2026-03-14")
        #expect(v.focused?.name == "restaurant")
        #expect(v.message?.text.contains("data_exchange") == true && v.message?.role == .warning)
        let screen = Renderer.render(s).grid.text
        #expect(screen.contains("TABLE · 1") && screen.contains("Harbour Road ▾"))
        // The next restaurant asks again, and the walk still stays.
        _ = press(&s, [.right])
        #expect(try walkView(s).walk.value("restaurant") == "market")
        #expect(try walkView(s).walk.screenID == "TABLE")
    }

    @Test func theFooterStillChecksRequiredFieldsThenGoesOnWithExamples() throws {
        var s = try tableBookingState()
        _ = press(&s, [.char("w"), .backTab, .enter])
        let stopped = try walkView(s)
        #expect(stopped.walk.screenID == "TABLE")
        #expect(Set(stopped.issues.keys) == ["restaurant", "date"], "time is disabled, so not required")
        _ = press(&s, [.right, .tab] + typing("2026-03-14") + [.tab, .enter])
        let went = try walkView(s)
        #expect(went.walk.screenID == "GUESTS" && went.walk.data["slot"] == "Harbour Road, Fri 14 March, 19:30", "\(String(describing: went.message))")
    }
}

@Suite struct FlowWalkDisabledTests {
    @Test func aDisabledDropdownIsShownDisabledAndTabSkipsIt() throws {
        var s = try tableBookingState()
        _ = press(&s, [.char("w")])
        let v = try walkView(s)
        #expect(v.focusables.map { $0.name ?? $0.type } == ["restaurant", "date", "Footer"])
        _ = press(&s, [.right])
        let screen = Renderer.render(s).grid.text
        #expect(screen.contains("Time (disabled)"), "\(screen)")
        #expect(screen.contains("[ Select ▾ ]") && !screen.contains("[ Select ▾ ]  ←→ choose"), "a disabled Dropdown offers no choice")
        // Round the screen with Tab: the cursor never lands on Time.
        for _ in 0..<4 {
            _ = press(&s, [.tab])
            #expect(try walkView(s).focused?.name != "time")
        }
    }

    @Test func anInputEnabledByAPickTakesTheCursorOnceEnabled() throws {
        let text = #"{"version":"7.1","screens":[{"id":"A","terminal":true,"data":{"on":{"type":"boolean","__example__":false}},"# +
            #""layout":{"type":"SingleColumnLayout","children":["# +
            #"{"type":"RadioButtonsGroup","name":"kind","label":"Kind","data-source":[{"id":"a","title":"A"}],"# +
            #""on-select-action":{"name":"update_data","payload":{"on":true}}},"# +
            #"{"type":"TextInput","name":"note","label":"Note","enabled":"${data.on}"},"# +
            #"{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"note":"${form.note}"}}}]}}]}"#
        var s = AppState(width: 80, height: 24)
        s.draft.kind = .flow
        _ = s.update(.flowLoaded(LoadedFlow(path: "a.json", document: try FlowDocument.parse(Array(text.utf8)), lint: [])))
        _ = press(&s, [.char("w"), .tab])
        #expect(try walkView(s).focused?.type == "Footer", "Note is disabled")
        // Typing on the Footer fills nothing.
        _ = press(&s, typing("x"))
        #expect(try walkView(s).walk.value("note") == nil)
        #expect(Renderer.render(s).grid.text.contains("Note (disabled)"))
        _ = press(&s, [.backTab, .char(" "), .tab] + typing("hi"))
        let v = try walkView(s)
        #expect(v.focused?.name == "note" && v.walk.value("note") == "hi")
        #expect(!Renderer.render(s).grid.text.contains("(disabled)"))
    }
}

@Suite struct SecondFlowTests {
    @Test func loadingAnotherFlowStartsFreshFromItsEntryScreenAndExamples() throws {
        var s = try flowState()  // appointment.json, APPOINTMENT with its examples
        s.setFlowDataValue("customer_name", "Sipho")
        try load(&s, tableBookingPath, as: "examples/flows/table-booking-endpoint.json")
        #expect(s.draft.flowScreen == "TABLE")
        let table = try #require(s.flow?.document.screen("TABLE"))
        #expect(try JSONParser.parse(s.draft.flowData) == .object(FlowWalk.exampleData(for: table)))
        #expect(!s.preparation.findings.hasErrors, "\(s.preparation.findings)")
        #expect(s.draft.flowToken == "tok-snapshot", "the token belongs to the message, not to the Flow")
        // The walk opens the new Flow's entry screen with its own data.
        _ = press(&s, [.char("w")])
        let v = try walkView(s)
        #expect(v.walk.screenID == "TABLE")
        #expect(v.walk.options(of: v.walk.inputs[0]).map(\.title) == ["Harbour Road", "Market Square"])
        #expect(v.walk.data["customer_name"] == nil && v.walk.values.isEmpty)
    }

    @Test func aScreenBothFlowsHaveDoesNotKeepTheFirstFlowsData() throws {
        var s = try flowState()
        s.chooseFlowScreen("SUMMARY")
        let other = #"{"version":"7.1","screens":[{"id":"START","data":{"x":{"type":"string","__example__":"ex"}},"layout":{"type":"SingleColumnLayout","children":["# +
            #"{"type":"Footer","label":"Go","on-click-action":{"name":"navigate","next":{"type":"screen","name":"SUMMARY"}}}]}},"# +
            #"{"id":"SUMMARY","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"ok","on-click-action":{"name":"complete"}}]}}]}"#
        _ = s.update(.flowLoaded(LoadedFlow(path: "other.json", document: try FlowDocument.parse(Array(other.utf8)), lint: [])))
        #expect(s.draft.flowScreen == "START" && s.draft.flowData == #"{"x":"ex"}"#)
        #expect(!s.preparation.findings.hasErrors, "\(s.preparation.findings)")
    }

    @Test func readingTheSameFileAgainKeepsTheScreenAndData() throws {
        var s = try flowState()
        s.chooseFlowScreen("DETAILS")
        s.setFlowDataValue("customer_name", "Sipho")
        let kept = s.draft.flowData
        try load(&s, appointmentPath, as: "./examples/flows/../flows/appointment.json")
        try load(&s, appointmentPath, as: "examples/flows/appointment.json")
        #expect(s.draft.flowScreen == "DETAILS" && s.draft.flowData == kept)
    }

    @Test func aTemplatesFlowButtonTakesTheNewFlowsExamples() throws {
        var s = AppState(width: 80, height: 24)
        s.draft.kind = .template
        s.draft.templateFlowButton = true
        try load(&s, appointmentPath, as: "examples/flows/appointment.json")
        #expect(try JSONParser.parse(s.draft.templateFlowData)["customer_name"] != nil)
        try load(&s, tableBookingPath, as: "examples/flows/table-booking-endpoint.json")
        let data = try JSONParser.parse(s.draft.templateFlowData)
        #expect(data["customer_name"] == nil && data["restaurants"]?.arrayValue?.count == 2)
    }
}

@Suite struct FlowWalkEnterTests {
    static let choices = #"{"version":"7.1","screens":[{"id":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":["# +
        #"{"type":"Dropdown","name":"dd","label":"D","data-source":[{"id":"a","title":"A"},{"id":"b","title":"B"}]},"# +
        #"{"type":"RadioButtonsGroup","name":"rb","label":"R","data-source":[{"id":"a","title":"A"},{"id":"b","title":"B"}]},"# +
        #"{"type":"CheckboxGroup","name":"cb","label":"C","data-source":[{"id":"a","title":"A"},{"id":"b","title":"B"}]},"# +
        #"{"type":"ChipsSelector","name":"cs","label":"S","data-source":[{"id":"a","title":"A"},{"id":"b","title":"B"}]},"# +
        #"{"type":"OptIn","name":"oi","label":"O"},"# +
        #"{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"rb":"${form.rb}"}}}]}}]}"#

    @Test func enterMovesOnFromEveryChoiceWithoutChangingTheAnswer() throws {
        var s = AppState(width: 80, height: 24)
        s.draft.kind = .flow
        _ = s.update(.flowLoaded(LoadedFlow(path: "a.json", document: try FlowDocument.parse(Array(Self.choices.utf8)), lint: [])))
        _ = press(&s, [.char("w")])
        for name in ["dd", "rb", "cb", "cs", "oi"] {
            #expect(try walkView(s).focused?.name == name)
            #expect(Renderer.render(s).grid.text.contains("Space pick") || name == "oi")
            _ = press(&s, [.enter])
            let v = try walkView(s)
            #expect(v.walk.value(name) == nil, "Enter changed \(name)")
        }
        #expect(try walkView(s).focused?.type == "Footer")
        #expect(Renderer.render(s).grid.text.contains("Enter press"))
        // Space is the pick key, on every one of them.
        _ = press(&s, [.tab] + Array(repeating: [KeyEvent.char(" "), .tab], count: 5).flatMap { $0 })
        let v = try walkView(s)
        #expect(v.walk.value("dd") == "a" && v.walk.value("rb") == "a" && v.walk.value("cb") == ["a"] && v.walk.value("cs") == ["a"] && v.walk.value("oi") == true)
    }

    @Test func enterOnTheAppointmentsTimeSlotKeepsItEmpty() throws {
        var s = try flowState()
        _ = press(&s, [.char("w"), .tab, .tab])
        #expect(try walkView(s).focused?.name == "time_slot")
        #expect(Renderer.render(s).grid.text.contains("Enter next"))
        _ = press(&s, [.enter])
        let v = try walkView(s)
        #expect(v.walk.value("time_slot") == nil && v.focused?.type == "Footer")
    }
}
