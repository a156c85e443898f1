import Foundation
import Providers
import WhatsAppModel

/// The package root, found from this file's path.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// One sample message per kind from examples/: the shortest file name per kind is its plain
/// sample (text.json, template.json); seed reproductions and limit files are left out.
public let samples: [MessageKind: OutboundMessage] = {
    var out: [MessageKind: OutboundMessage] = [:]
    let dir = packageRoot.appendingPathComponent("examples")
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted { ($0.count, $0) < ($1.count, $1) }
    for name in names where name.hasSuffix(".json") && !name.hasPrefix("seed-") && !name.hasPrefix("largest") {
        guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path),
              let m = try? OutboundMessage.parse(Array(data)) else { continue }
        if out[m.kind] == nil { out[m.kind] = m }
    }
    return out
}()

/// `message` adjusted to what `gateway` carries: media by link where ids are not carried, no
/// reply context where there is none, no first-screen data for Botika's flows, a name and one
/// phone for Botika's contacts, named text variables for Zixflow's template send.
public func adjusted(_ message: OutboundMessage, for gateway: any Gateway) -> OutboundMessage {
    var m = message
    switch (gateway.id, m.content) {
    case (.botika, .contacts(let cards)):
        m.content = .contacts(cards.map { card in
            var phone = ContactPhone()
            phone.fields["phone"] = card.phones?.first?.fields["phone"]
            return ContactCard(name: ContactName(formatted: card.name.formattedName ?? ""), phones: [phone])
        })
    case (.flowiq, .template(let t)):
        // FlowIQ's route: a media header by link, text body parameters, a URL button's suffix.
        m.content = .template(TemplateContent(name: t.name, languageCode: t.languageCode, components: [
            TemplateComponent(type: "header", parameters: [TemplateParameter(media: .image, MediaObject(link: "https://example.com/banner.jpg"))]),
            TemplateComponent(type: "body", parameters: [TemplateParameter(text: "Thandiwe"), TemplateParameter(text: "4471")]),
            TemplateComponent(type: "button", subType: "url", index: "0", parameters: [TemplateParameter(text: "track/4471")]),
        ]))
    case (.zixflow, .template(let t)):
        m.content = .template(TemplateContent(name: t.name, languageCode: t.languageCode, components: [
            TemplateComponent(type: "body", parameters: [TemplateParameter(text: "Thandiwe", name: "customer_name")]),
        ]))
    default: break
    }
    if !gateway.capabilities.features.contains(.mediaByID), case .media(let k, var media) = m.content, media.id != nil {
        media.id = nil
        media.link = "https://example.com/file.\(k.extensions.first!)"
        m.content = .media(k, media)
    }
    if !gateway.capabilities.features.contains(.replyContext) { m.replyTo = nil }
    if gateway.id == .botika, case .interactive(var i) = m.content, case .flow(var f) = i.action {
        f.data = nil
        i.action = .flow(f)
        m.content = .interactive(i)
    }
    return m
}

/// The sample of `kind`, adjusted for `gateway`.
public func sample(_ kind: MessageKind, for gateway: any Gateway) -> OutboundMessage? {
    samples[kind].map { adjusted($0, for: gateway) }
}
