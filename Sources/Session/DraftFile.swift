#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The console's draft between runs: `draft.json` in wacon's data folder (next to the history
/// file), in the saved-message format, so it is written like a saved message: atomically, mode
/// 0600 in a 0700 folder. It holds the message, the gateway, the profile's name and the vendor
/// options, never a key (keys live in profiles).
public struct DraftFile: Sendable {
    /// The folder the file is in.
    public let folder: String

    static let name = "draft"

    public init(folder: String) { self.folder = folder }

    /// In `$XDG_DATA_HOME/wacon` (or `~/.local/share/wacon`).
    public static func inDataFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> DraftFile {
        DraftFile(folder: SavedMessages.dataFolder(environment: environment))
    }

    /// The file's path.
    public var path: String { store.path(Self.name) }

    /// Where a damaged file is moved, so the next draft does not overwrite it.
    public var damagedPath: String { folder + "/draft.damaged.json" }

    private var store: SavedMessages { SavedMessages(folder: folder) }

    /// The kept draft; nil when there is none.
    public func load() throws(SavedMessageError) -> SavedMessage? {
        do throws(SavedMessageError) { return try store.load(Self.name) } catch .notFound { return nil }
    }

    /// Replaces the kept draft.
    public func save(_ draft: SavedMessage) throws(SavedMessageError) {
        try store.save(draft, as: Self.name, replacing: true)
    }

    /// Moves a file that does not read aside to `damagedPath` (replacing an older one there);
    /// nil when it could not be moved.
    public func moveAside() -> String? {
        rename(path, damagedPath) == 0 ? damagedPath : nil
    }
}
