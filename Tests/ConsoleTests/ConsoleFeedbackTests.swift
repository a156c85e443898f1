import Foundation
import History
import Testing
@testable import Console
import Providers
import Session
import WhatsAppModel

/// The console says what it did and why it did not: a send in flight, a limit reached, a copy
/// that could not happen, a name already taken; and what it draws stays readable when narrow or
/// without colour.
@Suite struct ConsoleFeedbackTests {
    /// What the session reports for a send whose task was cancelled while it waited.
    static func cancelledSend(_ s: AppState, historyID: Int64) -> SessionSend {
        let request = s.preparation.request!
        let failure = TransportFailure(kind: .cancelled, message: "cancelled before the whole response arrived")
        let exchange = WireExchange(request: request, result: .failure(failure), startedAt: Date(), headersAfter: nil, total: .milliseconds(20))
        let report = SendReport(gateway: s.gateway, profile: s.profile.name, preparation: s.preparation,
                                attempts: [SendAttempt(exchange: exchange, outcome: .transportFailed(failure))])
        return SessionSend(report: report, historyID: historyID)
    }

    @Test func aSendInFlightSaysSoAndEscCancelsIt() {
        var s = AppState(width: 120, height: 40)
        _ = press(&s, [.ctrl("s")])
        #expect(s.sending && Renderer.render(s).grid.text.contains("(Esc cancels)"))
        // A second send key is not silent.
        #expect(press(&s, [.ctrl("s")]).isEmpty)
        #expect(s.notice?.text.contains("Esc cancels") == true, "\(String(describing: s.notice))")
        // Esc cancels the send's task rather than only moving the focus.
        _ = press(&s, [.tab])
        #expect(press(&s, [.escape]) == [.send(.cancel)])
        #expect(s.focus != .recipient, "Esc went to the send, not to the keymap's back")
        #expect(Renderer.render(s).grid.text.contains("cancelling the send"))
        // The session's report comes back: the panel says cancelled, with the history entry.
        _ = s.update(.sent(Self.cancelledSend(s, historyID: 7)))
        let text = Renderer.render(s).grid.text
        #expect(!s.sending)
        #expect(text.contains("#7 cancelled") && text.contains("may have reached Meta Cloud API"), "\(text)")
        // With nothing in flight, Esc is the keymap's again.
        #expect(press(&s, [.escape]).isEmpty && s.focus == .recipient)
    }
}

/// `y` inside tmux, where OSC 52 is kept by tmux unless its set-clipboard is on.
@Suite struct TmuxCopyTests {
    @Test func insideTmuxACopyGoesThroughTmuxAndNothingIsClaimedBeforeTmuxAnswers() {
        var s = AppState(width: 120, height: 40)
        s.insideTmux = true
        let effects = press(&s, [.char("y")])
        guard case .terminal(.copyThroughTmux(let text, let what))? = effects.first else { Issue.record("\(effects)"); return }
        #expect(text.contains("\"messaging_product\": \"whatsapp\"") && what == "request body")
        #expect(s.notice?.text.contains("copied") == false, "\(String(describing: s.notice))")
        // Outside tmux, OSC 52 as before.
        s.insideTmux = false
        guard case .terminal(.copy)? = press(&s, [.char("Y")]).first else { Issue.record("no OSC 52 copy"); return }
        #expect(s.notice?.text == "copied the curl command (key masked) by OSC 52")
    }

    @Test func tmuxsAnswerIsSaidAsItIs() {
        let done = TmuxClipboard.notice(what: "request body", setClipboard: "external", failure: nil)
        #expect(done.text.hasPrefix("copied the request body to tmux's buffer") && done.role == .success)
        let bufferOnly = TmuxClipboard.notice(what: "request body", setClipboard: "off", failure: nil)
        #expect(bufferOnly.text.contains("paste buffer only") && bufferOnly.text.contains("set -s set-clipboard on"))
        let failed = TmuxClipboard.notice(what: "request body", setClipboard: nil, failure: "no server running")
        #expect(failed.text.hasPrefix("not copied") && failed.text.contains("no server running") && failed.text.contains("set -s set-clipboard on"))
        #expect(failed.role == .error)
    }
}

/// The history pane's columns fit what they show.
@Suite struct HistoryColumnsTests {
    /// An entry for a text message, as recording it would make it (not sent: no exchange).
    static func entry(_ id: Int64, body: String = "hello") -> HistoryEntry {
        var s = AppState(width: 120, height: 40)
        s.draft.body = body
        s.recompute()
        let report = SendReport(gateway: .meta, profile: "meta", preparation: s.preparation, attempts: [])
        var e = HistoryDraft(report: report, message: s.draft.message, options: VendorOptions(), scenario: nil, bodyCap: 100).entry
        e.id = id
        e.outcome = "accepted"
        return e
    }

    static func summary(_ id: Int64, _ kind: String, gateway: String = "meta") -> HistorySummary {
        var e = entry(id)
        e.kind = kind
        e.gateway = gateway
        return HistorySummary(e)
    }

    @Test(arguments: [120, 80])
    func idsLineUpAndKindsAreWholeOrVisiblyCut(width: Int) {
        var s = AppState(width: width, height: 24)
        _ = press(&s, [.char("H")])
        let rows = [Self.summary(19, "interactive.button", gateway: "kaleyra"), Self.summary(9, "text"), Self.summary(8, "interactive.location_request_message")]
        _ = s.update(.historyPage(HistoryPage(rows: rows, nextBefore: nil), before: nil, token: 0))
        let lines = Renderer.render(s).grid.lines
        // Where an id ends on screen: right-aligned ids all end in the same column.
        func end(_ id: String) -> Int? {
            lines.lazy.compactMap { l in l.range(of: id + " ").map { l.distance(from: l.startIndex, to: $0.upperBound) } }.first
        }
        #expect(end("#19") != nil && end("#19") == end("#9") && end("#9") == end("#8"), "\(lines.joined(separator: "\n"))")
        if width >= 120 {
            #expect(lines.contains { $0.contains(" interactive.button ") } && lines.contains { $0.contains(" interactive.location_request_message ") })
        } else {
            #expect(lines.contains { $0.contains(" …button ") } && lines.contains { $0.contains(" …location… ") }, "\(lines.joined(separator: "\n"))")
        }
        #expect(!lines.contains { $0.contains("interactive. ") }, "no silent cut")
        #expect(lines.filter { $0.contains(" accepted") }.count == 3, "every row keeps its outcome")
    }
}

/// The compare view reads without colour: a gutter marks what only one entry has.
@Suite struct CompareGutterTests {
    @Test func removedAndAddedLinesAreMarkedInAGutter() {
        let d = HistoryPayloadDiff(old: HistoryColumnsTests.entry(3, body: "first"), new: HistoryColumnsTests.entry(4, body: "second"))
        let lines = AppState.diffLines(d)
        #expect(lines.contains { $0.0.hasPrefix("  - ") && $0.0.contains("\"first\"") && $0.1 == .error }, "\(lines.map(\.0))")
        #expect(lines.contains { $0.0.hasPrefix("  + ") && $0.0.contains("\"second\"") && $0.1 == .success })
        // Unchanged lines have a blank gutter, so the marked ones stand out in monochrome.
        #expect(lines.contains { $0.0.hasPrefix("    ") && $0.0.contains("\"type\": \"text\"") }, "\(lines.map(\.0))")
        #expect(lines.contains { $0.0 == "- only in #3 · + only in #4" })
        // On screen, as drawn.
        var s = AppState(width: 80, height: 24)
        _ = s.update(.diff(d))
        let screen = Renderer.render(s).grid.lines
        #expect(screen.contains { $0.contains("  - ") && $0.contains("\"first\"") } && screen.contains { $0.contains("  + ") && $0.contains("\"second\"") })
    }
}

/// Ctrl-O over a name already taken asks before anything is replaced.
@Suite struct SaveReplaceTests {
    @Test func savingOverATakenNameAsksFirst() {
        var s = AppState(width: 80, height: 24)
        let first = press(&s, [.ctrl("o")] + typing("welcome") + [.enter])
        #expect(first == [.saved(.save(name: "welcome", draft: s.draft, gateway: .meta, profile: "meta", replacing: false))])
        // The runtime found the name taken (nothing was written): the console asks.
        _ = s.update(.savedNameTaken("welcome"))
        #expect(Renderer.render(s).grid.text.contains("Replace “welcome”?"))
        // Anything but y keeps the saved one, and says so.
        #expect(press(&s, [.char("n")]).isEmpty)
        #expect(s.notice?.text.contains("not saved") == true && !Renderer.render(s).grid.text.contains("Replace “welcome”?"))
        _ = s.update(.savedNameTaken("welcome"))
        #expect(press(&s, [.char("y")]) == [.saved(.save(name: "welcome", draft: s.draft, gateway: .meta, profile: "meta", replacing: true))])
    }

    /// The library refuses the taken name without writing, which is what the question rests on.
    @Test func theLibraryRefusesATakenNameUnlessReplacing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-saved-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = SavedMessages(folder: dir)
        let s = AppState(width: 80, height: 24)
        let saved = SavedMessage(message: s.draft.message, gateway: .meta, profile: "meta", options: s.draft.options)
        try store.save(saved, as: "welcome")
        #expect(throws: SavedMessageError.exists("welcome")) { try store.save(saved, as: "welcome") }
        try store.save(saved, as: "welcome", replacing: true)
    }
}

/// At 80×24 nothing the console says is cut unseen: the help scrolls and wraps, long notices
/// and prompt errors wrap.
@Suite struct ReadableAt80x24Tests {
    static func words(_ lines: [String]) -> [Substring] { lines.flatMap { $0.split(separator: " ") } }

    @Test(arguments: Pane.allCases)
    func everyHelpLineIsReadable(pane: Pane) {
        var s = AppState(width: 80, height: 24)
        s.focus = pane
        _ = press(&s, [.char("?")])
        // (The focus settles on a pane the form has.)
        let layout = Renderer.HelpLayout(s)
        let body = s.keymap.helpLines(focus: s.focus)
        // Wrapping loses nothing: the rows say what the keymap's lines say.
        #expect(Self.words(layout.rows.map(\.text)).starts(with: Self.words(body)))
        #expect(layout.rows.allSatisfy { DisplayWidth.of($0.text) < layout.columnWidth })
        // Scrolling to the end shows every row once on some screen.
        var screens: [String] = []
        var previous: Int?
        while s.mode.isHelp, s.helpScroll != previous {
            previous = s.helpScroll
            screens += Renderer.render(s).grid.lines
            _ = press(&s, [.down])
        }
        #expect(s.mode.isHelp, "↓ scrolls rather than closes")
        for row in layout.rows where !row.text.isEmpty {
            #expect(screens.contains { $0.contains(row.text) }, "\(pane): \(row.text)")
        }
        _ = press(&s, [.char("x")])
        #expect(!s.mode.isHelp, "any other key closes it")
    }

    /// Unique words, so a cut anywhere shows as a missing one.
    static let longText = (1...40).map { "word\($0)" }.joined(separator: " ")

    @Test func aLongNoticeWraps() {
        var s = AppState(width: 80, height: 24)
        s.notice = Notice(text: Self.longText, role: .warning)
        let text = Renderer.render(s).grid.text
        #expect((1...40).allSatisfy { text.contains("word\($0) ") || text.contains("word\($0)\n") || text.hasSuffix("word\($0)") }, "\(text)")
    }

    @Test func aLongImportErrorWraps() {
        var s = AppState(width: 80, height: 24)
        var p = Prompt(purpose: .importCurl)
        p.error = Self.longText
        s.mode = .overlay(.prompt(p))
        let text = Renderer.render(s).grid.text
        #expect((1...40).allSatisfy { text.contains("word\($0) ") }, "\(text)")
    }
}

/// `a` and `A` at Meta's limits say why nothing was added.
@Suite struct ItemLimitTests {
    @Test func aThirdReplyButtonIsTheLastAndTheFourthSaysWhy() {
        var s = AppState(width: 120, height: 40)
        s.draft.kind = .button
        s.recompute()
        while s.focus != .buttons { _ = press(&s, [.tab]) }
        _ = press(&s, [.char("a")])
        #expect(s.draft.buttons.count == Limits.replyButtonsMax && s.notice == nil)
        _ = press(&s, [.char("a")])
        #expect(s.draft.buttons.count == Limits.replyButtonsMax)
        #expect(s.notice?.text == "nothing added: Meta allows at most 3 reply buttons (x removes one)")
        #expect(Renderer.render(s).grid.text.contains("at most 3 reply buttons"))
    }

    @Test func rowsAndSectionsAtTheirLimitsSayWhy() {
        var s = AppState(width: 120, height: 40)
        s.draft.kind = .list
        s.recompute()
        while s.focus != .buttons { _ = press(&s, [.tab]) }
        while s.draft.rowCount < Limits.listRowsTotal { _ = press(&s, [.char("a")]) }
        _ = press(&s, [.char("a")])
        #expect(s.draft.rowCount == 10 && s.notice?.text.contains("at most 10 rows across all sections") == true)
        _ = press(&s, [.char("A")])
        #expect(s.notice?.text.contains("a section needs one") == true, "\(String(describing: s.notice))")
        // Ten sections of one row each: the section limit is the one said.
        s.draft.sections = (1...Limits.listSectionsMax).map { DraftSection(title: "S\($0)", rows: [DraftRow(id: "r\($0)", title: "R\($0)")]) }
        s.recompute()
        _ = press(&s, [.char("A")])
        #expect(s.draft.sections.count == 10 && s.notice?.text.contains("at most 10 sections") == true)
    }
}

/// The SANDBOX / PRODUCTION badge shows at every width; the rest of the title gives way.
@Suite struct TitleBadgeTests {
    static func production() -> AppState {
        var prod = Profile(name: "prod-eu", gateway: .meta)
        prod.phoneNumberID = "1"; prod.apiVersion = "v23.0"; prod.secret = .inline("EAAGlive0000000000")
        var s = AppState(width: 120, height: 40, profiles: GatewayID.allCases.map(Profile.builtIn) + [prod])
        s.profileName[.meta] = "prod-eu"
        return s
    }

    @Test(arguments: [20, 24, 30, 40, 50, 59, 60, 61, 70, 80, 120])
    func theBadgeAlwaysShows(width: Int) {
        for var s in [AppState(width: width, height: 24), Self.production()] {
            s.width = width
            s.height = 24
            let title = Renderer.render(s).grid.lines[0]
            let (long, short) = s.profile.isSandbox ? ("SANDBOX", "SBX") : ("PRODUCTION", "PROD")
            #expect(title.contains(" \(long) ") || title.contains(" \(short) "), "\(width): \(title)")
            // The chosen gateway shows too; the long badge is kept down to 60 columns.
            #expect(title.contains("[meta]"), "\(width): \(title)")
            if width >= 60 { #expect(title.contains(" \(long) "), "\(width): \(title)") }
        }
    }
}
