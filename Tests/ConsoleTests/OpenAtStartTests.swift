import Config
import Foundation
import Testing
@testable import Console
import Providers
import Session
import WhatsAppModel

/// `wacon console FILE` and the kept draft (issue 15, items 3 and 9): the file opens instead
/// of the kept draft, and replaces it only once the form is changed.
@Suite struct OpenAtStartTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-open-\(UUID().uuidString)").path

    func savedMessage() throws -> SavedMessage {
        try SavedMessage.parse(Array("""
            {"wacon": {"gateway": "kaleyra", "profile": "kaleyra"},
             "messaging_product": "whatsapp", "recipient_type": "individual", "to": "+27123456789", "type": "text", "text": {"body": "Your order shipped"}}
            """.utf8))
    }

    /// A draft file holding "kept from last time", as an earlier run leaves it.
    func keptDraft() throws -> DraftFile {
        let file = DraftFile(folder: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var kept = Draft()
        kept.body = "kept from last time"
        try file.save(kept.keeping(gateway: .meta, profile: "meta"))
        return file
    }

    /// A saved message opens into the form with its gateway and profile (as the palette opens
    /// it), not the kept draft; quitting at once does not ask.
    @Test func aFileOpensInsteadOfTheKeptDraft() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try keptDraft()

        let m = try savedMessage()
        var (s, _) = try ConsoleApp.initialState(config: .builtIn, choice: TargetChoice(gateway: nil, profile: nil, saved: m, file: "order.json"),
                                                 opening: (m, "order.json"), theme: nil, draftFile: file)
        #expect(s.draft.kind == .text && s.draft.body == "Your order shipped" && s.gateway == .kaleyra && s.profile.name == "kaleyra")
        #expect(s.notice?.text == "opened order.json")
        _ = press(&s, [.char("q")])
        #expect(s.quit)
    }

    /// The runtime leaves the kept draft alone while the opened file is only looked at, and
    /// keeps the form once it is edited.
    @Test func theKeptDraftIsReplacedOnlyByAnEdit() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try keptDraft()
        let before = FileManager.default.contents(atPath: file.path)
        let m = try savedMessage()
        func run(_ keys: [KeyEvent]) throws {
            let (s, _) = try ConsoleApp.initialState(config: .builtIn, choice: TargetChoice(gateway: nil, profile: nil, saved: m, file: "order.json"),
                                                     opening: (m, "order.json"), theme: nil, draftFile: file)
            ConsoleApp(terminal: MemoryTerminal(width: 80, height: 24, events: keys), state: s, session: WaconSession(), draftFile: file).run()
        }
        try run([.tab, .tab, .down, .char("?"), .escape, .char("q")])
        #expect(FileManager.default.contents(atPath: file.path) == before, "only looked at")
        try run([.tab, .tab, .enter] + typing(" today") + [.enter, .char("q"), .char("y")])
        let now = try #require(try file.load())
        #expect(Draft.restoring(now).body == "Your order shipped today" && now.gateway == .kaleyra)
    }
}
