#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// Why a server (`wacon sandbox`, `wacon listen`) could not start listening, said for a person:
/// the operating system's reason in words and what to do, not the socket call's own text.
public enum ListenFailure {
    public static func describe(_ error: any Error) -> String {
        guard let io = error as? IOError else { return "\(error)" }
        switch io.errnoCode {
        case EADDRINUSE: return "the port is taken (another program listens on it); choose another with --port, or --port 0 for any free one"
        case EACCES: return "not allowed: a port below 1024 needs privileges; choose one above it with --port"
        case EADDRNOTAVAIL: return "this machine has no such address; --host takes one of its own (127.0.0.1 by default)"
        default: return String(cString: strerror(io.errnoCode)) + " (errno \(io.errnoCode))"
        }
    }
}
