import Console
import Foundation
import History
import Providers
import WhatsAppModel

// The history file at a year of heavy use: generate N entries (a mix of gateways, kinds,
// accepted and rejected sends with their bodies), then time what people do with it.

func historyBenchmark(entries n: Int, path: String?) {
    let file = path ?? FileManager.default.temporaryDirectory.appendingPathComponent("wacon-bench-history-\(n)/history.sqlite").path
    let clock = ContinuousClock()
    func ms(_ d: Duration) -> Double { d.milliseconds }
    var existing = 0
    if FileManager.default.fileExists(atPath: file), let store = try? HistoryStore(path: file) { existing = (try? store.stats().total) ?? 0 }
    if existing < n {
        print("generating \(n - existing) entries in \(file) …")
        let store = try! HistoryStore(path: file)
        let templates = historyTemplates()
        let g0 = clock.now
        var made = existing
        let start = Date(timeIntervalSinceNow: -365 * 86_400)
        while made < n {
            let count = min(20_000, n - made)
            var batch: [HistoryDraft] = []
            batch.reserveCapacity(count)
            for i in 0..<count {
                let k = made + i
                var d = templates[k % templates.count]
                d.entry.createdAt = start.addingTimeInterval(Double(k) * 365 * 86_400 / Double(n))
                d.entry.recipient = "+27" + String(700_000_000 + (k * 7919) % 99_999_999)
                if d.entry.outcome == "accepted" { d.entry.messageID = "wamid.HBgL\(k)X\(k % 977)" }
                batch.append(d)
            }
            try! store.record(batch: batch)
            try! store.checkpoint()
            made += count
            if made % 200_000 == 0 { print("  \(made)") }
        }
        print(String(format: "generated in %.1f s", ms(clock.now - g0) / 1000))
    }
    let size = ["", "-wal"].reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: file + $1)[.size] as? Int) ?? 0) }

    func time(_ label: String, runs: Int = 15, _ body: () -> Int) -> Double {
        var samples: [Double] = []
        var found = 0
        for _ in 0..<runs {
            let t = clock.now
            found = body()
            samples.append(ms(clock.now - t))
        }
        samples.sort()
        let median = samples[samples.count / 2]
        print(String(format: "%-44@ median %7.2f ms  max %7.2f ms  (%d rows)", label as NSString, median, samples.last!, found))
        return median
    }
    print("wacon-bench history: \(n) entries, \(size / 1_048_576) MiB, \(size / max(1, n)) bytes per entry")
    let openList = time("open + list newest 50 (a new process' work)") {
        let store = try! HistoryStore(path: file)
        return try! store.list(HistoryFilter()).count
    }
    let store = try! HistoryStore(path: file)
    var f = HistoryFilter()
    _ = time("list newest 50 (open file)") { try! store.list(HistoryFilter()).count }
    f.search = "Re-engagement"
    let search = time("full-text search \"Re-engagement\", newest 50") { try! store.list(f).count }
    f.search = "wamid.HBgL\(n / 2)X\((n / 2) % 977)"
    _ = time("full-text search for one message id") { try! store.list(f).count }
    f = HistoryFilter()
    f.gateway = "kaleyra"; f.vendorCode = "E110"
    let filtered = time("filtered list: kaleyra + E110, newest 50") { try! store.list(f).count }
    f = HistoryFilter()
    f.recipient = "+27 " + String(700_000_000 + (n / 3 * 7919) % 99_999_999)
    _ = time("filtered list: one recipient") { try! store.list(f).count }

    // The console's history pane (data only; drawing comes on top): opening it, and the
    // re-query after each keystroke in its filter line (parse + first page).
    let pane = time("history pane: open + first 50 summaries") {
        let store = try! HistoryStore(path: file)
        return try! HistoryBrowser(store: store).page(limit: 50).rows.count
    }
    // The same, drawn: what a person waits for after pressing H (a new process' file open,
    // the first page, and the frame with the pane at 120×40).
    let drawn = time("history pane: open + first 50 + drawn frame (120×40)") {
        let store = try! HistoryStore(path: file)
        var pane = HistoryPane()
        let page = try! HistoryBrowser(store: store).page(limit: 50)
        pane.rows = page.rows
        pane.nextBefore = page.nextBefore
        pane.loading = false
        var state = AppState(width: 120, height: 40)
        state.mode = .overlay(.history(pane))
        return Renderer.render(state).grid.height
    }
    let browser = HistoryBrowser(store: store)
    // The day of the entry halfway through the file: "since" that day matches half of it.
    let middle = (try? browser.page(before: Int64(n / 2), limit: 1).rows.first?.createdAt) ?? nil
    let midYear = ISO8601DateFormatter().string(from: middle ?? Date()).prefix(10)
    var keystrokes: [Double] = []
    for filter in ["kaleyra status:rejected low bal", "meta Re-eng", "Re-engagement since:\(midYear)",
                   "wamid.HBgL\(n / 2)X\((n / 2) % 977)", "zixflow Re-engagement",
                   // No match: Meta never answers with Kaleyra's E110, and every Re-engagement hit is checked.
                   "meta E110 Re-engagement"] {
        keystrokes.append(time("pane keystroke: \(filter)") { try! browser.page(HistoryQuery(parsing: filter)).rows.count })
    }
    _ = time("pane scroll: a page \(n / 2) entries down") { try! browser.page(before: Int64(n / 2)).rows.count }
    _ = time("pane scroll: \"Re-engagement\", a page halfway down") { try! browser.page(HistoryQuery(parsing: "Re-engagement"), before: Int64(n / 2)).rows.count }
    let typical = keystrokes.dropLast().max() ?? 0
    print(String(format: "pane targets: open to a drawn list ≤ 50 ms (%.1f; data alone %.1f), keystroke ≤ 50 ms (%.1f typical, %.1f with no match)",
                 drawn, pane, typical, keystrokes.last ?? 0))

    // Appends, each committed before the next (what a send does).
    let template = historyTemplates()[1]
    var appends: [Double] = []
    for i in 0..<1000 {
        var d = template
        d.entry.createdAt = Date()
        d.entry.messageID = "wamid.append\(i)"
        let t = clock.now
        _ = try! store.record(d)
        appends.append(ms(clock.now - t))
    }
    appends.sort()
    print(String(format: "append (committed): p50 %.3f ms, p99 %.3f ms, max %.3f ms over 1000", appends[500], appends[989], appends.last!))
    let c = clock.now
    try! store.checkpoint()
    print(String(format: "WAL checkpoint after them (off the send path): %.1f ms", ms(clock.now - c)))
    var over = RetentionPolicy.default
    over.maxEntries = n - RetentionPolicy.maxDeletionsPerPass
    let r = clock.now
    let deleted = try! store.maintain(over)
    print(String(format: "a retention pass deleting %d entries (the most one pass deletes): %.1f ms", deleted, ms(clock.now - r)))
    print(String(format: "targets: list ≤ 20 ms (%.1f), search ≤ 50 ms (%.1f), filtered (%.1f), append p99 ≤ 2 ms (%.2f)", openList, search, filtered, appends[989]))
}

/// A few dozen realistic entries to repeat: every gateway, the kinds each carries of a text
/// and a flow message, accepted (six times as often) and rejected: the Meta errors every
/// gateway passes on and each gateway's own failures, in the bodies its emulation answers.
func historyTemplates() -> [HistoryDraft] {
    let messages = [load("text.json"), load("interactive-flow.json")]
    let relayed = [131047, 131056].compactMap(MetaErrorCatalogue.entry(code:))
    var out: [HistoryDraft] = []
    for g in GatewayID.allCases {
        let gateway = g.gateway
        let vendor = gateway.emulation
        var profile = Profile.builtIn(g)
        profile.baseURL = "http://127.0.0.1:8790"
        func record(_ m: OutboundMessage, _ prep: Preparation, _ request: WireRequest, _ reply: EmulatedReply) {
            let response = WireResponse(status: reply.status, headers: reply.headers, body: reply.body)
            let exchange = WireExchange(request: request, result: .success(response), startedAt: Date(), headersAfter: .milliseconds(12), total: .milliseconds(14))
            let report = SendReport(gateway: g, profile: profile.name, preparation: prep, attempts: [SendAttempt(exchange: exchange, outcome: gateway.decode(response))])
            out.append(HistoryDraft(report: report, message: m, options: VendorOptions(), scenario: nil, bodyCap: 65536))
        }
        var rejectionsDone = false
        for m in messages where gateway.capabilities.carries(m.kind) {
            let prep = gateway.prepare(m, profile: profile)
            guard let request = prep.request else { continue }
            for _ in 0..<6 { record(m, prep, request, vendor.accepted(id: vendor.newMessageID(), recipient: EmulatedRecipient(digits: "27123456789", userID: "ZA.1"), message: m)) }
            if rejectionsDone { continue }
            rejectionsDone = true
            for e in relayed { record(m, prep, request, vendor.relay(e)) }
            for scenario in vendor.scenarios {
                switch scenario.answer {
                case .catalogueError(let e): record(m, prep, request, vendor.reply(to: e))
                case .failure(let status, let body): record(m, prep, request, EmulatedReply(status: status, text: body))
                }
            }
        }
    }
    return out
}
