#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Session
import WhatsAppModel

/// The kinds the compose form offers, in the order of the message-type pane.
public enum DraftKind: String, Sendable, CaseIterable {
    case text, image, video, audio, document, sticker, location, contacts, reaction
    case button = "reply buttons"
    case list
    case ctaURL = "cta url"
    case flow
    case locationRequest = "location request"
    case voiceCall = "voice call"
    case callPermission = "call permission"
    case template
    /// The message as Meta's JSON text: what opens when the form cannot hold a message exactly.
    case json = "json"
}

/// A reply button in the buttons editor.
public struct DraftButton: Sendable, Hashable {
    public var id: String
    public var title: String
    public init(id: String, title: String) { self.id = id; self.title = title }
}

/// A list row in the list editor.
public struct DraftRow: Sendable, Hashable {
    public var id: String
    public var title: String
    public var description: String
    public init(id: String, title: String, description: String = "") { self.id = id; self.title = title; self.description = description }
}

/// A list section: a title (required by Meta once there are two) and its rows.
public struct DraftSection: Sendable, Hashable {
    public var title: String
    public var rows: [DraftRow]
    public init(title: String = "", rows: [DraftRow]) { self.title = title; self.rows = rows }
}

/// One contact card: the fields people fill in a test message. The model carries more
/// (addresses, urls, birthday); a loaded message keeps them in `extra`.
public struct DraftContact: Sendable, Hashable {
    public var name = ""
    public var phone = ""
    public var email = ""
    public var company = ""
    public init(name: String = "", phone: String = "", email: String = "", company: String = "") {
        self.name = name; self.phone = phone; self.email = email; self.company = company
    }
}

/// What the compose panes edit: plain strings, turned into an `OutboundMessage` on every change.
/// Empty strings mean "not set".
public struct Draft: Sendable, Hashable {
    public var to = "+27 82 555 0100"
    public var replyTo = ""
    public var kind: DraftKind = .text
    // text
    public var body = "Hello from wacon 👋"
    public var previewURL = false
    // media
    public var mediaLink = ""
    public var mediaID = ""
    public var caption = ""
    public var filename = ""
    // location
    public var latitude = ""
    public var longitude = ""
    public var placeName = ""
    public var address = ""
    // contacts
    public var contacts: [DraftContact] = [DraftContact()]
    // reaction
    public var reactTo = ""
    public var emoji = "👍"
    // interactive
    public var header = ""
    public var footer = ""
    public var buttons: [DraftButton] = [DraftButton(id: "yes", title: "Yes"), DraftButton(id: "no", title: "No")]
    public var listButton = "Choose"
    public var sections: [DraftSection] = [DraftSection(rows: [DraftRow(id: "r1", title: "First option")])]
    public var ctaText = "Open"
    // voice call button: empty means Meta's default (Call Now, 7 days, no payload)
    public var callText = ""
    public var callTTLMinutes = ""
    public var callPayload = ""
    public var ctaURL = "https://example.com"
    public var flowID = ""
    public var flowToken = ""
    public var flowCTA = "Open"
    public var flowAction = "navigate"
    public var flowScreen = ""
    public var flowData = ""
    /// `published`, `draft` (to test a Flow before publishing it), or empty: not sent, and
    /// Meta takes `published`.
    public var flowMode = ""
    /// The Flow JSON file the screens pane reads; not part of the message.
    public var flowFile = ""
    // template
    public var templateName = "hello_world"
    public var templateLanguage = "en_US"
    /// `language.policy` as opened (only `deterministic` exists); kept so a message comes back whole.
    public var templateLanguagePolicy = ""
    public var templateParams: [String] = []
    /// A template picked from the profile's library: the form is its definition's slots
    /// (`TemplateSlot`), their values by key, and the message is made from the definition
    /// while the name and language still name it.
    public var templateDefinition: TemplateDefinition?
    public var templateValues: [String: String] = [:]

    /// The picked template's definition, while the form's name and language are its.
    public var pickedTemplate: TemplateDefinition? {
        guard kind == .template, let d = templateDefinition, d.name == templateName, d.language == templateLanguage else { return nil }
        return d
    }
    /// A flow button (`sub_type` flow, index 0) with its `flow_token` and `flow_action_data`.
    public var templateFlowButton = false
    public var templateFlowToken = ""
    public var templateFlowData = ""
    // the whole message as JSON text (kind .json)
    public var json = ""
    /// The vendor options set in the options pane (those with a form label).
    public var options = VendorOptions()
    /// What sending the message is expected to come to (`wacon.expect`): kept from the file it
    /// was opened from, or recorded by "save as case", and written back by every save. Not
    /// part of the message.
    public var expect: CaseExpectation?

    public init() {}

    /// Every row of every section, in order (Meta's limit of 10 counts them all).
    public var rowCount: Int { sections.reduce(0) { $0 + $1.rows.count } }

    static func opt(_ s: String) -> String? { s.isEmpty ? nil : s }

    /// The JSON text of a `.json` draft read as a message, with the recipient from the form.
    public var parsedJSON: Result<OutboundMessage, MessageFileError> {
        Result { () throws(MessageFileError) -> OutboundMessage in
            var m = try OutboundMessage.parse(json)
            // The form's recipient field shows the message's; only a changed one readdresses it
            // (so a message with both `to` and `recipient` keeps both).
            if to != m.recipientText { m.address(to: to) }
            return m
        }
    }

    /// The message this draft describes.
    public var message: OutboundMessage {
        if kind == .json, case .success(let m) = parsedJSON { return m }
        let content: MessageContent
        let interactiveBody = body.isEmpty ? nil : body
        let headerValue: InteractiveHeader? = header.isEmpty ? nil : .text(header)
        switch kind {
        case .text: content = .text(TextContent(body: body, previewURL: previewURL ? true : nil))
        case .image, .video, .audio, .document, .sticker:
            let k = MediaKind(rawValue: kind.rawValue)!
            content = .media(k, MediaObject(id: Self.opt(mediaID), link: Self.opt(mediaLink), caption: Self.opt(caption), filename: Self.opt(filename)))
        case .location:
            var l = LocationContent(latitude: 0, longitude: 0, name: Self.opt(placeName), address: Self.opt(address))
            l.latitude = Self.coordinate(latitude)
            l.longitude = Self.coordinate(longitude)
            content = .location(l)
        case .contacts: content = .contacts(contacts.map(\.card))
        case .reaction: content = .reaction(ReactionContent(messageID: reactTo, emoji: emoji))
        case .button:
            content = .interactive(InteractiveContent(header: headerValue, body: interactiveBody, footer: Self.opt(footer),
                                                      action: .buttons(ReplyButtonsAction(buttons: buttons.map { ReplyButton(id: $0.id, title: $0.title) }))))
        case .list:
            let list = sections.map { s in
                ListSection(title: Self.opt(s.title), rows: s.rows.map { ListRow(id: $0.id, title: $0.title, description: Self.opt($0.description)) })
            }
            content = .interactive(InteractiveContent(header: headerValue, body: interactiveBody, footer: Self.opt(footer),
                                                      action: .list(ListAction(button: listButton, sections: list))))
        case .ctaURL:
            content = .interactive(InteractiveContent(header: headerValue, body: interactiveBody, footer: Self.opt(footer),
                                                      action: .ctaURL(CTAURLAction(displayText: ctaText, url: ctaURL))))
        case .flow:
            // A data_exchange flow asks the endpoint for its first screen: no payload is sent
            // (the form keeps screen and data for when the action goes back to navigate).
            let exchange = flowAction == "data_exchange"
            let data = exchange ? nil : (try? JSONParser.parse(flowData))?.objectValue
            var f = FlowAction(flowID: Self.opt(flowID), flowToken: Self.opt(flowToken), flowCTA: flowCTA, flowAction: Self.opt(flowAction),
                               screen: exchange ? nil : Self.opt(flowScreen), data: data, mode: Self.opt(flowMode))
            if !exchange && !flowData.isEmpty && data == nil { f.data = .string(flowData) }  // shown as a finding: data must be an object
            content = .interactive(InteractiveContent(header: headerValue, body: interactiveBody, footer: Self.opt(footer), action: .flow(f)))
        case .locationRequest:
            content = .interactive(InteractiveContent(body: interactiveBody, action: .locationRequest(NamedAction(name: "send_location"))))
        case .voiceCall:
            var p = VoiceCallParameters(displayText: Self.opt(callText), payload: Self.opt(callPayload))
            // A whole number goes as a number; anything else as typed, for validation to judge.
            p.ttlMinutes = callTTLMinutes.isEmpty ? nil : Int(callTTLMinutes).map { .number(JSONNumber($0)) } ?? .string(callTTLMinutes)
            let empty = p.displayText == nil && p.ttlMinutes == nil && p.payload == nil
            content = .interactive(InteractiveContent(body: interactiveBody, action: .voiceCall(VoiceCallAction(parameters: empty ? nil : p))))
        case .callPermission:
            content = .interactive(InteractiveContent(body: interactiveBody, action: .callPermissionRequest(NamedAction(name: "call_permission_request"))))
        case .json:
            content = .text(TextContent(body: ""))  // unreadable JSON: the findings say why, nothing is sent
        case .template where pickedTemplate != nil:
            content = .template(pickedTemplate!.message(parameters: templateValues))
        case .template:
            let params = templateParams.map { TemplateParameter(text: $0) }
            var components = params.isEmpty ? [] : [TemplateComponent(type: "body", parameters: params)]
            if templateFlowButton {
                var action = JSONObject()
                action.set("flow_token", Self.opt(templateFlowToken).map(JSONValue.string))
                if !templateFlowData.isEmpty {
                    // Text that is not a JSON object is sent as is, for validation to point at.
                    action.append("flow_action_data", (try? JSONParser.parse(templateFlowData)) ?? .string(templateFlowData))
                }
                components.append(TemplateComponent(type: "button", subType: "flow", index: "0", parameters: [TemplateParameter(action: .object(action))]))
            }
            var t = TemplateContent(name: templateName, languageCode: templateLanguage, components: components.isEmpty ? nil : components)
            t.languagePolicy = Self.opt(templateLanguagePolicy)
            content = .template(t)
        }
        var m = OutboundMessage(to: to, content: content, replyTo: Self.opt(replyTo))
        m.address(to: to)
        return m
    }

    /// A coordinate as typed: a JSON number stays that literal (so an opened message comes back
    /// unchanged), anything else is sent as a string for validation to judge.
    static func coordinate(_ text: String) -> Coordinate? {
        if text.isEmpty { return nil }
        if case .number(let n)? = try? JSONParser.parse(text) { return .number(n) }
        return .string(text)
    }

    /// The names of the options the form has a field for.
    static var formOptionNames: [String] { GatewayRegistry.optionKeys.filter { $0.formLabel != nil }.map(\.name) }
}

extension DraftContact {
    /// The card as Meta's `contacts[]` entry: the name split into first and last at the first
    /// space (Meta wants a second name part besides `formatted_name`).
    var card: ContactCard {
        let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
        var card = ContactCard(name: ContactName(formatted: name, first: parts.first, last: parts.count > 1 ? parts[1] : nil))
        if !phone.isEmpty {
            var p = ContactPhone()
            p.fields["phone"] = phone
            p.fields["type"] = "CELL"
            card.phones = [p]
        }
        if !email.isEmpty {
            var e = ContactEmail()
            e.fields["email"] = email
            e.fields["type"] = "WORK"
            card.emails = [e]
        }
        if !company.isEmpty {
            var o = ContactOrg()
            o.fields["company"] = company
            card.org = o
        }
        return card
    }
}
