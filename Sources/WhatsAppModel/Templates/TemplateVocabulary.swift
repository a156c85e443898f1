/// The open sets of words Meta's template object uses (status, category, parameter format,
/// header format, button type, OTP type). Each keeps the word as written, so a definition read
/// and written again is the same JSON, and compares without regard to case: Meta writes them in
/// capitals when it answers and accepts lower case when a template is created.
public protocol TemplateWord: RawRepresentable, Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral where RawValue == String {
    init(rawValue: String)
}

extension TemplateWord {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    /// The word in capitals, as Meta's API answers it.
    public var normalized: String { rawValue.uppercased() }
    public var description: String { rawValue }
    /// True when the word is `other`, in any case.
    public func `is`(_ other: Self) -> Bool { normalized == other.normalized }
}

/// A template's review status: `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`,
/// `IN_APPEAL`, … (open: Meta adds statuses such as `PENDING_DELETION` or `ARCHIVED`).
public struct TemplateStatus: TemplateWord {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let approved: Self = "APPROVED"
    public static let pending: Self = "PENDING"
    public static let rejected: Self = "REJECTED"
    public static let paused: Self = "PAUSED"
    public static let disabled: Self = "DISABLED"
    public static let inAppeal: Self = "IN_APPEAL"
}

/// A template's category: `MARKETING`, `UTILITY`, `AUTHENTICATION` (open).
public struct TemplateCategory: TemplateWord {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let marketing: Self = "MARKETING"
    public static let utility: Self = "UTILITY"
    public static let authentication: Self = "AUTHENTICATION"
}

/// How a template names its variables: `POSITIONAL` (`{{1}}`, the default) or `NAMED`
/// (`{{first_name}}`).
public struct TemplateParameterFormat: TemplateWord {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let positional: Self = "POSITIONAL"
    public static let named: Self = "NAMED"
}

/// What a template's header shows: `TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT`, `LOCATION`, `GIF`,
/// `PRODUCT` (a product card's header) (open).
public struct TemplateHeaderFormat: TemplateWord {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let text: Self = "TEXT"
    public static let image: Self = "IMAGE"
    public static let video: Self = "VIDEO"
    public static let document: Self = "DOCUMENT"
    public static let location: Self = "LOCATION"
    public static let gif: Self = "GIF"
    public static let product: Self = "PRODUCT"

    /// The parameter types a message may send for this header. A GIF header is an MP4 file:
    /// wacon accepts `gif` (as resellers document it) and `video` (plausible: Meta's send
    /// reference lists no `gif` parameter type).
    public var parameterTypes: [String] {
        switch normalized {
        case "IMAGE": return ["image"]
        case "VIDEO": return ["video"]
        case "DOCUMENT": return ["document"]
        case "LOCATION": return ["location"]
        case "GIF": return ["gif", "video"]
        case "PRODUCT": return ["product"]
        case "TEXT": return ["text"]
        default: return []
        }
    }

    /// True for headers whose content is chosen at send time (media, location, product): the
    /// message must carry the header parameter.
    public var needsParameter: Bool { !self.is(.text) && !parameterTypes.isEmpty }
}

/// A button's type in a template definition: `QUICK_REPLY`, `URL`, `PHONE_NUMBER`,
/// `COPY_CODE`, `OTP`, `FLOW`, `CATALOG`, `MPM`, `VOICE_CALL`, … (open).
public struct TemplateButtonType: TemplateWord {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let quickReply: Self = "QUICK_REPLY"
    public static let url: Self = "URL"
    public static let phoneNumber: Self = "PHONE_NUMBER"
    public static let copyCode: Self = "COPY_CODE"
    public static let otp: Self = "OTP"
    public static let flow: Self = "FLOW"
    public static let catalog: Self = "CATALOG"
    public static let mpm: Self = "MPM"
    public static let voiceCall: Self = "VOICE_CALL"
}

/// An OTP button's kind: `COPY_CODE`, `ONE_TAP`, `ZERO_TAP` (open).
public struct TemplateOTPType: TemplateWord {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let copyCode: Self = "COPY_CODE"
    public static let oneTap: Self = "ONE_TAP"
    public static let zeroTap: Self = "ZERO_TAP"
}

/// Reads a template object's members without failing on a member of an unexpected JSON type:
/// such a member is left unread, so it stays among the unknown fields and is written back as
/// it came (Meta's template object grows often; a library of a thousand templates should not
/// fail on one odd field).
struct LenientReader {
    let object: JSONObject
    let path: FieldPath
    private var used: Set<String> = []

    init(_ value: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        guard case .object(let o) = value else {
            throw MessageDecodingError(path: path, reason: "expected a template object, found \(value.typeName)")
        }
        object = o
        self.path = path
    }

    /// The member as it is, marked read.
    mutating func raw(_ key: String) -> JSONValue? {
        guard let v = object[key] else { return nil }
        used.insert(key)
        return v
    }

    mutating func string(_ key: String) -> String? {
        guard case .string(let s)? = object[key] else { return nil }
        used.insert(key)
        return s
    }

    mutating func bool(_ key: String) -> Bool? {
        guard case .bool(let b)? = object[key] else { return nil }
        used.insert(key)
        return b
    }

    mutating func number(_ key: String) -> JSONNumber? {
        guard case .number(let n)? = object[key] else { return nil }
        used.insert(key)
        return n
    }

    mutating func objectValue(_ key: String) -> JSONObject? {
        guard case .object(let o)? = object[key] else { return nil }
        used.insert(key)
        return o
    }

    /// Each element of an array member, decoded; nil (and the member kept as unknown) when the
    /// member is not an array.
    mutating func array<T>(_ key: String, _ element: (JSONValue, FieldPath) throws(MessageDecodingError) -> T) throws(MessageDecodingError) -> [T]? {
        guard case .array(let items)? = object[key] else { return nil }
        used.insert(key)
        var out: [T] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() { out.append(try element(item, path.key(key).index(i))) }
        return out
    }

    var unknown: JSONObject { JSONObject(object.members.filter { !used.contains($0.key) }) }
}
