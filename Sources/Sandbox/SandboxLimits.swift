#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// What the sandbox takes from a client and how long it waits for one. A hostile or broken
/// client is answered or cut off within these, and cannot starve the other clients.
public struct SandboxLimits: Sendable {
    /// A send to a gateway route (a real message is a few KiB).
    public var sendBodyBytes = 4 * 1_048_576
    /// `POST /_sandbox/flows`: room for a Flow JSON of `flowJSONBytes`, as an object or escaped
    /// into a string.
    public var flowBodyBytes = 16 * 1_048_576
    /// The Flow JSON itself: Meta's limit, read as 10,000,000 bytes like the Flow linter.
    public var flowJSONBytes = 10_000_000
    /// `POST /_sandbox/flows/complete`: a message id and the customer's answers.
    public var completionBodyBytes = 1_048_576
    /// `POST /_sandbox/scenario` and `POST /_sandbox/config`.
    public var controlBodyBytes = 64 * 1024
    /// A body above this size, or of unannounced length, is a large request: it is read and
    /// parsed on the worker threads, so its parsing cannot hold up the server's other requests.
    public var inlineBodyBytes = 16 * 1024
    /// Large requests in progress at once; one more is answered 503 with `Retry-After`.
    public var largeRequests = 8
    /// Threads for large requests (they run at a lower priority than the server's own).
    public var workerThreads = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Open connections; a client beyond them waits in the listen backlog until one closes.
    public var connections = 512
    /// A new connection must have sent a whole request head within this.
    public var firstRequestTimeout: Duration = .seconds(10)
    /// A request's body must have arrived whole within this of its head.
    public var bodyTimeout: Duration = .seconds(30)
    /// A kept-alive connection with no request on it is closed after this. Longer than wacon's
    /// own client keeps an idle connection (60 s), so that wacon, not the sandbox, closes it
    /// and never sends on a connection the sandbox is closing.
    public var idleTimeout: Duration = .seconds(75)
    /// The request target, a header name or a header value.
    public var headerFieldBytes = 16 * 1024
    /// The request target and every header together.
    public var headerBytes = 64 * 1024
    /// Header fields in one request.
    public var headerFields = 100
    /// Flows registered over `POST /_sandbox/flows`, and their Flow JSON in all (a parsed
    /// Flow takes several times its size in memory).
    public var registeredFlows = 200
    public var registeredFlowBytes = 64 * 1_048_576
    /// `POST /_sandbox/templates`: a page of a thousand large templates fits.
    public var templateBodyBytes = 16 * 1_048_576
    /// Templates in one gateway's library (Meta allows a few thousand per account; the rest is
    /// room for benchmarks).
    public var templatesPerGateway = 20_000

    public init() {}

    /// The HTTP/1 server: header limits, the idle timeout and the request deadlines.
    var http1: HTTPServerBuilder {
        let deadlines = (firstRequest: TimeAmount(firstRequestTimeout), body: TimeAmount(bodyTimeout))
        let decoder = HTTP1Channel.Configuration.DecoderConfiguration(
            maxHeaderFieldSize: headerFieldBytes, maxHeaderListSize: headerBytes, maxHeaderFieldCount: headerFields)
        return .http1(configuration: .init(
            additionalChannelHandlers: [RequestDeadlineHandler(firstRequest: deadlines.firstRequest, body: deadlines.body)],
            idleTimeout: TimeAmount(idleTimeout), httpDecoderConfiguration: decoder))
    }

    /// The listener: the connection bound, on top of `host:port`.
    func application(host: String, port: Int, serverName: String, logger: Logger) -> ApplicationConfiguration {
        ApplicationConfiguration(address: .hostname(host, port: port), serverName: serverName,
                                 availableConnectionsDelegate: MaximumAvailableConnections(connections, logger: logger))
    }
}
