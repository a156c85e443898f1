import WhatsAppModel

/// Meta's two send endpoints: `/messages` for everything, and `/marketing_messages`, the
/// Marketing Messages API, for marketing templates (delivery optimised by Meta, priced as
/// `marketing_lite`). A send takes the marketing endpoint when its `endpoint` option (a profile
/// default or a flag) says `marketing_messages`.
enum MetaEndpoint: String, CaseIterable {
    case messages
    case marketingMessages = "marketing_messages"

    /// The option naming the endpoint.
    static let optionKey = VendorOptionKey("endpoint", fieldPath: "url", allowedValues: allCases.map(\.rawValue))

    /// The endpoint the send's options choose (messages unless told otherwise).
    init(_ options: VendorOptions) {
        self = options[Self.optionKey.name].flatMap(MetaEndpoint.init(rawValue:)) ?? .messages
    }

    /// The endpoint named by the last segment of a request path.
    init?(lastSegment: String) {
        self.init(rawValue: lastSegment)
    }

    /// What Meta refuses on this endpoint before sending: a wrong option value, the marketing
    /// endpoint's members on `/messages` (100), anything but a template on `/marketing_messages`
    /// (131055).
    static func findings(for message: OutboundMessage, options: VendorOptions) -> [Finding] {
        var out: [Finding] = []
        if let value = options[optionKey.name], let problem = optionKey.problem(with: value) {
            out.append(Finding(.error, "endpoint", .allowedValues, problem, limit: allCases.map(\.rawValue).joined(separator: ", "), actual: "\"\(value)\""))
            return out
        }
        switch MetaEndpoint(options) {
        case .messages:
            for member in message.marketingOnlyMembers {
                out.append(Finding(.error, FieldPath.root.key(member), .unknownField,
                                   "\(member) is taken only by the marketing messages endpoint: set the endpoint option to marketing_messages"))
            }
        case .marketingMessages:
            if message.kind != .template {
                out.append(Finding(.error, "type", .marketingEndpoint, "the marketing messages endpoint sends marketing templates only (131055)",
                                   limit: "template", actual: message.kind.rawValue))
            } else if case .template(let t) = message.content, t.looksLikeAuthentication {
                out.append(Finding(.error, "template", .marketingEndpoint,
                                   "this has the shape of an authentication template; the marketing messages endpoint sends marketing templates only (134100)"))
            }
            if message.isDirectSend {
                out.append(Finding(.error, "category", .marketingEndpoint, "Direct Send goes to the messages endpoint, not to marketing messages"))
            }
        }
        return out
    }
}
