#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// Meta's template listing: `GET /{version}/{waba-id}/message_templates` with `fields`, `limit`
/// and `after`, answered with `{"data": [...], "paging": {"cursors": {"before", "after"},
/// "next"?}}`; the last page has no `next`.
struct MetaTemplateListing: TemplateListingAPI {
    /// The fields wacon asks for: what a listing shows and what the definition check reads.
    static let fields = "name,language,status,category,parameter_format,components,quality_score,id"

    func pageRequest(profile: Profile, limit: Int, after: String?) throws(TemplateListingError) -> WireRequest {
        guard let waba = profile.wabaID, !waba.isEmpty else {
            throw .missingProfileKey(profile: profile.name, key: "waba_id", what: "the WhatsApp Business Account id that owns the templates")
        }
        let base = profile.baseURL ?? MetaCloudGateway.defaultBaseURL
        var url = base.joiningPath("/\(profile.apiVersion ?? GraphAPIVersions.current)/\(Self.escaped(waba))/message_templates")
        url += "?fields=\(Self.fields)&limit=\(limit)"
        if let after { url += "&after=" + Self.escaped(after) }
        return WireRequest(method: "GET", url: url, headers: [MetaCloudGateway().authHeader.header(for: profile)], json: .null)
    }

    func decodePage(_ response: WireResponse) -> Result<TemplatePage, TemplateListingError> {
        let json: JSONValue
        do { json = try JSONParser.parse(response.body) } catch {
            let start = String(decoding: response.body.prefix(80), as: UTF8.self)
            return .failure(.unreadable(status: response.status, reason: "not JSON (\(error)): \(start)"))
        }
        if let err = json["error"]?.objectValue {
            let message = err["message"]?.stringValue ?? "no message"
            let details = err["error_data"]?["details"]?.stringValue
            let code = err["code"].flatMap { $0.intValue.map(String.init) ?? $0.stringValue }
            return .failure(.refused(status: response.status, code: code, message: message + (details.map { " (\($0))" } ?? "")))
        }
        guard (200...299).contains(response.status) else {
            return .failure(.refused(status: response.status, code: nil, message: "HTTP \(response.status) without an error object"))
        }
        guard case .array(let items)? = json["data"] else {
            return .failure(.unreadable(status: response.status, reason: "data: an array of templates; found \(json["data"]?.typeName ?? "nothing")"))
        }
        var templates: [StoredTemplate] = []
        templates.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            do { templates.append(try StoredTemplate.read(item, at: FieldPath("data").index(i))) } catch {
                return .failure(.unreadable(status: response.status, reason: error.description))
            }
        }
        // Graph says a page is the last by leaving out `next`; the `after` cursor is there either way.
        guard json["paging"]?["next"] != nil else { return .success(TemplatePage(templates: templates, after: nil)) }
        guard let after = json["paging"]?["cursors"]?["after"]?.stringValue, !after.isEmpty else {
            return .failure(.unreadable(status: response.status, reason: "paging.cursors.after: required when paging.next is given"))
        }
        return .success(TemplatePage(templates: templates, after: after))
    }

    /// A path segment or query value with everything but unreserved characters escaped.
    static func escaped(_ s: String) -> String {
        PercentEncoding.unreservedOnly(s)
    }
}

extension MetaCloudGateway {
    public var templateListing: (any TemplateListingAPI)? { MetaTemplateListing() }
}

/// The listing as the sandbox plays it.
extension MetaEmulation {
    public var templateRoutes: [String] { ["/{version}/{wabaID}/message_templates"] }

    /// Graph's default page size for cursor-paged edges.
    static let defaultTemplateLimit = 25
    /// Plausible: Meta documents no maximum for this edge; the sandbox serves at most this many
    /// per page and caps a larger `limit` to it, as Graph caps limits on other edges.
    static let maxTemplateLimit = 1000
    /// The members of a template when the request names no `fields` (those of Meta's sample
    /// response for this edge).
    static let defaultTemplateFields: Set<String> = ["name", "components", "language", "status", "category", "id"]

    public func templatePage(_ request: EmulatedRequest, account: Profile, templates: [StoredTemplate]) -> EmulatedReply {
        if let id = request.parameters["wabaID"], id != account.wabaID {
            return Self.error(code: 100, title: "Unsupported get request. Object with ID '\(id)' does not exist, cannot be loaded due to missing permissions, or does not support this operation",
                              status: 400, details: nil, subcode: 33)
        }
        var limit = Self.defaultTemplateLimit
        if let text = request.query["limit"] {
            guard let n = Int(text), n > 0 else {
                return Self.error(code: 100, title: "Invalid parameter", status: 400, details: "limit must be a positive whole number, not \"\(text)\"", subcode: nil)
            }
            limit = min(n, Self.maxTemplateLimit)
        }
        var start = 0
        if let cursor = request.query["after"] {
            guard let offset = Self.offset(cursor), offset <= templates.count else {
                return Self.error(code: 100, title: "Invalid parameter", status: 400, details: "after: not a cursor of this listing", subcode: nil)
            }
            start = offset
        }
        // `id` comes with every node, as Graph returns it whatever the fields.
        let fields = request.query["fields"].map { Set($0.split(separator: ",").map { $0.trimmed } + ["id"]) }
            ?? Self.defaultTemplateFields
        let end = min(templates.count, start + limit)
        let data: [JSONValue] = templates[start..<end].map { t in
            .object(JSONObject(t.json.members.filter { fields.contains($0.key) }))
        }
        var reply: JSONObject = ["data": .array(data)]
        if end > start {
            var paging: JSONObject = ["cursors": ["before": .string(Self.cursor(start)), "after": .string(Self.cursor(end))]]
            if end < templates.count { paging.append("next", .string(Self.pageURL(request, limit: limit, after: Self.cursor(end)))) }
            reply.append("paging", .object(paging))
        }
        return EmulatedReply(status: 200, json: .object(reply))
    }

    /// An opaque cursor for a position in the listing (base64, like Graph's).
    static func cursor(_ offset: Int) -> String {
        Data("wacon:\(offset)".utf8).base64EncodedString()
    }

    static func offset(_ cursor: String) -> Int? {
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8), text.hasPrefix("wacon:") else { return nil }
        return Int(text.dropFirst(6)).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// The URL of another page: the request's own, with the cursor replaced.
    static func pageURL(_ request: EmulatedRequest, limit: Int, after: String) -> String {
        let host = request.header("Host").map { "http://\($0)" } ?? ""
        var query: [String] = []
        if let fields = request.query["fields"] { query.append("fields=" + MetaTemplateListing.escaped(fields)) }
        query.append("limit=\(limit)")
        query.append("after=" + MetaTemplateListing.escaped(after))
        return host + request.path + "?" + query.joined(separator: "&")
    }
}
