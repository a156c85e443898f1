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
        #expect(try components([button.setting("parameters[0].type", to: "text")]).contains { $0.rule == .allowedValues })
        let currency: JSONValue = ["type": "currency", "currency": ["fallback_value": "$10.50", "code": "usd", "amount_1000": 10.5]]
        let f = try validate(base.setting("template.components[1].parameters[0]", to: currency))
        #expect(f.contains { $0.path == "template.components[1].parameters[0].currency.code" })
        #expect(f.contains { $0.path == "template.components[1].parameters[0].currency.amount_1000" })
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
