import Testing
@testable import WhatsAppModel

/// Rules other than lengths and counts: each with a message that breaks it and the finding it gives.
@Suite struct ValidationRuleTests {
    /// Findings of `rule` at `path` after setting `value` at `set` in `base`.
    func findings(_ base: String, _ set: String, _ value: JSONValue, path: String? = nil) throws -> [Finding] {
        try validate(try json(base).setting(set, to: value)).filter { $0.path.description == (path ?? set) }
    }

    @Test func mediaNeedsExactlyOneOfIdAndLink() throws {
        let both = try findings(Base.image, "image", ["id": "123", "link": "https://example.com/a.jpg"])
        #expect(both.contains { $0.rule == .exactlyOne })
        let neither = try findings(Base.image, "image", ["caption": "c"])
        #expect(neither.contains { $0.rule == .exactlyOne })
        #expect(try findings(Base.image, "image", ["id": "123"]).isEmpty)
    }

    @Test func audioAndStickerTakeNoCaption() throws {
        let audio = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"audio","audio":{"link":"https://example.com/a.mp3","caption":"no"}}"#
        #expect(try validate(try json(audio)).contains { $0.path == "audio.caption" && $0.rule == .notAllowed })
        let sticker = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"sticker","sticker":{"id":"1","caption":"no"}}"#
        #expect(try validate(try json(sticker)).contains { $0.path == "sticker.caption" && $0.rule == .notAllowed })
    }

    @Test func filenameOnlyForDocumentsAndLinksMustBeHTTP() throws {
        #expect(try findings(Base.image, "image.filename", "a.jpg").contains { $0.rule == .notAllowed })
        #expect(try findings(Base.image, "image.link", "ftp://example.com/a.jpg").contains { $0.rule == .format })
        #expect(try findings(Base.image, "image.link", "https://example.com/a.gif").contains { $0.severity == .warning && $0.actual == ".gif" })
    }

    @Test func replyButtonIdsAndTitlesAreUniqueAndTrimmed() throws {
        let dupTitle = try findings(Base.buttons, "interactive.action.buttons[1].reply.title", "A")
        #expect(dupTitle.contains { $0.rule == .unique })
        let dupID = try findings(Base.buttons, "interactive.action.buttons[1].reply.id", "a")
        #expect(dupID.contains { $0.rule == .unique })
        #expect(try findings(Base.buttons, "interactive.action.buttons[0].reply.id", " a").contains { $0.rule == .format })
        #expect(try findings(Base.buttons, "interactive.action.buttons[0].reply.title", "   ").contains { $0.rule == .notEmpty })
    }

    @Test func listNeedsSectionTitlesWhenThereAreSeveralAndUniqueRowIDs() throws {
        let two: JSONValue = [["rows": [["id": "x", "title": "X"]]], ["title": "B", "rows": [["id": "x", "title": "Y"]]]]
        let f = try validate(try json(Base.list).setting("interactive.action.sections", to: two))
        #expect(f.contains { $0.path == "interactive.action.sections[0].title" && $0.rule == .required })
        #expect(f.contains { $0.path == "interactive.action.sections[1].rows[0].id" && $0.rule == .unique })
    }

    @Test func headersAllowedPerInteractiveType() throws {
        let imageHeader: JSONValue = ["type": "image", "image": ["link": "https://example.com/a.png"]]
        #expect(try findings(Base.list, "interactive.header", imageHeader, path: "interactive.header.type").contains { $0.rule == .allowedValues })
        #expect(try findings(Base.buttons, "interactive.header", imageHeader, path: "interactive.header.type").isEmpty)
        let noHeader = try validate(try json(Base.productList).removing("interactive.header"))
        #expect(noHeader.contains { $0.path == "interactive.header" && $0.rule == .required })
        let productHeader = try validate(try json(Base.productList).setting("interactive.type", to: "product")
            .setting("interactive.action", to: ["catalog_id": "c", "product_retailer_id": "p"]))
        #expect(productHeader.contains { $0.path == "interactive.header" && $0.rule == .notAllowed })
    }

    @Test func flowRules() throws {
        let p = "interactive.action.parameters"
        #expect(try findings(Base.flow, "\(p).flow_message_version", "2").contains { $0.rule == .allowedValues && $0.limit == "\"3\"" })
        #expect(try findings(Base.flow, "\(p).flow_name", "signup", path: "\(p).flow_name").contains { $0.rule == .exactlyOne })
        #expect(try findings(Base.flow, "\(p).flow_action", "data_exchange", path: "\(p).flow_action_payload").contains { $0.rule == .notAllowed })
        #expect(try findings(Base.flow, "\(p).mode", "test").contains { $0.rule == .allowedValues })
        #expect(try findings(Base.flow, "\(p).flow_cta", "Open 🚀").contains { $0.rule == .format })
        #expect(try findings(Base.flow, "\(p).flow_action_payload.data", [:]).contains { $0.rule == .notEmpty })
        // flow_cta: 20 is the stricter of the two documented limits.
        #expect(try findings(Base.flow, "\(p).flow_cta", .string(asciiText(units: 21))).contains { $0.rule == .maxLength && $0.limit == "20" })
    }

    @Test func templateRules() throws {
        let button: JSONValue = ["type": "button", "sub_type": "quick_reply", "index": "0", "parameters": [["type": "payload", "payload": "YES"]]]
        let base = try json(Base.template)
        func components(_ extra: [JSONValue]) throws -> [Finding] {
            let current = base["template"]!["components"]!.arrayValue!
            return try validate(base.setting("template.components", to: .array(current + extra)))
        }
        #expect(try components([button]).isEmpty)
        #expect(try components([button, button]).contains { $0.rule == .unique && $0.path == "template.components[3].index" })
        #expect(try components([button.setting("index", to: "12")]).contains { $0.rule == .range })
        #expect(try components([button.removing("sub_type")]).contains { $0.path == "template.components[2].sub_type" })
        // Meta's reference says payload, its own issue-resolution example sends text: both pass.
        #expect(try components([button.setting("parameters[0].type", to: "text").setting("parameters[0].text", to: "Yes")]).isEmpty)
        #expect(try components([button.setting("parameters[0].type", to: "coupon_code")]).contains { $0.rule == .allowedValues })
        // Meta's own examples write sub_type in capitals and the index as a number.
        #expect(try components([button.setting("sub_type", to: "QUICK_REPLY").setting("index", to: 0)]).isEmpty)
        #expect(try components([button.setting("index", to: 0.5)]).contains { $0.rule == .range })
        let currency: JSONValue = ["type": "currency", "currency": ["fallback_value": "$10.50", "code": "usd", "amount_1000": 10.5]]
        let f = try validate(base.setting("template.components[1].parameters[0]", to: currency))
        #expect(f.contains { $0.path == "template.components[1].parameters[0].currency.code" })
        #expect(f.contains { $0.path == "template.components[1].parameters[0].currency.amount_1000" })
    }

    @Test func carouselLimitedTimeOfferAndTapTargetComponents() throws {
        let base = try json(Base.template)
        func card(_ i: JSONValue) -> JSONValue {
            ["card_index": i, "components": [["type": "header", "parameters": [["type": "image", "image": ["id": "1558081531589001"]]]],
                                             ["type": "button", "sub_type": "quick_reply", "index": "0", "parameters": [["type": "payload", "payload": "more"]]]]]
        }
        func with(_ component: JSONValue) throws -> [Finding] {
            try validate(base.setting("template.components", to: .array(base["template"]!["components"]!.arrayValue! + [component])))
        }
        #expect(try with(["type": "carousel", "cards": [card(0), card(1)]]).isEmpty)
        #expect(try with(["type": "carousel", "cards": [card(0), card(0)]]).contains { $0.rule == .unique && $0.path == "template.components[2].cards[1].card_index" })
        #expect(try with(["type": "carousel", "cards": .array((0..<11).map { card(.number(JSONNumber($0))) })]).contains { $0.rule == .maxItems && $0.limit == "10" })
        #expect(try with(["type": "carousel", "cards": [card("0")]]).contains { $0.rule == .range && $0.path == "template.components[2].cards[0].card_index" })
        let nested = card(0).setting("components", to: [["type": "carousel", "cards": []]])
        #expect(try with(["type": "carousel", "cards": [nested]]).contains { $0.path == "template.components[2].cards[0].components[0].type" && $0.rule == .allowedValues })
        #expect(try with(["type": "limited_time_offer", "parameters": [["type": "limited_time_offer", "limited_time_offer": ["expiration_time_ms": 1780416000000]]]]).isEmpty)
        #expect(try with(["type": "limited_time_offer", "parameters": [["type": "limited_time_offer", "limited_time_offer": ["expiration_time_ms": "soon"]]]])
            .contains { $0.path == "template.components[2].parameters[0].limited_time_offer.expiration_time_ms" })
        #expect(try with(["type": "tap_target_configuration", "parameters": [["type": "tap_target_configuration", "tap_target_configuration": [["url": "https://example.com/s", "title": "Offer"]]]]]).isEmpty)
        #expect(try with(["type": "tap_target_configuration", "parameters": [["type": "tap_target_configuration", "tap_target_configuration": [["title": "Offer"]]]]])
            .contains { $0.path == "template.components[2].parameters[0].tap_target_configuration[0].url" })
        #expect(try with(["type": "footer"]).contains { $0.rule == .allowedValues })
    }

    @Test func productHeadersNameTheProductAndCatalog() throws {
        let base = try json(Base.template)
        let product: JSONValue = ["type": "product", "product": ["product_retailer_id": "sku-91ab", "catalog_id": "734925108812"]]
        #expect(try validate(base.setting("template.components[0].parameters[0]", to: product)).isEmpty)
        #expect(try validate(base.setting("template.components[0].parameters[0]", to: product.setting("product", to: ["product_retailer_id": "sku-91ab"])))
            .contains { $0.path == "template.components[0].parameters[0].product.catalog_id" && $0.rule == .required })
    }

    @Test func contactTypesBeyondTheStandardOnesWarn() throws {
        let contact = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"contacts","contacts":[{"name":{"formatted_name":"Jo Doe","first_name":"Jo"},"phones":[{"phone":"+27 82 555 0100","type":"Landline"}],"emails":[{"email":"jo@example.com","type":"Office"}]}]}"#
        let f = try validate(try json(contact))
        #expect(f.errors.isEmpty)
        #expect(Set(f.filter { $0.severity == .warning }.map(\.path.description)) == ["contacts[0].phones[0].type", "contacts[0].emails[0].type"])
    }

    @Test func notesSayWhatMetaFillsInAndWhatWaconLeftOut() throws {
        let text = #"{"messaging_product":"whatsapp","to":"+27123456789","text":{"body":"hi"},"context":null}"#
        let m = try OutboundMessage.parse(text)
        #expect(m.kind == .text)
        let notes = MessageValidator.validate(m).notes
        #expect(Set(notes.map(\.path.description)) == ["type", "recipient_type", "context"])
        #expect(notes.allSatisfy { $0.rule == .defaulted })
        // The request keeps what was written (no type added), without the null.
        #expect(m.json == (try json(#"{"messaging_product":"whatsapp","to":"+27123456789","text":{"body":"hi"}}"#)))
        // Without a text member, a missing type is not guessed.
        #expect(throws: MessageFileError.self) { try OutboundMessage.parse(#"{"messaging_product":"whatsapp","to":"+27123456789","image":{"id":"1"}}"#) }
        // A client library's null middle name is taken as absent.
        let card = #"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+27123456789","type":"contacts","contacts":[{"name":{"formatted_name":"Jo Doe","first_name":"Jo","middle_name":null}}]}"#
        let c = MessageValidator.validate(try OutboundMessage.parse(card))
        #expect(c.verdicts.isEmpty)
        #expect(c.notes.map(\.path.description) == ["contacts[0].name.middle_name"])
    }

    @Test func headersWithoutTypeAndStringPreviewURLsAreReadAsMetaReadsThem() throws {
        let cta = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"cta_url","header":{"text":"Open house"},"body":{"text":"b"},"action":{"name":"cta_url","parameters":{"display_text":"Go","url":"https://example.com"}}}}"#
        let m = try OutboundMessage.parse(cta)
        #expect(m.json == (try json(cta)))
        let f = MessageValidator.validate(m)
        #expect(f.verdicts.isEmpty)
        #expect(f.notes.contains { $0.path == "interactive.header.type" })
        let preview = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"text","text":{"body":"see https://example.com","preview_url":"false"}}"#
        let p = try OutboundMessage.parse(preview)
        #expect(p.json == (try json(preview)))
        guard case .text(let t) = p.content else { Issue.record("not text"); return }
        #expect(t.previewURL == false)
        #expect(MessageValidator.validate(p).notes.contains { $0.path == "text.preview_url" })
    }

    @Test func voiceNotesAreAudioOnly() throws {
        let audio = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"audio","audio":{"link":"https://example.com/note.ogg","voice":true}}"#
        #expect(try validate(try json(audio)).isEmpty)
        #expect(try validate(try json(audio).setting("audio.link", to: "https://example.com/note.mp3")).contains { $0.severity == .warning && $0.path == "audio.link" })
        let image = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"image","image":{"link":"https://example.com/a.jpg","voice":true}}"#
        #expect(try validate(try json(image)).contains { $0.isError && $0.path == "image.voice" })
    }

    @Test func bodyOnlyTemplatesWarnPast1024() throws {
        let f = try findings(Base.templateBodyOnly, "template.components[0].parameters[0].text", .string(asciiText(units: 2000)))
        #expect(f.count == 1)
        #expect(f.first?.severity == .warning)
    }

    @Test func locationRangesAndContactsRules() throws {
        let loc = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"location","location":{"latitude":91,"longitude":"18.42","address":"x"}}"#
        let f = try validate(try json(loc))
        #expect(f.contains { $0.path == "location.latitude" && $0.rule == .range })
        #expect(!f.contains { $0.path == "location.longitude" })
        #expect(f.contains { $0.path == "location.address" && $0.severity == .warning })
        let contact = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"contacts","contacts":[{"name":{"formatted_name":"X"},"birthday":"1990-13-01","phones":[{"phone":"+1","type":"MOBILE","wa_id":"+1"}],"addresses":[{"country_code":"ZAF"}]}]}"#
        let c = try validate(try json(contact)).map(\.path.description)
        #expect(Set(c) == ["contacts[0].name", "contacts[0].birthday", "contacts[0].phones[0].type", "contacts[0].phones[0].wa_id", "contacts[0].addresses[0].country_code"])
    }

    @Test func aMissingEmojiIsAnErrorNotARemoval() throws {
        let r = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"reaction","reaction":{"message_id":"wamid.1"}}"#
        let m = try OutboundMessage.parse(r)
        #expect(m.json == (try json(r)), "no emoji member is invented")
        #expect(MessageValidator.validate(m).contains { $0.path == "reaction.emoji" && $0.rule == .required })
    }

    @Test func textStyleEmojiWithVariationSelectorsCount() throws {
        let r = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"reaction","reaction":{"message_id":"wamid.1","emoji":"👍"}}"#
        for emoji in ["©️", "‼️", "↔️", "1️⃣", "👍🏽"] {
            #expect(try validate(try json(r).setting("reaction.emoji", to: .string(emoji))).isEmpty, "\(emoji)")
        }
        for cta in ["Call ☎️", "Love ❤️", "Go 🚀"] {
            #expect(try validate(try json(Base.flow).setting("interactive.action.parameters.flow_cta", to: .string(cta))).contains { $0.rule == .format }, "\(cta)")
        }
        #expect(try validate(try json(Base.flow).setting("interactive.action.parameters.flow_cta", to: "Call (c) 2026")).isEmpty)
    }

    @Test func messagingAccountIDIsAKnownEnvelopeField() throws {
        let text = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"text","text":{"body":"hi"},"messaging_account_id":"1234"}"#
        let m = try OutboundMessage.parse(text)
        #expect(m.messagingAccountID == "1234")
        #expect(m.json == (try json(text)))
        #expect(MessageValidator.validate(m).verdicts.isEmpty)
    }

    @Test func duplicateKeysInMessageFilesAreErrors() throws {
        #expect {
            try OutboundMessage.parse("{\"to\":\"+27123456789\",\"type\":\"text\",\n\"text\":{\"body\":\"a\",\"body\":\"b\"}}")
        } throws: { error in
            guard case .syntax(let e) = error as? MessageFileError else { return false }
            return e.line == 2 && e.reason.contains("duplicate member name \"body\"")
        }
    }

    @Test func reactionEmojiIsOneEmojiOrEmpty() throws {
        let r = #"{"messaging_product":"whatsapp","to":"+27123456789","type":"reaction","reaction":{"message_id":"wamid.1","emoji":"👍"}}"#
        #expect(try validate(try json(r)).isEmpty)
        #expect(try validate(try json(r).setting("reaction.emoji", to: "")).isEmpty)
        #expect(try validate(try json(r).setting("reaction.emoji", to: "👨‍👩‍👧")).isEmpty)
        #expect(try validate(try json(r).setting("reaction.emoji", to: "👍👍")).contains { $0.path == "reaction.emoji" })
        #expect(try validate(try json(r).setting("reaction.emoji", to: "ok")).contains { $0.path == "reaction.emoji" })
    }

    @Test func envelopeRules() throws {
        #expect(try findings(Base.text, "messaging_product", "sms").contains { $0.rule == .allowedValues })
        #expect(try findings(Base.text, "recipient_type", "broadcast").contains { $0.rule == .allowedValues })
        // A group recipient is a group id, not a phone number.
        #expect(try validate(try json(Base.text).setting("recipient_type", to: "group").setting("to", to: "120363025246125486@g.us")).isEmpty)
    }

    @Test func findingsAreAllReturnedAtOnce() throws {
        let bad = #"{"messaging_product":"whatsapp","to":"12","type":"interactive","interactive":{"type":"button","body":{"text":""},"action":{"buttons":[]}}}"#
        let f = try validate(try json(bad))
        #expect(Set(f.map(\.path.description)) == ["to", "interactive.body.text", "interactive.action.buttons"])
        #expect(f.allSatisfy { $0.isError })
    }
}
