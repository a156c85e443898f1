import Testing
@testable import WhatsAppModel

/// A three-screen Flow used by the walk tests: an entry screen fed by the message's data, a
/// form screen whose navigate payload feeds the terminal screen, a `complete` at the end.
let walkFlowJSON = #"""
{
  "version": "7.3",
  "screens": [
    {
      "id": "START",
      "title": "Hello ${data.name}",
      "data": {
        "name": { "type": "string", "__example__": "Ana" },
        "sizes": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "string" }, "title": { "type": "string" } } },
                   "__example__": [ { "id": "s", "title": "Small" }, { "id": "l", "title": "Large" } ] },
        "vip": { "type": "boolean", "__example__": false }
      },
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          { "type": "TextHeading", "text": "Welcome back, ${data.name}" },
          { "type": "If", "condition": "${data.vip}",
            "then": [ { "type": "TextBody", "text": "VIP lane" } ],
            "else": [ { "type": "TextBody", "text": "Standard lane" } ] },
          { "type": "Form", "name": "f", "init-values": { "email": "old@example.com" }, "children": [
            { "type": "Dropdown", "name": "size", "label": "Size", "required": true, "data-source": "${data.sizes}" },
            { "type": "TextInput", "name": "email", "label": "Email", "input-type": "email", "required": true },
            { "type": "TextInput", "name": "age", "label": "Age", "input-type": "number" },
            { "type": "CheckboxGroup", "name": "extras", "label": "Extras", "min-selected-items": 1, "max-selected-items": 2,
              "data-source": [ { "id": "a", "title": "A" }, { "id": "b", "title": "B" }, { "id": "c", "title": "C" } ] },
            { "type": "Footer", "label": "Next", "on-click-action": { "name": "navigate", "next": { "type": "screen", "name": "CONFIRM" },
              "payload": { "size": "${form.size}", "email": "${form.email}", "extras": "${form.extras}", "greeting": "Hi ${data.name}" } } }
          ] }
        ]
      }
    },
    {
      "id": "CONFIRM",
      "title": "Confirm",
      "terminal": true,
      "data": {
        "size": { "type": "string", "__example__": "s" },
        "email": { "type": "string", "__example__": "a@example.com" },
        "extras": { "type": "array", "items": { "type": "string" }, "__example__": [ "a" ] },
        "greeting": { "type": "string", "__example__": "Hi" }
      },
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          { "type": "TextBody", "text": "${data.greeting}: size ${data.size}, first screen said ${screen.START.form.email}" },
          { "type": "OptIn", "name": "terms", "label": "I agree", "required": true },
          { "type": "Footer", "label": "Done", "on-click-action": { "name": "complete",
            "payload": { "size": "${data.size}", "extras": "${data.extras}", "terms": "${form.terms}" } } }
        ]
      }
    }
  ]
}
"""#

@Suite struct FlowWalkTests {
    func document() throws -> FlowDocument { try FlowDocument.parse(Array(walkFlowJSON.utf8)) }

    @Test func startsOnTheEntryScreenWithTheMessageDataFilledIn() throws {
        let walk = FlowWalk(document: try document(), data: ["name": "Lindiwe", "sizes": [["id": "m", "title": "Medium"]]], flowToken: "tok-1")
        #expect(walk.screenID == "START")
        #expect(walk.text(walk.screen!.title!) == "Hello Lindiwe")
        let texts = walk.visibleComponents.compactMap(\.text).map(walk.text)
        #expect(texts.contains("Welcome back, Lindiwe"))
        // `If` shows the branch that holds: vip is not set, so the else branch.
        #expect(texts.contains("Standard lane") && !texts.contains("VIP lane"))
        // Options come from `${data.sizes}`; Form init-values prefill.
        let size = walk.inputs.first { $0.name == "size" }!
        #expect(walk.options(of: size).map(\.title) == ["Medium"])
        #expect(walk.value("email") == "old@example.com")
    }

    @Test func ifConditionFollowsTheData() throws {
        let walk = FlowWalk(document: try document(), data: ["name": "A", "vip": true])
        let texts = walk.visibleComponents.compactMap(\.text)
        #expect(texts.contains("VIP lane") && !texts.contains("Standard lane"))
    }

    @Test func footerChecksRequiredFormatsAndCounts() throws {
        var walk = FlowWalk(document: try document(), data: ["name": "A"])
        walk.set("email", "not-an-email")
        walk.set("age", "abc")
        walk.set("extras", ["a", "b", "c"])
        guard case .invalid(let issues) = walk.perform(walk.footer!.actions[0]) else { Issue.record("the footer went on"); return }
        let byName = Dictionary(issues.map { ($0.name, $0.message) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["size"] == "is required")
        #expect(byName["email"] == "is not an email address")
        #expect(byName["age"] == "is not a number")
        #expect(byName["extras"] == "pick at most 2")
        #expect(walk.screenID == "START")
    }

    @Test func navigatePayloadBecomesTheNextScreensDataAndCompleteCarriesTheToken() throws {
        var walk = FlowWalk(document: try document(), data: ["name": "Thabo", "sizes": [["id": "s", "title": "Small"]]], flowToken: "tok-42")
        walk.set("size", "s")
        walk.set("email", "thabo@example.com")
        walk.set("extras", ["a", "c"])
        let went = walk.perform(walk.footer!.actions[0])
        #expect(went == .navigated(to: "CONFIRM"))
        #expect(walk.data["greeting"] == "Hi Thabo")
        // A lone reference keeps its JSON type: the array stays an array.
        #expect(walk.data["extras"] == ["a", "c"])
        let body = walk.visibleComponents.first { $0.type == "TextBody" }!
        #expect(walk.text(body.text!) == "Hi Thabo: size s, first screen said thabo@example.com")
        // The OptIn is required.
        guard case .invalid = walk.perform(walk.footer!.actions[0]) else { Issue.record("completed without the opt-in"); return }
        walk.set("terms", true)
        guard case .completed(let response) = walk.perform(walk.footer!.actions[0]) else { Issue.record("did not complete"); return }
        #expect(response.keys == ["flow_token", "size", "extras", "terms"])
        #expect(response["flow_token"] == "tok-42")
        #expect(response["extras"] == ["a", "c"])
        #expect(response["terms"] == true)
        #expect(walk.completion == response)
    }

    @Test func backKeepsWhatWasEntered() throws {
        var walk = FlowWalk(document: try document(), data: ["name": "A", "sizes": [["id": "s", "title": "S"]]])
        walk.set("size", "s")
        walk.set("email", "a@example.com")
        walk.set("extras", ["b"])
        _ = walk.perform(walk.footer!.actions[0])
        #expect(walk.depth == 1)
        let wentBack = walk.back()
        #expect(wentBack)
        #expect(walk.screenID == "START" && walk.value("email") == "a@example.com")
        let again = walk.back()
        #expect(!again)
    }

    @Test func autoCompleteWalksToTheEndWithExamples() throws {
        let response = try #require(FlowWalk.autoComplete(document: try document(), flowToken: "auto"))
        #expect(response["flow_token"] == "auto")
        #expect(response["size"] == "s")  // the first option of the example sizes
        #expect(response["terms"] == true)
        #expect(response["extras"] == ["a"])
    }

    @Test func autoCompleteGivesUpOnAFlowThatNeverCompletes() throws {
        let loop = #"{"version":"7.3","screens":[{"id":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"x","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"}}}]}},{"id":"B","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"y","on-click-action":{"name":"navigate","next":{"type":"screen","name":"A"}}}]}}]}"#
        #expect(FlowWalk.autoComplete(document: try FlowDocument.parse(Array(loop.utf8))) == nil)
    }

    @Test func expressionsCompareAndCombine() {
        let scope = FlowExpression.Scope(data: ["age": 20, "name": "Zo", "tags": ["x"]], form: ["ok": true])
        #expect(FlowExpression.evaluate("${data.age} > 17 && ${form.ok}", in: scope) == .bool(true))
        #expect(FlowExpression.evaluate("${data.name} == 'Zo' || false", in: scope) == .bool(true))
        #expect(FlowExpression.evaluate("!(${data.age} >= 21)", in: scope) == .bool(true))
        #expect(FlowExpression.evaluate("${data.missing} != ''", in: scope) == .bool(false))
        #expect(FlowExpression.interpolate("`Hi ${data.name}, ${data.tags}`", in: scope) == "Hi Zo, x")
        let seen = FlowExpression.Scope(data: ["a": "x"], screens: ["S": (data: [:], form: ["b": "y"])])
        #expect(FlowExpression.interpolate("${data.a} and ${screen.S.form.b}", in: seen) == "x and y")
        #expect(FlowExpression.isSingleReference("${data.a}") && !FlowExpression.isSingleReference("${data.a} ${data.b}"))
    }

    @Test func entryScreenIsTheOneNothingRoutesTo() throws {
        let doc = try document()
        #expect(doc.entryScreenID == "START")
        #expect(doc.routes(from: "START") == ["CONFIRM"])
        let reordered = #"{"version":"7.3","screens":[{"id":"END","terminal":true,"layout":{"type":"SingleColumnLayout","children":[]}},{"id":"BEGIN","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"x","on-click-action":{"name":"navigate","next":{"type":"screen","name":"END"}}}]}}]}"#
        #expect(try FlowDocument.parse(Array(reordered.utf8)).entryScreenID == "BEGIN")
    }

    @Test func sourceMapGivesLinesAndCharacterColumns() throws {
        let text = "{\n  \"a\": [\n    {\"ñame\": \"é\", \"b\": 1}\n  ]\n}"
        let (_, map) = try JSONParser.parseWithSourceMap(Array(text.utf8))
        #expect(map.position(of: "a") == SourcePosition(line: 2, column: 8))
        #expect(map.position(of: FieldPath("a").index(0).key("b")) == SourcePosition(line: 3, column: 24))
        // A missing member points at its nearest parent.
        #expect(map.position(of: FieldPath("a").index(0).key("zzz")) == SourcePosition(line: 3, column: 5))
    }
}

@Suite struct FlowPayloadTests {
    @Test func anEmptyOptionalInputIsLeftOutOfThePayload() {
        let scope = FlowExpression.Scope(data: ["a": "x"], form: ["name": "Zo"])
        let payload = FlowExpression.resolve(["name": "${form.name}", "phone": "${form.phone}", "note": "phone: ${form.phone}", "a": "${data.a}"], in: scope)
        #expect(payload.objectValue?.keys == ["name", "note", "a"])
        #expect(payload["note"] == "phone: ")
    }
}

@Suite struct FlowDocumentEdgeTests {
    @Test func navigationListItemsRouteAndAMissingIdIsNoScreen() throws {
        let text = #"{"version":"7.3","screens":[{"id":"DONE","terminal":true,"layout":{"type":"SingleColumnLayout","children":["# +
            #"{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"picked":"${data.picked}"}}}]}},"# +
            #"{"id":"MENU","layout":{"type":"SingleColumnLayout","children":[{"type":"NavigationList","name":"n","list-items":["# +
            #"{"id":"a","main-content":{"title":"A"},"on-click-action":{"name":"navigate","next":{"type":"screen","name":"DONE"},"payload":{"picked":"a"}}}]}]}},"# +
            #"{"layout":{"type":"SingleColumnLayout","children":[]}}]}"#
        let doc = try FlowDocument.parse(Array(text.utf8))
        #expect(doc.routes(from: "MENU") == ["DONE"])
        #expect(doc.entryScreenID == "MENU")
        #expect(doc.screen("") == nil)
        // A walk moves on through the list item when there is no Footer.
        #expect(FlowWalk.autoComplete(document: doc, flowToken: "t") == ["flow_token": "t", "picked": "a"])
    }
}

@Suite struct FlowExpressionEdgeTests {
    @Test func badIndicesDeepNestingAndForeignDigitsDoNotCrashOrLeak() {
        let scope = FlowExpression.Scope(data: ["items": ["a", "b"], "n": 2])
        #expect(FlowExpression.evaluate("${data.items.-1}", in: scope) == .null)
        #expect(FlowExpression.evaluate("${data.items[1]}", in: scope) == "b")
        #expect(FlowExpression.interpolate("x${data.items[0]}", in: scope) == "xa")
        #expect(FlowExpression.evaluate(String(repeating: "(", count: 10_000) + "true" + String(repeating: ")", count: 10_000), in: scope) == nil)
        #expect(FlowExpression.evaluate(String(repeating: "!", count: 10_000) + "true", in: scope) == nil)
        // Only ASCII digits make numbers; "1.2.3" is not one number.
        #expect(FlowExpression.evaluate("½", in: scope) != .number(JSONNumber(literal: "½")))
        #expect(FlowExpression.evaluate("1.2.3", in: scope) == nil)
    }

    @Test func backtickConditionsHold() {
        let scope = FlowExpression.Scope(data: ["age": 20])
        #expect(FlowExpression.holds("`${data.age} > 18`", in: scope))
        #expect(!FlowExpression.holds("`${data.age} > 21`", in: scope))
    }

    @Test func aLinkNavigatesWithoutSubmittingTheForm() throws {
        let text = #"{"version":"7.3","screens":[{"id":"A","layout":{"type":"SingleColumnLayout","children":["# +
            #"{"type":"TextInput","name":"x","label":"X","required":true},"# +
            #"{"type":"EmbeddedLink","text":"Terms","on-click-action":{"name":"navigate","next":{"type":"screen","name":"T"}}},"# +
            #"{"type":"Footer","label":"Go","on-click-action":{"name":"complete"}}]}},"# +
            #"{"id":"T","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"ok","on-click-action":{"name":"complete"}}]}}]}"#
        var walk = FlowWalk(document: try FlowDocument.parse(Array(text.utf8)))
        let link = walk.visibleComponents.first { $0.type == "EmbeddedLink" }!
        let went = walk.perform(link.actions[0])
        #expect(went == .navigated(to: "T"))
        _ = walk.back()
        guard case .invalid = walk.perform(walk.footer!.actions[0]) else { Issue.record("the footer submitted an empty required input"); return }
    }

    @Test func autoCompleteRespectsMaxChars() throws {
        let text = #"{"version":"7.3","screens":[{"id":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":["# +
            #"{"type":"TextInput","name":"code","label":"Code","required":true,"max-chars":4},"# +
            #"{"type":"Footer","label":"Go","on-click-action":{"name":"complete","payload":{"code":"${form.code}"}}}]}}]}"#
        let r = FlowWalk.autoComplete(document: try FlowDocument.parse(Array(text.utf8)))
        #expect((r?["code"]?.stringValue?.count ?? 99) <= 4)
    }
}

/// The one reading of `${…}`: the linter and the walk see the same references.
@Suite struct FlowReferenceTests {
    @Test func textSplitsIntoPartsAndReferences() {
        #expect(FlowReference.parts(of: "Hi ${data.name}, ${form.x") == [.text("Hi "), .reference("data.name"), .text(", "), .unterminated("${form.x")])
        #expect(FlowReference.single("${data.a}") == "data.a")
        #expect(FlowReference.single("${data.a} ${data.b}") == nil && FlowReference.single(" ${data.a}") == nil && FlowReference.single("${data.a") == nil)
        let scan = FlowReference.scan("${data.a}")
        #expect(scan.isSingle && !scan.unterminated && scan.references == [FlowReference(kind: .data, name: "a")])
        #expect(!FlowReference.isDynamic("costs $5 {or more}") && FlowReference.isDynamic("${"))
        #expect(FlowReference.isExpression("`a`") && !FlowReference.isExpression("plain"))
    }

    @Test func referencesNameANamespaceANameAndAPathBelow() {
        let deep = FlowReference.parse("data.items[0].title")
        #expect(deep.kind == .data && deep.name == "items" && deep.restSteps == ["0", "title"])
        #expect(FlowReference.parse("screen.A.form.x").kind == .screenForm("A"))
        #expect(FlowReference.parse("screen.A.data.y.z").restSteps == ["z"])
        for bad in ["data", "data.", "data.a b", "screen.A.x.y", "other.x", "screen.A"] {
            #expect(FlowReference.parse(Substring(bad)).kind == .invalid, "\(bad)")
        }
    }

    /// What the linter accepts is what the walk reads, and what it rejects the walk leaves empty.
    @Test func lookupsReadWhatTheLinterAccepts() {
        let scope = FlowExpression.Scope(data: ["user": ["name": "Zo"], "items": [["title": "A"]]], form: ["x": "1"],
                                         screens: ["S": (data: ["d": 4], form: [:])])
        #expect(scope.lookup("data.user.name") == "Zo")
        #expect(scope.lookup("data.items[0].title") == "A" && scope.lookup("data.items.0.title") == "A")
        #expect(scope.lookup("screen.S.data.d") == 4)
        #expect(scope.lookup("form.x") == "1")
        #expect(scope.lookup("data") == nil && scope.lookup("data.a b") == nil)
        #expect(FlowExpression.holds("${form.x} == '1'", in: scope))
    }
}
