#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Checks a message against Meta's rules and returns every finding at once. Gateway-specific
/// checks (what a vendor can carry) live with each gateway; this is the part every gateway
/// shares, and the sandbox uses it too.
public enum MessageValidator {
    /// All findings for `message` (errors, warnings and notes), in document order.
    public static func validate(_ message: OutboundMessage, context: ValidationContext = ValidationContext()) -> [Finding] {
        var v = Collector(context: context)
        v.envelope(message)
        switch message.content {
        case .text(let t): v.text(t)
        case .media(let kind, let m): v.media(m, kind: kind, at: FieldPath.root.key(kind.rawValue))
        case .location(let l): v.location(l)
        case .contacts(let cards): v.contacts(cards)
        case .reaction(let r): v.reaction(r)
        case .interactive(let i): v.interactive(i)
        case .otherInteractive(let type, _):
            v.add(.warning, "interactive.type", .notChecked,
                  "interactive type \"\(type)\" is passed through unchanged; wacon does not check it",
                  limit: MessageKind.interactiveTypes.joined(separator: ", "), actual: quoted(type))
        case .template(let t):
            v.template(t)
            v.definition(t)
        }
        // Notes come after the verdicts.
        v.reading(message)
        return v.findings
    }

    /// A string shown as a finding's actual value, quoted and shortened past 40 characters.
    /// `en`, `pt_BR`: two or three lowercase letters, then optionally `_` and two capitals.
    static func isLanguageCode(_ code: String) -> Bool {
        let b = Array(code.utf8)
        let language = b.prefix { (0x61...0x7A).contains($0) }.count
        guard (2...3).contains(language) else { return false }
        if language == b.count { return true }
        return b.count == language + 3 && b[language] == 0x5F && b[(language + 1)...].allSatisfy { (0x41...0x5A).contains($0) }
    }

    static func quoted(_ s: String) -> String {
        "\"\(shortened(s))\""
    }

    /// Text shortened past 40 characters.
    static func shortened(_ s: String) -> String {
        s.count > 40 ? String(s.prefix(37)) + "…" : s
    }
}

/// What validation knows beyond the message itself.
public struct ValidationContext: Sendable, Hashable {
    /// The business number the message is sent from, when the profile knows it: Meta prepends its
    /// country code to a number written without one.
    public var businessNumber: PhoneNumber?
    /// The profile's template library, when it has one: a template message is checked against
    /// its definition (`TemplateCheck`); without one, a note says the definition was not checked.
    public var templates: TemplateLibrary?

    public init(businessNumber: PhoneNumber? = nil, templates: TemplateLibrary? = nil) {
        self.businessNumber = businessNumber
        self.templates = templates
    }
}

/// Accumulates findings; one method per part of a message.
struct Collector {
    var context = ValidationContext()
    var findings: [Finding] = []

    mutating func add(_ severity: Finding.Severity, _ path: FieldPath, _ rule: Rule, _ message: String, limit: String? = nil, actual: String? = nil) {
        findings.append(Finding(severity, path, rule, message, limit: limit, actual: actual))
    }

    // MARK: Generic rules

    /// Unknown members are errors: Meta's schema sets `additionalProperties: false`, so a misspelt
    /// field is rejected with code 100. They are kept in the message and shown here.
    mutating func unknown(_ extra: JSONObject, at path: FieldPath) {
        for (k, v) in extra {
            add(.error, path.key(k), .unknownField, "\"\(k)\" is not a field Meta defines here; Meta rejects unknown fields (code 100)",
                actual: MessageValidator.shortened(JSONWriter.compactString(v)))
        }
    }

    /// Required, non-blank text within `max` UTF-16 units.
    mutating func requiredText(_ s: String?, at path: FieldPath, max: Int?, what: String) {
        guard let s, !TextLength.isBlank(s) else {
            add(.error, path, s == nil ? .required : .notEmpty, "\(what) is required and cannot be blank")
            return
        }
        if let max { maxLength(s, at: path, max: max, what: what) }
    }

    /// An optional text within `max` UTF-16 units.
    mutating func optionalText(_ s: String?, at path: FieldPath, max: Int, what: String) {
        guard let s else { return }
        maxLength(s, at: path, max: max, what: what)
    }

    mutating func maxLength(_ s: String, at path: FieldPath, max: Int, what: String) {
        let n = TextLength.of(s)
        if n > max {
            add(.error, path, .maxLength, "\(what) is \(n - max) over the limit of \(max) characters (UTF-16 units)",
                limit: "\(max)", actual: "\(n)")
        }
    }

    /// A warning for text over the stricter of two documented limits but within the looser one
    /// (which `maxLength` reports as an error).
    mutating func strictLength(_ s: String, at path: FieldPath, strict: Int, loose: Int, what: String) {
        let n = TextLength.of(s)
        if n > strict && n <= loose {
            add(.warning, path, .maxLength, "\(what) is \(n - strict) over \(strict) characters: some of Meta's sources limit it to \(strict), others allow \(loose)",
                limit: "\(strict)", actual: "\(n)")
        }
    }

    mutating func allowed(_ value: String?, _ values: [String], at path: FieldPath, what: String, severity: Finding.Severity = .error) {
        guard let value, !values.contains(value) else { return }
        add(severity, path, .allowedValues, "\(what) must be one of \(values.joined(separator: ", "))",
            limit: values.joined(separator: ", "), actual: MessageValidator.quoted(value))
    }

    mutating func httpURL(_ s: String, at path: FieldPath, what: String) {
        guard let url = URL(string: s), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty
        else {
            add(.error, path, .format, "\(what) must be an http:// or https:// URL with a host", actual: MessageValidator.quoted(s))
            return
        }
    }

    // MARK: Envelope

    /// Notes for the defaults Meta applies and the `null` members left out.
    mutating func reading(_ m: OutboundMessage) {
        if m.reading.typeDefaulted {
            add(.note, "type", .defaulted, "no type: Meta takes text, its default (the request is sent as written)", actual: "\"text\"")
        }
        if m.recipientType == nil {
            add(.note, "recipient_type", .defaulted, "no recipient_type: Meta takes individual, its default (the request is sent as written)", actual: "\"individual\"")
        }
        for path in m.reading.droppedNulls {
            add(.note, path, .defaulted, "null is taken as absent, as Meta takes it: the member is left out of the request")
        }
    }

    mutating func envelope(_ m: OutboundMessage) {
        if m.messagingProduct == nil {
            add(.error, "messaging_product", .required, "messaging_product is required and must be \"whatsapp\"")
        } else {
            allowed(m.messagingProduct, ["whatsapp"], at: "messaging_product", what: "messaging_product")
        }
        allowed(m.recipientType, ["individual", "group"], at: "recipient_type", what: "recipient_type")
        addressee(m)
        if let reply = m.replyTo {
            requiredText(reply, at: "context.message_id", max: nil, what: "context.message_id")
        } else if !m.contextExtra.isEmpty {
            add(.error, "context.message_id", .required, "context needs message_id (the wamid being replied to)")
        }
        unknown(m.contextExtra, at: "context")
        optionalText(m.bizOpaqueCallbackData, at: "biz_opaque_callback_data", max: Limits.bizOpaqueCallbackData, what: "biz_opaque_callback_data")
        unknown(m.unknownFields, at: .root)
    }

    /// `to` and `recipient`, as Meta reads them: `to` (a phone number or group id) wins when
    /// both are written; `recipient` takes a business-scoped user id; one of them is needed.
    mutating func addressee(_ m: OutboundMessage) {
        if let to = m.to {
            if m.recipientType == "group" {
                requiredText(to, at: "to", max: nil, what: "to (the group id)")
            } else if BusinessUserID.looksLikeOne(to) {
                add(.error, "to", .recipientForm, "to takes a phone number or a group id; a business-scoped user id goes in recipient",
                    actual: MessageValidator.quoted(to))
            } else {
                phone(to, at: "to")
            }
        }
        if let recipient = m.recipient {
            if case .failure(let problem) = BusinessUserID.parse(recipient) {
                add(.error, "recipient", .recipientForm, "recipient takes a business-scoped user id: \(problem)",
                    limit: "CC.ID or CC.ENT.ID, ID up to \(BusinessUserID.maxIDLength) letters and digits", actual: MessageValidator.quoted(recipient))
            }
            if m.recipientType == "group" {
                add(.error, "recipient", .recipientForm, "a group is addressed by its group id in to, not by recipient", actual: MessageValidator.quoted(recipient))
            } else if m.to != nil {
                add(.warning, "recipient", .recipientForm, "to wins: Meta sends to \(MessageValidator.quoted(m.to ?? "")) and ignores recipient",
                    actual: MessageValidator.quoted(recipient))
            }
        }
        if m.to == nil && m.recipient == nil {
            add(.error, "to", .required, "the message needs a recipient: to (a phone number or group id) or recipient (a business-scoped user id)")
        }
        if let hash = m.recipientIdentityKeyHash {
            requiredText(hash, at: "recipient_identity_key_hash", max: nil, what: "recipient_identity_key_hash")
        }
        if case .user(let id) = m.addressee { userIDLimits(m, id: id) }
        if case .group = m.addressee { groupLimits(m) }
        // Address messages are for India: to another country's number the form may not show.
        if m.kind == .addressMessage, case .phone(let to) = m.addressee, case .success(let n) = PhoneNumber.parse(to), n.region.code != "IN" {
            add(.warning, "to", .notAllowed, "address messages are for customers in India (+91); this number is in \(n.region.name)",
                limit: "IN", actual: PhoneNumberReading.quoted(to))
        }
        directSend(m)
        marketingMembers(m)
    }

    /// Direct Send: `category` utility (30 s to 12 h of `ttl_seconds`) or authentication (30 s
    /// to 15 min), only on the kinds Meta lists, with its tighter text limits.
    mutating func directSend(_ m: OutboundMessage) {
        guard let category = m.category else {
            if m.ttlSeconds != nil {
                add(.error, "ttl_seconds", .notAllowed, "ttl_seconds is for Direct Send messages (with a category); Meta refuses it on others (100)")
            }
            return
        }
        guard let rule = Limits.DirectSend.rules[category] else {
            add(.error, "category", .allowedValues, "Direct Send's category is utility or authentication", limit: "utility, authentication",
                actual: MessageValidator.quoted(category))
            return
        }
        if let ttl = m.ttlSeconds {
            if let n = ttl.intValue {
                if !rule.ttl.contains(n) {
                    add(.error, "ttl_seconds", .range, "ttl_seconds for \(category) is \(rule.ttl.lowerBound) to \(rule.ttl.upperBound) seconds",
                        limit: "\(rule.ttl.lowerBound)–\(rule.ttl.upperBound)", actual: String(n))
                }
            } else {
                add(.error, "ttl_seconds", .format, "ttl_seconds is a whole number of seconds", actual: JSONWriter.compactString(ttl))
            }
        }
        guard rule.kinds.contains(m.kind) else {
            add(.error, "type", .notAllowed, "Direct Send \(category) carries \(rule.kinds.map(\.rawValue).joined(separator: ", ")) messages",
                limit: rule.kinds.map(\.rawValue).joined(separator: ", "), actual: m.kind.rawValue)
            return
        }
        switch m.content {
        case .text(let t):
            maxLength(t.body, at: "text.body", max: Limits.DirectSend.body, what: "a Direct Send body")
            if t.previewURL == true { add(.warning, "text.preview_url", .notAllowed, "Direct Send shows no link preview; preview_url has no effect") }
        case .interactive(let i):
            maxLength(i.body?.text ?? "", at: "interactive.body.text", max: Limits.DirectSend.body, what: "a Direct Send body")
            if let h = i.header?.text { maxLength(h, at: "interactive.header.text", max: Limits.DirectSend.headerFooter, what: "a Direct Send header") }
            if let f = i.footer?.text { maxLength(f, at: "interactive.footer.text", max: Limits.DirectSend.headerFooter, what: "a Direct Send footer") }
        default: break
        }
    }

    /// The members of the marketing messages endpoint, checked for their values; whether the
    /// request goes to that endpoint is the gateway's to say.
    mutating func marketingMembers(_ m: OutboundMessage) {
        allowed(m.productPolicy, ["CLOUD_API_FALLBACK", "STRICT"], at: "product_policy", what: "product_policy")
        guard var bid = m.bidSpec else { return }
        if let multiplier = bid["per_message_bid_multiplier"] {
            if (multiplier.doubleValue ?? 0) <= 0 {
                add(.error, "bid_spec.per_message_bid_multiplier", .range, "per_message_bid_multiplier is a number above 0 (1 is the template's bid)",
                    limit: "> 0", actual: JSONWriter.compactString(multiplier))
            }
            bid["per_message_bid_multiplier"] = nil
        }
        unknown(bid, at: "bid_spec")
    }

    /// Groups take text, media and templates; Meta's groups page rules out interactive messages
    /// and authentication templates, and lists nothing else (other kinds: a warning).
    mutating func groupLimits(_ m: OutboundMessage) {
        switch m.content {
        case .text, .media: break
        case .template(let t) where t.looksLikeAuthentication:
            add(.error, "type", .notAllowed, "groups take no authentication templates", actual: m.kind.rawValue)
        case .template: break
        case .interactive, .otherInteractive:
            add(.error, "type", .notAllowed, "groups take no interactive messages (text, media and templates only)",
                limit: "text, media, template", actual: m.kind.rawValue)
        default:
            add(.warning, "type", .notAllowed, "Meta lists text, media and templates for groups; \(m.kind.rawValue) is not on the list",
                limit: "text, media, template", actual: m.kind.rawValue)
        }
    }

    /// The template message against its definition, when the profile has a library.
    mutating func definition(_ t: TemplateContent) {
        guard let library = context.templates else {
            add(.note, "template", .templateDefinition, "the template's definition was not checked: the profile has no template library (wacon templates sync, or import)")
            return
        }
        findings += TemplateCheck.check(t, against: library)
    }

    /// Error 131062: the messages Meta sends only to a phone number in `to`.
    mutating func userIDLimits(_ m: OutboundMessage, id: BusinessUserID) {
        let why: String?
        switch m.content {
        case .template(let t) where context.templates?.definition(name: t.name, language: t.languageCode)?.isAuthentication == true || t.looksLikeAuthentication:
            why = "an authentication template (its one-time code in the body and the button)"
        default:
            if m.bidSpec != nil {
                why = "a marketing template with bid_spec"
            } else if m.category == "authentication" {
                why = "a Direct Send authentication message"
            } else {
                why = nil
            }
        }
        guard let why else { return }
        add(.error, "recipient", .userIDRecipient, "Meta refuses \(why) sent to a user id (131062): send it to the phone number in to",
            actual: MessageValidator.quoted(id.text))
    }

    /// The recipient as wacon reads it (see `PhoneNumber.read`): an error when nothing can be
    /// sent, a warning for digits Meta would complete with the business number's country code,
    /// a note for what wacon normalised.
    mutating func phone(_ s: String, at path: FieldPath) {
        let reading = PhoneNumber.read(s, businessNumber: context.businessNumber)
        findings += reading.findings(at: path)
        // A number written with spaces, dashes or brackets goes out in E.164: say so when nothing
        // else (a dropped trunk prefix, digits read as international) already did.
        if let number = reading.number, reading.adjustments.isEmpty, number.e164 != s {
            add(.note, path, .phoneNumber, "sent as \(number.e164) (\(number.region.name))", actual: PhoneNumberReading.quoted(s))
        }
    }

    // MARK: Kinds

    mutating func text(_ t: TextContent) {
        requiredText(t.body, at: "text.body", max: Limits.textBody, what: "text.body")
        if t.previewURLIsString {
            add(.note, "text.preview_url", .format, "preview_url is written as a string; Meta reads \"\(t.previewURL == true)\" as \(t.previewURL == true)",
                actual: "\"\(t.previewURL == true)\"")
        }
        if t.previewURL == true, !t.body.contains("http://"), !t.body.contains("https://") {
            add(.warning, "text.preview_url", .format, "preview_url is true but the body has no http:// or https:// URL to preview")
        }
        unknown(t.unknownFields, at: "text")
    }

    /// A media object for a message, a header (`captionAllowed: false`) or a template parameter.
    mutating func media(_ m: MediaObject, kind: MediaKind, at path: FieldPath, captionAllowed: Bool? = nil, filenameAllowed: Bool? = nil) {
        switch (m.id, m.link) {
        case (nil, nil):
            add(.error, path, .exactlyOne, "\(kind.rawValue) needs an uploaded media id or a link", limit: "id or link")
        case (.some, .some):
            add(.error, path, .exactlyOne, "use either id or link, never both", limit: "id or link")
        case (let id?, nil):
            requiredText(id, at: path.key("id"), max: nil, what: "media id")
        case (nil, let link?):
            httpURL(link, at: path.key("link"), what: "link")
            if let ext = Self.fileExtension(link), !kind.extensions.contains(ext) {
                add(.warning, path.key("link"), .format, "Meta does not list .\(ext) for \(kind.rawValue) (\(kind.extensions.map { "." + $0 }.joined(separator: " ")))",
                    limit: kind.extensions.joined(separator: ", "), actual: ".\(ext)")
            }
        }
        if let caption = m.caption {
            if captionAllowed ?? kind.takesCaption {
                maxLength(caption, at: path.key("caption"), max: Limits.mediaCaption, what: "caption")
            } else {
                add(.error, path.key("caption"), .notAllowed, captionAllowed == false
                    ? "a caption is not allowed here"
                    : "\(kind.rawValue) takes no caption (only image, video and document do)")
            }
        }
        if let filename = m.filename {
            if filenameAllowed ?? (kind == .document) {
                if Self.fileExtension(filename) == nil {
                    add(.warning, path.key("filename"), .format, "filename has no extension; WhatsApp picks the icon from it", actual: MessageValidator.quoted(filename))
                }
            } else {
                add(.error, path.key("filename"), .notAllowed, "filename is only for documents")
            }
        }
        if let voice = m.voice {
            if kind != .audio {
                add(.error, path.key("voice"), .notAllowed, "voice is for audio only (a voice note)")
            } else if voice, let link = m.link, let ext = Self.fileExtension(link), ext != "ogg" && ext != "opus" {
                // Meta: a voice note is OGG with the OPUS codec (mono). Another file still arrives, as
                // a plain audio file, so this is a warning (plausible); .opus is the usual name of
                // an Ogg Opus file.
                add(.warning, path.key("link"), .format, "a voice note plays as one only as OGG with the OPUS codec", limit: ".ogg, .opus", actual: ".\(ext)")
            }
        }
        unknown(m.unknownFields, at: path)
    }

    /// The lower-cased extension of a file name or of a URL's path, if it has one.
    static func fileExtension(_ s: String) -> String? {
        let path = URL(string: s)?.path ?? s
        guard let dot = path.lastIndex(of: "."), dot != path.startIndex else { return nil }
        let ext = path[path.index(after: dot)...]
        guard !ext.isEmpty, ext.count <= 5, !ext.contains("/") else { return nil }
        return ext.lowercased()
    }

    mutating func location(_ l: LocationContent) {
        coordinate(l.latitude, at: "location.latitude", range: -90...90)
        coordinate(l.longitude, at: "location.longitude", range: -180...180)
        if l.address != nil, l.name == nil {
            add(.warning, "location.address", .required, "WhatsApp shows the address only when name is also set")
        }
        unknown(l.unknownFields, at: "location")
    }

    mutating func coordinate(_ c: Coordinate?, at path: FieldPath, range: ClosedRange<Double>) {
        guard let c else {
            add(.error, path, .required, "\(path.lastKey ?? path.display) is required (decimal degrees)")
            return
        }
        guard let v = c.value else {
            add(.error, path, .format, "not a number of decimal degrees", actual: MessageValidator.quoted(JSONWriter.compactString(c.json)))
            return
        }
        if !range.contains(v) {
            add(.error, path, .range, "must be between \(Int(range.lowerBound)) and \(Int(range.upperBound))",
                limit: "\(Int(range.lowerBound))…\(Int(range.upperBound))", actual: "\(v)")
        }
    }

    mutating func contacts(_ cards: [ContactCard]) {
        let path: FieldPath = "contacts"
        if cards.isEmpty { add(.error, path, .minItems, "contacts needs at least one card", limit: "1", actual: "0") }
        if cards.count > Limits.contactsMax {
            add(.warning, path, .maxItems, "more than \(Limits.contactsMax) cards (Meta's OpenAPI spec allows 1…5)",
                limit: "\(Limits.contactsMax)", actual: "\(cards.count)")
        }
        for (i, card) in cards.enumerated() { contact(card, at: path.index(i)) }
    }

    mutating func contact(_ c: ContactCard, at path: FieldPath) {
        let name = path.key("name")
        requiredText(c.name.formattedName, at: name.key("formatted_name"), max: nil, what: "name.formatted_name")
        // The Postman collection asks for one more name part; the OpenAPI spec does not. The looser
        // source decides what is refused, so this is advice.
        if !["first_name", "last_name", "middle_name", "suffix", "prefix"].contains(where: { c.name.fields[$0] != nil }) {
            add(.warning, name, .required, "Meta's Postman reference asks for one of first_name, last_name, middle_name, suffix, prefix besides formatted_name")
        }
        unknown(c.name.unknownFields, at: name)
        if let bd = c.birthday, !Self.isISODate(bd) {
            add(.error, path.key("birthday"), .format, "birthday must be YYYY-MM-DD", actual: MessageValidator.quoted(bd))
        }
        // Phone types: Postman lists CELL, MAIN, IPHONE, HOME, WORK; the OpenAPI spec only HOME, WORK.
        // Meta's own examples (and vendors') send CELL, so the Postman list is the one enforced.
        for (i, p) in (c.phones ?? []).enumerated() {
            let pp = path.key("phones").index(i)
            requiredText(p.fields["phone"], at: pp.key("phone"), max: nil, what: "phone")
            standardType(p.fields["type"], ["CELL", "MAIN", "IPHONE", "HOME", "WORK"], at: pp.key("type"), what: "phone type")
            if let wa = p.fields["wa_id"], wa.isEmpty || !wa.allSatisfy(\.isASCIIDigit) {
                add(.error, pp.key("wa_id"), .format, "wa_id is digits only, no +", actual: MessageValidator.quoted(wa))
            }
            unknown(p.unknownFields, at: pp)
        }
        for (i, e) in (c.emails ?? []).enumerated() {
            let ep = path.key("emails").index(i)
            requiredText(e.fields["email"], at: ep.key("email"), max: nil, what: "email")
            if let addr = e.fields["email"], !addr.isEmpty, !addr.contains("@") {
                add(.error, ep.key("email"), .format, "not an email address", actual: MessageValidator.quoted(addr))
            }
            standardType(e.fields["type"], ["HOME", "WORK"], at: ep.key("type"), what: "email type")
            unknown(e.unknownFields, at: ep)
        }
        for (i, u) in (c.urls ?? []).enumerated() {
            let up = path.key("urls").index(i)
            requiredText(u.fields["url"], at: up.key("url"), max: nil, what: "url")
            standardType(u.fields["type"], ["HOME", "WORK"], at: up.key("type"), what: "url type")
            unknown(u.unknownFields, at: up)
        }
        for (i, a) in (c.addresses ?? []).enumerated() {
            let ap = path.key("addresses").index(i)
            if let cc = a.fields["country_code"], !(cc.count == 2 && cc.allSatisfy { $0.isASCII && $0.isLetter }) {
                add(.error, ap.key("country_code"), .format, "country_code is a 2-letter ISO 3166 code", actual: MessageValidator.quoted(cc))
            }
            standardType(a.fields["type"], ["HOME", "WORK"], at: ap.key("type"), what: "address type")
            unknown(a.unknownFields, at: ap)
        }
        if let org = c.org { unknown(org.unknownFields, at: path.key("org")) }
        unknown(c.unknownFields, at: path)
    }

    /// Contact card `type` values: Meta lists standard ones, and its own examples use others
    /// ("Landline", "Office"), so another value is a warning, not a refusal.
    mutating func standardType(_ value: String?, _ standard: [String], at path: FieldPath, what: String) {
        guard let value, !standard.contains(value) else { return }
        add(.warning, path, .allowedValues, "\(what) is not one of Meta's standard values (\(standard.joined(separator: ", "))); WhatsApp shows it as written",
            limit: standard.joined(separator: ", "), actual: MessageValidator.quoted(value))
    }

    static func isISODate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return false }
        return y >= 1 && (1...12).contains(m) && (1...31).contains(d)
    }

    mutating func reaction(_ r: ReactionContent) {
        requiredText(r.messageID, at: "reaction.message_id", max: nil, what: "reaction.message_id")
        // An empty emoji removes a reaction; otherwise exactly one emoji. Missing is an error:
        // sending "" by default would silently remove the customer-visible reaction.
        if let emoji = r.emoji {
            if !emoji.isEmpty && !(emoji.count == 1 && Emoji.contains(emoji)) {
                add(.error, "reaction.emoji", .format, "emoji must be exactly one emoji (or \"\" to remove the reaction)", actual: MessageValidator.quoted(emoji))
            }
        } else {
            add(.error, "reaction.emoji", .required, "reaction.emoji is required: one emoji, or \"\" to remove the reaction")
        }
        unknown(r.unknownFields, at: "reaction")
    }

    // MARK: Interactive

    mutating func interactive(_ i: InteractiveContent) {
        let path: FieldPath = "interactive"
        let kind = i.action.kind
        // Header: which types each kind takes.
        if i.header != nil, kind == .voiceCall || kind == .addressMessage {
            // Plausible: Meta documents these with a body only and says nothing of a header, so
            // one is advice against, not a refusal.
            add(.warning, path.key("header"), .notAllowed, "Meta documents \(i.typeName) messages with a body only: a header may be refused or not shown")
        } else if let h = i.header {
            let hp = path.key("header")
            let allowedHeaders: [String]
            switch kind {
            case .button: allowedHeaders = ["text", "image", "video", "document"]
            case .list, .productList: allowedHeaders = ["text"]
            case .ctaURL, .flow: allowedHeaders = ["text", "image", "video", "document"]
            default: allowedHeaders = []
            }
            if allowedHeaders.isEmpty {
                add(.error, hp, .notAllowed, "a \(i.typeName) message has no header")
            } else {
                allowed(h.type, allowedHeaders, at: hp.key("type"), what: "header type for \(i.typeName)")
                // cta_url: newer Meta pages allow media headers, older ones and clients only text.
                // flow: Meta's examples only use text; Botika documents an image header. Warn.
                if kind == .ctaURL || kind == .flow, h.type != "text", allowedHeaders.contains(h.type) {
                    add(.warning, hp.key("type"), .allowedValues, "media headers on \(i.typeName) are not in every Meta source: some accept only text", actual: MessageValidator.quoted(h.type))
                }
                if h.type == "text" {
                    requiredText(h.text, at: hp.key("text"), max: Limits.interactiveHeaderText, what: "header.text")
                } else if let mk = MediaKind(rawValue: h.type), [.image, .video, .document].contains(mk) {
                    if let m = h.media {
                        media(m, kind: mk, at: hp.key(h.type), captionAllowed: false, filenameAllowed: mk == .document)
                    } else {
                        add(.error, hp.key(h.type), .required, "a \(h.type) header needs its media object under \"\(h.type)\"")
                    }
                    if h.text != nil { add(.error, hp.key("text"), .notAllowed, "text belongs to text headers only") }
                } else if h.type.isEmpty {
                    add(.error, hp.key("type"), .required, "header.type is required")
                }
                if h.typeDefaulted {
                    add(.note, hp.key("type"), .defaulted, "no header type: a header with text is read as a text header, as Meta's own example does (the request is sent as written)")
                }
            }
            unknown(h.unknownFields, at: hp)
        } else if kind == .productList {
            add(.error, path.key("header"), .required, "a product_list message requires a text header")
        }
        // Body: required except for product.
        if let b = i.body {
            if kind == .list || kind == .locationRequest {
                // Sources disagree (1024 in the reference and Postman, 4096 on the newer kind pages):
                // the looser limit is the refusal, the stricter one advice.
                requiredText(b.text, at: path.key("body.text"), max: Limits.interactiveBodyLoose, what: "body.text")
                strictLength(b.text, at: path.key("body.text"), strict: Limits.interactiveBody, loose: Limits.interactiveBodyLoose, what: "body.text")
            } else {
                requiredText(b.text, at: path.key("body.text"), max: Limits.interactiveBody, what: "body.text")
            }
            unknown(b.unknownFields, at: path.key("body"))
        } else if kind != .product {
            add(.error, path.key("body.text"), .required, "body.text is required for \(i.typeName) messages")
        }
        if let f = i.footer {
            if kind == .locationRequest {
                add(.error, path.key("footer"), .notAllowed, "a location request shows only its body and the send-location button")
            } else if kind == .carousel {
                add(.error, path.key("footer"), .notAllowed, "a carousel has no footer: its cards follow the body")
            } else if kind == .callPermissionRequest {
                add(.error, path.key("footer"), .notAllowed, "a call permission request shows only its body: Meta's own prompt and buttons do the rest")
            } else {
                if kind == .voiceCall || kind == .addressMessage {
                    // Plausible, as for the header above.
                    add(.warning, path.key("footer"), .notAllowed, "Meta documents \(i.typeName) messages with a body only: a footer may be refused or not shown")
                }
                requiredText(f.text, at: path.key("footer.text"), max: Limits.interactiveFooter, what: "footer.text")
            }
            unknown(f.unknownFields, at: path.key("footer"))
        }
        let ap = path.key("action")
        switch i.action {
        case .buttons(let a): buttons(a, at: ap)
        case .list(let a): list(a, at: ap)
        case .ctaURL(let a): ctaURL(a, at: ap)
        case .flow(let a): flow(a, at: ap)
        case .locationRequest(let a):
            // Only one gateway documents parameters.display_text; Meta shows none.
            namedAction(a, "send_location", at: ap)
        case .product(let a):
            requiredText(a.catalogID, at: ap.key("catalog_id"), max: nil, what: "catalog_id")
            requiredText(a.productRetailerID, at: ap.key("product_retailer_id"), max: nil, what: "product_retailer_id")
            unknown(a.unknownFields, at: ap)
        case .productList(let a): productList(a, at: ap)
        case .carousel(let a): carousel(a, at: ap)
        case .voiceCall(let a): voiceCall(a, at: ap)
        case .callPermissionRequest(let a):
            // Meta documents only the name; the body is the one part the business writes.
            // Parameters are advice against rather than a refusal (plausible).
            namedAction(a, "call_permission_request", at: ap)
        case .addressMessage(let a): addressMessage(a, at: ap)
        case .catalog(let a):
            allowed(a.name ?? "", ["catalog_message"], at: ap.key("name"), what: "action.name")
            requiredText(a.thumbnailProductRetailerID, at: ap.key("parameters.thumbnail_product_retailer_id"), max: nil, what: "thumbnail_product_retailer_id")
            unknown(a.parametersUnknownFields, at: ap.key("parameters"))
            unknown(a.unknownFields, at: ap)
        }
        unknown(i.unknownFields, at: path)
    }

    /// A URL button (`cta_url`): its display text and an http(s) URL.
    mutating func ctaURL(_ a: CTAURLAction, at ap: FieldPath) {
        allowed(a.name ?? "", ["cta_url"], at: ap.key("name"), what: "action.name")
        requiredText(a.displayText, at: ap.key("parameters.display_text"), max: Limits.ctaDisplayText, what: "display_text")
        if a.url.isEmpty {
            add(.error, ap.key("parameters.url"), .required, "url is required")
        } else {
            httpURL(a.url, at: ap.key("parameters.url"), what: "url")
        }
        unknown(a.parametersUnknownFields, at: ap.key("parameters"))
        unknown(a.unknownFields, at: ap)
    }

    /// An action that is only its name: `parameters` are not documented, so they get a warning.
    mutating func namedAction(_ a: NamedAction, _ name: String, at path: FieldPath) {
        allowed(a.name ?? "", [name], at: path.key("name"), what: "action.name")
        if let p = a.parameters {
            add(.warning, path.key("parameters"), .notChecked, "Meta documents no parameters for \(name)", actual: MessageValidator.shortened(JSONWriter.compactString(.object(p))))
        }
        unknown(a.unknownFields, at: path)
    }

    mutating func buttons(_ a: ReplyButtonsAction, at path: FieldPath) {
        let bp = path.key("buttons")
        if a.buttons.isEmpty { add(.error, bp, .minItems, "reply buttons need at least one button", limit: "1…\(Limits.replyButtonsMax)", actual: "0") }
        if a.buttons.count > Limits.replyButtonsMax {
            add(.error, bp, .maxItems, "at most \(Limits.replyButtonsMax) reply buttons", limit: "\(Limits.replyButtonsMax)", actual: "\(a.buttons.count)")
        }
        for (i, b) in a.buttons.enumerated() {
            let p = bp.index(i)
            allowed(b.type, ["reply"], at: p.key("type"), what: "button type")
            requiredText(b.id, at: p.key("reply.id"), max: Limits.replyButtonID, what: "button id")
            if let first = b.id.first, let last = b.id.last, first.isWhitespace || last.isWhitespace {
                add(.error, p.key("reply.id"), .format, "button id cannot start or end with spaces", actual: MessageValidator.quoted(b.id))
            }
            requiredText(b.title, at: p.key("reply.title"), max: Limits.replyButtonTitle, what: "button title")
            // At most three buttons: a scan beats hashing.
            if !b.id.isEmpty, let j = a.buttons[..<i].firstIndex(where: { $0.id == b.id }) {
                add(.error, p.key("reply.id"), .unique, "button id repeats buttons[\(j)]", actual: MessageValidator.quoted(b.id))
            }
            if !b.title.isEmpty, let j = a.buttons[..<i].firstIndex(where: { $0.title == b.title }) {
                add(.error, p.key("reply.title"), .unique, "button title repeats buttons[\(j)]", actual: MessageValidator.quoted(b.title))
            }
            unknown(b.replyUnknownFields, at: p.key("reply"))
            unknown(b.unknownFields, at: p)
        }
        unknown(a.unknownFields, at: path)
    }

    mutating func list(_ a: ListAction, at path: FieldPath) {
        requiredText(a.button, at: path.key("button"), max: Limits.listButtonLabel, what: "list button label")
        let sp = path.key("sections")
        if a.sections.isEmpty { add(.error, sp, .minItems, "a list needs at least one section", limit: "1…\(Limits.listSectionsMax)", actual: "0") }
        if a.sections.count > Limits.listSectionsMax {
            add(.error, sp, .maxItems, "at most \(Limits.listSectionsMax) sections", limit: "\(Limits.listSectionsMax)", actual: "\(a.sections.count)")
        }
        let totalRows = a.sections.reduce(0) { $0 + $1.rows.count }
        if totalRows > Limits.listRowsTotal {
            add(.error, sp, .maxItems, "at most \(Limits.listRowsTotal) rows across all sections", limit: "\(Limits.listRowsTotal)", actual: "\(totalRows)")
        }
        var seenRows: [(id: String, path: FieldPath)] = []
        seenRows.reserveCapacity(totalRows)
        for (i, s) in a.sections.enumerated() {
            let p = sp.index(i)
            if a.sections.count > 1 {
                requiredText(s.title, at: p.key("title"), max: Limits.listSectionTitle, what: "section title (required with more than one section)")
            } else {
                optionalText(s.title, at: p.key("title"), max: Limits.listSectionTitle, what: "section title")
            }
            if s.rows.isEmpty { add(.error, p.key("rows"), .minItems, "a section needs at least one row", limit: "1", actual: "0") }
            for (j, row) in s.rows.enumerated() {
                let rp = p.key("rows").index(j)
                requiredText(row.id, at: rp.key("id"), max: Limits.listRowID, what: "row id")
                requiredText(row.title, at: rp.key("title"), max: Limits.listRowTitle, what: "row title")
                optionalText(row.description, at: rp.key("description"), max: Limits.listRowDescription, what: "row description")
                if !row.id.isEmpty, let other = seenRows.first(where: { $0.id == row.id }) {
                    add(.error, rp.key("id"), .unique, "row id repeats \(other.path)", actual: MessageValidator.quoted(row.id))
                }
                seenRows.append((row.id, rp))
                unknown(row.unknownFields, at: rp)
            }
            unknown(s.unknownFields, at: p)
        }
        unknown(a.unknownFields, at: path)
    }

    mutating func flow(_ a: FlowAction, at path: FieldPath) {
        allowed(a.name ?? "", ["flow"], at: path.key("name"), what: "action.name")
        let pp = path.key("parameters")
        if a.flowMessageVersion != Limits.flowMessageVersion {
            add(.error, pp.key("flow_message_version"), a.flowMessageVersion == nil ? .required : .allowedValues,
                "flow_message_version must be \"3\"", limit: "\"3\"", actual: a.flowMessageVersion.map(MessageValidator.quoted))
        }
        switch (a.flowID, a.flowName) {
        case (nil, nil): add(.error, pp.key("flow_id"), .exactlyOne, "give flow_id or flow_name", limit: "flow_id or flow_name")
        case (.some, .some): add(.error, pp.key("flow_name"), .exactlyOne, "give flow_id or flow_name, not both", limit: "flow_id or flow_name")
        default: break
        }
        if let id = a.flowID { requiredText(id, at: pp.key("flow_id"), max: nil, what: "flow_id") }
        if let name = a.flowName { requiredText(name, at: pp.key("flow_name"), max: nil, what: "flow_name") }
        // flow_cta: 30 on Meta's current page and in its OpenAPI spec (its own example has 23), 20 on
        // the older page and in client libraries: 30 is the refusal, 20 advice.
        requiredText(a.flowCTA, at: pp.key("flow_cta"), max: Limits.flowCTA, what: "flow_cta")
        strictLength(a.flowCTA, at: pp.key("flow_cta"), strict: Limits.flowCTAStrict, loose: Limits.flowCTA, what: "flow_cta")
        if Emoji.contains(a.flowCTA) {
            add(.error, pp.key("flow_cta"), .format, "flow_cta cannot contain emoji", actual: MessageValidator.quoted(a.flowCTA))
        }
        allowed(a.mode, ["draft", "published"], at: pp.key("mode"), what: "mode")
        allowed(a.flowAction, ["navigate", "data_exchange"], at: pp.key("flow_action"), what: "flow_action")
        if let token = a.flowToken, token.isEmpty {
            add(.error, pp.key("flow_token"), .notEmpty, "flow_token cannot be empty (leave it out to send Meta's default \"unused\")")
        }
        let payloadPath = pp.key("flow_action_payload")
        if a.flowAction == "data_exchange" {
            // The older Meta page forbids a payload here, the current one and the OpenAPI spec do
            // not: advice, not a refusal.
            if a.hasPayload { add(.warning, payloadPath, .notAllowed, "leave flow_action_payload out for data_exchange: the endpoint supplies the first screen, and older API versions refuse it") }
        } else if a.screen == nil {
            // Older Meta page: required for navigate; current page: defaults to the first entry screen.
            add(.warning, payloadPath.key("screen"), .required, "navigate should name the first screen; without it Meta opens FIRST_ENTRY_SCREEN (older API versions reject it)")
        } else if let s = a.screen {
            requiredText(s, at: payloadPath.key("screen"), max: nil, what: "screen")
        }
        if let data = a.data {
            if case .object(let o) = data {
                if o.isEmpty { add(.error, payloadPath.key("data"), .notEmpty, "data, when present, must be a non-empty object") }
            } else {
                add(.error, payloadPath.key("data"), .format, "data must be an object", actual: data.typeName)
            }
        }
        unknown(a.payloadUnknownFields, at: payloadPath)
        unknown(a.parametersUnknownFields, at: pp)
        unknown(a.unknownFields, at: path)
    }

    mutating func productList(_ a: ProductListAction, at path: FieldPath) {
        requiredText(a.catalogID, at: path.key("catalog_id"), max: nil, what: "catalog_id")
        let sp = path.key("sections")
        if a.sections.isEmpty { add(.error, sp, .minItems, "a product list needs at least one section", limit: "1…\(Limits.productListSectionsMax)", actual: "0") }
        if a.sections.count > Limits.productListSectionsMax {
            add(.error, sp, .maxItems, "at most \(Limits.productListSectionsMax) sections", limit: "\(Limits.productListSectionsMax)", actual: "\(a.sections.count)")
        }
        let total = a.sections.reduce(0) { $0 + $1.productRetailerIDs.count }
        if total > Limits.productListProductsTotal {
            add(.error, sp, .maxItems, "at most \(Limits.productListProductsTotal) products across all sections", limit: "\(Limits.productListProductsTotal)", actual: "\(total)")
        }
        for (i, s) in a.sections.enumerated() {
            let p = sp.index(i)
            requiredText(s.title, at: p.key("title"), max: Limits.productSectionTitle, what: "section title")
            if s.productRetailerIDs.isEmpty { add(.error, p.key("product_items"), .minItems, "a section needs at least one product", limit: "1", actual: "0") }
            for (j, id) in s.productRetailerIDs.enumerated() {
                requiredText(id, at: p.key("product_items").index(j).key("product_retailer_id"), max: nil, what: "product_retailer_id")
                if j < s.itemUnknownFields.count { unknown(s.itemUnknownFields[j], at: p.key("product_items").index(j)) }
            }
            unknown(s.unknownFields, at: p)
        }
        unknown(a.unknownFields, at: path)
    }

    // MARK: Interactive kinds of 2025–2026

    /// An interactive carousel: 2 to 10 cards, all of one type, and (media cards) all with the
    /// same kind and number of buttons; (product cards) all from one catalog.
    mutating func carousel(_ a: CarouselAction, at path: FieldPath) {
        let cp = path.key("cards")
        let count = a.cards.count
        let range = "\(Limits.interactiveCarouselCardsMin)…\(Limits.carouselCardsMax)"
        if count < Limits.interactiveCarouselCardsMin {
            add(.error, cp, .minItems, "a carousel needs at least \(Limits.interactiveCarouselCardsMin) cards", limit: range, actual: "\(count)")
        }
        if count > Limits.carouselCardsMax {
            add(.error, cp, .maxItems, "at most \(Limits.carouselCardsMax) cards", limit: range, actual: "\(count)")
        }
        var seenIndexes: [Int: Int] = [:]
        // The first card sets what the others must match.
        var firstType: (type: String, card: Int)?
        var firstButtons: (action: CarouselCardAction, card: Int)?
        var firstCatalog: (id: String, card: Int)?
        for (i, card) in a.cards.enumerated() {
            let p = cp.index(i)
            cardIndex(card.cardIndex, at: p.key("card_index"), card: i, seen: &seenIndexes)
            let type = card.type ?? ""
            if type.isEmpty {
                add(.error, p.key("type"), .required, "each card needs type: cta_url (media card) or product", limit: "cta_url, product")
            } else {
                allowed(type, ["cta_url", "product"], at: p.key("type"), what: "card type")
            }
            if let first = firstType, !type.isEmpty, type != first.type {
                add(.error, p.key("type"), .sameAcrossCards, "every card of a carousel has the same type: cards[\(first.card)] is \(first.type)",
                    limit: MessageValidator.quoted(first.type), actual: MessageValidator.quoted(type))
            } else if firstType == nil, !type.isEmpty {
                firstType = (type, i)
            }
            // A card without type is judged by its action (the type's own finding is above).
            let isProductCard: Bool
            if case .product? = card.action, type.isEmpty { isProductCard = true } else { isProductCard = type == "product" }
            if isProductCard {
                productCard(card, at: p, firstCatalog: &firstCatalog, card: i)
            } else {
                mediaCard(card, at: p)
                // A missing action or a product's on a media card: mediaCard has said so.
                if let action = card.action, action.isButtons {
                    if let first = firstButtons {
                        sameButtons(action, as: first.action, firstCard: first.card, at: p.key("action"))
                    } else {
                        firstButtons = (action, i)
                    }
                }
            }
            unknown(card.unknownFields, at: p)
        }
        unknown(a.unknownFields, at: path)
    }

    /// A card's `card_index`: a whole number from 0 to 9, not repeated (`seen` maps each index
    /// to the card that had it first). Shared by template and interactive carousels.
    mutating func cardIndex(_ value: JSONValue?, at path: FieldPath, card i: Int, seen: inout [Int: Int]) {
        switch value {
        case nil: add(.error, path, .required, "each card needs card_index, its position from 0")
        case .number(let n)? where n.intValue.map { (0..<Limits.carouselCardsMax).contains($0) } == true:
            let k = n.intValue!
            if let j = seen[k] { add(.error, path, .unique, "card_index \(k) repeats cards[\(j)]", actual: "\(k)") }
            seen[k] = seen[k] ?? i
        case let v?:
            add(.error, path, .range, "card_index is the card's position, 0 to \(Limits.carouselCardsMax - 1)",
                limit: "0…\(Limits.carouselCardsMax - 1)", actual: MessageValidator.shortened(JSONWriter.compactString(v)))
        }
    }

    /// A media card: an image or video header, an optional body of at most 160 characters and
    /// two line breaks, and one URL button or quick-reply buttons.
    mutating func mediaCard(_ card: CarouselCard, at path: FieldPath) {
        let hp = path.key("header")
        if let h = card.header {
            if h.type.isEmpty {
                add(.error, hp.key("type"), .required, "a card header needs type: image or video", limit: "image, video")
            } else {
                allowed(h.type, ["image", "video"], at: hp.key("type"), what: "card header type")
            }
            if let kind = MediaKind(rawValue: h.type), kind == .image || kind == .video {
                if let m = h.media {
                    media(m, kind: kind, at: hp.key(h.type), captionAllowed: false, filenameAllowed: false)
                } else {
                    add(.error, hp.key(h.type), .required, "a \(h.type) header needs its media object under \"\(h.type)\"")
                }
            }
            if h.text != nil { add(.error, hp.key("text"), .notAllowed, "a card header is an image or a video, never text") }
            unknown(h.unknownFields, at: hp)
        } else {
            add(.error, hp, .required, "each media card needs an image or video header")
        }
        if let b = card.body {
            let bp = path.key("body.text")
            // Meta: card body text is optional; when present it is not blank.
            requiredText(b.text, at: bp, max: Limits.carouselCardBody, what: "card body.text")
            let breaks = Self.lineBreakCount(b.text)
            // Meta's page states the line breaks beside the 160 characters, as a limit of the same
            // standing: an error like the length.
            if breaks > Limits.carouselCardBodyLineBreaks {
                add(.error, bp, .lineBreaks, "a card body allows at most \(Limits.carouselCardBodyLineBreaks) line breaks",
                    limit: "\(Limits.carouselCardBodyLineBreaks)", actual: "\(breaks)")
            }
            unknown(b.unknownFields, at: path.key("body"))
        }
        let ap = path.key("action")
        switch card.action {
        case nil:
            add(.error, ap, .required, "each media card needs an action: one URL button (name cta_url) or quick-reply buttons")
        case .ctaURL(let a)?: ctaURL(a, at: ap)
        case .quickReplies(let q)?:
            quickReplies(q, at: ap)
        case .product?:
            add(.error, ap, .notAllowed, "a media card's action is a URL button or quick-reply buttons; product_retailer_id and catalog_id belong to product cards")
        }
    }

    mutating func quickReplies(_ q: ReplyButtonsAction, at path: FieldPath) {
        let bp = path.key("buttons")
        let range = "1…\(Limits.carouselQuickRepliesMax)"
        if q.buttons.isEmpty { add(.error, bp, .minItems, "quick replies need at least one button", limit: range, actual: "0") }
        if q.buttons.count > Limits.carouselQuickRepliesMax {
            add(.error, bp, .maxItems, "at most \(Limits.carouselQuickRepliesMax) quick-reply buttons on a card", limit: "\(Limits.carouselQuickRepliesMax)", actual: "\(q.buttons.count)")
        }
        for (i, b) in q.buttons.enumerated() {
            let p = bp.index(i)
            if b.type.isEmpty {
                add(.error, p.key("type"), .required, "button type is required", limit: "quick_reply")
            } else {
                allowed(b.type, ["quick_reply"], at: p.key("type"), what: "button type")
            }
            requiredText(b.id, at: p.key("quick_reply.id"), max: Limits.replyButtonID, what: "button id")
            requiredText(b.title, at: p.key("quick_reply.title"), max: Limits.replyButtonTitle, what: "button title")
            if !b.id.isEmpty, let j = q.buttons[..<i].firstIndex(where: { $0.id == b.id }) {
                add(.error, p.key("quick_reply.id"), .unique, "button id repeats buttons[\(j)]", actual: MessageValidator.quoted(b.id))
            }
            unknown(b.replyUnknownFields, at: p.key("quick_reply"))
            unknown(b.unknownFields, at: p)
        }
        unknown(q.unknownFields, at: path)
    }

    /// Every media card carries the same kind of button, and as many of them, as the first.
    mutating func sameButtons(_ action: CarouselCardAction, as first: CarouselCardAction, firstCard: Int, at path: FieldPath) {
        if action.buttonKind != first.buttonKind {
            add(.error, path, .sameAcrossCards, "every card has the same kind of button: cards[\(firstCard)] has \(first.buttonKind), this card \(action.buttonKind)",
                limit: first.buttonKind, actual: action.buttonKind)
        } else if action.buttonCount != first.buttonCount {
            add(.error, path.key("buttons"), .sameAcrossCards, "every card has as many buttons as cards[\(firstCard)]",
                limit: "\(first.buttonCount)", actual: "\(action.buttonCount)")
        }
    }

    /// A product card: only its product, from the same catalog as the other cards.
    mutating func productCard(_ card: CarouselCard, at path: FieldPath, firstCatalog: inout (id: String, card: Int)?, card i: Int) {
        if card.header != nil { add(.error, path.key("header"), .notAllowed, "a product card shows the product's own image: it has no header") }
        if card.body != nil { add(.error, path.key("body"), .notAllowed, "a product card shows the product's own details: it has no body") }
        let ap = path.key("action")
        guard case .product(let a)? = card.action else {
            if card.action == nil {
                add(.error, ap, .required, "each product card needs an action with product_retailer_id and catalog_id")
            } else {
                add(.error, ap, .notAllowed, "a product card's action names a product (product_retailer_id, catalog_id), not buttons")
            }
            return
        }
        requiredText(a.productRetailerID, at: ap.key("product_retailer_id"), max: nil, what: "product_retailer_id")
        requiredText(a.catalogID, at: ap.key("catalog_id"), max: nil, what: "catalog_id")
        if let id = a.catalogID, !id.isEmpty {
            if let first = firstCatalog, first.id != id {
                add(.error, ap.key("catalog_id"), .sameAcrossCards, "every product card comes from one catalog: cards[\(first.card)] names \(first.id)",
                    limit: MessageValidator.quoted(first.id), actual: MessageValidator.quoted(id))
            } else if firstCatalog == nil {
                firstCatalog = (id, i)
            }
        }
        unknown(a.unknownFields, at: ap)
    }

    /// Line breaks in `text`: each LF, CR LF or CR, and the Unicode line and paragraph
    /// separators.
    static func lineBreakCount(_ text: String) -> Int {
        text.reduce(0) { n, ch in ch.isNewline ? n + 1 : n }
    }

    /// A call button: optional display text (≤ 20), time to live (1 to 43200 minutes) and
    /// payload (≤ 512).
    mutating func voiceCall(_ a: VoiceCallAction, at path: FieldPath) {
        allowed(a.name ?? "", ["voice_call"], at: path.key("name"), what: "action.name")
        if let p = a.parameters {
            let pp = path.key("parameters")
            if let text = p.displayText {
                requiredText(text, at: pp.key("display_text"), max: Limits.voiceCallDisplayText, what: "display_text (leave it out for Meta's \"Call Now\")")
            }
            if let ttl = p.ttlMinutes { ttlMinutes(ttl, at: pp.key("ttl_minutes")) }
            if let payload = p.payload { maxLength(payload, at: pp.key("payload"), max: Limits.voiceCallPayload, what: "payload") }
            unknown(p.unknownFields, at: pp)
        }
        unknown(a.unknownFields, at: path)
    }

    /// A call button's time to live: a whole number of minutes, 1 to 43200 (30 days).
    mutating func ttlMinutes(_ v: JSONValue, at path: FieldPath) {
        let range = Limits.voiceCallTTLMinutes
        let limit = "\(range.lowerBound)…\(range.upperBound)"
        guard case .number(let n) = v, let minutes = n.intValue else {
            add(.error, path, .format, "ttl_minutes is a whole number of minutes", limit: limit, actual: MessageValidator.shortened(JSONWriter.compactString(v)))
            return
        }
        if !range.contains(minutes) {
            add(.error, path, .range, "ttl_minutes must be between \(range.lowerBound) and \(range.upperBound) (30 days)", limit: limit, actual: "\(minutes)")
        }
    }

    /// The form fields of an Indian address, as Meta lists them for `values`, saved addresses
    /// and `validation_errors`.
    static let indianAddressFields = ["name", "phone_number", "in_pin_code", "house_number", "floor_number", "tower_number",
                                      "building_name", "address", "landmark_area", "city", "state"]

    /// An address message: `country` IN, and address fields that are the form's.
    mutating func addressMessage(_ a: AddressMessageAction, at path: FieldPath) {
        allowed(a.name ?? "", ["address_message"], at: path.key("name"), what: "action.name")
        let pp = path.key("parameters")
        guard let p = a.parameters else {
            add(.error, pp.key("country"), .required, "an address message needs parameters.country (IN)", limit: "IN")
            unknown(a.unknownFields, at: path)
            return
        }
        if let country = p.country {
            // Meta offers address messages in India only: another country is refused (plausible
            // for any country Meta adds later; the list is here to change).
            allowed(country, ["IN"], at: pp.key("country"), what: "country (address messages are for India)")
        } else {
            add(.error, pp.key("country"), .required, "an address message needs parameters.country (IN)", limit: "IN")
        }
        if let values = p.values { addressFields(values, at: pp.key("values"), what: "values") }
        for (i, saved) in (p.savedAddresses ?? []).enumerated() {
            let sp = pp.key("saved_addresses").index(i)
            requiredText(saved.id, at: sp.key("id"), max: nil, what: "saved address id")
            if let value = saved.value {
                addressFields(value, at: sp.key("value"), what: "a saved address's value")
            } else {
                add(.error, sp.key("value"), .required, "each saved address needs its value: the address fields")
            }
            unknown(saved.unknownFields, at: sp)
        }
        if let ids = p.savedAddresses?.compactMap(\.id) {
            for (i, id) in ids.enumerated() where !id.isEmpty {
                if let j = ids[..<i].firstIndex(of: id) {
                    add(.error, pp.key("saved_addresses").index(i).key("id"), .unique, "saved address id repeats saved_addresses[\(j)]", actual: MessageValidator.quoted(id))
                }
            }
        }
        if let errors = p.validationErrors { addressFields(errors, at: pp.key("validation_errors"), what: "validation_errors") }
        unknown(p.unknownFields, at: pp)
        unknown(a.unknownFields, at: path)
    }

    /// An object of address fields: strings, under the names of the form's fields. An
    /// unlisted name is a warning (plausible: Meta may add fields before its page says so).
    mutating func addressFields(_ v: JSONValue, at path: FieldPath, what: String) {
        guard case .object(let o) = v else {
            add(.error, path, .format, "\(what) is an object of address fields by name", actual: v.typeName)
            return
        }
        for (k, value) in o {
            if !Self.indianAddressFields.contains(k) {
                add(.warning, path.key(k), .unknownField, "\"\(k)\" is not one of the address fields Meta lists for India",
                    limit: Self.indianAddressFields.joined(separator: ", "), actual: MessageValidator.shortened(JSONWriter.compactString(value)))
            }
            if case .string = value {} else {
                add(.error, path.key(k), .format, "address fields are strings", actual: value.typeName)
            }
        }
    }

    // MARK: Template

    mutating func template(_ t: TemplateContent) {
        let path: FieldPath = "template"
        requiredText(t.name, at: path.key("name"), max: Limits.templateName, what: "template name")
        if !t.name.isEmpty, !t.name.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }) {
            add(.warning, path.key("name"), .format, "template names are lowercase letters, digits and underscores", actual: MessageValidator.quoted(t.name))
        }
        requiredText(t.languageCode, at: path.key("language.code"), max: nil, what: "language.code")
        if !t.languageCode.isEmpty, !MessageValidator.isLanguageCode(t.languageCode) {
            add(.warning, path.key("language.code"), .format, "expected a language (en) or language_LOCALE (en_US) code", actual: MessageValidator.quoted(t.languageCode))
        }
        allowed(t.languagePolicy, ["deterministic"], at: path.key("language.policy"), what: "language.policy")
        unknown(t.languageUnknownFields, at: path.key("language"))
        let components = t.components ?? []
        let bodyOnly = components.count == 1 && components[0].type == "body"
        templateComponents(components, at: path.key("components"), bodyOnly: bodyOnly, inCard: false)
        unknown(t.unknownFields, at: path)
    }

    /// The component types of a template message, and of a carousel card.
    static let templateComponentTypes = ["header", "body", "button", "carousel", "limited_time_offer", "tap_target_configuration"]
    static let cardComponentTypes = ["header", "body", "button"]
    static let buttonSubTypes = ["quick_reply", "url", "catalog", "flow", "copy_code", "voice_call", "mpm", "order_details"]

    /// A template's components, or a carousel card's (which hold no carousel of their own).
    mutating func templateComponents(_ components: [TemplateComponent], at path: FieldPath, bodyOnly: Bool, inCard: Bool) {
        var seenIndexes: [String: Int] = [:]
        var seenTypes: [String: Int] = [:]
        for (i, c) in components.enumerated() {
            let cp = path.index(i)
            allowed(c.type, inCard ? Self.cardComponentTypes : Self.templateComponentTypes, at: cp.key("type"),
                    what: inCard ? "component type in a carousel card" : "component type")
            if c.type != "button", let j = seenTypes[c.type] {
                add(.error, cp.key("type"), .unique, "a second \(c.type) component (first at components[\(j)])")
            }
            seenTypes[c.type] = seenTypes[c.type] ?? i
            if c.type == "button" {
                if c.subType == nil {
                    add(.error, cp.key("sub_type"), .required, "button components need sub_type", limit: "quick_reply, url, catalog, flow, copy_code")
                }
                // Meta's own examples write CATALOG and COPY_CODE in capitals.
                allowed(c.subType?.lowercased(), Self.buttonSubTypes, at: cp.key("sub_type"), what: "sub_type")
                if let idx = c.index {
                    if let n = Int(idx), (0...9).contains(n), idx == String(n) {
                        if let j = seenIndexes[idx] {
                            add(.error, cp.key("index"), .unique, "button index \(idx) repeats components[\(j)]", actual: "\"\(idx)\"")
                        }
                        seenIndexes[idx] = i
                    } else {
                        add(.error, cp.key("index"), .range, "index is the button's position, \"0\" to \"9\"", limit: "\"0\"…\"9\"", actual: MessageValidator.quoted(idx))
                    }
                } else if c.subType?.lowercased() != "voice_call" {
                    // A call button is the template's only one of its kind: Meta's example sends
                    // it without index.
                    add(.error, cp.key("index"), .required, "button components need index (\"0\" to \"9\")")
                }
            } else {
                if c.subType != nil { add(.error, cp.key("sub_type"), .notAllowed, "sub_type is for button components only") }
                if c.index != nil { add(.error, cp.key("index"), .notAllowed, "index is for button components only") }
            }
            if c.type == "carousel" {
                carouselCards(c.cards ?? [], at: cp.key("cards"))
            }
            for (j, p) in (c.parameters ?? []).enumerated() {
                templateParameter(p, in: c, bodyOnly: bodyOnly, at: cp.key("parameters").index(j))
            }
            unknown(c.unknownFields, at: cp)
        }
    }

    /// A carousel's cards: 1 to 10, each with a unique whole-number `card_index` and its own
    /// components.
    mutating func carouselCards(_ cards: [TemplateCard], at path: FieldPath) {
        if cards.isEmpty { add(.error, path, .minItems, "a carousel needs its cards", limit: "1…\(Limits.carouselCardsMax)", actual: "0") }
        if cards.count > Limits.carouselCardsMax {
            add(.error, path, .maxItems, "at most \(Limits.carouselCardsMax) cards", limit: "\(Limits.carouselCardsMax)", actual: "\(cards.count)")
        }
        var seen: [Int: Int] = [:]
        for (i, card) in cards.enumerated() {
            let p = path.index(i)
            cardIndex(card.cardIndex, at: p.key("card_index"), card: i, seen: &seen)
            templateComponents(card.components, at: p.key("components"), bodyOnly: false, inCard: true)
            unknown(card.unknownFields, at: p)
        }
    }

    /// What in a template's text parameter Meta refuses (132018), if anything.
    static func templateParamTextProblem(_ text: String) -> String? {
        var spaces = 0
        for u in text.unicodeScalars {
            switch u {
            case "\n", "\r", "\u{2028}", "\u{2029}": return "a line break"
            case "\t": return "a tab"
            case " ":
                spaces += 1
                if spaces > 4 { return "more than 4 spaces in a row" }
            default: spaces = 0
            }
        }
        return nil
    }

    mutating func templateParameter(_ p: TemplateParameter, in c: TemplateComponent, bodyOnly: Bool, at path: FieldPath) {
        let allowedTypes: [String]
        switch c.type {
        case "header": allowedTypes = ["text", "image", "video", "document", "location", "product"]
        case "body": allowedTypes = ["text", "currency", "date_time"]
        case "limited_time_offer": allowedTypes = ["limited_time_offer"]
        case "tap_target_configuration": allowedTypes = ["tap_target_configuration"]
        case "button":
            switch c.subType?.lowercased() {
            // Meta's reference says payload; its own issue-resolution example sends text.
            case "quick_reply": allowedTypes = ["payload", "text"]
            case "url": allowedTypes = ["text"]
            case "flow", "catalog", "mpm": allowedTypes = ["action"]
            case "copy_code": allowedTypes = ["coupon_code"]
            case "voice_call": allowedTypes = ["ttl_minutes", "payload"]
            default: allowedTypes = ["payload", "text", "action", "coupon_code", "ttl_minutes"]
            }
        default: allowedTypes = []
        }
        if p.type.isEmpty {
            add(.error, path.key("type"), .required, "parameter type is required", limit: allowedTypes.joined(separator: ", "))
        } else if !allowedTypes.isEmpty {
            allowed(p.type, allowedTypes, at: path.key("type"), what: "parameter type in a \(c.type)\(c.subType.map { " " + $0 } ?? "") component")
        }
        switch p.type {
        case "text":
            let limit: Int? = c.type == "header" ? Limits.templateHeaderTextParam
                : c.type == "body" ? (bodyOnly ? Limits.templateBodyOnlyTextParam : Limits.templateBodyTextParam) : nil
            requiredText(p.text, at: path.key("text"), max: limit, what: "text parameter")
            if c.type == "header" || c.type == "body", let t = p.text, let why = Self.templateParamTextProblem(t) {
                add(.error, path.key("text"), .templateParamText, "\(why): Meta refuses a template's text parameter with a line break, a tab or more than 4 spaces in a row (would fail with 132018)",
                    actual: MessageValidator.shortened(JSONWriter.compactString(.string(t))))
            }
            if c.type == "body", bodyOnly, let t = p.text, TextLength.of(t) > Limits.templateBodyTextParam {
                add(.warning, path.key("text"), .maxLength, "over \(Limits.templateBodyTextParam) characters: Meta allows up to \(Limits.templateBodyOnlyTextParam) only when the template has nothing but a body",
                    limit: "\(Limits.templateBodyTextParam)", actual: "\(TextLength.of(t))")
            }
        case "payload":
            // A call button's payload comes back in the calls webhooks, up to 512 characters as
            // on the interactive call button (plausible for templates: Meta's page gives the
            // limit once).
            let isCallButton = c.subType?.lowercased() == "voice_call"
            requiredText(p.payload, at: path.key("payload"), max: isCallButton ? Limits.voiceCallPayload : nil, what: "payload")
        case "ttl_minutes":
            if let ttl = p.otherFields["ttl_minutes"] {
                ttlMinutes(ttl, at: path.key("ttl_minutes"))
            } else {
                add(.error, path.key("ttl_minutes"), .required, "a ttl_minutes parameter needs its ttl_minutes value (minutes, \(Limits.voiceCallTTLMinutes.lowerBound) to \(Limits.voiceCallTTLMinutes.upperBound))")
            }
        case "image", "video", "document":
            let kind = MediaKind(rawValue: p.type)!
            if let m = p.media {
                media(m, kind: kind, at: path.key(p.type), captionAllowed: false, filenameAllowed: kind == .document)
                if kind == .document, c.type == "header", let link = m.link, let ext = Self.fileExtension(link), ext != "pdf" {
                    add(.warning, path.key(p.type).key("link"), .format, "document headers of templates must be PDF", actual: ".\(ext)")
                }
            } else {
                add(.error, path.key(p.type), .required, "a \(p.type) parameter needs its media object under \"\(p.type)\"")
            }
        case "currency":
            currency(p.otherFields["currency"], at: path.key("currency"))
        case "date_time":
            if let dt = p.otherFields["date_time"]?.objectValue {
                requiredText(dt["fallback_value"]?.stringValue, at: path.key("date_time.fallback_value"), max: nil, what: "date_time.fallback_value")
            } else {
                add(.error, path.key("date_time"), .required, "a date_time parameter needs a date_time object with fallback_value")
            }
        case "action":
            if let action = p.otherFields["action"]?.objectValue {
                if c.type == "button", c.subType == "flow" { flowButtonAction(action, at: path.key("action")) }
            } else {
                add(.error, path.key("action"), .required, "an action parameter needs an action object (flow_token, flow_action_data, thumbnail_product_retailer_id …)")
            }
        case "coupon_code":
            requiredText(p.otherFields["coupon_code"]?.stringValue, at: path.key("coupon_code"), max: 15, what: "coupon_code")
        case "product":
            // A single-product header (or a product card): which product of which catalog.
            guard let product = p.otherFields["product"]?.objectValue else {
                add(.error, path.key("product"), .required, "a product parameter needs a product object {product_retailer_id, catalog_id}")
                break
            }
            requiredText(product["product_retailer_id"]?.stringValue, at: path.key("product.product_retailer_id"), max: nil, what: "product_retailer_id")
            requiredText(product["catalog_id"]?.stringValue, at: path.key("product.catalog_id"), max: nil, what: "catalog_id")
        case "limited_time_offer":
            guard let offer = p.otherFields["limited_time_offer"]?.objectValue else {
                add(.error, path.key("limited_time_offer"), .required, "a limited_time_offer parameter needs a limited_time_offer object {expiration_time_ms}")
                break
            }
            if let ms = offer["expiration_time_ms"], ms.intValue == nil {
                add(.error, path.key("limited_time_offer.expiration_time_ms"), .format, "expiration_time_ms is a whole number of milliseconds since 1970",
                    actual: MessageValidator.shortened(JSONWriter.compactString(ms)))
            }
        case "tap_target_configuration":
            guard let targets = p.otherFields["tap_target_configuration"]?.arrayValue, !targets.isEmpty else {
                add(.error, path.key("tap_target_configuration"), .required, "a tap_target_configuration parameter needs a list of {url, title}")
                break
            }
            for (k, target) in targets.enumerated() {
                let tp = path.key("tap_target_configuration").index(k)
                if let url = target["url"]?.stringValue { httpURL(url, at: tp.key("url"), what: "url") } else {
                    add(.error, tp.key("url"), .required, "each tap target needs its url")
                }
                requiredText(target["title"]?.stringValue, at: tp.key("title"), max: nil, what: "title")
            }
        default:
            break
        }
    }

    /// A template flow button's `action`: `flow_token` (a non-empty string) and
    /// `flow_action_data` (a non-empty object, the first screen's data), both optional. Other
    /// keys are warnings, not errors: Meta's send-side schema for this object is less settled
    /// than the interactive flow parameters.
    mutating func flowButtonAction(_ action: JSONObject, at path: FieldPath) {
        switch action["flow_token"] {
        case nil: break
        case .string(let token)?:
            if TextLength.isBlank(token) {
                add(.error, path.key("flow_token"), .notEmpty, "flow_token cannot be empty (leave it out to send Meta's default \"unused\")")
            }
        case let other?:
            add(.error, path.key("flow_token"), .format, "flow_token is a string", actual: other.typeName)
        }
        switch action["flow_action_data"] {
        case nil: break
        case .object(let data)?:
            if data.isEmpty {
                add(.error, path.key("flow_action_data"), .notEmpty, "flow_action_data must have at least one field, or be left out")
            }
        case let other?:
            add(.error, path.key("flow_action_data"), .format, "flow_action_data is an object: the first screen's data", actual: other.typeName)
        }
        for (k, v) in action where k != "flow_token" && k != "flow_action_data" {
            add(.warning, path.key(k), .unknownField, "\"\(k)\" is not a field of a flow button's action (flow_token, flow_action_data); Meta may reject it",
                actual: MessageValidator.shortened(JSONWriter.compactString(v)))
        }
    }

    mutating func currency(_ v: JSONValue?, at path: FieldPath) {
        guard let o = v?.objectValue else {
            add(.error, path, .required, "a currency parameter needs a currency object {fallback_value, code, amount_1000}")
            return
        }
        requiredText(o["fallback_value"]?.stringValue, at: path.key("fallback_value"), max: nil, what: "currency.fallback_value")
        if let code = o["code"]?.stringValue {
            if !(code.count == 3 && code.allSatisfy { $0.isASCII && $0.isUppercase }) {
                add(.error, path.key("code"), .format, "code is an ISO 4217 currency code such as USD", actual: MessageValidator.quoted(code))
            }
        } else {
            add(.error, path.key("code"), .required, "currency.code is required (ISO 4217)")
        }
        if let amount = o["amount_1000"] {
            if case .number(let n) = amount, n.intValue != nil {} else {
                add(.error, path.key("amount_1000"), .format, "amount_1000 is an integer: the amount × 1000", actual: JSONWriter.compactString(amount))
            }
        } else {
            add(.error, path.key("amount_1000"), .required, "currency.amount_1000 is required (the amount × 1000)")
        }
    }
}

extension Character {
    /// 0–9 only (not other scripts' digits).
    public var isASCIIDigit: Bool { isASCII && isNumber }
}

/// Emoji detection for the rules that forbid or require emoji.
enum Emoji {
    /// True when `text` has an emoji: a scalar shown as emoji by default (😀), or a text-default
    /// one made emoji by U+FE0F, a skin tone or a keycap (©️, ‼️, ☎️, 1️⃣).
    static func contains(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() where s.properties.isEmoji {
            if s.properties.isEmojiPresentation { return true }
            if i + 1 < scalars.count {
                let next = scalars[i + 1].value
                if next == 0xFE0F || next == 0x20E3 || (0x1F3FB...0x1F3FF).contains(next) { return true }
            }
        }
        return false
    }
}
