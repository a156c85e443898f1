#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import NIOCore
import Providers
import WhatsAppModel

/// Why the sandbox answers a request without looking at it.
enum IntakeRefusal: Error, Sendable, Equatable {
    /// The body is over the route's limit (by its `Content-Length`, or once read that far).
    case tooLarge(limit: Int)
    /// Every place for a large request is taken.
    case busy(places: Int, inlineBytes: Int)
    /// The sandbox is stopping.
    case stopping

    var reply: EmulatedReply {
        switch self {
        case .tooLarge(let limit):
            return EmulatedReply(status: 413, json: [
                "sandbox_error": .string("the body is larger than \(InputFile.describe(limit)) (\(limit) bytes), the limit for this route"),
                "limit_bytes": .number(JSONNumber(limit)),
            ])
        case .busy(let places, let inline):
            var reply = EmulatedReply(status: 503, json: [
                "sandbox_error": .string("\(places) requests with bodies over \(InputFile.describe(inline)) are in progress, the most the sandbox takes at once; retry shortly"),
            ])
            reply.headers[.retryAfter] = "1"
            return reply
        case .stopping:
            return EmulatedReply(status: 503, json: ["sandbox_error": "the sandbox is stopping"])
        }
    }
}

/// Takes in a request body within its route's limit and does the work on it where it cannot
/// hold up other requests: a small body inline, a large one (or one of unannounced length) on
/// the worker lane.
struct RequestIntake: Sendable {
    let lane: WorkerLane
    let limits: SandboxLimits

    /// Reads the body (at most `limit` bytes) and returns what `work` makes of it.
    func process<T: Sendable>(_ request: Request, limit: Int, _ work: @escaping @Sendable ([UInt8]) -> T) async throws -> Result<T, IntakeRefusal> {
        let announced = request.headers[.contentLength].flatMap { Int($0) }
        // Refused before a byte of it is read (a client that waits for `100 Continue` sends none).
        if let announced, announced > limit { return .failure(.tooLarge(limit: limit)) }
        if let announced, announced <= limits.inlineBodyBytes {
            return try await Self.read(request, limit: limit).map(work)
        }
        do {
            return try await lane.admitted {
                switch try await Self.read(request, limit: limit) {
                case .success(let body): return .success(try await lane.run { work(body) })
                case .failure(let refusal): return .failure(refusal)
                }
            }
        } catch let refusal as WorkerLane.Refusal {
            switch refusal {
            case .full: return .failure(.busy(places: limits.largeRequests, inlineBytes: limits.inlineBodyBytes))
            case .stopped: return .failure(.stopping)
            }
        }
    }

    /// The body, or `.tooLarge` once more than `limit` bytes arrive. (The rest of an oversized
    /// body is read and dropped after the answer, within the body timeout, so that the client
    /// reads the answer rather than a reset connection.)
    private static func read(_ request: Request, limit: Int) async throws -> Result<[UInt8], IntakeRefusal> {
        do {
            return .success(Array(buffer: try await request.body.collect(upTo: limit)))
        } catch is NIOTooManyBytesError {
            return .failure(.tooLarge(limit: limit))
        }
    }
}
