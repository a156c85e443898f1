import Foundation
import Testing
@testable import Console
import Providers
import Session
import WhatsAppModel

/// Focus always lands on a pane and field that exist, whatever changed them (issue 15, item 10).
@Suite struct FocusTests {
    /// The focus, its row and `?` agree with what the form shows.
    func expectSettled(_ s: AppState, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(s.panes.contains(s.focus), "focus on \(s.focus) after \(what); panes \(s.panes)", sourceLocation: sourceLocation)
        let count = s.fields(s.focus).count
        #expect((s.row[s.focus] ?? 0) < max(1, count), "row \(s.row[s.focus] ?? 0) of \(count) after \(what)", sourceLocation: sourceLocation)
        // The form marks the focused pane, and the help is about it.
        var help = s
        help.mode = .help
        let screen = Renderer.render(help).grid.text
        #expect(screen.contains("Keys · \(s.focus.title)"), "after \(what)", sourceLocation: sourceLocation)
        // (A 20×6 form has room for the focused field's line only.)
        if s.focus != .preview && s.focus != .send && s.height >= 24 {
            #expect(Renderer.render(s).grid.text.contains("▸ \(s.focus.title)"), "no pane marked after \(what)", sourceLocation: sourceLocation)
        }
    }

    func draft(_ kind: DraftKind) -> Draft {
        var d = Draft()
        d.kind = kind
        if kind == .json { d.json = JSONWriter.prettyString(Draft().message.json) }
        return d
    }

    /// Every pane of every kind, then a message of every other kind opened (the palette's,
    /// history's or a file's way in): focus on what is there, on its last row before.
    @Test func openingAnotherKindKeepsTheFocusOnAPaneThatExists() {
        for from in DraftKind.allCases {
            var start = AppState(width: 100, height: 30, gateway: .kaleyra)
            start.draft = draft(from)
            start.recompute()
            for pane in start.panes {
                for to in DraftKind.allCases where to != from {
                    var s = start
                    s.focus = pane
                    s.row[pane] = max(0, s.fields(pane).count - 1)
                    _ = s.update(.opened(draft(to), .meta, profile: nil, from: "“\(to.rawValue)”"))
                    expectSettled(s, "opening \(to.rawValue) over \(from.rawValue) with \(pane) focused")
                }
            }
        }
    }

    /// The user's version: a list with the buttons pane focused, then a text message opened
    /// from the palette's saved messages: the Content pane has the focus and `?` its keys.
    @Test func aListsButtonsPaneGivesWayToContent() {
        var s = AppState(width: 120, height: 40)
        _ = s.update(.opened(draft(.list), nil, profile: nil, from: "“list”"))
        _ = press(&s, [.tab, .tab, .tab])
        #expect(s.focus == .buttons)
        _ = press(&s, [.ctrl("p")] + typing("open"))
        _ = s.update(.opened(draft(.text), nil, profile: nil, from: "“text”"))
        #expect(s.focus == .content)
        _ = press(&s, [.char("?")])
        #expect(Renderer.render(s).grid.text.contains("Keys · Content"))
    }

    /// The type changed from the form, the gateway from the title bar, palette or keys, a
    /// Flow loaded, the terminal resized: the focus stays on something that exists.
    @Test func otherChangesOfThePanes() throws {
        var s = AppState(width: 120, height: 40, gateway: .kaleyra)
        s.focus = .options
        _ = press(&s, [.char("g"), .char("g")])
        expectSettled(s, "another gateway by key")
        s.gateway = .zixflow
        s.focus = .options
        _ = press(&s, [.ctrl("p")] + typing("meta") + [.enter])
        expectSettled(s, "another gateway from the palette")

        // The type cycled away from list while the rows are focused elsewhere: a list's
        // last row, then text.
        var t = AppState(width: 80, height: 24)
        _ = t.update(.opened(draft(.list), nil, profile: nil, from: "list"))
        t.focus = .buttons
        t.row[.buttons] = t.fields(.buttons).count - 1
        _ = press(&t, [.ctrl("p")] + typing("type: text") + [.enter])
        #expect(t.draft.kind == .text)
        expectSettled(t, "type text from the palette")

        // A resize (to the smallest size and back) and a Flow loaded.
        _ = t.update(.key(.resize(width: 20, height: 6)))
        expectSettled(t, "a resize to 20×6")
        _ = t.update(.key(.resize(width: 80, height: 24)))
        expectSettled(t, "a resize back to 80×24")
        var f = AppState(width: 80, height: 24)
        f.draft.kind = .flow
        f.focus = .flow
        f.row[.flow] = 40
        _ = f.update(.flowLoaded(LoadedFlow(path: "a.json", document: try FlowDocument.load(path: appointmentPath), lint: [])))
        expectSettled(f, "a Flow loaded")
    }

    /// An edit of a field the form no longer has (a Flow loaded under it) ends with the next
    /// event rather than typing into nothing.
    @Test func anEditEndsWhenItsFieldGoes() {
        var s = AppState(width: 80, height: 24)
        s.focus = .flow
        s.mode = .editing(FieldEditing(field: .flowDataMember("gone"), line: LineEditor("x")))
        _ = s.update(.notice(Notice(text: "a result came back", role: .muted)))
        #expect(s.mode.editing == nil)
        expectSettled(s, "an edit whose field went")
    }
}
