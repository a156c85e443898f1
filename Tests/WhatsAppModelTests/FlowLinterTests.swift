import Foundation
import Testing
@testable import WhatsAppModel

/// Builds small Flow JSON documents for the rule table. `⁅` marks where the finding must point:
/// it is removed before parsing, and its line and column (Unicode scalars, as an editor counts)
/// are worked out here, independently of the parser's source map.
enum Fx {
    static let marker: Character = "⁅"

    static let done = #"{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}"#
    static let nameInput = #"{"type":"TextInput","label":"Name","name":"n"}"#

    /// A quoted JSON string; a leading marker goes before the quote (where the value starts).
    static func q(_ s: String) -> String {
        s.first == marker ? "\(marker)\"\(s.dropFirst())\"" : "\"\(s)\""
    }

    /// A document: `version` is raw JSON (so a marker can precede it), `top` extra top-level members.
    static func flow(_ screens: [String], version: String = #""7.3""#, top: String = "") -> String {
        "{\"version\":\(version),\(top)\n\"screens\":[\n" + screens.joined(separator: ",\n") + "\n]}"
    }

    /// One screen, one child per line; `extra` is raw members placed before `layout`.
    static func screen(_ id: String, title: String? = "Step", terminal: Bool = false, data: String? = nil, extra: String = "",
                       layout: String = #""SingleColumnLayout""#, _ children: [String]) -> String {
        var s = "{\"id\":\(q(id)),"
        if let title { s += "\"title\":\(q(title))," }
        if terminal { s += "\"terminal\":true," }
        if let data { s += "\"data\":\(data)," }
        s += extra
        s += "\"layout\":{\"type\":\(layout),\"children\":[\n" + children.joined(separator: ",\n") + "\n]}}"
        return s
    }

    /// A one-screen terminal Flow: `children`, then a completing Footer.
    static func one(_ children: [String], version: String = #""7.3""#, data: String? = nil, top: String = "", footer: String = done) -> String {
        flow([screen("ONE", terminal: true, data: data, children + [footer])], version: version, top: top)
    }

    /// Screen A (input `n`, Footer navigating to B with `payload`) and terminal screen B (declares `n`, shows it).
    static func nav(payload: String = #"{"n":"${form.n}"}"#, aChildren: [String] = [], aExtra: String = "", bChildren: [String] = [],
                    version: String = #""7.3""#) -> String {
        let footer = #"{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":"# + payload + "}}"
        let a = screen("A", extra: aExtra, [nameInput] + aChildren + [footer])
        let b = screen("B", terminal: true, data: #"{"n":{"type":"string","__example__":"Ann"}}"#,
                       [#"{"type":"TextBody","text":"${data.n}"}"#] + bChildren + [done])
        return flow([a, b], version: version)
    }

    /// A Footer navigating to `target`, without payload.
    static func next(_ target: String) -> String {
        #"{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"# + q(target) + "}}}"
    }

    static func link(_ target: String) -> String {
        #"{"type":"EmbeddedLink","text":"More","on-click-action":{"name":"navigate","next":{"type":"screen","name":"# + q(target) + "}}}"
    }

    static func optIn(_ i: Int, mark: Bool = false) -> String {
        (mark ? "\(marker)" : "") + #"{"type":"OptIn","label":"Yes","name":"o\#(i)"}"#
    }

    static func openLink(_ i: Int, mark: Bool = false) -> String {
        (mark ? "\(marker)" : "") + #"{"type":"EmbeddedLink","text":"Link \#(i)","on-click-action":{"name":"open_url","url":"https://example.com/\#(i)"}}"#
    }

    static func radio(options n: Int) -> String {
        let opts = (0..<n).map { #"{"id":"\#($0)","title":"Option \#($0)"}"# }.joined(separator: ",")
        return #"{"type":"RadioButtonsGroup","label":"Pick","name":"r","data-source":\#(marker)[\#(opts)]}"#
    }

    /// The text without its marker, and where the marker was.
    static func located(_ text: String) -> (String, SourcePosition?) {
        guard let m = text.firstIndex(of: marker) else { return (text, nil) }
        var line = 1, column = 1
        for scalar in text[..<m].unicodeScalars {
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        var clean = text
        clean.remove(at: m)
        return (clean, SourcePosition(line: line, column: column))
    }

    static func lint(_ text: String, options: FlowLinter.Options = .init(), tweak: ((inout FlowDocument) -> Void)? = nil) throws -> [Finding] {
        var doc = try FlowDocument.parse(Array(text.utf8), fileName: "test.json")
        tweak?(&doc)
        return FlowLinter.lint(doc, options: options)
    }
}

/// A rule, a Flow that breaks exactly that rule (with the finding's expected place marked), and
/// the nearest Flow that does not.
struct FlowLintCase: CustomTestStringConvertible, Sendable {
    var rule: Rule
    var severity: Finding.Severity
    var path: String
    var bad: String
    var good: String
    var options = FlowLinter.Options()
    var tweak: (@Sendable (inout FlowDocument) -> Void)?

    var testDescription: String { "\(rule.rawValue) at \(path)" }
}

private let m = Fx.marker

/// One row per way of breaking a rule. Every rule has at least one row (checked below).
let flowLintCases: [FlowLintCase] = {
    typealias C = FlowLintCase
    let c0 = "screens[0].layout.children[0]"
    var cases: [C] = [
        // Top level
        C(rule: .version, severity: .error, path: "version", bad: Fx.one([], version: "\(m)\"9.9\""), good: Fx.one([])),
        C(rule: .version, severity: .error, path: "version", bad: Fx.one([], version: "\(m)\"7\""), good: Fx.one([])),
        C(rule: .version, severity: .error, path: "version", bad: "\(m){\"screens\":[" + Fx.screen("ONE", terminal: true, [Fx.done]) + "]}", good: Fx.one([])),
        C(rule: .versionFrozen, severity: .warning, path: "version", bad: Fx.one([], version: "\(m)\"5.0\""), good: Fx.one([], version: "\"5.1\"")),
        C(rule: .screensEmpty, severity: .error, path: "screens", bad: "{\"version\":\"7.3\",\n\"screens\":\(m)[]}", good: Fx.one([])),
        C(rule: .screensEmpty, severity: .error, path: "screens[1]", bad: "{\"version\":\"7.3\",\"screens\":[" + Fx.screen("ONE", terminal: true, [Fx.done]) + ",\n\(m)\"TWO\"]}",
          good: Fx.one([])),
        C(rule: .sizeLimit, severity: .error, path: "", bad: "\(m)" + Fx.one([]), good: Fx.one([]), tweak: { $0.byteCount = 10_000_001 }),
        C(rule: .dataChannelURI, severity: .error, path: "data_channel_uri", bad: Fx.one([], top: "\"data_channel_uri\":\(m)\"https://example.com/flow\","),
          good: Fx.one([])),
        C(rule: .dataAPIVersion, severity: .error, path: "data_api_version",
          bad: Fx.one([], top: "\"data_api_version\":\(m)\"2.0\",\"routing_model\":{\"ONE\":[]},"),
          good: Fx.one([], top: "\"data_api_version\":\"3.0\",\"routing_model\":{\"ONE\":[]},")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).pattern",
          bad: Fx.one([#"{"type":"TextInput","label":"Code","name":"code","helper-text":"Digits","pattern":"# + "\(m)\"^[0-9]+$\"}"], version: "\"6.1\""),
          good: Fx.one([#"{"type":"TextInput","label":"Code","name":"code","helper-text":"Digits","pattern":"^[0-9]+$"}"#], version: "\"6.2\"")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).on-select-action.name",
          bad: Fx.one([#"{"type":"RadioButtonsGroup","label":"Pick","name":"r","data-source":[{"id":"a","title":"A"}],"on-select-action":{"name":"# + "\(m)\"update_data\",\"payload\":{}}}"],
                      version: "\"5.1\""),
          good: Fx.one([#"{"type":"RadioButtonsGroup","label":"Pick","name":"r","data-source":[{"id":"a","title":"A"}],"on-select-action":{"name":"update_data","payload":{}}}"#],
                       version: "\"6.0\"")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).children[1].on-click-action.payload.x",
          bad: screenRefInForm(version: "3.1", marked: true), good: screenRefInForm(version: "4.0", marked: false),
          options: .init(publishableVersions: ["3.1", "4.0"])),

        // Screens
        C(rule: .screenIDMissing, severity: .error, path: "screens[0].id",
          bad: Fx.flow(["\(m){\"title\":\"Step\",\"terminal\":true,\"layout\":{\"type\":\"SingleColumnLayout\",\"children\":[\(Fx.done)]}}"]), good: Fx.one([])),
        C(rule: .screenIDUnique, severity: .error, path: "screens[1].id",
          bad: Fx.flow([Fx.screen("ONE", terminal: true, [Fx.done]), Fx.screen("\(m)ONE", terminal: true, [Fx.done])]),
          good: Fx.flow([Fx.screen("ONE", terminal: true, [Fx.done]), Fx.screen("TWO", terminal: true, [Fx.done])])),
        C(rule: .screenIDReserved, severity: .error, path: "screens[0].id",
          bad: Fx.flow([Fx.screen("\(m)SUCCESS", terminal: true, [Fx.done])]), good: Fx.flow([Fx.screen("DONE", terminal: true, [Fx.done])])),
        C(rule: .screenIDCharset, severity: .warning, path: "screens[0].id",
          bad: Fx.flow([Fx.screen("\(m)STEP_2", terminal: true, [Fx.done])]), good: Fx.flow([Fx.screen("STEP_TWO", terminal: true, [Fx.done])])),
        C(rule: .missingTitle, severity: .warning, path: "screens[0].title",
          bad: Fx.flow(["\(m)" + Fx.screen("ONE", title: nil, terminal: true, [Fx.done])]), good: Fx.one([])),
        C(rule: .layoutType, severity: .error, path: "screens[0].layout.type",
          bad: Fx.flow([Fx.screen("ONE", terminal: true, layout: "\(m)\"TwoColumnLayout\"", [Fx.done])]), good: Fx.one([])),
        C(rule: .layoutType, severity: .error, path: "screens[0].layout",
          bad: Fx.flow(["{\"id\":\"ONE\",\"title\":\"Step\",\"terminal\":true}"]).replacingOccurrences(of: "{\"id\"", with: "\(m){\"id\""),
          good: Fx.one([])),
        C(rule: .terminalScreen, severity: .error, path: "screens",
          bad: "{\"version\":\"7.3\",\"screens\":\(m)[\n" + Fx.screen("ONE", [Fx.done]) + "]}", good: Fx.one([])),
        C(rule: .terminalFooter, severity: .error, path: "screens[0].layout.children",
          bad: Fx.flow([Fx.screen("ONE", terminal: true, [#"{"type":"TextBody","text":"Bye"}"#])]).replacingOccurrences(of: "\"children\":[", with: "\"children\":\(m)["),
          good: Fx.one([#"{"type":"TextBody","text":"Bye"}"#])),
        C(rule: .successNonTerminal, severity: .error, path: "screens[0].success",
          bad: Fx.nav(aExtra: "\"success\":\(m)true,"), good: Fx.nav()),

        // Actions and routing
        C(rule: .actionName, severity: .error, path: "\(c0).on-click-action.name",
          bad: Fx.one([], footer: #"{"type":"Footer","label":"Done","on-click-action":{"name":"# + "\(m)\"finish\"}}"), good: Fx.one([])),
        C(rule: .navigateTarget, severity: .error, path: "screens[0].layout.children[1].on-click-action.next.name",
          bad: Fx.nav(aChildren: [Fx.link("\(m)NOWHERE")]), good: Fx.nav(aChildren: [Fx.link("B")])),
        C(rule: .navigateTarget, severity: .error, path: "screens[0].layout.children[1].on-click-action.next.type",
          bad: Fx.nav(aChildren: [Fx.link("B").replacingOccurrences(of: #""type":"screen""#, with: #""type":\#(m)"url""#)]), good: Fx.nav(aChildren: [Fx.link("B")])),
        C(rule: .navigateSelf, severity: .error, path: "screens[0].layout.children[1].on-click-action.next.name",
          bad: Fx.nav(aChildren: [Fx.link("\(m)A")]), good: Fx.nav(aChildren: [Fx.link("B")])),
        C(rule: .navigateOnTerminal, severity: .error, path: "\(c0).on-click-action.name",
          bad: Fx.flow([Fx.screen("A", terminal: true, [#"{"type":"Footer","label":"Next","on-click-action":{"name":"# + "\(m)\"navigate\",\"next\":{\"type\":\"screen\",\"name\":\"B\"}}}"]),
                        Fx.screen("B", terminal: true, [Fx.done])]),
          good: Fx.flow([Fx.screen("A", [#"{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"}}}"#]),
                         Fx.screen("B", terminal: true, [Fx.done])])),
        C(rule: .navigatePayload, severity: .warning, path: "screens[0].layout.children[1].on-click-action.payload.extra",
          bad: Fx.nav(payload: "{\"n\":\"${form.n}\",\"extra\":\(m)\"${form.n}\"}"), good: Fx.nav()),
        C(rule: .navigatePayload, severity: .warning, path: "screens[1].data.n",
          bad: Fx.nav(payload: "{}").replacingOccurrences(of: #""data":{"n":"#, with: #""data":{"n":\#(m)"#),
          good: Fx.nav()),
        C(rule: .navigatePayload, severity: .warning, path: "screens[0].layout.children[1].on-click-action.payload.n",
          bad: Fx.nav(payload: "{\"n\":\(m)42}"), good: Fx.nav(payload: #"{"n":"42"}"#)),
        C(rule: .completePlacement, severity: .warning, path: "screens[0].layout.children[1].on-click-action.name",
          bad: Fx.flow([Fx.screen("A", [Fx.link("B"), #"{"type":"Footer","label":"Done","on-click-action":{"name":"# + "\(m)\"complete\",\"payload\":{}}}"]),
                        Fx.screen("B", terminal: true, [Fx.done])]),
          good: Fx.flow([Fx.screen("A", [Fx.link("B"), Fx.next("B")]), Fx.screen("B", terminal: true, [Fx.done])])),
        C(rule: .actionPlacement, severity: .error, path: "\(c0).on-click-action.name",
          bad: Fx.one([#"{"type":"EmbeddedLink","text":"Finish now","on-click-action":{"name":"# + "\(m)\"complete\",\"payload\":{}}}"]),
          good: Fx.one([Fx.openLink(1)])),
        C(rule: .actionPlacement, severity: .error, path: "\(c0).on-select-action.name",
          bad: Fx.one([#"{"type":"Dropdown","label":"Pick","name":"d","data-source":[{"id":"a","title":"A"}],"on-select-action":{"name":"# + "\(m)\"navigate\",\"next\":{\"type\":\"screen\",\"name\":\"ONE\"}}}"]),
          good: Fx.one([#"{"type":"Dropdown","label":"Pick","name":"d","data-source":[{"id":"a","title":"A"}],"on-select-action":{"name":"update_data","payload":{}}}"#])),
        C(rule: .dataExchangeEndpoint, severity: .error, path: "\(c0).on-click-action.name",
          bad: Fx.one([], footer: #"{"type":"Footer","label":"Send","on-click-action":{"name":"# + "\(m)\"data_exchange\",\"payload\":{}}}"),
          good: Fx.one([], top: "\"data_api_version\":\"3.0\",\"routing_model\":{\"ONE\":[]},",
                       footer: #"{"type":"Footer","label":"Send","on-click-action":{"name":"data_exchange","payload":{}}}"#)),
        C(rule: .dataExchangeEndpoint, severity: .error, path: "screens[0].refresh_on_back",
          bad: Fx.flow([Fx.screen("ONE", terminal: true, extra: "\"refresh_on_back\":\(m)true,", [Fx.done])]),
          good: Fx.flow([Fx.screen("ONE", terminal: true, extra: "\"refresh_on_back\":true,", [Fx.done])], top: "\"data_api_version\":\"3.0\",\"routing_model\":{\"ONE\":[]},")),
        C(rule: .routingModel, severity: .error, path: "routing_model.A[1]", bad: endpoint(routes: "{\"A\":[\"B\",\(m)\"A\"],\"B\":[]}"), good: endpoint(routes: #"{"A":["B"],"B":[]}"#)),
        C(rule: .routingModel, severity: .error, path: "routing_model",
          bad: manyBranches(marked: true, extra: true), good: manyBranches(marked: false, extra: false)),
        C(rule: .routingModel, severity: .error, path: "routing_model",
          bad: Fx.flow([Fx.screen("ONE", terminal: true, [Fx.done])], top: "\"data_api_version\":\"3.0\",\"routing_model\":\(m)[],"),
          good: Fx.flow([Fx.screen("ONE", terminal: true, [Fx.done])], top: "\"data_api_version\":\"3.0\",\"routing_model\":{\"ONE\":[]},")),
        C(rule: .routingModel, severity: .error, path: "screens[0].id",
          bad: Fx.flow([Fx.screen("\(m)A", [Fx.next("B")]), Fx.screen("B", [Fx.next("C")]), Fx.screen("C", [Fx.next("B")]),
                        Fx.screen("END", terminal: true, [Fx.done])]),
          good: Fx.flow([Fx.screen("A", [Fx.next("B")]), Fx.screen("B", [Fx.next("END")]), Fx.screen("END", terminal: true, [Fx.done])])),
        C(rule: .entryScreen, severity: .error, path: "screens",
          bad: Fx.nav(bChildren: [Fx.link("A")]).replacingOccurrences(of: "\"screens\":[", with: "\"screens\":\(m)["), good: Fx.nav()),

        // Dynamic data and forms
        C(rule: .dataUndeclared, severity: .error, path: "\(c0).text",
          bad: Fx.one(["{\"type\":\"TextBody\",\"text\":\(m)\"${data.missing}\"}"]),
          good: Fx.one([#"{"type":"TextBody","text":"${data.missing}"}"#], data: #"{"missing":{"type":"string","__example__":"x"}}"#)),
        C(rule: .dataUndeclared, severity: .error, path: "screens[1].layout.children[0].text",
          bad: Fx.nav().replacingOccurrences(of: #""text":"${data.n}""#, with: #""text":\#(m)"${screen.A.data.n}""#),
          good: Fx.nav().replacingOccurrences(of: #""text":"${data.n}""#, with: #""text":"${screen.B.data.n}""#)),
        C(rule: .dataDeclaration, severity: .error, path: "screens[0].data.n.__example__",
          bad: Fx.one([], data: "{\"n\":\(m){\"type\":\"string\"}}"), good: Fx.one([], data: #"{"n":{"type":"string","__example__":"x"}}"#)),
        C(rule: .dataDeclaration, severity: .error, path: "screens[0].data.n.__example__",
          bad: Fx.one([], data: "{\"n\":{\"type\":\"number\",\"__example__\":\(m)\"12\"}}"), good: Fx.one([], data: #"{"n":{"type":"number","__example__":12}}"#)),
        C(rule: .dataDeclaration, severity: .error, path: "screens[0].data.n.type",
          bad: Fx.one([], data: "{\"n\":{\"type\":\(m)\"text\",\"__example__\":\"x\"}}"), good: Fx.one([], data: #"{"n":{"type":"string","__example__":"x"}}"#)),
        C(rule: .dataDeclaration, severity: .error, path: "screens[0].data.opts.__example__",
          bad: Fx.one([], data: "{\"opts\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}},\"__example__\":\(m)[{\"id\":1}]}}"),
          good: Fx.one([], data: #"{"opts":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}}},"__example__":[{"id":"1"}]}}"#)),
        C(rule: .dataType, severity: .error, path: "\(c0).data-source",
          bad: Fx.one(["{\"type\":\"Dropdown\",\"label\":\"Pick\",\"name\":\"d\",\"data-source\":\(m)\"${data.opts}\"}"], data: #"{"opts":{"type":"string","__example__":"x"}}"#),
          good: Fx.one([#"{"type":"Dropdown","label":"Pick","name":"d","data-source":"${data.opts}"}"#], data: #"{"opts":{"type":"array","__example__":[{"id":"a","title":"A"}]}}"#)),
        C(rule: .formReference, severity: .error, path: "\(c0).on-click-action.payload.x",
          bad: Fx.one([], footer: #"{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"x":"# + "\(m)\"${form.nope}\"}}}"),
          good: Fx.one([#"{"type":"TextInput","label":"Nope","name":"nope"}"#], footer: #"{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"x":"${form.nope}"}}}"#)),
        C(rule: .formReference, severity: .error, path: "screens[1].layout.children[0].text",
          bad: Fx.nav().replacingOccurrences(of: #""text":"${data.n}""#, with: #""text":\#(m)"${screen.A.form.age}""#),
          good: Fx.nav().replacingOccurrences(of: #""text":"${data.n}""#, with: #""text":"${screen.A.form.n}""#)),
        C(rule: .referenceSyntax, severity: .error, path: "\(c0).text",
          bad: Fx.one(["{\"type\":\"TextBody\",\"text\":\(m)\"${user.name}\"}"]),
          good: Fx.one([#"{"type":"TextBody","text":"${data.name}"}"#], data: #"{"name":{"type":"string","__example__":"Ann"}}"#)),
        C(rule: .referenceSyntax, severity: .error, path: "\(c0).text",
          bad: Fx.one(["{\"type\":\"TextBody\",\"text\":\(m)\"${data.name\"}"], data: #"{"name":{"type":"string","__example__":"Ann"}}"#),
          good: Fx.one([#"{"type":"TextBody","text":"${data.name}"}"#], data: #"{"name":{"type":"string","__example__":"Ann"}}"#)),
        C(rule: .staticDynamicMix, severity: .error, path: "\(c0).text",
          bad: Fx.one(["{\"type\":\"TextBody\",\"text\":\(m)\"Hello ${data.name}\"}"], data: #"{"name":{"type":"string","__example__":"Ann"}}"#),
          good: Fx.one([#"{"type":"TextBody","text":"${data.name}"}"#], data: #"{"name":{"type":"string","__example__":"Ann"}}"#)),
        C(rule: .nullValue, severity: .error, path: "\(c0).helper-text",
          bad: Fx.one(["{\"type\":\"TextInput\",\"label\":\"Name\",\"name\":\"n\",\"helper-text\":\(m)null}"]), good: Fx.one([Fx.nameInput])),
        C(rule: .formRequired, severity: .error, path: c0,
          bad: Fx.one(["\(m)" + Fx.nameInput], version: "\"3.1\""),
          good: Fx.one([#"{"type":"Form","name":"f","children":["# + Fx.nameInput + "," + Fx.done + "]}"], version: "\"3.1\"", footer: #"{"type":"TextBody","text":"Thanks"}"#),
          options: .init(publishableVersions: ["3.1"])),
        C(rule: .inputName, severity: .error, path: "\(c0).name",
          bad: Fx.one(["\(m){\"type\":\"TextInput\",\"label\":\"Name\"}"]), good: Fx.one([Fx.nameInput])),
        C(rule: .inputName, severity: .error, path: "screens[0].layout.children[1].name",
          bad: Fx.one([Fx.nameInput, "{\"type\":\"TextArea\",\"label\":\"More\",\"name\":\(m)\"n\"}"]),
          good: Fx.one([Fx.nameInput, #"{"type":"TextArea","label":"More","name":"m"}"#])),
        C(rule: .inputNameReused, severity: .warning, path: "screens[1].layout.children[1].name",
          bad: Fx.nav(bChildren: ["{\"type\":\"TextInput\",\"label\":\"Again\",\"name\":\(m)\"n\"}"]),
          good: Fx.nav(bChildren: [#"{"type":"TextInput","label":"Again","name":"m"}"#])),

        // Components
        C(rule: .unknownComponent, severity: .error, path: "\(c0).type",
          bad: Fx.one(["{\"type\":\(m)\"TextBox\",\"text\":\"Hi\"}"]), good: Fx.one([#"{"type":"TextBody","text":"Hi"}"#])),
        C(rule: .unknownComponent, severity: .error, path: c0, bad: Fx.one(["\(m)\"TextBody\""]), good: Fx.one([#"{"type":"TextBody","text":"Hi"}"#])),
        C(rule: .componentRequired, severity: .error, path: "\(c0).label",
          bad: Fx.one([], footer: "\(m){\"type\":\"Footer\",\"on-click-action\":{\"name\":\"complete\",\"payload\":{}}}"), good: Fx.one([])),
        C(rule: .componentRequired, severity: .error, path: "\(c0).data-source[0].title",
          bad: Fx.one(["{\"type\":\"RadioButtonsGroup\",\"label\":\"Pick\",\"name\":\"r\",\"data-source\":[\(m){\"id\":\"a\"}]}"]),
          good: Fx.one([#"{"type":"RadioButtonsGroup","label":"Pick","name":"r","data-source":[{"id":"a","title":"A"}]}"#])),
        C(rule: .componentRequired, severity: .error, path: "\(c0).label",
          bad: Fx.one(["\(m){\"type\":\"CheckboxGroup\",\"name\":\"c\",\"data-source\":[{\"id\":\"a\",\"title\":\"A\"}]}"], version: "\"5.1\""),
          good: Fx.one([#"{"type":"CheckboxGroup","name":"c","data-source":[{"id":"a","title":"A"}]}"#], version: "\"3.1\"").replacingOccurrences(of: "{\"type\":\"CheckboxGroup\"", with: "{\"type\":\"Form\",\"name\":\"f\",\"children\":[{\"type\":\"CheckboxGroup\"")
            .replacingOccurrences(of: "\"title\":\"A\"}]}", with: "\"title\":\"A\"}]}]}"),
          options: .init(publishableVersions: ["3.1", "5.1"])),
        C(rule: .propertyValue, severity: .error, path: "\(c0).input-type",
          bad: Fx.one(["{\"type\":\"TextInput\",\"label\":\"Site\",\"name\":\"s\",\"input-type\":\(m)\"url\"}"]),
          good: Fx.one([#"{"type":"TextInput","label":"Site","name":"s","input-type":"text"}"#])),
        C(rule: .propertyValue, severity: .error, path: "\(c0).min-date",
          bad: Fx.one(["{\"type\":\"DatePicker\",\"label\":\"Day\",\"name\":\"d\",\"min-date\":\(m)\"14/03/2025\"}"]),
          good: Fx.one([#"{"type":"DatePicker","label":"Day","name":"d","min-date":"2025-03-14"}"#])),
        C(rule: .propertyValue, severity: .error, path: "\(c0).font-weight",
          bad: Fx.one(["{\"type\":\"TextBody\",\"text\":\"Hi\",\"font-weight\":\(m)\"heavy\"}"]),
          good: Fx.one([#"{"type":"TextBody","text":"Hi","font-weight":"bold"}"#])),
        C(rule: .componentCount, severity: .error, path: "screens[0].layout.children",
          bad: Fx.one(Array(repeating: #"{"type":"TextBody","text":"Hi"}"#, count: 50)).replacingOccurrences(of: "\"children\":[", with: "\"children\":\(m)["),
          good: Fx.one(Array(repeating: #"{"type":"TextBody","text":"Hi"}"#, count: 49))),
        C(rule: .optinCount, severity: .error, path: "screens[0].layout.children[5]",
          bad: Fx.one((0..<6).map { Fx.optIn($0, mark: $0 == 5) }), good: Fx.one((0..<5).map { Fx.optIn($0) })),
        C(rule: .embeddedLinkCount, severity: .error, path: "screens[0].layout.children[2]",
          bad: Fx.one((0..<3).map { Fx.openLink($0, mark: $0 == 2) }), good: Fx.one((0..<2).map { Fx.openLink($0) })),
        C(rule: .charLimit, severity: .error, path: "\(c0).text",
          bad: Fx.one(["{\"type\":\"TextHeading\",\"text\":\(m)\"\(String(repeating: "h", count: 81))\"}"]),
          good: Fx.one(["{\"type\":\"TextHeading\",\"text\":\"\(String(repeating: "h", count: 80))\"}"])),
        C(rule: .charLimit, severity: .error, path: "\(c0).label",
          bad: Fx.one(["{\"type\":\"TextInput\",\"name\":\"n\",\"label\":\(m)\"\(String(repeating: "😀", count: 10))x\"}"]),
          good: Fx.one(["{\"type\":\"TextInput\",\"name\":\"n\",\"label\":\"\(String(repeating: "😀", count: 10))\"}"])),
        C(rule: .charLimit, severity: .error, path: "\(c0).data-source[0].title",
          bad: Fx.one(["{\"type\":\"Dropdown\",\"label\":\"Pick\",\"name\":\"d\",\"data-source\":[{\"id\":\"a\",\"title\":\(m)\"\(String(repeating: "t", count: 31))\"}]}"]),
          good: Fx.one(["{\"type\":\"Dropdown\",\"label\":\"Pick\",\"name\":\"d\",\"data-source\":[{\"id\":\"a\",\"title\":\"\(String(repeating: "t", count: 30))\"}]}"])),
        C(rule: .charLimit, severity: .error, path: "\(c0).label",
          bad: Fx.one([], footer: "{\"type\":\"Footer\",\"label\":\(m)\"\(String(repeating: "f", count: 36))\",\"on-click-action\":{\"name\":\"complete\",\"payload\":{}}}"),
          good: Fx.one([], footer: "{\"type\":\"Footer\",\"label\":\"\(String(repeating: "f", count: 30))\",\"on-click-action\":{\"name\":\"complete\",\"payload\":{}}}")),
        C(rule: .charLimitStrict, severity: .warning, path: "\(c0).label",
          bad: Fx.one([], footer: "{\"type\":\"Footer\",\"label\":\(m)\"\(String(repeating: "f", count: 35))\",\"on-click-action\":{\"name\":\"complete\",\"payload\":{}}}"),
          good: Fx.one([], footer: "{\"type\":\"Footer\",\"label\":\"\(String(repeating: "f", count: 30))\",\"on-click-action\":{\"name\":\"complete\",\"payload\":{}}}")),
        C(rule: .charLimitStrict, severity: .warning, path: "\(c0).label",
          bad: Fx.one(["{\"type\":\"OptIn\",\"name\":\"o\",\"label\":\(m)\"\(String(repeating: "o", count: 81))\"}"]),
          good: Fx.one(["{\"type\":\"OptIn\",\"name\":\"o\",\"label\":\"\(String(repeating: "o", count: 80))\"}"])),
        C(rule: .charLimit, severity: .error, path: "\(c0).label",
          bad: Fx.one(["{\"type\":\"OptIn\",\"name\":\"o\",\"label\":\(m)\"\(String(repeating: "o", count: 121))\"}"]),
          good: Fx.one(["{\"type\":\"OptIn\",\"name\":\"o\",\"label\":\"\(String(repeating: "o", count: 80))\"}"])),
        C(rule: .optionsCount, severity: .error, path: "\(c0).data-source", bad: Fx.one([Fx.radio(options: 21)]),
          good: Fx.one([Fx.radio(options: 20).replacingOccurrences(of: "\(m)", with: "")])),
        C(rule: .optionsCount, severity: .error, path: "\(c0).data-source", bad: Fx.one([Fx.radio(options: 0)]),
          good: Fx.one([Fx.radio(options: 1).replacingOccurrences(of: "\(m)", with: "")])),
        C(rule: .imageSize, severity: .error, path: "\(c0).data-source[0].image",
          bad: Fx.one(["{\"type\":\"RadioButtonsGroup\",\"label\":\"Pick\",\"name\":\"r\",\"data-source\":[{\"id\":\"a\",\"title\":\"A\",\"image\":\(m)\"\(String(repeating: "QUJD", count: 33_400))\"}]}"]),
          good: Fx.one(["{\"type\":\"RadioButtonsGroup\",\"label\":\"Pick\",\"name\":\"r\",\"data-source\":[{\"id\":\"a\",\"title\":\"A\",\"image\":\"\(String(repeating: "QUJD", count: 33_300))\"}]}"])),
        C(rule: .footerCaptions, severity: .error, path: "\(c0).center-caption",
          bad: Fx.one([], footer: "{\"type\":\"Footer\",\"label\":\"Pay\",\"left-caption\":\"Total\",\"center-caption\":\(m)\"R 120\",\"on-click-action\":{\"name\":\"complete\",\"payload\":{}}}"),
          good: Fx.one([], footer: #"{"type":"Footer","label":"Pay","left-caption":"Total","right-caption":"R 120","on-click-action":{"name":"complete","payload":{}}}"#)),
        C(rule: .footerCount, severity: .warning, path: "screens[0].layout.children[1]",
          bad: Fx.one(["\(Fx.done)"]).replacingOccurrences(of: ",\n\(Fx.done)\n]", with: ",\n\(m)\(Fx.done)\n]"), good: Fx.one([])),
        C(rule: .richTextStandalone, severity: .error, path: "screens[0].layout.children[1]",
          bad: Fx.one([#"{"type":"RichText","text":["Our terms","Read **all** of it."]}"#, "\(m){\"type\":\"TextBody\",\"text\":\"Hi\"}"]),
          good: Fx.one([#"{"type":"RichText","text":["Our terms","Read **all** of it."]}"#])),
        C(rule: .blankString, severity: .error, path: "\(c0).text",
          bad: Fx.one(["{\"type\":\"TextBody\",\"text\":\(m)\" \\n \"}"]), good: Fx.one([#"{"type":"TextBody","text":"Hi"}"#])),
    ]
    cases.append(C(rule: .routingModel, severity: .error, path: "screens[0].layout.children[0].on-click-action.next.name",
                   bad: endpointNavigate(marked: true, routes: #"{"A":[],"B":[]}"#), good: endpointNavigate(marked: false, routes: #"{"A":["B"],"B":[]}"#)))
    cases += schemaLintCases + routingLintCases
    return cases
}()

/// A Form-wrapped screen completing with `${screen.ONE.form.n}` (a v4.0 feature).
private func screenRefInForm(version: String, marked: Bool) -> String {
    let footer = "{\"type\":\"Footer\",\"label\":\"Done\",\"on-click-action\":{\"name\":\"complete\",\"payload\":{\"x\":\(marked ? "\(m)" : "")\"${screen.ONE.form.n}\"}}}"
    return Fx.flow([Fx.screen("ONE", terminal: true, ["{\"type\":\"Form\",\"name\":\"f\",\"children\":[\(Fx.nameInput),\(footer)]}"])], version: "\"\(version)\"")
}

/// Two-screen endpoint Flow: A's Footer exchanges data, B is terminal.
private func endpoint(routes: String) -> String {
    Fx.flow([Fx.screen("A", [#"{"type":"Footer","label":"Next","on-click-action":{"name":"data_exchange","payload":{}}}"#]),
             Fx.screen("B", terminal: true, [Fx.done])],
            top: "\"data_api_version\":\"3.0\",\"routing_model\":\(routes),")
}

/// An endpoint Flow whose A navigates to B on the client.
private func endpointNavigate(marked: Bool, routes: String) -> String {
    Fx.flow([Fx.screen("A", ["{\"type\":\"Footer\",\"label\":\"Next\",\"on-click-action\":{\"name\":\"navigate\",\"next\":{\"type\":\"screen\",\"name\":\(marked ? "\(m)" : "")\"B\"}}}"]),
             Fx.screen("B", terminal: true, [Fx.done])],
            top: "\"data_api_version\":\"3.0\",\"routing_model\":\(routes),")
}

/// An endpoint Flow of a hub screen routing to 10 (or 11) terminal screens.
private func manyBranches(marked: Bool, extra: Bool) -> String {
    let n = extra ? 11 : 10
    let ids = (0..<n).map { "T" + String(repeating: "X", count: $0 + 1) }
    let hub = Fx.screen("HUB", [#"{"type":"Footer","label":"Next","on-click-action":{"name":"data_exchange","payload":{}}}"#])
    let routes = "{\"HUB\":[" + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]," + ids.map { "\"\($0)\":[]" }.joined(separator: ",") + "}"
    return Fx.flow([hub] + ids.map { Fx.screen($0, terminal: true, [Fx.done]) },
                   top: "\"data_api_version\":\"3.0\",\"routing_model\":\(marked ? "\(m)" : "")\(routes),")
}

@Suite struct FlowLinterTests {
    @Test(arguments: flowLintCases)
    func ruleFires(_ c: FlowLintCase) throws {
        let (text, position) = Fx.located(c.bad)
        #expect(position != nil, "the bad case marks where the finding must point")
        let findings = try Fx.lint(text, options: c.options, tweak: c.tweak)
        #expect(Set(findings.map(\.rule)) == [c.rule], "exactly \(c.rule.rawValue) fires: \(findings.map(\.description))")
        let hit = findings.first { $0.path.description == c.path }
        #expect(hit != nil, "a finding at \(c.path): \(findings.map(\.description))")
        #expect(hit?.severity == c.severity)
        #expect(hit?.position == position, "line/column of \(c.path)")
    }

    @Test(arguments: flowLintCases)
    func nearestValidVariantIsClean(_ c: FlowLintCase) throws {
        #expect(!c.good.contains(Fx.marker))
        let findings = try Fx.lint(c.good, options: c.options)
        #expect(!findings.contains { $0.rule == c.rule })
        #expect(findings.isEmpty, "the good variant is fully valid: \(findings.map(\.description))")
    }

    /// The table must keep a failing case for every rule, so adding a rule forces a test.
    @Test func everyRuleHasAFailingCase() {
        let covered = Set(flowLintCases.map(\.rule))
        for rule in Rule.flowRules {
            #expect(covered.contains(rule), "no failing case for \(rule.rawValue)")
        }
        // Rule ids are stable kebab-case: scripts match on them.
        for rule in Rule.flowRules {
            #expect(rule.rawValue.allSatisfy { $0.isLowercase || $0 == "-" }, "\(rule.rawValue)")
        }
    }

    /// One id per rule, across the message rules and the Flow rules (one `Rule` carries both).
    @Test func ruleIdsAreUniqueAcrossMessagesAndFlows() {
        let all = Rule.messageRules + Rule.flowRules
        #expect(Set(all.map(\.rawValue)).count == all.count)
        #expect(Rule.messageRules.allSatisfy { $0.severity == nil })
    }

    /// The severity each rule reports with; a table case's severity is written out, not derived.
    @Test func warningRulesAreTheHeuristicOnes() {
        let warnings = Set(Rule.flowRules.filter { $0.severity == .warning })
        #expect(warnings == [.versionFrozen, .screenIDCharset, .missingTitle, .navigatePayload, .completePlacement, .inputNameReused, .footerCount,
                             .charLimitStrict, .unknownProperty, .propertyIgnored, .emptyChildren])
    }

    // MARK: Positions

    @Test func lineAndColumnCountCharactersOnMultiLineNonASCIIText() throws {
        // Line 5 starts with 6 spaces; ö, ß and 😀 count one column each (Unicode scalars).
        let text = """
            {
              "version": "7.3",
              "screens": [{"id": "ONE", "title": "Über uns", "terminal": true, "layout": {"type": "SingleColumnLayout",
                "children": [
                  {"type": "TextBody", "text": "Größe 😀 ", "font-weight": "heavy"},
                  {"type": "TextHeading", "text": "\(String(repeating: "é", count: 81))"},
                  {"type": "Footer", "label": "Fertig", "on-click-action": {"name": "complete", "payload": {}}}
                ]}}]
            }
            """
        let findings = try Fx.lint(text)
        let weight = try #require(findings.first { $0.rule == .propertyValue })
        #expect(weight.path == "screens[0].layout.children[0].font-weight")
        #expect(weight.position == SourcePosition(line: 5, column: 63))
        let heading = try #require(findings.first { $0.rule == .charLimit })
        #expect(heading.position == SourcePosition(line: 6, column: 39))
        #expect(heading.limit == "80" && heading.actual == "81")
        #expect(heading.description.hasPrefix("error 6:39 screens[0].layout.children[1].text: "))
        #expect(heading.description.hasSuffix("(limit 80, actual 81) [char-limit]"))
        #expect(findings.count == 2)
    }

    @Test func findingsComeSortedByPosition() throws {
        let text = Fx.one(["{\"type\":\"TextBody\",\"text\":\"${data.a}\"}", "{\"type\":\"TextBody\",\"text\":\"${data.b}\"}"], version: "\"9.9\"")
        let findings = try Fx.lint(text)
        #expect(findings.map(\.rule) == [.version, .dataUndeclared, .dataUndeclared])
        let positions = findings.compactMap(\.position).map { [$0.line, $0.column] }
        #expect(positions == positions.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(findings[1].path.description.hasSuffix("children[0].text") && findings[2].path.description.hasSuffix("children[1].text"))
    }

    // MARK: Details of individual rules

    @Test func dynamicValuesSkipLengthLimitsButAreChecked() throws {
        let long = String(repeating: "x", count: 100)
        let data = #"{"t":{"type":"string","__example__":"x"}}"#
        // A reference has no length until run time.
        #expect(try Fx.lint(Fx.one([#"{"type":"TextHeading","text":"${data.t}"}"#], data: data)).isEmpty)
        // A backtick expression (v6.0+) is not a mix, and not measured either.
        #expect(try Fx.lint(Fx.one(["{\"type\":\"TextHeading\",\"text\":\"`'\(long)' ${data.t}`\"}"], data: data)).isEmpty)
        // Before 6.0 the same expression is a version problem.
        let old = try Fx.lint(Fx.one(["{\"type\":\"TextHeading\",\"text\":\"`'a' ${data.t}`\"}"], version: "\"5.1\"", data: data))
        #expect(old.map(\.rule) == [.versionFeature])
        // An If condition is an expression by nature.
        let cond = #"{"type":"If","condition":"${data.t} == 'x'","then":[{"type":"TextBody","text":"Yes"}]}"#
        #expect(try Fx.lint(Fx.one([cond], data: data)).isEmpty)
    }

    @Test func versionsCompareNumericallyAndAreConfigurable() throws {
        #expect(FlowLinter.Version("6.10")! > FlowLinter.Version("6.9")!)
        #expect(FlowLinter.Version("7.3")! > FlowLinter.Version("6.3")!)
        #expect(FlowLinter.Version("7") == nil && FlowLinter.Version("7.x") == nil && FlowLinter.Version(" 7.3") == nil)
        let future = Fx.one([], version: "\"8.0\"")
        #expect(try Fx.lint(future).map(\.rule) == [.version])
        #expect(try Fx.lint(future, options: FlowLinter.Options().allowing(["8.0"])).isEmpty)
        // Allowed but not publishable: a warning, not an error.
        let frozen = try Fx.lint(future, options: .init(allowedVersions: ["8.0"], publishableVersions: ["7.3"]))
        #expect(frozen.map(\.rule) == [.versionFrozen] && frozen[0].severity == .warning)
        // Numeric: 6.10 ≥ 6.2, so pattern is allowed there.
        let pattern = Fx.one([#"{"type":"TextInput","label":"Code","name":"c","helper-text":"Digits","pattern":"^[0-9]+$"}"#], version: "\"6.10\"")
        #expect(try Fx.lint(pattern, options: FlowLinter.Options().allowing(["6.10"])).isEmpty)
    }

    @Test func componentsMetaDocumentsLintCleanWithTheirProperties() throws {
        let image = #"{"type":"Image","src":"iVBORw0KGgo=","height":100}"#
        let calendar = #"{"type":"CalendarPicker","label":"Dates","name":"dates"}"#
        #expect(try Fx.lint(Fx.one([image, calendar])).isEmpty)
        // …but not below the version that introduced them.
        let old = try Fx.lint(Fx.one([calendar], version: "\"6.0\""))
        #expect(old.map(\.rule) == [.versionFeature] && old[0].path == "screens[0].layout.children[0].type")
    }

    @Test func navigationListItemsAreRoutes() throws {
        func list(_ target: String) -> String {
            #"{"type":"NavigationList","name":"topics","list-items":[{"id":"a","main-content":{"title":"Home cover"},"# +
                #""on-click-action":{"name":"navigate","next":{"type":"screen","name":"\#(target)"}}}]}"#
        }
        let ok = Fx.flow([Fx.screen("LIST", [list("END")]), Fx.screen("END", terminal: true, [Fx.done])])
        #expect(try Fx.lint(ok).isEmpty)
        let doc = try FlowDocument.parse(Array(ok.utf8))
        #expect(doc.screens[0].allComponents.map(\.type) == ["NavigationList"])
        let wrong = try Fx.lint(Fx.flow([Fx.screen("LIST", [list("NOWHERE")]), Fx.screen("END", terminal: true, [Fx.done])]))
        // The bad target, and so no way from LIST to a terminal screen.
        #expect(wrong.map(\.rule) == [.routingModel, .navigateTarget])
        #expect(wrong.last?.path == "screens[0].layout.children[0].list-items[0].on-click-action.next.name")
    }

    @Test func inputsInIfBranchesMayShareAName() throws {
        let branchy = #"{"type":"If","condition":"${data.vip}","then":[{"type":"TextInput","label":"Code","name":"code"}],"else":[{"type":"TextInput","label":"Voucher","name":"code"}]}"#
        #expect(try Fx.lint(Fx.one([branchy], data: #"{"vip":{"type":"boolean","__example__":true}}"#)).isEmpty)
    }

    @Test func findingJSONCarriesEverything() throws {
        let f = try #require(try Fx.lint(Fx.one([#"{"type":"TextHeading","text":"\#(String(repeating: "h", count: 81))"}"#])).first)
        let j = f.json
        #expect(j["severity"] == "error" && j["rule"] == "char-limit" && j["limit"] == "80" && j["actual"] == "81")
        #expect(j["path"] == "screens[0].layout.children[0].text")
        #expect(j["line"]?.intValue == f.position?.line && j["column"]?.intValue == f.position?.column && j["line"] != nil)
    }

    // MARK: Example flows

    static let exampleFlowDirectory = packageRoot.appendingPathComponent("examples/flows")

    @Test func exampleFlowsLintWithoutErrors() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.exampleFlowDirectory.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files == ["appointment.json", "callback-request.json", "event-signup.json", "feedback-survey.json", "table-booking-endpoint.json"])
        // The survey keeps version 3.1 to show a Form-wrapped Flow; the callback request pairs a
        // pattern with input-type phone, which Meta's page does not list for pattern.
        let expectedWarnings: [String: [Rule]] = ["feedback-survey.json": [.versionFrozen], "callback-request.json": [.propertyIgnored]]
        for file in files {
            let doc = try FlowDocument.load(path: Self.exampleFlowDirectory.appendingPathComponent(file).path)
            let findings = FlowLinter.lint(doc)
            #expect(findings.filter(\.isError).isEmpty, "\(file): \(findings.map(\.description))")
            #expect(findings.map(\.rule) == expectedWarnings[file, default: []], "\(file): \(findings.map(\.description))")
        }
    }

    @Test func appointmentFlowHasTheScreensTheConsoleUses() throws {
        let doc = try FlowDocument.load(path: Self.exampleFlowDirectory.appendingPathComponent("appointment.json").path)
        #expect(doc.version == "7.3" && !doc.hasEndpoint)
        #expect(doc.screens.map(\.id) == ["APPOINTMENT", "DETAILS", "SUMMARY"])
        #expect(doc.entryScreenID == "APPOINTMENT")
        #expect(doc.routes(from: "APPOINTMENT") == ["DETAILS"] && doc.routes(from: "DETAILS") == ["SUMMARY"])
        #expect(doc.screens.filter(\.terminal).map(\.id) == ["SUMMARY"])
        let entry = try #require(doc.screen("APPOINTMENT"))
        #expect(entry.data.map(\.name) == ["customer_name", "departments"])
        let dropdown = try #require(entry.allComponents.first { $0.type == "Dropdown" })
        #expect(dropdown.options == nil && dropdown["data-source"]?.stringValue == "${data.departments}")
        let types = Set(doc.screens.flatMap(\.allComponents).map(\.type))
        #expect(types.isSuperset(of: ["TextHeading", "TextBody", "Dropdown", "DatePicker", "RadioButtonsGroup", "TextInput", "TextArea", "OptIn", "Footer"]))
        let complete = try #require(doc.screen("SUMMARY")?.actions.first { $0.name == "complete" })
        #expect(complete.payload?.keys.count == 9)
    }

    // MARK: Message cross-check

    static let appointmentDoc: FlowDocument = try! FlowDocument.load(path: exampleFlowDirectory.appendingPathComponent("appointment.json").path)

    @Test func messageScreenMustExist() {
        let f = FlowLinter.checkMessage(FlowAction(flowID: "1", flowCTA: "Book", screen: "WELCOME", data: ["customer_name": "Ann"]), against: Self.appointmentDoc)
        #expect(f.count == 1)
        #expect(f.first?.path == "interactive.action.parameters.flow_action_payload.screen" && f.first?.rule == .allowedValues && f.first?.severity == .error)
        #expect(f.first?.limit == "APPOINTMENT, DETAILS, SUMMARY")
    }

    @Test func messageDataMustMatchTheScreensDeclaration() {
        let options: JSONValue = [["id": "dental", "title": "Dental care"]]
        let ok = FlowLinter.checkMessage(FlowAction(flowID: "1", flowCTA: "Book", screen: "APPOINTMENT",
                                                    data: ["customer_name": "Ann", "departments": options]), against: Self.appointmentDoc)
        #expect(ok.isEmpty)
        let wrong = FlowLinter.checkMessage(FlowAction(flowID: "1", flowCTA: "Book", screen: "APPOINTMENT",
                                                       data: ["customer_name": 42, "departments": options, "vip": true]), against: Self.appointmentDoc)
        let byPath = Dictionary(grouping: wrong, by: \.path.description)
        #expect(byPath["interactive.action.parameters.flow_action_payload.data.customer_name"]?.map(\.rule) == [.format])
        #expect(byPath["interactive.action.parameters.flow_action_payload.data.vip"]?.map(\.rule) == [.unknownField])
        #expect(wrong.allSatisfy(\.isError) && wrong.count == 2)
        // Items are checked against the declared item schema.
        let badItem = FlowLinter.checkMessage(FlowAction(flowID: "1", flowCTA: "Book", screen: "APPOINTMENT",
                                                         data: ["customer_name": "Ann", "departments": [["id": 7, "title": "Dental"]]]), against: Self.appointmentDoc)
        #expect(badItem.map(\.rule) == [.format])
    }

    @Test func messageMissingDeclaredDataIsAWarning() {
        // No screen: Meta opens the entry screen, which declares two properties.
        let f = FlowLinter.checkMessage(FlowAction(flowID: "1", flowCTA: "Book", data: ["customer_name": "Ann"]), against: Self.appointmentDoc)
        #expect(f.count == 1)
        #expect(f.first?.severity == .warning && f.first?.rule == .required)
        #expect(f.first?.path == "interactive.action.parameters.flow_action_payload.data.departments")
    }

    @Test func dataExchangeNeedsAnEndpoint() throws {
        let action = FlowAction(flowID: "1", flowCTA: "Book", flowAction: "data_exchange")
        let f = FlowLinter.checkMessage(action, against: Self.appointmentDoc)
        #expect(f.map(\.rule) == [.notAllowed] && f.first?.path == "interactive.action.parameters.flow_action" && f.first?.isError == true)
        let endpoint = try FlowDocument.load(path: Self.exampleFlowDirectory.appendingPathComponent("table-booking-endpoint.json").path)
        #expect(FlowLinter.checkMessage(action, against: endpoint).isEmpty)
    }
}
