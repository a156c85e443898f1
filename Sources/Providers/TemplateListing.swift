import HTTPTypes
import WhatsAppModel

/// A gateway's API that lists the message templates of an account, page by page. Only Meta
/// documents one (`GET /{waba-id}/message_templates`); a gateway without it takes an import.
public protocol TemplateListingAPI: Sendable {
    /// The request for one page of at most `limit` templates, after the page whose `after`
    /// cursor is given (nil: the first page). Throws when the profile lacks what the API needs.
    func pageRequest(profile: Profile, limit: Int, after: String?) throws(TemplateListingError) -> WireRequest
    /// Reads one page, or the gateway's error.
    func decodePage(_ response: WireResponse) -> Result<TemplatePage, TemplateListingError>
}

/// One page of a template listing.
public struct TemplatePage: Sendable, Hashable {
    public var templates: [StoredTemplate]
    /// The cursor of the next page; nil on the last page.
    public var after: String?

    public init(templates: [StoredTemplate], after: String?) {
        self.templates = templates
        self.after = after
    }
}

/// Why a template listing cannot be read.
public enum TemplateListingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The profile lacks a key the listing needs (Meta's `waba_id`).
    case missingProfileKey(profile: String, key: String, what: String)
    /// The gateway answered with an error (its code and message when it gave them).
    case refused(status: Int, code: String?, message: String)
    /// The answer is not a page the listing understands (the reason names the field).
    case unreadable(status: Int, reason: String)

    public var description: String {
        switch self {
        case .missingProfileKey(let profile, let key, let what):
            return "profile \(profile) has no \(key): add \(key) = \"…\" (\(what)) to it in the config"
        case .refused(let status, let code, let message):
            return "HTTP \(status)\(code.map { ", error \($0)" } ?? ""): \(message)"
        case .unreadable(let status, let reason):
            return "HTTP \(status): the answer is not a template page: \(reason)"
        }
    }
}

extension Gateway {
    /// True when the gateway has a template-listing API (`templateListing`).
    public var listsTemplates: Bool { templateListing != nil }
}
