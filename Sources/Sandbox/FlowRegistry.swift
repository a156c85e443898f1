#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// A Flow the sandbox knows, as if created on the WhatsApp Business Account: Meta's numeric id,
/// its name, and its Flow JSON.
public struct RegisteredFlow: Sendable {
    /// A numeric string, like the ids Meta hands out.
    public var id: String
    public var name: String
    public var document: FlowDocument

    public init(id: String, name: String, document: FlowDocument) {
        self.id = id
        self.name = name
        self.document = document
    }

    /// The screen ids in document order.
    public var screenIDs: [String] { document.screens.map(\.id) }

    /// `{"id", "name", "screens"}`, for the control routes.
    public var summaryJSON: JSONValue {
        ["id": .string(id), "name": .string(name), "screens": .array(screenIDs.map(JSONValue.string))]
    }
}

/// Why a Flow could not be registered.
public enum FlowRegistrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not a Flow JSON object (the load error carries line:column).
    case invalidFlowJSON(FlowLoadError)
    /// Meta's Flow ids are numbers; the sandbox keeps to that so sends look real.
    case invalidID(String)
    /// Names are unique within an account (Meta: "Flow name is not unique").
    case nameTaken(name: String, id: String)
    /// A Flow with no screen (or none with an id) cannot be opened.
    case noScreens(name: String)
    /// The sandbox holds as many Flows, or as much Flow JSON, as it takes
    /// (`SandboxLimits.registeredFlows`, `registeredFlowBytes`).
    case registryFull(flows: Int, bytes: Int)

    public var description: String {
        switch self {
        case .invalidFlowJSON(let e): return "invalid Flow JSON: \(e)"
        case .invalidID(let id): return "a Flow id is a number such as 1234567890123456, not \"\(id)\""
        case .nameTaken(let name, let id): return "a Flow named \"\(name)\" is already registered with id \(id)"
        case .noScreens(let name): return "Flow \"\(name)\" has no screen with an id"
        case .registryFull(let flows, let bytes):
            return "the sandbox holds at most \(flows) Flows and \(InputFile.describe(bytes)) of Flow JSON; register a Flow under an existing id or name to replace it"
        }
    }
}

/// Why the sandbox refuses a flow message: the problem in Meta's words and the field at fault.
public struct FlowRejection: Sendable, Equatable {
    /// Meta's field path, e.g. `interactive.action.parameters.flow_id`.
    public var path: String
    public var details: String
}

/// The Flows the sandbox knows. While it is empty the sandbox checks no flow ids (a plausible
/// "no Flows known" mode, so sends naming arbitrary ids keep working); once any Flow is
/// registered, a flow message must name a known Flow and, when it names a first screen, one of
/// that Flow's screens.
public struct FlowRegistry: Sendable {
    public private(set) var flows: [RegisteredFlow] = []

    public init() {}

    public var isEmpty: Bool { flows.isEmpty }

    public func flow(id: String) -> RegisteredFlow? { flows.first { $0.id == id } }
    public func flow(name: String) -> RegisteredFlow? { flows.first { $0.name == name } }

    /// The Flow a flow message names, by `flow_id` or `flow_name`.
    public func flow(for action: FlowAction) -> RegisteredFlow? {
        if let id = action.flowID { return flow(id: id) }
        if let name = action.flowName { return flow(name: name) }
        return nil
    }

    /// Registers a Flow. The id defaults to a 16-digit number derived from the name (so
    /// restarting the sandbox with the same files keeps the ids scripts were written against);
    /// the name defaults to `flow_<id>`. Registering an id again replaces that Flow.
    @discardableResult
    public mutating func register(id: String?, name: String?, document: FlowDocument) throws(FlowRegistrationError) -> RegisteredFlow {
        if let id, id.isEmpty || id.count > 20 || !id.allSatisfy(\.isASCIIDigit) { throw .invalidID(id) }
        let name = name.flatMap { $0.isEmpty ? nil : $0 } ?? id.map { "flow_\($0)" } ?? "flow_\(flows.count + 1)"
        guard document.screens.contains(where: { !$0.id.isEmpty }) else { throw .noScreens(name: name) }
        var chosen = id ?? Self.defaultID(for: name)
        if id == nil {
            // Another name hashing to the same id is unlikely but possible: step past it.
            while let other = flow(id: chosen), other.name != name {
                let next = (UInt64(chosen) ?? 0) + 1
                chosen = String(next > 9_999_999_999_999_999 ? 1_000_000_000_000_000 : next)
            }
        }
        if let other = flow(name: name), other.id != chosen { throw .nameTaken(name: name, id: other.id) }
        let entry = RegisteredFlow(id: chosen, name: name, document: document)
        if let i = flows.firstIndex(where: { $0.id == chosen }) { flows[i] = entry } else { flows.append(entry) }
        return entry
    }

    /// Parses Flow JSON bytes and registers them.
    @discardableResult
    public mutating func register(id: String?, name: String?, flowJSON bytes: [UInt8], fileName: String = "") throws(FlowRegistrationError) -> RegisteredFlow {
        let document: FlowDocument
        do { document = try FlowDocument.parse(bytes, fileName: fileName) } catch { throw .invalidFlowJSON(error) }
        return try register(id: id, name: name, document: document)
    }

    /// A 16-digit id for `name`: FNV-1a of its UTF-8, folded into 1000000000000000…9999999999999999.
    public static func defaultID(for name: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return String(1_000_000_000_000_000 + hash % 9_000_000_000_000_000)
    }

    /// Meta's objection to a message, or nil. Only interactive flow messages are checked:
    /// template flow buttons do not name their Flow on send (the template does).
    public func check(_ message: OutboundMessage) -> FlowRejection? {
        guard !isEmpty, case .interactive(let i) = message.content, case .flow(let a) = i.action else { return nil }
        let parameters = "interactive.action.parameters"
        guard let flow = flow(for: a) else {
            if let id = a.flowID {
                return FlowRejection(path: "\(parameters).flow_id", details: "Flow with ID \(id) does not exist or is not accessible with this account")
            }
            if let name = a.flowName {
                return FlowRejection(path: "\(parameters).flow_name", details: "No Flow named \"\(name)\" on this account")
            }
            return nil  // neither given: the validator already refused it
        }
        if a.flowAction == "data_exchange", !flow.document.hasEndpoint {
            return FlowRejection(path: "\(parameters).flow_action",
                                 details: "Flow \(flow.id) (\"\(flow.name)\") has no endpoint, so flow_action cannot be data_exchange")
        }
        if let screen = a.screen, flow.document.screen(screen) == nil {
            return FlowRejection(path: "\(parameters).flow_action_payload.screen",
                                 details: "Screen \"\(screen)\" is not a screen of Flow \(flow.id) (\"\(flow.name)\"); its screens are \(flow.screenIDs.joined(separator: ", "))")
        }
        return nil
    }
}

extension FlowRejection {
    /// Meta's answer, and each reseller's relay of it. Meta does not document the send-time
    /// error for an unknown Flow or screen; 131009 "Parameter value is not valid" with the
    /// problem in `error_data.details` is plausible (the code Meta uses for a bad value in a
    /// send, and the one reported for failing Flow sends). Resellers pass Meta's code on in
    /// their own error shape, as they relay every other Meta error.
    func reply(_ vendor: any GatewayEmulation) -> EmulatedReply {
        let base = MetaErrorCatalogue.entry(code: 131009)
        let entry = CatalogueEntry("131009", base?.title ?? "Parameter value is not valid", http: 400, base?.category ?? .validation,
                                   base?.retry ?? .fixRequest, "\(path): \(details)")
        return vendor.relay(entry)
    }
}
