import Foundation
import Testing
@testable import WhatsAppModel

/// The walk follows the rules a phone does for picks that ask the endpoint, and for inputs
/// whose `enabled` resolves false (issue 15, item 7).
@Suite struct FlowWalkRulesTests {
    func tableBooking() throws -> FlowDocument {
        try FlowDocument.load(path: packageRoot.appendingPathComponent("examples/flows/table-booking-endpoint.json").path)
    }

    /// TABLE with the data the message carries by default: its `__example__` data.
    func tableWalk() throws -> FlowWalk {
        let doc = try tableBooking()
        return FlowWalk(document: doc, data: FlowWalk.exampleData(for: try #require(doc.screen("TABLE"))))
    }

    @Test func aPicksDataExchangeStaysOnTheScreenWithWhatWasEntered() throws {
        var walk = try tableWalk()
        walk.set("date", "2026-03-14")
        walk.set("restaurant", "harbour")
        let restaurant = try #require(walk.inputs.first { $0.name == "restaurant" })
        let pick = try #require(restaurant.actions.first)
        #expect(pick.isPick && !(walk.footer?.actions.first?.isPick ?? true))
        let outcome = walk.perform(pick)
        #expect(walk.screenID == "TABLE" && walk.depth == 0, "a pick does not submit the screen: \(outcome)")
        #expect(walk.value("restaurant") == "harbour" && walk.value("date") == "2026-03-14")
        #expect(outcome == .stayed(payload: ["trigger": "restaurant_selected", "restaurant": "harbour"], filled: []))
    }

    @Test func thePicksStandInFillsOnlyDeclaredDataTheScreenLacks() throws {
        let doc = try tableBooking()
        // The message carried restaurants of its own, and nothing else.
        var walk = FlowWalk(document: doc, data: ["restaurants": [["id": "quay", "title": "The Quay"]]])
        walk.set("restaurant", "quay")
        let pick = try #require(walk.inputs.first { $0.name == "restaurant" }?.actions.first)
        guard case .stayed(_, let filled) = walk.perform(pick) else { Issue.record("did not stay"); return }
        #expect(filled == ["times", "is_time_enabled"])
        #expect(walk.data["restaurants"] == [["id": "quay", "title": "The Quay"]], "the message's own data is kept")
        #expect(walk.data["times"]?.arrayValue?.count == 3 && walk.data["is_time_enabled"] == false)
    }

    @Test func anUnselectDataExchangeStaysToo() throws {
        let text = #"{"version":"7.1","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},"screens":["# +
            #"{"id":"A","layout":{"type":"SingleColumnLayout","children":["# +
            #"{"type":"CheckboxGroup","name":"x","label":"X","data-source":[{"id":"a","title":"A"}],"# +
            #""on-unselect-action":{"name":"data_exchange","payload":{"x":"${form.x}"}}},"# +
            #"{"type":"Footer","label":"Go","on-click-action":{"name":"data_exchange","payload":{}}}]}},"# +
            #"{"id":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"ok","on-click-action":{"name":"complete"}}]}}]}"#
        var walk = FlowWalk(document: try FlowDocument.parse(Array(text.utf8)))
        let box = try #require(walk.inputs.first)
        guard case .stayed = walk.perform(try #require(box.actions.first)) else { Issue.record("an unselect moved on"); return }
        #expect(walk.screenID == "A")
        // The Footer's data_exchange still goes on to the routing model's next screen.
        #expect(walk.perform(try #require(walk.footer?.actions.first)) == .needsEndpoint(payload: [:], routes: ["B"]))
    }

    @Test func theFootersDataExchangeChecksRequiredInputsButNotDisabledOnes() throws {
        var walk = try tableWalk()
        guard case .invalid(let issues) = walk.perform(try #require(walk.footer?.actions.first)) else { Issue.record("submitted empty"); return }
        #expect(issues.map(\.name) == ["restaurant", "date"], "time is disabled (is_time_enabled false): not required")
        walk.set("restaurant", "harbour")
        walk.set("date", "2026-03-14")
        walk.set("time", "18:00")  // a value a disabled Dropdown holds is not sent
        let outcome = walk.perform(try #require(walk.footer?.actions.first))
        #expect(outcome == .needsEndpoint(payload: ["restaurant": "harbour", "date": "2026-03-14"], routes: ["GUESTS"]))
    }

    /// One Flow with every input kind, each enabled by `${data.on}`.
    static let everyInputKind = #"{"version":"7.1","screens":[{"id":"A","terminal":true,"data":{"on":{"type":"boolean","__example__":false}},"# +
        #""layout":{"type":"SingleColumnLayout","children":["# +
        #"{"type":"TextInput","name":"ti","label":"T","required":true,"enabled":"${data.on}"},"# +
        #"{"type":"TextArea","name":"ta","label":"A","required":true,"enabled":"${data.on}"},"# +
        #"{"type":"Dropdown","name":"dd","label":"D","required":true,"enabled":"${data.on}","data-source":[{"id":"a","title":"A"}]},"# +
        #"{"type":"RadioButtonsGroup","name":"rb","label":"R","required":true,"enabled":"${data.on}","data-source":[{"id":"a","title":"A"}]},"# +
        #"{"type":"CheckboxGroup","name":"cb","label":"C","required":true,"enabled":"${data.on}","data-source":[{"id":"a","title":"A"}]},"# +
        #"{"type":"ChipsSelector","name":"cs","label":"S","required":true,"enabled":"${data.on}","data-source":[{"id":"a","title":"A"}]},"# +
        #"{"type":"DatePicker","name":"dp","label":"P","required":true,"enabled":"${data.on}"},"# +
        #"{"type":"CalendarPicker","name":"cp","label":"K","required":true,"enabled":"${data.on}"},"# +
        #"{"type":"OptIn","name":"oi","label":"O","required":true,"enabled":"${data.on}"},"# +
        #"{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"# +
        #""ti":"${form.ti}","ta":"${form.ta}","dd":"${form.dd}","rb":"${form.rb}","cb":"${form.cb}","cs":"${form.cs}","dp":"${form.dp}","cp":"${form.cp}","oi":"${form.oi}"}}}]}}]}"#
    static let names = ["ti", "ta", "dd", "rb", "cb", "cs", "dp", "cp", "oi"]

    /// A valid answer for each input of `everyInputKind`.
    static func answer(_ name: String) -> JSONValue {
        switch name {
        case "oi": return true
        case "cb", "cs": return ["a"]
        case "dp", "cp": return "2026-01-02"
        default: return "a"
        }
    }

    @Test func everyInputKindFollowsItsEnabledExpression() throws {
        let doc = try FlowDocument.parse(Array(Self.everyInputKind.utf8))
        var off = FlowWalk(document: doc, data: ["on": false])
        #expect(off.inputs.isEmpty, "\(off.inputs.map(\.type))")
        #expect(off.visibleComponents.filter(\.isInput).allSatisfy { !off.isEnabled($0) })
        #expect(off.issues().isEmpty, "a disabled input cannot be filled, so it is not required")
        for name in Self.names { off.set(name, Self.answer(name)) }
        #expect(off.perform(try #require(off.footer?.actions.first)) == .completed(["flow_token": "unused"]), "disabled inputs send nothing")

        var on = FlowWalk(document: doc, data: ["on": true])
        #expect(on.inputs.compactMap(\.name) == Self.names)
        #expect(on.issues().map(\.name) == Self.names)
        for name in Self.names { on.set(name, Self.answer(name)) }
        guard case .completed(let response) = on.perform(try #require(on.footer?.actions.first)) else { Issue.record("did not complete"); return }
        #expect(Array(response.keys.dropFirst()) == Self.names)
    }

    @Test func enabledFollowsTheFormAsTyped() throws {
        let text = #"{"version":"7.1","screens":[{"id":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":["# +
            #"{"type":"OptIn","name":"more","label":"More"},"# +
            #"{"type":"TextInput","name":"extra","label":"Extra","enabled":"${form.more}"},"# +
            #"{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"extra":"${form.extra}"}}}]}}]}"#
        var walk = FlowWalk(document: try FlowDocument.parse(Array(text.utf8)))
        #expect(walk.inputs.compactMap(\.name) == ["more"])
        walk.set("more", true)
        #expect(walk.inputs.compactMap(\.name) == ["more", "extra"])
        walk.set("extra", "x")
        walk.set("more", nil)
        // Unticked again: the value stays in the walk but is not sent.
        #expect(walk.value("extra") == "x")
        #expect(walk.perform(try #require(walk.footer?.actions.first)) == .completed(["flow_token": "unused"]))
    }

    @Test func aHiddenInputsValueIsNotSentNorSeenByLaterScreens() throws {
        let text = #"{"version":"7.1","screens":[{"id":"A","layout":{"type":"SingleColumnLayout","children":["# +
            #"{"type":"OptIn","name":"more","label":"More"},"# +
            #"{"type":"If","condition":"${form.more}","then":[{"type":"TextInput","name":"extra","label":"Extra"}]},"# +
            #"{"type":"Footer","label":"Go","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{"extra":"${form.extra}"}}}]}},"# +
            #"{"id":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"[${screen.A.form.extra}]"},"# +
            #"{"type":"Footer","label":"ok","on-click-action":{"name":"complete"}}]}}]}"#
        var walk = FlowWalk(document: try FlowDocument.parse(Array(text.utf8)))
        walk.set("more", true)
        walk.set("extra", "typed")
        walk.set("more", nil)
        #expect(walk.perform(try #require(walk.footer?.actions.first)) == .navigated(to: "B"))
        #expect(walk.data.isEmpty)
        #expect(walk.text("[${screen.A.form.extra}]") == "[]")
        // Back: what was typed is still there.
        _ = walk.back()
        #expect(walk.value("extra") == "typed")
    }

    @Test func autoCompleteLeavesDisabledInputsEmpty() throws {
        let response = try #require(FlowWalk.autoComplete(document: try FlowDocument.parse(Array(Self.everyInputKind.utf8)), flowToken: "t"))
        #expect(response == ["flow_token": "t"])
    }
}
