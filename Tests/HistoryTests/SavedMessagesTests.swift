import Foundation
import Testing
import Providers
@testable import Session
import WaconTestSupport
import WhatsAppModel

private func tempFolder() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("wacon-saved-\(UUID().uuidString)/messages").path
}

private func example(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: packageRoot.appendingPathComponent("examples/\(name)")))
}

private func contents(_ folder: String, _ name: String) throws -> String {
    try String(contentsOfFile: folder + "/" + name + ".json", encoding: .utf8)
}

@Suite struct SavedMessagesTests {
    @Test func savesAndLoadsAMessageWithItsSettings() throws {
        let folder = tempFolder()
        let saved = SavedMessages(folder: folder)
        #expect(try saved.list().isEmpty, "no folder yet: nothing saved")
        let message = try OutboundMessage.parse(try example("interactive-button.json"))
        let draft = SavedMessage(message: message, gateway: .kaleyra, profile: "kaleyra-staging",
                                 options: VendorOptions(["ref": "campaign-7", "wa_source": "console"]), extra: ["note": "from a newer wacon"])
        #expect(try saved.save(draft, as: "Delivery buttons") == "Delivery buttons")
        let back = try saved.load("Delivery buttons")
        #expect(back == draft)
        let text = try contents(folder, "Delivery buttons")
        #expect(text.hasPrefix("{\n  \"wacon\": {\n    \"format\": 1,\n    \"gateway\": \"kaleyra\""))
        #expect(text.contains(#""options": {"#) && text.contains(#""ref": "campaign-7""#) && text.contains(#""wa_source": "console""#))
        #expect(text.hasSuffix("}\n"))
        // The settings never leak into the message: validation sees no unknown member.
        #expect(back.message.unknownFields.isEmpty)
        #expect(!MessageValidator.validate(back.message).contains { $0.message.contains("wacon") })
        let fm = FileManager.default
        #expect((try fm.attributesOfItem(atPath: folder + "/Delivery buttons.json")[.posixPermissions] as? Int) == 0o600)
        #expect((try fm.attributesOfItem(atPath: folder)[.posixPermissions] as? Int) == 0o700)
    }

    /// A member of `wacon` that nothing reads is kept for the next save, and said: a vendor
    /// option put beside `options` instead of in it would otherwise do nothing silently.
    @Test func membersNothingReadsAreKeptAndSaid() throws {
        let text = #"{"wacon":{"gateway":"kaleyra","ref":"campaign-7","profle":"x","console":{"flow_file":"a.json"}},"messaging_product":"whatsapp","to":"+27825550100","type":"text","text":{"body":"hi"}}"#
        let saved = try SavedMessage.parse(Array(text.utf8))
        #expect(saved.extra.keys.sorted() == ["console", "profle", "ref"], "kept for the next save")
        let said = saved.findings.map { "\($0.path.display) \($0.message)" }
        #expect(said.count == 2, "\(said)")
        #expect(said.contains { $0.hasPrefix("wacon.ref") && $0.contains("goes under wacon.options") })
        #expect(said.contains { $0.hasPrefix("wacon.profle") && $0.contains("did you mean profile?") })
        #expect(saved.findings.allSatisfy { $0.severity == .warning })
    }

    @Test func everyPlainMetaExampleOpens() throws {
        let folder = tempFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let dir = packageRoot.appendingPathComponent("examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count > 20)
        for file in files {
            try FileManager.default.copyItem(atPath: dir.appendingPathComponent(file).path, toPath: folder + "/" + file)
        }
        let saved = SavedMessages(folder: folder)
        let list = try saved.list()
        #expect(Set(list.map(\.name)) == Set(files.map { String($0.dropLast(5)) }))
        #expect(list.map(\.name) == list.map(\.name).sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) })
        for info in list {
            #expect(info.problem == nil, "\(info.name): \(info.problem ?? "")")
            #expect(info.gateway == nil && info.profile == nil)
            #expect(abs(info.modified.timeIntervalSinceNow) < 600)
            #expect(info.bytes > 50)
        }
        #expect(list.first { $0.name == "interactive-button" }?.kind == .button)
        #expect(list.first { $0.name == "template" }?.kind == .template)
        let plain = try saved.load("text.json")
        #expect(plain.message == (try OutboundMessage.parse(try example("text.json"))))
        #expect(!plain.hasSettings)
        // Saved back without settings it is plain Meta JSON again.
        try saved.save(plain, as: "text", replacing: true)
        let written = try contents(folder, "text")
        #expect(!written.contains("wacon"))
        #expect(try OutboundMessage.parse(written) == plain.message)
    }

    @Test func unreadableFilesSayWhereAndStayListed() throws {
        let folder = tempFolder()
        let saved = SavedMessages(folder: folder)
        try saved.save(SavedMessage(message: try OutboundMessage.parse(try example("text.json"))), as: "good")
        let broken: [(String, String, String)] = [
            ("syntax", "{\n  \"to\": \"+27123456789\",\n  \"type\" \"text\"\n}", "line 3, column 10"),
            ("gateway", #"{"wacon":{"gateway":"acme"},"to":"+1","type":"text","text":{"body":"x"}}"#, "wacon.gateway: unknown gateway \"acme\""),
            ("option", #"{"wacon":{"options":{"ref":"a","wa_sourc":"b"}},"to":"+1","type":"text","text":{"body":"x"}}"#, "wacon.options.wa_sourc: unknown vendor option"),
            ("settings", #"{"wacon":"kaleyra","to":"+1","type":"text","text":{"body":"x"}}"#, "wacon: expected an object"),
            ("newer", #"{"wacon":{"format":2},"to":"+1","type":"text","text":{"body":"x"}}"#, "newer wacon"),
            ("notamessage", #"[1,2]"#, "expected a message object"),
            ("duplicate", #"{"to":"+1","to":"+2","type":"text","text":{"body":"x"}}"#, "duplicate member name"),
        ]
        for (name, text, _) in broken { try text.write(toFile: folder + "/\(name).json", atomically: false, encoding: .utf8) }
        for (name, _, reason) in broken {
            #expect { try saved.load(name) } throws: { error in
                guard case .unreadable(name, _)? = error as? SavedMessageError else { return false }
                return "\(error)".contains(reason)
            }
        }
        let list = try saved.list()
        #expect(list.count == broken.count + 1)
        #expect(list.filter { $0.problem != nil }.count == broken.count)
        #expect(list.first { $0.name == "good" }?.kind == .text)
    }

    @Test func refusesBadNamesAndTidiesHarmlessOnes() throws {
        let saved = SavedMessages(folder: tempFolder())
        let m = SavedMessage(message: try OutboundMessage.parse(try example("text.json")))
        for bad in ["", "   ", "a/b", "../up", ".hidden", "bell\u{7}", "tab\there", String(repeating: "é", count: 101), ".json"] {
            #expect(throws: SavedMessageError.self, "\(bad)") { try saved.save(m, as: bad) }
            #expect { try SavedMessages.validName(bad) } throws: { error in
                guard case .badName(bad, let reason)? = error as? SavedMessageError else { return false }
                return !reason.isEmpty
            }
        }
        #expect(try SavedMessages.validName("  Order update.json ") == "Order update")
        #expect(try SavedMessages.validName("Ünïcode 😀 (v2)") == "Ünïcode 😀 (v2)")
        #expect(try SavedMessages.validName(String(repeating: "é", count: 100)).utf8.count == 200)
        #expect(try saved.save(m, as: " spaced.JSON") == "spaced")
        #expect(try saved.list().map(\.name) == ["spaced"])
        #expect(throws: SavedMessageError.badName("a/b", reason: "it contains '/' (a name cannot reach into another folder)")) { try saved.load("a/b") }
    }

    @Test func neverOverwritesUnlessAsked() throws {
        let folder = tempFolder()
        let saved = SavedMessages(folder: folder)
        let text = SavedMessage(message: try OutboundMessage.parse(try example("text.json")))
        let buttons = SavedMessage(message: try OutboundMessage.parse(try example("interactive-button.json")))
        try saved.save(text, as: "draft")
        #expect(throws: SavedMessageError.exists("draft")) { try saved.save(buttons, as: "draft") }
        #expect(try saved.load("draft") == text)
        try saved.save(buttons, as: "draft", replacing: true)
        #expect(try saved.load("draft") == buttons)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["draft.json"])
    }

    @Test func renameDuplicateAndDelete() throws {
        let folder = tempFolder()
        let saved = SavedMessages(folder: folder)
        let m = SavedMessage(message: try OutboundMessage.parse(try example("text.json")), gateway: .meta)
        try saved.save(m, as: "Welcome")
        try saved.save(SavedMessage(message: try OutboundMessage.parse(try example("reaction.json"))), as: "Other")
        let original = try contents(folder, "Welcome")

        #expect(try saved.duplicate("Welcome") == "Welcome copy")
        #expect(try saved.duplicate("Welcome") == "Welcome copy 2")
        #expect(try saved.duplicate("Welcome copy") == "Welcome copy 3", "a copy of a copy is numbered, not 'copy copy'")
        #expect(try contents(folder, "Welcome copy 2") == original)
        #expect(throws: SavedMessageError.notFound("Nope")) { try saved.duplicate("Nope") }

        #expect(throws: SavedMessageError.exists("Other")) { try saved.rename("Welcome copy", to: "Other") }
        #expect(try saved.rename("Welcome copy", to: "Greeting") == "Greeting")
        #expect(try saved.load("Greeting") == m)
        #expect(throws: SavedMessageError.notFound("Welcome copy")) { try saved.load("Welcome copy") }
        #expect(throws: SavedMessageError.notFound("Gone")) { try saved.rename("Gone", to: "Here") }
        #expect(try saved.rename("Greeting", to: "greeting") == "greeting", "a change of case only")
        #expect(try saved.rename("greeting", to: "greeting.json") == "greeting")

        try saved.delete("greeting")
        #expect(throws: SavedMessageError.notFound("greeting")) { try saved.delete("greeting") }
        #expect(try saved.list().map(\.name) == ["Other", "Welcome", "Welcome copy 2", "Welcome copy 3"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func copyNamesStayWithinTheLimit() throws {
        let saved = SavedMessages(folder: tempFolder())
        let long = String(repeating: "x", count: SavedMessages.maxNameBytes)
        try saved.save(SavedMessage(message: try OutboundMessage.parse(try example("text.json"))), as: long)
        let copy = try saved.duplicate(long)
        #expect(copy.hasSuffix(" copy") && copy.utf8.count == SavedMessages.maxNameBytes)
        #expect(SavedMessages.copyBase("Plan copy 12") == "Plan")
        #expect(SavedMessages.copyBase("Plan copy") == "Plan")
        #expect(SavedMessages.copyBase("Plan copyright") == "Plan copyright")
        #expect(SavedMessages.copyBase(" copy") == " copy")
    }

    @Test func theFolderIsInTheDataHome() {
        #expect(SavedMessages.defaultFolder(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/wacon/messages")
        #expect(SavedMessages.defaultFolder(environment: ["XDG_DATA_HOME": "", "HOME": "/h"]) == "/h/.local/share/wacon/messages")
    }

    @Test func aFolderThatCannotBeMadeIsAClearError() throws {
        let file = tempFolder()
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "not a folder".write(toFile: file, atomically: false, encoding: .utf8)
        let saved = SavedMessages(folder: file + "/inside")
        #expect { try saved.save(SavedMessage(message: try OutboundMessage.parse(try example("text.json"))), as: "x") } throws: { error in
            guard case .storage(let m)? = error as? SavedMessageError else { return false }
            return m.contains(file)
        }
    }
}
