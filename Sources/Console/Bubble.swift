#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// The message as the customer's phone shows it: header, body with WhatsApp's formatting,
/// footer and buttons, drawn under the request in the preview. A template's text is its
/// definition's, filled in with the message's parameters; without the definition the bubble
/// shows the parameters.
enum Bubble {
    /// The bubble's lines, each a list of styled pieces, without the frame. `templates`: the
    /// profile's library, for a template's text.
    static func lines(_ m: OutboundMessage, templates: TemplateLibrary? = nil) -> [[(Substring, Style)]] {
        var out: [[(Substring, Style)]] = []
        func plain(_ text: String, _ style: Style = Style(.text)) { out.append([(Substring(text), style)]) }
        func formatted(_ text: String) {
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                out.append(WhatsAppFormatting.runs(String(line)).map { (Substring($0.text), style(of: $0.style)) })
            }
        }
        func header(_ h: InteractiveHeader?) {
            guard let h else { return }
            if let text = h.text { out.append([(Substring(text), Style(.text, bold: true))]) } else { plain("[\(h.type)]", Style(.muted)) }
        }
        func button(_ symbol: String, _ title: String) { plain("\(symbol) \(title)", Style(.accent)) }
        switch m.content {
        case .text(let t): formatted(t.body)
        case .media(let kind, let media):
            plain("[\(kind.rawValue)\(media.filename.map { ": \($0)" } ?? "")]", Style(.muted))
            if let caption = media.caption { formatted(caption) }
        case .location(let l):
            plain("⌖ " + [l.name, l.address].compactMap { $0 }.joined(separator: ", "), Style(.text))
        case .contacts(let cards):
            for c in cards { plain("☺ " + (c.name.formattedName ?? "contact"), Style(.text)) }
        case .reaction(let r):
            plain("\(r.emoji ?? "") on \(r.messageID)", Style(.text))
        case .interactive(let i):
            header(i.header)
            if let body = i.body?.text { formatted(body) }
            if let footer = i.footer?.text { plain(footer, Style(.muted)) }
            switch i.action {
            case .buttons(let a): for b in a.buttons { button("↩", b.title) }
            case .list(let a): button("☰", a.button)
            case .ctaURL(let a): button("↗", a.displayText)
            case .flow(let a): button("▸", a.flowCTA)
            case .locationRequest: button("⌖", "Send location")
            case .voiceCall(let a): button("☎", a.parameters?.displayText ?? "Call Now")
            case .callPermissionRequest: button("☎", "Allow calls")
            case .addressMessage: button("⌂", "Provide address")
            case .carousel(let a):
                for (n, card) in a.cards.enumerated() {
                    plain("card \(n + 1)" + (card.body.map { ": " + WhatsAppFormatting.plain($0.text) } ?? ""), Style(.secondary))
                }
            case .product, .productList, .catalog: button("⊞", "View")
            }
        case .otherInteractive(let type, _):
            plain("[interactive \(type)]", Style(.muted))
        case .template(let t):
            if let d = templates?.definition(name: t.name, language: t.languageCode) {
                hydrated(t, d, formatted: formatted, plain: { plain($0, $1) }, button: button)
                break
            }
            plain("template \(t.name) (\(t.languageCode))", Style(.text, bold: true))
            for c in t.components ?? [] {
                let values = (c.parameters ?? []).map { p in p.text ?? p.payload ?? p.media?.link ?? p.type }
                guard !values.isEmpty else { continue }
                plain("\(c.type)\(c.index.map { " \($0)" } ?? ""): " + values.joined(separator: " · "), Style(.text))
            }
        }
        return out
    }

    /// A template as the phone shows it: the definition's header, body and footer with the
    /// message's values in their variables (`{{1}}` or `{{name}}`; a variable without a value
    /// stays as written), and the definition's buttons.
    static func hydrated(_ t: TemplateContent, _ d: TemplateDefinition, formatted: (String) -> Void, plain: (String, Style) -> Void, button: (String, String) -> Void) {
        func values(_ type: String) -> (String) -> String? {
            let params = (t.components ?? []).first { $0.type.lowercased() == type }?.parameters ?? []
            return { name in
                if let p = params.first(where: { $0.parameterName == name }) { return p.text }
                guard let n = Int(name), n >= 1, n <= params.count else { return nil }
                let p = params[n - 1]
                return p.text ?? p.otherFields["currency"]?["fallback_value"]?.stringValue ?? p.otherFields["date_time"]?["fallback_value"]?.stringValue
            }
        }
        if let h = d.header {
            if let text = h.text {
                plain(TemplatePlaceholder.substitute(in: text, values("header")), Style(.text, bold: true))
            } else {
                plain("[\((h.format.map { "\($0)" } ?? "media").lowercased())]", Style(.muted))
            }
        }
        if let body = d.body?.text { formatted(TemplatePlaceholder.substitute(in: body, values("body"))) }
        if let footer = d.footer?.text { plain(footer, Style(.muted)) }
        for b in d.buttons { button("▸", b.text ?? "\(b.type)") }
        if !d.carouselCards.isEmpty { plain("\(d.carouselCards.count) cards", Style(.secondary)) }
    }

    /// The terminal style of a WhatsApp style (strikethrough has no attribute: muted).
    static func style(of s: WhatsAppFormatting.Style) -> Style {
        var style = Style(s.contains(.monospace) ? .accent : s.contains(.strikethrough) ? .muted : .text)
        style.bold = s.contains(.bold)
        style.italic = s.contains(.italic)
        return style
    }
}
