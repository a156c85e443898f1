#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// The message templates of the sandbox's accounts, one library per gateway, as if approved on
/// each account. Every library starts with the seeded templates (`seed`); more are added with
/// `wacon sandbox --templates FILE` or `POST /_sandbox/templates`. A gateway with a template
/// listing API (Meta) serves its library through it.
public struct SandboxTemplateLibrary: Sendable {
    private var libraries: [GatewayID: [StoredTemplate]]
    /// Where each name and language sits in its library, so adding many stays linear.
    private var positions: [GatewayID: [TemplateKey: Int]]
    /// Each library read as definitions, for checking template sends: made when it changes,
    /// not on every send.
    private var definitions: [GatewayID: TemplateLibrary]

    /// Every gateway's library holding the seeded templates (or nothing, when `seeded` is false).
    public init(seeded: Bool = true) {
        let start = seeded ? Self.seed : []
        let index = Dictionary(uniqueKeysWithValues: start.enumerated().map { ($1.key, $0) })
        libraries = Dictionary(uniqueKeysWithValues: GatewayID.allCases.map { ($0, start) })
        positions = Dictionary(uniqueKeysWithValues: GatewayID.allCases.map { ($0, index) })
        let checked = TemplateLibrary(stored: start)
        definitions = Dictionary(uniqueKeysWithValues: GatewayID.allCases.map { ($0, checked) })
    }

    /// `gateway`'s library as definitions: what a template send is checked against.
    public func library(for gateway: GatewayID) -> TemplateLibrary { definitions[gateway] ?? TemplateLibrary() }

    /// The templates of `gateway`'s account, in the order they were added.
    public func templates(for gateway: GatewayID) -> [StoredTemplate] { libraries[gateway] ?? [] }

    /// Adds `templates` to each of `gateways`' libraries; one with the name and language of a
    /// template already there replaces it in place (as editing an approved template does).
    /// Nothing changes when a library would then hold more than `maxPerGateway` templates.
    @discardableResult
    public mutating func add(_ templates: [StoredTemplate], to gateways: [GatewayID], maxPerGateway: Int) throws(SandboxTemplateError) -> TemplateAddition {
        // Checked for every gateway first, so a refusal changes no library.
        for g in gateways {
            let known = positions[g] ?? [:]
            let new = Set(templates.map(\.key)).filter { known[$0] == nil }.count
            if (libraries[g]?.count ?? 0) + new > maxPerGateway { throw .libraryFull(gateway: g, max: maxPerGateway) }
        }
        var addition = TemplateAddition(added: 0, replaced: 0, gateways: gateways)
        for g in gateways {
            var list = libraries[g] ?? []
            var index = positions[g] ?? [:]
            for t in templates {
                if let i = index[t.key] {
                    list[i] = t
                    if g == gateways.first { addition.replaced += 1 }
                } else {
                    index[t.key] = list.count
                    list.append(t)
                    if g == gateways.first { addition.added += 1 }
                }
            }
            libraries[g] = list
            positions[g] = index
            definitions[g] = TemplateLibrary(stored: list)
        }
        return addition
    }

    /// The seeded templates (`SandboxTemplateSeed.swift`), parsed on first use.
    public static let seed: [StoredTemplate] = {
        do { return try StoredTemplate.parseCollection(Array(seedJSON.utf8)) } catch {
            // The seed is wacon's own text: a test reads it, so this is never reached in a release.
            fatalError("the sandbox's seeded templates do not read: \(error)")
        }
    }()
}

/// What adding templates did (counted for the first library: every library gets the same).
public struct TemplateAddition: Sendable, Hashable {
    /// Templates new to the library.
    public var added: Int
    /// Templates that replaced one of the same name and language.
    public var replaced: Int
    /// The gateways whose libraries they went to.
    public var gateways: [GatewayID]

    /// `{"added", "replaced", "gateways"}`, as the control endpoint answers.
    public var json: JSONValue {
        ["added": .number(JSONNumber(added)), "replaced": .number(JSONNumber(replaced)),
         "gateways": .array(gateways.map { .string($0.rawValue) })]
    }
}

/// Why templates cannot be added to the sandbox.
public enum SandboxTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The library would hold more than `SandboxLimits.templatesPerGateway` templates.
    case libraryFull(gateway: GatewayID, max: Int)

    public var description: String {
        switch self {
        case .libraryFull(let g, let max):
            return "the sandbox holds at most \(max) templates per gateway; \(g.rawValue)'s library would hold more"
        }
    }
}

/// `POST /_sandbox/templates[?gateway=G]`: templates in any shape `wacon templates import`
/// reads (an array, a page `{"data": [...]}`, an array of pages), checked whole.
struct TemplateUpload: Sendable {
    var templates: [StoredTemplate]

    init(_ bytes: [UInt8]) throws(ControlInputError) {
        do { templates = try StoredTemplate.parseCollection(bytes) } catch {
            throw ControlInputError(field: error.path == .root ? nil : error.path.description, reason: error.reason)
        }
        if templates.isEmpty {
            throw ControlInputError(reason: "no templates: expected an array of template objects, a page {\"data\": [...]}, or an array of pages")
        }
    }

    /// The gateways a `gateway` query names: one, or every gateway when absent.
    static func gateways(_ query: String?) throws(ControlInputError) -> [GatewayID] {
        guard let query else { return GatewayID.allCases }
        guard let g = GatewayID(rawValue: query.lowercased()) else {
            throw ControlInputError(field: "gateway", reason: "one of \(GatewayID.allCases.map(\.rawValue).joined(separator: ", ")); found \(ControlBody.describe(.string(query)))")
        }
        return [g]
    }
}
