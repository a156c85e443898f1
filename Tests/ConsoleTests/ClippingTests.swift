import Foundation
import Testing
@testable import Console
import Providers
import WhatsAppModel

/// Nothing is cut silently: text that does not fit ends in "…", long preview lines wrap, the
/// preview scrolls, and a field narrower than its value keeps the caret in view.
@Suite struct ClippingTests {
    @Test func aCutEndsInAnEllipsisAndPaddingIsNoCut() {
        var g = CellGrid(width: 10, height: 1)
        #expect(g.put("abcdefghijkl", x: 0, y: 0, maxWidth: 6) == 6)
        #expect(g.lines == ["abcde…    "])
        var h = CellGrid(width: 6, height: 1)
        h.put("ab中文字", x: 0, y: 0)
        #expect(h.lines == ["ab中… "], "the mark takes the left half of a cut wide character")
        var p = CellGrid(width: 4, height: 1)
        p.put("ab      ", x: 0, y: 0)
        #expect(p.lines == ["ab  "], "trailing spaces are padding, not text")
        var c = CellGrid(width: 4, height: 1)
        c.put("e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}", x: 0, y: 0)
        #expect(c.lines == ["e\u{301}e\u{301}e\u{301}…"], "the character path marks a cut too")
    }

    @Test func aFieldScrolledPastItsStartSaysSo() {
        let line = LineEditor("+27 82 555 0100 and more")
        let shown = line.visible(columns: 10)
        #expect(shown.text.hasPrefix("…"))
        #expect(shown.caretColumn == 9 && DisplayWidth.of(shown.text) == 9, "the caret's column after the text: \(shown)")
        let short = LineEditor("short").visible(columns: 10)
        #expect(short.text == "short" && short.caretColumn == 5)
    }

    @Test func wrappingKeepsWideCharactersWholeAndMarksContinuations() {
        let rows = Wrap.rows([(Substring("ab中文"), Style()), (Substring("xyz"), Style(.accent))], width: 4)
        #expect(rows.map { $0.map { String($0.0) }.joined() } == ["ab中", "文x", "yz"])
        #expect(rows[1].map(\.1.role) == [.text, .accent], "styles stay with their text")
        #expect(Wrap.rowCount("abcd", width: 4) == 1)
        #expect(Wrap.rowCount("abcdefg", width: 4) == 2)
    }

    /// The preview's rows (right of the form's rule), a continuation joined to the row above.
    func previewLines(_ s: AppState) -> [String] {
        var joined: [String] = []
        for line in Renderer.render(s).grid.lines.dropFirst() {
            guard let rule = line.firstIndex(of: "│") else { continue }
            let row = line[line.index(after: rule)...].trimmingCharacters(in: .whitespaces)
            if row.hasPrefix(Wrap.continuation), !joined.isEmpty { joined[joined.count - 1] += row.dropFirst() } else { joined.append(row) }
        }
        return joined
    }

    @Test func theKaleyraURLIsWholeAt120Columns() {
        var s = AppState(width: 120, height: 40, gateway: .kaleyra)
        s.recompute()
        let url = s.preparation.request!.url
        #expect(url.count > 70)
        #expect(previewLines(s).contains("POST " + url), "\(Renderer.render(s).grid.text)")
    }

    @Test func theRecipientShowsWholeAt80Columns() {
        var s = AppState(width: 80, height: 24)
        s.draft.to = "+27 82 555 0100"
        s.recompute()
        #expect(Renderer.render(s).grid.lines.contains { $0.contains("to            +27 82 555 0100") })
    }

    @Test func aTallPreviewScrollsWithinItsRowsAndSaysWhichAreShown() {
        var s = AppState(width: 80, height: 24)
        s.draft.body = String(repeating: "Long body text that wraps. ", count: 20)
        s.focus = .preview
        s.recompute()
        let max = s.previewMaxScroll
        #expect(max > 0)
        #expect(Renderer.render(s).grid.text.contains("· rows 1–"))
        _ = press(&s, Array(repeating: .pageDown, count: 10))
        #expect(s.previewScroll == max, "PgDn stops at the end")
        _ = press(&s, [.pageUp])
        #expect(s.previewScroll < max, "one PgUp comes back at once")
        _ = press(&s, Array(repeating: .up, count: 100))
        #expect(s.previewScroll == 0)
        // The body string wraps: its end comes on screen as the preview scrolls down (the bubble
        // follows it).
        var seen = false
        for _ in 0..<10 where !seen {
            _ = press(&s, [.pageDown])
            seen = previewLines(s).contains { $0.hasSuffix("wraps. \"") }
        }
        #expect(seen, "the body's end shows")
    }

    @Test func findingsWrapAndTheRestIsAtTheEndOfTheRequest() {
        var s = AppState(width: 80, height: 24)
        s.draft.kind = .list
        s.draft.sections = [DraftSection(title: "", rows: (0..<12).map { DraftRow(id: "", title: String(repeating: "t", count: 30 + $0)) })]
        s.recompute()
        #expect(s.preparation.findings.count > 4)
        let text = Renderer.render(s).grid.text
        #expect(text.contains("… more after the request (scroll down)"))
        s.focus = .preview
        _ = press(&s, Array(repeating: .pageDown, count: 20))
        let last = s.preparation.findings.sorted { $0.severity < $1.severity }.last!
        #expect(previewLines(s).contains("\(last.path.display): \(last.message)"), "the last finding, whole, at the end")
    }
}
