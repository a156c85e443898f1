#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stand-ins for helpers only full Foundation has (`NSString` paths, `CharacterSet` trimming,
/// `NSHomeDirectory`, `Thread.sleep`): History links FoundationEssentials alone.
enum Portable {
    /// The folder part of a path, as `NSString.deletingLastPathComponent` gives it: `a/b/c` →
    /// `a/b`, `/c` → `/`, `c` → empty; trailing slashes do not count.
    static func folder(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        if slash == p.startIndex { return "/" }
        var folder = p[..<slash]
        while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
        return String(folder)
    }

    /// The user's home folder: `HOME`, else the password database's entry for this user.
    static func homeDirectory() -> String {
        if let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty { return home }
        if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir { return String(cString: dir) }
        return "/"
    }

    /// `text` without white space at either end: spaces and tabs (`CharacterSet.whitespaces`),
    /// and with `newlines`, line breaks too (`.whitespacesAndNewlines`).
    static func trimmed(_ text: some StringProtocol, newlines: Bool = true) -> String {
        func blank(_ c: Unicode.Scalar) -> Bool {
            if c == "\t" || c.properties.generalCategory == .spaceSeparator { return true }
            return newlines && ((0x0A...0x0D).contains(c.value) || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029)
        }
        let scalars = String(text).unicodeScalars
        guard let first = scalars.firstIndex(where: { !blank($0) }), let last = scalars.lastIndex(where: { !blank($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// Sleeps the calling thread for `duration`.
    static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
