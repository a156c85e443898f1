import Foundation
import Testing
@testable import WhatsAppModel

/// The interactive kinds of 2025–2026 (carousel, voice_call, call_permission_request,
/// address_message), the template call button and voice notes: each limit refused with its
/// field path, limit and actual value, and the valid shapes read, validated and written back.
@Suite struct InteractiveKinds2026Tests {
    enum Base2026 {
        static let mediaCarousel = """
            {"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"carousel",
             "body":{"text":"Pick one"},"action":{"cards":[
              {"card_index":0,"type":"cta_url","header":{"type":"image","image":{"link":"https://example.com/a.jpg"}},
               "body":{"text":"First"},"action":{"name":"cta_url","parameters":{"display_text":"Buy","url":"https://example.com/a"}}},
              {"card_index":1,"type":"cta_url","header":{"type":"video","video":{"link":"https://example.com/b.mp4"}},
               "body":{"text":"Second"},"action":{"name":"cta_url","parameters":{"display_text":"Buy","url":"https://example.com/b"}}}]}}}
            """
        static let quickReplyCarousel = """
            {"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"carousel",
             "body":{"text":"Pick one"},"action":{"cards":[
              {"card_index":0,"type":"cta_url","header":{"type":"image","image":{"link":"https://example.com/a.jpg"}},
               "action":{"buttons":[{"type":"quick_reply","quick_reply":{"id":"a1","title":"More"}},{"type":"quick_reply","quick_reply":{"id":"a2","title":"Save"}}]}},
              {"card_index":1,"type":"cta_url","header":{"type":"image","image":{"link":"https://example.com/b.jpg"}},
               "action":{"buttons":[{"type":"quick_reply","quick_reply":{"id":"b1","title":"More"}},{"type":"quick_reply","quick_reply":{"id":"b2","title":"Save"}}]}}]}}}
            """
        static let productCarousel = """
            {"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"carousel",
             "body":{"text":"Best sellers"},"action":{"cards":[
              {"card_index":0,"type":"product","action":{"product_retailer_id":"p1","catalog_id":"c1"}},
              {"card_index":1,"type":"product","action":{"product_retailer_id":"p2","catalog_id":"c1"}}]}}}
            """
        static let voiceCall = """
            {"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"voice_call",
             "body":{"text":"Call us"},"action":{"name":"voice_call","parameters":{"display_text":"Call now","ttl_minutes":60,"payload":"q1"}}}}
            """
        static let callPermission = """
            {"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"call_permission_request",
             "action":{"name":"call_permission_request"},"body":{"text":"May we call you?"}}}
            """
        static let address = """
            {"messaging_product":"whatsapp","to":"+919876543210","type":"interactive","interactive":{"type":"address_message",
             "body":{"text":"Where to?"},"action":{"name":"address_message","parameters":{"country":"IN",
              "values":{"name":"Priya","in_pin_code":"560038"},
              "saved_addresses":[{"id":"home","value":{"name":"Priya","city":"Bengaluru"}}],
              "validation_errors":{"in_pin_code":"Unknown pin code"}}}}}
            """
        static let templateCallButton = """
            {"messaging_product":"whatsapp","to":"+27123456789","type":"template","template":{"name":"call_us","language":{"code":"en"},
             "components":[{"type":"button","sub_type":"voice_call","parameters":[{"type":"ttl_minutes","ttl_minutes":60},{"type":"payload","payload":"q"}]}]}}
            """
    }

    /// `base` without the member at `path`, whose parent may be reached through arrays
    /// (`interactive.action.cards[1].body`).
    func without(_ base: String, _ path: String) throws -> JSONValue {
        var steps = FieldPath(path).steps
        guard case .key(let last)? = steps.popLast() else { throw MessageDecodingError(path: FieldPath(path), reason: "not a member") }
        let value = try json(base)
        let parent = steps.reduce(value) { v, step in
            switch step {
            case .key(let k), .quoted(let k): return v[k] ?? .null
            case .index(let i): return v.arrayValue?[i] ?? .null
            }
        }
        var o = try #require(parent.objectValue)
        o[last] = nil
        return value.setting(FieldPath(steps: steps).description, to: .object(o))
    }

    /// The verdicts at `path` after setting `value` at `set` in `base`.
    func verdicts(_ base: String, _ set: String, _ value: JSONValue, at path: String? = nil) throws -> [Finding] {
        try validate(try json(base).setting(set, to: value)).filter { $0.path.description == (path ?? set) }
    }

    /// The one error at `path` after the change, with its rule, limit and actual value.
    func error(_ base: String, _ set: String, _ value: JSONValue, at path: String? = nil) throws -> Finding {
        let found = try verdicts(base, set, value, at: path).filter(\.isError)
        #expect(found.count == 1, "\(found)")
        return try #require(found.first)
    }

    // MARK: Reading and writing

    @Test(arguments: [
        (Base2026.mediaCarousel, MessageKind.carousel), (Base2026.quickReplyCarousel, .carousel), (Base2026.productCarousel, .carousel),
        (Base2026.voiceCall, .voiceCall), (Base2026.callPermission, .callPermissionRequest), (Base2026.address, .addressMessage),
    ])
    func validShapesAreModelledCleanAndRoundTrip(_ text: String, _ kind: MessageKind) throws {
        let value = try json(text)
        let message = try OutboundMessage(json: value)
        #expect(message.kind == kind)
        #expect(message.json == value)
        #expect(try OutboundMessage(json: message.json) == message)
        #expect(MessageValidator.validate(message).verdicts.isEmpty, "\(MessageValidator.validate(message).verdicts)")
    }

    @Test func theNewKindsAreNamedAsInteractiveTypes() {
        #expect(MessageKind.carousel.rawValue == "interactive.carousel")
        #expect(MessageKind.voiceCall.rawValue == "interactive.voice_call")
        #expect(MessageKind.callPermissionRequest.rawValue == "interactive.call_permission_request")
        #expect(MessageKind.addressMessage.rawValue == "interactive.address_message")
        for type in ["carousel", "voice_call", "call_permission_request", "address_message"] {
            #expect(MessageKind.interactiveTypes.contains(type))
        }
    }

    @Test func cardsReadAsTheirShape() throws {
        func cards(_ text: String) throws -> [CarouselCard] {
            guard case .interactive(let i) = try OutboundMessage(json: try json(text)).content, case .carousel(let a) = i.action else {
                Issue.record("not a carousel")
                return []
            }
            return a.cards
        }
        guard case .ctaURL(let url)? = try cards(Base2026.mediaCarousel)[1].action else { Issue.record("not a URL button"); return }
        #expect(url.url == "https://example.com/b")
        guard case .quickReplies(let q)? = try cards(Base2026.quickReplyCarousel)[0].action else { Issue.record("not quick replies"); return }
        #expect(q.buttons.map(\.id) == ["a1", "a2"])
        guard case .product(let p)? = try cards(Base2026.productCarousel)[1].action else { Issue.record("not a product"); return }
        #expect(p.productRetailerID == "p2" && p.catalogID == "c1")
    }

    @Test func unmodelledMembersAreKeptAndReported() throws {
        let value = try json(Base2026.mediaCarousel).setting("interactive.action.cards[1].ribbon", to: "new")
            .setting("interactive.action.parameters", to: ["x": 1])
        let message = try OutboundMessage(json: value)
        #expect(message.json == value)
        let unknown = MessageValidator.validate(message).filter { $0.rule == .unknownField && $0.isError }.map(\.path.description)
        #expect(Set(unknown) == ["interactive.action.cards[1].ribbon", "interactive.action.parameters"])
        let call = try json(Base2026.voiceCall).setting("interactive.action.parameters.ring_tone", to: "soft")
        #expect(try OutboundMessage(json: call).json == call)
        #expect(try validate(call).contains { $0.path == "interactive.action.parameters.ring_tone" && $0.rule == .unknownField && $0.isError })
    }

    @Test func aProgrammaticCarouselWritesMetasShape() throws {
        let cards = [
            CarouselCard.product(index: 0, catalogID: "c1", productRetailerID: "p1"),
            CarouselCard.product(index: 1, catalogID: "c1", productRetailerID: "p2"),
        ]
        let content = InteractiveContent(body: "Best sellers", action: .carousel(CarouselAction(cards: cards)))
        let message = OutboundMessage(to: "+27123456789", content: .interactive(content))
        var expected = try json(Base2026.productCarousel).objectValue!
        expected["recipient_type"] = "individual"
        #expect(message.json == .object(expected))
    }

    // MARK: Carousel

    @Test func aCarouselHasTwoToTenCards() throws {
        let base = try json(Base2026.mediaCarousel)
        let cards = try #require(base.value(at: "interactive.action").objectValue?["cards"]?.arrayValue)
        let one = try error(Base2026.mediaCarousel, "interactive.action.cards", .array([cards[0]]))
        #expect(one.rule == .minItems && one.limit == "2…10" && one.actual == "1")
        let eleven: [JSONValue] = (0..<11).map { i in cards[0].setting("card_index", to: .number(JSONNumber(i % 10))) }
        let many = try verdicts(Base2026.mediaCarousel, "interactive.action.cards", .array(eleven)).filter(\.isError)
        #expect(many.count == 1)
        #expect(many.first?.rule == .maxItems && many.first?.limit == "2…10" && many.first?.actual == "11")
        let ten: [JSONValue] = (0..<10).map { i in cards[0].setting("card_index", to: .number(JSONNumber(i))) }
        #expect(try validate(try json(Base2026.mediaCarousel).setting("interactive.action.cards", to: .array(ten))).isEmpty)
    }

    @Test func aCarouselHasNoHeaderOrFooterButABody() throws {
        let header = try error(Base2026.mediaCarousel, "interactive.header", ["type": "text", "text": "Hi"])
        #expect(header.rule == .notAllowed)
        let footer = try error(Base2026.mediaCarousel, "interactive.footer", ["text": "Bye"])
        #expect(footer.rule == .notAllowed)
        let noBody = try validate(try without(Base2026.mediaCarousel, "interactive.body"))
        #expect(noBody.contains { $0.path == "interactive.body.text" && $0.rule == .required && $0.isError })
        let long = try error(Base2026.mediaCarousel, "interactive.body.text", .string(asciiText(units: 1025)))
        #expect(long.rule == .maxLength && long.limit == "1024" && long.actual == "1025")
    }

    @Test func aCardBodyHas160CharactersAndTwoLineBreaks() throws {
        let path = "interactive.action.cards[1].body.text"
        #expect(try verdicts(Base2026.mediaCarousel, path, .string(emojiText(units: 160))).isEmpty)
        let long = try error(Base2026.mediaCarousel, path, .string(emojiText(units: 161)))
        #expect(long.rule == .maxLength && long.limit == "160" && long.actual == "161")
        #expect(try verdicts(Base2026.mediaCarousel, path, "*Title*\n\nTwo breaks").isEmpty)
        let breaks = try error(Base2026.mediaCarousel, path, "one\ntwo\r\nthree\nfour")
        #expect(breaks.rule == .lineBreaks && breaks.limit == "2" && breaks.actual == "3")
        // The card body is optional.
        #expect(try validate(try without(Base2026.mediaCarousel, "interactive.action.cards[1].body")).isEmpty)
    }

    @Test func cardIndexesAreWholeUniquePositions() throws {
        let repeated = try error(Base2026.mediaCarousel, "interactive.action.cards[1].card_index", 0)
        #expect(repeated.rule == .unique && repeated.actual == "0")
        let outside = try error(Base2026.mediaCarousel, "interactive.action.cards[1].card_index", 10)
        #expect(outside.rule == .range && outside.limit == "0…9" && outside.actual == "10")
        let text = try error(Base2026.mediaCarousel, "interactive.action.cards[1].card_index", "1")
        #expect(text.rule == .range)
        let missing = try validate(try without(Base2026.mediaCarousel, "interactive.action.cards[0].card_index"))
        #expect(missing.contains { $0.path == "interactive.action.cards[0].card_index" && $0.rule == .required })
    }

    @Test func mediaCardsHaveAnImageOrVideoHeader() throws {
        let text = try validate(try json(Base2026.mediaCarousel).setting("interactive.action.cards[0].header", to: ["type": "text", "text": "x"]))
        #expect(text.contains { $0.path == "interactive.action.cards[0].header.type" && $0.rule == .allowedValues && $0.isError })
        #expect(text.contains { $0.path == "interactive.action.cards[0].header.text" && $0.rule == .notAllowed && $0.isError })
        let f = try validate(try json(Base2026.mediaCarousel).setting("interactive.action.cards[0].header", to: ["type": "document", "document": ["link": "https://example.com/a.pdf"]]))
        #expect(f.contains { $0.path == "interactive.action.cards[0].header.type" && $0.rule == .allowedValues && $0.actual == "\"document\"" })
        let none = try validate(try without(Base2026.mediaCarousel, "interactive.action.cards[0].header"))
        #expect(none.contains { $0.path == "interactive.action.cards[0].header" && $0.rule == .required && $0.isError })
        let noMedia = try error(Base2026.mediaCarousel, "interactive.action.cards[0].header", ["type": "image"], at: "interactive.action.cards[0].header.image")
        #expect(noMedia.rule == .required)
    }

    @Test func aCardsURLButtonHasItsLimits() throws {
        let label = try error(Base2026.mediaCarousel, "interactive.action.cards[1].action.parameters.display_text", .string(asciiText(units: 21)))
        #expect(label.rule == .maxLength && label.limit == "20" && label.actual == "21")
        let url = try error(Base2026.mediaCarousel, "interactive.action.cards[1].action.parameters.url", "ftp://example.com")
        #expect(url.rule == .format)
        let name = try error(Base2026.mediaCarousel, "interactive.action.cards[0].action.name", "url")
        #expect(name.rule == .allowedValues)
    }

    @Test func quickRepliesHaveTheirLimits() throws {
        let title = try error(Base2026.quickReplyCarousel, "interactive.action.cards[0].action.buttons[1].quick_reply.title", .string(asciiText(units: 21)))
        #expect(title.limit == "20" && title.actual == "21")
        let id = try error(Base2026.quickReplyCarousel, "interactive.action.cards[1].action.buttons[0].quick_reply.id", .string(asciiText(units: 257)))
        #expect(id.limit == "256" && id.actual == "257")
        let repeated = try error(Base2026.quickReplyCarousel, "interactive.action.cards[1].action.buttons[1].quick_reply.id", "b1")
        #expect(repeated.rule == .unique)
        let type = try error(Base2026.quickReplyCarousel, "interactive.action.cards[1].action.buttons[1].type", "reply")
        #expect(type.rule == .allowedValues)
        // Four buttons on every card: the count matches, the cap does not.
        let button: JSONValue = ["type": "quick_reply", "quick_reply": ["id": "x", "title": "X"]]
        func four(_ prefix: String) -> JSONValue {
            .array((0..<4).map { button.setting("quick_reply.id", to: .string("\(prefix)\($0)")) })
        }
        let value = try json(Base2026.quickReplyCarousel)
            .setting("interactive.action.cards[0].action.buttons", to: four("a"))
            .setting("interactive.action.cards[1].action.buttons", to: four("b"))
        let f = try validate(value).errors
        #expect(f.map(\.path.description) == ["interactive.action.cards[0].action.buttons", "interactive.action.cards[1].action.buttons"])
        #expect(f.allSatisfy { $0.rule == .maxItems && $0.limit == "3" && $0.actual == "4" })
    }

    @Test func everyCardHasTheSameKindAndNumberOfButtons() throws {
        let quick: JSONValue = ["buttons": [["type": "quick_reply", "quick_reply": ["id": "b1", "title": "More"]]]]
        let mixed = try error(Base2026.mediaCarousel, "interactive.action.cards[1].action", quick)
        #expect(mixed.rule == .sameAcrossCards && mixed.limit == "a URL button" && mixed.actual == "quick-reply buttons")
        let fewer = try error(Base2026.quickReplyCarousel, "interactive.action.cards[1].action", quick, at: "interactive.action.cards[1].action.buttons")
        #expect(fewer.rule == .sameAcrossCards && fewer.limit == "2" && fewer.actual == "1")
    }

    @Test func productCardsComeFromOneCatalogAndCarryOnlyTheProduct() throws {
        let catalog = try error(Base2026.productCarousel, "interactive.action.cards[1].action.catalog_id", "c2")
        #expect(catalog.rule == .sameAcrossCards && catalog.limit == "\"c1\"" && catalog.actual == "\"c2\"")
        let header = try error(Base2026.productCarousel, "interactive.action.cards[0].header", ["type": "image", "image": ["link": "https://example.com/a.jpg"]])
        #expect(header.rule == .notAllowed)
        let body = try error(Base2026.productCarousel, "interactive.action.cards[0].body", ["text": "x"])
        #expect(body.rule == .notAllowed)
        let missing = try validate(try without(Base2026.productCarousel, "interactive.action.cards[1].action.product_retailer_id"))
        #expect(missing.contains { $0.path == "interactive.action.cards[1].action.product_retailer_id" && $0.rule == .required })
        // A media card among product cards.
        let media = try json(Base2026.mediaCarousel).value(at: "interactive.action").objectValue!["cards"]!.arrayValue![0].setting("card_index", to: 1)
        let mixed = try validate(try json(Base2026.productCarousel).setting("interactive.action.cards[1]", to: media))
        #expect(mixed.contains { $0.path == "interactive.action.cards[1].type" && $0.rule == .sameAcrossCards && $0.isError })
    }

    @Test func productCardsReportTheirUnknownMembersAndAreKnownByTheirAction() throws {
        let extra = try error(Base2026.productCarousel, "interactive.action.cards[1].price", "9.99")
        #expect(extra.rule == .unknownField)
        // Without type, a card naming a product is checked as a product card: only the type is missing.
        let untyped = try validate(try without(Base2026.productCarousel, "interactive.action.cards[1].type")).errors
        #expect(untyped.map(\.path.description) == ["interactive.action.cards[1].type"])
        #expect(untyped.first?.rule == .required)
    }

    @Test func cardTypeIsCTAURLOrProduct() throws {
        let other = try error(Base2026.mediaCarousel, "interactive.action.cards[0].type", "image", at: "interactive.action.cards[0].type")
        #expect(other.rule == .allowedValues)
        let missing = try validate(try without(Base2026.mediaCarousel, "interactive.action.cards[0].type"))
        #expect(missing.contains { $0.path == "interactive.action.cards[0].type" && $0.rule == .required })
    }

    // MARK: Voice call

    @Test func voiceCallTimeToLiveIsOneMinuteToThirtyDays() throws {
        let path = "interactive.action.parameters.ttl_minutes"
        for ok: JSONValue in [1, 43200] { #expect(try verdicts(Base2026.voiceCall, path, ok).isEmpty) }
        let zero = try error(Base2026.voiceCall, path, 0)
        #expect(zero.rule == .range && zero.limit == "1…43200" && zero.actual == "0")
        let over = try error(Base2026.voiceCall, path, 43201)
        #expect(over.rule == .range && over.actual == "43201")
        #expect(try error(Base2026.voiceCall, path, "60").rule == .format)
        #expect(try error(Base2026.voiceCall, path, 1.5).rule == .format)
    }

    @Test func voiceCallTextAndPayloadHaveTheirLimits() throws {
        let textPath = "interactive.action.parameters.display_text"
        #expect(try verdicts(Base2026.voiceCall, textPath, .string(asciiText(units: 20))).isEmpty)
        let text = try error(Base2026.voiceCall, textPath, .string(asciiText(units: 21)))
        #expect(text.rule == .maxLength && text.limit == "20" && text.actual == "21")
        let payloadPath = "interactive.action.parameters.payload"
        #expect(try verdicts(Base2026.voiceCall, payloadPath, .string(asciiText(units: 512))).isEmpty)
        let payload = try error(Base2026.voiceCall, payloadPath, .string(asciiText(units: 513)))
        #expect(payload.rule == .maxLength && payload.limit == "512" && payload.actual == "513")
    }

    @Test func voiceCallNeedsABodyAndItsNameButNoParameters() throws {
        #expect(try validate(try without(Base2026.voiceCall, "interactive.action.parameters")).isEmpty)
        let noBody = try validate(try without(Base2026.voiceCall, "interactive.body"))
        #expect(noBody.contains { $0.path == "interactive.body.text" && $0.rule == .required && $0.isError })
        #expect(try error(Base2026.voiceCall, "interactive.action.name", "call").rule == .allowedValues)
        // A header is undocumented: advice, not a refusal.
        let header = try verdicts(Base2026.voiceCall, "interactive.header", ["type": "text", "text": "Hi"])
        #expect(header.count == 1 && header.first?.severity == .warning)
    }

    // MARK: Call permission request

    @Test func callPermissionRequestIsOnlyItsBody() throws {
        #expect(try error(Base2026.callPermission, "interactive.header", ["type": "text", "text": "Hi"]).rule == .notAllowed)
        #expect(try error(Base2026.callPermission, "interactive.footer", ["text": "Bye"]).rule == .notAllowed)
        #expect(try error(Base2026.callPermission, "interactive.action.name", "call").rule == .allowedValues)
        let noBody = try validate(try without(Base2026.callPermission, "interactive.body"))
        #expect(noBody.contains { $0.path == "interactive.body.text" && $0.rule == .required && $0.isError })
        let long = try error(Base2026.callPermission, "interactive.body.text", .string(asciiText(units: 1025)))
        #expect(long.limit == "1024" && long.actual == "1025")
    }

    // MARK: Address message

    @Test func addressMessagesAreForIndia() throws {
        let other = try error(Base2026.address, "interactive.action.parameters.country", "US")
        #expect(other.rule == .allowedValues && other.limit == "IN" && other.actual == "\"US\"")
        let missing = try validate(try without(Base2026.address, "interactive.action.parameters.country"))
        #expect(missing.contains { $0.path == "interactive.action.parameters.country" && $0.rule == .required && $0.isError })
        let noParameters = try validate(try without(Base2026.address, "interactive.action.parameters"))
        #expect(noParameters.contains { $0.path == "interactive.action.parameters.country" && $0.rule == .required && $0.isError })
    }

    @Test func addressFieldsAreTheFormsStrings() throws {
        let number = try error(Base2026.address, "interactive.action.parameters.values.in_pin_code", 560038)
        #expect(number.rule == .format && number.actual == "a number")
        let unlisted = try verdicts(Base2026.address, "interactive.action.parameters.values.zip", "560038")
        #expect(unlisted.count == 1 && unlisted.first?.severity == .warning && unlisted.first?.rule == .unknownField)
        let savedPath = "interactive.action.parameters.saved_addresses[0]"
        let noID = try validate(try json(Base2026.address).setting(savedPath, to: ["value": ["city": "Pune"]]))
        #expect(noID.contains { $0.path.description == "\(savedPath).id" && $0.rule == .required })
        let notObject = try error(Base2026.address, "interactive.action.parameters.validation_errors", "bad pin")
        #expect(notObject.rule == .format)
    }

    // MARK: Template call button

    @Test func theTemplateCallButtonNeedsNoIndex() throws {
        #expect(try validate(try json(Base2026.templateCallButton)).isEmpty)
        let zero = try error(Base2026.templateCallButton, "template.components[0].parameters[0].ttl_minutes", 0)
        #expect(zero.rule == .range && zero.limit == "1…43200" && zero.actual == "0")
        let over = try error(Base2026.templateCallButton, "template.components[0].parameters[0].ttl_minutes", 43201)
        #expect(over.actual == "43201")
        let payload = try error(Base2026.templateCallButton, "template.components[0].parameters[1].payload", .string(asciiText(units: 513)))
        #expect(payload.rule == .maxLength && payload.limit == "512")
        let text = try error(Base2026.templateCallButton, "template.components[0].parameters[0]", ["type": "text", "text": "x"],
                             at: "template.components[0].parameters[0].type")
        #expect(text.rule == .allowedValues)
        // Other buttons still need their index.
        let quick = try json(Base2026.templateCallButton).setting("template.components[0]", to: ["type": "button", "sub_type": "quick_reply", "parameters": [["type": "payload", "payload": "p"]]])
        #expect(try validate(quick).contains { $0.path == "template.components[0].index" && $0.rule == .required })
    }

    @Test func metasTemplateCallButtonExampleValidatesCleanAndRoundTrips() throws {
        let file = packageRoot.appendingPathComponent("Tests/Corpus/meta-2026/template-voice-call-button.json")
        let body = try #require(try JSONParser.parse(Array(try Data(contentsOf: file)))["body"])
        let message = try OutboundMessage(json: body)
        #expect(message.json == body)
        #expect(MessageValidator.validate(message).errors.isEmpty, "\(MessageValidator.validate(message).errors)")
    }

    // MARK: Voice notes

    @Test func aVoiceNoteIsOggOpus() throws {
        let base = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"audio","audio":{"link":"https://example.com/note.ogg","voice":true}}"#
        #expect(try validate(try json(base)).isEmpty)
        let mp3 = try validate(try json(base).setting("audio.link", to: "https://example.com/note.mp3"))
        #expect(mp3.count == 1)
        #expect(mp3.first?.severity == .warning && mp3.first?.path == "audio.link" && mp3.first?.actual == ".mp3")
        // The same file as plain audio is fine.
        #expect(try validate(try json(base).setting("audio.link", to: "https://example.com/note.mp3").setting("audio.voice", to: false)).isEmpty)
        let image = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"image","image":{"link":"https://example.com/a.jpg","voice":true}}"#
        #expect(try validate(try json(image)).contains { $0.path == "image.voice" && $0.rule == .notAllowed && $0.isError })
    }
}
