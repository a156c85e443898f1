import Foundation
import History
import Providers
import Testing
import WhatsAppModel

/// The customer's side as `wacon history` shows it: replies under their send, the transcript,
/// the window, through the real binary over a real history file.
@Suite(.serialized, .timeLimit(.minutes(2))) struct HistoryConversationCLITests {
    /// Records an accepted Meta send of `text` to `to` at `at`, as a send through the sandbox
    /// would (the request prepared by the gateway, Meta's answer with `wamid`).
    func recordSend(_ store: HistoryStore, to: String, wamid: String, text: String, at: Date) throws -> Int64 {
        let profile = Profile.builtIn(.meta)
        let message = try OutboundMessage.parse(#"{"messaging_product":"whatsapp","to":"\#(to)","type":"text","text":{"body":"\#(text)"}}"#)
        let prep = GatewayID.meta.gateway.prepare(message, profile: profile)
        let response = WireResponse(status: 200, headers: [("Content-Type", "application/json")],
                                    body: #"{"messaging_product":"whatsapp","contacts":[{"input":"x","wa_id":"x"}],"messages":[{"id":"\#(wamid)"}]}"#)
        let exchange = WireExchange(request: try #require(prep.request), result: .success(response), startedAt: at, headersAfter: .milliseconds(3), total: .milliseconds(5))
        let report = SendReport(gateway: .meta, profile: profile.name, preparation: prep,
                                attempts: [SendAttempt(exchange: exchange, outcome: GatewayID.meta.gateway.decode(response))])
        return try store.record(HistoryDraft(report: report, message: message, options: VendorOptions(), scenario: nil, bodyCap: 65536, now: at))
    }

    /// A history with one customer: a send read (statuses out of order), a button tap on it, a
    /// text with terminal escapes in it, a second send failed 131047; and a loose message from
    /// someone else. Returns the data folder and the two entry ids.
    func history() throws -> (data: String, first: Int64, second: Int64) {
        let data = tempDataHome()
        let store = try HistoryStore(path: data + "/wacon/history.sqlite")
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let first = try recordSend(store, to: "+27 82 555 0100", wamid: "wamid.OUT1", text: "Your table is ready", at: now.addingTimeInterval(-7200))
        try store.attach(DeliveryStatus(gateway: .meta, messageID: "wamid.OUT1", status: "read", timestamp: now.addingTimeInterval(-7100)))
        try store.attach(DeliveryStatus(gateway: .meta, messageID: "wamid.OUT1", status: "delivered", timestamp: now.addingTimeInterval(-7150)))
        try store.record(inbound: InboundDraft(messageID: "wamid.IN1", gateway: "meta", customer: "27825550100", customerName: "Thandi", type: "interactive",
                                               summary: #"button_reply yes "On my way""#, contextID: "wamid.OUT1", at: now.addingTimeInterval(-3600), raw: "{}"))
        try store.record(inbound: InboundDraft(messageID: "wamid.IN2", gateway: "meta", customer: "27825550100", type: "text",
                                               summary: "\"\u{1B}]0;owned\u{07}\u{1B}[2J\"", at: now.addingTimeInterval(-1830), raw: "{}"))
        let second = try recordSend(store, to: "+27825550100", wamid: "wamid.OUT2", text: "See you soon", at: now.addingTimeInterval(-600))
        try store.attach(DeliveryStatus(gateway: .meta, messageID: "wamid.OUT2", status: "failed", timestamp: now.addingTimeInterval(-590),
                                        errors: [StatusError(code: "131047", title: "Re-engagement message", details: nil)]))
        try store.record(inbound: InboundDraft(messageID: "wamid.LOOSE", gateway: "meta", customer: "4477009000005", type: "text",
                                               summary: "\"is the kitchen open\"", at: now.addingTimeInterval(-60), raw: "{}"))
        return (data, first, second)
    }

    @Test func showListsTheRepliesUnderTheStatusesWithTheFinalStatus() throws {
        let h = try history()
        let show = try wacon(["history", "show", "\(h.first)"], env: ["XDG_DATA_HOME": h.data])
        #expect(show.status == 0, "\(show.stderr)")
        let lines = show.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("status  ") }.count == 2)
        #expect(lines.contains("final status: read"), "\(show.stdout)")
        let reply = try #require(lines.first { $0.hasPrefix("← ") && $0.contains("button_reply") })
        #expect(reply.contains(#"interactive button_reply yes "On my way"  (re wamid.OUT1)  from "Thandi""#), "\(reply)")
        #expect(!show.stdout.contains("\u{1B}") && !show.stdout.contains("\u{07}"), "no escape reaches the terminal")
        #expect(show.stdout.contains(#"\u{1B}]0;owned\u{7}\u{1B}[2J"#), "\(show.stdout)")
        let json = try JSONParser.parse(try wacon(["history", "show", "\(h.first)", "--json"], env: ["XDG_DATA_HOME": h.data]).stdout)
        #expect(json["final_status"] == "read")
        #expect(json["replies"] == 2)
        #expect(json["inbound"]?.arrayValue?.first?["context_id"] == "wamid.OUT1")
    }

    @Test func theConversationIsATranscriptEndingWithTheWindow() throws {
        let h = try history()
        let env = ["XDG_DATA_HOME": h.data]
        let run = try wacon(["history", "conversation", "+27 82 555 0100"], env: env)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "conversation with 27825550100")
        let items = lines.filter { $0.hasPrefix("→ ") || $0.hasPrefix("← ") }
        #expect(items.count == 4, "\(run.stdout)")
        #expect(items[0].hasPrefix("→ ") && items[0].hasSuffix(#"#\#(h.first) meta text "Your table is ready"  read"#), "\(items[0])")
        #expect(items[1].hasPrefix("← ") && items[1].contains("button_reply"))
        #expect(items[2].hasPrefix("← ") && items[2].contains(#"\u{1B}"#))
        #expect(items[3].hasSuffix(#"#\#(h.second) meta text "See you soon"  failed 131047 window"#), "\(items[3])")
        #expect(lines.last?.hasPrefix("window: open 23 h ") == true, "the last message was 30 minutes ago: \(lines.last ?? "")")
        #expect(!run.stdout.contains("\u{1B}"))
        #expect(!run.stdout.contains("kitchen"), "someone else's message")

        let json = try JSONParser.parse(try wacon(["history", "conversation", "27825550100", "--json"], env: env).stdout)
        let all = try #require(json["items"]?.arrayValue)
        #expect(all.map { $0["direction"]?.stringValue ?? "" } == ["sent", "received", "received", "sent"])
        #expect(all[0]["final_status"] == "read" && all[3]["final_status"] == "failed" && all[3]["vendor_code"] == "131047")
        #expect(json["window"]?["state"] == "open")

        let one = try wacon(["history", "conversation", "27825550100", "--limit", "1"], env: env)
        #expect(one.stdout.contains("earlier items left out"))
        #expect(one.stdout.split(separator: "\n").filter { $0.hasPrefix("→ ") || $0.hasPrefix("← ") }.count == 1)

        let nobody = try wacon(["history", "conversation", "+1 202 555 0100"], env: env)
        #expect(nobody.status == 0 && nobody.stdout.contains("window: closed: templates only"), "\(nobody.stdout)")
        let bad = try wacon(["history", "conversation", "hello"], env: env)
        #expect(bad.status == 64 && bad.stderr.contains(#"CUSTOMER "hello""#), "\(bad.stderr)")
        let zero = try wacon(["history", "conversation", "27825550100", "--limit", "0"], env: env)
        #expect(zero.status == 64 && zero.stderr.contains("--limit 0: give 1 to 10000"), "\(zero.stderr)")
        let huge = try wacon(["history", "conversation", "27825550100", "--limit", "\(Int.max)"], env: env)
        #expect(huge.status == 64 && huge.stderr.contains("--limit \(Int.max): give 1 to 10000"), "\(huge.stderr)")

        let stats = try wacon(["history", "stats"], env: env)
        #expect(stats.stdout.contains("3 messages from customers, 0 other webhook events (1 with no send yet)"), "\(stats.stdout)")
        let statsJSON = try JSONParser.parse(try wacon(["history", "stats", "--json"], env: env).stdout)
        #expect(statsJSON["inbound"] == 3 && statsJSON["loose"] == 1 && statsJSON["entries"] == 2)
    }

    @Test func listMarksRepliesAtTheEndOfTheRowAndPointsToLooseMatches() throws {
        let h = try history()
        let env = ["XDG_DATA_HOME": h.data]
        let list = try wacon(["history"], env: env)
        let rows = list.stdout.split(separator: "\n").map(String.init)
        let first = try #require(rows.first { $0.hasPrefix("#\(h.first) ") })
        #expect(first.hasSuffix("accepted  read  ↩ 2"), "\(first)")
        let second = try #require(rows.first { $0.hasPrefix("#\(h.second) ") })
        #expect(second.contains("failed 131047 window") && !second.contains("↩"), "\(second)")
        let json = try JSONParser.parse(try wacon(["history", "--json"], env: env).stdout)
        let entry = try #require(json.arrayValue?.first { $0["id"] == .number(JSONNumber(Int(h.first))) })
        #expect(entry["final_status"] == "read" && entry["replies"] == 2)
        #expect(entry["outcome"] == "accepted", "fields are added, none changed")
        // Searching the customer's words finds the exchange; a loose message is pointed to.
        let found = try wacon(["history", "--search", "my way"], env: env)
        #expect(found.stdout.split(separator: "\n").map { $0.prefix(while: { $0 != " " }) } == ["#\(h.first)"], "\(found.stdout)")
        let loose = try wacon(["history", "--search", "kitchen"], env: env)
        #expect(loose.stdout.contains("no entries match"))
        #expect(loose.stderr.contains("wacon history conversation 4477009000005"), "\(loose.stderr)")
    }
}
