import ArgumentParser
import Config
import Providers
import WhatsAppModel

/// `wacon gateways`: which gateway carries which kind and feature.
struct Gateways: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the capability matrix: message kinds and features per gateway.",
        discussion: """
            user-id-recipient is a business-scoped user id in recipient (US.1349…) instead of a
            number in to; identity-check is recipient_identity_key_hash; direct-send is category
            and ttl_seconds; marketing-messages is Meta's marketing messages endpoint (the
            endpoint option); mark-read is wacon mark-read (with --typing).
            status-callback is a status URL given with each message (Zixflow's post_back_url);
            the statuses row says how each gateway's statuses come back: webhook (the app's, set up
            once: Meta), callback (set up per account: Kaleyra), postback (the URL per message),
            - (none documented).
            """)

    @Flag(help: "Print the matrix as JSON.")
    var json = false

    func run() {
        let gateways = GatewayID.allCases.map(\.gateway)
        if json {
            printJSON(.array(gateways.map { g in
                ["id": .string(g.id.rawValue), "name": .string(g.displayName),
                 "kinds": .array(g.capabilities.kinds.map { .string($0.rawValue) }),
                 "features": .array(GatewayFeature.allCases.filter { g.capabilities.features.contains($0) }.map { .string($0.rawValue) }),
                 "statuses": g.capabilities.statuses == .undocumented ? .null : .string(g.capabilities.statuses.rawValue)]
            }))
            return
        }
        let rows: [(String, (any Gateway) -> Bool)] =
            MessageKind.allCases.map { k in (k.rawValue, { $0.capabilities.carries(k) }) }
            + GatewayFeature.allCases.map { f in (f.rawValue, { $0.capabilities.features.contains(f) }) }
        let width = rows.map(\.0.count).max()! + 2
        var header = "".fixedWidth(width)
        for g in gateways { header += g.id.rawValue.fixedWidth(9) }
        print(header)
        for (i, (name, test)) in rows.enumerated() {
            if i == MessageKind.allCases.count { print("") }
            var line = name.fixedWidth(width)
            for g in gateways { line += (test(g) ? "yes" : "-").fixedWidth(9) }
            print(line)
        }
        // How statuses come back: Meta's by webhook, not by a per-message URL (status-callback).
        var statuses = "statuses".fixedWidth(width)
        for g in gateways { statuses += g.capabilities.statuses.rawValue.fixedWidth(9) }
        print(statuses)
    }
}

/// `wacon profiles`: every profile, secrets masked.
struct Profiles: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List profiles (built-in and from the config) with secrets masked.")

    @Option(help: "Config file (default: $XDG_CONFIG_HOME/wacon/config.toml).")
    var config: String?

    @Flag(help: "Print as JSON.")
    var json = false

    func run() throws {
        let configuration = try loadConfig(config, lead: "config: ")
        var out: [JSONValue] = []
        for p in configuration.profiles {
            var o = JSONObject()
            o.append("name", .string(p.name))
            o.append("gateway", .string(p.gateway.rawValue))
            o.append("source", .string(p.isBuiltIn ? "built-in" : configuration.file ?? "config"))
            o.append("endpoint", .string(p.gateway.gateway.endpoint(profile: p)))
            for key in p.gateway.gateway.profileKeys where key.role != .context {
                o.set(key.name, p.values[key.name].map(JSONValue.string))
            }
            let secret: String
            switch p.secret {
            case nil: secret = "none"
            case .env(let name)?: secret = "env:\(name) " + (p.resolvedSecret().map { "(set, \($0.masked))" } ?? "(unset)")
            case .inline?: secret = "inline " + (p.resolvedSecret()?.masked ?? "")
            }
            o.append("secret", .string(secret))
            let problems = p.findings()
            if !problems.isEmpty { o.append("findings", .array(problems.map(\.json))) }
            out.append(.object(o))
        }
        if json { printJSON(.array(out)); return }
        for case .object(let o) in out {
            print("\(o["name"]!.stringValue!)  [\(o["gateway"]!.stringValue!), \(o["source"]!.stringValue!)]")
            for (k, v) in o where !["name", "gateway", "source", "findings"].contains(k) {
                print("  \(k.fixedWidth(16)) \(v.stringValue ?? "")")
            }
            if let f = o["findings"]?.arrayValue {
                for item in f { print("  ! \(item["severity"]!.stringValue!): \(item["message"]!.stringValue!)") }
            }
        }
    }
}
