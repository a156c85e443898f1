import Foundation
import Providers
import Sandbox
import Transport
import WhatsAppModel

// `wacon-bench sandbox-hostile [sends] [inline]`: the latency of normal sends (and health checks)
// to the sandbox while four hostile bodies arrive — each one JSON object of 100,000 keys, about
// 1 MB, costly to parse — beside the same sends without them, and how long the hostile requests
// took. `inline` handles every body inline, as the sandbox did before it had a worker lane, for
// comparison.

/// Latencies in milliseconds, and how many requests failed.
private struct LatencySample {
    var sends: [Double] = []
    var health: [Double] = []
    var failures = 0

    func row(_ name: String, _ values: [Double]) -> String {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return name.padding(toLength: 32, withPad: " ", startingAt: 0) + "  (none answered)" }
        return name.padding(toLength: 32, withPad: " ", startingAt: 0)
            + String(format: "%9.2f %9.2f %9.2f %7d", percentile(sorted, 0.5), percentile(sorted, 0.99), sorted.last!, values.count)
    }
}

/// Sends `count` Meta text messages at 100 a second, with a health check beside every tenth.
private func pacedSends(_ count: Int, sender: Sender, transport: Transport, server: SandboxServer) async -> LatencySample {
    let message = load("text.json")
    let gateway = MetaCloudGateway()
    let profile = server.profile(for: .meta)
    let health = WireRequest(method: "GET", url: server.baseURL + "/_sandbox/health", headers: [], json: .null)
    let clock = ContinuousClock()
    let start = clock.now
    return await withTaskGroup(of: (send: Double?, health: Double?).self) { group in
        for i in 0..<count {
            try? await Task.sleep(until: start + .milliseconds(10 * i), clock: clock)
            group.addTask {
                let t0 = clock.now
                guard case .accepted? = await sender.send(message, gateway: gateway, profile: profile).outcome else { return (nil, nil) }
                return ((clock.now - t0).milliseconds, nil)
            }
            if i % 10 == 0 {
                group.addTask {
                    let t0 = clock.now
                    guard await transport.send(health).response?.status == 200 else { return (nil, nil) }
                    return (nil, (clock.now - t0).milliseconds)
                }
            }
        }
        var sample = LatencySample()
        for await (send, check) in group {
            if let send { sample.sends.append(send) } else if let check { sample.health.append(check) } else { sample.failures += 1 }
        }
        return sample
    }
}

/// `{"k0":0,"k1":0,…}` with `keys` members.
private func hostileBody(keys: Int) -> JSONValue {
    var object = JSONObject()
    for i in 0..<keys { object.append("k\(i)", 0) }
    return .object(object)
}

func sandboxHostileBenchmark(sends: Int, inline: Bool) async {
    #if DEBUG
    print("warning: debug build; run `swift build -c release --product wacon-bench` for real figures")
    #endif
    var limits = SandboxLimits()
    if inline { limits.inlineBodyBytes = .max }
    let server = try! await SandboxServer.start(settings: SandboxSettings(appSecret: nil), limits: limits)
    let transport = Transport(configuration: TransportConfiguration(timeout: .seconds(10), connectionsPerHost: 16))
    let sender = Sender(transport: transport)
    let hostileTransport = Transport(configuration: TransportConfiguration(timeout: .seconds(900), connectionsPerHost: 4))
    let message = load("text.json")
    let target = MetaCloudGateway().prepare(message, profile: server.profile(for: .meta)).request!
    let body = hostileBody(keys: 100_000)
    let bodyBytes = JSONWriter.compact(body).count
    print("wacon-bench sandbox-hostile: Meta text sends at 100 msg/s through the sandbox on loopback, \(sends) each run, "
          + "a health check beside every tenth; \(limits.workerThreads) worker threads\(inline ? "; every body handled inline (the old way)" : "")")

    for _ in 0..<200 { _ = await sender.send(message, gateway: MetaCloudGateway(), profile: server.profile(for: .meta)) }
    let quiet = await pacedSends(sends, sender: sender, transport: transport, server: server)

    let clock = ContinuousClock()
    let hostileStart = clock.now
    let hostile = (0..<4).map { _ in
        Task {
            let exchange = await hostileTransport.send(WireRequest(method: "POST", url: target.url, headers: target.headers, json: body))
            return (status: exchange.response?.status, failure: exchange.failure?.message, took: clock.now - hostileStart)
        }
    }
    let underAttack = await pacedSends(sends, sender: sender, transport: transport, server: server)
    let measured = clock.now - hostileStart
    var outcomes: [(status: Int?, failure: String?, took: Duration)] = []
    for h in hostile { outcomes.append(await h.value) }
    let inProgressThroughout = outcomes.allSatisfy { $0.took > measured }

    print("                                   p50 ms    p99 ms    max ms answered")
    print(quiet.row("sends, no hostile bodies", quiet.sends) + "  failed \(quiet.failures)")
    print(quiet.row("health, no hostile bodies", quiet.health))
    print(underAttack.row("sends, 4 hostile bodies", underAttack.sends) + "  failed \(underAttack.failures)")
    print(underAttack.row("health, 4 hostile bodies", underAttack.health))
    let took = outcomes.map { String(format: "%.1f s", $0.took.seconds) }.joined(separator: ", ")
    let answers = outcomes.map { $0.status.map(String.init) ?? "no answer (\($0.failure ?? "?"))" }.joined(separator: ", ")
    print("hostile: 4 × \(bodyBytes) bytes (one object of 100,000 keys), answered \(answers) after \(took)")
    print(String(format: "the hostile requests were %@ during the %.1f s of sends", inProgressThroughout ? "all in progress" : "not all in progress", measured.seconds))
    await hostileTransport.shutdown()
    await transport.shutdown()
    await server.stop()
}
