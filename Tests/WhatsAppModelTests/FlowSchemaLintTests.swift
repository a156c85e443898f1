import Foundation
import Testing
@testable import WhatsAppModel

private let m = Fx.marker
private let c0 = "screens[0].layout.children[0]"

/// Options that can publish the old versions these cases use, so `version-frozen` stays quiet.
private func publishing(_ versions: String...) -> FlowLinter.Options { .init(publishableVersions: versions) }

/// A one-component Flow at `version` (Fx.one with the version quoted).
private func one(_ component: String, version: String = "7.3", data: String? = nil, top: String = "", footer: String = Fx.done) -> String {
    Fx.one([component], version: "\"\(version)\"", data: data, top: top, footer: footer)
}

private let vip = #"{"vip":{"type":"boolean","__example__":true}}"#
private let pick = #""data-source":[{"id":"a","title":"A"}]"#
private let twoChips = #""data-source":[{"id":"a","title":"A"},{"id":"b","title":"B"}]"#
private let tiny = "iVBORw0KGgo="

/// Screen LIST holds a NavigationList whose item goes to END (terminal).
private func navigationList(version: String, marked: Bool) -> String {
    let list = #"{"type":"# + (marked ? "\(m)" : "") + #""NavigationList","name":"topics","list-items":[{"id":"a","main-content":{"title":"Home"},"# +
        #""on-click-action":{"name":"navigate","next":{"type":"screen","name":"END"}}}]}"#
    return Fx.flow([Fx.screen("LIST", [list]), Fx.screen("END", terminal: true, [Fx.done])], version: "\"\(version)\"")
}

/// START links to TERMS (a RichText screen) and moves on to END.
private func richTextTerms(version: String, marked: Bool) -> String {
    Fx.flow([Fx.screen("START", [Fx.link("TERMS"), Fx.next("END")]),
             Fx.screen("TERMS", ["{\"type\":\(marked ? "\(m)" : "")\"RichText\",\"text\":[\"# Terms\",\"Read **all** of it.\"]}"]),
             Fx.screen("END", terminal: true, [Fx.done])], version: "\"\(version)\"")
}

/// START links to MIDDLE and moves on to END; MIDDLE holds `middle`.
private func middleScreen(_ middle: [String], marked: Bool = false) -> String {
    var screen = Fx.screen("MIDDLE", middle)
    if marked { screen = screen.replacingOccurrences(of: "\"children\":[", with: "\"children\":\(m)[") }
    return Fx.flow([Fx.screen("START", [Fx.link("MIDDLE"), Fx.next("END")]), screen, Fx.screen("END", terminal: true, [Fx.done])])
}

/// Property types, values, lengths, version gates, unknown properties and empty lists.
let schemaLintCases: [FlowLintCase] = {
    typealias C = FlowLintCase
    let long = String(repeating: "x", count: 100_000)
    let calendar = #"{"type":"CalendarPicker","name":"c","label":"Day""#
    let photo = #"{"type":"PhotoPicker","name":"p","label":"Photo""#
    let link = { (text: String) in #"{"type":"EmbeddedLink","text":"# + text + #","on-click-action":{"name":"open_url","url":"https://example.com"}}"# }
    var cases: [C] = [
        // property-type: the JSON type a property takes.
        C(rule: .propertyType, severity: .error, path: "screens[0].title",
          bad: Fx.flow([Fx.screen("ONE", title: nil, terminal: true, extra: "\"title\":\(m)123,", [Fx.done])]), good: Fx.one([])),
        C(rule: .propertyType, severity: .error, path: "\(c0).required",
          bad: one(#"{"type":"Dropdown","label":"Pick","name":"d",\#(pick),"required":\#(m)[1,2]}"#),
          good: one(#"{"type":"Dropdown","label":"Pick","name":"d",\#(pick),"required":true}"#)),
        C(rule: .propertyType, severity: .error, path: "\(c0).label",
          bad: one(#"{"type":"Dropdown","label":\#(m){"x":1},"name":"d",\#(pick)}"#),
          good: one(#"{"type":"Dropdown","label":"Pick","name":"d",\#(pick)}"#)),
        C(rule: .propertyType, severity: .error, path: "\(c0).font-weight",
          bad: one(#"{"type":"TextBody","text":"Hi","font-weight":\#(m)900}"#), good: one(#"{"type":"TextBody","text":"Hi","font-weight":"normal"}"#)),
        C(rule: .propertyType, severity: .error, path: "\(c0).name",
          bad: one(#"{"type":"TextInput","label":"Name","name":\#(m)"${data.n}"}"#, data: #"{"n":{"type":"string","__example__":"n"}}"#),
          good: one(#"{"type":"TextInput","label":"Name","name":"n"}"#, data: #"{"n":{"type":"string","__example__":"n"}}"#)),
        C(rule: .propertyType, severity: .error, path: "\(c0).label",
          bad: one(calendar.replacingOccurrences(of: #""label":"Day""#, with: #""label":\#(m){"start-date":"From","end-date":"To"}"#) + "}"),
          good: one(calendar.replacingOccurrences(of: #""label":"Day""#, with: #""label":{"start-date":"From","end-date":"To"},"mode":"range""#) + "}")),

        // char-limit and char-limit-strict: the enforced and the advised lengths.
        C(rule: .charLimit, severity: .error, path: "\(c0).helper-text",
          bad: one(#"{"type":"TextInput","label":"Name","name":"n","helper-text":\#(m)"\#(long)"}"#),
          good: one(#"{"type":"TextInput","label":"Name","name":"n","helper-text":"\#(String(repeating: "x", count: 80))"}"#)),
        C(rule: .charLimit, severity: .error, path: "\(c0).text",
          bad: one(link("\(m)\"\(String(repeating: "l", count: 36))\"")), good: one(link("\"\(String(repeating: "l", count: 25))\""))),
        C(rule: .charLimitStrict, severity: .warning, path: "\(c0).text",
          bad: one(link("\(m)\"\(String(repeating: "l", count: 30))\"")), good: one(link("\"\(String(repeating: "l", count: 25))\""))),
        C(rule: .charLimitStrict, severity: .warning, path: "screens[0].title",
          bad: Fx.flow([Fx.screen("ONE", title: "\(m)" + long, terminal: true, [Fx.done])]), good: Fx.one([])),
        C(rule: .charLimitStrict, severity: .warning, path: "\(c0).label",
          bad: one(#"{"type":"Dropdown","label":\#(m)"\#(String(repeating: "d", count: 25))","name":"d",\#(pick)}"#),
          good: one(#"{"type":"Dropdown","label":"\#(String(repeating: "d", count: 20))","name":"d",\#(pick)}"#)),

        // property-value: enumerations, dates and ranges.
        C(rule: .propertyValue, severity: .error, path: "\(c0).scale-type",
          bad: one(#"{"type":"Image","src":"\#(tiny)","scale-type":\#(m)"stretch"}"#), good: one(#"{"type":"Image","src":"\#(tiny)","scale-type":"cover"}"#)),
        C(rule: .propertyValue, severity: .error, path: "\(c0).photo-source",
          bad: one(photo + #","photo-source":\#(m)"webcam"}"#), good: one(photo + #","photo-source":"camera"}"#)),
        C(rule: .propertyValue, severity: .error, path: "\(c0).mode",
          bad: one(calendar + #","mode":\#(m)"multi"}"#), good: one(calendar + #","mode":"single"}"#)),
        C(rule: .propertyValue, severity: .error, path: "\(c0).include-days[0]",
          bad: one(calendar + #","include-days":[\#(m)"Monday","Tue"]}"#), good: one(calendar + #","include-days":["Mon","Tue"]}"#)),
        C(rule: .propertyValue, severity: .error, path: "\(c0).min-date",
          bad: one(calendar + #","min-date":\#(m)"21/10/2026"}"#), good: one(calendar + #","min-date":"2026-10-21"}"#)),
        C(rule: .propertyValue, severity: .error, path: "\(c0).max-uploaded-photos",
          bad: one(photo + #","max-uploaded-photos":\#(m)31}"#), good: one(photo + #","max-uploaded-photos":30}"#)),
        C(rule: .propertyValue, severity: .error, path: "\(c0).min-uploaded-photos",
          bad: one(photo + #","min-uploaded-photos":\#(m)3,"max-uploaded-photos":2}"#), good: one(photo + #","min-uploaded-photos":2,"max-uploaded-photos":3}"#)),

        // property-ignored: documented only in another setting.
        C(rule: .propertyIgnored, severity: .warning, path: "\(c0).pattern",
          bad: one(#"{"type":"TextInput","label":"Phone","name":"p","input-type":"phone","helper-text":"Digits","pattern":\#(m)"^[0-9]+$"}"#),
          good: one(#"{"type":"TextInput","label":"Phone","name":"p","input-type":"number","helper-text":"Digits","pattern":"^[0-9]+$"}"#)),
        C(rule: .propertyIgnored, severity: .warning, path: "\(c0).title",
          bad: one(calendar + #","title":\#(m)"Dates"}"#), good: one(calendar + #","title":"Dates","mode":"range"}"#)),

        // unknown-property: a member Meta's reference does not list.
        C(rule: .unknownProperty, severity: .warning, path: "\(c0).colour",
          bad: one(#"{"type":"TextBody","text":"Hi","colour":\#(m)"red"}"#), good: one(#"{"type":"TextBody","text":"Hi"}"#)),
        C(rule: .unknownProperty, severity: .warning, path: "\(c0).visible",
          bad: Fx.one([], footer: #"{"type":"Footer","label":"Done","visible":\#(m)true,"on-click-action":{"name":"complete","payload":{}}}"#), good: Fx.one([])),
        C(rule: .unknownProperty, severity: .warning, path: "\(c0).exclude-days",
          bad: one(calendar + #","exclude-days":\#(m)["Sat"]}"#), good: one(calendar + #","include-days":["Mon","Tue","Wed","Thu","Fri"]}"#)),
        C(rule: .unknownProperty, severity: .warning, path: "\(c0).data-source[0].subtitle",
          bad: one(#"{"type":"Dropdown","label":"Pick","name":"d","data-source":[{"id":"a","title":"A","subtitle":\#(m)"x"}]}"#),
          good: one(#"{"type":"Dropdown","label":"Pick","name":"d","data-source":[{"id":"a","title":"A","description":"x"}]}"#)),
        C(rule: .unknownProperty, severity: .warning, path: "\(c0).on-click-action.payload",
          bad: one(#"{"type":"EmbeddedLink","text":"More","on-click-action":{"name":"open_url","url":"https://example.com","payload":\#(m){}}}"#),
          good: one(link("\"More\""))),
        C(rule: .unknownProperty, severity: .warning, path: "screens[0].titel",
          bad: Fx.flow([Fx.screen("ONE", terminal: true, extra: "\"titel\":\(m)\"Hi\",", [Fx.done])]), good: Fx.one([])),
        C(rule: .unknownProperty, severity: .warning, path: "flow_name",
          bad: Fx.one([], top: "\"flow_name\":\(m)\"signup\","), good: Fx.one([])),

        // Empty lists.
        C(rule: .emptyBranch, severity: .error, path: "\(c0).then",
          bad: one(#"{"type":"If","condition":"${data.vip}","then":\#(m)[]}"#, data: vip),
          good: one(#"{"type":"If","condition":"${data.vip}","then":[{"type":"TextBody","text":"Welcome back"}]}"#, data: vip)),
        C(rule: .emptyBranch, severity: .error, path: "\(c0).cases",
          bad: one(#"{"type":"Switch","value":"${data.k}","cases":\#(m){}}"#, data: #"{"k":{"type":"string","__example__":"a"}}"#),
          good: one(#"{"type":"Switch","value":"${data.k}","cases":{"a":[{"type":"TextBody","text":"A"}]}}"#, data: #"{"k":{"type":"string","__example__":"a"}}"#)),
        C(rule: .emptyChildren, severity: .warning, path: "screens[1].layout.children",
          bad: middleScreen([], marked: true), good: middleScreen([#"{"type":"TextBody","text":"Terms"}"#, Fx.next("END")])),
        C(rule: .emptyChildren, severity: .warning, path: "\(c0).children",
          bad: one(#"{"type":"Form","name":"f","children":\#(m)[]}"#), good: one(#"{"type":"Form","name":"f","children":[\#(Fx.nameInput)]}"#)),
        C(rule: .emptyChildren, severity: .warning, path: "\(c0).else",
          bad: one(#"{"type":"If","condition":"${data.vip}","then":[{"type":"TextBody","text":"Hi"}],"else":\#(m)[]}"#, data: vip),
          good: one(#"{"type":"If","condition":"${data.vip}","then":[{"type":"TextBody","text":"Hi"}]}"#, data: vip)),

        // Counts and required members of the newer components.
        C(rule: .optionsCount, severity: .error, path: "\(c0).data-source",
          bad: one(#"{"type":"ChipsSelector","name":"c","label":"Pick","data-source":\#(m)[{"id":"a","title":"A"}]}"#),
          good: one(#"{"type":"ChipsSelector","name":"c","label":"Pick",\#(twoChips)}"#)),
        C(rule: .optionsCount, severity: .error, path: "\(c0).images",
          bad: one(#"{"type":"ImageCarousel","images":\#(m)["# + Array(repeating: #"{"src":"\#(tiny)","alt-text":"A"}"#, count: 4).joined(separator: ",") + "]}"),
          good: one(#"{"type":"ImageCarousel","images":["# + Array(repeating: #"{"src":"\#(tiny)","alt-text":"A"}"#, count: 3).joined(separator: ",") + "]}")),
        C(rule: .componentRequired, severity: .error, path: "\(c0).src",
          bad: one(#"\#(m){"type":"Image","height":100}"#), good: one(#"{"type":"Image","src":"\#(tiny)","height":100}"#)),
        C(rule: .componentRequired, severity: .error, path: "\(c0).on-click-action.url",
          bad: one(#"{"type":"EmbeddedLink","text":"More","on-click-action":\#(m){"name":"open_url"}}"#), good: one(link("\"More\""))),
        C(rule: .actionPlacement, severity: .error, path: "\(c0).on-select-action.name",
          bad: one(#"{"type":"DatePicker","label":"Day","name":"d","on-select-action":{"name":\#(m)"update_data","payload":{}}}"#),
          good: one(#"{"type":"DatePicker","label":"Day","name":"d","on-select-action":{"name":"data_exchange","payload":{}}}"#,
                    top: #""data_api_version":"3.0","routing_model":{"ONE":[]},"#)),
    ]

    // version-feature: each component and property no earlier than the version that brought it.
    cases += [
        C(rule: .versionFeature, severity: .error, path: "\(c0).type",
          bad: one(#"{"type":\#(m)"CalendarPicker","name":"c","label":"Day"}"#, version: "6.0"), good: one(calendar + "}", version: "6.1")),
        C(rule: .versionFeature, severity: .error, path: "screens[1].layout.children[0].type",
          bad: richTextTerms(version: "5.0", marked: true), good: richTextTerms(version: "5.1", marked: false), options: publishing("5.0", "5.1")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).type",
          bad: navigationList(version: "6.1", marked: true), good: navigationList(version: "6.2", marked: false)),
        C(rule: .versionFeature, severity: .error, path: "\(c0).type",
          bad: one(#"{"type":\#(m)"ChipsSelector","name":"c","label":"Pick",\#(twoChips)}"#, version: "6.2"),
          good: one(#"{"type":"ChipsSelector","name":"c","label":"Pick",\#(twoChips)}"#, version: "6.3")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).type",
          bad: one(#"{"type":\#(m)"ImageCarousel","images":[{"src":"\#(tiny)","alt-text":"A"}]}"#, version: "7.0"),
          good: one(#"{"type":"ImageCarousel","images":[{"src":"\#(tiny)","alt-text":"A"}]}"#, version: "7.1")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).markdown",
          bad: one(#"{"type":"TextBody","text":"**Hi**","markdown":\#(m)true}"#, version: "5.0"),
          good: one(#"{"type":"TextBody","text":"**Hi**","markdown":true}"#, version: "5.1"), options: publishing("5.0", "5.1")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).text",
          bad: one(#"{"type":"TextCaption","text":\#(m)["One","Two"]}"#, version: "5.0"),
          good: one(#"{"type":"TextCaption","text":["One","Two"]}"#, version: "5.1"), options: publishing("5.0", "5.1")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).type",
          bad: one(#"{"type":\#(m)"If","condition":"${data.vip}","then":[{"type":"TextBody","text":"Hi"}]}"#, version: "3.1", data: vip),
          good: one(#"{"type":"If","condition":"${data.vip}","then":[{"type":"TextBody","text":"Hi"}]}"#, version: "4.0", data: vip),
          options: publishing("3.1", "4.0")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).type",
          bad: one(#"{"type":\#(m)"Switch","value":"${data.k}","cases":{"a":[{"type":"TextBody","text":"A"}]}}"#, version: "3.1",
                   data: #"{"k":{"type":"string","__example__":"a"}}"#),
          good: one(#"{"type":"Switch","value":"${data.k}","cases":{"a":[{"type":"TextBody","text":"A"}]}}"#, version: "4.0",
                    data: #"{"k":{"type":"string","__example__":"a"}}"#),
          options: publishing("3.1", "4.0")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).children[0].init-value",
          bad: inForm(#"{"type":"TextInput","label":"Name","name":"n","init-value":\#(m)"Ann"}"#, version: "3.1"),
          good: inForm(#"{"type":"TextInput","label":"Name","name":"n","init-value":"Ann"}"#, version: "4.0"), options: publishing("3.1", "4.0")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).children[0].type",
          bad: inForm(#"{"type":\#(m)"PhotoPicker","name":"p","label":"Photo"}"#, version: "3.1"),
          good: inForm(#"{"type":"PhotoPicker","name":"p","label":"Photo"}"#, version: "4.0"), options: publishing("3.1", "4.0")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).label-variant",
          bad: one(#"{"type":"TextInput","label":"Name","name":"n","label-variant":\#(m)"large"}"#, version: "6.3"),
          good: one(#"{"type":"TextInput","label":"Name","name":"n","label-variant":"large"}"#, version: "7.0")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).media-size",
          bad: one(#"{"type":"RadioButtonsGroup","label":"Pick","name":"r",\#(pick),"media-size":\#(m)"large"}"#, version: "4.0"),
          good: one(#"{"type":"RadioButtonsGroup","label":"Pick","name":"r",\#(pick),"media-size":"large"}"#, version: "5.0"),
          options: publishing("4.0", "5.0")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).data-source[0].image",
          bad: one(#"{"type":"RadioButtonsGroup","label":"Pick","name":"r","data-source":[{"id":"a","title":"A","image":\#(m)"\#(tiny)"}]}"#, version: "4.0"),
          good: one(#"{"type":"RadioButtonsGroup","label":"Pick","name":"r","data-source":[{"id":"a","title":"A","image":"\#(tiny)"}]}"#, version: "5.0"),
          options: publishing("4.0", "5.0")),
        C(rule: .versionFeature, severity: .error, path: "\(c0).on-select-action.name",
          bad: one(#"{"type":"ChipsSelector","name":"c","label":"Pick",\#(twoChips),"on-select-action":{"name":\#(m)"update_data","payload":{}}}"#, version: "6.3"),
          good: one(#"{"type":"ChipsSelector","name":"c","label":"Pick",\#(twoChips),"on-select-action":{"name":"update_data","payload":{}}}"#, version: "7.1")),
    ]
    return cases
}()

/// A Form-wrapped component (inputs sit in a Form before 4.0), then a completing Footer in the Form.
private func inForm(_ component: String, version: String) -> String {
    Fx.one(["{\"type\":\"Form\",\"name\":\"f\",\"children\":[\(component),\(Fx.done)]}"], version: "\"\(version)\"",
           footer: #"{"type":"TextBody","text":"Thanks"}"#)
}

/// The routing model and the Data API version.
let routingLintCases: [FlowLintCase] = {
    typealias C = FlowLintCase
    let exchange = #"{"type":"Footer","label":"Next","on-click-action":{"name":"data_exchange","payload":{}}}"#
    /// A exchanges data; B and C are terminal. `routes` is the routing model.
    func three(_ routes: String, markC: Bool) -> String {
        Fx.flow([Fx.screen("A", [exchange]), Fx.screen("B", terminal: true, [Fx.done]), Fx.screen(markC ? "\(m)C" : "C", terminal: true, [Fx.done])],
                top: "\"data_api_version\":\"3.0\",\"routing_model\":\(routes),")
    }
    return [
        // A screen that is neither a source nor a target of the routing model.
        C(rule: .routingModel, severity: .error, path: "screens[2].id",
          bad: three(#"{"A":["B"],"B":[]}"#, markC: true), good: three(#"{"A":["B","C"]}"#, markC: false)),
        // Exchanging data with a routing model but no data_api_version; "4.0" is a current value.
        C(rule: .dataAPIVersion, severity: .error, path: "data_api_version",
          bad: "\(m)" + Fx.one([], top: #""routing_model":{"ONE":[]},"#, footer: exchange.replacingOccurrences(of: "Next", with: "Send")),
          good: Fx.one([], top: #""data_api_version":"4.0","routing_model":{"ONE":[]},"#, footer: exchange.replacingOccurrences(of: "Next", with: "Send"))),
    ]
}()

@Suite struct FlowSchemaLintTests {
    private func lint(_ text: String, options: FlowLinter.Options = .init()) throws -> [Finding] {
        FlowLinter.lint(try FlowDocument.parse(Array(text.utf8)), options: options)
    }

    // MARK: Meta-shaped Flows lint without errors

    /// A 2.1-era endpoint Flow: data_channel_uri, a routing model, Form-wrapped inputs, screens
    /// that move on by data_exchange (so only the routing model says where they lead).
    static let bookingV21 = #"""
    {"version": "2.1", "data_api_version": "3.0", "data_channel_uri": "https://shop.example/flow",
     "routing_model": {"PICK_SLOT": ["YOUR_DETAILS"], "YOUR_DETAILS": ["CONFIRM"], "CONFIRM": ["POLICY"], "POLICY": []},
     "screens": [
      {"id": "PICK_SLOT", "title": "Pick a slot", "data": {"slots": {"type": "array", "items": {"type": "object",
         "properties": {"id": {"type": "string"}, "title": {"type": "string"}}}, "__example__": [{"id": "am", "title": "Morning"}]}},
       "layout": {"type": "SingleColumnLayout", "children": [{"type": "Form", "name": "slot_form", "children": [
         {"type": "Dropdown", "label": "Time slot", "name": "slot", "required": true, "data-source": "${data.slots}"},
         {"type": "DatePicker", "label": "Day", "name": "day", "required": true},
         {"type": "Footer", "label": "Continue", "on-click-action": {"name": "data_exchange", "payload": {"slot": "${form.slot}", "day": "${form.day}"}}}]}]}},
      {"id": "YOUR_DETAILS", "title": "Your details", "data": {},
       "layout": {"type": "SingleColumnLayout", "children": [{"type": "Form", "name": "details_form", "children": [
         {"type": "TextInput", "label": "Full name", "name": "full_name", "required": true, "input-type": "text"},
         {"type": "TextInput", "label": "Email", "name": "mail", "required": true, "input-type": "email"},
         {"type": "TextArea", "label": "Notes", "name": "notes", "required": false},
         {"type": "Footer", "label": "Review", "on-click-action": {"name": "data_exchange", "payload": {"full_name": "${form.full_name}"}}}]}]}},
      {"id": "CONFIRM", "title": "Confirm", "terminal": true, "data": {"summary": {"type": "string", "__example__": "Morning, Ann"}},
       "layout": {"type": "SingleColumnLayout", "children": [{"type": "Form", "name": "confirm_form", "children": [
         {"type": "TextBody", "text": "${data.summary}"},
         {"type": "OptIn", "name": "agree", "label": "I accept the booking policy.", "required": true,
          "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "POLICY"}, "payload": {}}},
         {"type": "Footer", "label": "Book", "on-click-action": {"name": "data_exchange", "payload": {"agree": "${form.agree}"}}}]}]}},
      {"id": "POLICY", "title": "Booking policy",
       "layout": {"type": "SingleColumnLayout", "children": [{"type": "TextHeading", "text": "Our policy"},
         {"type": "TextBody", "text": "Cancel up to a day before at no cost."}]}}]}
    """#

    /// A 2.1 sign-in Flow whose entry screen is terminal and whose links branch out.
    static let signInV21 = #"""
    {"version": "2.1", "data_api_version": "3.0", "data_channel_uri": "https://shop.example/flow",
     "routing_model": {"LOG_IN": ["REGISTER", "RESET"], "REGISTER": ["RULES"], "RESET": [], "RULES": []},
     "screens": [
      {"id": "LOG_IN", "title": "Log in", "terminal": true, "data": {},
       "layout": {"type": "SingleColumnLayout", "children": [{"type": "Form", "name": "login", "children": [
         {"type": "TextInput", "label": "Email", "name": "mail", "required": true, "input-type": "email"},
         {"type": "TextInput", "label": "Password", "name": "secret", "required": true, "input-type": "password"},
         {"type": "EmbeddedLink", "text": "New here? Make an account", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "REGISTER"}, "payload": {}}},
         {"type": "EmbeddedLink", "text": "Lost your password", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "RESET"}, "payload": {}}},
         {"type": "Footer", "label": "Log in", "on-click-action": {"name": "data_exchange", "payload": {"mail": "${form.mail}"}}}]}]}},
      {"id": "REGISTER", "title": "Make an account", "data": {},
       "layout": {"type": "SingleColumnLayout", "children": [{"type": "Form", "name": "register", "children": [
         {"type": "TextInput", "label": "First name", "name": "first", "required": true},
         {"type": "OptIn", "name": "rules_ok", "label": "I accept the house rules.", "required": true,
          "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "RULES"}, "payload": {}}},
         {"type": "Footer", "label": "Sign up", "on-click-action": {"name": "data_exchange", "payload": {"first": "${form.first}"}}}]}]}},
      {"id": "RESET", "title": "Reset password", "terminal": true, "data": {},
       "layout": {"type": "SingleColumnLayout", "children": [{"type": "Form", "name": "reset", "children": [
         {"type": "TextInput", "label": "Email", "name": "reset_mail", "required": true, "input-type": "email"},
         {"type": "Footer", "label": "Send link", "on-click-action": {"name": "data_exchange", "payload": {"mail": "${form.reset_mail}"}}}]}]}},
      {"id": "RULES", "title": "House rules",
       "layout": {"type": "SingleColumnLayout", "children": [{"type": "TextBody", "text": "Be kind."}]}}]}
    """#

    /// One screen, `"routing_model": {}`: the shape of Meta's date-picker examples.
    static let singleScreenDatePicker = #"""
    {"version": "6.1", "data_api_version": "3.0", "routing_model": {},
     "screens": [{"id": "CHOOSE_DAY", "title": "Choose a day", "terminal": true,
       "layout": {"type": "SingleColumnLayout", "children": [
         {"type": "DatePicker", "name": "day", "label": "Delivery day", "min-date": "2026-01-05", "max-date": "2026-03-31",
          "unavailable-dates": ["2026-01-06", "2026-02-14"], "helper-text": "Weekdays only",
          "on-select-action": {"name": "data_exchange", "payload": {"day": "${form.day}"}}},
         {"type": "CalendarPicker", "name": "stay", "mode": "range", "title": "Your stay", "description": "Arrival and departure",
          "label": {"start-date": "Arrive", "end-date": "Leave"}, "required": {"start-date": true, "end-date": false},
          "include-days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "min-days": 1, "max-days": 14,
          "init-value": {"start-date": "2026-01-07", "end-date": "2026-01-09"}},
         {"type": "Footer", "label": "Confirm", "on-click-action": {"name": "data_exchange", "payload": {}}}]}}]}
    """#

    /// A routing model without data_api_version (Meta's forward-reference example has this shape):
    /// the terminal entry screen reads a later screen's input.
    static let forwardReference = #"""
    {"version": "4.0", "routing_model": {"SUMMARY": ["COVER"]},
     "screens": [
      {"id": "COVER", "title": "Pick a cover", "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "RadioButtonsGroup", "name": "cover", "label": "Cover", "data-source": [{"id": "basic", "title": "Basic"}, {"id": "plus", "title": "Plus"}]}]}},
      {"id": "SUMMARY", "title": "Summary", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "If", "condition": "${screen.COVER.form.cover} != ''",
         "then": [{"type": "Switch", "value": "${screen.COVER.form.cover}", "cases": {
           "basic": [{"type": "TextBody", "text": "Basic cover chosen"}], "plus": [{"type": "TextBody", "text": "Plus cover chosen"}]}}],
         "else": [{"type": "TextBody", "text": "No cover chosen yet"}]},
        {"type": "EmbeddedLink", "text": "Choose a cover", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "COVER"}, "payload": {}}},
        {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {"cover": "${screen.COVER.form.cover}"}}}]}}]}
    """#

    static let metaShaped = ["booking 2.1": bookingV21, "sign-in 2.1": signInV21, "one screen, routing_model {}": singleScreenDatePicker,
                             "routing model without data_api_version": forwardReference]

    @Test(arguments: metaShaped.keys.sorted())
    func metaShapedFlowsLintWithoutErrors(_ name: String) throws {
        let options = FlowLinter.Options(publishableVersions: FlowLinter.knownVersions)
        let findings = try lint(Self.metaShaped[name]!, options: options)
        #expect(findings.filter(\.isError).isEmpty, "\(name): \(findings.map(\.description))")
    }

    @Test func theRoutingModelCarriesReachabilityBelowVersionThree() throws {
        // PICK_SLOT moves on only by data_exchange: without the routing model no route would
        // reach CONFIRM. The routing model is read at 2.1 as at 7.3.
        let doc = try FlowDocument.parse(Array(Self.bookingV21.utf8))
        #expect(doc.entryScreenID == "PICK_SLOT")
        let options = FlowLinter.Options(publishableVersions: FlowLinter.knownVersions)
        #expect(FlowLinter.lint(doc, options: options).filter(\.isError).isEmpty)
        // Cutting the route from YOUR_DETAILS to CONFIRM leaves PICK_SLOT with no way to a
        // terminal screen (CONFIRM, now without inbound routes, is an entry of its own).
        let cut = Self.bookingV21.replacingOccurrences(of: #""YOUR_DETAILS": ["CONFIRM"]"#, with: #""YOUR_DETAILS": []"#)
        let errors = try lint(cut, options: options).filter(\.isError)
        #expect(errors.map(\.rule) == [.routingModel] && errors.first?.path == "screens[0].id", "\(errors.map(\.description))")
        // A routing model still judges navigates at 2.1: LOG_IN may not link to RULES directly.
        let shortcut = Self.signInV21.replacingOccurrences(of: #""name": "RESET"}, "payload""#, with: #""name": "RULES"}, "payload""#)
        #expect(try lint(shortcut, options: options).filter { $0.rule == .routingModel }.count == 1)
    }

    @Test func aSingleScreenFlowNeedsNoRoutes() throws {
        let findings = try lint(Self.singleScreenDatePicker)
        #expect(findings.isEmpty, "\(findings.map(\.description))")
        // Two screens and `{}`: the second screen is missing from the routing model.
        let two = try lint(Fx.flow([Fx.screen("A", [Fx.next("B")]), Fx.screen("B", terminal: true, [Fx.done])],
                                   top: #""data_api_version":"3.0","routing_model":{},"#))
        #expect(two.contains { $0.rule == .routingModel && $0.message.contains("missing from routing_model") })
    }

    // MARK: The property table

    /// Every component with every property the table knows, in one valid Flow: nothing is
    /// reported, so no documented property draws an unknown-property warning.
    static let everyComponent: String = {
        let image = "iVBORw0KGgo="
        let option = #"{"id":"a","title":"Alpha","description":"First","metadata":"1st","enabled":true,"image":"\#(image)","alt-text":"A","color":"1F6FEB","on-select-action":{"name":"update_data","payload":{"shown":true}},"on-unselect-action":{"name":"update_data","payload":{"shown":false}}}"#
        let components = [
            #"{"type":"TextHeading","text":"Heading","visible":true}"#,
            #"{"type":"TextSubheading","text":"Subheading","visible":"${data.shown}"}"#,
            #"{"type":"TextBody","text":["Body **one**","Body two"],"markdown":true,"font-weight":"bold","strikethrough":false,"visible":true}"#,
            #"{"type":"TextCaption","text":"Caption","font-weight":"${data.weight}","strikethrough":"${data.shown}"}"#,
            #"{"type":"TextInput","name":"code","label":"Code","label-variant":"large","input-type":"passcode","pattern":"^[0-9]{4}$","required":true,"min-chars":4,"max-chars":"4","helper-text":"Four digits","enabled":true,"visible":true,"init-value":"1234","error-message":"Four digits please"}"#,
            #"{"type":"TextArea","name":"notes","label":"Notes","required":false,"max-length":600,"helper-text":"Optional","enabled":true,"visible":true,"init-value":"None","error-message":"Too long"}"#,
            #"{"type":"CheckboxGroup","name":"tags","label":"Tags","description":"Any","data-source":[\#(option)],"min-selected-items":1,"max-selected-items":1,"enabled":true,"required":true,"visible":true,"init-value":["a"],"error-message":"Pick one","media-size":"large","on-select-action":{"name":"update_data","payload":{"shown":true}},"on-unselect-action":{"name":"update_data","payload":{"shown":false}}}"#,
            #"{"type":"RadioButtonsGroup","name":"size","label":"Size","description":"One","data-source":"${data.sizes}","enabled":true,"required":true,"visible":true,"init-value":"s","error-message":"Pick one","media-size":"regular"}"#,
            #"{"type":"Dropdown","name":"city","label":"City","data-source":[{"id":"x","title":"X"}],"enabled":true,"required":true,"visible":true,"init-value":"x","error-message":"Pick one","on-select-action":{"name":"update_data","payload":{"shown":true}},"on-unselect-action":{"name":"update_data","payload":{"shown":false}}}"#,
            #"{"type":"ChipsSelector","name":"chips","label":"Interests","description":"Up to two","data-source":[{"id":"a","title":"A","enabled":true},{"id":"b","title":"B"}],"min-selected-items":1,"max-selected-items":2,"enabled":true,"required":true,"visible":true,"init-value":["a"],"error-message":"Pick one","on-select-action":{"name":"update_data","payload":{"shown":true}},"on-unselect-action":{"name":"update_data","payload":{"shown":false}}}"#,
            #"{"type":"DatePicker","name":"day","label":"Day","min-date":"2026-01-01","max-date":"2026-12-31","unavailable-dates":["2026-12-25"],"helper-text":"Any weekday","enabled":true,"required":true,"visible":true,"init-value":"2026-01-02","error-message":"Pick a day"}"#,
            #"{"type":"CalendarPicker","name":"dates","mode":"range","title":"Stay","description":"Your stay","label":{"start-date":"In","end-date":"Out"},"helper-text":{"start-date":"Arrival","end-date":"Departure"},"required":{"start-date":true,"end-date":true},"visible":true,"enabled":true,"min-date":"2026-01-01","max-date":"2026-12-31","unavailable-dates":["2026-12-25"],"include-days":["Mon","Fri"],"min-days":1,"max-days":7,"init-value":{"start-date":"2026-01-02","end-date":"2026-01-03"},"error-message":{"start-date":"Too early","end-date":"Too late"}}"#,
            #"{"type":"OptIn","name":"news","label":"Send me news","required":false,"visible":true,"init-value":false,"on-click-action":{"name":"open_url","url":"https://example.com/news"},"on-select-action":{"name":"update_data","payload":{"shown":true}},"on-unselect-action":{"name":"update_data","payload":{"shown":false}}}"#,
            #"{"type":"EmbeddedLink","text":"Terms","visible":true,"on-click-action":{"name":"open_url","url":"https://example.com/terms"}}"#,
            #"{"type":"Image","src":"\#(image)","width":100,"height":80,"scale-type":"contain","aspect-ratio":1.25,"alt-text":"Logo","visible":true}"#,
            #"{"type":"ImageCarousel","images":[{"src":"\#(image)","alt-text":"One"},{"src":"\#(image)","alt-text":"Two"}],"aspect-ratio":"16:9","scale-type":"cover","visible":true}"#,
            #"{"type":"If","condition":"${data.shown} == true","then":[{"type":"TextBody","text":"Shown"}],"else":[{"type":"TextBody","text":"Hidden"}]}"#,
            #"{"type":"Switch","value":"${data.weight}","cases":{"bold":[{"type":"TextBody","text":"Bold"}],"normal":[{"type":"TextBody","text":"Normal"}]}}"#,
            #"{"type":"PhotoPicker","name":"photo","label":"Photo","description":"One photo","photo-source":"camera_gallery","max-file-size-kb":10240,"min-uploaded-photos":0,"max-uploaded-photos":1,"enabled":true,"visible":true,"error-message":"Try again"}"#,
            #"{"type":"Form","name":"more","init-values":{"nick":"Al"},"error-messages":{"nick":"Too short"},"children":[{"type":"TextInput","name":"nick","label":"Nickname"}]}"#,
            #"{"type":"Footer","label":"Send","left-caption":"Total","right-caption":"R 10","enabled":true,"on-click-action":{"name":"navigate","next":{"type":"screen","name":"FILES"},"payload":{}}}"#,
        ]
        let data = #"{"shown":{"type":"boolean","__example__":true},"weight":{"type":"string","__example__":"bold"},"sizes":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},"title":{"type":"string"}}},"__example__":[{"id":"s","title":"Small"}]}}"#
        let main = "{\"id\":\"MAIN\",\"title\":\"Everything\",\"sensitive\":[\"code\"],\"data\":\(data),\"layout\":{\"type\":\"SingleColumnLayout\",\"children\":[" +
            components.joined(separator: ",") + "]}}"
        let files = #"{"id":"FILES","title":"Files","layout":{"type":"SingleColumnLayout","children":[{"type":"DocumentPicker","name":"docs","label":"Documents","description":"PDF only","max-file-size-kb":5000,"min-uploaded-documents":1,"max-uploaded-documents":2,"allowed-mime-types":["application/pdf","image/jpeg"],"enabled":true,"visible":true,"error-message":{"media-1":"Unreadable"}},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"LIST"},"payload":{}}}]}}"#
        // A NavigationList stands alone on its screen.
        let list = #"{"id":"LIST","title":"Where next","layout":{"type":"SingleColumnLayout","children":[{"type":"NavigationList","name":"where","label":"Where next","description":"Pick one","media-size":"regular","list-items":[{"id":"done","main-content":{"title":"Finish","description":"All set","metadata":"Ends here"},"start":{"image":"\#(image)","alt-text":"Flag"},"end":{"title":"Now","description":"Go","metadata":"1 step"},"badge":"New","tags":["Fast"],"on-click-action":{"name":"navigate","next":{"type":"screen","name":"DONE"},"payload":{}}}]}]}}"#
        let done = #"{"id":"DONE","title":"Thanks","terminal":true,"success":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"RichText","text":["Thank you","We got **it**."]},{"type":"Footer","label":"Close","center-caption":"Bye","on-click-action":{"name":"complete","payload":{"code":"${screen.MAIN.form.code}"}}}]}}"#
        return "{\"version\":\"7.3\",\"screens\":[\(main),\(files),\(list),\(done)]}"
    }()

    @Test func everyDocumentedPropertyIsKnown() throws {
        let findings = try lint(Self.everyComponent)
        #expect(findings.isEmpty, "\(findings.map(\.description))")
        // Every component type the model knows has a row, and every input is an input there.
        for type in FlowComponent.inputTypes { #expect(FlowComponentSchema.components[type]?.schema.properties["name"] != nil, "\(type)") }
        let types = ["TextHeading", "TextSubheading", "TextBody", "TextCaption", "RichText", "TextInput", "TextArea", "CheckboxGroup",
                     "RadioButtonsGroup", "Dropdown", "DatePicker", "CalendarPicker", "OptIn", "EmbeddedLink", "Footer", "Image",
                     "ImageCarousel", "If", "Switch", "NavigationList", "PhotoPicker", "DocumentPicker", "ChipsSelector", "Form"]
        #expect(Set(FlowComponentSchema.components.keys) == Set(types))
        // Only name and type are static among component properties.
        for (type, spec) in FlowComponentSchema.components {
            let fixed = spec.schema.properties.filter { !$0.value.dynamic }.map(\.key).sorted()
            #expect(fixed == [] || fixed == ["name"], "\(type): \(fixed)")
        }
    }

    @Test func aWrongTypeIsOneFindingWhereverItSits() throws {
        // Inside options, items, nested objects and range values.
        let cases: [(String, String)] = [
            (#"{"type":"Dropdown","label":"Pick","name":"d","data-source":[{"id":"a","title":7}]}"#, "\(c0).data-source[0].title"),
            (#"{"type":"Dropdown","label":"Pick","name":"d","data-source":["a"]}"#, "\(c0).data-source[0]"),
            (#"{"type":"TextInput","label":"Pick","name":"d","min-chars":"four"}"#, "\(c0).min-chars"),
            (#"{"type":"Image","src":"iVBORw0KGgo=","width":1.5}"#, "\(c0).width"),
            (#"{"type":"CalendarPicker","name":"c","mode":"range","label":{"start-date":"In","end-date":false}}"#, "\(c0).label.end-date"),
            (#"{"type":"CalendarPicker","name":"c","label":"Day","include-days":"Mon"}"#, "\(c0).include-days"),
            (#"{"type":"TextBody","text":"Hi","visible":"yes"}"#, "\(c0).visible"),
        ]
        for (component, path) in cases {
            let findings = try lint(one(component))
            #expect(findings.map(\.rule) == [.propertyType] && findings.first?.path.description == path, "\(component): \(findings.map(\.description))")
        }
        // A reference or an expression stands for any shape where the property is dynamic.
        let dynamic = one(#"{"type":"TextBody","text":"Hi","visible":"`${data.n} > 2`","font-weight":"${data.w}"}"#,
                          data: #"{"n":{"type":"number","__example__":3},"w":{"type":"string","__example__":"bold"}}"#)
        #expect(try lint(dynamic).isEmpty)
    }

    // MARK: Linear time

    /// 10,000 screens in a chain, and one screen declaring 100,000 data properties: both lint in
    /// time that grows with the input, not with its square. (The bound is loose: debug builds on
    /// a shared machine; a quadratic pass takes minutes here.) The large data object is built
    /// in memory: parsing an object member by member checks for repeated keys, which is a
    /// parser matter, not the linter's.
    @Test func largeFlowsLintInLinearTime() throws {
        /// Letters only (the id charset rule takes no digits): base 26, least significant first.
        func id(_ k: Int) -> String {
            var k = k, out = "S"
            repeat { out.append(Character(UnicodeScalar(UInt8(65 + k % 26)))); k /= 26 } while k > 0
            return out
        }
        let n = 10_000
        var screens: [String] = []
        for k in 0..<n {
            let last = k == n - 1
            screens.append(Fx.screen(id(k), terminal: last, [#"{"type":"TextBody","text":"Step"}"#, last ? Fx.done : Fx.next(id(k + 1))]))
        }
        let chain = try FlowDocument.parse(Array(Fx.flow(screens).utf8))

        var data = JSONObject()
        for k in 0..<100_000 { data.append("p\(k)", ["type": "string", "__example__": "v"]) }
        let footer: JSONValue = ["type": "Footer", "label": "Done", "on-click-action": ["name": "complete", "payload": ["last": "${data.p99999}"]]]
        var screen = JSONObject()
        screen.append("id", "ONE")
        screen.append("title", "Step")
        screen.append("terminal", true)
        screen.append("data", .object(data))
        screen.append("layout", ["type": "SingleColumnLayout", "children": [["type": "TextBody", "text": "${data.p0}"], footer]])
        var root = JSONObject()
        root.append("version", "7.3")
        root.append("screens", [.object(screen)])
        let manyData = FlowDocument(root: root, sourceMap: JSONSourceMap(bytes: []), byteCount: 0)

        // How the time grows with size is `wacon-bench flow-scale`'s figure; here, that both
        // lint completely and clean.
        for (name, doc) in [("10,000 screens", chain), ("100,000 data properties", manyData)] {
            let findings = FlowLinter.lint(doc)
            #expect(findings.isEmpty, "\(name): \(findings.prefix(3).map(\.description))")
        }
        #expect(chain.entryScreenID == "SA")
    }
}
