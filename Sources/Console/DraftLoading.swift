import Providers
import Session
import WhatsAppModel

/// Opening a message into the form: a history entry, a saved message, a pasted curl command.
extension Draft {
    /// The draft for `message` and `options`, or nil when the form cannot hold the message
    /// exactly (an image header, a template with header or button components, several phones
    /// on a card, unknown fields…). The check is a round trip: the draft must give back the
    /// same JSON, so opening never drops a part of a message silently. Callers open the
    /// others as JSON instead (`DraftKind.json`).
    public static func exact(_ message: OutboundMessage, options: VendorOptions = VendorOptions()) -> Draft? {
        var d = Draft()
        d.to = message.recipientText
        d.replyTo = message.replyTo ?? ""
        d.options = formOptions(options)
        guard d.fill(message.content) else { return nil }
        return d.message.json == message.json && d.options == options ? d : nil
    }

    /// The draft for any message: the form when it holds the message exactly, else the
    /// message as JSON text (still previewed, validated and sent like any other).
    public static func opening(_ message: OutboundMessage, options: VendorOptions = VendorOptions()) -> Draft {
        if let d = exact(message, options: options) { return d }
        var d = Draft()
        d.to = message.recipientText
        d.kind = .json
        d.json = JSONWriter.prettyString(message.json)
        d.options = formOptions(options)
        return d
    }

    /// The draft for a saved message: its message and options as `opening` makes them, and its
    /// expectation, so a case opened, edited and saved again stays a case.
    public static func opening(saved: SavedMessage) -> Draft {
        var d = opening(saved.message, options: saved.options)
        d.expect = saved.expect
        return d
    }

    /// What the options pane holds of `options`: the options it has fields for, when not empty.
    static func formOptions(_ options: VendorOptions) -> VendorOptions {
        VendorOptions(options.restricted(to: formOptionNames).values.filter { !$0.value.isEmpty })
    }

    /// Copies the content's fields; false when the form has no kind for it.
    private mutating func fill(_ content: MessageContent) -> Bool {
        switch content {
        case .text(let t):
            kind = .text
            body = t.body
            previewURL = t.previewURL ?? false
        case .media(let k, let m):
            guard let dk = DraftKind(rawValue: k.rawValue) else { return false }
            kind = dk
            mediaID = m.id ?? ""
            mediaLink = m.link ?? ""
            caption = m.caption ?? ""
            filename = m.filename ?? ""
        case .location(let l):
            kind = .location
            latitude = l.latitude.map(Self.text) ?? ""
            longitude = l.longitude.map(Self.text) ?? ""
            placeName = l.name ?? ""
            address = l.address ?? ""
        case .contacts(let cards):
            kind = .contacts
            contacts = cards.map { c in
                DraftContact(name: c.name.formattedName ?? "", phone: c.phones?.first?.fields["phone"] ?? "",
                             email: c.emails?.first?.fields["email"] ?? "", company: c.org?.fields["company"] ?? "")
            }
            if contacts.isEmpty { return false }
        case .reaction(let r):
            kind = .reaction
            reactTo = r.messageID
            emoji = r.emoji ?? ""
        case .interactive(let i):
            header = i.header?.text ?? ""
            body = i.body?.text ?? ""
            footer = i.footer?.text ?? ""
            switch i.action {
            case .buttons(let a):
                kind = .button
                buttons = a.buttons.map { DraftButton(id: $0.id, title: $0.title) }
            case .list(let a):
                kind = .list
                listButton = a.button
                sections = a.sections.map { s in
                    DraftSection(title: s.title ?? "", rows: s.rows.map { DraftRow(id: $0.id, title: $0.title, description: $0.description ?? "") })
                }
            case .ctaURL(let a):
                kind = .ctaURL
                ctaText = a.displayText
                ctaURL = a.url
            case .flow(let f):
                kind = .flow
                flowID = f.flowID ?? ""
                flowToken = f.flowToken ?? ""
                flowCTA = f.flowCTA
                flowAction = f.flowAction ?? "navigate"
                flowScreen = f.screen ?? ""
                flowData = f.data.map { JSONWriter.compactString($0) } ?? ""
                flowMode = f.mode ?? ""
            case .locationRequest:
                kind = .locationRequest
            case .voiceCall(let a):
                kind = .voiceCall
                callText = a.parameters?.displayText ?? ""
                callPayload = a.parameters?.payload ?? ""
                switch a.parameters?.ttlMinutes {
                case nil: callTTLMinutes = ""
                case .number(let n)? where n.intValue != nil: callTTLMinutes = String(n.intValue!)
                default: return false
                }
            case .callPermissionRequest:
                kind = .callPermission
            case .product, .productList, .catalog, .carousel, .addressMessage:
                return false
            }
        case .otherInteractive:
            return false
        case .template(let t):
            kind = .template
            templateName = t.name
            templateLanguage = t.languageCode
            templateLanguagePolicy = t.languagePolicy ?? ""
            guard t.languageUnknownFields.isEmpty, t.unknownFields.isEmpty else { return false }
            var components = t.components ?? []
            // A trailing flow button the form can hold: index 0, one action with a token and data.
            if let last = components.last, last.type == "button", last.subType == "flow", last.index == "0", last.unknownFields.isEmpty,
               let p = last.parameters, p.count == 1, p[0].type == "action", p[0].otherFields.keys == ["action"],
               let action = p[0].otherFields["action"]?.objectValue, Set(action.keys).isSubset(of: ["flow_token", "flow_action_data"]),
               action["flow_token"].map({ $0.stringValue != nil && !$0.stringValue!.isEmpty }) ?? true,
               action["flow_action_data"].map({ $0.objectValue != nil }) ?? true {
                templateFlowButton = true
                templateFlowToken = action["flow_token"]?.stringValue ?? ""
                templateFlowData = action["flow_action_data"].map { JSONWriter.compactString($0) } ?? ""
                components.removeLast()
            }
            guard components.count <= 1, components.allSatisfy({ $0.type == "body" }) else { return false }
            templateParams = components.first?.parameters?.map { $0.text ?? "" } ?? []
        }
        return true
    }

    private static func text(_ c: Coordinate) -> String {
        switch c {
        case .number(let n): return n.literal
        case .string(let s): return s
        }
    }
}
