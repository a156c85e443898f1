import Testing
import WhatsAppModel

/// WhatsApp's formatting markers, read as the phone reads them.
@Suite struct WhatsAppFormattingTests {
    typealias Run = WhatsAppFormatting.Run

    @Test func markersAtWordBoundariesStyleTheirText() {
        #expect(WhatsAppFormatting.runs("Your order *4471* ships _today_") ==
                [Run("Your order "), Run("4471", .bold), Run(" ships "), Run("today", .italic)])
        #expect(WhatsAppFormatting.runs("~old~ price, `code` and ```a * b```") ==
                [Run("old", .strikethrough), Run(" price, "), Run("code", .monospace), Run(" and "), Run("a * b", .monospace)])
        #expect(WhatsAppFormatting.runs("*_both_*") == [Run("both", [.bold, .italic])])
        #expect(WhatsAppFormatting.runs("(*note*)") == [Run("("), Run("note", .bold), Run(")")])
    }

    @Test func unpairedOrInWordMarkersStayAsWritten() {
        for text in ["2 * 3 = 6", "a*b*c", "snake_case_name", "* not bold*", "*not bold *", "**", "***", "unclosed *bold", "```open"] {
            #expect(WhatsAppFormatting.runs(text) == [Run(text)], "\(text)")
        }
        #expect(WhatsAppFormatting.plain("*Hi* _there_\nline ~two~") == "Hi there\nline two")
    }

    @Test func manyMarkersAreReadInOnePass() {
        // Ten thousand openers with no closers, and ten thousand pairs: both read whole.
        let open = String(repeating: "*a ", count: 10_000)
        #expect(WhatsAppFormatting.runs(open).map(\.text).joined() == open)
        let pairs = String(repeating: "*a* ", count: 10_000)
        #expect(WhatsAppFormatting.runs(pairs).filter { $0.style == .bold }.count == 10_000)
    }
}
