#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

extension StringProtocol {
    /// The text without leading and trailing white space (spaces, tabs, line breaks: Unicode's
    /// White_Space), in Swift rather than through Foundation's `NSString`.
    public var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}

extension StringProtocol {
    /// The last place `other` occurs, or nil.
    public func lastRange(of other: String) -> Range<Index>? {
        guard !other.isEmpty else { return nil }
        var found: Range<Index>?
        var rest = self[...]
        while let r = rest.firstRange(of: other) {
            found = r
            rest = rest[index(after: r.lowerBound)...]
        }
        return found
    }
}

/// File paths as text, the way a shell user reads them.
public enum FilePaths {
    /// The user's home folder: `$HOME`, else the password database's entry.
    public static func home(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }

    /// `~` and `~/…` read as the home folder; any other path unchanged.
    public static func expandingTilde(_ path: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if path == "~" { return home(environment) }
        guard path.hasPrefix("~/") else { return path }
        let base = home(environment)
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + String(path.dropFirst())
    }

    /// The last component (`a/b/c.json` → `c.json`); trailing slashes are ignored.
    public static func lastComponent(_ path: String) -> String {
        let p = trimmingTrailingSlashes(path)
        guard let slash = p.lastIndex(of: "/") else { return p }
        return p == "/" ? "/" : String(p[p.index(after: slash)...])
    }

    /// The folder part (`a/b/c.json` → `a/b`, `c.json` → empty, `/c` → `/`).
    public static func folder(_ path: String) -> String {
        let p = trimmingTrailingSlashes(path)
        guard let slash = p.lastIndex(of: "/") else { return "" }
        var folder = p[..<slash]
        while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
        return folder.isEmpty ? "/" : String(folder)
    }

    /// The last component without its extension (`a/hello.toml` → `hello`; `.hidden` stays).
    public static func stem(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }
}

/// What went wrong with a file operation, in the system's words (`No such file or directory`),
/// with the path it concerned when that is not the one the caller already names.
public enum FileProblem {
    public static func text(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError {
            let reason = (cocoa.underlying as? POSIXError).map { systemText($0.code.rawValue) } ?? "error \(cocoa.code.rawValue)"
            return cocoa.filePath.map { "\(reason) (\($0))" } ?? reason
        }
        if let posix = error as? POSIXError { return systemText(posix.code.rawValue) }
        return String(describing: error)
    }

    private static func systemText(_ code: Int32) -> String { String(cString: strerror(code)) }
}
