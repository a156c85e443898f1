import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Providers
import Sandbox
import WhatsAppModel

/// `wacon sandbox`: the sandbox, standalone.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run the local sandbox that speaks every gateway's API.",
        discussion: """
            Prints each gateway's base URL, test key and account ids. Choose a scenario for every \
            request with --scenario, per request with the X-Wacon-Scenario header, at run time with \
            POST /_sandbox/scenario {"name": "..."}, or by sending to a magic number.

            Flows: --flow registers a Flow JSON file (repeatable) as FILE, NAME=FILE, ID=FILE or \
            NAME@ID=FILE. The name defaults to the file's base name, the id to a 16-digit number \
            derived from the name (the same on every start). Once any Flow is registered, flow \
            messages must name one (flow_id or flow_name) and one of its screens, or get Meta's \
            error 131009. POST /_sandbox/flows {"name", "id"?, "flow_json"} registers more; \
            POST /_sandbox/flows/complete {"message_id", "response"?} plays the customer who \
            completes the Flow: it posts the nfm_reply webhook where the send's statuses go.

            Customers: each has a 24-hour customer-service window. A free-form message to a \
            customer who has not written in 24 hours is accepted, then fails with 131047 (templates \
            are always taken); the named customers (GET /_sandbox/customers) start open, every \
            other number closed. POST /_sandbox/inbound {"from", "message"} plays the customer \
            writing (which opens the window) and posts Meta's webhook; --window off turns the \
            rule off.
            """
    )

    @Option(help: "Port (0: any free port).") var port: Int = 8790
    @Option(help: "Address to listen on (loopback by default).") var host: String = "127.0.0.1"
    @Option(help: "Scenario for every request.") var scenario: String?
    @Option(name: .customLong("webhook-url"), help: "Where Meta webhooks and Kaleyra callbacks go.") var webhookURL: String?
    @Option(name: .customLong("app-secret"), help: "Signs Meta webhooks (X-Hub-Signature-256).") var appSecret: String = "wacon-sandbox-app-secret"
    @Option(name: .customLong("status-delay"), help: "Milliseconds between statuses.") var statusDelay: Int = 100
    @Option(name: .customLong("flow"), help: ArgumentHelp("Register a Flow JSON file (repeatable): FILE, NAME=FILE, ID=FILE or NAME@ID=FILE.", valueName: "[NAME@ID=]FILE"))
    var flows: [String] = []
    @Option(name: .customLong("templates"), help: ArgumentHelp("Add the templates of a JSON file to every gateway's library (repeatable): an array of Meta's template objects, a page {\"data\": [...]}, or an array of pages.", valueName: "FILE"))
    var templateFiles: [String] = []
    @Option(name: .customLong("window"), help: ArgumentHelp("The 24-hour customer-service window: on (a free-form message to a customer who has not written in 24 hours is accepted, then fails with 131047) or off.", valueName: "on|off"))
    var window: WindowSwitch = .on
    @Flag(name: .customLong("list-scenarios"), help: "List the scenarios and their magic numbers, then exit.") var listScenarios = false

    func run() async throws {
        if listScenarios {
            print("scenario".fixedWidth(32) + "magic number   gateways  summary")
            for s in ScenarioCatalogue.all {
                let gw = s.gateways.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? "all"
                print(s.name.fixedWidth(32) + s.magicNumber.fixedWidth(15)
                      + gw.fixedWidth(10) + s.summary)
            }
            return
        }
        var chosen: Scenario?
        if let scenario {
            guard let s = ScenarioCatalogue.named(scenario) else {
                printError("wacon: unknown scenario \"\(scenario)\"; --list-scenarios lists them")
                throw Exit.input
            }
            chosen = s
        }
        // Read every Flow before listening, so a bad file stops the start with its line:column.
        var documents: [(spec: FlowSpec, document: FlowDocument)] = []
        for arg in flows {
            let spec = FlowSpec(arg)
            if let id = spec.id, id.isEmpty || !id.allSatisfy(\.isASCIIDigit) {
                printError("wacon: --flow \(arg): a Flow id is a number such as 1234567890123456, not \"\(id)\"")
                throw Exit.input
            }
            do {
                documents.append((spec, try FlowDocument.load(path: spec.path)))
            } catch {
                printError("wacon: --flow: \(error)")
                throw Exit.input
            }
        }
        // Every template file too: a bad one stops the start with its field path.
        var templates: [StoredTemplate] = []
        for path in templateFiles {
            let bytes = try readInput(path, limit: TemplatesImport.fileLimit)
            do { templates += try StoredTemplate.parseCollection(bytes) } catch {
                printError("wacon: --templates \(path)\(error.position.map { ":\($0.line):\($0.column)" } ?? ""): \(error)")
                throw Exit.input
            }
        }
        let server: SandboxServer
        do {
            server = try await SandboxServer.start(host: host, port: port,
                settings: SandboxSettings(scenario: chosen, webhookURL: webhookURL, appSecret: appSecret, statusDelay: .milliseconds(statusDelay),
                                          windowRule: window == .on))
        } catch {
            printError("wacon: cannot listen on \(host):\(port): \(ListenFailure.describe(error))")
            throw Exit.input
        }
        print("wacon sandbox on \(server.baseURL)\(chosen.map { "  scenario: \($0.name)" } ?? "")")
        for g in GatewayID.allCases {
            let p = server.profile(for: g)
            print("  \(g.rawValue.fixedWidth(8)) \(g.gateway.endpoint(profile: p))")
            var ids = ["key \(p.resolvedSecret()?.value ?? "")"]
            for key in g.gateway.profileKeys where key.role == .accountID {
                if let v = p.values[key.name] { ids.append("\(key.name) \(v)") }
            }
            print("           " + ids.joined(separator: "  "))
        }
        print("  control  GET \(server.baseURL)/_sandbox/scenarios, POST \(server.baseURL)/_sandbox/scenario {\"name\": …}")
        // A test secret, not a real one: a receiver (`wacon listen --app-secret`) needs it to take the webhooks.
        print("  webhooks " + (webhookURL.map { "to \($0), " } ?? "to each send's callback (POST /_sandbox/config {\"webhook_url\"} sets one), ")
              + (appSecret == SandboxSettings().appSecret ? "signed with the test app secret \"\(appSecret)\"" : "signed with the app secret of --app-secret"))
        print("  customers window \(window.rawValue): GET \(server.baseURL)/_sandbox/customers[/NUMBER], POST it {\"customer\", \"window\": \"open\"|\"closed\"}; "
              + "play one: POST \(server.baseURL)/_sandbox/inbound {\"from\": \"+27825550100\", \"message\": {\"type\": \"text\", \"text\": {\"body\": \"hi\"}}}")
        let limits = server.limits
        print("  limits   bodies \(InputFile.describe(limits.sendBodyBytes)) (sends), \(InputFile.describe(limits.flowBodyBytes)) (flows); "
              + "\(limits.connections) connections; idle connections closed after \(limits.idleTimeout.components.seconds) s")
        if !documents.isEmpty {
            print("  flows    POST \(server.baseURL)/_sandbox/flows/complete {\"message_id\": …, \"response\"?: {…}}")
        }
        for (spec, document) in documents {
            do {
                let flow = try await server.registerFlow(id: spec.id, name: spec.name, document: document)
                print("           flow_id \(flow.id)  flow_name \(flow.name)  screens \(flow.screenIDs.joined(separator: ", "))  (\(spec.path))")
            } catch {
                printError("wacon: --flow \(spec.path): \(error)")
                await server.stop()
                throw Exit.input
            }
        }
        if !templates.isEmpty {
            do { try await server.addTemplates(templates) } catch {
                printError("wacon: --templates: \(error)")
                await server.stop()
                throw Exit.input
            }
        }
        let library = await server.templates(for: .meta).count
        print("  templates \(library) in each gateway's library: GET \(server.baseURL)/_sandbox/templates[?gateway=G], POST it to add; "
              + "Meta lists them at GET /{version}/{waba-id}/message_templates")
        print("Ctrl-C stops it.")
        fflush(nil)
        // Ctrl-C and SIGTERM stop the server cleanly.
        await StopSignal.wait()
        await server.stop()
    }
}

/// `--window on|off`.
enum WindowSwitch: String, ExpressibleByArgument, CaseIterable {
    case on, off
}

/// One `--flow` argument: `FILE`, `NAME=FILE`, `ID=FILE` or `NAME@ID=FILE`. An argument that is
/// an existing file is a FILE even if its name has `=` or `@` in it.
struct FlowSpec: Equatable {
    var name: String?
    var id: String?
    var path: String

    init(_ arg: String) {
        let expanded = FilePaths.expandingTilde(arg)
        guard !FileManager.default.fileExists(atPath: expanded), let eq = arg.firstIndex(of: "=") else {
            self.init(name: nil, id: nil, path: expanded)
            return
        }
        let label = String(arg[..<eq])
        let path = FilePaths.expandingTilde(String(arg[arg.index(after: eq)...]))
        if let at = label.lastIndex(of: "@") {
            self.init(name: String(label[..<at]), id: String(label[label.index(after: at)...]), path: path)
        } else if !label.isEmpty, label.allSatisfy(\.isASCIIDigit) {
            self.init(name: nil, id: label, path: path)
        } else {
            self.init(name: label, id: nil, path: path)
        }
    }

    init(name: String?, id: String?, path: String) {
        // The name defaults to the file's base name: `appointment.json` → `appointment`.
        self.name = name.flatMap { $0.isEmpty ? nil : $0 } ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        self.id = id
        self.path = path
    }
}
