import Foundation
import Providers
import Console
import Sandbox
import Transport
import WhatsAppModel

// wacon's benchmarks: figures, not pass/fail. Run in release:
//   swift run -c release wacon-bench [iterations]
//
// "core": the time to validate + encode + pretty-print the largest message each gateway carries
// (a list of 10 rows with every text at its limit; for Botika, which carries no lists, a flow
// message with every text at its limit), from a parsed message to the preview text.

func nanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

struct Stats {
    let samples: [Double]  // microseconds, sorted
    init(_ s: [Double]) { samples = s.sorted() }
    func q(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count - 1) * p))] }
    var median: Double { q(0.5) }
}

func load(_ name: String) -> OutboundMessage {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = root.appendingPathComponent("examples/\(name)")
    guard let data = FileManager.default.contents(atPath: url.path) else { fatalError("cannot read \(url.path)") }
    do { return try OutboundMessage.parse(Array(data)) } catch { fatalError("\(name): \(error)") }
}

@inline(never) func blackhole<T>(_ x: T) { withExtendedLifetime(x) {} }

// Usage: wacon-bench [core|send|all] [iterations]   or   wacon-bench history [entries] [file]
//        or   wacon-bench phone [numbers]   or   wacon-bench sandbox-hostile [sends] [inline]
//        or   wacon-bench scale [runs]   or   wacon-bench templates [runs]
//        or   wacon-bench listen [webhooks] [clients]   or   wacon-bench suite [cases]
//        or   wacon-bench start [runs]
let mode = CommandLine.arguments.dropFirst().first ?? "all"
let iterationsArg = CommandLine.arguments.dropFirst(2).first.flatMap(Int.init)

func coreBenchmark(iterations: Int) {
    let list = load("largest-list.json")
    let flow = load("largest-flow.json")
    
    #if DEBUG
    print("warning: debug build; run `swift run -c release wacon-bench` for real figures")
    #endif
    print("wacon-bench: validate + encode + pretty JSON, largest message, \(iterations) iterations after warm-up")
    print("gateway   message              findings  body bytes   median µs    p90 µs    p99 µs    min µs")
    var worst = 0.0
    for id in GatewayID.allCases {
        let gateway = id.gateway
        let profile = Profile.builtIn(id)
        let message = gateway.capabilities.carries(.list) ? list : flow
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        var bodyBytes = 0
        var findings = 0
        for i in 0..<(iterations + iterations / 10) {
            let t0 = nanos()
            let prep = gateway.prepare(message, profile: profile)
            let request = prep.request!
            let text = RequestFormatter.http(request)
            let t1 = nanos()
            blackhole(text)
            if i >= iterations / 10 { samples.append(Double(t1 - t0) / 1000) }
            bodyBytes = request.body.count
            findings = prep.findings.count
        }
        let s = Stats(samples)
        worst = max(worst, s.median)
        let name = message.kind == .list ? "list (10 rows, max)" : "flow (max texts)"
        print(id.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) + name.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: " %8d %11d %11.1f %9.1f %9.1f %9.1f", findings, bodyBytes,
                     s.median, s.q(0.9), s.q(0.99), s.samples.first!))
    }
    // Parsing the file is not part of the target, but a preview does it; shown for context.
    let listBytes = Array(JSONWriter.compact(list.json))
    var parse: [Double] = []
    for _ in 0..<iterations {
        let t0 = nanos()
        blackhole(try! OutboundMessage.parse(listBytes))
        parse.append(Double(nanos() - t0) / 1000)
    }
    print(String(format: "parse of the largest list (%d bytes): median %.1f µs", listBytes.count, Stats(parse).median))
    print(String(format: "slowest gateway median: %.1f µs (target ≤ 100 µs)", worst))
}

if mode == "core" || mode == "all" { coreBenchmark(iterations: iterationsArg ?? 20_000) }
if mode == "send" || mode == "all" { await sendBenchmark(messages: iterationsArg ?? 20_000) }
if mode == "console" { jsonEditorBenchmark(); consoleBenchmark(starts: iterationsArg ?? 15) }
if mode == "console-editor" { jsonEditorBenchmark(keys: iterationsArg ?? 400) }
if mode == "flow" { flowBenchmark(iterations: iterationsArg ?? 500) }
if mode == "scale" { scaleBenchmark(runs: iterationsArg ?? 5) }
if mode == "templates" { await templatesBenchmark(runs: iterationsArg ?? 9) }
if mode == "listen" { await listenBenchmark(webhooks: iterationsArg ?? 20_000, clients: CommandLine.arguments.dropFirst(3).first.flatMap(Int.init) ?? 16) }
if mode == "start" { startBenchmark(runs: iterationsArg ?? 7) }
if mode == "suite" { await suiteBenchmark(cases: iterationsArg ?? 1_000) }
if mode == "phone" { phoneBenchmark(numbers: iterationsArg ?? 100_000) }
if mode == "sandbox-hostile" { await sandboxHostileBenchmark(sends: iterationsArg ?? 1_000, inline: CommandLine.arguments.dropFirst(3).first == "inline") }
// The history benchmark builds a large file first; it runs only when asked.
if mode == "history" { historyBenchmark(entries: iterationsArg ?? 1_000_000, path: CommandLine.arguments.dropFirst(3).first) }
