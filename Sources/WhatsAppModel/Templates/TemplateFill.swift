#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension TemplateDefinition {
    /// A message of this template with every parameter slot filled: from `parameters` where a
    /// key names the slot, otherwise from the template's example, otherwise a sample value.
    /// The message passes `TemplateCheck` against this definition.
    ///
    /// Keys:
    /// - `header`: the header's value: its text variable, a media header's link (image, video,
    ///   document, GIF), a location header's `latitude,longitude`, a product header's
    ///   `product_retailer_id` (its catalog from `catalog_id`).
    /// - body variables by name: `1`, `2`, … for positional templates, `first_name` for named
    ///   ones (`body.1`, `body.first_name` are read too).
    /// - `button0`, `button1`, …: the button at that index: a URL's suffix, an OTP's code (by
    ///   default the body's `1`, the same code), a copy-code coupon, a quick reply's payload, a
    ///   flow's `flow_token`, a catalog's thumbnail product, a multi-product button's retailer
    ///   ids (comma-separated), a call button's payload.
    /// - `offer_expiration`: a limited-time offer's `expiration_time_ms`.
    /// - carousel cards: the same keys after `card0.`, `card1.`, … (`card1.header`, `card0.1`,
    ///   `card0.button1`).
    public func message(parameters values: [String: String] = [:]) -> TemplateContent {
        var out = TemplateContent(name: name, languageCode: language)
        var filler = TemplateFiller(values: values, named: usesNamedParameters)
        out.components = filler.components(for: components, prefix: "")
        return out
    }
}

/// Builds the components of a message from a definition's, one slot at a time.
private struct TemplateFiller {
    let values: [String: String]
    let named: Bool

    /// A sample image link for a media header without an example URL (plausible: any public
    /// https URL of the right kind would do; the header handle of an export is not a link).
    static let sampleLinks = ["image": "https://example.com/header.jpg", "video": "https://example.com/header.mp4",
                              "document": "https://example.com/header.pdf"]
    /// A far-off offer expiry (2100-01-01): the model reads no clock (plausible).
    static let sampleExpiration = "4102444800000"

    func value(_ key: String, prefix: String) -> String? { values[prefix + key] }

    mutating func components(for defined: [TemplateDefinitionComponent], prefix: String) -> [TemplateComponent] {
        var out: [TemplateComponent] = []
        if let h = defined.first(.header), let header = header(h, prefix: prefix) { out.append(header) }
        var bodyValues: [String: String] = [:]
        if let b = defined.first(.body) {
            let placeholders = b.placeholders
            if !placeholders.isEmpty {
                let params = placeholders.enumerated().map { i, p -> TemplateParameter in
                    let v = value(p.name, prefix: prefix) ?? value("body." + p.name, prefix: prefix) ?? p.example ?? "value\(i + 1)"
                    bodyValues[p.name] = v
                    return TemplateParameter(text: v, name: named ? p.name : nil)
                }
                out.append(TemplateComponent(type: "body", parameters: params))
            }
        }
        for b in defined.buttons {
            if let c = button(b, prefix: prefix, code: bodyValues["1"]) { out.append(c) }
        }
        if let carousel = defined.first(.carousel) {
            var c = TemplateComponent(type: "carousel", parameters: nil)
            c.cards = (carousel.cards ?? []).enumerated().map { i, card in
                TemplateCard(cardIndex: i, components: components(for: card.components, prefix: "\(prefix)card\(i)."))
            }
            out.append(c)
        }
        if let offer = defined.first(.limitedTimeOffer), offer.offerHasExpiration {
            let raw = value("offer_expiration", prefix: prefix) ?? Self.sampleExpiration
            let ms: JSONValue = Int(raw).map { .number(JSONNumber($0)) } ?? .number(JSONNumber(literal: Self.sampleExpiration))
            var p = TemplateParameter(text: "")
            p.type = "limited_time_offer"
            p.text = nil
            p.otherFields = ["limited_time_offer": ["expiration_time_ms": ms]]
            out.append(TemplateComponent(type: "limited_time_offer", parameters: [p]))
        }
        return out
    }

    func header(_ h: TemplateDefinitionComponent, prefix: String) -> TemplateComponent? {
        let format = h.format ?? .text
        let given = value("header", prefix: prefix)
        if format.is(.text) {
            let placeholders = h.placeholders
            guard !placeholders.isEmpty else { return nil }
            let params = placeholders.enumerated().map { i, p in
                TemplateParameter(text: given ?? value("header." + p.name, prefix: prefix) ?? p.example ?? "value\(i + 1)", name: named ? p.name : nil)
            }
            return TemplateComponent(type: "header", parameters: params)
        }
        let param: TemplateParameter
        switch format.normalized {
        case "IMAGE", "VIDEO", "DOCUMENT", "GIF":
            // A GIF header is an MP4 file, sent as video (plausible: see TemplateHeaderFormat).
            let kind: MediaKind = format.is(.image) ? .image : format.is(.document) ? .document : .video
            let example = h.headerHandles.first { $0.hasPrefix("https://") }
            param = TemplateParameter(media: kind, MediaObject(link: given ?? example ?? Self.sampleLinks[kind.rawValue]))
        case "LOCATION":
            let parts = (given ?? "").split(separator: ",").map { $0.trimmed }
            var p = TemplateParameter(text: "")
            p.type = "location"
            p.text = nil
            p.otherFields = ["location": [
                "latitude": .string(parts.count == 2 ? parts[0] : "37.483307"),
                "longitude": .string(parts.count == 2 ? parts[1] : "-122.148981"),
            ]]
            param = p
        case "PRODUCT":
            var p = TemplateParameter(text: "")
            p.type = "product"
            p.text = nil
            p.otherFields = ["product": [
                "product_retailer_id": .string(given ?? "SKU-1"),
                "catalog_id": .string(value("catalog_id", prefix: "") ?? "CATALOG_ID"),
            ]]
            param = p
        default:
            return nil
        }
        return TemplateComponent(type: "header", parameters: [param])
    }

    func button(_ b: TemplateDefinitionButton, prefix: String, code: String?) -> TemplateComponent? {
        guard let subType = b.messageSubType else { return nil }
        let given = value("button\(b.index)", prefix: prefix)
        let param: TemplateParameter?
        if b.isOTP {
            param = TemplateParameter(text: given ?? code ?? "123456")
        } else {
            switch b.type.normalized {
            case "URL":
                guard b.hasDynamicURL else { return nil }
                param = TemplateParameter(text: given ?? b.placeholders.first?.example ?? "value")
            case "COPY_CODE":
                var p = TemplateParameter(text: "")
                p.type = "coupon_code"
                p.text = nil
                p.otherFields = ["coupon_code": .string(given ?? b.placeholders.first?.example ?? "CODE")]
                param = p
            case "QUICK_REPLY":
                param = TemplateParameter(payload: given ?? b.text ?? "button\(b.index)")
            case "FLOW":
                // Meta's default token is "unused".
                param = TemplateParameter(action: ["flow_token": .string(given ?? "unused")])
            case "CATALOG":
                guard let given else { return nil }
                param = TemplateParameter(action: ["thumbnail_product_retailer_id": .string(given)])
            case "MPM":
                var ids = (given ?? "").split(separator: ",").map { JSONValue.string($0.trimmed) }
                if ids.isEmpty { ids = ["SKU-1"] }
                param = TemplateParameter(action: [
                    "thumbnail_product_retailer_id": ids[0],
                    "sections": [["title": "Products", "product_items": .array(ids.map { ["product_retailer_id": $0] })]],
                ])
            case "VOICE_CALL":
                guard let given else { return nil }
                param = TemplateParameter(payload: given)
            default:
                return nil
            }
        }
        return TemplateComponent(type: "button", subType: subType, index: String(b.index), parameters: param.map { [$0] })
    }
}

/// One value a message of a template fills: its key for `TemplateDefinition.message(parameters:)`,
/// what it is for people, and the template's example for it.
public struct TemplateSlot: Sendable, Hashable {
    /// `header`, `1`, `first_name`, `button0`, `card1.header`, …
    public var key: String
    /// Short, for a form's label column: `header link`, `{{1}}`, `button 0 suffix`.
    public var label: String
    /// The template's example, when it has one.
    public var example: String?
}

extension TemplateDefinition {
    /// The values a send of this template takes, in the order `message(parameters:)` reads them:
    /// a header's (text variables, a media link, a place), the body's variables, the buttons'
    /// that need one (a URL's suffix, a code, a coupon), and each carousel card's. The optional
    /// ones (a quick reply's payload, a flow's token) are left to the template's defaults.
    public var slots: [TemplateSlot] { Self.slots(in: components, prefix: "", cardLabel: "") }

    static func slots(in components: [TemplateDefinitionComponent], prefix: String, cardLabel: String) -> [TemplateSlot] {
        var out: [TemplateSlot] = []
        if let h = components.first(.header) {
            let format = h.format ?? .text
            if format.is(.text) {
                // A text header has at most one variable: its value is the `header` key's.
                if let p = h.placeholders.first { out.append(TemplateSlot(key: prefix + "header", label: cardLabel + "header \(p)", example: p.example)) }
            } else if format.needsParameter {
                let what = format.is(.location) ? "place" : format.is(.product) ? "product" : "link"
                out.append(TemplateSlot(key: prefix + "header", label: cardLabel + "header \(what)", example: h.headerHandles.first { $0.hasPrefix("https://") }))
            }
        }
        for p in components.first(.body)?.placeholders ?? [] {
            out.append(TemplateSlot(key: prefix + p.name, label: cardLabel + "\(p)", example: p.example))
        }
        for b in components.buttons where b.needsMessageComponent {
            let what = b.isOTP ? "code" : b.type.is(.copyCode) ? "coupon" : b.type.is(.mpm) ? "items" : "suffix"
            out.append(TemplateSlot(key: prefix + "button\(b.index)", label: cardLabel + "button \(b.index) \(what)", example: b.placeholders.first?.example))
        }
        for (i, card) in (components.first(.carousel)?.cards ?? []).enumerated() {
            out += slots(in: card.components, prefix: "\(prefix)card\(i).", cardLabel: "card \(i + 1) ")
        }
        return out
    }
}
