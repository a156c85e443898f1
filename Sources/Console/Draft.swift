import Foundation
import Providers
import WhatsAppModel

/// The kinds the compose form offers, in the order of the message-type pane.
public enum DraftKind: String, Sendable, CaseIterable {
    case text, image, video, audio, document, sticker, location, contacts, reaction
    case button = "reply buttons"
    case list
    case ctaURL = "cta url"
    case flow
    case locationRequest = "location request"
    case template
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
    // contacts (one card)
    public var contactName = ""
    public var contactPhone = ""
    // reaction
    public var reactTo = ""
    public var emoji = "👍"
    // interactive
    public var header = ""
    public var footer = ""
    public var buttons: [(id: String, title: String)] = [("yes", "Yes"), ("no", "No")]
    public var listButton = "Choose"
    public var sectionTitle = ""
    public var rows: [(id: String, title: String, description: String)] = [("r1", "First option", "")]
    public var ctaText = "Open"
    public var ctaURL = "https://example.com"
    public var flowID = ""
    public var flowToken = ""
    public var flowCTA = "Open"
    public var flowAction = "navigate"
    public var flowScreen = ""
    public var flowData = ""
    // template
    public var templateName = "hello_world"
    public var templateLanguage = "en_US"
    public var templateParams: [String] = []
    // vendor options
    public var ref = ""
    public var waSource = ""
    public var postBackURL = ""
    public var postBackData = ""

    public init() {}

    public static func == (a: Draft, b: Draft) -> Bool { a.message.json == b.message.json && a.options == b.options && a.kind == b.kind }
    public func hash(into h: inout Hasher) { h.combine(message.json) }

    static func opt(_ s: String) -> String? { s.isEmpty ? nil : s }

    /// The message this draft describes.
    public var message: OutboundMessage {
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
            l.latitude = latitude.isEmpty ? nil : Double(latitude).map { .number(JSONNumber($0)) } ?? .string(latitude)
            l.longitude = longitude.isEmpty ? nil : Double(longitude).map { .number(JSONNumber($0)) } ?? .string(longitude)
            content = .location(l)
        case .contacts:
            let parts = contactName.split(separator: " ", maxSplits: 1).map(String.init)
            var card = ContactCard(name: ContactName(formatted: contactName, first: parts.first, last: parts.count > 1 ? parts[1] : nil))
            if !contactPhone.isEmpty {
                var p = ContactPhone()
                p.fields["phone"] = contactPhone
                p.fields["type"] = "CELL"
                card.phones = [p]
            }
            content = .contacts([card])
        case .reaction: content = .reaction(ReactionContent(messageID: reactTo, emoji: emoji))
        case .button:
            content = .interactive(InteractiveContent(header: headerValue, body: interactiveBody, footer: Self.opt(footer),
                                                      action: .buttons(ReplyButtonsAction(buttons: buttons.map { ReplyButton(id: $0.id, title: $0.title) }))))
        case .list:
            let section = ListSection(title: Self.opt(sectionTitle), rows: rows.map { ListRow(id: $0.id, title: $0.title, description: Self.opt($0.description)) })
            content = .interactive(InteractiveContent(header: headerValue, body: interactiveBody, footer: Self.opt(footer),
                                                      action: .list(ListAction(button: listButton, sections: [section]))))
        case .ctaURL:
            content = .interactive(InteractiveContent(header: headerValue, body: interactiveBody, footer: Self.opt(footer),
                                                      action: .ctaURL(CTAURLAction(displayText: ctaText, url: ctaURL))))
        case .flow:
            let data = (try? JSONParser.parse(flowData))?.objectValue
            var f = FlowAction(flowID: Self.opt(flowID), flowToken: Self.opt(flowToken), flowCTA: flowCTA, flowAction: Self.opt(flowAction),
                               screen: Self.opt(flowScreen), data: data)
            if !flowData.isEmpty && data == nil { f.data = .string(flowData) }  // shown as a finding: data must be an object
            content = .interactive(InteractiveContent(header: headerValue, body: interactiveBody, footer: Self.opt(footer), action: .flow(f)))
        case .locationRequest:
            content = .interactive(InteractiveContent(body: interactiveBody, action: .locationRequest(NamedAction(name: "send_location"))))
        case .template:
            let params = templateParams.map { TemplateParameter(text: $0) }
            content = .template(TemplateContent(name: templateName, languageCode: templateLanguage,
                                                components: params.isEmpty ? nil : [TemplateComponent(type: "body", parameters: params)]))
        }
        return OutboundMessage(to: to, content: content, replyTo: Self.opt(replyTo))
    }

    /// Kaleyra's `extra_info` and Zixflow's postback, as set in the options pane.
    public var options: VendorOptions {
        VendorOptions(kaleyraRef: Self.opt(ref), kaleyraWASource: Self.opt(waSource), postBackURL: Self.opt(postBackURL), postBackData: Self.opt(postBackData))
    }
}
