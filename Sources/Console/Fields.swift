import Providers
import WhatsAppModel

/// The panes, in Tab order.
public enum Pane: Int, Sendable, CaseIterable {
    case gateway, recipient, type, content, buttons, options, preview, send

    public var title: String {
        switch self {
        case .gateway: return "Gateway"
        case .recipient: return "Recipient"
        case .type: return "Message"
        case .content: return "Content"
        case .buttons: return "Buttons"
        case .options: return "Gateway options"
        case .preview: return "Preview"
        case .send: return "Send"
        }
    }
}

/// Every editable thing in the form.
public enum FieldID: Sendable, Hashable {
    case gateway, profile, to, kind, replyTo
    case body, previewURL, mediaLink, mediaID, caption, filename
    case latitude, longitude, placeName, address, contactName, contactPhone, reactTo, emoji
    case header, footer, buttonTitle(Int), buttonID(Int), listButton, sectionTitle, rowTitle(Int), rowID(Int), rowDescription(Int)
    case ctaText, ctaURL, flowID, flowToken, flowCTA, flowAction, flowScreen, flowData
    case templateName, templateLanguage, templateParam(Int)
    case ref, waSource, postBackURL, postBackData
}

/// How a field is edited.
public enum FieldKind: Sendable, Hashable {
    case text
    /// Enter and ←/→ cycle through the options.
    case choice([String])
    case toggle
}

/// One row of a pane.
public struct FieldSpec: Sendable, Hashable {
    public var id: FieldID
    public var label: String
    public var kind: FieldKind
    /// The JSON path findings for this field start with (in Meta's message).
    public var path: String
}

extension AppState {
    /// The rows of a pane for the current draft and gateway.
    public func fields(_ pane: Pane) -> [FieldSpec] {
        let d = draft
        func t(_ id: FieldID, _ label: String, _ path: String) -> FieldSpec { FieldSpec(id: id, label: label, kind: .text, path: path) }
        switch pane {
        case .gateway:
            return [FieldSpec(id: .gateway, label: "gateway", kind: .choice(GatewayID.allCases.map(\.rawValue)), path: "type"),
                    FieldSpec(id: .profile, label: "profile", kind: .choice(profiles(for: gateway).map(\.name)), path: "profile")]
        case .recipient:
            return [t(.to, "to", "to")]
        case .type:
            return [FieldSpec(id: .kind, label: "type", kind: .choice(DraftKind.allCases.map(\.rawValue)), path: "type"),
                    t(.replyTo, "reply to", "context")]
        case .content:
            switch d.kind {
            case .text: return [t(.body, "body", "text.body"), FieldSpec(id: .previewURL, label: "link preview", kind: .toggle, path: "text.preview_url")]
            case .image, .video, .audio, .document, .sticker:
                let k = d.kind.rawValue
                var f = [t(.mediaLink, "link", "\(k).link"), t(.mediaID, "media id", "\(k).id")]
                if [.image, .video, .document].contains(d.kind) { f.append(t(.caption, "caption", "\(k).caption")) }
                if d.kind == .document { f.append(t(.filename, "filename", "\(k).filename")) }
                return f
            case .location:
                return [t(.latitude, "latitude", "location.latitude"), t(.longitude, "longitude", "location.longitude"),
                        t(.placeName, "name", "location.name"), t(.address, "address", "location.address")]
            case .contacts: return [t(.contactName, "name", "contacts[0].name"), t(.contactPhone, "phone", "contacts[0].phones")]
            case .reaction: return [t(.reactTo, "message id", "reaction.message_id"), t(.emoji, "emoji", "reaction.emoji")]
            case .button, .list, .ctaURL, .flow:
                var f = [t(.header, "header", "interactive.header"), t(.body, "body", "interactive.body"), t(.footer, "footer", "interactive.footer")]
                if d.kind == .ctaURL { f += [t(.ctaText, "button text", "interactive.action.parameters.display_text"), t(.ctaURL, "url", "interactive.action.parameters.url")] }
                if d.kind == .flow {
                    f += [t(.flowID, "flow id", "interactive.action.parameters.flow_id"), t(.flowToken, "flow token", "interactive.action.parameters.flow_token"),
                          t(.flowCTA, "cta", "interactive.action.parameters.flow_cta"),
                          FieldSpec(id: .flowAction, label: "action", kind: .choice(["navigate", "data_exchange"]), path: "interactive.action.parameters.flow_action"),
                          t(.flowScreen, "screen", "interactive.action.parameters.flow_action_payload.screen"),
                          t(.flowData, "data (JSON)", "interactive.action.parameters.flow_action_payload.data")]
                }
                return f
            case .locationRequest: return [t(.body, "body", "interactive.body")]
            case .template:
                return [t(.templateName, "name", "template.name"), t(.templateLanguage, "language", "template.language")]
                    + d.templateParams.indices.map { t(.templateParam($0), "body {{\($0 + 1)}}", "template.components[0].parameters[\($0)]") }
            }
        case .buttons:
            switch d.kind {
            case .button:
                return d.buttons.indices.flatMap { i in
                    [t(.buttonTitle(i), "\(i + 1). title", "interactive.action.buttons[\(i)].reply.title"), t(.buttonID(i), "   id", "interactive.action.buttons[\(i)].reply.id")]
                }
            case .list:
                return [t(.listButton, "list button", "interactive.action.button"), t(.sectionTitle, "section", "interactive.action.sections[0].title")]
                    + d.rows.indices.flatMap { i in
                        [t(.rowTitle(i), "\(i + 1). title", "interactive.action.sections[0].rows[\(i)].title"),
                         t(.rowID(i), "   id", "interactive.action.sections[0].rows[\(i)].id"),
                         t(.rowDescription(i), "   detail", "interactive.action.sections[0].rows[\(i)].description")]
                    }
            default: return []
            }
        case .options:
            switch gateway {
            case .kaleyra: return [t(.ref, "extra_info.ref", "extra_info.ref"), t(.waSource, "wa_source", "extra_info.wa_source")]
            case .zixflow: return [t(.postBackURL, "post_back_url", "post_back_url"), t(.postBackData, "post_back_data", "post_back_data")]
            default: return []
            }
        case .preview, .send: return []
        }
    }

    /// The text of a field.
    public func value(_ id: FieldID) -> String {
        let d = draft
        switch id {
        case .gateway: return gateway.rawValue
        case .profile: return profile.name
        case .to: return d.to
        case .kind: return d.kind.rawValue
        case .replyTo: return d.replyTo
        case .body: return d.body
        case .previewURL: return d.previewURL ? "on" : "off"
        case .mediaLink: return d.mediaLink
        case .mediaID: return d.mediaID
        case .caption: return d.caption
        case .filename: return d.filename
        case .latitude: return d.latitude
        case .longitude: return d.longitude
        case .placeName: return d.placeName
        case .address: return d.address
        case .contactName: return d.contactName
        case .contactPhone: return d.contactPhone
        case .reactTo: return d.reactTo
        case .emoji: return d.emoji
        case .header: return d.header
        case .footer: return d.footer
        case .buttonTitle(let i): return i < d.buttons.count ? d.buttons[i].title : ""
        case .buttonID(let i): return i < d.buttons.count ? d.buttons[i].id : ""
        case .listButton: return d.listButton
        case .sectionTitle: return d.sectionTitle
        case .rowTitle(let i): return i < d.rows.count ? d.rows[i].title : ""
        case .rowID(let i): return i < d.rows.count ? d.rows[i].id : ""
        case .rowDescription(let i): return i < d.rows.count ? d.rows[i].description : ""
        case .ctaText: return d.ctaText
        case .ctaURL: return d.ctaURL
        case .flowID: return d.flowID
        case .flowToken: return d.flowToken
        case .flowCTA: return d.flowCTA
        case .flowAction: return d.flowAction
        case .flowScreen: return d.flowScreen
        case .flowData: return d.flowData
        case .templateName: return d.templateName
        case .templateLanguage: return d.templateLanguage
        case .templateParam(let i): return i < d.templateParams.count ? d.templateParams[i] : ""
        case .ref: return d.ref
        case .waSource: return d.waSource
        case .postBackURL: return d.postBackURL
        case .postBackData: return d.postBackData
        }
    }

    /// Sets the text of a field (choices by their option text).
    mutating func set(_ id: FieldID, _ v: String) {
        switch id {
        case .gateway: if let g = GatewayID(rawValue: v) { gateway = g }
        case .profile: profileName[gateway] = v
        case .to: draft.to = v
        case .kind: if let k = DraftKind(rawValue: v) { draft.kind = k }
        case .replyTo: draft.replyTo = v
        case .body: draft.body = v
        case .previewURL: draft.previewURL = v == "on"
        case .mediaLink: draft.mediaLink = v
        case .mediaID: draft.mediaID = v
        case .caption: draft.caption = v
        case .filename: draft.filename = v
        case .latitude: draft.latitude = v
        case .longitude: draft.longitude = v
        case .placeName: draft.placeName = v
        case .address: draft.address = v
        case .contactName: draft.contactName = v
        case .contactPhone: draft.contactPhone = v
        case .reactTo: draft.reactTo = v
        case .emoji: draft.emoji = v
        case .header: draft.header = v
        case .footer: draft.footer = v
        case .buttonTitle(let i): if i < draft.buttons.count { draft.buttons[i].title = v }
        case .buttonID(let i): if i < draft.buttons.count { draft.buttons[i].id = v }
        case .listButton: draft.listButton = v
        case .sectionTitle: draft.sectionTitle = v
        case .rowTitle(let i): if i < draft.rows.count { draft.rows[i].title = v }
        case .rowID(let i): if i < draft.rows.count { draft.rows[i].id = v }
        case .rowDescription(let i): if i < draft.rows.count { draft.rows[i].description = v }
        case .ctaText: draft.ctaText = v
        case .ctaURL: draft.ctaURL = v
        case .flowID: draft.flowID = v
        case .flowToken: draft.flowToken = v
        case .flowCTA: draft.flowCTA = v
        case .flowAction: draft.flowAction = v
        case .flowScreen: draft.flowScreen = v
        case .flowData: draft.flowData = v
        case .templateName: draft.templateName = v
        case .templateLanguage: draft.templateLanguage = v
        case .templateParam(let i): if i < draft.templateParams.count { draft.templateParams[i] = v }
        case .ref: draft.ref = v
        case .waSource: draft.waSource = v
        case .postBackURL: draft.postBackURL = v
        case .postBackData: draft.postBackData = v
        }
    }
}
