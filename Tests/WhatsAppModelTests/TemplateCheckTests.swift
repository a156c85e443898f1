import Foundation
import Testing
@testable import WhatsAppModel

/// A template message checked against the corpus library: each check with a failing and a
/// passing case, its path, its severity and the Meta code it names.
@Suite struct TemplateCheckTests {
    let library: TemplateLibrary

    init() throws { library = try TemplateCorpus.library() }

    /// A template message from its JSON (the `template` object of a send request).
    func message(_ json: JSONValue) throws -> TemplateContent { try TemplateContent(json: json, at: "template") }

    /// The filled message of a corpus template, as JSON to edit.
    func filled(_ name: String, _ language: String = "en_US", _ values: [String: String] = [:]) throws -> JSONValue {
        try #require(library.definition(name: name, language: language)).message(parameters: values).json
    }

    func check(_ json: JSONValue) throws -> [Finding] { TemplateCheck.check(try message(json), against: library) }

    /// The one finding expected: an error at `path` naming `code`.
    func expectOnly(_ findings: [Finding], at path: String, code: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(findings.count == 1, "\(findings)", sourceLocation: sourceLocation)
        guard let f = findings.first else { return }
        #expect(f.severity == .error, sourceLocation: sourceLocation)
        #expect(f.rule == .templateDefinition, sourceLocation: sourceLocation)
        #expect(f.path.description == path, "\(f)", sourceLocation: sourceLocation)
        #expect(f.message.contains("would fail with \(code)"), "\(f)", sourceLocation: sourceLocation)
    }

    // MARK: Name, language, status

    @Test func anUnknownNameSuggestsNearNames() throws {
        let f = try check(try filled("order_update").setting("name", to: "order_updte"))
        expectOnly(f, at: "template.name", code: 132001)
        #expect(f[0].message.contains("did you mean order_update"))
        let far = try check(try filled("order_update").setting("name", to: "zzz_completely_else"))
        expectOnly(far, at: "template.name", code: 132001)
        #expect(!far[0].message.contains("did you mean"))
        #expect(try check(try filled("order_update")).isEmpty)
    }

    @Test func aLanguageTheTemplateLacksNamesTheOnesItHas() throws {
        let f = try check(try filled("appointment_reminder").setting("language.code", to: "es"))
        expectOnly(f, at: "template.language.code", code: 132001)
        #expect(f[0].message.contains("en_US, pt_BR"))
        #expect(f[0].limit == "en_US, pt_BR")
        #expect(try check(try filled("appointment_reminder", "pt_BR")).isEmpty)
    }

    @Test func pausedDisabledAndUnapprovedTemplates() throws {
        expectOnly(try check(try filled("winter_promo")), at: "template.name", code: 132015)
        expectOnly(try check(try filled("shipping_notice_v1")), at: "template.name", code: 132016)
        let pending = try check(try filled("loyalty_welcome"))
        expectOnly(pending, at: "template.name", code: 132001)
        #expect(pending[0].actual == "PENDING")
        // The same template once approved passes.
        var approved = try #require(library.definition(name: "winter_promo", language: "en_US"))
        approved.status = .approved
        #expect(TemplateCheck.check(try message(try filled("winter_promo")), against: approved).isEmpty)
        for status in ["REJECTED", "IN_APPEAL"] {
            approved.status = TemplateStatus(rawValue: status)
            expectOnly(TemplateCheck.check(try message(try filled("winter_promo")), against: approved), at: "template.name", code: 132001)
        }
    }

    // MARK: Parameter counts

    @Test func bodyParameterCount() throws {
        // order_update: header, body, button 0 (url), button 1 (quick reply).
        let short = try filled("order_update").setting("components[1].parameters", to: [["type": "text", "text": "Priya"]])
        let f = try check(short)
        expectOnly(f, at: "template.components[1].parameters", code: 132000)
        #expect(f[0].limit == "2")
        #expect(f[0].actual == "1")
        let long = try filled("order_update").setting("components[1].parameters", to: [
            ["type": "text", "text": "a"], ["type": "text", "text": "b"], ["type": "text", "text": "c"],
        ])
        expectOnly(try check(long), at: "template.components[1].parameters", code: 132000)
    }

    @Test func aMissingBodyComponent() throws {
        var json = try filled("verification_code")
        var components = try #require(json["components"]?.arrayValue)
        components.remove(at: 0)
        json = json.setting("components", to: .array(components))
        // The body is gone; the OTP button still carries the code.
        expectOnly(try check(json), at: "template.components", code: 132000)
    }

    @Test func parametersForATextWithoutVariables() throws {
        let json = try filled("new_arrivals_gif")
        let extra = json.setting("components", to: .array((json["components"]?.arrayValue ?? []) + [["type": "body", "parameters": [["type": "text", "text": "x"]]]]))
        expectOnly(try check(extra), at: "template.components[1].parameters", code: 132000)
        #expect(try check(json).isEmpty)
    }

    @Test func headerTextParameterCount() throws {
        let two = try filled("appointment_reminder").setting("components[0].parameters", to: [["type": "text", "text": "a"], ["type": "text", "text": "b"]])
        expectOnly(try check(two), at: "template.components[0].parameters", code: 132000)
    }

    // MARK: Named parameters

    @Test func namedParametersAreGivenByName() throws {
        // spring_sale: header {{sale_name}}, body {{first_name}} {{discount}} {{end_date}}.
        let ok = try filled("spring_sale")
        #expect(try check(ok).isEmpty)

        let unnamed = ok.setting("components[1].parameters[0]", to: ["type": "text", "text": "Lerato"])
        expectOnly(try check(unnamed), at: "template.components[1].parameters[0]", code: 132012)

        let unknown = ok.setting("components[1].parameters[1].parameter_name", to: "discont")
        let f = try check(unknown)
        #expect(f.count == 2, "\(f)")
        #expect(f.contains { $0.path == "template.components[1].parameters[1].parameter_name" && $0.message.contains("would fail with 132000") && $0.message.contains("did you mean discount") })
        #expect(f.contains { $0.path == "template.components[1].parameters" && $0.message.contains("{{discount}}") && $0.message.contains("would fail with 132000") })

        let twice = ok.setting("components[1].parameters[2].parameter_name", to: "first_name")
        let t = try check(twice)
        #expect(t.contains { $0.path == "template.components[1].parameters[2].parameter_name" && $0.message.contains("twice") && $0.message.contains("132000") })
        #expect(t.contains { $0.path == "template.components[1].parameters" && $0.message.contains("{{end_date}}") })
        #expect(t.allSatisfy { $0.isError && $0.rule == .templateDefinition })

        // Order does not matter when every parameter names its variable.
        let params = try #require(ok["components"]?[1]?["parameters"]?.arrayValue)
        let reordered = ok.setting("components[1].parameters", to: .array(params.reversed()))
        #expect(try check(reordered).isEmpty)
    }

    @Test func aPositionalTemplateTakesNoParameterNames() throws {
        let named = try filled("order_update").setting("components[1].parameters[0].parameter_name", to: "first_name")
        expectOnly(try check(named), at: "template.components[1].parameters[0].parameter_name", code: 132012)
    }

    // MARK: Types and formats

    @Test func aMediaHeaderNeedsItsKindOfParameter() throws {
        let ok = try filled("order_update")
        let text = ok.setting("components[0].parameters[0]", to: ["type": "text", "text": "Your order"])
        let f = try check(text)
        expectOnly(f, at: "template.components[0].parameters[0].type", code: 132012)
        #expect(f[0].limit == "image")
        let video = ok.setting("components[0].parameters[0]", to: ["type": "video", "video": ["link": "https://example.com/a.mp4"]])
        expectOnly(try check(video), at: "template.components[0].parameters[0].type", code: 132012)

        var components = try #require(ok["components"]?.arrayValue)
        components.remove(at: 0)
        let missing = ok.setting("components", to: .array(components))
        let m = try check(missing)
        expectOnly(m, at: "template.components", code: 132012)
        #expect(m[0].message.contains("IMAGE"))
    }

    @Test func aTextHeaderTakesText() throws {
        let image = try filled("appointment_reminder").setting("components[0].parameters[0]", to: ["type": "image", "image": ["link": "https://example.com/a.jpg"]])
        expectOnly(try check(image), at: "template.components[0].parameters[0].type", code: 132012)
    }

    @Test func currencyAndDateTimeParameters() throws {
        // invoice_ready: document header, body {{1}} {{2}} {{3}}.
        let ok = try filled("invoice_ready")
            .setting("components[1].parameters[1]", to: ["type": "currency", "currency": ["fallback_value": "R 1 250,00", "code": "ZAR", "amount_1000": 1_250_000]])
            .setting("components[1].parameters[2]", to: ["type": "date_time", "date_time": ["fallback_value": "15 January"]])
        #expect(try check(ok).isEmpty)

        let badCode = ok.setting("components[1].parameters[1].currency.code", to: "rand")
        expectOnly(try check(badCode), at: "template.components[1].parameters[1].currency.code", code: 132012)
        let badAmount = ok.setting("components[1].parameters[1].currency.amount_1000", to: "1250")
        expectOnly(try check(badAmount), at: "template.components[1].parameters[1].currency.amount_1000", code: 132012)
        let noDate = ok.setting("components[1].parameters[2].date_time", to: ["day_of_month": 15])
        expectOnly(try check(noDate), at: "template.components[1].parameters[2].date_time.fallback_value", code: 132012)
        let image = ok.setting("components[1].parameters[0]", to: ["type": "image", "image": ["link": "https://example.com/a.jpg"]])
        expectOnly(try check(image), at: "template.components[1].parameters[0].type", code: 132012)
    }

    // MARK: Hydrated length

    @Test func theBodyWithItsParametersFilledInIsAtMost1024Characters() throws {
        let d = try #require(library.definition(name: "order_update", language: "en_US"))
        let fixed = TextLength.of(try #require(d.body?.text)) - "{{1}}{{2}}".count
        let room = Limits.templateBodyTextParam - fixed
        let fits = try filled("order_update", "en_US", ["1": String(repeating: "a", count: room - 1), "2": "b"])
        #expect(try check(fits).isEmpty)
        let over = try filled("order_update", "en_US", ["1": String(repeating: "a", count: room - 1), "2": "bc"])
        let f = try check(over)
        expectOnly(f, at: "template.components[1]", code: 132005)
        #expect(f[0].limit == "1024")
        #expect(f[0].actual == "1025")
        // Characters are counted as the rest of wacon counts them: UTF-16 units (😀 is 2).
        let emoji = try filled("order_update", "en_US", ["1": String(repeating: "a", count: room - 1), "2": "😀"])
        expectOnly(try check(emoji), at: "template.components[1]", code: 132005)
    }

    @Test func aBodyOnlyTemplateMayRunLonger() throws {
        let body = TemplateDefinitionComponent(type: .body, text: "Note: {{1}}")
        let d = TemplateDefinition(name: "long_note", language: "en", components: [body])
        let m = TemplateContent(name: "long_note", languageCode: "en", components: [
            TemplateComponent(type: "body", parameters: [TemplateParameter(text: String(repeating: "x", count: 5000))]),
        ])
        #expect(TemplateCheck.check(m, against: d).isEmpty)
    }

    // MARK: Buttons

    @Test func aButtonIndexOutOfRange() throws {
        let f = try check(try filled("order_update").setting("components[3].index", to: "2"))
        // Button 1 (the quick reply) is now index 2, past the template's two buttons.
        expectOnly(f, at: "template.components[3].index", code: 132000)
        #expect(f[0].limit == "0…1")
    }

    @Test func aButtonOfTheWrongKind() throws {
        let f = try check(try filled("order_update").setting("components[2].sub_type", to: "quick_reply"))
        // One finding: the button was sent, as the wrong kind (not also "missing").
        expectOnly(f, at: "template.components[2].sub_type", code: 132012)
        #expect(f[0].limit == "url")
    }

    @Test func aMissingURLSuffix() throws {
        var components = try #require(try filled("order_update")["components"]?.arrayValue)
        components.remove(at: 2)
        let f = try check(try filled("order_update").setting("components", to: .array(components)))
        expectOnly(f, at: "template.components", code: 132000)
        #expect(f[0].message.contains("URL suffix"))
        let empty = try filled("order_update").setting("components[2].parameters", to: [])
        expectOnly(try check(empty), at: "template.components[2].parameters", code: 132000)
    }

    @Test func aSuffixForAFixedURL() throws {
        // spring_sale's button 1 is a URL without a variable.
        let json = try filled("spring_sale")
        let extra = json.setting("components", to: .array((json["components"]?.arrayValue ?? []) + [
            ["type": "button", "sub_type": "url", "index": "1", "parameters": [["type": "text", "text": "x"]]],
        ]))
        let f = try check(extra)
        expectOnly(f, at: "template.components[3].parameters", code: 132000)
        #expect(f[0].message.contains("fixed URL"))
    }

    @Test func oneTimePasswordButtonsAreSentAsURL() throws {
        for name in ["verification_code", "login_code_one_tap", "login_code_zero_tap"] {
            let ok = try filled(name, "en_US", ["1": "918273"])
            #expect(try check(ok).isEmpty, "\(name)")
            #expect(ok["components"]?[1]?["sub_type"] == "url", "\(name)")
            #expect(ok["components"]?[1]?["parameters"]?[0]?["text"] == "918273", "\(name): the button carries the body's code")
            let wrong = ok.setting("components[1].sub_type", to: "copy_code")
            #expect(try check(wrong).contains { $0.path == "template.components[1].sub_type" && $0.message.contains("132012") }, "\(name)")
        }
    }

    @Test func copyCodeAndPhoneButtons() throws {
        let ok = try filled("spring_sale")
        let coupon = ok.setting("components[2].parameters[0]", to: ["type": "text", "text": "SPRING25"])
        expectOnly(try check(coupon), at: "template.components[2].parameters[0].type", code: 132012)

        let call = try filled("appointment_reminder")
        let phone = call.setting("components", to: .array((call["components"]?.arrayValue ?? []) + [
            ["type": "button", "sub_type": "quick_reply", "index": "2", "parameters": [["type": "payload", "payload": "x"]]],
        ]))
        expectOnly(try check(phone), at: "template.components[4]", code: 132000)
    }

    @Test func flowCatalogMultiProductAndCallButtonsMatch() throws {
        for name in ["book_appointment_flow", "catalog_launch", "bundle_picks", "call_back_offer", "flash_deal"] {
            #expect(try check(try filled(name)).isEmpty, "\(name)")
        }
        let flow = try filled("book_appointment_flow").setting("components[1].sub_type", to: "url")
        #expect(try check(flow).contains { $0.path == "template.components[1].sub_type" && $0.message.contains("132012") && $0.limit == "flow" })
        let catalog = try filled("catalog_launch", "en_US", ["button0": "SKU-9"]).setting("components[1].sub_type", to: "mpm")
        #expect(try check(catalog).contains { $0.path == "template.components[1].sub_type" && $0.limit == "catalog" })
        // A call button goes without index, matched by kind; a template without one refuses it.
        let callButton: JSONValue = ["type": "button", "sub_type": "voice_call", "parameters": [["type": "payload", "payload": "renewal"]]]
        let call = try filled("call_back_offer")
        let withCall = call.setting("components", to: .array((call["components"]?.arrayValue ?? []) + [callButton]))
        #expect(try check(withCall).isEmpty)
        let order = try filled("order_update")
        let noCall = order.setting("components", to: .array((order["components"]?.arrayValue ?? []) + [callButton]))
        expectOnly(try check(noCall), at: "template.components[4]", code: 132000)
        // A multi-product button needs its products.
        var components = try #require(try filled("bundle_picks")["components"]?.arrayValue)
        components.removeLast()
        expectOnly(try check(try filled("bundle_picks").setting("components", to: .array(components))), at: "template.components", code: 132000)
    }

    // MARK: Carousel

    @Test func aCarouselNeedsEveryCard() throws {
        let ok = try filled("summer_collection")
        #expect(try check(ok).isEmpty)
        let cards = try #require(ok["components"]?[1]?["cards"]?.arrayValue)
        let one = ok.setting("components[1].cards", to: [cards[0]])
        let f = try check(one)
        expectOnly(f, at: "template.components[1].cards", code: 132012)
        #expect(f[0].limit == "2")
        #expect(f[0].actual == "1")
        var components = try #require(ok["components"]?.arrayValue)
        components.removeLast()
        expectOnly(try check(ok.setting("components", to: .array(components))), at: "template.components", code: 132012)
    }

    @Test func aCardIsCheckedLikeATemplate() throws {
        let ok = try filled("summer_collection")
        // Card 1: header, body, button 0, button 1.
        let noPrice = ok.setting("components[1].cards[1].components[1].parameters", to: [])
        let f = try check(noPrice)
        expectOnly(f, at: "template.components[1].cards[1].components[1].parameters", code: 132000)
        #expect(f[0].message.contains("card 1"))
        let textHeader = ok.setting("components[1].cards[0].components[0].parameters[0]", to: ["type": "text", "text": "x"])
        expectOnly(try check(textHeader), at: "template.components[1].cards[0].components[0].parameters[0].type", code: 132012)
        let noSuffix = ok.setting("components[1].cards[0].components[3].parameters", to: [])
        expectOnly(try check(noSuffix), at: "template.components[1].cards[0].components[3].parameters", code: 132000)
    }

    // MARK: Limited-time offer

    @Test func anExpiringOfferNeedsItsExpiry() throws {
        let ok = try filled("flash_deal")
        #expect(try check(ok).isEmpty)
        var components = try #require(ok["components"]?.arrayValue)
        components.removeAll { $0["type"] == "limited_time_offer" }
        expectOnly(try check(ok.setting("components", to: .array(components))), at: "template.components", code: 132000)
    }

    // MARK: Category

    @Test func theCategoryIsThereForOtherRules() throws {
        #expect(try #require(library.definition(name: "verification_code", language: "en_US")).isAuthentication)
        #expect(try #require(library.definition(name: "order_update", language: "en_US")).isAuthentication == false)
        #expect(try #require(library.definition(name: "spring_sale", language: "en_US")).category == .marketing)
    }

    // MARK: Filling a message

    /// Every corpus template filled from its examples passes the check against itself, and
    /// wacon's structural validation too.
    @Test func everyFilledTemplatePassesItsOwnCheck() throws {
        for d in library.definitions {
            let m = d.message()
            let findings = TemplateCheck.check(m, against: d)
            if d.status?.is(.approved) ?? true {
                #expect(findings.isEmpty, "\(d.key): \(findings)")
            } else {
                // Only the status stands in the way.
                #expect(findings.count == 1 && findings[0].path == "template.name", "\(d.key): \(findings)")
            }
            let outbound = OutboundMessage(to: "+27123456789", content: .template(m))
            let verdicts = MessageValidator.validate(outbound).verdicts
            #expect(verdicts.isEmpty, "\(d.key): \(verdicts)")
            // The message reads back as the same message.
            #expect(try TemplateContent(json: m.json, at: "template") == m, "\(d.key)")
        }
    }

    @Test func theFillKeys() throws {
        let order = try filled("order_update", "en_US", ["header": "https://cdn.example.com/o.jpg", "1": "Ann", "2": "A-1", "button0": "A-1", "button1": "help"])
        #expect(order["components"]?[0]?["parameters"]?[0]?["image"]?["link"] == "https://cdn.example.com/o.jpg")
        #expect(order["components"]?[1]?["parameters"] == [["type": "text", "text": "Ann"], ["type": "text", "text": "A-1"]])
        #expect(order["components"]?[2] == ["type": "button", "sub_type": "url", "index": "0", "parameters": [["type": "text", "text": "A-1"]]])
        #expect(order["components"]?[3]?["parameters"]?[0] == ["type": "payload", "payload": "help"])

        // Without values: the template's examples.
        let examples = try filled("order_update")
        #expect(examples["components"]?[1]?["parameters"]?[0]?["text"] == "Priya")
        #expect(examples["components"]?[2]?["parameters"]?[0]?["text"] == "WC-20417")
        #expect(examples["components"]?[0]?["parameters"]?[0]?["image"]?["link"] == "https://scontent.whatsapp.net/v/t61.29466-34/order_update_header.jpg")

        let named = try filled("spring_sale", "en_US", ["first_name": "Bo", "header": "Big Sale", "button0": "BO10"])
        #expect(named["components"]?[0]?["parameters"]?[0] == ["type": "text", "parameter_name": "sale_name", "text": "Big Sale"])
        #expect(named["components"]?[1]?["parameters"]?[0] == ["type": "text", "parameter_name": "first_name", "text": "Bo"])
        #expect(named["components"]?[1]?["parameters"]?[1]?["text"] == "25%")
        #expect(named["components"]?[2]?["parameters"]?[0] == ["type": "coupon_code", "coupon_code": "BO10"])

        let carousel = try filled("summer_collection", "en_US", ["1": "Ann", "card1.1": "R 199", "card0.header": "https://cdn.example.com/1.jpg", "card1.button1": "hat-2"])
        let cards = try #require(carousel["components"]?[1]?["cards"]?.arrayValue)
        #expect(cards.count == 2)
        #expect(cards[0]["card_index"] == 0)
        #expect(cards[0]["components"]?[0]?["parameters"]?[0]?["image"]?["link"] == "https://cdn.example.com/1.jpg")
        #expect(cards[1]["components"]?[1]?["parameters"]?[0]?["text"] == "R 199")
        #expect(cards[1]["components"]?[3]?["parameters"]?[0]?["text"] == "hat-2")

        let location = try filled("store_pickup", "en_US", ["header": "-33.92, 18.42"])
        #expect(location["components"]?[0]?["parameters"]?[0]?["location"] == ["latitude": "-33.92", "longitude": "18.42"])

        let flow = try filled("book_appointment_flow", "en_US", ["button0": "tok-1"])
        #expect(flow["components"]?[1]?["parameters"]?[0] == ["type": "action", "action": ["flow_token": "tok-1"]])

        let offer = try filled("flash_deal", "en_US", ["offer_expiration": "1767225600000"])
        #expect(offer["components"]?.arrayValue?.last?["parameters"]?[0]?["limited_time_offer"]?["expiration_time_ms"] == 1_767_225_600_000)
    }
}

extension JSONValue {
    /// An element of an array value; nil for other values or past the end.
    fileprivate subscript(index: Int) -> JSONValue? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
