import Foundation
import Providers
import Sandbox
import Transport
import WhatsAppModel

// Headless sending to the in-process sandbox over loopback with keep-alive, one process: the
// whole path (validate, encode, HTTP, vendor checks in the sandbox, decode) per message.

func percentile(_ sorted: [Double], _ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))] }

func sendBenchmark(messages: Int) async {
    let message = load("text.json")
    let server = try! await SandboxServer.start(settings: SandboxSettings(appSecret: nil))
    let transport = Transport(configuration: TransportConfiguration(timeout: .seconds(10), connectionsPerHost: 16))
    let sender = Sender(transport: transport)
    let gateway = MetaCloudGateway()
    let profile = server.profile(for: .meta)
    let clock = ContinuousClock()

    func sendOne() async -> Bool {
        if case .accepted? = await sender.send(message, gateway: gateway, profile: profile).outcome { return true }
        return false
    }

    // Warm-up: open connections, fault in code.
    for _ in 0..<500 { _ = await sendOne() }

    // 1. Sustained: as fast as it goes with 32 sends in flight.
    let concurrency = 32
    let counter = Counter()
    let start = clock.now
    let okCount = await withTaskGroup(of: Int.self) { group in
        for _ in 0..<concurrency {
            group.addTask {
                var ok = 0
                while await counter.next() < messages { if await sendOne() { ok += 1 } }
                return ok
            }
        }
        return await group.reduce(0, +)
    }
    let elapsed = clock.now - start
    let seconds = elapsed.seconds
    let rate = Double(messages) / seconds
    print("wacon-bench send: Meta text message through the in-process sandbox, loopback, keep-alive, one process")
    print(String(format: "sustained: %d messages (%d accepted) in %.2f s with %d in flight: %.0f msg/s (target ≥ 3,000)", messages, okCount, seconds, concurrency, rate))

    // 2. Latency at a fixed 100 msg/s for 10 s.
    let n = 1000
    let paced = clock.now
    let latencies = await withTaskGroup(of: Double.self) { group in
        for i in 0..<n {
            try? await Task.sleep(until: paced + .milliseconds(10 * i), clock: clock)
            group.addTask {
                let t0 = clock.now
                _ = await sendOne()
                let d = clock.now - t0
                return d.milliseconds
            }
        }
        var all: [Double] = []
        for await l in group { all.append(l) }
        return all.sorted()
    }
    print(String(format: "at 100 msg/s for 10 s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (target p99 ≤ 5 ms)",
                 percentile(latencies, 0.5), percentile(latencies, 0.9), percentile(latencies, 0.99), latencies.last!))

    // 3. curl, one process per request, the same request, sequentially.
    let request = gateway.prepare(message, profile: profile).request!
    let bodyFile = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-bench-body.json")
    try? Data(request.body).write(to: bodyFile)
    let curlRuns = 200
    var args = ["-s", "-o", "/dev/null", "-X", "POST", request.url]
    for h in request.headers { args += ["-H", "\(h.name): \(h.value)"] }
    args += ["--data-binary", "@\(bodyFile.path)"]
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") {
        let c0 = clock.now
        for _ in 0..<curlRuns {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            p.arguments = args
            try? p.run()
            p.waitUntilExit()
        }
        let cd = clock.now - c0
        let curlRate = Double(curlRuns) / cd.seconds
        print(String(format: "curl, one process per request: %d requests at %.0f msg/s; wacon is %.0f× faster", curlRuns, curlRate, rate / curlRate))
    } else {
        print("curl not found at /usr/bin/curl: comparison skipped")
    }

    // 4. A refused connection (nothing listens at the address): how long until it is reported,
    // with a retry policy that would retry what may be retried.
    var closed = profile
    closed.baseURL = "http://127.0.0.1:1"
    var refused: [Double] = []
    for _ in 0..<20 {
        let t0 = clock.now
        let report = await sender.send(message, gateway: gateway, profile: closed, retry: RetryPolicy(maxRetries: 2))
        refused.append((clock.now - t0).milliseconds)
        if case .transportFailed(let f)? = report.outcome, f.kind == .connectionRefused {} else { print("refused: unexpected outcome \(String(describing: report.outcome))") }
    }
    refused.sort()
    print(String(format: "a refused connection, 20 sends: p50 %.2f ms, max %.2f ms (it used to take the 10 s connect timeout)", percentile(refused, 0.5), refused.last!))
    await transport.shutdown()
    await server.stop()
}

actor Counter {
    var value = 0
    func next() -> Int {
        defer { value += 1 }
        return value
    }
}
