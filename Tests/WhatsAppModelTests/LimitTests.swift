import Testing
@testable import WhatsAppModel

/// One character limit: a base message, the path of the text, and the limit in UTF-16 units.
struct TextLimit: CustomTestStringConvertible, Sendable {
    let base: String
    let path: String
    let limit: Int
    var testDescription: String { "\(path) ≤ \(limit)" }
}

/// Every character limit Meta documents for messages, at the limit and one
/// past it, in ASCII and in emoji (😀 is 2 UTF-16 units, so emoji texts prove the counting unit).
@Suite struct LimitTests {
    static let textLimits: [TextLimit] = [
        TextLimit(base: Base.text, path: "text.body", limit: Limits.textBody),
        TextLimit(base: Base.image, path: "image.caption", limit: Limits.mediaCaption),
        TextLimit(base: Base.buttons, path: "interactive.header.text", limit: Limits.interactiveHeaderText),
        TextLimit(base: Base.buttons, path: "interactive.body.text", limit: Limits.interactiveBody),
        TextLimit(base: Base.list, path: "interactive.body.text", limit: Limits.interactiveBodyLoose),
        TextLimit(base: Base.buttons, path: "interactive.footer.text", limit: Limits.interactiveFooter),
        TextLimit(base: Base.buttons, path: "interactive.action.buttons[1].reply.title", limit: Limits.replyButtonTitle),
        TextLimit(base: Base.buttons, path: "interactive.action.buttons[0].reply.id", limit: Limits.replyButtonID),
        TextLimit(base: Base.list, path: "interactive.action.button", limit: Limits.listButtonLabel),
        TextLimit(base: Base.list, path: "interactive.action.sections[0].title", limit: Limits.listSectionTitle),
        TextLimit(base: Base.list, path: "interactive.action.sections[0].rows[0].id", limit: Limits.listRowID),
        TextLimit(base: Base.list, path: "interactive.action.sections[0].rows[0].title", limit: Limits.listRowTitle),
        TextLimit(base: Base.list, path: "interactive.action.sections[0].rows[0].description", limit: Limits.listRowDescription),
        TextLimit(base: Base.cta, path: "interactive.action.parameters.display_text", limit: Limits.ctaDisplayText),
        TextLimit(base: Base.ctaWithHeader, path: "interactive.header.text", limit: Limits.interactiveHeaderText),
        TextLimit(base: Base.ctaWithHeader, path: "interactive.body.text", limit: Limits.interactiveBody),
        TextLimit(base: Base.locationRequest, path: "interactive.body.text", limit: Limits.interactiveBodyLoose),
        TextLimit(base: Base.flow, path: "interactive.header.text", limit: Limits.interactiveHeaderText),
        TextLimit(base: Base.productList, path: "interactive.action.sections[0].title", limit: Limits.productSectionTitle),
        TextLimit(base: Base.template, path: "template.components[0].parameters[0].text", limit: Limits.templateHeaderTextParam),
        TextLimit(base: Base.template, path: "template.components[1].parameters[0].text", limit: Limits.templateBodyTextParam),
        TextLimit(base: Base.templateBodyOnly, path: "template.components[0].parameters[0].text", limit: Limits.templateBodyOnlyTextParam),
        TextLimit(base: Base.text, path: "biz_opaque_callback_data", limit: Limits.bizOpaqueCallbackData),
    ]

    static func lengthErrors(_ findings: [Finding], at path: String) -> [Finding] {
        findings.filter { $0.path.description == path && $0.rule == .maxLength && $0.isError }
    }

    @Test(arguments: textLimits)
    func asciiAtTheLimitPassesAndOnePastFails(_ c: TextLimit) throws {
        let base = try json(c.base)
        let at = try validate(base.setting(c.path, to: .string(asciiText(units: c.limit))))
        #expect(Self.lengthErrors(at, at: c.path).isEmpty, "\(at)")
        let past = try validate(base.setting(c.path, to: .string(asciiText(units: c.limit + 1))))
        let f = try #require(Self.lengthErrors(past, at: c.path).first)
        #expect(f.limit == "\(c.limit)")
        #expect(f.actual == "\(c.limit + 1)")
    }

    /// flow_cta forbids emoji, so its limits are tested in ASCII only. Meta's current page allows
    /// 30 (the error); the older page's 20 is a warning.
    @Test func flowCTAWarnsPastTwentyAndFailsPastThirty() throws {
        let path = "interactive.action.parameters.flow_cta"
        let base = try json(Base.flow)
        let twenty = try validate(base.setting(path, to: .string(asciiText(units: 20))))
        #expect(!twenty.contains { $0.path.description == path })
        let twentyOne = try validate(base.setting(path, to: .string(asciiText(units: 21))))
        #expect(Self.lengthErrors(twentyOne, at: path).isEmpty)
        let w = try #require(twentyOne.first { $0.path.description == path && $0.severity == .warning })
        #expect(w.limit == "20" && w.actual == "21")
        // Meta's own example: 23 characters.
        #expect(try validate(base.setting(path, to: "Book your appointment!!")).errors.isEmpty)
        #expect(Self.lengthErrors(try validate(base.setting(path, to: .string(asciiText(units: 30)))), at: path).isEmpty)
        let f = try #require(Self.lengthErrors(try validate(base.setting(path, to: .string(asciiText(units: 31)))), at: path).first)
        #expect(f.limit == "30")
        #expect(f.actual == "31")
    }

    /// List and location-request bodies: 4096 is the refusal, past 1024 a warning.
    @Test(arguments: [Base.list, Base.locationRequest])
    func looserBodiesWarnPastTheStricterLimit(_ base: String) throws {
        let path = "interactive.body.text"
        let within = try validate(try json(base).setting(path, to: .string(asciiText(units: 1024))))
        #expect(!within.contains { $0.path.description == path })
        let over = try validate(try json(base).setting(path, to: .string(asciiText(units: 1025))))
        #expect(over.errors.isEmpty)
        #expect(over.contains { $0.path.description == path && $0.severity == .warning && $0.limit == "1024" && $0.actual == "1025" })
    }

    @Test(arguments: textLimits)
    func emojiAtTheLimitPassesAndOnePastFails(_ c: TextLimit) throws {
        let base = try json(c.base)
        let atText = emojiText(units: c.limit)
        #expect(TextLength.of(atText) == c.limit)
        let at = try validate(base.setting(c.path, to: .string(atText)))
        #expect(Self.lengthErrors(at, at: c.path).isEmpty)
        // One unit past in UTF-16, though only about half the limit in characters.
        let pastText = emojiText(units: c.limit + 1)
        #expect(pastText.count < c.limit)
        let past = try validate(base.setting(c.path, to: .string(pastText)))
        let f = try #require(Self.lengthErrors(past, at: c.path).first)
        #expect(f.actual == "\(c.limit + 1)")
    }

    @Test func combinedEmojiCountInUTF16Units() throws {
        #expect(TextLength.of("👨‍👩‍👧") == 8)      // man ZWJ woman ZWJ girl
        #expect(TextLength.of("👨‍👩‍👧‍👦") == 11)   // the family of four
        #expect(TextLength.of("🇿🇦") == 4)           // a flag: two regional indicators
        #expect(TextLength.of("👍🏽") == 4)           // skin tone modifier
        #expect(TextLength.of("é") == 1)
        #expect(TextLength.of("e\u{301}") == 2)      // e + combining acute
        // A reply title of two families and four letters is exactly 20 units.
        let base = try json(Base.buttons)
        let path = "interactive.action.buttons[0].reply.title"
        let ok = try validate(base.setting(path, to: .string("👨‍👩‍👧👨‍👩‍👧abcd")))
        #expect(Self.lengthErrors(ok, at: path).isEmpty)
        let over = try validate(base.setting(path, to: .string("👨‍👩‍👧👨‍👩‍👧abcd🇿")))
        #expect(Self.lengthErrors(over, at: path).first?.actual == "22")
    }

    // MARK: Counts

    static func buttons(_ n: Int) -> JSONValue {
        .array((0..<n).map { ["type": "reply", "reply": ["id": .string("b\($0)"), "title": .string("B\($0)")]] })
    }

    static func rows(_ n: Int, prefix: String) -> JSONValue {
        .array((0..<n).map { ["id": .string("\(prefix)\($0)"), "title": .string("Row \($0)")] })
    }

    static func itemErrors(_ findings: [Finding], _ path: String) -> [Finding] {
        findings.filter { $0.path.description == path && $0.rule == .maxItems && $0.isError }
    }

    @Test func replyButtonsThreeOkFourNot() throws {
        let base = try json(Base.buttons)
        #expect(Self.itemErrors(try validate(base.setting("interactive.action.buttons", to: Self.buttons(3))), "interactive.action.buttons").isEmpty)
        let f = try #require(Self.itemErrors(try validate(base.setting("interactive.action.buttons", to: Self.buttons(4))), "interactive.action.buttons").first)
        #expect(f.limit == "3")
        #expect(f.actual == "4")
        let none = try validate(base.setting("interactive.action.buttons", to: []))
        #expect(none.contains { $0.rule == .minItems })
    }

    @Test func listRowsTenAcrossSectionsOkElevenNot() throws {
        let base = try json(Base.list)
        let ten: JSONValue = [["title": "A", "rows": Self.rows(5, prefix: "a")], ["title": "B", "rows": Self.rows(5, prefix: "b")]]
        #expect(Self.itemErrors(try validate(base.setting("interactive.action.sections", to: ten)), "interactive.action.sections").isEmpty)
        let eleven: JSONValue = [["title": "A", "rows": Self.rows(5, prefix: "a")], ["title": "B", "rows": Self.rows(6, prefix: "b")]]
        let f = try #require(Self.itemErrors(try validate(base.setting("interactive.action.sections", to: eleven)), "interactive.action.sections").first)
        #expect(f.limit == "10")
        #expect(f.actual == "11")
    }

    @Test func listSectionsTenOkElevenNot() throws {
        let base = try json(Base.list)
        func sections(_ n: Int) -> JSONValue { .array((0..<n).map { ["title": .string("S\($0)"), "rows": Self.rows(1, prefix: "s\($0)-")] }) }
        let ok = try validate(base.setting("interactive.action.sections", to: sections(10)))
        #expect(ok.errors.isEmpty, "\(ok)")
        let past = try validate(base.setting("interactive.action.sections", to: sections(11)))
        #expect(past.contains { $0.rule == .maxItems && $0.limit == "10" && $0.actual == "11" && $0.message.contains("sections") })
    }

    @Test func productListThirtyProductsOkThirtyOneNot() throws {
        let base = try json(Base.productList)
        func sections(_ counts: [Int]) -> JSONValue {
            .array(counts.enumerated().map { (i, n) in
                ["title": .string("S\(i)"), "product_items": .array((0..<n).map { ["product_retailer_id": .string("p\(i)-\($0)")] })]
            })
        }
        #expect(try validate(base.setting("interactive.action.sections", to: sections([15, 15]))).errors.isEmpty)
        let past = try validate(base.setting("interactive.action.sections", to: sections([15, 16])))
        #expect(past.contains { $0.rule == .maxItems && $0.limit == "30" && $0.actual == "31" })
        #expect(try validate(base.setting("interactive.action.sections", to: sections(Array(repeating: 1, count: 10)))).errors.isEmpty)
        #expect(try validate(base.setting("interactive.action.sections", to: sections(Array(repeating: 1, count: 11)))).contains { $0.limit == "10" && $0.actual == "11" })
    }

    @Test func contactsFiveOkSixWarns() throws {
        let card: JSONValue = ["name": ["formatted_name": "Jo Doe", "first_name": "Jo"]]
        let base = try json(#"{"messaging_product":"whatsapp","to":"+27123456789","type":"contacts","contacts":[]}"#)
        #expect(try validate(base.setting("contacts", to: .array(Array(repeating: card, count: 5)))).isEmpty)
        let six = try validate(base.setting("contacts", to: .array(Array(repeating: card, count: 6))))
        #expect(six.count == 1)
        #expect(six.first?.severity == .warning)
        #expect(six.first?.actual == "6")
    }

    @Test func theLargestListIsValidAndEveryTextIsAtItsLimit() throws {
        let file = packageRoot.appendingPathComponent("examples/largest-list.json")
        let m = try OutboundMessage.parse(Array(try Data(contentsOf: file)))
        #expect(MessageValidator.validate(m).isEmpty)
        guard case .interactive(let i) = m.content, case .list(let list) = i.action else { Issue.record("not a list"); return }
        #expect(TextLength.of(i.header?.text ?? "") == Limits.interactiveHeaderText)
        #expect(TextLength.of(i.body?.text ?? "") == Limits.interactiveBody, "at the stricter limit: no warning either")
        #expect(TextLength.of(i.footer?.text ?? "") == Limits.interactiveFooter)
        #expect(TextLength.of(list.button) == Limits.listButtonLabel)
        let rows = list.sections.flatMap(\.rows)
        #expect(rows.count == Limits.listRowsTotal)
        #expect(rows.allSatisfy { TextLength.of($0.id) == Limits.listRowID && TextLength.of($0.title) == Limits.listRowTitle && TextLength.of($0.description ?? "") == Limits.listRowDescription })
    }
}

import Foundation
