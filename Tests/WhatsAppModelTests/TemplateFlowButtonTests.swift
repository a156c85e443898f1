import Foundation
import Testing
@testable import WhatsAppModel

/// A template's flow button: `{"type": "action", "action": {"flow_token"?, "flow_action_data"?}}`.
@Suite struct TemplateFlowButtonTests {
    /// examples/template-flow.json: a body parameter and a flow button at components[1].
    func example() throws -> JSONValue {
        try JSONParser.parse(Array(try Data(contentsOf: packageRoot.appendingPathComponent("examples/template-flow.json"))))
    }

    static let parameter = "template.components[1].parameters[0]"
    static let action = parameter + ".action"

    /// Findings of the example with the flow button's action replaced by `action`.
    func findings(action: JSONValue) throws -> [Finding] {
        try validate(try example().setting(Self.action, to: action))
    }

    @Test func theExampleIsValid() throws {
        let f = try validate(try example())
        #expect(f.isEmpty, "\(f)")
    }

    @Test func theActionObjectIsRequired() throws {
        let f = try validate(try example().setting(Self.parameter, to: ["type": "action"]))
        #expect(f.contains { $0.isError && $0.path.description == Self.action && $0.rule == .required })
        let notObject = try findings(action: "flow")
        #expect(notObject.contains { $0.isError && $0.path.description == Self.action && $0.rule == .required })
    }

    @Test func anEmptyActionIsAllowed() throws {
        // Both members are optional: Meta then sends the default token "unused" and no data.
        #expect(try findings(action: [:]).isEmpty)
    }

    @Test func theParameterTypeMustBeAction() throws {
        let f = try validate(try example().setting(Self.parameter + ".type", to: "payload"))
        #expect(f.contains { $0.isError && $0.path.description == Self.parameter + ".type" && $0.rule == .allowedValues })
    }

    @Test func flowTokenIsANonEmptyString() throws {
        let empty = try findings(action: ["flow_token": ""])
        #expect(empty.contains { $0.isError && $0.path.description == Self.action + ".flow_token" && $0.rule == .notEmpty })
        let blank = try findings(action: ["flow_token": "   "])
        #expect(blank.contains { $0.isError && $0.path.description == Self.action + ".flow_token" && $0.rule == .notEmpty })
        let number = try findings(action: ["flow_token": 42])
        #expect(number.contains { $0.isError && $0.path.description == Self.action + ".flow_token" && $0.rule == .format && $0.actual == "a number" })
        #expect(try findings(action: ["flow_token": "t-1"]).isEmpty)
    }

    @Test func flowActionDataIsANonEmptyObject() throws {
        let empty = try findings(action: ["flow_token": "t", "flow_action_data": [:]])
        #expect(empty.contains { $0.isError && $0.path.description == Self.action + ".flow_action_data" && $0.rule == .notEmpty })
        let string = try findings(action: ["flow_action_data": "{\"a\":1}"])
        #expect(string.contains { $0.isError && $0.path.description == Self.action + ".flow_action_data" && $0.rule == .format && $0.actual == "a string" })
        let array = try findings(action: ["flow_action_data": [1, 2]])
        #expect(array.contains { $0.isError && $0.path.description == Self.action + ".flow_action_data" && $0.rule == .format })
        #expect(try findings(action: ["flow_action_data": ["a": 1]]).isEmpty)
    }

    @Test func unknownActionKeysAreWarnings() throws {
        let f = try findings(action: ["flow_token": "t", "flow_id": "123", "screen": "A"])
        let unknown = f.filter { $0.rule == .unknownField }
        #expect(Set(unknown.map(\.path.description)) == [Self.action + ".flow_id", Self.action + ".screen"])
        #expect(unknown.allSatisfy { $0.severity == .warning })
        #expect(!f.contains { $0.isError }, "\(f)")
    }

    @Test func catalogButtonActionsAreNotHeldToFlowRules() throws {
        // The same checks must not fire for other action buttons (their keys differ).
        let catalog = try example().setting("template.components[1].sub_type", to: "catalog")
            .setting(Self.action, to: ["thumbnail_product_retailer_id": "sku-1"])
        #expect(try validate(catalog).isEmpty)
    }
}
