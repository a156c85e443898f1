/// `voice_call`: a button that starts a WhatsApp call to the business. Every parameter is
/// optional; Meta fills in the button text ("Call Now") and the time to live (7 days).
public struct VoiceCallAction: Sendable, Hashable {
    public var name: String?
    /// `parameters`, when written.
    public var parameters: VoiceCallParameters?
    public var unknownFields: JSONObject = [:]

    public init(parameters: VoiceCallParameters? = nil) {
        self.name = "voice_call"
        self.parameters = parameters
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        name = try r.string("name")
        parameters = try r.nested("parameters", VoiceCallParameters.init)
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.set("name", name.map(JSONValue.string))
        o.set("parameters", parameters?.json)
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// A call button's `parameters`.
public struct VoiceCallParameters: Sendable, Hashable {
    /// The button's text; Meta's default is "Call Now".
    public var displayText: String?
    /// How long the button can be tapped, in minutes, as written (Meta documents an integer;
    /// kept as written so another type is reported rather than changed).
    public var ttlMinutes: JSONValue?
    /// Returned as `cta_payload` in the calls webhooks; Cloud API does not read it.
    public var payload: String?
    public var unknownFields: JSONObject = [:]

    public init(displayText: String? = nil, ttlMinutes: Int? = nil, payload: String? = nil) {
        self.displayText = displayText
        self.ttlMinutes = ttlMinutes.map { .number(JSONNumber($0)) }
        self.payload = payload
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        displayText = try r.string("display_text")
        ttlMinutes = r.raw("ttl_minutes")
        payload = try r.string("payload")
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.set("display_text", displayText.map(JSONValue.string))
        o.set("ttl_minutes", ttlMinutes)
        o.set("payload", payload.map(JSONValue.string))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// `address_message` (India): asks the customer for a delivery address in a native form, which
/// `values` can prefill, `saved_addresses` can offer choices for, and `validation_errors` can
/// mark when the business re-sends it after checking an answer.
public struct AddressMessageAction: Sendable, Hashable {
    public var name: String?
    /// `parameters`, when written (Meta requires it: it carries the country).
    public var parameters: AddressMessageParameters?
    public var unknownFields: JSONObject = [:]

    public init(parameters: AddressMessageParameters) {
        self.name = "address_message"
        self.parameters = parameters
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        name = try r.string("name")
        parameters = try r.nested("parameters", AddressMessageParameters.init)
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.set("name", name.map(JSONValue.string))
        o.set("parameters", parameters?.json)
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// An address message's `parameters`. The address fields (`values`, each saved address's
/// `value`, `validation_errors`) are kept as their JSON objects: their members are the
/// country's form fields, checked by the validator against the ones Meta lists.
public struct AddressMessageParameters: Sendable, Hashable {
    /// ISO 3166 country code; Meta supports `IN` only.
    public var country: String?
    /// Prefilled form fields, by field name.
    public var values: JSONValue?
    public var savedAddresses: [SavedAddress]?
    /// Messages to show at form fields, by field name.
    public var validationErrors: JSONValue?
    public var unknownFields: JSONObject = [:]

    public init(country: String = "IN", values: JSONObject? = nil, savedAddresses: [SavedAddress]? = nil, validationErrors: JSONObject? = nil) {
        self.country = country
        self.values = values.map(JSONValue.object)
        self.savedAddresses = savedAddresses
        self.validationErrors = validationErrors.map(JSONValue.object)
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        country = try r.string("country")
        values = r.raw("values")
        savedAddresses = try r.array("saved_addresses", SavedAddress.init)
        validationErrors = r.raw("validation_errors")
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.set("country", country.map(JSONValue.string))
        o.set("values", values)
        o.set("saved_addresses", savedAddresses.map { .array($0.map(\.json)) })
        o.set("validation_errors", validationErrors)
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// One of an address message's `saved_addresses`: an id of the business's choosing and the
/// address's fields.
public struct SavedAddress: Sendable, Hashable {
    public var id: String?
    public var value: JSONValue?
    public var unknownFields: JSONObject = [:]

    public init(id: String, value: JSONObject) {
        self.id = id
        self.value = .object(value)
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        id = try r.string("id")
        value = r.raw("value")
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.set("id", id.map(JSONValue.string))
        o.set("value", value)
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}
