#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// Graph API versions, when each came out and until when Meta serves it. After that date Meta
/// answers a call to the version as if it named the oldest version still served, so a request
/// keeps working but no longer means what it says: a warning, not an error.
public enum GraphAPIVersions {
    /// One version of the Graph API.
    public struct Version: Sendable, Hashable {
        /// `v25.0`.
        public let name: String
        /// The release date (UTC, `yyyy-mm-dd`).
        public let released: String
        /// The last day Meta serves it, when announced (UTC, `yyyy-mm-dd`).
        public let availableUntil: String?
    }

    /// The version a new profile uses: the newest whose changes wacon models (business-scoped
    /// user ids, `message_status` in `messages[]`, `contacts[].user_id`) and that Meta has given an
    /// end-of-life date, so a saved request keeps its meaning for the longest announced time.
    /// Newer versions work as well; wacon does not know of changes in them.
    public static let current = "v25.0"

    /// Meta's changelog table.
    public static let table: [Version] = [
        Version(name: "v16.0", released: "2023-02-02", availableUntil: "2025-05-14"),
        Version(name: "v17.0", released: "2023-05-23", availableUntil: "2025-09-12"),
        Version(name: "v18.0", released: "2023-09-12", availableUntil: "2026-01-26"),
        Version(name: "v19.0", released: "2024-01-23", availableUntil: "2026-05-21"),
        Version(name: "v20.0", released: "2024-05-21", availableUntil: "2026-09-24"),
        Version(name: "v21.0", released: "2024-10-02", availableUntil: "2027-01-21"),
        Version(name: "v22.0", released: "2025-01-21", availableUntil: "2027-05-20"),
        Version(name: "v23.0", released: "2025-05-29", availableUntil: "2027-10-08"),
        Version(name: "v24.0", released: "2025-10-08", availableUntil: "2028-02-18"),
        Version(name: "v25.0", released: "2026-02-18", availableUntil: "2028-07-29"),
        Version(name: "v26.0", released: "2026-07-29", availableUntil: nil),
        Version(name: "v27.0", released: "2026-11-04", availableUntil: nil),
    ]

    /// How many days before its end a version gets a warning.
    public static let warningDays = 90

    /// The table's entry for a version name.
    public static func version(_ name: String) -> Version? { table.first { $0.name == name } }

    /// What to say of a profile's `api_version` on `today`: nothing for a served version; a
    /// warning for one past its end or ending within `warningDays`, for one older than the table
    /// (long gone), and for one newer than the table (not released when wacon was made, or not
    /// yet known to it).
    public static func findings(for name: String, at path: FieldPath, today: Date = Date()) -> [Finding] {
        guard let major = majorNumber(name) else { return [] }
        let actual = "\"\(name)\""
        guard let v = version(name) else {
            let oldest = table.first!, newest = table.last!
            if major < majorNumber(oldest.name)! {
                return [Finding(.warning, path, .profile, "\(name) is past its end of life (before \(oldest.name), served until \(oldest.availableUntil!)); Meta answers as the oldest version it still serves; use \(current)",
                                actual: actual)]
            }
            if major > majorNumber(newest.name)! {
                return [Finding(.warning, path, .profile, "\(name) is newer than every version wacon knows (newest \(newest.name), released \(newest.released)); if Meta has not released it, every request fails",
                                actual: actual)]
            }
            return [Finding(.warning, path, .profile, "\(name) is not a Graph API version (they are \(table.map(\.name).joined(separator: ", ")))", actual: actual)]
        }
        guard let until = v.availableUntil, let end = day(until) else { return [] }
        let days = Int((end.timeIntervalSince(today) / 86_400).rounded(.down))
        if days < 0 {
            return [Finding(.warning, path, .profile, "\(name) reached its end of life on \(until); Meta answers as the oldest version it still serves; use \(current)",
                            limit: "served until \(until)", actual: actual)]
        }
        if days < warningDays {
            return [Finding(.warning, path, .profile, "\(name) reaches its end of life on \(until), in \(days) days; move to \(current)",
                            limit: "served until \(until)", actual: actual)]
        }
        return []
    }

    /// 25 for `v25.0`.
    static func majorNumber(_ name: String) -> Int? {
        guard name.first == "v", let dot = name.firstIndex(of: ".") else { return nil }
        return Int(name[name.index(after: name.startIndex)..<dot])
    }

    /// Midnight UTC at the end of a `yyyy-mm-dd` day.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return WallClock.utc.date(.init(year: parts[0], month: parts[1], day: parts[2]))?.addingTimeInterval(86_400)
    }
}
