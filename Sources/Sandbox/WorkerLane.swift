#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOConcurrencyHelpers
import NIOPosix

/// Where the sandbox does CPU-heavy work (parsing a large body): on threads of its own, at a
/// lower priority, for a bounded number of requests at once. Swift's concurrency pool has one
/// thread per core; a request that held one for a minute would stall every other request,
/// health checks included.
final class WorkerLane: Sendable {
    /// The lane is stopping (the server stops) or full.
    enum Refusal: Error {
        case full
        case stopped
    }

    private let threads: NIOThreadPool
    private let capacity: Int
    private let state = NIOLockedValueBox(LaneState())

    private struct LaneState {
        var admitted = 0
        var stopped = false
        var nextJob = 0
        /// How to release each waiter whose work is in progress when the lane stops.
        var waiting: [Int: @Sendable (Refusal) -> Void] = [:]
    }

    init(threads: Int, capacity: Int) {
        self.threads = NIOThreadPool(numberOfThreads: max(1, threads))
        self.capacity = max(1, capacity)
        self.threads.start()
    }

    /// Runs `body` holding one of the lane's places, or throws `.full` at once when every place
    /// is taken (and `.stopped` once the lane stops).
    func admitted<T>(_ body: () async throws -> T) async throws -> T {
        let refusal = state.withLockedValue { s -> Refusal? in
            if s.stopped { return .stopped }
            if s.admitted >= capacity { return .full }
            s.admitted += 1
            return nil
        }
        if let refusal { throw refusal }
        defer { state.withLockedValue { $0.admitted -= 1 } }
        return try await body()
    }

    /// Runs `work` on one of the lane's threads. Throws `.stopped` when the lane stops first:
    /// the work itself cannot be interrupted, but nobody waits for it.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
            let id = state.withLockedValue { s -> Int? in
                if s.stopped { return nil }
                s.nextJob += 1
                s.waiting[s.nextJob] = { c.resume(throwing: $0) }
                return s.nextJob
            }
            guard let id else { return c.resume(throwing: Refusal.stopped) }
            threads.submit { [state] run in
                // Whoever removes the waiter resumes it: this thread, or `stop()`.
                guard case .active = run else {
                    if state.withLockedValue({ $0.waiting.removeValue(forKey: id) }) != nil { c.resume(throwing: Refusal.stopped) }
                    return
                }
                Self.lowerThisThreadsPriority()
                let value = work()
                if state.withLockedValue({ $0.waiting.removeValue(forKey: id) }) != nil { c.resume(returning: value) }
            }
        }
    }

    /// Refuses new work and releases everyone waiting for work in progress.
    func stop() {
        let waiting = state.withLockedValue { s in
            s.stopped = true
            defer { s.waiting = [:] }
            return Array(s.waiting.values)
        }
        for release in waiting { release(.stopped) }
        // The threads end once the work they are doing ends; nobody waits for that.
        threads.shutdownGracefully { _ in }
    }

    /// A nice value of 10 for the calling thread, so the server's own threads win the CPU over
    /// a large request's parsing. (Linux keeps nice values per thread; `0` is the calling one.)
    private static func lowerThisThreadsPriority() {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        if getpriority(which, 0) < 10 { _ = setpriority(which, 0, 10) }
        #endif
    }
}
