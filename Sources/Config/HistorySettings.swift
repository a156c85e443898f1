/// The `[history]` table: recording on or off, where, and retention caps (nil: the defaults).
public struct HistorySettings: Sendable, Hashable {
    /// Whether sends are recorded at all.
    public var enabled = true
    /// The history file; nil: the default place.
    public var path: String?
    /// Retention: the most entries kept.
    public var maxEntries: Int?
    /// Retention: the largest the file may grow, in bytes.
    public var maxBytes: Int?
    /// The most bytes of a response body kept per entry.
    public var bodyCap: Int?

    public init() {}
}
