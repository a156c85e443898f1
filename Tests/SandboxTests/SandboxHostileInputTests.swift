import Foundation
import Testing
@testable import Providers
@testable import Sandbox
import Transport
import WaconTestSupport
import WhatsAppModel

/// A sandbox with `limits` on loopback for one test, stopped at the end.
func withSandbox<T>(limits: SandboxLimits, settings: SandboxSettings = SandboxSettings(statusDelay: .milliseconds(20)),
                    _ body: (SandboxServer) async throws -> T) async throws -> T {
    let server = try await SandboxServer.start(settings: settings, limits: limits)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// The default limits with `change` made.
func limits(_ change: (inout SandboxLimits) -> Void) -> SandboxLimits {
    var limits = SandboxLimits()
    change(&limits)
    return limits
}

/// A request head announcing a body of `contentLength` bytes.
func requestHead(_ path: String, method: String = "POST", headers: [(String, String)] = [], contentLength: Int? = nil) -> String {
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if let contentLength { head += "Content-Length: \(contentLength)\r\n" }
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    return head + "\r\n"
}

/// Where a Meta send goes on `server` and the headers that authenticate it.
func metaSendTarget(_ server: SandboxServer) throws -> (path: String, headers: [(String, String)]) {
    let message = try #require(sample(.text, for: MetaCloudGateway()))
    let request = try #require(MetaCloudGateway().prepare(message, profile: server.profile(for: .meta)).request)
    let path = String(request.url.dropFirst(server.baseURL.count))
    return (path, request.headers.filter { $0.name.lowercased() != "content-length" }.map { ($0.name, $0.value) })
}

/// One JSON object with `keys` members, `{"k0":0,"k1":0,…}`: about 10 bytes a key.
func manyKeysObject(_ keys: Int) -> [UInt8] {
    var out = Array("{".utf8)
    out.reserveCapacity(keys * 12)
    for i in 0..<keys {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        out += Array("\"k\(i)\":0".utf8)
    }
    out.append(UInt8(ascii: "}"))
    return out
}

/// The parsed body of a raw response.
func json(_ response: RawResponse) throws -> JSONValue { try JSONParser.parse(response.body) }

/// Inputs a hostile or careless client sends: each is answered, cut off or refused within its
/// limit, and none holds up anyone else.
@Suite(.serialized) struct SandboxHostileInputTests {
    // MARK: CPU-heavy bodies

    @Test func fourHeavyBodiesDoNotStallHealthChecksOrSends() async throws {
        // Four bodies of 1.3 MB, one object with 120,000 keys each, queue on the one worker
        // thread: together they take a while to parse, on any machine. Health checks are served
        // beside them, so one is answered before the last of them (an order, which holds however
        // loaded the machine is), and sends keep being accepted. How fast sends are meanwhile is
        // `wacon-bench sandbox-hostile`'s to measure: on a loaded machine a send's own client
        // can be the slow part, which no order in a test can tell apart.
        let hostile = manyKeysObject(120_000)
        try await withSandbox(limits: limits { $0.workerThreads = 1 }) { server in
            let target = try metaSendTarget(server)
            let answers = AnswerLog()
            let attackers = (0..<4).map { _ in
                Task {
                    let response = try await RawConnection.exchange(port: server.port, path: target.path, headers: target.headers, body: hostile, within: .seconds(600))
                    answers.note("heavy")
                    return response
                }
            }
            try await Task.sleep(for: .milliseconds(50))
            let transport = Transport(configuration: TransportConfiguration(timeout: .seconds(60)))
            let sender = Sender(transport: transport)
            let message = try #require(sample(.text, for: MetaCloudGateway()))
            for _ in 0..<3 {
                let health = try await RawConnection.exchange(port: server.port, method: "GET", path: "/_sandbox/health")
                #expect(health.status == 200)
                answers.note("health")
                let report = await sender.send(message, gateway: MetaCloudGateway(), profile: server.profile(for: .meta))
                guard case .accepted? = report.outcome else { Issue.record("\(String(describing: report.outcome))"); break }
                answers.note("send")
            }
            for attacker in attackers {
                let response = try await attacker.value
                // The vendor's error for a body that is no message.
                #expect(response.status == 400, "\(response.status) \(response.text.prefix(200))")
            }
            let order = answers.order
            let lastHeavy = try #require(order.lastIndex(of: "heavy"))
            #expect(order.firstIndex(of: "health").map { $0 < lastHeavy } == true, "a health check was answered before the last heavy body: \(order)")
            #expect(order.filter { $0 == "send" }.count == 3, "every send was accepted: \(order)")
            await transport.shutdown()
        }
    }

    /// The order in which answers came, across tasks.
    final class AnswerLog: @unchecked Sendable {
        private let lock = NSLock()
        private var names: [String] = []
        func note(_ name: String) { lock.withLock { names.append(name) } }
        var order: [String] { lock.withLock { names } }
    }

    @Test func largeRequestsBeyondTheirPlacesAre503WithRetryAfter() async throws {
        try await withSandbox(limits: limits { $0.largeRequests = 1 }) { server in
            let target = try metaSendTarget(server)
            // A large body that stops halfway holds the one place while it is being read.
            let holder = try RawConnection(port: server.port)
            await holder.write(requestHead(target.path, headers: target.headers, contentLength: 100_000) + String(repeating: " ", count: 50_000))
            try await Task.sleep(for: .milliseconds(200))
            let refused = try await RawConnection.exchange(port: server.port, path: target.path, headers: target.headers, body: manyKeysObject(5_000))
            #expect(refused.status == 503)
            #expect(refused.headers["retry-after"] == "1")
            #expect(try json(refused)["sandbox_error"]?.stringValue?.contains("retry") == true, "\(refused.text)")
            // A small send is not a large request: it is served.
            let message = try #require(sample(.text, for: MetaCloudGateway()))
            let small = try await RawConnection.exchange(port: server.port, path: target.path, headers: target.headers, body: JSONWriter.compact(message.json))
            #expect(small.status == 200, "\(small.text)")
            // Once the holder finishes, its place is free again.
            await holder.write(String(repeating: " ", count: 50_000))
            let answered = await holder.readResponse()
            #expect(answered?.status == 400)
            let next = try await RawConnection.exchange(port: server.port, path: target.path, headers: target.headers, body: manyKeysObject(5_000))
            #expect(next.status == 400, "\(next.text)")
        }
    }

    @Test func stoppingReleasesRequestsWaitingForAWorker() async throws {
        let server = try await SandboxServer.start(limits: limits { $0.workerThreads = 1 })
        let target = try metaSendTarget(server)
        let hostile = manyKeysObject(10_000)
        let attackers = (0..<3).map { _ in
            Task { () -> String in
                do {
                    let r = try await RawConnection.exchange(port: server.port, path: target.path, headers: target.headers, body: hostile, within: .seconds(120))
                    return "answered \(r.status)"
                } catch { return "\(error)" }
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        await server.stop()
        // Released means answered or closed, never left to the client's own two-minute deadline.
        for attacker in attackers {
            let ending = await attacker.value
            #expect(ending.hasPrefix("answered") || ending.contains("closed: true"), "\(ending)")
        }
    }

    // MARK: Connections

    @Test func aConnectionThatSaysNothingIsClosed() async throws {
        try await withSandbox(limits: limits { $0.firstRequestTimeout = .milliseconds(500) }) { server in
            let silent = try RawConnection(port: server.port)
            #expect(await silent.waitForClose(within: .seconds(3)))
        }
    }

    @Test func hundredsOfSilentConnectionsAreClosedAndHealthChecksServed() async throws {
        // Beyond the 512 the server holds, the rest wait in the listen backlog (256) until
        // the first ones are cut off, then are cut off in turn. 600, not more: well inside what
        // the two hold, so a loaded machine's slow accepting never leaves a connect unanswered.
        try await withSandbox(limits: limits { $0.firstRequestTimeout = .milliseconds(500) }) { server in
            var silent: [RawConnection] = []
            for _ in 0..<600 { silent.append(try RawConnection(port: server.port)) }
            for connection in silent {
                #expect(await connection.waitForClose(within: .seconds(5)))
            }
            #expect(try await RawConnection.exchange(port: server.port, method: "GET", path: "/_sandbox/health").status == 200)
        }
    }

    @Test func aHeadSentByteByByteIsCutOff() async throws {
        try await withSandbox(limits: limits { $0.firstRequestTimeout = .milliseconds(500) }) { server in
            let slow = try RawConnection(port: server.port)
            await slow.write(String(requestHead("/_sandbox/health", method: "GET").dropLast(2)))
            // A header byte every 100 ms, never the blank line that ends the head.
            let cutOff = await slow.trickle("X", every: .milliseconds(100), pieces: 30)
            // Cut off while bytes still came (30 pieces, 100 ms apart, against a 500 ms bound):
            // a deadline, where an idle timeout alone never fires.
            #expect(cutOff, "never cut off while bytes came")
        }
    }

    @Test func aBodyThatStopsHalfwayIsCutOff() async throws {
        try await withSandbox(limits: limits { $0.bodyTimeout = .milliseconds(500) }) { server in
            let target = try metaSendTarget(server)
            let head = requestHead(target.path, headers: target.headers, contentLength: 1000)
            // Half the body, then nothing.
            let half = try RawConnection(port: server.port)
            await half.write(head + String(repeating: " ", count: 500))
            #expect(await half.waitForClose(within: .seconds(3)))
            // Half the body, then a byte every 100 ms: an idle timeout alone never fires.
            let trickle = try RawConnection(port: server.port)
            await trickle.write(head + String(repeating: " ", count: 500))
            let cutOff = await trickle.trickle(" ", every: .milliseconds(100), pieces: 30)
            // Cut off while bytes still came (30 pieces, 100 ms apart, against a 500 ms bound):
            // a deadline, where an idle timeout alone never fires.
            #expect(cutOff, "never cut off while bytes came")
            // The server is well.
            #expect(try await RawConnection.exchange(port: server.port, method: "GET", path: "/_sandbox/health").status == 200)
        }
    }

    @Test func anIdleKeptAliveConnectionIsClosed() async throws {
        try await withSandbox(limits: limits { $0.idleTimeout = .milliseconds(500) }) { server in
            let connection = try RawConnection(port: server.port)
            await connection.write(requestHead("/_sandbox/health", method: "GET"))
            #expect(await connection.readResponse()?.status == 200)
            #expect(await connection.waitForClose(within: .seconds(3)))
        }
    }

    @Test func connectionsBeyondTheBoundWaitUntilOneCloses() async throws {
        try await withSandbox(limits: limits { $0.connections = 4 }) { server in
            var idle: [RawConnection] = []
            for _ in 0..<4 {
                idle.append(try RawConnection(port: server.port))
                try await Task.sleep(for: .milliseconds(50))
            }
            let waiting = try RawConnection(port: server.port)
            await waiting.write(requestHead("/_sandbox/health", method: "GET"))
            #expect(await waiting.readResponse(within: .milliseconds(500)) == nil, "served beyond the bound")
            idle.removeFirst()  // closes it
            #expect(await waiting.readResponse(within: .seconds(5))?.status == 200)
        }
    }

    // MARK: Sizes

    @Test func oversizedBodiesAre413NamingTheLimit() async throws {
        let limits = SandboxLimits()
        try await withSandbox(limits: limits) { server in
            let target = try metaSendTarget(server)
            let cases: [(path: String, headers: [(String, String)], limit: Int)] = [
                (target.path, target.headers, limits.sendBodyBytes),
                ("/_sandbox/flows", [], limits.flowBodyBytes),
                ("/_sandbox/flows/complete", [], limits.completionBodyBytes),
                ("/_sandbox/scenario", [], limits.controlBodyBytes),
                ("/_sandbox/config", [], limits.controlBodyBytes),
            ]
            for c in cases {
                // Sent whole: the client reads the answer, not a reset connection.
                let response = try await RawConnection.exchange(port: server.port, path: c.path, headers: c.headers,
                                                                body: [UInt8](repeating: UInt8(ascii: " "), count: c.limit + 1))
                #expect(response.status == 413, "\(c.path)")
                let body = try json(response)
                #expect(body["limit_bytes"]?.intValue == c.limit, "\(c.path): \(body)")
                #expect(body["sandbox_error"]?.stringValue?.contains(InputFile.describe(c.limit)) == true, "\(c.path): \(body)")
            }
            // Announced too large: answered before any of the body is sent.
            let announced = try RawConnection(port: server.port)
            await announced.write(requestHead("/_sandbox/flows", headers: [("Expect", "100-continue")], contentLength: 1_000_000_000))
            #expect(await announced.readResponse()?.status == 413)
            // A length no body can have.
            let absurd = try RawConnection(port: server.port)
            await absurd.write(requestHead("/_sandbox/config", headers: [("Content-Length", "99999999999999999999999")]))
            #expect(await absurd.readResponse().map { [400, 413].contains($0.status) } == true)
            // Chunked, with no length announced: refused once the limit is passed.
            let chunked = try RawConnection(port: server.port)
            await chunked.write(requestHead("/_sandbox/config", headers: [("Transfer-Encoding", "chunked")]))
            let chunk = String(repeating: "a", count: 16_384)
            for _ in 0..<5 { await chunked.write(String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n") }
            await chunked.write("0\r\n\r\n")
            #expect(await chunked.readResponse()?.status == 413)
        }
    }

    @Test func headersOverTheirLimitsAre400AndTheServerCarriesOn() async throws {
        let limits = SandboxLimits()
        try await withSandbox(limits: limits) { server in
            let huge = String(repeating: "a", count: limits.headerFieldBytes + 1)
            let manyHeaders = (0...limits.headerFields).map { ("X-Filler-\($0)", "1") }
            let tooMuchInAll = (0..<8).map { ("X-Part-\($0)", String(repeating: "b", count: limits.headerBytes / 8)) }
            let attempts: [(String, [(String, String)])] = [
                ("/_sandbox/health", [("X-Huge", huge)]),
                ("/_sandbox/health?q=" + huge, []),
                ("/_sandbox/health", manyHeaders),
                ("/_sandbox/health", tooMuchInAll),
            ]
            for (path, headers) in attempts {
                let connection = try RawConnection(port: server.port)
                await connection.write(requestHead(path, method: "GET", headers: headers))
                let response = await connection.readResponse()
                #expect(response?.status == 400, "\(path.prefix(40)) with \(headers.count) headers: \(String(describing: response?.status))")
                #expect(await connection.waitForClose(within: .seconds(3)))
            }
            #expect(try await RawConnection.exchange(port: server.port, method: "GET", path: "/_sandbox/health").status == 200)
        }
    }

    @Test func pathTricksAreAnsweredAndReachNothingElse() async throws {
        try await withSandbox(limits: SandboxLimits()) { server in
            let target = try metaSendTarget(server)
            let tricks = ["/_sandbox/../_sandbox/health", "/_sandbox/%2e%2e/config", "//_sandbox//health", "/_sandbox/health/../../etc/passwd",
                          "/%00", "/_sandbox/nothing", String(repeating: "/a", count: 4_000), "*", "http://elsewhere.example/_sandbox/health",
                          target.path.replacingOccurrences(of: "/messages", with: "/%2e%2e/messages")]
            for path in tricks {
                let connection = try RawConnection(port: server.port)
                await connection.write(requestHead(path, method: "GET"))
                let response = await connection.readResponse()
                // Answered (a 4xx, or 200 where the path is a plain route) or refused; never a hang.
                #expect(response.map { $0.status < 500 } ?? connection.isClosed, "\(path.prefix(60)): \(String(describing: response?.status))")
                #expect(response?.text.contains("root:") != true)
            }
            // A deeply nested body is refused by the parser's depth limit, not by a crash.
            let deep = Array(String(repeating: "[", count: 100_000).utf8)
            let response = try await RawConnection.exchange(port: server.port, path: target.path, headers: target.headers, body: deep)
            #expect(response.status == 400)
            #expect(try await RawConnection.exchange(port: server.port, method: "GET", path: "/_sandbox/health").status == 200)
        }
    }

    // MARK: Control endpoints

    /// POSTs `body` to `path`; returns the status and the parsed JSON answer.
    func post(_ server: SandboxServer, _ path: String, _ body: String) async throws -> (Int, JSONValue) {
        let response = try await RawConnection.exchange(port: server.port, path: path, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
        return (response.status, try json(response))
    }

    func config(_ server: SandboxServer) async throws -> JSONValue {
        try json(try await RawConnection.exchange(port: server.port, method: "GET", path: "/_sandbox/config"))
    }

    /// Expects a 400 naming `field` (nil: the body as a whole).
    func expectRefused(_ server: SandboxServer, _ path: String, _ body: String, field: String?, reasonContains: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let (status, answer) = try await post(server, path, body)
        #expect(status == 400, "\(path) \(body.prefix(60)): \(status) \(answer)", sourceLocation: sourceLocation)
        #expect(answer["field"] == (field.map(JSONValue.string) ?? .null), "\(path) \(body.prefix(60)): \(answer)", sourceLocation: sourceLocation)
        #expect(answer["reason"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(answer["sandbox_error"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
        if let reasonContains {
            #expect(answer["reason"]?.stringValue?.contains(reasonContains) == true, "\(answer)", sourceLocation: sourceLocation)
        }
    }

    @Test func badScenarioInputIs400AndKeepsTheScenario() async throws {
        try await withSandbox(limits: SandboxLimits()) { server in
            let (status, _) = try await post(server, "/_sandbox/scenario", #"{"name": "131047"}"#)
            #expect(status == 200)
            let set = try await config(server)["scenario"]
            #expect(set != .null)
            for (body, field) in [("{{{", nil), ("", nil), ("[1]", nil), ("\"131047\"", nil), ("{}", "name"), (#"{"name": 5}"#, "name"),
                                  (#"{"name": "no-such-scenario"}"#, "name"), (#"{"scenario": "131047"}"#, "scenario"),
                                  (#"{"name": null, "name": "131047"}"#, nil), (#"{"name": ["131047"]}"#, "name")] as [(String, String?)] {
                try await expectRefused(server, "/_sandbox/scenario", body, field: field)
            }
            #expect(try await config(server)["scenario"] == set, "a refused request changed the scenario")
            let (cleared, answer) = try await post(server, "/_sandbox/scenario", #"{"name": null}"#)
            #expect(cleared == 200 && answer["scenario"] == .null)
        }
    }

    @Test func badConfigInputIs400AndChangesNothing() async throws {
        try await withSandbox(limits: SandboxLimits()) { server in
            let (status, _) = try await post(server, "/_sandbox/config", #"{"webhook_url": "http://127.0.0.1:9/hook", "status_delay_ms": 250}"#)
            #expect(status == 200)
            let before = try await config(server)
            #expect(before["status_delay_ms"]?.intValue == 250 && before["webhook_url"]?.stringValue == "http://127.0.0.1:9/hook", "\(before)")
            let delay = "a whole number of milliseconds, 0 to 60000"
            let refusals: [(String, String?, String?)] = [
                ("{{{", nil, nil), ("[]", nil, nil), ("null", nil, nil),
                (#"{"status_delay_ms": "x"}"#, "status_delay_ms", delay),
                (#"{"status_delay_ms": 1e18}"#, "status_delay_ms", delay),
                (#"{"status_delay_ms": -1}"#, "status_delay_ms", delay),
                (#"{"status_delay_ms": 60001}"#, "status_delay_ms", delay),
                (#"{"status_delay_ms": 1.5}"#, "status_delay_ms", delay),
                (#"{"status_delay_ms": true}"#, "status_delay_ms", delay),
                (#"{"status_delay_ms": 99999999999999999999999999}"#, "status_delay_ms", delay),
                (#"{"webhook_url": 5}"#, "webhook_url", nil),
                (#"{"webhook_url": ""}"#, "webhook_url", nil),
                (#"{"webhook_url": "not a url"}"#, "webhook_url", nil),
                (#"{"webhook_url": "file:///etc/passwd"}"#, "webhook_url", nil),
                (#"{"webhook_url": "http://"}"#, "webhook_url", nil),
                (#"{"app_secret": 5}"#, "app_secret", nil),
                (#"{"app_secret": ""}"#, "app_secret", nil),
                (#"{"statusDelay": 5}"#, "statusDelay", nil),
                (#"{"status_delay_ms": 10, "status_delay_ms": 20}"#, nil, nil),
                // One bad field refuses the whole request: the good one beside it is not applied.
                (#"{"webhook_url": "http://127.0.0.1:8/other", "status_delay_ms": "x"}"#, "status_delay_ms", delay),
                (#"{"webhook_url": null, "app_secret": null, "status_delay_ms": 1e18}"#, "status_delay_ms", delay),
            ]
            for (body, field, reason) in refusals {
                try await expectRefused(server, "/_sandbox/config", body, field: field, reasonContains: reason)
            }
            #expect(try await config(server) == before, "a refused request changed the config")
            let (ok, after) = try await post(server, "/_sandbox/config", #"{"webhook_url": null, "app_secret": null, "status_delay_ms": 1e2}"#)
            #expect(ok == 200)
            #expect(after["webhook_url"] == .null && after["signs_webhooks"] == false && after["status_delay_ms"]?.intValue == 100, "\(after)")
        }
    }

    @Test func theInProcessSandboxRefusesAWebhookOffLoopback() async throws {
        try await withSandbox(limits: SandboxLimits(), settings: SandboxSettings(loopbackCallbacksOnly: true)) { server in
            try await expectRefused(server, "/_sandbox/config", #"{"webhook_url": "https://example.com/hook"}"#, field: "webhook_url", reasonContains: "loopback")
            #expect(try await post(server, "/_sandbox/config", #"{"webhook_url": "http://127.0.0.1:9/hook"}"#).0 == 200)
        }
    }

    @Test func badFlowInputIs400AndRegistersNothing() async throws {
        var limits = SandboxLimits()
        limits.flowJSONBytes = 4_000
        limits.registeredFlows = 2
        try await withSandbox(limits: limits) { server in
            let flow = bookingFlowJSON.replacingOccurrences(of: "\n", with: " ")
            let quoted = JSONWriter.compactString(.string(flow))
            let refusals: [(String, String?)] = [
                ("{{{", nil), ("[]", nil), ("{}", "flow_json"), (#"{"flow_json": 5}"#, "flow_json"), (#"{"flow_json": [1]}"#, "flow_json"),
                (#"{"flow_json": "{{{"}"#, "flow_json"), (#"{"flow_json": "[]"}"#, "flow_json"),
                (#"{"name": 5, "flow_json": \#(flow)}"#, "name"), (#"{"name": "", "flow_json": \#(flow)}"#, "name"),
                (#"{"id": "abc", "flow_json": \#(flow)}"#, "id"), (#"{"id": true, "flow_json": \#(flow)}"#, "id"),
                (#"{"id": -5, "flow_json": \#(flow)}"#, "id"), (#"{"id": "123456789012345678901", "flow_json": \#(flow)}"#, "id"),
                (#"{"flow": \#(flow)}"#, "flow"),
                (#"{"flow_json": {"version": "6.0", "screens": []}}"#, "flow_json"),
                (#"{"flow_json": \#(JSONWriter.compactString(.string(String(repeating: " ", count: 4_001))))}"#, "flow_json"),
            ]
            for (body, field) in refusals {
                try await expectRefused(server, "/_sandbox/flows", body, field: field)
            }
            #expect(await server.registeredFlows.isEmpty)
            #expect(try await post(server, "/_sandbox/flows", #"{"name": "one", "flow_json": \#(quoted)}"#).0 == 200)
            #expect(try await post(server, "/_sandbox/flows", #"{"name": "two", "flow_json": \#(flow)}"#).0 == 200)
            // At the bound: a new Flow is refused, a replacement is not.
            let (full, answer) = try await post(server, "/_sandbox/flows", #"{"name": "three", "flow_json": \#(flow)}"#)
            #expect(full == 409, "\(answer)")
            #expect(try await post(server, "/_sandbox/flows", #"{"name": "two", "flow_json": \#(flow)}"#).0 == 200)
            #expect(await server.registeredFlows.map(\.name) == ["one", "two"])
        }
        // The Flow JSON held in all is bounded too.
        limits.registeredFlowBytes = 100
        try await withSandbox(limits: limits) { server in
            let (status, answer) = try await post(server, "/_sandbox/flows", #"{"name": "one", "flow_json": \#(bookingFlowJSON)}"#)
            #expect(status == 409 && answer["sandbox_error"]?.stringValue?.contains("100 bytes") == true, "\(answer)")
            #expect(await server.registeredFlows.isEmpty)
        }
    }

    @Test func badCompletionInputIs400() async throws {
        try await withSandbox(limits: SandboxLimits()) { server in
            for (body, field) in [("{{{", nil), ("{}", "message_id"), (#"{"message_id": 5}"#, "message_id"), (#"{"message_id": ""}"#, "message_id"),
                                  (#"{"message_id": "wamid.x", "response": 5}"#, "response"), (#"{"message_id": "wamid.x", "response": []}"#, "response"),
                                  (#"{"message_id": "wamid.x", "extra": 1}"#, "extra")] as [(String, String?)] {
                try await expectRefused(server, "/_sandbox/flows/complete", body, field: field)
            }
            // Well formed but about no message: 404, as before.
            #expect(try await post(server, "/_sandbox/flows/complete", #"{"message_id": "wamid.x"}"#).0 == 404)
        }
    }

    @Test func aHeavyControlBodyIsRefusedWithoutStallingTheServer() async throws {
        try await withSandbox(limits: SandboxLimits()) { server in
            // 60 KiB of keys: under the control limit, so it is parsed (on the worker lane) and refused.
            let keys = manyKeysObject(6_000)
            #expect(keys.count < SandboxLimits().controlBodyBytes)
            try await expectRefused(server, "/_sandbox/config", String(decoding: keys, as: UTF8.self), field: "k0")
            try await expectRefused(server, "/_sandbox/scenario", String(decoding: keys, as: UTF8.self), field: "k0")
        }
    }
}

/// A port another server holds is said as such, with what to do.
@Suite struct ListenFailureTests {
    @Test func aTakenPortIsSaidInWords() async throws {
        let first = try await SandboxServer.start()
        do {
            let second = try await SandboxServer.start(port: first.port)
            await second.stop()
            Issue.record("a second server started on port \(first.port)")
        } catch {
            #expect(ListenFailure.describe(error).hasPrefix("the port is taken"), "\(error)")
        }
        await first.stop()
    }
}
