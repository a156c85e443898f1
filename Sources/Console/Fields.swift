import Providers
import WhatsAppModel

/// The panes, in Tab order.
public enum Pane: Int, Sendable, CaseIterable {
    case gateway, recipient, type, content, flow, buttons, options, preview, send

    public var title: String {
        switch self {
        case .gateway: return "Gateway"
        case .recipient: return "Recipient"
        case .type: return "Message"
        case .content: return "Content"
        case .flow: return "Flow screens"
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
    case latitude, longitude, placeName, address, reactTo, emoji
    case contactName(Int), contactPhone(Int), contactEmail(Int), contactCompany(Int)
    case header, footer, buttonTitle(Int), buttonID(Int), listButton
    /// A list section's title, and its rows' fields by (section, row).
    case sectionTitle(Int), rowTitle(Int, Int), rowID(Int, Int), rowDescription(Int, Int)
    case callText, callTTLMinutes, callPayload
    case ctaText, ctaURL, flowID, flowToken, flowCTA, flowAction, flowScreen, flowData, flowMode
    /// The Flow JSON file for a flow message, and one member of the first screen's data.
    case flowFile, flowDataMember(String)
    case templateName, templateLanguage, templateParam(Int)
    /// A value of a template picked from the library, by its slot's key (`header`, `1`, `button0`).
    case templateSlot(String)
    case templateFlowButton, templateFlowToken, templateFlowData
    /// A vendor option, by name.
    case option(String)
    /// The message JSON of a `.json` draft.
    case json
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
            // A user id goes out in `recipient`: its findings are there.
            return [t(.to, "to", BusinessUserID.looksLikeOne(d.to.trimmed) ? "recipient" : "to")]
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
            case .contacts:
                return d.contacts.indices.flatMap { i in
                    [t(.contactName(i), "\(i + 1). name", "contacts[\(i)].name"), t(.contactPhone(i), "   phone", "contacts[\(i)].phones"),
                     t(.contactEmail(i), "   email", "contacts[\(i)].emails"), t(.contactCompany(i), "   company", "contacts[\(i)].org")]
                }
            case .reaction: return [t(.reactTo, "message id", "reaction.message_id"), t(.emoji, "emoji", "reaction.emoji")]
            case .button, .list, .ctaURL, .flow:
                var f = [t(.header, "header", "interactive.header"), t(.body, "body", "interactive.body"), t(.footer, "footer", "interactive.footer")]
                if d.kind == .ctaURL { f += [t(.ctaText, "button text", "interactive.action.parameters.display_text"), t(.ctaURL, "url", "interactive.action.parameters.url")] }
                if d.kind == .flow {
                    f += [t(.flowID, "flow id", "interactive.action.parameters.flow_id"), t(.flowToken, "flow token", "interactive.action.parameters.flow_token"),
                          t(.flowCTA, "cta", "interactive.action.parameters.flow_cta"),
                          FieldSpec(id: .flowMode, label: "mode", kind: .choice(["published", "draft"]), path: "interactive.action.parameters.mode"),
                          FieldSpec(id: .flowAction, label: "action", kind: .choice(["navigate", "data_exchange"]), path: "interactive.action.parameters.flow_action")]
                }
                return f
            case .locationRequest, .callPermission: return [t(.body, "body", "interactive.body")]
            case .voiceCall:
                let p = "interactive.action.parameters"
                return [t(.body, "body", "interactive.body"), t(.callText, "button text", "\(p).display_text"),
                        t(.callTTLMinutes, "ttl minutes", "\(p).ttl_minutes"), t(.callPayload, "payload", "\(p).payload")]
            case .json: return [t(.json, "message JSON", "json")]
            case .template:
                if let definition = templateDefinition {
                    return [t(.templateName, "name", "template.name"), t(.templateLanguage, "language", "template.language")]
                        + definition.slots.map { t(.templateSlot($0.key), $0.label, "template.slot.\($0.key)") }
                }
                return [t(.templateName, "name", "template.name"), t(.templateLanguage, "language", "template.language")]
                    + d.templateParams.indices.map { t(.templateParam($0), "body {{\($0 + 1)}}", "template.components[0].parameters[\($0)]") }
                    + templateFlowFields()
            }
        case .flow: return flowScreenFields()
        case .buttons:
            switch d.kind {
            case .button:
                return d.buttons.indices.flatMap { i in
                    [t(.buttonTitle(i), "\(i + 1). title", "interactive.action.buttons[\(i)].reply.title"), t(.buttonID(i), "   id", "interactive.action.buttons[\(i)].reply.id")]
                }
            case .list:
                return [t(.listButton, "list button", "interactive.action.button")]
                    + d.sections.indices.flatMap { s in
                        let at = "interactive.action.sections[\(s)]"
                        return [t(.sectionTitle(s), "section \(s + 1)", "\(at).title")]
                            + d.sections[s].rows.indices.flatMap { r in
                                [t(.rowTitle(s, r), "  \(r + 1). title", "\(at).rows[\(r)].title"),
                                 t(.rowID(s, r), "     id", "\(at).rows[\(r)].id"),
                                 t(.rowDescription(s, r), "     detail", "\(at).rows[\(r)].description")]
                            }
                    }
            default: return []
            }
        case .options:
            return gateway.gateway.optionKeys.compactMap { key in key.formLabel.map { t(.option(key.name), $0, key.fieldPath) } }
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
        case .contactName(let i): return i < d.contacts.count ? d.contacts[i].name : ""
        case .contactPhone(let i): return i < d.contacts.count ? d.contacts[i].phone : ""
        case .contactEmail(let i): return i < d.contacts.count ? d.contacts[i].email : ""
        case .contactCompany(let i): return i < d.contacts.count ? d.contacts[i].company : ""
        case .reactTo: return d.reactTo
        case .emoji: return d.emoji
        case .header: return d.header
        case .footer: return d.footer
        case .buttonTitle(let i): return i < d.buttons.count ? d.buttons[i].title : ""
        case .buttonID(let i): return i < d.buttons.count ? d.buttons[i].id : ""
        case .listButton: return d.listButton
        case .sectionTitle(let s): return d.sections.indices.contains(s) ? d.sections[s].title : ""
        case .rowTitle(let s, let r): return d.row(s, r)?.title ?? ""
        case .rowID(let s, let r): return d.row(s, r)?.id ?? ""
        case .rowDescription(let s, let r): return d.row(s, r)?.description ?? ""
        case .callText: return d.callText
        case .callTTLMinutes: return d.callTTLMinutes
        case .callPayload: return d.callPayload
        case .ctaText: return d.ctaText
        case .ctaURL: return d.ctaURL
        case .flowID: return d.flowID
        case .flowToken: return d.flowToken
        case .flowCTA: return d.flowCTA
        case .flowAction: return d.flowAction
        case .flowScreen: return d.flowScreen
        case .flowData: return d.flowData
        case .flowMode: return d.flowMode.isEmpty ? "published" : d.flowMode  // not sent: Meta's default
        case .flowFile: return d.flowFile
        case .flowDataMember(let name): return flowDataValue(name)
        case .templateName: return d.templateName
        case .templateLanguage: return d.templateLanguage
        case .templateParam(let i): return i < d.templateParams.count ? d.templateParams[i] : ""
        case .templateSlot(let key): return d.templateValues[key] ?? ""
        case .templateFlowButton: return d.templateFlowButton ? "on" : "off"
        case .templateFlowToken: return d.templateFlowToken
        case .templateFlowData: return d.templateFlowData
        case .option(let name): return d.options[name] ?? ""
        case .json: return d.json
        }
    }

    /// Sets the text of a field (choices by their option text).
    mutating func set(_ id: FieldID, _ v: String) {
        switch id {
        case .gateway: if let g = GatewayID(rawValue: v) { gateway = g }
        case .profile: profileName[gateway] = v
        case .to: draft.to = v
        case .kind:
            guard let k = DraftKind(rawValue: v) else { return }
            // To JSON: the message so far, as text. Back to a form: the JSON's fields when the
            // form holds them exactly.
            if k == .json, draft.kind != .json { draft.json = JSONWriter.prettyString(draft.message.json) }
            if draft.kind == .json, k != .json, case .success(let m) = draft.parsedJSON, let d = Draft.exact(m, options: draft.options), d.kind == k {
                draft = d
            }
            draft.kind = k
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
        case .contactName(let i): if i < draft.contacts.count { draft.contacts[i].name = v }
        case .contactPhone(let i): if i < draft.contacts.count { draft.contacts[i].phone = v }
        case .contactEmail(let i): if i < draft.contacts.count { draft.contacts[i].email = v }
        case .contactCompany(let i): if i < draft.contacts.count { draft.contacts[i].company = v }
        case .reactTo: draft.reactTo = v
        case .emoji: draft.emoji = v
        case .header: draft.header = v
        case .footer: draft.footer = v
        case .buttonTitle(let i): if i < draft.buttons.count { draft.buttons[i].title = v }
        case .buttonID(let i): if i < draft.buttons.count { draft.buttons[i].id = v }
        case .listButton: draft.listButton = v
        case .sectionTitle(let s): if draft.sections.indices.contains(s) { draft.sections[s].title = v }
        case .rowTitle(let s, let r): if draft.row(s, r) != nil { draft.sections[s].rows[r].title = v }
        case .rowID(let s, let r): if draft.row(s, r) != nil { draft.sections[s].rows[r].id = v }
        case .rowDescription(let s, let r): if draft.row(s, r) != nil { draft.sections[s].rows[r].description = v }
        case .callText: draft.callText = v
        case .callTTLMinutes: draft.callTTLMinutes = v
        case .callPayload: draft.callPayload = v
        case .ctaText: draft.ctaText = v
        case .ctaURL: draft.ctaURL = v
        case .flowID: draft.flowID = v
        case .flowToken: draft.flowToken = v
        case .flowCTA: draft.flowCTA = v
        case .flowAction: draft.flowAction = v
        case .flowScreen: if flow != nil { chooseFlowScreen(v) } else { draft.flowScreen = v }
        case .flowData: draft.flowData = v
        case .flowMode: draft.flowMode = v
        case .flowFile: draft.flowFile = v
        case .flowDataMember(let name): setFlowDataValue(name, v)
        case .templateName: draft.templateName = v
        case .templateLanguage: draft.templateLanguage = v
        case .templateParam(let i): if i < draft.templateParams.count { draft.templateParams[i] = v }
        case .templateSlot(let key): draft.templateValues[key] = v
        case .templateFlowButton:
            draft.templateFlowButton = v == "on"
            if draft.templateFlowButton && draft.templateFlowToken.isEmpty { draft.templateFlowToken = Self.newFlowToken() }
        case .templateFlowToken: draft.templateFlowToken = v
        case .templateFlowData: draft.templateFlowData = v
        case .option(let name): draft.options[name] = v.isEmpty ? nil : v
        case .json: draft.json = v
        }
    }
}

extension Draft {
    /// Row `r` of section `s`, if both exist.
    func row(_ s: Int, _ r: Int) -> DraftRow? {
        sections.indices.contains(s) && sections[s].rows.indices.contains(r) ? sections[s].rows[r] : nil
    }
}
