#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The `[history]` table: recording on or off, where, and retention caps (nil: the defaults).
public struct HistorySettings: Sendable, Hashable {
    /// Whether sends are recorded at all.
    public var enabled = true
    /// The history file: an absolute path (`~` and a path relative to the config file's folder
    /// are resolved when the config is read); nil: the default place.
    public var path: String?
    /// Retention: the most entries kept.
    public var maxEntries: Int?
    /// Retention: the largest the file may grow, in bytes.
    public var maxBytes: Int?
    /// The most bytes of a response body kept per entry.
    public var bodyCap: Int?

    public init() {}
}

/// A `[history] path` as written, made into the file it names.
struct HistoryPath {
    /// The path as the config writes it.
    var written: String

    /// The absolute path: `~` and `~/…` are the home folder; a relative path is relative to the
    /// folder of `configFile` (not to wherever wacon happens to be started).
    func resolved(configFile: String, home: String) throws(HistoryPathProblem) -> String {
        guard !written.isEmpty else { throw .empty }
        var path = written
        if path == "~" || path.hasPrefix("~/") {
            path = home + path.dropFirst()
        } else if path.hasPrefix("~") {
            throw .otherUsersHome
        } else if !path.hasPrefix("/") {
            path = URL(fileURLWithPath: configFile).deletingLastPathComponent().path + "/" + path
        }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Checks that `path` is a regular file or nothing yet: SQLite opens anything, and would
    /// write its journal beside a device (`/dev/null` gave a world-writable `/dev/null-journal`).
    static func check(_ path: String) throws(HistoryPathProblem) {
        var st = stat()
        guard stat(path, &st) == 0 else {
            if errno == ENOENT { return }
            throw .unusable(path: path, reason: String(cString: strerror(errno)))
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw .notAFile(path: path, what: "a folder")
        case S_IFCHR, S_IFBLK: throw .notAFile(path: path, what: "a device")
        case S_IFIFO: throw .notAFile(path: path, what: "a pipe")
        case S_IFSOCK: throw .notAFile(path: path, what: "a socket")
        default: throw .notAFile(path: path, what: "a special file")
        }
    }
}

/// Why a `[history] path` names no history file.
enum HistoryPathProblem: Error, CustomStringConvertible {
    case empty
    case otherUsersHome
    case notAFile(path: String, what: String)
    case unusable(path: String, reason: String)

    var description: String {
        switch self {
        case .empty: return "must be a file path"
        case .otherUsersHome: return "~NAME is not read; write the path from / or from ~/"
        case .notAFile(let path, let what): return "\(path) is \(what); the history file must be a regular file (or not exist yet)"
        case .unusable(let path, let reason): return "\(path) cannot be used: \(reason)"
        }
    }
}
