import Foundation
import Testing
import WhatsAppModel

/// A template from sync to send, as support staff use it: the sandbox's library synced, the
/// order update picked in the console and sent; one parameter short, the validator stops it
/// naming 132000, and the sandbox, sent it anyway, answers 132000 too.
@Suite(.serialized) struct TemplatesE2ETests {
    typealias Tmux = ConsoleE2ETests.Tmux

    @Test func syncPickFillAndSendAnOrderUpdate() throws {
        let t = Tmux()
        defer { t.kill() }
        let sync = try wacon(["templates", "sync"], env: ["XDG_DATA_HOME": t.data], killAfter: .seconds(120))
        #expect(sync.status == 0, "\(sync.stderr)")
        try t.start(width: 120, height: 40)
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        try t.keys("C-p")
        try t.type("template: order_update")
        _ = try t.wait(for: "the palette's match") { $0.contains("template: order_update (en_US)") }
        try t.keys("Enter")
        _ = try t.wait(for: "the template's form") { $0.contains("edit them in the form") && $0.contains("header link") }
        // Its image header and first body value, filled in the form; the bubble follows.
        try t.keys("Enter", "C-u")
        try t.type("https://cdn.example.com/parcel.jpg")
        try t.keys("Enter", "j", "Enter", "C-u")
        try t.type("Thandi")
        try t.keys("Enter")
        let filled = try t.wait(for: "the bubble") { $0.contains("Hi Thandi, your order") }
        #expect(filled.contains("As the customer sees it") && !filled.contains("error(s)"), "\(filled)")
        try t.keys("C-s")
        let id = try t.acceptedID()
        #expect(id.hasPrefix("wamid."))
    }

    @Test func oneParameterShortIsStoppedByTheValidatorAndRefusedByTheSandbox() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-templates-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let env = ["XDG_DATA_HOME": data]
        #expect(try wacon(["templates", "sync"], env: env, killAfter: .seconds(120)).status == 0)
        let message = try wacon(["templates", "message", "order_update", "--param", "1=Thandi"], env: env)
        #expect(message.status == 0, "\(message.stderr)")
        var json = try #require(try JSONParser.parse(message.stdout).objectValue)
        #expect(try wacon(["validate", "-"], stdin: message.stdout, env: env).status == 0, "the filled message is clean")
        // Drop the body's second parameter.
        var template = try #require(json["template"]?.objectValue)
        var components = try #require(template["components"]?.arrayValue)
        let b = try #require(components.firstIndex { $0["type"] == "body" })
        var body = try #require(components[b].objectValue)
        body["parameters"] = .array(Array(try #require(body["parameters"]?.arrayValue).prefix(1)))
        components[b] = .object(body)
        template["components"] = .array(components)
        json["template"] = .object(template)
        let short = JSONWriter.compactString(.object(json))
        let v = try wacon(["validate", "-"], stdin: short, env: env)
        #expect(v.status == 1 && v.stdout.contains("would fail with 132000"), "\(v.stdout)")
        let refused = try wacon(["send", "-", "--force", "--json", "--no-history"], stdin: short, env: env, killAfter: .seconds(120))
        let result = try JSONParser.parse(refused.stdout)
        #expect(refused.status == 3 && result["vendor_code"] == "132000", "\(refused.stdout)")
        // Without the library the definition is not checked, and a note says so.
        let bare = try wacon(["validate", "-"], stdin: short)
        #expect(bare.status == 0 && bare.stdout.contains("definition was not checked"), "\(bare.stdout)")
    }
}
