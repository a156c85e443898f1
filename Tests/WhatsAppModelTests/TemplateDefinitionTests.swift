import Foundation
import Testing
@testable import WhatsAppModel

/// The template definitions of Tests/Corpus/templates: one template object per file, as Meta's
/// `GET /{waba-id}/message_templates` answers it.
enum TemplateCorpus {
    static let folder = packageRoot.appendingPathComponent("Tests/Corpus/templates")

    static func files() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func json(_ file: String) throws -> JSONValue {
        try JSONParser.parse(Array(try Data(contentsOf: folder.appendingPathComponent(file))))
    }

    static func definition(_ file: String) throws -> TemplateDefinition {
        try TemplateDefinition(json: try json(file))
    }

    /// Every file, as one library.
    static func library() throws -> TemplateLibrary {
        try TemplateLibrary(json: .array(try files().map { try JSONParser.parse(Array(try Data(contentsOf: $0))) }))
    }
}

@Suite struct TemplateDefinitionTests {
    @Test func everyCorpusFileReadsAndRoundTrips() throws {
        let files = try TemplateCorpus.files()
        #expect(files.count >= 19)
        for file in files {
            let json = try JSONParser.parse(Array(try Data(contentsOf: file)))
            let d = try TemplateDefinition(json: json)
            #expect(d.json == json, "\(file.lastPathComponent)")
            // And again: what wacon writes reads back the same.
            #expect(try TemplateDefinition(json: d.json) == d, "\(file.lastPathComponent)")
        }
    }

    @Test func anOrderUpdateWithAnImageHeaderAndTwoBodyVariables() throws {
        let d = try TemplateCorpus.definition("order_update.en_US.json")
        #expect(d.name == "order_update")
        #expect(d.language == "en_US")
        #expect(d.status == .approved)
        #expect(d.category == .utility)
        #expect(d.quality == "GREEN")
        #expect(d.id == "1180432269923501")
        #expect(!d.usesNamedParameters)
        #expect(d.parameterFormat == .positional)
        #expect(d.header?.format == .image)
        #expect(d.header?.format?.needsParameter == true)
        #expect(d.header?.headerHandles == ["https://scontent.whatsapp.net/v/t61.29466-34/order_update_header.jpg"])
        #expect(d.body?.placeholders == [TemplatePlaceholder(name: "1", example: "Priya"), TemplatePlaceholder(name: "2", example: "WC-20417")])
        #expect(d.footer?.text == "Reply STOP to opt out")
        #expect(d.buttons.map(\.index) == [0, 1])
        #expect(d.buttons.map(\.type) == [.url, .quickReply])
        #expect(d.buttons[0].hasDynamicURL)
        #expect(d.buttons[0].needsMessageComponent)
        // Meta's example is the whole URL; the placeholder's example is the suffix.
        #expect(d.buttons[0].placeholders == [TemplatePlaceholder(name: "1", example: "WC-20417")])
        #expect(d.buttons[0].messageSubType == "url")
        #expect(d.buttons[1].messageSubType == "quick_reply")
        #expect(!d.buttons[1].needsMessageComponent)
        // A member wacon does not model is kept.
        #expect(d.unknownFields["sub_category"] == "ORDER_DETAILS")
        #expect(!d.isAuthentication)
    }

    @Test func aTextHeaderVariableAndAPhoneButton() throws {
        let d = try TemplateCorpus.definition("appointment_reminder.en_US.json")
        #expect(d.header?.format == .text)
        #expect(d.header?.placeholders == [TemplatePlaceholder(name: "1", example: "Dental check-up")])
        #expect(d.buttons.map(\.type) == [.quickReply, .quickReply, .phoneNumber])
        #expect(d.buttons[2].phoneNumber == "+27215550100")
        #expect(d.buttons[2].messageSubType == nil)
        #expect(d.quality == "UNKNOWN")
    }

    @Test func aNamedParameterTemplate() throws {
        let d = try TemplateCorpus.definition("spring_sale.en_US.json")
        #expect(d.usesNamedParameters)
        #expect(d.category == .marketing)
        #expect(d.header?.placeholders == [TemplatePlaceholder(name: "sale_name", example: "Spring Sale")])
        #expect(d.body?.placeholders.map(\.name) == ["first_name", "discount", "end_date"])
        #expect(d.body?.placeholders.map(\.example) == ["Lerato", "25%", "31 March"])
        #expect(d.body?.placeholders.allSatisfy { !$0.isPositional } == true)
        #expect(d.buttons[0].type == .copyCode)
        #expect(d.buttons[0].placeholders == [TemplatePlaceholder(name: "coupon_code", example: "SPRING25")])
        #expect(d.buttons[0].messageSubType == "copy_code")
        #expect(d.buttons[1].type == .url)
        #expect(!d.buttons[1].hasDynamicURL)
        #expect(d.buttons[1].placeholders.isEmpty)
        #expect(d.quality == "YELLOW")
    }

    @Test func authenticationTemplatesAndTheirOTPButtons() throws {
        let copy = try TemplateCorpus.definition("verification_code.en_US.json")
        #expect(copy.isAuthentication)
        #expect(copy.body?.addSecurityRecommendation == true)
        #expect(copy.footer?.codeExpirationMinutes == JSONNumber(10))
        #expect(copy.body?.placeholders.map(\.name) == ["1"])
        let otp = copy.buttons[0]
        #expect(otp.type == .otp)
        #expect(otp.otpType == .copyCode)
        #expect(otp.isOTP)
        #expect(otp.messageSubType == "url")
        #expect(otp.needsMessageComponent)
        #expect(copy.unknownFields["message_send_ttl_seconds"] == 600)

        // Once created, Meta answers an OTP button as a URL button with its OTP link.
        let oneTap = try TemplateCorpus.definition("login_code_one_tap.en_US.json")
        #expect(oneTap.buttons[0].type == .url)
        #expect(oneTap.buttons[0].isOTP)
        #expect(oneTap.buttons[0].messageSubType == "url")
        #expect(oneTap.isAuthentication)

        let zeroTap = try TemplateCorpus.definition("login_code_zero_tap.en_US.json")
        #expect(zeroTap.buttons[0].otpType == .zeroTap)
        #expect(zeroTap.buttons[0].unknownFields["supported_apps"]?.arrayValue?.count == 1)
        #expect(zeroTap.buttons[0].unknownFields["zero_tap_terms_accepted"] == true)
    }

    @Test func aCarouselOfTwoCards() throws {
        let d = try TemplateCorpus.definition("summer_collection.en_US.json")
        #expect(d.carouselCards.count == 2)
        for (i, card) in d.carouselCards.enumerated() {
            #expect(card.header?.format == .image, "card \(i)")
            #expect(card.body?.placeholders.map(\.name) == ["1"], "card \(i)")
            #expect(card.buttons.map(\.type) == [.quickReply, .url], "card \(i)")
            #expect(card.buttons.map(\.index) == [0, 1], "card \(i)")
        }
        #expect(d.carouselCards[1].buttons[1].placeholders.first?.example == "straw-hat")
        #expect(d.carouselCards[0].body?.placeholders.first?.example == "R 499")
    }

    @Test func flowCatalogMultiProductAndCallButtons() throws {
        let flow = try TemplateCorpus.definition("book_appointment_flow.en_US.json").buttons[0]
        #expect(flow.type == .flow)
        #expect(flow.flowID == "1293848530097512")
        #expect(flow.flowAction == "navigate")
        #expect(flow.navigateScreen == "APPOINTMENT")
        #expect(flow.messageSubType == "flow")
        #expect(!flow.needsMessageComponent)

        #expect(try TemplateCorpus.definition("catalog_launch.en_US.json").buttons[0].messageSubType == "catalog")
        let mpm = try TemplateCorpus.definition("bundle_picks.en_US.json")
        #expect(mpm.buttons[0].type == .mpm)
        #expect(mpm.buttons[0].needsMessageComponent)

        let call = try TemplateCorpus.definition("call_back_offer.en_US.json")
        #expect(call.components.map(\.type) == [.body, .callPermissionRequest, .buttons])
        #expect(call.buttons[0].type == .voiceCall)
        #expect(call.buttons[0].messageSubType == "voice_call")
    }

    @Test func everyHeaderFormatAndTheLimitedTimeOffer() throws {
        let offer = try TemplateCorpus.definition("flash_deal.en_US.json")
        #expect(offer.header?.format == .video)
        #expect(offer.limitedTimeOffer?.offerHasExpiration == true)
        #expect(offer.limitedTimeOffer?.limitedTimeOffer?["text"] == "Ends soon!")
        // A copy-code example may be a list as well as a string.
        #expect(offer.buttons[0].placeholders.first?.example == "RUN50")
        #expect(offer.buttons[1].placeholders.first?.example == "running?src=wa")

        #expect(try TemplateCorpus.definition("invoice_ready.en_US.json").header?.format == .document)
        #expect(try TemplateCorpus.definition("store_pickup.en_US.json").header?.format == .location)
        let gif = try TemplateCorpus.definition("new_arrivals_gif.en_US.json")
        #expect(gif.header?.format == .gif)
        #expect(gif.header?.format?.parameterTypes == ["gif", "video"])
        #expect(gif.body?.placeholders == [])
    }

    @Test func statuses() throws {
        #expect(try TemplateCorpus.definition("winter_promo.en_US.json").status == .paused)
        #expect(try TemplateCorpus.definition("winter_promo.en_US.json").quality == "RED")
        #expect(try TemplateCorpus.definition("shipping_notice_v1.en_US.json").status == .disabled)
        #expect(try TemplateCorpus.definition("loyalty_welcome.en_US.json").status == .pending)
        // Words compare without regard to case, and keep their spelling.
        let lower = TemplateStatus(rawValue: "in_appeal")
        #expect(lower.is(.inAppeal))
        #expect(lower.rawValue == "in_appeal")
    }

    @Test func placeholdersAreReadFromText() {
        #expect(TemplatePlaceholder.names(in: "Hi {{1}}, {{2}} and {{1}} again") == ["1", "2"])
        #expect(TemplatePlaceholder.names(in: "{{ first_name }} {{a-b}} {{}} {{x_1}}") == ["first_name", "x_1"])
        #expect(TemplatePlaceholder.names(in: "no variables {{ here") == [])
        #expect(TemplatePlaceholder.substitute(in: "Hi {{1}}, {{2}}!") { $0 == "1" ? "Ann" : nil } == "Hi Ann, {{2}}!")
    }

    // MARK: Reading errors

    @Test func aDefinitionWithoutNameOrLanguageIsAnErrorWithItsPath() throws {
        let base = try TemplateCorpus.json("winter_promo.en_US.json")
        #expect(throws: MessageDecodingError(path: "name", reason: "a template needs its name")) {
            try TemplateDefinition(json: base.removing("name"))
        }
        #expect(throws: MessageDecodingError(path: "language", reason: "a template needs its language")) {
            try TemplateDefinition(json: base.removing("language"))
        }
        #expect(throws: MessageDecodingError(path: "language", reason: "a template's language is a string, found a number")) {
            try TemplateDefinition(json: base.setting("language", to: 5))
        }
        #expect(throws: MessageDecodingError(path: "data[3]", reason: "expected a template object, found a string")) {
            try TemplateDefinition(json: "x", at: FieldPath("data").index(3))
        }
        let badComponent = base.setting("components", to: ["BODY"])
        #expect(throws: MessageDecodingError(path: "components[0]", reason: "expected a template object, found a string")) {
            try TemplateDefinition(json: badComponent)
        }
    }

    @Test func membersOfAnUnexpectedTypeAreKeptNotRefused() throws {
        let odd = try TemplateCorpus.json("order_update.en_US.json")
            .setting("status", to: 3)
            .setting("components[1].text", to: ["not", "text"])
            .setting("components[3].buttons[0].url", to: false)
        let d = try TemplateDefinition(json: odd)
        #expect(d.status == nil)
        #expect(d.body?.text == nil)
        #expect(d.body?.placeholders == [])
        #expect(d.buttons[0].url == nil)
        #expect(d.json == odd)
    }

    // MARK: The library

    @Test func aLibraryFromAListAPageOrAListOfPages() throws {
        let files = try TemplateCorpus.files().map { try JSONParser.parse(Array(try Data(contentsOf: $0))) }
        let list = try TemplateLibrary(json: .array(files))
        #expect(list.count == files.count)
        let page: JSONValue = ["data": .array(files), "paging": ["cursors": ["before": "QVFI", "after": "QVFJ"]]]
        #expect(try TemplateLibrary(json: page) == list)
        let half = files.count / 2
        let pages: JSONValue = [
            ["data": .array(Array(files[..<half])), "paging": ["cursors": ["before": "A", "after": "B"], "next": "https://graph.facebook.com/v25.0/1/message_templates?after=B"]],
            ["data": .array(Array(files[half...])), "paging": ["cursors": ["before": "B", "after": "C"]]],
        ]
        #expect(try TemplateLibrary(json: pages) == list)
        #expect(list.json == .array(files))
    }

    @Test func lookupByNameAndLanguage() throws {
        let library = try TemplateCorpus.library()
        #expect(library.definition(name: "appointment_reminder", language: "pt_BR")?.header?.text == "Lembrete: {{1}}")
        #expect(library.definition(name: "appointment_reminder", language: "en_US")?.header?.text == "Reminder: {{1}}")
        #expect(library.definition(name: "appointment_reminder", language: "en") == nil)
        #expect(library.definition(name: "no_such_template", language: "en_US") == nil)
        #expect(library.languages(of: "appointment_reminder") == ["en_US", "pt_BR"])
        #expect(library.languages(of: "no_such_template") == [])
        #expect(library.names.filter { $0 == "appointment_reminder" }.count == 1)
    }

    @Test func aRepeatedTemplateKeepsItsLastDefinition() throws {
        let first = try TemplateCorpus.json("winter_promo.en_US.json")
        let second = first.setting("status", to: "APPROVED")
        let other = try TemplateCorpus.json("order_update.en_US.json")
        let library = try TemplateLibrary(json: [first, other, second])
        #expect(library.count == 2)
        #expect(library.definitions.map(\.name) == ["winter_promo", "order_update"])
        #expect(library.definition(name: "winter_promo", language: "en_US")?.status == .approved)
    }

    @Test func anUnreadableTemplateIsListedAndTheRestRead() throws {
        let good = try TemplateCorpus.json("order_update.en_US.json")
        let page: JSONValue = ["data": [good, ["language": "en_US"], 7]]
        let library = try TemplateLibrary(json: page)
        #expect(library.count == 1)
        #expect(library.unreadable == [
            MessageDecodingError(path: "data[1].name", reason: "a template needs its name"),
            MessageDecodingError(path: "data[2]", reason: "expected a template object, found a number"),
        ])
        #expect(throws: MessageDecodingError.self) { try TemplateLibrary(json: "templates") }
        let notAList = try TemplateLibrary(json: ["data": "none"])
        #expect(notAList.isEmpty)
        #expect(notAList.unreadable.map(\.path) == ["data"])
    }
}
