import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// `wacon man` (hidden): the manual page, wacon(1), made from the command definitions, so it
/// says what `--help` says. `scripts/install` installs its output.
struct ManCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "man",
        abstract: "Print the manual page wacon(1) in roff, made from the command definitions.",
        shouldDisplay: false
    )

    @Option(help: "The date on the page (YYYY-MM-DD; default: today).")
    var date: String?

    func run() throws {
        // ArgumentParser's own description of the command tree (what --experimental-dump-help prints).
        let dump: String
        do {
            _ = try Wacon.parseAsRoot(["--experimental-dump-help"])
            printError("wacon: the command tree could not be read")
            throw Exit.input
        } catch let error as ExitCode {
            throw error
        } catch {
            dump = Wacon.fullMessage(for: error)
        }
        guard let tree = (try? JSONParser.parse(dump))?["command"] else {
            printError("wacon: the command tree could not be read")
            throw Exit.input
        }
        let day = date ?? {
            WallClock.local.format(Date(), "yyyy-MM-dd")
        }()
        Swift.print(ManPage.render(tree, date: day), terminator: "")
    }
}

/// Renders ArgumentParser's description of a command tree as a roff manual page in section 1.
enum ManPage {
    static func render(_ root: JSONValue, date: String) -> String {
        let name = root["commandName"]?.stringValue ?? "wacon"
        var out = [
            ".TH \(name.uppercased()) 1 \"\(date)\" \"\(name)\" \"User Commands\"",
            ".SH NAME",
            "\(escape(name)) \\- \(escape(root["abstract"]?.stringValue ?? ""))",
            ".SH SYNOPSIS",
            ".B \(escape(name))",
            "[\\fICOMMAND\\fR] [\\fIOPTIONS\\fR]",
            ".SH DESCRIPTION",
        ]
        out += paragraphs(root["discussion"]?.stringValue ?? "")
        if let d = root["defaultSubcommand"]?.stringValue {
            out += [".PP", "With no command, \\fB\(escape(name)) \(escape(d))\\fR runs."]
        }
        out += [".SH OPTIONS"]
        out += options(root, common: true)
        out += [".SH COMMANDS"]
        for sub in visible(root["subcommands"]) { out += command(sub, path: [name]) }
        out += [
            ".SH FILES",
            ".TP", "\\fI$XDG_CONFIG_HOME/wacon/config.toml\\fR", "Profiles, history, console and keys settings.",
            ".TP", "\\fI$XDG_DATA_HOME/wacon/history.sqlite\\fR", "The history of sends.",
            ".TP", "\\fI$XDG_DATA_HOME/wacon/templates/PROFILE.json\\fR", "Each profile's template library (wacon templates sync, import).",
            ".TP", "\\fI$XDG_DATA_HOME/wacon/messages/\\fR", "Saved messages (drafts).",
            ".SH SEE ALSO",
            "The README of the wacon repository; \\fB\(escape(name)) \\fICOMMAND\\fB \\-\\-help\\fR.",
        ]
        return out.joined(separator: "\n") + "\n"
    }

    /// One command and, below it, its own subcommands.
    static func command(_ c: JSONValue, path: [String]) -> [String] {
        let full = path + [c["commandName"]?.stringValue ?? ""]
        var out = [".SS \"\(escape(full.joined(separator: " ")))\(usage(c))\""]
        out += paragraphs(c["abstract"]?.stringValue ?? "")
        if let d = c["discussion"]?.stringValue, !d.isEmpty { out += paragraphs(d) }
        let opts = options(c)
        if !opts.isEmpty { out += [".PP", "Options:", ".RS"] + opts + [".RE"] }
        for sub in visible(c["subcommands"]) { out += command(sub, path: full) }
        return out
    }

    /// The positional arguments after the command's name: ` MESSAGE [FILE] [IDS ...]`.
    static func usage(_ c: JSONValue) -> String {
        visible(c["arguments"]).filter { $0["kind"]?.stringValue == "positional" }.map { a in
            let v = (a["valueName"]?.stringValue ?? "value").uppercased() + (a["isRepeating"]?.boolValue == true ? " ..." : "")
            return " " + (a["isOptional"]?.boolValue == true ? "[\(escape(v))]" : escape(v))
        }.joined()
    }

    /// Each option and flag as a tagged paragraph; `--help` and `--version` only with `common`
    /// (the top of the page: every command has them).
    static func options(_ c: JSONValue, common: Bool = false) -> [String] {
        var out: [String] = []
        for a in visible(c["arguments"]) where a["kind"]?.stringValue != "positional" {
            let names = (a["names"]?.arrayValue ?? []).compactMap { n -> String? in
                guard let name = n["name"]?.stringValue else { return nil }
                return (n["kind"]?.stringValue == "short" || n["kind"]?.stringValue == "longWithSingleDash" ? "-" : "--") + name
            }
            if !common, names.contains("--help") || names.contains("--version") { continue }
            var tag = names.map { "\\fB\(escape($0))\\fR" }.joined(separator: ", ")
            if a["kind"]?.stringValue == "option" { tag += " \\fI\(escape(a["valueName"]?.stringValue ?? "value"))\\fR" }
            var text = a["abstract"]?.stringValue ?? ""
            if let d = a["defaultValue"]?.stringValue, !d.isEmpty { text += " (default: \(d))" }
            out += [".TP", tag, escape(text)]
        }
        return out
    }

    static func visible(_ list: JSONValue?) -> [JSONValue] {
        (list?.arrayValue ?? []).filter { $0["shouldDisplay"]?.boolValue != false }
    }

    /// Text as roff paragraphs: blank lines part them; indented lines (examples) stay as they are.
    static func paragraphs(_ text: String) -> [String] {
        var out: [String] = []
        var inExample = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let l = String(line)
            if l.trimmed.isEmpty {
                if inExample { out.append(".fi"); inExample = false }
                out.append(".PP")
            } else if l.hasPrefix("  ") {
                if !inExample { out += [".nf"]; inExample = true }
                out.append(escape(l))
            } else {
                if inExample { out.append(".fi"); inExample = false }
                out.append(escape(l))
            }
        }
        if inExample { out.append(".fi") }
        return out.first == ".PP" ? out : [".PP"] + out
    }

    /// Roff's special characters written as text: a backslash, a dash, a line that would start
    /// a request, and characters beyond ASCII (as `\[u2026]`, which every troff reads).
    static func escape(_ s: String) -> String {
        var t = s.replacing("\\", with: "\\e").replacing("-", with: "\\-")
        t = t.unicodeScalars.map { $0.isASCII ? String($0) : "\\[u" + NumberText.hexUpper($0.value, width: 4) + "]" }.joined()
        if t.hasPrefix(".") || t.hasPrefix("'") { t = "\\&" + t }
        return t
    }
}
