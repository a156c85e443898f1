import WhatsAppModel

extension FlowIQGateway {
    /// The query parameter that carries the tenant.
    static let tenantParameter = "tenantId"
    /// What every FlowIQ API key starts with.
    static let keyPrefix = "fiq_"

    public var profileKeys: [ProfileKey] {
        [ProfileKey("tenant_id", .accountID, wirePlace: .query(Self.tenantParameter))]
    }

    public var sampleAccount: SampleAccount {
        SampleAccount(values: ["tenant_id": "acme"], secret: "fiq_sampleWaconSandboxKey")
    }

    public func profileFindings(_ profile: Profile, environment: [String: String]?) -> [Finding] {
        var out: [Finding] = []
        // FlowIQ's parameter table marks tenantId required, its own curl examples send none: what
        // its examples send is accepted, so a profile without it is advice, not a refusal.
        if profile.values.tenantID?.isEmpty ?? true {
            out.append(Finding(.warning, FieldPath("profile \(profile.name)").key("tenant_id"), .profile,
                               "FlowIQ's reference marks tenantId required (its curl examples leave it out): set tenant_id in the profile"))
        }
        if let key = profile.resolvedSecret(environment: environment)?.value, !key.hasPrefix(Self.keyPrefix) {
            out.append(Finding(.warning, FieldPath("profile \(profile.name)").key("secret"), .profile, "FlowIQ accepts only keys that start with fiq_"))
        }
        return out
    }
}

extension ProfileValues {
    /// FlowIQ: the organisation's tenant slug (`tenant_id`, sent as `tenantId`).
    public var tenantID: String? {
        get { self["tenant_id"] }
        set { self["tenant_id"] = newValue }
    }
}
