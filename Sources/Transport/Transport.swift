import AsyncHTTPClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import NIOHTTP1
import Providers
import WhatsAppModel
import NIOHTTPCompression

/// How `Transport` sends.
public struct TransportConfiguration: Sendable {
    /// Every send ends within this, head and body together.
    public var timeout: Duration
    /// Responses larger than this are cut off and reported as a transport failure.
    public var maxResponseBytes: Int
    /// Keep-alive connections per host (loopback load wants more than one).
    public var connectionsPerHost: Int
    /// Refuse every host but loopback. On when `WACON_LOOPBACK_ONLY=1`, as the test suites set
    /// it: a test that would reach a vendor fails instead.
    public var loopbackOnly: Bool

    public init(timeout: Duration = .seconds(30), maxResponseBytes: Int = 16 * 1_048_576, connectionsPerHost: Int = 8,
                loopbackOnly: Bool = ProcessInfo.processInfo.environment["WACON_LOOPBACK_ONLY"] == "1") {
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.connectionsPerHost = connectionsPerHost
        self.loopbackOnly = loopbackOnly
    }
}

/// Sends `WireRequest`s over AsyncHTTPClient with keep-alive. A send never throws: every way it
/// can go wrong is a classified `TransportFailure` in the exchange.
public final class Transport: Sendable {
    public let configuration: TransportConfiguration
    private let client: HTTPClient

    public init(configuration: TransportConfiguration = TransportConfiguration()) {
        self.configuration = configuration
        var config = HTTPClient.Configuration()
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.connectionsPerHost)
        config.redirectConfiguration = .disallow
        // A refused or unreachable address fails the send at once, as curl does; retrying the
        // connection until the connect timeout only made a wrong base_url take 10 s to report.
        config.connectionPool.retryConnectionEstablishment = false
        config.decompression = .enabled(limit: .ratio(20))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    /// Closes the connection pool. Call once, before the process ends.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// Sends one request and waits for the whole response, within the configured timeout.
    public func send(_ request: WireRequest) async -> WireExchange {
        let started = Date()
        let clock = ContinuousClock()
        let t0 = clock.now
        if configuration.loopbackOnly, !Self.isLoopback(request.url) {
            return WireExchange(request: request,
                                result: .failure(TransportFailure(kind: .invalidURL, message: "not sent: \(request.url) is not loopback and WACON_LOOPBACK_ONLY is set")),
                                startedAt: started, headersAfter: nil, total: clock.now - t0)
        }
        var httpRequest = HTTPClientRequest(url: request.url)
        httpRequest.method = HTTPMethod(rawValue: request.method)
        for h in request.headers { httpRequest.headers.add(name: h.name, value: h.value) }
        let body = request.body
        // A GET without a body sends none: no Content-Length, as curl sends it.
        if !(body.isEmpty && request.method == "GET") {
            httpRequest.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
            httpRequest.body = .bytes(ByteBuffer(bytes: body))
        }
        let timeout = configuration.timeout
        let cap = configuration.maxResponseBytes
        let client = self.client
        let prepared = httpRequest

        var result: Result<(WireResponse, Duration), TransportFailure> = await withTaskGroup(of: Result<(WireResponse, Duration), TransportFailure>?.self) { group in
            group.addTask {
                do {
                    let nanos = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
                    let response = try await client.execute(prepared, timeout: .nanoseconds(nanos))
                    let headAt = clock.now - t0
                    let headers = response.headers.map { (name: $0.name, value: $0.value) }
                    var collected: [UInt8] = []
                    do {
                        for try await chunk in response.body {
                            collected.append(contentsOf: chunk.readableBytesView)
                            if collected.count > cap {
                                return .failure(TransportFailure(kind: .other, message: "response larger than \(cap) bytes", httpStatus: Int(response.status.code), partialBody: collected))
                            }
                        }
                    } catch {
                        return .failure(Self.classify(error, status: Int(response.status.code), partial: collected, url: prepared.url))
                    }
                    return .success((WireResponse(status: Int(response.status.code), headers: headers, body: collected), headAt))
                } catch {
                    return .failure(Self.classify(error, status: nil, partial: [], url: prepared.url))
                }
            }
            // The overall bound: AsyncHTTPClient's deadline covers the head; this covers the body too.
            group.addTask {
                try? await Task.sleep(for: timeout + .milliseconds(50))
                return Task.isCancelled ? nil : .failure(TransportFailure(kind: .timeout, message: "no complete response within \(timeout.text)"))
            }
            var first: Result<(WireResponse, Duration), TransportFailure>?
            while first == nil, let next = await group.next() { first = next }
            group.cancelAll()
            return first ?? .failure(TransportFailure(kind: .other, message: "cancelled"))
        }
        // The caller's task was cancelled (the user stopped the send): not a timeout, whatever
        // AsyncHTTPClient called it.
        if case .failure(let f) = result, Task.isCancelled {
            result = .failure(TransportFailure(kind: .cancelled, message: "cancelled before the whole response arrived", httpStatus: f.httpStatus, partialBody: f.partialBody))
        }
        let total = clock.now - t0
        switch result {
        case .success(let (response, head)):
            return WireExchange(request: request, result: .success(response), startedAt: started, headersAfter: head, total: total)
        case .failure(let failure):
            return WireExchange(request: request, result: .failure(failure), startedAt: started, headersAfter: nil, total: total)
        }
    }

    /// True for 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ url: String) -> Bool {
        guard let host = URL(string: url)?.host?.lowercased() else { return false }
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        // An IPv4 literal in 127.0.0.0/8, not a name that starts with "127.".
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { o in UInt8(o).map { String($0) == o } ?? false }
    }


    /// Maps AsyncHTTPClient's and NIO's errors onto the kinds a person can act on; `url` is
    /// the address the message names.
    static func classify(_ error: any Error, status: Int?, partial: [UInt8], url: String) -> TransportFailure {
        let text = String(describing: error)
        // The scheme, host and port the send went to (an IPv6 host in brackets, as it is written).
        let place = URL(string: url).flatMap { u in
            u.host.map { host in (u.scheme.map { $0 + "://" } ?? "") + (host.contains(":") ? "[\(host)]" : host) + (u.port.map { ":\($0)" } ?? "") }
        } ?? url
        func failure(_ kind: TransportFailure.Kind, _ message: String) -> TransportFailure {
            TransportFailure(kind: kind, message: message, httpStatus: status, partialBody: partial)
        }
        if let e = error as? HTTPClientError {
            if [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(e) { return failure(.timeout, "no complete response in time (\(e))") }
            if e == .remoteConnectionClosed { return failure(.connectionReset, "the server closed the connection before the response was complete") }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(e) { return failure(.invalidURL, "\(e)") }
            if e == .cancelled { return failure(.timeout, "cancelled at the timeout") }
        }
        if error is CancellationError { return failure(.timeout, "cancelled at the timeout") }
        let lower = text.lowercased()
        if lower.contains("connection refused") || lower.contains("econnrefused") { return failure(.connectionRefused, "connection refused: nothing listens at \(place)") }
        if lower.contains("network is unreachable") || lower.contains("no route to host") || lower.contains("host is unreachable") {
            return failure(.unreachable, "\(place) cannot be reached from this machine (\(lower.contains("network") ? "network is unreachable" : "no route to host"))")
        }
        // NIO reports a name that does not resolve as an `unknown` socket address.
        if lower.contains("unknown(host") || lower.contains("dnsaerror") || lower.contains("name or service not known") || lower.contains("nodename nor servname") {
            return failure(.dns, "\(URL(string: url)?.host ?? url) does not resolve to an address (DNS)")
        }
        if lower.contains("reset") || lower.contains("eof") || lower.contains("stream ended") || lower.contains("closed") || lower.contains("uncleanshutdown") { return failure(.connectionReset, "the connection was reset: \(text)") }
        if lower.contains("ssl") || lower.contains("tls") || lower.contains("certificate") || lower.contains("handshake") { return failure(.tls, text) }
        if lower.contains("resolve") || lower.contains("getaddrinfo") || lower.contains("dns") { return failure(.dns, text) }
        if lower.contains("timeout") || lower.contains("timed out") { return failure(.timeout, text) }
        return failure(.other, text)
    }
}
