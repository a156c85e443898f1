#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Reads a file, or standard input for `-`, up to a size limit: a bigger input is an error that
/// says the limit (never unbounded memory, never a silent cut), and a file that cannot be read
/// says why (no such file, permission denied, a folder).
public enum InputFile {
    /// Message files and saved messages: far above any message Meta accepts.
    public static let messageLimit = 1 << 20
    /// Flow JSON: Meta's limit is 10 MB.
    public static let flowLimit = 10 << 20
    /// A pasted curl command.
    public static let curlLimit = 1 << 20
    /// The config file and theme files.
    public static let configLimit = 1 << 20
    /// A recipients list for a batch send.
    public static let recipientsLimit = 16 << 20

    /// The bytes of `path` (`-`: standard input), at most `limit` of them.
    public static func read(_ path: String, limit: Int) throws(InputFileError) -> [UInt8] {
        let fd: Int32
        if path == "-" {
            fd = STDIN_FILENO
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw InputFileError(path: path, reason: String(cString: strerror(errno))) }
            var st = stat()
            if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw InputFileError(path: path, reason: "it is a folder, not a file")
            }
        }
        defer { if path != "-" { close(fd) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputFileError(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { return bytes }
            // One byte past the limit is enough to know: stop reading (standard input may be endless).
            guard bytes.count + n <= limit else {
                throw InputFileError(path: path, reason: "larger than the limit of \(describe(limit)); reading stopped there and nothing was done with it")
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// `1 MiB`, `10 MiB`, `64 KiB`.
    public static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : bytes >= 1024 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
    }
}

/// Why an input could not be read.
public struct InputFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path as given (`-` for standard input).
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path == "-" ? "standard input" : path): \(reason)" }
}
