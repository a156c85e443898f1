import WhatsAppModel

extension FlowIQGateway {
    /// The query parameter that carries the tenant.
    static let tenantParameter = "tenantId"
    /// What every FlowIQ API key starts with.
    static let keyPrefix = "fiq_"

    public var profileKeys: [ProfileKey] {
        // The seed's curl examples omit tenantId while its parameter table marks it required:
        // the stricter rule wins, so a profile without it is an error.
        [ProfileKey("tenant_id", .accountID, wirePlace: .query(Self.tenantParameter), requiredAs: "the organisation's tenant id (tenantId)")]
    }

    public var sampleAccount: SampleAccount {
        SampleAccount(values: ["tenant_id": "acme"], secret: "fiq_sampleWaconSandboxKey")
    }

    public func profileFindings(_ profile: Profile, environment: [String: String]?) -> [Finding] {
        guard let key = profile.resolvedSecret(environment: environment)?.value, !key.hasPrefix(Self.keyPrefix) else { return [] }
        return [Finding(.warning, FieldPath("profile \(profile.name)").key("secret"), .profile, "FlowIQ accepts only keys that start with fiq_")]
    }
}

extension ProfileValues {
    /// FlowIQ: the organisation's tenant slug (`tenant_id`, sent as `tenantId`).
    public var tenantID: String? {
        get { self["tenant_id"] }
        set { self["tenant_id"] = newValue }
    }
}
