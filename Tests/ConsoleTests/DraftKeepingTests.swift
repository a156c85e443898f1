import Config
import Foundation
import Testing
@testable import Console
import Providers
import Session
import WhatsAppModel

/// The draft between runs and quitting with unsent changes (issue 15, item 3).
@Suite struct DraftKeepingTests {
    func tempFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("wacon-draft-\(UUID().uuidString)").path
    }

    @Test func quitAsksOnlyWithUnsentChanges() {
        var s = AppState(width: 120, height: 40)
        _ = press(&s, [.char("q")])
        #expect(s.quit, "nothing typed: q leaves at once")

        var t = AppState(width: 120, height: 40)
        _ = press(&t, [.tab, .tab, .enter, .ctrl("u")] + typing("unsent") + [.enter, .char("q")])
        #expect(!t.quit && t.mode.isConfirmingQuit)
        let screen = Renderer.render(t).grid.text
        #expect(screen.contains("Quit wacon?") && screen.contains("kept as the draft"), "\(screen)")
        // Any other key stays; q again (or y) leaves.
        _ = press(&t, [.char("n")])
        #expect(!t.quit && !t.mode.isConfirmingQuit)
        _ = press(&t, [.char("q"), .char("q")])
        #expect(t.quit)

        var u = t
        u.quit = false
        u.mode = .form
        _ = press(&u, [.char("q"), .char("y")])
        #expect(u.quit)
    }

    /// Ctrl-C once asks, twice leaves, from the form and from a field being edited.
    @Test(arguments: [[KeyEvent](), [.enter]])
    func ctrlCTwiceLeaves(before: [KeyEvent]) {
        var s = AppState(width: 80, height: 24)
        _ = press(&s, [.tab, .tab, .enter] + typing("x") + [.escape] + before)
        _ = press(&s, [.ctrl("c")])
        #expect(!s.quit && s.mode.isConfirmingQuit)
        _ = press(&s, [.ctrl("c")])
        #expect(s.quit)
    }

    /// "Unsent" is against what was last sent or opened.
    @Test func sendingOrOpeningMakesTheDraftSent() {
        var s = AppState(width: 120, height: 40)
        _ = press(&s, [.tab, .tab, .enter] + typing(" more") + [.enter])
        #expect(s.hasUnsentChanges)
        _ = press(&s, [.ctrl("s")])
        #expect(!s.hasUnsentChanges, "sent")
        _ = press(&s, [.char("q")])
        #expect(s.quit)

        var o = AppState(width: 120, height: 40)
        var list = Draft()
        list.kind = .list
        _ = o.update(.opened(list, nil, profile: nil, from: "“list”"))
        #expect(!o.hasUnsentChanges)
        _ = press(&o, [.char("q")])
        #expect(o.quit)
    }

    /// Every change of the form, and only a change, hands the draft to the keeper.
    @Test func changesAreKeptAsTheyHappen() {
        var s = AppState(width: 120, height: 40)
        let keeps = { (effects: [Effect]) in effects.filter { if case .saved(.keep) = $0 { true } else { false } } }
        #expect(keeps(press(&s, [.tab, .down, .up])).isEmpty)
        let typed = press(&s, [.tab, .enter, .char("Z")])
        #expect(typed.last == .saved(.keep(s.draft, gateway: .meta, profile: "meta")))
        #expect(keeps(press(&s, [.escape, .char("g")])) == [.saved(.keep(s.draft, gateway: .kaleyra, profile: "kaleyra"))], "another gateway")
    }

    /// What the file keeps comes back the same: every kind, JSON text that does not read yet,
    /// the Flow file's path; and never a key.
    @Test func keptDraftsComeBackWhole() throws {
        for kind in DraftKind.allCases where kind != .json {
            var d = Draft()
            d.kind = kind
            d.body = "typed for \(kind.rawValue)"
            let back = Draft.restoring(try SavedMessage.parse(d.keeping(gateway: .meta, profile: "meta").fileBytes))
            #expect(back.kind == kind && back.message.json == d.message.json, "\(kind)")
        }
        var j = Draft()
        j.kind = .json
        j.json = "{\"type\": \"text\", \"text\": {\"body\": \"half"
        j.flowFile = "examples/flows/appointment.json"
        let back = Draft.restoring(try SavedMessage.parse(j.keeping(gateway: .kaleyra, profile: "k").fileBytes))
        #expect(back.kind == .json && back.json == j.json && back.flowFile == j.flowFile)

        var key = Profile.builtIn(.meta)
        key.name = "live"
        key.secret = .inline("EAAG-very-secret-key")
        var s = AppState(width: 80, height: 24, profiles: [key], gateway: .meta, profile: "live")
        s.revealSecrets = true
        let bytes = s.draft.keeping(gateway: s.gateway, profile: s.profile.name).fileBytes
        #expect(!String(decoding: bytes, as: UTF8.self).contains("very-secret"))
    }

    /// The runtime writes the form to the draft file (0600) by the time it returns; the next
    /// start restores it, says so, and quitting at once does not ask.
    @Test func theDraftSurvivesARestart() throws {
        let folder = tempFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = DraftFile(folder: folder)
        let keys: [KeyEvent] = [.tab, .tab, .enter, .ctrl("u")] + typing("kept across runs") + [.enter, .char("q"), .char("y")]
        let app = ConsoleApp(terminal: MemoryTerminal(width: 80, height: 24, events: keys), state: AppState(width: 80, height: 24),
                             session: WaconSession(), draftFile: file)
        app.run()
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        var (s, _) = try ConsoleApp.initialState(config: .builtIn, choice: TargetChoice(gateway: nil, profile: nil), theme: nil, draftFile: file)
        #expect(s.draft.body == "kept across runs")
        #expect(s.notice?.text.contains("restored the draft") == true, "\(String(describing: s.notice))")
        _ = press(&s, [.char("q")])
        #expect(s.quit)
    }

    /// A damaged draft file: a clear message, a fresh form, and the file moved aside (the next
    /// draft does not overwrite it).
    @Test func aDamagedDraftFileStartsFresh() throws {
        let folder = tempFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = DraftFile(folder: folder)
        try Data("{\"to\": \"+1\", \"type\": ".utf8).write(to: URL(fileURLWithPath: file.path))
        let (s, _) = try ConsoleApp.initialState(config: .builtIn, choice: TargetChoice(gateway: nil, profile: nil), theme: nil, draftFile: file)
        #expect(s.draft == Draft())
        let notice = try #require(s.notice)
        #expect(notice.role == .warning && notice.text.contains("could not be read") && notice.text.contains(file.damagedPath), "\(notice.text)")
        #expect(!FileManager.default.fileExists(atPath: file.path) && FileManager.default.fileExists(atPath: file.damagedPath))
    }

    /// A draft file that cannot be written is said at once, and the quit question says the
    /// changes would be lost rather than kept.
    @Test func aDraftThatCannotBeKeptIsSaid() throws {
        let folder = tempFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A file where the folder should be: nothing can be written under it.
        try Data().write(to: URL(fileURLWithPath: folder))
        let heard = LockedBox()
        let keeper = DraftKeeper(file: DraftFile(folder: folder + "/wacon")) { heard.append($0) }
        keeper.keep(Draft().keeping(gateway: .meta, profile: "meta"))
        keeper.finish()
        let problem = try #require(heard.values.first ?? nil)

        var s = AppState(width: 80, height: 24)
        _ = press(&s, [.enter, .char("1"), .escape])
        _ = s.update(.draftKept(problem))
        #expect(s.notice?.role == .error && s.notice?.text.contains("the draft cannot be kept") == true)
        _ = press(&s, [.char("q")])
        let screen = Renderer.render(s).grid.text
        #expect(screen.contains("They could not be kept") && !screen.contains("kept as the draft"), "\(screen)")
        _ = s.update(.draftKept(nil))
        #expect(Renderer.render(s).grid.text.contains("kept as the draft"))
    }
}

/// What a keeper reported, read after `finish`.
final class LockedBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String?] = []
    func append(_ v: String?) { lock.withLock { items.append(v) } }
    var values: [String?] { lock.withLock { items } }
}
