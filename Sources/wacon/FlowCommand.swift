import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// `wacon flow`: Flow JSON files, checked and summarised. Only translates; the work is
/// `FlowDocument` and `FlowLinter` in WhatsAppModel.
struct FlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract: "Lint a WhatsApp Flow JSON file, or list its screens.",
        subcommands: [FlowLint.self, FlowScreens.self]
    )
}

/// Reads and parses a Flow JSON file (or `-` for standard input). A file that cannot be read or
/// is not a JSON object is reported with line and column, exit status 2.
func readFlow(_ file: String, json: Bool) throws -> FlowDocument {
    do {
        return try FlowDocument.load(path: file)
    } catch {
        if json {
            var o = JSONObject()
            o.append("file", .string(file))
            var e = JSONObject()
            e.set("line", error.position.map { .number(JSONNumber($0.line)) })
            e.set("column", error.position.map { .number(JSONNumber($0.column)) })
            e.append("message", .string(error.reason))
            o.append("error", .object(e))
            printJSON(.object(o))
        }
        let at = error.position.map { ":\($0.line):\($0.column)" } ?? ""
        let what = error.position == nil ? error.reason : "not a valid Flow JSON document: \(error.reason)"
        printError("\(file == "-" ? "standard input" : file)\(at): \(what)")
        throw Exit.input
    }
}

/// `wacon flow lint`: every finding, with line and column.
struct FlowLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a Flow JSON file against Meta's rules; every finding with line and column.",
        discussion: """
            Checks versions, screens, routing, ${data.…}/${form.…} references, declared data and examples, component limits and counts. Lengths are counted in UTF-16 units.

            Exit status: 0 no errors (warnings allowed), 1 errors, 2 the file is unreadable or not a JSON object.

            Examples:
              wacon flow lint examples/flows/appointment.json
              wacon flow lint my-flow.json --json
              wacon flow lint new-flow.json --allow-version 8.0
            """
    )

    @Argument(help: "Flow JSON file, or - for standard input.")
    var file: String

    @Flag(help: "Print one JSON object: file, errors, warnings, findings.")
    var json = false

    @Option(name: .customLong("allow-version"), help: "Accept this Flow JSON version too (repeatable).")
    var allowVersions: [String] = []

    func run() throws {
        let doc = try readFlow(file, json: json)
        let findings = FlowLinter.lint(doc, options: FlowLinter.Options().allowing(allowVersions))
        let errors = findings.filter(\.isError).count
        let warnings = findings.count - errors
        if json {
            var o = JSONObject()
            o.append("file", .string(file))
            o.append("screens", .number(JSONNumber(doc.screens.count)))
            o.append("errors", .number(JSONNumber(errors)))
            o.append("warnings", .number(JSONNumber(warnings)))
            o.append("findings", .array(findings.map(\.json)))
            printJSON(.object(o))
        } else {
            for f in findings {
                let at = f.position.map { "\($0.line):\($0.column):" } ?? ""
                print("\(file):\(at) \(f.severity.rawValue): \(f.path.display): \(f.message)\(f.detail) [\(f.rule.rawValue)]")
            }
            func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
            print("\(plural(errors, "error")), \(plural(warnings, "warning")) in \(plural(doc.screens.count, "screen"))")
        }
        if errors > 0 { throw Exit.findings }
    }
}

/// `wacon flow screens`: what each screen declares, shows and leads to.
struct FlowScreens: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screens",
        abstract: "List a Flow's screens: entry, terminal, declared data, inputs and routes.",
        discussion: """
            Routes are the routing model's for a Flow with an endpoint, otherwise the targets of the screen's navigate actions. Does not lint; run `wacon flow lint` for that.
            """
    )

    @Argument(help: "Flow JSON file, or - for standard input.")
    var file: String

    @Flag(help: "Print as JSON.")
    var json = false

    func run() throws {
        let doc = try readFlow(file, json: json)
        if json { printJSON(Self.json(doc)) } else { Self.printText(doc) }
    }

    /// The inputs of a screen: name and component type, in screen order.
    static func inputs(_ s: FlowScreen) -> [(name: String, type: String)] {
        s.allComponents.filter(\.isInput).map { ($0.name ?? "?", $0.type) }
    }

    /// How a Footer ends: `complete`, `navigate → ID`, `data_exchange`.
    static func endings(_ s: FlowScreen) -> [String] {
        s.actions.map { step in
            step.name == "navigate" ? "navigate → \(step.nextScreen ?? "?") (\(step.component))" : "\(step.name) (\(step.component))"
        }
    }

    static func json(_ doc: FlowDocument) -> JSONValue {
        var o = JSONObject()
        o.set("version", doc.version.map(JSONValue.string))
        o.set("data_api_version", doc.dataAPIVersion.map(JSONValue.string))
        o.append("endpoint", .bool(doc.hasEndpoint))
        o.set("entry", doc.entryScreenID.map(JSONValue.string))
        o.append("terminal", .array(doc.screens.filter(\.terminal).map { .string($0.id) }))
        o.append("screens", .array(doc.screens.map { s in
            var x = JSONObject()
            x.append("id", .string(s.id))
            x.set("title", s.title.map(JSONValue.string))
            x.append("entry", .bool(s.id == doc.entryScreenID))
            x.append("terminal", .bool(s.terminal))
            if s.terminal { x.append("success", .bool(s.success ?? true)) }
            x.append("data", .array(s.data.map { f in
                var d = JSONObject()
                d.append("name", .string(f.name))
                d.set("type", f.type.map(JSONValue.string))
                d.set("example", f.example)
                return .object(d)
            }))
            x.append("inputs", .array(inputs(s).map { .object(["name": .string($0.name), "type": .string($0.type)]) }))
            x.append("routes", .array(doc.routes(from: s.id).map(JSONValue.string)))
            x.append("actions", .array(endings(s).map(JSONValue.string)))
            return .object(x)
        }))
        return .object(o)
    }

    static func printText(_ doc: FlowDocument) {
        let entry = doc.entryScreenID
        var head = "Flow JSON \(doc.version ?? "?")"
        if doc.hasEndpoint { head += ", endpoint (data_api_version \(doc.dataAPIVersion ?? "?"))" }
        print(head + ", \(doc.screens.count) screen\(doc.screens.count == 1 ? "" : "s")")
        for s in doc.screens {
            var marks: [String] = []
            if s.id == entry { marks.append("entry") }
            if s.terminal { marks.append((s.success ?? true) ? "terminal" : "terminal, success false") }
            print("")
            print("\(s.id)\(s.title.map { "  \"\($0)\"" } ?? "")\(marks.isEmpty ? "" : "  [\(marks.joined(separator: ", "))]")")
            if !s.data.isEmpty {
                print("  data")
                for f in s.data {
                    let example = f.example.map { " = " + Self.short(JSONWriter.compactString($0)) } ?? ""
                    print("    \(f.name): \(f.type ?? "?")\(example)")
                }
            }
            let ins = inputs(s)
            if !ins.isEmpty {
                print("  inputs")
                for i in ins { print("    \(i.name): \(i.type)") }
            }
            let routes = doc.routes(from: s.id)
            print("  routes  \(routes.isEmpty ? "none" : routes.joined(separator: ", "))")
            for e in endings(s) { print("  action  \(e)") }
        }
        print("")
        let terminals = doc.screens.filter(\.terminal).map(\.id)
        print("terminal screens: \(terminals.isEmpty ? "none" : terminals.joined(separator: ", "))")
    }

    static func short(_ s: String) -> String { s.count > 60 ? String(s.prefix(57)) + "…" : s }
}
