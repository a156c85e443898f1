import Foundation
import History
import Providers
import Sandbox
import Session
import Transport
import WhatsAppModel

// `wacon listen` under load: signed Meta webhooks (each sent message's sent, delivered and read
// statuses, and the customer's reply to it) posted from `clients` concurrent clients to a
// listener on loopback, with history recording on (a temp file holding the sends they belong
// to). Prints webhooks per second and each post's latency (answered once recorded).

func listenBenchmark(webhooks: Int, clients: Int) async {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-bench-listen-\(UUID().uuidString)")
    let path = folder.appendingPathComponent("history.sqlite").path
    let store = try! HistoryStore(path: path)
    defer { try? FileManager.default.removeItem(at: folder) }
    // The sends the webhooks are about: four webhooks per send.
    let sends = max(1, webhooks / 4)
    let template = historyTemplates().first { $0.entry.gateway == "meta" && $0.entry.outcome == "accepted" }!
    var drafts: [HistoryDraft] = []
    for k in 0..<sends {
        var d = template
        d.entry.createdAt = Date(timeIntervalSinceNow: -60)
        d.entry.recipient = "+27" + String(700_000_000 + k)
        d.entry.messageID = "wamid.bench.\(k)"
        drafts.append(d)
    }
    try! store.record(batch: drafts)
    try! store.checkpoint()

    let secret = "bench-app-secret"
    let session = WaconSession(history: store)
    let listener = try! await session.startListener(WebhookReceiverConfiguration(
        routes: WebhookReceiverConfiguration.listenRoutes(profiles: GatewayID.allCases.map(Profile.builtIn)), appSecret: secret))
    let url = listener.baseURL + "/"
    let now = Int(Date().timeIntervalSince1970)

    func envelope(_ value: JSONObject) -> JSONValue {
        var v: JSONObject = ["messaging_product": "whatsapp", "metadata": ["display_phone_number": "15550001111", "phone_number_id": "106540352242922"]]
        for (key, item) in value { v.append(key, item) }
        return ["object": "whatsapp_business_account", "entry": [["id": "102290129340398", "changes": [["field": "messages", "value": .object(v)]]]]]
    }
    // The i-th webhook: for send k = i / 4, its three statuses, then the customer's reply.
    func body(_ i: Int) -> JSONValue {
        let k = i / 4
        let digits = String(27_700_000_000 + k)
        let step = i % 4
        if step < 3 {
            let word = ["sent", "delivered", "read"][step]
            return envelope(["statuses": [["id": .string("wamid.bench.\(k)"), "status": .string(word), "timestamp": .string(String(now + step)),
                                           "recipient_id": .string(digits),
                                           "pricing": ["billable": true, "pricing_model": "PMP", "type": "regular", "category": "utility"]]]])
        }
        return envelope(["contacts": [["profile": ["name": "Bench Customer"], "wa_id": .string(digits)]],
                         "messages": [["from": .string(digits), "id": .string("wamid.bench.reply.\(k)"), "timestamp": .string(String(now + 3)),
                                       "type": "text", "text": ["body": .string("reply \(k)")], "context": ["from": "15550001111", "id": .string("wamid.bench.\(k)")]]]])
    }
    func request(_ i: Int) -> WireRequest {
        var r = WireRequest(method: "POST", url: url, headers: [WireHeader("Content-Type", "application/json")], json: body(i))
        r.headers.append(WireHeader("X-Hub-Signature-256", WebhookSignature.sign(r.body, secret: secret)))
        return r
    }
    let transport = Transport(configuration: TransportConfiguration(timeout: .seconds(30), connectionsPerHost: clients))
    let clock = ContinuousClock()
    let counter = Counter()
    let start = clock.now
    let (latencies, failures) = await withTaskGroup(of: ([Double], Int).self) { group in
        for _ in 0..<clients {
            group.addTask {
                var own: [Double] = []
                var failed = 0
                while true {
                    let i = await counter.next()
                    guard i < sends * 4 else { break }
                    let r = request(i)
                    let t0 = clock.now
                    let status = await transport.send(r).response?.status
                    own.append((clock.now - t0).milliseconds)
                    if status != 200 { failed += 1 }
                }
                return (own, failed)
            }
        }
        var all: [Double] = []
        var failed = 0
        for await (own, f) in group {
            all += own
            failed += f
        }
        return (all.sorted(), failed)
    }
    let seconds = (clock.now - start).seconds
    let counts = await listener.counts
    let recorded = (try? store.stats().total) ?? 0
    let entry = try? store.entry(id: 1)
    #if DEBUG
    print("warning: debug build; run `swift run -c release wacon-bench listen` for real figures")
    #endif
    print("wacon-bench listen: \(latencies.count) signed Meta webhooks (3 statuses + 1 reply per send, \(sends) sends in history) from \(clients) clients, loopback, history on")
    print(String(format: "%.0f webhooks/s (%.2f s); latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; %d not answered 200",
                 Double(latencies.count) / seconds, seconds, percentile(latencies, 0.5), percentile(latencies, 0.9), percentile(latencies, 0.99),
                 latencies.last ?? 0, failures))
    print("listener: \(counts.received) received, \(counts.events) events, \(counts.duplicates) duplicates, \(counts.refused) refused; "
          + "history: \(recorded) entries, the first with \(entry?.statuses.count ?? 0) statuses")
    await transport.shutdown()
    await session.close()
}
