#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// One webhook event as a line: for people (`text`) and for programs (`json`), as `wacon webhook
/// parse`, `wacon listen` and the console show events.
public enum WebhookEventLine {
    // MARK: For people

    /// `meta status wamid.X delivered to 16505551234 (US.1…) pricing PMP/regular/marketing`.
    public static func text(_ event: WebhookEvent, gateway: GatewayID) -> String {
        var words = ["\(gateway)", event.kindName]
        switch event.kind {
        case .message(let m):
            words.append(m.id ?? "(no id)")
            words.append("from " + sender(m))
            words.append(m.type + ":")
            words.append(summary(m.content))
            if let context = m.context?.id { words.append("(reply to \(context))") }
            if let group = m.groupID { words.append("in group \(group)") }
        case .status(let s):
            words.append(s.id)
            words.append(s.status)
            var to = s.recipientText ?? "(no recipient)"
            let also = [s.recipientID == nil ? nil : s.recipientUserID, s.recipientParentUserID].compactMap { $0 }
            if !also.isEmpty { to += " (" + also.joined(separator: ", ") + ")" }
            words.append("to " + to)
            if let p = s.recipientParticipantID ?? s.recipientParticipantUserID { words.append("participant \(p)") }
            if let p = s.pricing {
                words.append("pricing " + [p.model, p.type, p.category].map { $0 ?? "-" }.joined(separator: "/"))
            }
            for e in s.errors {
                words.append("error " + [e.code, e.title ?? e.message].compactMap { $0 }.joined(separator: " "))
            }
            if let send = s.sendID { words.append("request \(send)") }
        case .userIDUpdate(let u):
            words.append(u.waID ?? "(no phone number)")
            words.append("user id " + change(u.userID))
            if let parent = u.parentUserID { words.append("parent " + change(parent)) }
        case .other(let value):
            words.append(JSONWriter.compactString(value))
        }
        return words.joined(separator: " ")
    }

    public static func sender(_ m: WebhookMessage) -> String {
        var out = m.senderText ?? "(no sender)"
        let others = [m.from == nil ? nil : m.fromUserID, m.sender?.username.map { "@" + $0 }, m.sender?.name.map { "\"\($0)\"" }].compactMap { $0 }
        if !others.isEmpty { out += " (" + others.joined(separator: ", ") + ")" }
        return out
    }

    public static func change(_ c: WebhookIDChange?) -> String {
        "\(c?.previous ?? "?") -> \(c?.current ?? "?")"
    }

    /// What a message holds, in a few words.
    public static func summary(_ content: WebhookMessageContent) -> String {
        switch content {
        case .text(let body): return quoted(body)
        case .media(let m):
            let what = m.isVoice ? "voice note" : m.kind
            return [what, m.id, m.mimeType, m.caption.map(quoted), m.filename.map(quoted)].compactMap { $0 }.joined(separator: " ")
        case .location(let l):
            return "\(l.latitude ?? "?"),\(l.longitude ?? "?")" + (l.name.map { " " + quoted($0) } ?? "")
        case .contacts(let cards): return "\(cards.count) contact card\(cards.count == 1 ? "" : "s")"
        case .order(let o): return "order of \(o.items.count) item\(o.items.count == 1 ? "" : "s") from catalog \(o.catalogID ?? "?")"
        case .reaction(let id, let emoji):
            return (emoji?.isEmpty ?? true) ? "reaction removed from \(id ?? "?")" : "\(emoji!) to \(id ?? "?")"
        case .button(let payload, let text): return "button \(quoted(text ?? "")) payload \(quoted(payload ?? ""))"
        case .interactive(let reply):
            switch reply {
            case .buttonReply(let id, let title): return "button_reply \(id ?? "?") \(quoted(title ?? ""))"
            case .listReply(let id, let title, _): return "list_reply \(id ?? "?") \(quoted(title ?? ""))"
            case .formReply(let name, _, let json): return "nfm_reply \(name ?? "?") \(json ?? "")"
            case .callPermissionReply(let r):
                return "call_permission_reply \(r.response ?? "?")" + (r.isPermanent == true ? " permanent" : "")
                    + (r.responseSource.map { " (\($0))" } ?? "")
            case .other(let type): return type ?? "?"
            }
        case .system(let s):
            return [s.type, s.waID ?? s.newWaID, s.userID, s.body.map(quoted)].compactMap { $0 }.joined(separator: " ")
        case .edit(let original, let message):
            return "of \(original ?? "?")" + (message.map { ": \($0.type) " + summary($0.content) } ?? "")
        case .revoke(let original): return "of \(original ?? "?")"
        case .unsupported(let type): return type ?? "(type not given)"
        case .other: return "(not read by wacon)"
        }
    }

    public static func quoted(_ s: String) -> String { "\"\(s)\"" }

    // MARK: For programs

    /// The event as an object whose keys are always all there (null for what is absent).
    public static func json(_ event: WebhookEvent, gateway: GatewayID) -> JSONValue {
        func s(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
        func date(_ d: Date?) -> JSONValue { d.map { .number(JSONNumber(literal: String(Int64($0.timeIntervalSince1970)))) } ?? .null }
        var o: JSONObject = ["gateway": .string(gateway.rawValue), "kind": .string(event.kindName), "field": .string(event.field)]
        switch event.kind {
        case .message(let m):
            o.append("id", s(m.id))
            o.append("timestamp", date(m.timestamp))
            o.append("type", .string(m.type))
            o.append("from", s(m.from))
            o.append("from_user_id", s(m.fromUserID))
            o.append("from_parent_user_id", s(m.fromParentUserID))
            o.append("username", s(m.sender?.username))
            o.append("name", s(m.sender?.name))
            o.append("group_id", s(m.groupID))
            o.append("context_id", s(m.context?.id))
            o.append("summary", .string(summary(m.content)))
        case .status(let st):
            o.append("id", .string(st.id))
            o.append("timestamp", date(st.timestamp))
            o.append("status", .string(st.status))
            o.append("recipient_id", s(st.recipientID))
            o.append("recipient_user_id", s(st.recipientUserID))
            o.append("recipient_parent_user_id", s(st.recipientParentUserID))
            o.append("recipient_type", s(st.recipientType))
            o.append("recipient_participant_id", s(st.recipientParticipantID))
            o.append("errors", .array(st.errors.map { ["code": s($0.code), "title": s($0.title ?? $0.message)] }))
            o.append("pricing", st.pricing.map { ["model": s($0.model), "type": s($0.type), "category": s($0.category)] } ?? .null)
            o.append("send_id", s(st.sendID))
        case .userIDUpdate(let u):
            o.append("id", .null)
            o.append("timestamp", date(u.timestamp))
            o.append("wa_id", s(u.waID))
            o.append("user_id", u.userID.map { ["previous": s($0.previous), "current": s($0.current)] } ?? .null)
            o.append("parent_user_id", u.parentUserID.map { ["previous": s($0.previous), "current": s($0.current)] } ?? .null)
            o.append("detail", s(u.detail))
        case .other(let value):
            o.append("id", .null)
            o.append("value", value)
        }
        return .object(o)
    }

    /// Compact JSON safe for a terminal and still JSON: a control or reordering character inside
    /// a string is written as a `\uXXXX` escape, which JSON readers take back as the character.
    public static func jsonLine(_ value: JSONValue) -> String {
        let text = JSONWriter.compactString(value)
        guard text.unicodeScalars.contains(where: { TerminalText.isUnsafe($0, .line) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if TerminalText.isUnsafe(scalar, .line) {
                let hex = String(scalar.value, radix: 16, uppercase: false)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
