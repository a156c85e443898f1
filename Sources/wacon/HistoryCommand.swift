import ArgumentParser
import Config
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import History
import Providers
import Session
import WhatsAppModel

/// The session settings a config names: `[history]`, and how long a send may take.
func sessionSettings(_ config: Config, timeout: Duration = .seconds(30)) -> SessionSettings {
    SessionSettings(history: config.history, timeout: timeout)
}

/// A session for the history commands, over the history file the config at `path` names.
func historySession(config path: String?) throws -> WaconSession {
    WaconSession(settings: sessionSettings(try loadConfig(path)))
}

/// Runs one history request, turning its error into a message and exit 2.
func historyRequest<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch let e as HistoryAccessError {
        printError("wacon: \(e)")
        throw Exit.input
    } catch let e as HistoryBrowseError {
        printError("wacon: \(e)")
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
        subcommands: [List.self, Show.self, ConversationCommand.self, Replay.self, Export.self, Delete.self, Stats.self, Check.self, MoveAside.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List entries newest first, filtered and searched.",
            discussion: """
                Filters read values as the console's history filter line does: --recipient is a
                number in any format matched by its digits as a prefix (+27 is every South African
                number); --kind takes a kind or a family (interactive is every interactive.*);
                --outcome takes an outcome (failed is accepted, then failed by a delivery status)
                or a category; --since and --until take YYYY-MM-DD, ISO 8601, or 7d / 12h / 2w
                ago. --search takes the filter line itself: words are searched, and filters in
                it (kaleyra, E110, to:+27 82…, status:failed) filter. An unknown value is an
                error (exit 2) naming the ones that are known.

                Examples:
                  wacon history --outcome failed --code 131047
                  wacon history --recipient "+27 82 555 0100" --kind interactive
                  wacon history --search "kaleyra low balance since:7d"
                """)
        @OptionGroup var common: HistoryOptions
        @Option(help: ArgumentHelp("Gateway: \(GatewayID.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "gateway"),
                completion: .list(GatewayID.allCases.map(\.rawValue))) var gateway: String?
        @Option(help: "Profile.") var profile: String?
        @Option(help: "\(HistoryQuery.outcomes.joined(separator: ", ")), or a category (balance, window, …).",
                completion: .list(HistoryQuery.statusValues)) var outcome: String?
        @Option(help: "Vendor code (131047, E110, …).") var code: String?
        @Option(help: "Recipient, any format; matched as a prefix (+27).") var recipient: String?
        @Option(help: "Message kind (text, interactive.list, …) or family (interactive).", completion: .list(HistoryQuery.kindValues)) var kind: String?
        @Option(help: "Since (YYYY-MM-DD, ISO 8601, or 7d / 12h / 2w ago).") var since: String?
        @Option(help: "Until (YYYY-MM-DD, ISO 8601, or 7d / 12h / 2w ago).") var until: String?
        @Option(name: .shortAndLong, help: "Full-text search over bodies, vendor messages, codes and recipients, with the console's filters.") var search: String?
        @Option(help: "How many.") var limit: Int = 50
        @Flag(help: "Print as JSON.") var json = false

        /// The options as one query, each value read by the same rules as the console's filter
        /// line; a value that cannot be read is an error naming the option.
        func query() throws -> HistoryQuery {
            var q = HistoryQuery(parsing: search ?? "")
            if let problem = q.problems.first {
                printError("wacon: --search: \(problem)")
                throw Exit.input
            }
            let options: [(String, HistoryQuery.Key, String?)] = [
                ("--gateway", .gateway, gateway), ("--profile", .profile, profile), ("--outcome", .status, outcome), ("--code", .code, code),
                ("--recipient", .to, recipient), ("--kind", .kind, kind), ("--since", .since, since), ("--until", .before, until),
            ]
            for case let (flag, key, value?) in options {
                do { try q.set(key, value) } catch {
                    printError("wacon: \(flag) \(value): \(error.reason)")
                    throw Exit.input
                }
            }
            return q
        }

        func run() async throws {
            let config = try loadConfig(common.config)
            let session = WaconSession(settings: sessionSettings(config))
            let q = try query()
            let entries = try await historyRequest { try await session.list(q.filter(limit: limit)) }
            if try await historyRequest({ try await session.historyNeedsUpgrade() }) {
                printError("wacon: note: \(session.settings.historyPath) is from an older wacon: filters and counts see a send that failed after it was accepted as accepted until the file is upgraded, which the next send does")
            }
            if entries.isEmpty, let profile = q.profile {
                // A profile no config names and no entry was sent with is a typo, not an empty answer.
                let known = try await historyRequest { try await session.historyProfiles() }
                if config.profile(named: profile) == nil, !known.contains(profile) {
                    printError("wacon: --profile \(profile): no entry was sent with this profile; profiles in the history: \(known.isEmpty ? "none yet" : known.joined(separator: ", "))")
                    throw Exit.input
                }
            }
            if json { printJSON(.array(entries.map(\.json))); return }
            if entries.isEmpty { print(q.isEmpty ? "no entries" : "no entries match \(q.text())") }
            for e in entries {
                let row = HistorySummary(e)
                let message = row.outcome == "accepted" ? "" : row.vendorMessage.map { "  " + ($0.count > 60 ? $0.prefix(59) + "…" : $0) } ?? ""
                // Columns pad to line up and never cut: a longer value pushes the rest along.
                func column(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
                // What followed (final status, `↩ 2` replies) goes last, so the columns before stay as they were.
                let followUp = row.followUp.isEmpty ? "" : "  " + row.followUp
                print(column("#\(e.id)", 8) + " \(TranscriptLine.day(e.createdAt))  \(column(e.gateway, 8)) \(column(row.recipient, 16)) \(column(e.kind, 20)) \(row.outcomeSummary)\(message)\(followUp)")
            }
            if let words = q.filter().search {
                // Messages that belong to no send yet are not rows; say where they are.
                let loose: [RecordedInbound]
                do { loose = try historyReader(session)?.searchLooseInbound(words, limit: 5) ?? [] } catch {
                    printError("wacon: note: messages that belong to no send could not be searched: \(error)")
                    return
                }
                let customers = loose.map(\.customer).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                if !customers.isEmpty {
                    printError(TerminalText.safe("wacon: note: messages from customers with no send yet match too: " + customers.map { "wacon history conversation \($0)" }.joined(separator: "; "), .line))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one whole exchange, statuses included.")
        @OptionGroup var common: HistoryOptions
        @Argument(help: "Entry id (42 or #42).") var id: EntryID
        @Flag(help: "Print as JSON.") var json = false

        func run() async throws {
            let session = try historySession(config: common.config)
            let e = try await historyRequest { try await session.entry(id.value) }
            if json { printJSON(e.json); return }
            print("#\(e.id)  \(TranscriptLine.day(e.createdAt))  \(e.gateway)/\(e.profile)  \(e.kind) to \(e.recipient)")
            print("outcome: \(e.outcome)" + [e.vendorCode, e.category, e.retry].compactMap { $0 }.map { "  \($0)" }.joined()
                  + (e.totalMs.map { "  " + Duration.milliseconds($0).text } ?? "") + (e.scenario.map { "  scenario \($0)" } ?? ""))
            if e.outcome == "failed" {
                print("         accepted" + (e.httpStatus.map { " with HTTP \($0)" } ?? "") + ", then a failed delivery status (below)")
            }
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
            if !e.statuses.isEmpty { print("") }
            for s in e.statuses { print(TerminalText.safe("status  \(s.summary(gateway: e.gateway))  received \(WallClock.local.format(s.receivedAt, "HH:mm:ss.SSS"))", .line)) }
            if let final = e.finalStatus, e.statuses.count > 1 { print(TerminalText.safe("final status: \(final.status)", .line)) }
            if !e.inbound.isEmpty || !e.events.isEmpty { print("") }
            for m in e.inbound { print(TranscriptLine.received(m)) }
            for ev in e.events { print(TranscriptLine.event(ev)) }
        }
    }

    struct ConversationCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "conversation",
            abstract: "The transcript with one customer: sends with their final status, their messages, the window.",
            discussion: """
                CUSTOMER is a phone number in any format (+27 82 555 0100) or a business-scoped user
                id (US.13491208655302741918); sends to the number and to the user id are one
                customer once a webhook from them gave both. Lines, oldest first:
                  → sent: time, #entry, gateway, what was sent, its final status (or how it failed)
                  ← received: time, type, what it holds, the message it replies to
                  · another event about the customer (user id change, preferences)
                and last the 24-hour window from their last message: "window: open 23 h 12 m" or
                "window: closed: templates only".
                """)
        @OptionGroup var common: HistoryOptions
        @Argument(help: "The customer: a phone number or a user id.") var customer: String
        @Option(help: "How many items, the newest.") var limit: Int = 50
        @Flag(help: "Print as JSON.") var json = false

        func validate() throws {
            if limit < 1 || limit > HistoryStore.maxConversationItems {
                throw ValidationError("--limit \(limit): give 1 to \(HistoryStore.maxConversationItems)")
            }
            if HistoryStore.customer(customer).isEmpty {
                throw ValidationError(TerminalText.safe("CUSTOMER \"\(customer)\": neither a phone number (digits) nor a user id (US.1349…)", .line))
            }
        }

        func run() async throws {
            let session = try historySession(config: common.config)
            let key = HistoryStore.customer(customer)
            let conversation: Conversation
            do {
                guard let store = try historyReader(session) else {
                    if json { printJSON(HistoryExport.json(Conversation(customer: key, items: [], window: ServiceWindow()))) } else { print("no history yet: nothing with \(key)") }
                    return
                }
                conversation = try store.conversation(with: customer, limit: limit)
            } catch let e as HistoryError {
                printError("wacon: \(e)")
                throw Exit.input
            } catch let e as HistoryAccessError {
                printError("wacon: \(e)")
                throw Exit.input
            }
            let now = Date()
            if json { printJSON(HistoryExport.json(conversation, now: now)); return }
            let others = conversation.identities.filter { $0 != conversation.customer }
            print(TerminalText.safe("conversation with \(conversation.customer)" + (others.isEmpty ? "" : " (also \(others.joined(separator: ", ")))"), .line))
            if conversation.items.isEmpty { print("nothing sent to or received from \(conversation.customer)") }
            if conversation.hasEarlier { print("… earlier items left out (--limit \(limit))") }
            for item in conversation.items {
                switch item {
                case .sent(let e): print(TranscriptLine.sent(e))
                case .received(let m): print(TranscriptLine.received(m))
                case .event(let ev): print(TranscriptLine.event(ev))
                }
            }
            print("window: \(conversation.window.summary(at: now))")
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send an entry's message again, optionally through another gateway or profile.",
            discussion: "The secret comes from the current profile. Replaying through another gateway answers \"is it the vendor or the message?\"")
        @OptionGroup var common: HistoryOptions
        @Argument(help: "Entry id (42 or #42).") var id: EntryID
        @Option(name: .shortAndLong, help: "Another gateway.", completion: .list(GatewayID.allCases.map(\.rawValue))) var gateway: String?
        @Option(name: .shortAndLong, help: "Another profile.") var profile: String?
        @Flag(help: "Print a machine-readable result.") var json = false

        func run() async throws {
            let config = try loadConfig(common.config)
            let session = WaconSession(settings: sessionSettings(config))
            let e = try await historyRequest { try await session.entry(id.value) }
            let resolved: Profile
            do {
                if gateway != nil || profile != nil {
                    // Another gateway without a profile: that gateway's default profile.
                    resolved = try TargetChoice(gateway: gateway, profile: profile).resolve(in: config)
                } else {
                    resolved = try config.resolve(gateway: e.gateway, profile: e.profile)
                }
            } catch let error as TargetChoiceError {
                printError("wacon: \(error)")
                throw Exit.input
            } catch {
                printError("wacon: #\(e.id) was sent with profile \"\(e.profile)\" (\(e.gateway)): \(error); choose one with --profile or --gateway")
                throw Exit.input
            }
            let job = try await historyRequest { try await session.replayJob(id.value, through: resolved) }
            for note in job.notes { printError("note: \(note)") }
            let json = self.json
            let result: SendJobResult
            do {
                result = try await session.run(job) { event in
                    switch event {
                    case .sent(let sent, _):
                        if json { printJSON(SendPrinter.json(sent)) } else { SendPrinter.print(sent, index: nil) }
                        if let e = sent.historyError { printError("wacon: \(e)") }
                    case .status(let status): if !json { print(SendPrinter.line(status)) }
                    case .problem(let problem): printError("wacon: \(problem)")
                    }
                }
            } catch {
                printError("wacon: \(error)")
                await session.close()
                throw Exit.input
            }
            await session.close()
            let code = SendPrinter.exitCode(result)
            if code != 0 { throw ExitCode(code) }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export entries as curl commands, a HAR 1.2 file or JSON.")
        @OptionGroup var common: HistoryOptions
        @Argument(help: "Entry ids (42 or #42).") var ids: [EntryID]
        @Option(name: .shortAndLong, help: "curl, har or json.") var format: HistoryExportFormat = .har
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output (never over an existing one without --force).") var output: String?
        @Flag(help: "With --output: replace an existing file.") var force = false

        func run() async throws {
            let session = try historySession(config: common.config)
            let text = try await historyRequest { try await session.export(ids.map(\.value), as: format) }
            if let output {
                do { try session.writeExport(text, to: output, replacing: force) } catch {
                    printError("wacon: \(error)")
                    throw Exit.input
                }
                print("wrote \(ids.count) entr\(ids.count == 1 ? "y" : "ies") to \(output)")
            } else {
                print(text, terminator: "")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete entries by id, or all before a date.")
        @OptionGroup var common: HistoryOptions
        @Argument(help: "Entry ids (42 or #42).") var ids: [EntryID] = []
        @Option(help: "Delete everything before this date (YYYY-MM-DD or ISO 8601).") var before: String?

        func validate() throws {
            if ids.isEmpty == (before == nil) { throw ValidationError("give entry ids or --before DATE") }
        }

        func run() async throws {
            let session = try historySession(config: common.config)
            let date = try before.map(parseDate)
            // Every id must name an entry, or nothing is deleted: a typo never half-deletes.
            var missing: [String] = []
            for id in ids where (try? await session.entry(id.value)) == nil { missing.append("#\(id.value)") }
            if !missing.isEmpty {
                printError("wacon: no entry \(missing.joined(separator: ", ")); nothing was deleted")
                throw Exit.input
            }
            let n = try await historyRequest {
                if let date { return try await session.deleteEntries(before: date) }
                return try await session.deleteEntries(ids.map(\.value))
            }
            print("deleted \(n) entr\(n == 1 ? "y" : "ies")")
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Counts by gateway, outcome and vendor code.")
        @OptionGroup var common: HistoryOptions
        @Flag(help: "Print as JSON.") var json = false

        func run() async throws {
            let session = try historySession(config: common.config)
            let s = try await historyRequest { try await session.historyStats() }
            if try await historyRequest({ try await session.historyNeedsUpgrade() }) {
                printError("wacon: note: \(session.settings.historyPath) is from an older wacon: these counts see a send that failed after it was accepted as accepted until the file is upgraded, which the next send does")
            }
            func obj(_ pairs: [(String, Int)]) -> JSONValue { .object(JSONObject(pairs.map { (key: $0.0, value: .number(JSONNumber($0.1))) })) }
            if json {
                printJSON(["entries": .number(JSONNumber(s.total)), "bytes": .number(JSONNumber(s.bytes)), "by_gateway": obj(s.byGateway),
                           "by_outcome": obj(s.byOutcome), "by_code": obj(s.byCode),
                           "inbound": .number(JSONNumber(s.inbound)), "events": .number(JSONNumber(s.events)), "loose": .number(JSONNumber(s.loose))])
                return
            }
            print("\(s.total) entries, \(s.bytes / 1024) KiB")
            if s.inbound + s.events > 0 {
                print("\(s.inbound) message\(s.inbound == 1 ? "" : "s") from customers, \(s.events) other webhook event\(s.events == 1 ? "" : "s")"
                      + (s.loose > 0 ? " (\(s.loose) with no send yet)" : ""))
            }
            for (title, rows) in [("gateway", s.byGateway), ("outcome", s.byOutcome), ("vendor code", s.byCode)] where !rows.isEmpty {
                print("\nby \(title):")
                for (k, n) in rows { print("  \(k.fixedWidth(28)) \(n)") }
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the whole history file, page by page (read-only).",
            discussion: "Exit status: 0 sound (or no file yet), 2 damaged or unreadable: `wacon history move-aside` then lets a new file start.")
        @OptionGroup var common: HistoryOptions

        func run() async throws {
            let session = try historySession(config: common.config)
            let path = session.settings.historyPath
            guard let damage = try await historyRequest({ try await session.historyDamage() }) else {
                print("ok: \(path) is sound")
                return
            }
            printError("wacon: \(HistoryError.corrupt(path: path, reason: damage))")
            throw Exit.input
        }
    }

    struct MoveAside: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "move-aside", abstract: "Rename an unreadable, foreign or newer history file so a new one can start.")
        @OptionGroup var common: HistoryOptions

        func run() throws {
            let session = try historySession(config: common.config)
            do {
                guard let moved = try session.moveHistoryAside() else { print("no history file at \(session.settings.historyPath)"); return }
                print("moved \(moved.from) to \(moved.to)")
            } catch {
                printError("wacon: cannot move \(session.settings.historyPath): \(FileProblem.text(error))")
                throw Exit.input
            }
        }
    }
}

/// `YYYY-MM-DD` (local midnight), ISO 8601, or `7d` / `12h` / `2w` ago: as the history filters read dates.
func parseDate(_ s: String) throws -> Date {
    if let d = HistoryQuery.date(s) { return d }
    throw ValidationError("\"\(s)\" is not a date: use YYYY-MM-DD, ISO 8601, or 7d / 12h / 2w for that long ago")
}

/// An entry id as typed: `42`, or `#42` as history prints it.
struct EntryID: ExpressibleByArgument {
    var value: Int64

    init?(argument: String) {
        guard let id = HistoryEntry.id(argument) else { return nil }
        value = id
    }
}

extension HistoryExportFormat: ExpressibleByArgument {}

/// The history file to read (never created or upgraded), checked whole when small; nil when
/// there is none yet. Throws when history is off.
func historyReader(_ session: WaconSession) throws -> HistoryStore? {
    guard session.settings.history.enabled else { throw HistoryAccessError.disabled }
    let store: HistoryStore
    do { store = try HistoryStore(readingAt: session.settings.historyPath) } catch {
        if case .missing = error { return nil }
        throw error
    }
    try store.checkWhenSmall()
    return store
}

/// One line of a transcript, each value from outside made safe for one line.
enum TranscriptLine {
    /// A moment in the user's local time, to the second.
    static func day(_ d: Date) -> String { WallClock.local.format(d, "yyyy-MM-dd HH:mm:ss") }

    /// `→ 2026-12-01 10:00:00  #3 meta text "Hello"  read`, or how it failed.
    static func sent(_ e: HistoryEntry) -> String {
        let row = HistorySummary(e)
        let ending = e.outcome == "accepted" ? (e.finalStatus?.status ?? "accepted") : row.outcomeSummary
        return TerminalText.safe("→ \(day(e.createdAt))  #\(e.id) \(e.gateway) \(e.contentSummary)  \(ending)", .line)
    }

    /// `← 2026-12-01 10:01:00  text "hi"  (reply to wamid.X)`.
    static func received(_ m: RecordedInbound) -> String {
        var line = "← \(day(m.at ?? m.receivedAt))  \(m.type) \(m.summary)"
        if let context = m.contextID { line += "  (re \(context))" }
        if let name = m.customerName { line += "  from \"\(name)\"" }
        return TerminalText.safe(line, .line)
    }

    /// `· 2026-12-01 10:02:00  user_id_update …`.
    static func event(_ e: RecordedWebhookEvent) -> String {
        TerminalText.safe("· \(day(e.at))  \(e.summary)", .line)
    }
}
