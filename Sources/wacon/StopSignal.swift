#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Ctrl-C and SIGTERM for a command that runs until stopped (`wacon sandbox`, `wacon listen`, `wacon test`):
/// the signals are taken from their default action, so the command can stop cleanly (requests in
/// flight answered, a summary printed) instead of being killed.
enum StopSignal {
    /// Returns when SIGINT or SIGTERM arrives.
    static func wait() async {
        let (signals, continuation) = AsyncStream.makeStream(of: Int32.self)
        let sources = [SIGINT, SIGTERM].map { sig -> any DispatchSourceSignal in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: DispatchQueue(label: "wacon.signal"))
            source.setEventHandler { continuation.yield(sig) }
            source.resume()
            return source
        }
        for await _ in signals { break }
        sources.forEach { $0.cancel() }
    }
}
