#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import History
import Providers
import Session
import WhatsAppModel

/// The suites pane: a folder of saved messages run as cases (`wacon test`), off the input
/// path, each case's row filled in as its result comes; a failed case's diff under the list;
/// Enter opens a case's file into the form. The pane's state outlives the overlay, so a run
/// goes on while the form is in front and the pane shows it again when it reopens.
public struct SuitesPane: Sendable {
    /// Where the run is.
    public enum Phase: Sendable, Equatable {
        /// Asking for the folder (nothing has run yet).
        case choosing
        /// The folder's files are being read.
        case planning
        case running
        case finished
        /// The run could not start (no such folder, no cases in it); said in words.
        case failed(String)
    }

    /// One case of the run, in the run's order.
    public struct Row: Sendable {
        public enum State: Sendable {
            case waiting
            case running
            case done(CaseResult)
            /// The run ended (stopped) before the case had a result.
            case stopped
        }

        /// The case's place in the run (its `SuiteCase.id`).
        public var id: Int
        /// The case as shown: its file below the folder, terminal-safe.
        public var name: String
        /// The file as the run found it (opened by Enter).
        public var file: String
        public var state: State = .waiting

        public var result: CaseResult? { if case .done(let r) = state { r } else { nil } }
    }

    /// The folder line: typed after `f`, and before the first run.
    public var folder: LineEditor
    /// Typing goes to the folder line.
    public var editingFolder: Bool
    public var phase: Phase = .choosing
    /// The folder of the run shown (the line may have been edited since).
    public var ranFolder = ""
    public var rows: [Row] = []
    public var selected = 0
    /// Said before the run (JSON files that are support files, not cases).
    public var notes: [String] = []
    /// Counted as results come, so a frame never walks every row to count them.
    public var passed = 0, failed = 0, errors = 0, running = 0
    /// Cases the run ended without (it was stopped).
    public var stopped = 0
    /// The run's summary line (`3 cases: 2 passed, 1 failed in 0.42 s`), once it ends.
    public var summary: String?
    /// Answers from an older run (before a rerun) are dropped: only this token's count.
    public var token = 0

    /// A pane asking for a folder, `folder` typed in already.
    public init(folder: String) {
        self.folder = LineEditor(folder)
        editingFolder = true
    }

    public var current: Row? { rows.indices.contains(selected) ? rows[selected] : nil }
    /// Cases with a result.
    public var done: Int { passed + failed + errors }
    /// A run is under way (planning or running).
    public var isRunning: Bool { phase == .planning || phase == .running }

    /// `3 of 10 done · 2 passed · 1 failed · 4 running`.
    public var countLine: String {
        switch phase {
        case .choosing: return "Enter runs every case in the folder (4 at a time)"
        case .planning: return "reading the cases…"
        case .failed(let why): return why
        case .running, .finished:
            var parts = ["\(done) of \(rows.count) done", "\(passed) passed"]
            if failed > 0 { parts.append("\(failed) failed") }
            if errors > 0 { parts.append("\(errors) could not run") }
            if running > 0 { parts.append("\(running) running") }
            if stopped > 0 { parts.append("\(stopped) not run (stopped)") }
            return parts.joined(separator: " · ")
        }
    }

    /// What the selected case came to, as lines: the diff of a failure (`SuiteReport.diff`),
    /// why it could not run, or what it came to.
    public var detail: [(String, Role)] {
        guard let row = current else { return [] }
        switch row.state {
        case .waiting: return [("\(row.name): waiting", .muted)]
        case .running: return [("\(row.name): running…", .muted)]
        case .stopped: return [("\(row.name): not run: the run was stopped", .muted)]
        case .done(let r):
            let came = r.observation.map { "came to " + TerminalText.safe($0.outcomeText, .line) } ?? ""
            switch r.verdict {
            case .passed:
                return [("\(row.name): passed" + (came.isEmpty ? "" : ", " + came), .success)]
            case .failed(let mismatches):
                var lines: [(String, Role)] = [("\(row.name): failed" + (came.isEmpty ? "" : ", " + came), .error)]
                for line in SuiteReport.diff(mismatches).split(separator: "\n", omittingEmptySubsequences: false) {
                    let text = TerminalText.safe(String(line), .line)
                    let marked = line.contains("  - ") ? Role.warning : Role.text
                    lines.append(("  " + text, marked))
                }
                for p in r.observation?.problems ?? [] { lines.append(("  ! " + TerminalText.safe(p, .line), .warning)) }
                return lines
            case .error(let why):
                return [("\(row.name): could not run: " + Self.reason(why, of: r), .error)]
            }
        }
    }

    /// The row's line: `✓ welcome.json  12 ms  history 3`, as `wacon test` prints it.
    static func line(_ row: Row) -> (mark: String, text: String, role: Role) {
        switch row.state {
        case .waiting: return ("·", row.name, .muted)
        case .running: return ("…", row.name + "  running", .accent)
        case .stopped: return ("–", row.name + "  not run (stopped)", .muted)
        case .done(let r):
            let ms = NumberText.fixed(r.seconds * 1000, places: 0) + " ms"
            let history = r.historyID.map { "  history \($0)" } ?? ""
            switch r.verdict {
            case .passed: return ("✓", "\(row.name)  \(ms)\(history)", .success)
            case .failed: return ("✗", "\(row.name)  \(ms)\(history)", .error)
            case .error(let why): return ("!", "\(row.name)  could not run: " + reason(why, of: r), .warning)
            }
        }
    }

    /// Why a case could not run, without its file's path in front (the row names the file).
    static func reason(_ why: String, of r: CaseResult) -> String {
        let prefix = r.suiteCase.file + ": "
        return TerminalText.safe(why.hasPrefix(prefix) ? String(why.dropFirst(prefix.count)) : why, .line)
    }

    /// `file` as shown: below the folder it was found in, without control characters.
    static func shown(_ file: String, in folder: String) -> String {
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        let short = file.hasPrefix(base) && file.count > base.count ? String(file.dropFirst(base.count)) : file
        return TerminalText.safe(short, .line)
    }
}

/// The suites pane's work: reading and running a folder's cases, off the input path.
public enum SuiteEffect: Sendable, Equatable {
    /// Plan the folder's cases and run them (4 at a time); answers carry `token`.
    case run(folder: String, token: Int)
    /// Stop the run in flight (the cases under way finish; no more start).
    case cancel
    /// Open a case's file into the form, as a saved message opens.
    case open(file: String)
    /// Show the exchange a case recorded (its history entry).
    case exchange(Int64)
}

extension AppState {
    /// Opens the suites pane: as it was, if a run was made or asked for; else asking for a
    /// folder, the saved messages folder typed in.
    mutating func openSuites() -> [Effect] {
        // A pane closed before it ran anything asks again.
        if suites == nil || suites?.phase == .choosing { suites = SuitesPane(folder: savedFolder) }
        mode = .overlay(.suites)
        return []
    }

    /// Keys in the suites pane.
    mutating func handleSuites(_ key: KeyEvent) -> [Effect] {
        guard var p = suites else {
            mode = .form
            return []
        }
        defer { suites = p }
        if p.editingFolder {
            switch key {
            case .enter:
                p.editingFolder = false
                return startRun(&p)
            case .escape:
                p.editingFolder = false
                // Nothing ran yet: Esc leaves, as it closes any other pane.
                if p.phase == .choosing { mode = .form }
            default:
                _ = p.folder.apply(key)
            }
            return []
        }
        let page = max(1, height - 12)
        switch key {
        case .escape, .char("q"):
            mode = .form
        case .down, .char("j"): p.selected = min(p.selected + 1, max(0, p.rows.count - 1))
        case .up, .char("k"): p.selected = max(0, p.selected - 1)
        case .pageDown: p.selected = min(p.selected + page, max(0, p.rows.count - 1))
        case .pageUp: p.selected = max(0, p.selected - page)
        case .home: p.selected = 0
        case .end: p.selected = max(0, p.rows.count - 1)
        case .char("f"), .char("/"): p.editingFolder = true
        case .char("r"): return startRun(&p)
        case .char("s"):
            guard p.isRunning else { return [] }
            notice = Notice(text: "stopping the run: the cases under way finish, no more start", role: .muted)
            return [.suite(.cancel)]
        case .char("x"):
            guard let id = p.current?.result?.historyID else {
                notice = Notice(text: "this case has no exchange in history (it was not sent)", role: .warning)
                return []
            }
            return [.suite(.exchange(id))]
        case .enter:
            guard let row = p.current else { return [] }
            mode = .form
            showInSendPanel(row)
            return [.suite(.open(file: row.file))]
        default: break
        }
        return []
    }

    /// A run of the folder typed: whatever ran before is stopped and its rows go.
    private mutating func startRun(_ p: inout SuitesPane) -> [Effect] {
        let folder = FilePaths.expandingTilde(p.folder.text.trimmed)
        guard !folder.isEmpty else {
            p.editingFolder = true
            p.phase = .failed("a folder is needed (f edits it)")
            return []
        }
        let stop: [Effect] = p.isRunning ? [.suite(.cancel)] : []
        p.token += 1
        p.phase = .planning
        p.ranFolder = folder
        p.rows = []
        p.notes = []
        p.selected = 0
        (p.passed, p.failed, p.errors, p.running, p.stopped) = (0, 0, 0, 0, 0)
        p.summary = nil
        return stop + [.suite(.run(folder: folder, token: p.token))]
    }

    /// The send panel shows the case opened from the pane: what it came to, its history entry
    /// and its diff (the panel's "save as case" does not take it: that is for a send's own outcome).
    private mutating func showInSendPanel(_ row: SuitesPane.Row) {
        guard let r = row.result else { return }
        let mark = SuitesPane.line(row)
        var lines: [(text: String, role: Role)] = [((r.historyID.map { "#\($0) " } ?? "") + "case \(mark.mark) \(row.name)"
            + (r.observation.map { ": " + TerminalText.safe($0.outcomeText, .line) } ?? ""), mark.role)]
        if case .failed(let m) = r.verdict {
            lines += m.map { ("\($0.field): expected \(TerminalText.safe($0.expected, .line)), got \(TerminalText.safe($0.actual, .line))", Role.warning) }
        } else if case .error(let why) = r.verdict {
            lines.append((TerminalText.safe(why, .line), .warning))
        }
        sendView = SendView(lines: lines, id: nil)
        statuses = r.observation?.statuses ?? []
        // The panel no longer shows the form's last send: there is nothing of it to save.
        formSend = nil
    }

    /// The run's cases, before any has run.
    mutating func suitePlanned(_ plan: SuitePlan, token: Int) {
        guard var p = suites, p.token == token else { return }
        p.rows = plan.cases.map { SuitesPane.Row(id: $0.id, name: SuitesPane.shown($0.name, in: p.ranFolder), file: $0.file) }
        p.notes = plan.notes.map { TerminalText.safe($0, .line) }
        p.phase = .running
        suites = p
    }

    /// A case started or finished.
    mutating func suiteEvent(_ event: SuiteEvent, token: Int) {
        guard var p = suites, p.token == token else { return }
        switch event {
        case .started(let c):
            guard p.rows.indices.contains(c.id), case .waiting = p.rows[c.id].state else { break }
            p.rows[c.id].state = .running
            p.running += 1
        case .finished(let r):
            let id = r.suiteCase.id
            guard p.rows.indices.contains(id) else { break }
            if case .running = p.rows[id].state { p.running -= 1 }
            if p.rows[id].result == nil {
                switch r.verdict {
                case .passed: p.passed += 1
                case .failed: p.failed += 1
                case .error: p.errors += 1
                }
            }
            p.rows[id].state = .done(r)
        }
        suites = p
    }

    /// The run ended: its summary line (in the key line too, when the pane is closed).
    mutating func suiteFinished(_ summary: SuiteSummary, token: Int) {
        guard var p = suites, p.token == token else { return }
        p.phase = .finished
        p.running = 0
        // A stopped run leaves cases without a result: they say so rather than "running".
        for i in p.rows.indices where p.rows[i].result == nil {
            p.rows[i].state = .stopped
            p.stopped += 1
        }
        p.summary = summary.line
        suites = p
        if case .overlay(.suites) = mode { return }
        notice = Notice(text: "suite: " + summary.line, role: summary.allPassed ? .success : .error)
    }

    /// The run could not start.
    mutating func suiteFailed(_ why: String, token: Int) {
        guard var p = suites, p.token == token else { return }
        p.phase = .failed(TerminalText.safe(why, .line))
        p.running = 0
        suites = p
    }

    /// The lines of a case's exchange, read from history: what was sent, what came back.
    static func exchangeLines(_ e: HistoryExchange) -> [(String, Role)] {
        var out: [(String, Role)] = [("#\(e.id) · \(e.gateway) · \(e.outcome)" + (e.code.map { " \($0)" } ?? ""), .primary)]
        if let request = e.request { out.append((request, .secondary)) }
        out += e.requestBody.split(separator: "\n", omittingEmptySubsequences: false).map { ("  " + $0, .text) }
        out.append(("", .text))
        if let status = e.response { out.append((status, .secondary)) }
        out += e.responseBody.split(separator: "\n", omittingEmptySubsequences: false).map { ("  " + $0, .text) }
        if !e.statuses.isEmpty { out += [("", .text), ("statuses: " + e.statuses.joined(separator: " → "), .secondary)] }
        return out.map { (TerminalText.safe($0.0, .line), $0.1) }
    }
}

/// A history entry as the suites pane shows a case's exchange (made by the runtime from the
/// entry, so the pane stays plain values).
public struct HistoryExchange: Sendable {
    public var id: Int64
    public var gateway: String
    public var outcome: String
    public var code: String?
    /// `POST https://…`.
    public var request: String?
    public var requestBody: String
    /// `HTTP 402`.
    public var response: String?
    public var responseBody: String
    public var statuses: [String]

    public init(id: Int64, gateway: String, outcome: String, code: String? = nil, request: String? = nil, requestBody: String = "",
                response: String? = nil, responseBody: String = "", statuses: [String] = []) {
        self.id = id
        self.gateway = gateway
        self.outcome = outcome
        self.code = code
        self.request = request
        self.requestBody = requestBody
        self.response = response
        self.responseBody = responseBody
        self.statuses = statuses
    }
}

extension HistoryExchange {
    /// The entry's exchange as the pane shows it: bodies pretty when they are JSON (secrets
    /// were redacted before the entry was written).
    init(_ e: HistoryEntry) {
        func pretty(_ text: String) -> String {
            guard let v = try? JSONParser.parse(text) else { return text }
            return JSONWriter.prettyString(v)
        }
        self.init(id: e.id, gateway: e.gateway, outcome: e.outcome, code: e.vendorCode,
                  request: e.request.map { "\($0.method) \($0.url)" }, requestBody: e.request.map { pretty($0.body) } ?? e.message,
                  response: e.response.map { "HTTP \($0.status)" + ($0.truncated ? " (body cut at the history's cap)" : "") } ?? e.failure,
                  responseBody: e.response.map { pretty(String(decoding: $0.body, as: UTF8.self)) } ?? "",
                  statuses: e.statuses.map { st in st.status + (st.failures(gateway: e.gateway).first.map { " (\($0.code))" } ?? "") })
    }
}

extension Renderer {
    /// The suites pane over the whole screen: the folder, the count, a row per case, the
    /// selected case's diff, the summary and the keys.
    static func suites(_ p: SuitesPane, _ g: inout CellGrid) -> (x: Int, y: Int)? {
        let w = g.width, h = g.height - 1
        box(&g, x: 0, y: 0, width: w, height: h)
        g.put("Suites · " + TerminalText.safe(p.ranFolder.isEmpty ? p.folder.text : p.ranFolder, .line), x: 2, y: 0,
              style: Style(.primary, bold: true), maxWidth: w - 4)
        let label = p.editingFolder ? "folder › " : "folder: "
        let fx = 2 + DisplayWidth.of(label)
        g.put(label, x: 2, y: 1, style: Style(p.editingFolder ? .accent : .muted, bold: p.editingFolder))
        let shown = p.folder.visible(columns: max(1, w - fx - 2))
        g.put(TerminalText.safe(shown.text, .line), x: fx, y: 1, style: Style(.text), maxWidth: w - fx - 2)
        let countRole: Role = if case .failed = p.phase { .error } else if p.failed + p.errors > 0 { .warning } else { .muted }
        g.put(p.countLine, x: 2, y: 2, style: Style(countRole, bold: p.phase == .finished), maxWidth: w - 4)
        var y = 3
        for note in p.notes.prefix(2) {
            g.put("note: " + note, x: 2, y: y, style: Style(.muted), maxWidth: w - 4)
            y += 1
        }
        // Bottom up: the keys, the summary, the selected case's lines.
        var bottom = h - 2
        g.put(p.editingFolder ? "type the folder · Enter run · Esc " + (p.phase == .choosing ? "close" : "back to the list")
              : "Enter open · x exchange · r rerun · s stop · f folder · Esc close",
              x: 2, y: bottom, style: Style(.muted), maxWidth: w - 4)
        bottom -= 1
        if let summary = p.summary {
            g.put(summary, x: 2, y: bottom, style: Style(p.failed + p.errors == 0 ? .success : .error, bold: true), maxWidth: w - 4)
            bottom -= 1
        }
        let detail = p.detail
        let detailRoom = min(detail.count, max(1, (bottom - y) / 3))
        if detailRoom > 0, bottom - detailRoom > y {
            for (i, line) in detail.prefix(detailRoom).enumerated() {
                g.put(line.0, x: 2, y: bottom - detailRoom + 1 + i, style: Style(line.1), maxWidth: w - 4)
            }
            bottom -= detailRoom
            g.repeatCharacter("─", x: 1, y: bottom, count: w - 2, style: Style(.border))
            bottom -= 1
        }
        // The rows, the selected one kept on screen.
        let room = max(0, bottom - y + 1)
        let first = max(0, min(p.selected - room / 2, p.rows.count - room))
        for (i, row) in p.rows.dropFirst(first).prefix(room).enumerated() {
            let selected = first + i == p.selected
            let (mark, text, role) = SuitesPane.line(row)
            let style = Style(selected ? .focus : role, reverse: selected)
            if selected { g.fill(x: 1, y: y + i, width: w - 2, height: 1, style: style) }
            g.put(mark + " " + text, x: 2, y: y + i, style: style, maxWidth: w - 4)
        }
        if p.rows.isEmpty, p.phase == .finished { g.put("no cases", x: 2, y: y, style: Style(.muted)) }
        return p.editingFolder ? (fx + shown.caretColumn, 1) : nil
    }
}
