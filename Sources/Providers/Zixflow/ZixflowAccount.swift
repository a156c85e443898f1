import WhatsAppModel

extension ZixflowGateway {
    /// The header that carries the workspace id, and the body member that carries the phone id.
    static let workspaceHeader = "x-workspace-id"
    static let phoneIDMember = "phone_id"

    public var profileKeys: [ProfileKey] {
        [ProfileKey("workspace_id", .accountID, wirePlace: .header(Self.workspaceHeader), requiredAs: "the workspace id (x-workspace-id)"),
         ProfileKey("phone_id", .accountID, wirePlace: .bodyMember(Self.phoneIDMember), requiredAs: "the WhatsApp phone id")]
    }

    public var sampleAccount: SampleAccount {
        SampleAccount(values: ["workspace_id": "ws_sample", "phone_id": "100000000000001"], secret: "zx-sample-wacon-key")
    }

    /// Where delivery postbacks go, and what they carry back; both are members of the body.
    public var optionKeys: [VendorOptionKey] {
        [VendorOptionKey("post_back_url", fieldPath: "post_back_url", formLabel: "post_back_url"),
         VendorOptionKey("post_back_data", fieldPath: "post_back_data", formLabel: "post_back_data")]
    }

    public func optionsNotCarried(by gatewayName: String) -> Finding? {
        Finding(.warning, "post_back_url", .gatewayCapability, "post_back_url and post_back_data are Zixflow's; \(gatewayName) does not send them")
    }
}

extension ProfileValues {
    /// Zixflow: the workspace id (`workspace_id`, sent as `x-workspace-id`).
    public var workspaceID: String? {
        get { self["workspace_id"] }
        set { self["workspace_id"] = newValue }
    }

    /// Zixflow: the WhatsApp phone id (`phone_id`).
    public var phoneID: String? {
        get { self["phone_id"] }
        set { self["phone_id"] = newValue }
    }
}

extension VendorOptions {
    /// Zixflow `post_back_url`: where delivery postbacks go.
    public var postBackURL: String? {
        get { self["post_back_url"] }
        set { self["post_back_url"] = newValue }
    }

    /// Zixflow `post_back_data`: what the postbacks carry back.
    public var postBackData: String? {
        get { self["post_back_data"] }
        set { self["post_back_data"] = newValue }
    }
}
