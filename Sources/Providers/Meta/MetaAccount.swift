import WhatsAppModel

extension MetaCloudGateway {
    public var profileKeys: [ProfileKey] {
        [ProfileKey("phone_number_id", .accountID, requiredAs: "the business phone number's Graph id"),
         ProfileKey("business_number", .context, isBusinessNumber: true) { number in
             // Optional, but when given it must be a whole number: validation reads national
             // recipients against it.
             if case .failure(let problem) = PhoneNumber.parse(number) {
                 return .failure(ProfileKeyProblem("the business number with its country code: \(problem)"))
             }
             return .success(number)
         },
         // Optional: a profile without one uses the current version (a note says which).
         ProfileKey("api_version", .setting),
         // Optional: only the template listing (`wacon templates sync`) needs it; sends do not.
         ProfileKey("waba_id", .accountID),
         // Optional: the app secret `wacon listen` checks webhooks' X-Hub-Signature-256 with; a
         // secret reference (`env:NAME`) like the profile's key. Never listed.
         ProfileKey("app_secret", .context)]
    }

    public var sampleAccount: SampleAccount {
        SampleAccount(values: ["phone_number_id": "106540352242922", "business_number": "+15551234567", "api_version": GraphAPIVersions.current,
                               "waba_id": "102290129340398"],
                      secret: "EAAsampleWaconSandboxToken0000")
    }

    public func profileFindings(_ profile: Profile, environment: [String: String]?) -> [Finding] {
        let path = FieldPath("profile \(profile.name)").key("api_version")
        guard let v = profile.apiVersion else {
            return [Finding(.note, path, .defaulted, "no api_version: wacon sends to \(GraphAPIVersions.current)", actual: "\"\(GraphAPIVersions.current)\"")]
        }
        guard Self.isGraphVersion(v) else {
            return [Finding(.error, path, .profile, "api_version looks like \(GraphAPIVersions.current)", actual: "\"\(v)\"")]
        }
        return GraphAPIVersions.findings(for: v, at: path)
    }

    /// `v` then digits, a dot, digits: `v23.0`.
    static func isGraphVersion(_ v: String) -> Bool {
        let parts = v.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return v.first == "v" && parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    }
}

extension ProfileValues {
    /// Meta: the business number's Graph id (`phone_number_id`).
    public var phoneNumberID: String? {
        get { self["phone_number_id"] }
        set { self["phone_number_id"] = newValue }
    }

    /// Meta: the business number itself, as dialled (`business_number`): optional, it tells
    /// where Meta would send a number written without its country code.
    public var metaBusinessNumber: String? {
        get { self["business_number"] }
        set { self["business_number"] = newValue }
    }

    /// Meta: the WhatsApp Business Account id (`waba_id`), which owns the templates.
    public var wabaID: String? {
        get { self["waba_id"] }
        set { self["waba_id"] = newValue }
    }

    /// Meta: the Graph API version (`api_version`, `v25.0`).
    public var apiVersion: String? {
        get { self["api_version"] }
        set { self["api_version"] = newValue }
    }
}
