import ArgumentParser
import Foundation
import History
import Providers
import Session
import WhatsAppModel

/// Opens the history file the config names (or the default). A history that cannot be opened
/// never stops a send: the error is printed and the send goes on unrecorded.
func openHistory(config: String?, disabled: Bool) -> (HistoryStore?, RetentionPolicy) {
    let (settings, policy) = historySettings(config: config)
    guard settings.enabled, !disabled else { return (nil, policy) }
    do {
        return (try HistoryStore(path: settings.path ?? HistoryStore.defaultPath()), policy)
    } catch {
        printError("wacon: \(error)")
        return (nil, policy)
    }
}

/// The `[history]` settings and the retention policy they make.
func historySettings(config: String?) -> (HistorySettings, RetentionPolicy) {
    let settings = (try? Configuration.load(path: config))?.history ?? HistorySettings()
    var policy = RetentionPolicy.default
    if let n = settings.maxEntries { policy.maxEntries = n }
    if let n = settings.maxBytes { policy.maxBytes = n }
    if let n = settings.bodyCap { policy.bodyCap = n }
    return (settings, policy)
}

/// The history file for the history commands (which cannot go on without it).
func requireHistory(config: String?) throws -> HistoryStore {
    let settings = (try? Configuration.load(path: config))?.history ?? HistorySettings()
    do {
        return try HistoryStore(path: settings.path ?? HistoryStore.defaultPath())
    } catch {
        printError("wacon: \(error)")
        throw Exit.input
    }
}

struct HistoryOptions: ParsableArguments {
    @Option(help: "Config file (default: $XDG_CONFIG_HOME/wacon/config.toml).")
    var config: String?
}

/// `wacon history`: every exchange, searchable, replayable, exportable.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List, search, show, replay and export past sends.",
        discussion: "The history file is $XDG_DATA_HOME/wacon/history.sqlite (mode 0600); no secret is ever written to it.",
        subcommands: [List.self, Show.self, Replay.self, Export.self, Delete.self, Stats.self, MoveAside.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List entries newest first, filtered and searched.")
        @OptionGroup var common: HistoryOptions
        @Option(help: "Gateway.") var gateway: String?
        @Option(help: "Profile.") var profile: String?
        @Option(help: "accepted, rejected, unexpected, transport-failure, invalid, or a category (balance, window, …).") var outcome: String?
        @Option(help: "Vendor code (131047, E110, …).") var code: String?
        @Option(help: "Recipient, any format.") var recipient: String?
        @Option(help: "Message kind (text, interactive.list, …).") var kind: String?
        @Option(help: "Since (YYYY-MM-DD or ISO 8601).") var since: String?
        @Option(help: "Until (YYYY-MM-DD or ISO 8601).") var until: String?
        @Option(name: .shortAndLong, help: "Full-text search over bodies, vendor messages, codes and recipients.") var search: String?
        @Option(help: "How many.") var limit: Int = 50
        @Flag(help: "Print as JSON.") var json = false

        func run() throws {
            let store = try requireHistory(config: common.config)
            var f = HistoryFilter()
            f.gateway = gateway
            f.profile = profile
            f.outcome = outcome
            f.vendorCode = code
            f.recipient = recipient
            f.kind = kind
            f.since = try since.map(parseDate)
            f.until = try until.map(parseDate)
            f.search = search
            f.limit = max(1, limit)
            let entries: [HistoryEntry]
            do { entries = try store.list(f) } catch { printError("wacon: \(error)"); throw Exit.input }
            if json { printJSON(.array(entries.map(HistoryExport.json))); return }
            if entries.isEmpty { print("no entries"); return }
            let df = DateFormatter()
            df.dateFormat = "yyyy-MM-dd HH:mm:ss"
            for e in entries {
                let result = e.outcome == "accepted" ? "accepted" : "\(e.outcome) \(e.vendorCode ?? "") \(e.category ?? "")"
                print("#\(e.id)".padding(toLength: 8, withPad: " ", startingAt: 0) + " \(df.string(from: e.createdAt))  \(e.gateway.padding(toLength: 8, withPad: " ", startingAt: 0)) \(e.recipient.padding(toLength: 16, withPad: " ", startingAt: 0)) \(e.kind.padding(toLength: 20, withPad: " ", startingAt: 0)) \(result)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one whole exchange, statuses included.")
        @OptionGroup var common: HistoryOptions
        @Argument(help: "Entry id.") var id: Int64
        @Flag(help: "Print as JSON.") var json = false

        func run() throws {
            let store = try requireHistory(config: common.config)
            let e = try loadEntry(store, id)
            if json { printJSON(HistoryExport.json(e)); return }
            print("#\(e.id)  \(e.createdAt)  \(e.gateway)/\(e.profile)  \(e.kind) to \(e.recipient)")
            print("outcome: \(e.outcome)" + [e.vendorCode, e.category, e.retry].compactMap { $0 }.map { "  \($0)" }.joined()
                  + (e.totalMs.map { String(format: "  %.1f ms", $0) } ?? "") + (e.scenario.map { "  scenario \($0)" } ?? ""))
            if let m = e.vendorMessage { print("message: \(m)") }
            if let r = e.request {
                print("\n\(r.method) \(r.url)")
                for h in r.headers { print("\(h.name): \(h.value)") }
                print("\n" + ((try? JSONParser.parse(r.body)).map(JSONWriter.prettyString) ?? r.body))
            }
            if let r = e.response {
                print("\nHTTP \(r.status)" + (r.truncated ? "  (body cut at \(r.body.count) of \(r.bytes) bytes)" : ""))
                for h in r.headers { print("\(h.name): \(h.value)") }
                print("\n" + ((try? JSONParser.parse(r.body)).map(JSONWriter.prettyString) ?? String(decoding: r.body, as: UTF8.self)))
            }
            if let f = e.failure { print("\nfailure: \(f)") }
            for s in e.statuses { print("status  \(s.status)" + (s.errors.map { "  \($0)" } ?? "")) }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send an entry's message again, optionally through another gateway or profile.",
            discussion: "The secret comes from the current profile. Replaying through another gateway answers \"is it the vendor or the message?\"")
        @OptionGroup var common: HistoryOptions
        @Argument(help: "Entry id.") var id: Int64
        @Option(name: .shortAndLong, help: "Another gateway.") var gateway: String?
        @Option(name: .shortAndLong, help: "Another profile.") var profile: String?
        @Flag(help: "Print a machine-readable result.") var json = false

        func run() async throws {
            let store = try requireHistory(config: common.config)
            let e = try loadEntry(store, id)
            let message: OutboundMessage
            do { message = try OutboundMessage.parse(e.message) } catch { printError("wacon: entry #\(id): \(error)"); throw Exit.input }
            let resolved: Profile
            do {
                let config = try Configuration.load(path: common.config)
                // Another gateway without a profile: that gateway's default profile.
                resolved = try config.resolve(gateway: gateway ?? (profile == nil ? e.gateway : nil), profile: profile ?? (gateway == nil ? e.profile : nil))
            } catch {
                printError("wacon: \(error)")
                throw Exit.input
            }
            let (history, retention) = openHistory(config: common.config, disabled: false)
            let session = SendSession(history: history, retention: retention)
            let sent: SessionSend
            do {
                sent = try await session.send(message, gateway: resolved.gateway.gateway, profile: resolved, options: HistoryDraft.options(from: e.options),
                                              scenario: resolved.gateway.rawValue == e.gateway ? e.scenario : nil)
            } catch {
                printError("wacon: \(error)")
                await session.close()
                throw Exit.input
            }
            if json { printJSON(SendPrinter.json(sent)) } else { SendPrinter.print(sent, index: nil) }
            if let e = sent.historyError { printError("wacon: \(e)") }
            if let e = await session.maintainHistory() { printError("wacon: \(e)") }
            await session.close()
            let code = SendPrinter.exitCode(sent.report)
            if code != 0 { throw ExitCode(code) }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export entries as curl commands, a HAR 1.2 file or JSON.")
        @OptionGroup var common: HistoryOptions
        @Argument(help: "Entry ids.") var ids: [Int64]
        @Option(name: .shortAndLong, help: "curl, har or json.") var format: HistoryExport.Format = .har
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

        func run() throws {
            let store = try requireHistory(config: common.config)
            var entries: [HistoryEntry] = []
            for id in ids {
                let e = try loadEntry(store, id)
                entries.append(e)
            }
            let text = HistoryExport.text(entries, as: format)
            if let output {
                do { try HistoryExport.write(text, to: output) } catch {
                    printError("wacon: \(error)")
                    throw Exit.input
                }
                print("wrote \(entries.count) entr\(entries.count == 1 ? "y" : "ies") to \(output)")
            } else {
                print(text, terminator: "")
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete entries by id, or all before a date.")
        @OptionGroup var common: HistoryOptions
        @Argument(help: "Entry ids.") var ids: [Int64] = []
        @Option(help: "Delete everything before this date (YYYY-MM-DD or ISO 8601).") var before: String?

        func validate() throws {
            if ids.isEmpty == (before == nil) { throw ValidationError("give entry ids or --before DATE") }
        }

        func run() throws {
            let store = try requireHistory(config: common.config)
            let n: Int
            do { n = try before.map { try store.delete(before: try parseDate($0)) } ?? store.delete(ids: ids) } catch {
                printError("wacon: \(error)")
                throw Exit.input
            }
            print("deleted \(n) entr\(n == 1 ? "y" : "ies")")
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Counts by gateway, outcome and vendor code.")
        @OptionGroup var common: HistoryOptions
        @Flag(help: "Print as JSON.") var json = false

        func run() throws {
            let store = try requireHistory(config: common.config)
            let s: HistoryStats
            do { s = try store.stats() } catch { printError("wacon: \(error)"); throw Exit.input }
            func obj(_ pairs: [(String, Int)]) -> JSONValue { .object(JSONObject(pairs.map { (key: $0.0, value: .number(JSONNumber($0.1))) })) }
            if json {
                printJSON(["entries": .number(JSONNumber(s.total)), "bytes": .number(JSONNumber(s.bytes)), "by_gateway": obj(s.byGateway),
                           "by_outcome": obj(s.byOutcome), "by_code": obj(s.byCode)])
                return
            }
            print("\(s.total) entries, \(s.bytes / 1024) KiB")
            for (title, rows) in [("gateway", s.byGateway), ("outcome", s.byOutcome), ("vendor code", s.byCode)] where !rows.isEmpty {
                print("\nby \(title):")
                for (k, n) in rows { print("  \(k.padding(toLength: 28, withPad: " ", startingAt: 0)) \(n)") }
            }
        }
    }

    struct MoveAside: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "move-aside", abstract: "Rename an unreadable, foreign or newer history file so a new one can start.")
        @OptionGroup var common: HistoryOptions

        func run() throws {
            let path = (try? Configuration.load(path: common.config))?.history.path ?? HistoryStore.defaultPath()
            guard FileManager.default.fileExists(atPath: path) else { print("no history file at \(path)"); return }
            do { print("moved \(path) to \(try HistoryStore.moveAside(path))") } catch {
                printError("wacon: cannot move \(path): \(error.localizedDescription)")
                throw Exit.input
            }
        }
    }
}

/// `YYYY-MM-DD` (local midnight) or ISO 8601.
/// One entry, or a clear error: no such id, or the file could not be read.
func loadEntry(_ store: HistoryStore, _ id: Int64) throws -> HistoryEntry {
    do {
        guard let e = try store.entry(id: id) else {
            printError("wacon: no history entry #\(id)")
            throw Exit.input
        }
        return e
    } catch let e as HistoryError {
        printError("wacon: \(e)")
        throw Exit.input
    }
}

func parseDate(_ s: String) throws -> Date {
    let iso = ISO8601DateFormatter()
    if let d = iso.date(from: s) { return d }
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.dateFormat = "yyyy-MM-dd"
    if let d = f.date(from: s) { return d }
    throw ValidationError("\"\(s)\" is not a date: use YYYY-MM-DD or ISO 8601")
}

extension HistoryExport.Format: ExpressibleByArgument {}
