/// The gateways wacon speaks. Adding one is a folder beside `Meta/` and the others, a case here
/// and its line in `gateway`: nothing else in wacon names the gateways one by one.
public enum GatewayID: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case meta, kaleyra, flowiq, botika, zixflow

    public var description: String { rawValue }

    /// The adapter for this gateway.
    public var gateway: any Gateway {
        switch self {
        case .meta: return MetaCloudGateway()
        case .kaleyra: return KaleyraGateway()
        case .flowiq: return FlowIQGateway()
        case .botika: return BotikaGateway()
        case .zixflow: return ZixflowGateway()
        }
    }
}

/// What is read across every gateway, in `GatewayID` order.
public enum GatewayRegistry {
    /// Every gateway.
    public static let all: [any Gateway] = GatewayID.allCases.map(\.gateway)

    /// Every vendor option any gateway carries, gateway by gateway: the order options are
    /// written in (history, saved messages, import).
    public static let optionKeys: [VendorOptionKey] = all.flatMap(\.optionKeys)

    /// Every gateway's profile keys, gateway by gateway: the order profile values are listed in.
    public static let profileKeys: [ProfileKey] = all.flatMap(\.profileKeys)

    /// The API hosts that name a gateway in a pasted URL.
    public static let apiHosts: [GatewayHost] = all.flatMap(\.apiHosts)

    /// Every gateway's status-callback decoder, once each (FlowIQ relays Meta's shape), in
    /// order, with the catch-all ones last.
    static let statusDecoders: [StatusCallbackDecoder] = {
        var seen: Set<String> = []
        let distinct = all.compactMap(\.statusDecoder).filter { seen.insert($0.shape).inserted }
        return distinct.filter { $0.recognises != nil } + distinct.filter { $0.recognises == nil }
    }()
}
