/// One contact card of a `contacts` message: the full vCard-like object Meta defines.
public struct ContactCard: Sendable, Hashable {
    public var name: ContactName
    public var phones: [ContactPhone]?
    public var emails: [ContactEmail]?
    public var urls: [ContactURL]?
    public var addresses: [ContactAddress]?
    public var org: ContactOrg?
    /// `YYYY-MM-DD`.
    public var birthday: String?
    public var unknownFields: JSONObject = [:]

    public init(name: ContactName, phones: [ContactPhone]? = nil) {
        self.name = name
        self.phones = phones
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        name = try r.nested("name", ContactName.init) ?? ContactName()
        phones = try r.array("phones", ContactPhone.init)
        emails = try r.array("emails", ContactEmail.init)
        urls = try r.array("urls", ContactURL.init)
        addresses = try r.array("addresses", ContactAddress.init)
        org = try r.nested("org", ContactOrg.init)
        birthday = try r.string("birthday")
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("name", name.json)
        o.set("phones", phones.map { .array($0.map(\.json)) })
        o.set("emails", emails.map { .array($0.map(\.json)) })
        o.set("urls", urls.map { .array($0.map(\.json)) })
        o.set("addresses", addresses.map { .array($0.map(\.json)) })
        o.set("org", org?.json)
        o.set("birthday", birthday.map(JSONValue.string))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// Reads and writes a flat object of optional string fields, in a fixed order. The contact
/// sub-objects are all of this shape.
protocol StringFieldsObject {
    static var fieldNames: [String] { get }
    var fields: [String: String] { get set }
    var unknownFields: JSONObject { get set }
    init()
}

extension StringFieldsObject {
    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        self.init()
        var r = try ObjectReader(json, at: path)
        for name in Self.fieldNames {
            if let v = try r.string(name) { fields[name] = v }
        }
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        for name in Self.fieldNames { o.set(name, fields[name].map(JSONValue.string)) }
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// `name`: `formatted_name` is required, plus at least one other part.
public struct ContactName: Sendable, Hashable, StringFieldsObject {
    static let fieldNames = ["formatted_name", "first_name", "last_name", "middle_name", "suffix", "prefix"]
    public var fields: [String: String] = [:]
    public var unknownFields: JSONObject = [:]
    public init() {}
    public init(formatted: String, first: String? = nil, last: String? = nil) {
        fields["formatted_name"] = formatted
        fields["first_name"] = first
        fields["last_name"] = last
    }
    public var formattedName: String? { fields["formatted_name"] }
}

/// `phones[]`: `phone`, `type` (CELL, MAIN, IPHONE, HOME, WORK), `wa_id`.
public struct ContactPhone: Sendable, Hashable, StringFieldsObject {
    static let fieldNames = ["phone", "type", "wa_id"]
    public var fields: [String: String] = [:]
    public var unknownFields: JSONObject = [:]
    public init() {}
}

/// `emails[]`: `email`, `type` (HOME, WORK).
public struct ContactEmail: Sendable, Hashable, StringFieldsObject {
    static let fieldNames = ["email", "type"]
    public var fields: [String: String] = [:]
    public var unknownFields: JSONObject = [:]
    public init() {}
}

/// `urls[]`: `url`, `type` (HOME, WORK).
public struct ContactURL: Sendable, Hashable, StringFieldsObject {
    static let fieldNames = ["url", "type"]
    public var fields: [String: String] = [:]
    public var unknownFields: JSONObject = [:]
    public init() {}
}

/// `addresses[]`: postal parts, `country_code` (ISO 3166 alpha-2) and `type` (HOME, WORK).
public struct ContactAddress: Sendable, Hashable, StringFieldsObject {
    static let fieldNames = ["street", "city", "state", "zip", "country", "country_code", "type"]
    public var fields: [String: String] = [:]
    public var unknownFields: JSONObject = [:]
    public init() {}
}

/// `org`: `company`, `department`, `title`.
public struct ContactOrg: Sendable, Hashable, StringFieldsObject {
    static let fieldNames = ["company", "department", "title"]
    public var fields: [String: String] = [:]
    public var unknownFields: JSONObject = [:]
    public init() {}
}
