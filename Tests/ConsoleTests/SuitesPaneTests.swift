import Config
import Foundation
import Testing
@testable import Console
import Providers
import Session
import WhatsAppModel

/// Issue 19 in the console: "save as case" records what the last send came to as the draft's
/// `wacon.expect` (kept through open, edit and save), and the suites pane runs a folder of
/// cases off the input path, a row per case as its result comes.
@Suite struct SuitesPaneTests {
    static func tempFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("wacon-suites-\(UUID().uuidString)").path
    }

    static let message = #""messaging_product": "whatsapp", "recipient_type": "individual", "to": "+27825550100", "type": "text", "text": {"body": "hi"}"#

    /// A folder of three cases: one that passes (E110 expected and got), one that fails (accepted
    /// expected, E110 got), one that cannot run (a misspelt expectation); and a support file.
    static func suiteFolder() throws -> String {
        let folder = tempFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let files = [
            "a-rejected.json": #"{"wacon": {"gateway": "kaleyra", "expect": {"given": {"scenario": "E110"}, "outcome": "rejected", "code": "E110"}}, "# + message + "}",
            "b-wrong.json": #"{"wacon": {"gateway": "kaleyra", "expect": {"given": {"scenario": "E110"}, "outcome": "accepted"}}, "# + message + "}",
            "c-misspelt.json": #"{"wacon": {"gateway": "kaleyra", "expect": {"outcom": "rejected"}}, "# + message + "}",
            "templates.json": #"{"data": []}"#,
        ]
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        return folder
    }

    /// Runs `folder` as the console's runtime does (a real session on the in-process sandbox,
    /// a history file of its own) and returns the events it posts, in order.
    static func run(_ folder: String) async throws -> (plan: SuitePlan, events: [SuiteEvent], summary: SuiteSummary) {
        let plan = try SuiteLoader(config: .builtIn).plan([folder])
        var history = HistorySettings()
        history.path = tempFolder() + "/history.sqlite"
        let session = WaconSession(settings: SessionSettings(history: history, timeout: .seconds(10)))
        let box = EventBox()
        let summary = await session.runSuite(plan, jobs: 4) { box.append($0) }
        await session.close()
        return (plan, box.events, summary)
    }

    @Test func theKeyOpensThePaneOnTheSavedMessagesFolderAndEnterRunsIt() {
        var s = AppState(width: 100, height: 30)
        s.savedFolder = "/data/wacon/messages"
        #expect(press(&s, [.char("t")]).isEmpty)
        guard case .overlay(.suites) = s.mode, let p = s.suites else { Issue.record("\(s.mode)"); return }
        #expect(p.editingFolder && p.folder.text == "/data/wacon/messages" && p.phase == .choosing)
        #expect(Renderer.render(s).grid.text.contains("folder › /data/wacon/messages"))
        // The folder can be changed before Enter; Enter runs it, off the input path.
        let effects = press(&s, [.ctrl("u")] + typing("/cases") + [.enter])
        #expect(effects == [.suite(.run(folder: "/cases", token: 1))])
        #expect(s.suites?.phase == .planning && s.suites?.editingFolder == false)
        // Esc closes; the pane and its run stay, and the key opens it as it was.
        _ = press(&s, [.escape])
        guard case .form = s.mode else { Issue.record("\(s.mode)"); return }
        #expect(press(&s, [.char("t")]).isEmpty)
        #expect(s.suites?.ranFolder == "/cases" && s.suites?.editingFolder == false)
        // Before anything ran, Esc in the folder line leaves the pane.
        var fresh = AppState(width: 100, height: 30)
        _ = press(&fresh, [.char("t"), .escape])
        guard case .form = fresh.mode else { Issue.record("\(fresh.mode)"); return }
        // Opened again, it asks again.
        _ = press(&fresh, [.char("t")])
        #expect(fresh.suites?.editingFolder == true)
        #expect(press(&fresh, [.enter]) == [.suite(.run(folder: fresh.savedFolder, token: 1))])
    }

    @Test func resultsFillTheRowsAsTheyComeAndAFailureShowsItsDiff() async throws {
        let folder = try Self.suiteFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (plan, events, summary) = try await Self.run(folder)
        #expect(plan.cases.count == 3, "the template library is a support file, not a case")
        var s = AppState(width: 110, height: 30)
        s.savedFolder = folder
        _ = press(&s, [.char("t"), .enter])
        _ = s.update(.suitePlanned(plan, token: 1))
        var text = Renderer.render(s).grid.text
        #expect(text.contains("0 of 3 done · 0 passed"), "\(text)")
        #expect(text.contains("· a-rejected.json") && text.contains("· b-wrong.json"), "names below the folder: \(text)")
        #expect(text.contains("note: 1 JSON file without a \"wacon\" object"), "\(text)")
        // Live: each event as the runtime posts it; the count follows.
        for (i, e) in events.enumerated() {
            _ = s.update(.suiteProgress(e, token: 1))
            if i == 0 { #expect(s.suites?.running == 1 || s.suites?.done == 1) }
        }
        _ = s.update(.suiteFinished(summary, token: 1))
        let p = try #require(s.suites)
        #expect((p.passed, p.failed, p.errors, p.running) == (1, 1, 1, 0))
        text = Renderer.render(s).grid.text
        #expect(text.contains("3 of 3 done · 1 passed · 1 failed · 1 could not run"), "\(text)")
        #expect(text.contains(summary.line), "the summary line at the end: \(text)")
        let rows = text.split(separator: "\n")
        let passed = try #require(rows.first { $0.contains("a-rejected.json") })
        #expect(passed.contains("✓ a-rejected.json") && passed.contains(" ms  history "), "\(passed)")
        #expect(rows.contains { $0.contains("✗ b-wrong.json") })
        let error = try #require(rows.first { $0.contains("c-misspelt.json") })
        #expect(error.contains("! c-misspelt.json  could not run:") && error.contains("outcom"), "\(error)")

        // The failed case: its diff under the list, as `wacon test` prints it.
        _ = press(&s, [.down])
        text = Renderer.render(s).grid.text
        #expect(text.contains("b-wrong.json: failed, came to rejected (E110"), "\(text)")
        #expect(text.contains("outcome  - accepted") && text.contains("+ rejected (E110"), "\(text)")
        // Enter opens its file into the form, and the send panel says what it came to.
        let failed = try #require(s.suites?.current?.result)
        // (The form had been sent before: the panel offered to save that send.)
        s.formSend = FormSend(draft: s.draft, sent: Self.rejected(s))
        let effects = press(&s, [.enter])
        #expect(effects == [.suite(.open(file: folder + "/b-wrong.json"))])
        guard case .form = s.mode else { Issue.record("\(s.mode)"); return }
        let panel = Renderer.render(s).grid.text
        #expect(panel.contains("#\(try #require(failed.historyID)) case ✗ b-wrong.json: rejected (E110"), "\(panel)")
        #expect(!panel.contains("save as case"), "the panel shows a case's run, not a send of the form")
        // x on a case shows its exchange from history.
        _ = press(&s, [.char("t"), .up])
        #expect(press(&s, [.char("x")]) == [.suite(.exchange(try #require(s.suites?.current?.result?.historyID)))])
        // The case that could not run has no exchange, and says so.
        _ = press(&s, [.end])
        #expect(press(&s, [.char("x")]).isEmpty && s.notice?.text.contains("no exchange") == true)
    }

    @Test func aRerunDropsTheOlderRunsAnswers() async throws {
        let folder = try Self.suiteFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (plan, events, summary) = try await Self.run(folder)
        var s = AppState(width: 110, height: 30)
        s.savedFolder = folder
        _ = press(&s, [.char("t"), .enter])
        _ = s.update(.suitePlanned(plan, token: 1))
        _ = s.update(.suiteProgress(events[0], token: 1))
        // r while it runs: the run is stopped and another starts, with its own token.
        let effects = press(&s, [.char("r")])
        #expect(effects == [.suite(.cancel), .suite(.run(folder: folder, token: 2))])
        #expect(s.suites?.rows.isEmpty == true && s.suites?.phase == .planning)
        for e in events { _ = s.update(.suiteProgress(e, token: 1)) }
        _ = s.update(.suiteFinished(summary, token: 1))
        #expect(s.suites?.done == 0 && s.suites?.summary == nil, "the first run's answers are dropped")
        _ = s.update(.suitePlanned(plan, token: 2))
        for e in events { _ = s.update(.suiteProgress(e, token: 2)) }
        _ = s.update(.suiteFinished(summary, token: 2))
        #expect(s.suites?.done == 3 && s.suites?.summary == summary.line)
        // s stops only a run in flight.
        #expect(press(&s, [.char("s")]).isEmpty)
    }

    @Test func aFolderWithNoCasesSaysWhyAndNothingCrashes() throws {
        let folder = Self.tempFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var why = ""
        do { _ = try SuiteLoader(config: .builtIn).plan([folder]) } catch { why = error.description }
        #expect(why.contains("no cases in"))
        var s = AppState(width: 100, height: 30)
        s.savedFolder = folder
        _ = press(&s, [.char("t"), .enter])
        _ = s.update(.suiteFailed(why, token: 1))
        let text = Renderer.render(s).grid.text
        #expect(text.contains("no cases in"), "\(text)")
        // Keys on an empty list do nothing harmful; Enter has no case to open.
        #expect(press(&s, [.down, .up, .enter, .char("x"), .pageDown, .end]).isEmpty)
        // A folder line that is empty asks for one instead of running.
        _ = press(&s, [.char("f"), .ctrl("u")])
        #expect(press(&s, [.enter]).isEmpty)
        #expect(s.suites?.editingFolder == true && Renderer.render(s).grid.text.contains("a folder is needed"))
    }

    @Test func textFromFilesIsMadeSafe() {
        let row = SuitesPane.Row(id: 0, name: SuitesPane.shown("/f/evil\u{1B}[2Jname.json", in: "/f"), file: "/f/evil.json")
        #expect(!row.name.contains("\u{1B}"))
        let result = CaseResult(suiteCase: SuiteCase(id: 0, file: "/f/x.json"), verdict: .error("bad \u{1B}]52;c;AAAA\u{07} file"), duration: .milliseconds(3))
        var done = row
        done.state = .done(result)
        #expect(!SuitesPane.line(done).text.contains("\u{1B}") && !SuitesPane.line(done).text.contains("\u{07}"))
    }

    /// The pane after a run with a pass, a failure (selected: its diff shows) and a case that
    /// could not run, with one case still running, at both sizes.
    @Test func snapshots() throws {
        let cases = ["welcome.json", "balance/e110.json", "broken.json", "slow.json"].enumerated().map { SuiteCase(id: $0.offset, file: "/cases/" + $0.element) }
        var rejected = CaseObservation(verdict: .rejected, code: "E110", codeTitle: "Insufficient balance")
        rejected.historyID = 41
        var accepted = CaseObservation(verdict: .accepted, statuses: [DeliveryStatus(gateway: .meta, messageID: "wamid.1", status: "read")])
        accepted.historyID = 40
        let results = [
            CaseResult(suiteCase: cases[0], verdict: .passed, duration: .milliseconds(12), observation: accepted),
            CaseResult(suiteCase: cases[1], verdict: .failed([CaseMismatch(field: "outcome", expected: "accepted", actual: "rejected (E110 Insufficient balance)"),
                                                              CaseMismatch(field: "code", expected: "E111", actual: "E110 Insufficient balance")]),
                       duration: .milliseconds(31), observation: rejected),
            CaseResult(suiteCase: cases[2], verdict: .error("/cases/broken.json: not valid JSON at line 3, column 1"), duration: .milliseconds(0)),
        ]
        for (w, h) in [(80, 24), (120, 40)] {
            var s = AppState(width: w, height: h)
            s.savedFolder = "/cases"
            _ = press(&s, [.char("t"), .enter])
            _ = s.update(.suitePlanned(SuitePlan(cases: cases), token: 1))
            for c in cases { _ = s.update(.suiteProgress(.started(c), token: 1)) }
            for r in results { _ = s.update(.suiteProgress(.finished(r), token: 1)) }
            _ = press(&s, [.down])
            try assertSnapshot(Renderer.render(s).grid, "suites-running-\(w)x\(h)")
            _ = s.update(.suiteFinished(SuiteSummary(results: results, duration: .milliseconds(420)), token: 1))
            try assertSnapshot(Renderer.render(s).grid, "suites-finished-\(w)x\(h)")
        }
    }

    // MARK: Save as case

    /// What the session reports for the form's message rejected by Kaleyra with E110.
    static func rejected(_ s: AppState, historyID: Int64 = 12) -> SessionSend {
        let rejection = Rejection(httpStatus: 402, vendorCode: "E110", vendorMessage: "Insufficient balance", category: .balance, retry: .fixAccount,
                                  rawBody: Array(#"{"error":{"code":"E110"}}"#.utf8))
        return send(s, .rejected(rejection), status: 402, historyID: historyID)
    }

    static func accepted(_ s: AppState, id: String) -> SessionSend {
        send(s, .accepted(Acceptance(httpStatus: 200, messageID: id, rawBody: Array(#"{"messages":[{"id":"\#(id)"}]}"#.utf8))), status: 200, historyID: 3)
    }

    static func send(_ s: AppState, _ outcome: SendOutcome, status: Int, historyID: Int64) -> SessionSend {
        let request = s.preparation.request!
        let response = WireResponse(status: status, headers: [], body: [])
        let exchange = WireExchange(request: request, result: .success(response), startedAt: Date(), headersAfter: nil, total: .milliseconds(20))
        let report = SendReport(gateway: s.gateway, profile: s.profile.name, preparation: s.preparation, attempts: [SendAttempt(exchange: exchange, outcome: outcome)])
        return SessionSend(report: report, historyID: historyID)
    }

    @Test func saveAsCaseRecordsTheRejectionAndAsksForANameAsCtrlODoes() throws {
        var s = AppState(width: 120, height: 40, gateway: .kaleyra)
        // Nothing sent: said, nothing done.
        #expect(press(&s, [.char("S")]).isEmpty)
        #expect(s.notice?.text.contains("nothing to save as a case yet") == true, "\(String(describing: s.notice))")
        _ = press(&s, [.ctrl("s")])
        // A replayed entry's scenario comes before the outcome.
        _ = s.update(.sendScenario("E110"))
        _ = s.update(.sent(Self.rejected(s)))
        #expect(Renderer.render(s).grid.text.contains("S save as case"), "the send panel lists the key")
        #expect(press(&s, [.char("S")]).isEmpty)
        guard case .overlay(.prompt(let p)) = s.mode, case .saveCase(let expectation) = p.purpose else { Issue.record("\(s.mode)"); return }
        #expect(expectation.outcome == .rejected && expectation.code == "E110" && expectation.given.scenario == "E110")
        #expect(s.draft.expect == nil, "Esc in the prompt would leave the draft as it was")
        let effects = press(&s, typing("welcome") + [.enter])
        guard case .saved(.save("welcome", let d, .kaleyra, "kaleyra", false))? = effects.first else { Issue.record("\(effects)"); return }
        #expect(d.expect == expectation && s.draft.expect == expectation)
        #expect(!s.hasUnsentChanges, "the expectation is being saved: quitting does not ask")
        // The runtime saved it: the key line says what was recorded; the form knows its file.
        _ = s.update(.savedAs(file: "/m/welcome.json", AppState.savedNotice("welcome", d)))
        #expect(s.notice?.text == "saved as case “welcome”: expects rejected E110, under scenario E110")
        #expect(s.savedFile == "/m/welcome.json")
        // Again: over the same file, without asking.
        let again = press(&s, [.char("S")])
        #expect(again == [.saved(.write(file: "/m/welcome.json", draft: s.draft, gateway: .kaleyra, profile: "kaleyra"))])
        // The palette has both actions.
        _ = press(&s, [.ctrl("p")] + typing("save as case"))
        guard case .overlay(.palette(let palette)) = s.mode else { Issue.record("\(s.mode)"); return }
        #expect(palette.current?.target == .action("save-case"))
        _ = press(&s, [.escape, .ctrl("p")] + typing("suites"))
        guard case .overlay(.palette(let palette2)) = s.mode else { Issue.record("\(s.mode)"); return }
        #expect(palette2.current?.target == .action("suites-pane"))
    }

    @Test func anAcceptedSendRecordsItsFinalStatus() {
        var s = AppState(width: 120, height: 40)
        s.savedFile = "/m/hello.json"
        _ = press(&s, [.ctrl("s")])
        _ = s.update(.sent(Self.accepted(s, id: "wamid.A1")))
        for word in ["sent", "read", "delivered"] {
            _ = s.update(.status(DeliveryStatus(gateway: .meta, messageID: "wamid.A1", status: word)))
        }
        let effects = press(&s, [.char("S")])
        guard case .saved(.write("/m/hello.json", let d, .meta, "meta"))? = effects.first else { Issue.record("\(effects)"); return }
        #expect(d.expect == CaseExpectation(outcome: .accepted, status: "read"), "\(String(describing: d.expect))")
        #expect(d.expect?.summary == "expects accepted, status read")
    }

    @Test func onlyTheFormsOwnFinishedSendIsRecorded() {
        var s = AppState(width: 120, height: 40, gateway: .kaleyra)
        _ = press(&s, [.ctrl("s")])
        // In flight: not yet.
        #expect(press(&s, [.char("S")]).isEmpty && s.notice?.text.contains("in flight") == true)
        _ = s.update(.sent(Self.rejected(s)))
        // The form changed since: what it would come to is not known.
        var edited = s
        edited.draft.body = "another text"
        edited.recompute()
        #expect(press(&edited, [.char("S")]).isEmpty)
        #expect(edited.notice?.text.contains("the form changed since the last send") == true)
        // A cancelled send has no outcome to expect.
        var cancelled = AppState(width: 120, height: 40)
        _ = press(&cancelled, [.ctrl("s")])
        _ = cancelled.update(.sent(ConsoleFeedbackTests.cancelledSend(cancelled, historyID: 4)))
        #expect(press(&cancelled, [.char("S")]).isEmpty && cancelled.notice?.text.contains("cancelled") == true)
        // A send that could not start leaves nothing to record.
        var failed = AppState(width: 120, height: 40)
        _ = press(&failed, [.ctrl("s")])
        _ = failed.update(.sendFailed("the sandbox would not start"))
        #expect(press(&failed, [.char("S")]).isEmpty && failed.notice?.text.contains("nothing to save") == true)
    }

    /// A case file opened, edited and saved again keeps its expectation; so does the draft
    /// kept between runs. A history entry or a curl import is no case.
    @Test func theExpectationSurvivesOpenEditAndSave() throws {
        let file = #"{"wacon": {"gateway": "kaleyra", "expect": {"given": {"scenario": "E110"}, "outcome": "rejected", "code": "E110"}}, "# + Self.message + "}"
        let saved = try SavedMessage.parse(Array(file.utf8))
        var s = AppState(width: 120, height: 40)
        _ = s.update(.opened(Draft.opening(saved: saved), saved.gateway, profile: nil, from: "“welcome”", file: "/m/welcome.json"))
        #expect(s.savedFile == "/m/welcome.json" && s.gateway == .kaleyra)
        // Edit the body.
        _ = press(&s, [.tab, .tab, .enter, .ctrl("u")] + typing("hello again") + [.enter])
        #expect(s.draft.body == "hello again")
        // Ctrl-O writes the expectation back.
        let effects = press(&s, [.ctrl("o")] + typing("welcome") + [.enter])
        guard case .saved(.save("welcome", let d, let g, let p, false))? = effects.first else { Issue.record("\(effects)"); return }
        let bytes = d.saving(gateway: g, profile: p).fileBytes
        let back = try SavedMessage.parse(bytes)
        #expect(back.expect == saved.expect && back.message.jsonObject["text"]?["body"] == "hello again")
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"expect\""))
        #expect(AppState.savedNotice("welcome", d).text == "saved as case “welcome”: expects rejected E110, under scenario E110")
        // The draft file keeps it too.
        #expect(Draft.restoring(d.keeping(gateway: g, profile: p)).expect == saved.expect)
        // Another message opened from history is not the case: no file to write, no expectation.
        _ = s.update(.opened(Draft(), .meta, profile: nil, from: "#4"))
        #expect(s.savedFile == nil && s.draft.expect == nil)
    }
}

extension SuitesPaneTests {
    /// `wacon console case.json`: the case opens with its expectation, and "save as case"
    /// would write back to that file (by its full path); standard input has no file.
    @Test func aCaseOpenedAtStartKeepsItsExpectationAndItsFile() throws {
        let file = #"{"wacon": {"gateway": "kaleyra", "expect": {"outcome": "rejected", "code": "E110"}}, "# + Self.message + "}"
        let m = try SavedMessage.parse(Array(file.utf8))
        let (s, _) = try ConsoleApp.initialState(config: .builtIn, choice: TargetChoice(gateway: nil, profile: nil, saved: m, file: "cases/welcome.json"),
                                                 opening: (m, "cases/welcome.json"), theme: nil)
        #expect(s.draft.expect == CaseExpectation(outcome: .rejected, code: "E110"))
        #expect(s.savedFile == FileManager.default.currentDirectoryPath + "/cases/welcome.json")
        let (piped, _) = try ConsoleApp.initialState(config: .builtIn, choice: TargetChoice(gateway: nil, profile: nil, saved: m, file: "-"),
                                                     opening: (m, "-"), theme: nil)
        #expect(piped.savedFile == nil && piped.draft.expect != nil)
    }

    /// A case's exchange, from history, as lines: request, response, statuses; made safe.
    @Test func theExchangeLinesSayWhatWentAndCame() {
        let e = HistoryExchange(id: 9, gateway: "kaleyra", outcome: "rejected", code: "E110", request: "POST http://127.0.0.1:1/v1/messages",
                                requestBody: "{\n  \"to\": \"+27825550100\"\n}", response: "HTTP 402", responseBody: "{\"error\": \"E110 \u{1B}[31m\"}",
                                statuses: ["sent", "failed (131047)"])
        let lines = AppState.exchangeLines(e).map(\.0)
        #expect(lines.first == "#9 · kaleyra · rejected E110")
        #expect(lines.contains("POST http://127.0.0.1:1/v1/messages") && lines.contains("HTTP 402") && lines.contains("statuses: sent → failed (131047)"))
        #expect(lines.contains("    \"to\": \"+27825550100\""))
        #expect(!lines.joined().contains("\u{1B}"))
        var s = AppState(width: 100, height: 30)
        _ = s.update(.exchange(e))
        #expect(Renderer.render(s).grid.text.contains("Exchange #9"))
    }
}

/// Events as a run posts them, from any task.
final class EventBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [SuiteEvent] = []
    func append(_ e: SuiteEvent) { lock.withLock { items.append(e) } }
    var events: [SuiteEvent] { lock.withLock { items } }
}
