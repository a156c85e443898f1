import Foundation
import Testing
@testable import History
import Providers
import WhatsAppModel

/// Meta's answer to an accepted send with this wamid.
func metaAccepted(_ wamid: String) -> String {
    #"{"messaging_product":"whatsapp","contacts":[{"input":"x","wa_id":"x"}],"messages":[{"id":"\#(wamid)"}]}"#
}

/// An accepted Meta send of a text to `to` at `at`, recorded; returns its entry id.
@discardableResult
func sendRecorded(_ store: HistoryStore, to: String, wamid: String, at: Date) throws -> Int64 {
    try store.record(draft(report(.meta, status: 200, body: metaAccepted(wamid), to: to), at: at))
}

/// A customer's text message as a webhook delivers it.
func inbound(_ id: String, from customer: String, userID: String? = nil, text: String, context: String? = nil, at: Date, name: String? = nil) -> InboundDraft {
    InboundDraft(messageID: id, gateway: "meta", customer: customer, customerUserID: userID, customerName: name, type: "text",
                 summary: WebhookEventLine.quoted(text), contextID: context, at: at, receivedAt: at.addingTimeInterval(1),
                 raw: #"{"object":"whatsapp_business_account","entry":[]}"#)
}

/// The customer's side in the history file: messages kept once, filed with the exchange they
/// belong to, searchable, in the conversation, and bounded by retention with the entries.
@Suite struct ConversationHistoryTests {
    let t0 = Date(timeIntervalSince1970: 1_796_000_000)

    func copy(_ fixture: String) throws -> String {
        let path = tempHistoryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/\(fixture)")
        try FileManager.default.copyItem(atPath: source.path, toPath: path)
        return path
    }

    func counters(_ store: HistoryStore) throws -> (entries: Int, inbound: Int, events: Int, loose: Int, bytes: Int) {
        try store.pool.read { db in
            let r = try #require(try db.row(sql: "SELECT * FROM counters"))
            return (r["entries"], r["inbound"], r["events"], r["loose"], r["bytes"])
        }
    }

    // MARK: Migration

    /// The schema-2 fixture: entries 1 (Meta) and 2 (Zixflow) failed 131047, 3 rejected E110,
    /// 4 accepted with sent, delivered, read and a second copy of its delivered status.
    @Test func aSchema2FileReadsAsItWasThenUpgradesInPlaceKeepingEverything() throws {
        let path = try copy("history-v2.sqlite")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let reader = try HistoryStore(readingAt: path)
        #expect(reader.fileSchemaVersion == 2)
        #expect(try reader.list(HistoryFilter()).map(\.outcome) == ["accepted", "rejected", "failed", "failed"])
        let four = try #require(try reader.entry(id: 4))
        #expect(four.statuses.map(\.status) == ["sent", "delivered", "read"], "the duplicated delivered status shows once")
        #expect(four.finalStatus?.status == "read")
        #expect(four.inbound.isEmpty)
        #expect(try reader.conversation(with: "+27 12 345 6789").items.count == 4, "a conversation of sends only")
        #expect(try reader.inbound(forEntry: 4).isEmpty)
        #expect(try reader.searchLooseInbound("hi").isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "reading never changes the file")

        let store = try HistoryStore(path: path)
        #expect(store.fileSchemaVersion == 3)
        #expect(try store.list(HistoryFilter()).map(\.outcome) == ["accepted", "rejected", "failed", "failed"])
        #expect(try store.list(HistoryFilter()).first?.finalStatus?.status == "read")
        var f = HistoryFilter(); f.vendorCode = "131047"
        #expect(try store.list(f).map(\.id) == [2, 1])
        let c = try counters(store)
        #expect(c.entries == 4 && c.inbound == 0 && c.events == 0 && c.loose == 0)
        // The customer's reply goes with the send they had received: entry 4 (1 and 2 failed, 3 was rejected).
        let r = try #require(try store.record(inbound: inbound("wamid.in1", from: "27123456789", text: "meet at the zebra crossing", at: Date(timeIntervalSince1970: 1_796_145_980))))
        #expect(r.entryID == 4)
        let again = try HistoryStore(readingAt: path)
        #expect(again.fileSchemaVersion == 3)
        #expect(try again.entry(id: 4)?.inbound.map(\.summary) == ["\"meet at the zebra crossing\""])
        f = HistoryFilter(); f.search = "zebra cross"
        #expect(try again.list(f).map(\.id) == [4])
        #expect(try again.damage() == nil)
    }

    @Test func aSchema1FileUpgradesThroughBothSteps() throws {
        let store = try HistoryStore(path: try copy("history-v1.sqlite"))
        #expect(store.fileSchemaVersion == 3)
        #expect(try store.list(HistoryFilter()).map(\.outcome) == ["accepted", "rejected", "failed", "failed"])
        #expect(try store.record(inbound: inbound("wamid.x", from: "27123456789", text: "ok", at: Date(timeIntervalSince1970: 1_796_145_980)))?.entryID == 4)
    }

    // MARK: De-duplication

    @Test func aMessageDeliveredTwiceIsKeptOnce() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let id = try sendRecorded(store, to: "+27 82 555 0100", wamid: "wamid.OUT1", at: t0)
        let m = inbound("wamid.IN1", from: "27825550100", text: "hi", at: t0.addingTimeInterval(60))
        #expect(try store.record(inbound: m)?.entryID == id)
        #expect(try store.record(inbound: m) == nil, "the second delivery is not recorded")
        let batch = try store.record(inbound: [m, inbound("wamid.IN2", from: "27825550100", text: "there", at: t0.addingTimeInterval(61))])
        #expect(batch.map { $0 == nil } == [true, false])
        #expect(try store.entry(id: id)?.inbound.map(\.messageID) == ["wamid.IN1", "wamid.IN2"])
        #expect(try counters(store).inbound == 2)
        #expect(try store.stats().inbound == 2)
    }

    @Test func aWholeWebhookBodyIsRecordedOnceWithItsStatusesMessagesAndEvents() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let now = Date()
        let ts = Int(now.timeIntervalSince1970)
        let id = try sendRecorded(store, to: "+1 650 555 1234", wamid: "wamid.OUT", at: now.addingTimeInterval(-120))
        let body = """
            {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[
              {"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000000","phone_number_id":"PN"},
                "statuses":[{"id":"wamid.OUT","status":"read","timestamp":"\(ts - 30)","recipient_id":"16505551234"},
                            {"id":"wamid.OUT","status":"delivered","timestamp":"\(ts - 60)","recipient_id":"16505551234"}]}},
              {"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000000","phone_number_id":"PN"},
                "contacts":[{"profile":{"name":"Ann"},"wa_id":"16505551234","user_id":"US.13491208655302741918"}],
                "messages":[{"from":"16505551234","from_user_id":"US.13491208655302741918","id":"wamid.IN","timestamp":"\(ts - 10)","type":"interactive",
                  "context":{"from":"15550000000","id":"wamid.OUT"},
                  "interactive":{"type":"button_reply","button_reply":{"id":"yes","title":"Yes"}}}]}},
              {"field":"user_id_update","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000000","phone_number_id":"PN"},
                "user_id_update":[{"wa_id":"16505551234","detail":"changed","user_id":{"previous":"US.13491208655302741918","current":"US.99"},"timestamp":"\(ts - 5)"}]}}
            ]}]}
            """
        let read = try WebhookBodyReader.read(Array(body.utf8), gateway: .meta)
        let first = try store.record(webhook: read, raw: Array(body.utf8))
        #expect(first.statusEntries == [id, id])
        #expect(first.inbound.map(\.messageID) == ["wamid.IN"])
        #expect(first.inbound.first?.entryID == id)
        #expect(first.inbound.first?.summary == "button_reply yes \"Yes\"")
        #expect(first.inbound.first?.customer == "16505551234" && first.inbound.first?.customerUserID == "US.13491208655302741918")
        #expect(first.events.map(\.kind) == ["user_id_update"])
        #expect(first.events.first?.entryID == id)
        let second = try store.record(webhook: read, raw: Array(body.utf8))
        #expect(second.inbound.isEmpty && second.duplicateMessages == 1)
        #expect(second.events.isEmpty && second.duplicateEvents == 1)
        let e = try #require(try store.entry(id: id))
        #expect(e.statuses.map(\.status) == ["read", "delivered"], "kept once each, in the order they arrived")
        #expect(e.finalStatus?.status == "read")
        #expect(e.inbound.count == 1 && e.events.count == 1)
        #expect(e.inbound.first?.message?.id == "wamid.IN", "the kept body reads again")
        let c = try counters(store)
        #expect(c.inbound == 1 && c.events == 1 && c.loose == 0)
        // The conversation holds the send, the tap and the user id change, and knows every id.
        let talk = try store.conversation(with: "+1 650 555 1234")
        #expect(talk.identities == ["16505551234", "US.13491208655302741918", "US.99"])
        #expect(talk.items.map { item -> String in
            switch item {
            case .sent: return "sent"
            case .received: return "received"
            case .event(let e): return e.kind
            }
        } == ["sent", "received", "user_id_update"])
        #expect(try store.conversation(with: "US.99").items.count == 3, "the new user id finds the same customer")
    }

    // MARK: Correlation

    @Test func aReplyGoesWithTheSendItNamesElseTheNewestSendBeforeItElseNoneUntilASendAnswersIt() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let a = try sendRecorded(store, to: "+27825550100", wamid: "wamid.A", at: t0)
        let b = try sendRecorded(store, to: "+27 82 555 0100", wamid: "wamid.B", at: t0.addingTimeInterval(600))
        // A rejected send to them reached no one: never the exchange.
        try store.record(draft(report(.meta, status: 400, body: #"{"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047}}"#, to: "+27825550100"),
                               at: t0.addingTimeInterval(900)))
        // By context, even when a newer send exists.
        #expect(try store.record(inbound: inbound("wamid.1", from: "27825550100", text: "about A", context: "wamid.A", at: t0.addingTimeInterval(1000)))?.entryID == a)
        // A reaction names the message it reacts to.
        var reaction = inbound("wamid.2", from: "27825550100", text: "", context: "wamid.A", at: t0.addingTimeInterval(1001))
        reaction.type = "reaction"
        #expect(try store.record(inbound: reaction)?.entryID == a)
        // A context naming the customer's own earlier message goes with that message's exchange.
        #expect(try store.record(inbound: inbound("wamid.3", from: "27825550100", text: "also", context: "wamid.1", at: t0.addingTimeInterval(1002)))?.entryID == a)
        // No context: the newest accepted send they had received when they wrote.
        #expect(try store.record(inbound: inbound("wamid.4", from: "27825550100", text: "plain", at: t0.addingTimeInterval(1003)))?.entryID == b)
        #expect(try store.record(inbound: inbound("wamid.5", from: "27825550100", text: "early", at: t0.addingTimeInterval(300)))?.entryID == a,
                "written before B was sent: it answers A")
        // A context history does not have falls back to the customer.
        #expect(try store.record(inbound: inbound("wamid.6", from: "27825550100", text: "unknown", context: "wamid.ELSEWHERE", at: t0.addingTimeInterval(1004)))?.entryID == b)

        // Nobody sent to them yet: loose, in the conversation, until a send answers within 24 hours.
        let loose = try #require(try store.record(inbound: inbound("wamid.7", from: "447700900001", text: "hello wacon", at: Date().addingTimeInterval(-3600))))
        #expect(loose.entryID == nil)
        #expect(try counters(store).loose == 1)
        #expect(try store.conversation(with: "+44 7700 900001").items.count == 1)
        let old = try #require(try store.record(inbound: inbound("wamid.8", from: "447700900001", text: "ancient", at: Date().addingTimeInterval(-3 * 86400))))
        #expect(old.entryID == nil)
        let answer = try sendRecorded(store, to: "+44 7700 900001", wamid: "wamid.C", at: Date())
        #expect(try store.inbound(forEntry: answer).map(\.messageID) == ["wamid.7"], "the message of two days before stays loose")
        #expect(try counters(store).loose == 1)
    }

    /// The business's reaction answers nothing: the customer's next words go with the message
    /// before it, and their earlier loose words are not taken in by it.
    @Test func aReactionIsNeverTheExchangeAReplyBelongsTo() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let question = try sendRecorded(store, to: "+27825550100", wamid: "wamid.Q", at: t0)
        var reacted = report(.meta, status: 200, body: metaAccepted("wamid.R"), to: "+27825550100")
        reacted.1 = OutboundMessage(to: "+27825550100", content: .reaction(ReactionContent(messageID: "wamid.Q", emoji: "👍")))
        let reaction = try store.record(draft(reacted, at: t0.addingTimeInterval(60)))
        #expect(try store.entry(id: reaction)?.kind == "reaction")
        #expect(try store.record(inbound: inbound("wamid.9", from: "27825550100", text: "yes please", at: t0.addingTimeInterval(120)))?.entryID == question)
    }

    /// A customer who wrote to two business numbers: the window through one of them counts
    /// only what they wrote to it (and what did not say which number).
    @Test func theWindowThroughOneBusinessNumberCountsOnlyWhatWasWrittenToIt() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        var toSandbox = inbound("wamid.S", from: "27825550100", text: "to the sandbox", at: t0.addingTimeInterval(3600))
        toSandbox.business = "106540352242922"
        var toProduction = inbound("wamid.P", from: "27825550100", text: "to the shop", at: t0)
        toProduction.business = "555000111222333"
        _ = try store.record(inbound: toSandbox)
        _ = try store.record(inbound: toProduction)
        #expect(try store.conversation(with: "+27825550100", business: "555000111222333").window.lastCustomerMessage == t0)
        #expect(try store.conversation(with: "+27825550100", business: "106540352242922").window.lastCustomerMessage == t0.addingTimeInterval(3600))
        #expect(try store.conversation(with: "+27825550100").window.lastCustomerMessage == t0.addingTimeInterval(3600))
        #expect(try store.conversation(with: "+27825550100", business: "999").window.lastCustomerMessage == nil)
    }

    @Test func aCustomerKnownByUserIDAloneIsMatchedBySendsToThatUserID() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let toUser = try store.record(draft({
            var r = report(.meta, status: 200, body: metaAccepted("wamid.U"))
            r.1.address(to: "US.13491208655302741918")
            return r
        }(), at: t0))
        #expect(try store.entry(id: toUser)?.recipient == "US.13491208655302741918")
        let m = try #require(try store.record(inbound: inbound("wamid.i", from: "US.13491208655302741918", userID: "US.13491208655302741918", text: "hi", at: t0.addingTimeInterval(5))))
        #expect(m.entryID == toUser)
        #expect(m.customer == "US.13491208655302741918")
    }

    // MARK: Conversation

    @Test func theConversationIsOldestFirstTheNewestItemsAndOneCustomerByNumberAndUserID() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        // Whole seconds, as webhook times are, so the window's minutes come out exact.
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let start = now.addingTimeInterval(-7200)
        let s1 = try sendRecorded(store, to: "+27825550100", wamid: "wamid.S1", at: start)
        try store.record(inbound: inbound("wamid.R1", from: "27825550100", userID: "US.555", text: "first", at: start.addingTimeInterval(60)))
        let s2 = try store.record(draft({
            var r = report(.meta, status: 200, body: metaAccepted("wamid.S2"))
            r.1.address(to: "US.555")
            return r
        }(), at: start.addingTimeInterval(120)))
        try store.record(inbound: inbound("wamid.R2", from: "US.555", userID: "US.555", text: "second", at: start.addingTimeInterval(180)))
        let s3 = try sendRecorded(store, to: "+27 82 555 0100", wamid: "wamid.S3", at: start.addingTimeInterval(240))
        try store.attach(DeliveryStatus(gateway: .meta, messageID: "wamid.S3", status: "read", timestamp: start.addingTimeInterval(250)))
        try store.attach(DeliveryStatus(gateway: .meta, messageID: "wamid.S3", status: "delivered", timestamp: start.addingTimeInterval(245)))
        let last = now.addingTimeInterval(-3600)
        try store.record(inbound: inbound("wamid.R3", from: "27825550100", text: "third", at: last))
        // Someone else's messages never show.
        try sendRecorded(store, to: "+27825550199", wamid: "wamid.OTHER", at: start.addingTimeInterval(200))
        try store.record(inbound: inbound("wamid.RX", from: "27825550199", text: "other", at: start.addingTimeInterval(210)))

        func describe(_ c: Conversation) -> [String] {
            c.items.map {
                switch $0 {
                case .sent(let e): return "→\(e.id)"
                case .received(let m): return "←\(m.messageID)"
                case .event(let e): return "·\(e.kind)"
                }
            }
        }
        let all = try store.conversation(with: "+27 82 555 0100", limit: 50)
        #expect(describe(all) == ["→\(s1)", "←wamid.R1", "→\(s2)", "←wamid.R2", "→\(s3)", "←wamid.R3"])
        #expect(all.customer == "27825550100" && all.identities == ["27825550100", "US.555"])
        #expect(!all.hasEarlier)
        if case .sent(let e) = all.items[4] {
            #expect(e.finalStatus?.status == "read")
            #expect(e.contentSummary.hasPrefix("text \""))
        } else {
            Issue.record("item 4 is not a send")
        }
        #expect(all.window.lastCustomerMessage.map { abs($0.timeIntervalSince(last)) < 0.01 } == true)
        #expect(all.window.summary(at: now) == "open 23 h 0 m")
        // The same customer asked for by user id.
        #expect(describe(try store.conversation(with: "US.555")) == describe(all))
        // The newest three, still oldest first.
        let three = try store.conversation(with: "27825550100", limit: 3)
        #expect(describe(three) == ["←wamid.R2", "→\(s3)", "←wamid.R3"])
        #expect(three.hasEarlier)
        #expect(try store.conversation(with: "27825550100", limit: .max).items.count == 6, "a limit past the maximum is read as the maximum")
        // Nobody: empty, window closed.
        let nobody = try store.conversation(with: "+1 202 555 0100")
        #expect(nobody.items.isEmpty && nobody.window.summary(at: now) == "closed: templates only")
    }

    // MARK: Final status by rank

    @Test func theFinalStatusIsTheHighestRankedWhateverOrderTheyArriveIn() throws {
        #expect(["sent", "delivered", "read", "played", "failed", "NOT-SENT", "replied", "deleted"].map(DeliveryStatus.rank) == [1, 2, 3, 4, 100, 100, nil, nil])
        let store = try HistoryStore(path: tempHistoryPath())
        func statuses(_ words: [String], wamid: String) throws -> HistoryEntry {
            let id = try sendRecorded(store, to: "+27825550100", wamid: wamid, at: t0)
            for (i, w) in words.enumerated() {
                let errors = DeliveryStatus.isFailure(w) ? [StatusError(code: "131026", title: "Message undeliverable", details: nil)] : []
                try store.attach(DeliveryStatus(gateway: .meta, messageID: wamid, status: w, timestamp: t0.addingTimeInterval(Double(i)), errors: errors))
            }
            return try #require(try store.entry(id: id))
        }
        #expect(try statuses(["read", "delivered", "sent"], wamid: "w1").finalStatus?.status == "read", "read before delivered: read")
        let failedFirst = try statuses(["failed", "delivered", "read"], wamid: "w2")
        #expect(failedFirst.finalStatus?.status == "failed", "failed then delivered: failed")
        #expect(failedFirst.outcome == "failed" && failedFirst.vendorCode == "131026")
        #expect(failedFirst.statuses.map(\.status) == ["failed", "delivered", "read"], "every status is kept")
        #expect(try statuses(["sent"], wamid: "w3").finalStatus?.status == "sent", "missing delivered and read: sent")
        #expect(try statuses([], wamid: "w4").finalStatus == nil)
        #expect(try statuses(["delivered", "replied"], wamid: "w5").finalStatus?.status == "delivered", "a word that is no delivery step never decides")
        #expect(try statuses(["read", "played", "read"], wamid: "w6").finalStatus?.status == "played")
        // A status delivered twice (same id, status and time) is kept once; one at another time is kept.
        let id = try sendRecorded(store, to: "+27825550100", wamid: "w7", at: t0)
        let delivered = DeliveryStatus(gateway: .meta, messageID: "w7", status: "delivered", timestamp: t0)
        #expect(try store.attach(delivered) == id)
        #expect(try store.attach(delivered) == id, "a duplicate still names its entry")
        try store.attach(DeliveryStatus(gateway: .meta, messageID: "w7", status: "delivered", timestamp: t0.addingTimeInterval(1)))
        try store.attach(DeliveryStatus(gateway: .meta, messageID: "w7", status: "sent"))
        try store.attach(DeliveryStatus(gateway: .meta, messageID: "w7", status: "sent"))
        #expect(try store.entry(id: id)?.statuses.map(\.status) == ["delivered", "delivered", "sent"])
        // Lists carry the statuses (without bodies) so rows show the final one.
        let row = try #require(try store.list(HistoryFilter()).first { $0.id == id })
        #expect(HistorySummary(row).finalStatus == "delivered")
        #expect(row.statuses.allSatisfy { $0.raw?.isEmpty ?? true })
    }

    // MARK: Search

    @Test func theCustomersWordsFindTheirExchangeAndALooseMessageIsFoundOnItsOwn() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let now = Date()
        let a = try sendRecorded(store, to: "+27825550100", wamid: "wamid.A", at: now.addingTimeInterval(-600))
        try sendRecorded(store, to: "+27825550111", wamid: "wamid.B", at: now.addingTimeInterval(-500))
        try store.record(inbound: inbound("wamid.IN", from: "27825550100", text: "Can I bring my dachshund?", at: now.addingTimeInterval(-400), name: "Nomvula"))
        var f = HistoryFilter(); f.search = "dachshund"
        #expect(try store.list(f).map(\.id) == [a])
        f.search = "bring dachs"  // words, the last a prefix, as for the rest
        #expect(try store.list(f).map(\.id) == [a])
        f.search = "Nomvula"
        #expect(try store.list(f).map(\.id) == [a])
        f.search = "wamid.IN"
        #expect(try store.list(f).map(\.id) == [a], "the message's id finds its exchange too")
        #expect(try store.list(f).first?.inbound.count == 1)

        // A message from someone never sent to: no entry matches; the loose search finds it.
        try store.record(inbound: inbound("wamid.L", from: "447700900002", text: "is the kitchen open late", at: now.addingTimeInterval(-300)))
        f.search = "kitchen"
        #expect(try store.list(f).isEmpty)
        #expect(try store.searchLooseInbound("kitchen open").map(\.messageID) == ["wamid.L"])
        #expect(try store.searchLooseInbound("dachshund").isEmpty, "a message with an exchange is found through it")
        // Once a send answers it, the exchange holds it and the loose search no longer does.
        let c = try sendRecorded(store, to: "+44 7700 900002", wamid: "wamid.C", at: now)
        #expect(try store.list(f).map(\.id) == [c])
        #expect(try store.searchLooseInbound("kitchen").isEmpty)
    }

    // MARK: Retention

    @Test func retentionAndDeletionTakeTheCustomersMessagesWithTheirExchangeAndKeepCountsRight() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let base = try counters(store).bytes
        var ids: [Int64] = []
        for i in 0..<6 {
            let at = t0.addingTimeInterval(Double(i) * 100)
            ids.append(try sendRecorded(store, to: "+2782555010\(i)", wamid: "wamid.S\(i)", at: at))
            try store.record(inbound: inbound("wamid.R\(i)", from: "2782555010\(i)", text: "reply \(i)", at: at.addingTimeInterval(10)))
        }
        // Loose messages: one older than every entry, one newer.
        try store.record(inbound: inbound("wamid.OLD", from: "4477009000003", text: "old", at: t0.addingTimeInterval(-100)))
        try store.record(inbound: inbound("wamid.NEW", from: "4477009000003", text: "new", at: t0.addingTimeInterval(1000)))
        var c = try counters(store)
        #expect(c.entries == 6 && c.inbound == 8 && c.loose == 2)
        let withInbound = c.bytes
        #expect(withInbound > base)

        // Two entries go, with their replies; the loose message older than the oldest kept entry goes too.
        #expect(try store.enforce(RetentionPolicy(maxEntries: 4, maxBytes: 1 << 40, bodyCap: 65536)) == 2)
        c = try counters(store)
        #expect(c.entries == 4 && c.inbound == 5 && c.loose == 1)
        #expect(try store.inbound(forEntry: ids[0]).isEmpty)
        #expect(try store.conversation(with: "4477009000003").items.count == 1)
        let sum = try store.pool.read { db in
            (try db.value(Int.self, sql: "SELECT sum(bytes) FROM entry") ?? 0) + (try db.value(Int.self, sql: "SELECT sum(bytes) FROM inbound") ?? 0)
        }
        #expect(c.bytes == sum, "the byte counter is the entries' and the messages' bytes")

        // Deleting one entry deletes its reply; deleting before a date takes loose ones before it.
        #expect(try store.delete(ids: [ids[2]]) == 1)
        #expect(try counters(store).inbound == 4)
        #expect(try store.delete(before: t0.addingTimeInterval(2000)) == 3)
        c = try counters(store)
        #expect(c.entries == 0 && c.inbound == 0 && c.loose == 0)

        // A listener that only receives: loose messages past the count cap go, oldest first.
        for i in 0..<5 { try store.record(inbound: inbound("wamid.Q\(i)", from: "4477009000004", text: "q\(i)", at: t0.addingTimeInterval(Double(i)))) }
        #expect(try store.enforce(RetentionPolicy(maxEntries: 3, maxBytes: 1 << 40, bodyCap: 65536)) == 0)
        #expect(try store.conversation(with: "4477009000004").items.compactMap { if case .received(let m) = $0 { return m.messageID } else { return nil } }
                == ["wamid.Q2", "wamid.Q3", "wamid.Q4"])
        #expect(try counters(store).loose == 3)
        #expect(try store.damage() == nil)
    }

    // MARK: Export

    @Test func exportsCarryTheRepliesAndAShellCommentCannotBeBrokenOutOf() throws {
        let store = try HistoryStore(path: tempHistoryPath())
        let id = try sendRecorded(store, to: "+27825550100", wamid: "wamid.A", at: t0)
        try store.record(inbound: inbound("wamid.IN", from: "27825550100", text: "x\nrm -rf ~\n", at: t0.addingTimeInterval(5)))
        let e = try #require(try store.entry(id: id))
        let curl = HistoryExport.curl(e)
        #expect(!curl.split(separator: "\n").contains { $0.hasPrefix("rm") }, "\(curl)")
        #expect(curl.contains("# ← "))
        let har = HistoryExport.har([e])
        let item = try #require(har["log"]?["entries"]?.arrayValue?.first)
        #expect(item["_inbound"]?.arrayValue?.first?["message_id"] == "wamid.IN")
        #expect(HistoryExport.json(e)["inbound"]?.arrayValue?.count == 1)
        #expect(HistoryExport.json(e)["replies"] == 1)
    }
}
