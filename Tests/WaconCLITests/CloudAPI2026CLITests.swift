import Foundation
import Testing
import WhatsAppModel

/// The CLI speaks the 2026 API: user ids through `--to`, read receipts, the marketing messages
/// endpoint, the capability matrix, and a profile's API version checked against Meta's table.
@Suite struct CloudAPI2026CLITests {
    @Test func aUserIDGoesToRecipientAndIsSentToTheSandbox() throws {
        let p = try JSONParser.parse(try wacon(["preview", "examples/text.json", "--to", "US.13491208655302741918", "--format", "json"]).stdout)
        #expect(p["body"]?["recipient"] == "US.13491208655302741918" && p["body"]?["to"] == nil, "\(p)")
        let sent = try wacon(["send", "examples/text.json", "--to", "US.13491208655302741918", "--json", "--no-history"], killAfter: .seconds(120))
        #expect(sent.status == 0, "\(sent.stdout) \(sent.stderr)")
        let raw = try JSONParser.parse(try #require(try JSONParser.parse(sent.stdout)["raw_body"]?.stringValue))
        #expect(raw["contacts"]?.arrayValue?.first?["user_id"] == "US.13491208655302741918", "\(raw)")
        // A gateway that sends to numbers only refuses it before sending.
        let botika = try wacon(["send", "examples/text.json", "-g", "botika", "--to", "US.13491208655302741918", "--no-history"], killAfter: .seconds(120))
        #expect(botika.status == 1 && botika.stderr.contains("recipient"), "\(botika.stdout) \(botika.stderr)")
        // Its preview shows no body (it could not say whom to send to), as for a kind it cannot carry.
        let preview = try wacon(["preview", "examples/text.json", "-g", "botika", "--to", "US.13491208655302741918"])
        #expect(preview.status == 2 && !preview.stdout.contains("US.13491208655302741918"), "\(preview.stdout)")
    }

    @Test func markReadAnswersAndSaysWhatItDid() throws {
        let ok = try wacon(["mark-read", "wamid.HBgLMjc4MjU1NTAxMDAVAgASGBQzQTk0", "--typing", "--json"], killAfter: .seconds(120))
        #expect(ok.status == 0, "\(ok.stdout) \(ok.stderr)")
        let json = try JSONParser.parse(ok.stdout)
        #expect(json["result"] == "accepted" && json["status"] == "read" && json["raw_body"] == #"{"success":true}"#, "\(json)")
        #expect(json["typing"] == true && json["request_body"]?["typing_indicator"]?["type"] == "text", "\(json)")
        let plain = try wacon(["mark-read", "wamid.HBgLMjc4MjU1NTAxMDAVAgASGBQzQTk0"], killAfter: .seconds(120))
        #expect(plain.stdout.contains("marked wamid.HBgLMjc4MjU1NTAxMDAVAgASGBQzQTk0 read") && !plain.stdout.contains("typing_indicator"), "\(plain.stdout)")
        let notAWamid = try wacon(["mark-read", "A1834A64F3FC7AB980B7"], killAfter: .seconds(120))
        #expect(notAWamid.status == 1 && notAWamid.stderr.contains("wamid"), "\(notAWamid.stderr)")
        let help = try wacon(["help", "mark-read"])
        #expect(help.status == 0 && help.stdout.contains("--typing"), "\(help.stdout) \(help.stderr)")
        let refused = try wacon(["mark-read", "wamid.HBgLX", "--scenario", "meta-131009"], killAfter: .seconds(120))
        #expect(refused.status == 3 && refused.stdout.contains("131009"), "\(refused.stdout) \(refused.stderr)")
        let botika = try wacon(["mark-read", "wamid.HBgLX", "-g", "botika"], killAfter: .seconds(120))
        #expect(botika.status == 1 && botika.stderr.contains("has no read receipts"), "\(botika.stdout) \(botika.stderr)")
        let empty = try wacon(["mark-read", " "], killAfter: .seconds(120))
        #expect(empty.status == 1 && empty.stderr.contains("message_id"), "\(empty.stderr)")
    }

    @Test func theEndpointFlagSendsToTheMarketingMessagesAPI() throws {
        let template = #"{"messaging_product":"whatsapp","to":"+16505551234","type":"template","template":{"name":"sale","language":{"code":"en"}},"message_activity_sharing":true}"#
        let p = try JSONParser.parse(try wacon(["preview", "-", "--endpoint", "marketing_messages", "--format", "json"], stdin: template).stdout)
        #expect(p["url"]?.stringValue?.hasSuffix("/marketing_messages") == true, "\(p)")
        let sent = try wacon(["send", "-", "--endpoint", "marketing_messages", "--json", "--no-history"], stdin: template, killAfter: .seconds(120))
        #expect(sent.status == 0, "\(sent.stdout) \(sent.stderr)")
        let text = try wacon(["validate", "examples/text.json", "--endpoint", "marketing_messages"])
        #expect(text.status == 1 && text.stdout.contains("marketing templates only"), "\(text.stdout)")
        let wrong = try wacon(["send", "examples/template.json", "--endpoint", "marketing"])
        #expect(wrong.status == 64 && wrong.stderr.contains("endpoint is messages or marketing_messages"), "\(wrong.status) \(wrong.stderr)")
        let plain = try wacon(["validate", "-"], stdin: template)
        #expect(plain.status == 1 && plain.stdout.contains("message_activity_sharing"), "\(plain.stdout)")
    }

    @Test func theMatrixShowsTheNewCapabilities() throws {
        let json = try JSONParser.parse(try wacon(["gateways", "--json"]).stdout)
        func features(_ id: String) -> [String] {
            json.arrayValue?.first { $0["id"]?.stringValue == id }?["features"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        #expect(features("meta").contains("user-id-recipient") && features("meta").contains("mark-read") && features("meta").contains("marketing-messages"))
        #expect(features("kaleyra").contains("user-id-recipient") && !features("kaleyra").contains("mark-read"))
        #expect(!features("zixflow").contains("user-id-recipient") && !features("botika").contains("direct-send"))
        let table = try wacon(["gateways"]).stdout
        #expect(table.contains("user-id-recipient") && table.contains("direct-send"), "\(table)")
    }

    @Test func aProfilesAPIVersionIsCheckedAgainstMetasTable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-versions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("config.toml")
        try """
        [profiles.old]
        gateway = "meta"
        phone_number_id = "106540352242922"
        api_version = "v20.0"
        secret = "EAAsampleWaconSandboxToken0000"
        sandbox = true
        """.write(to: config, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config.path)
        let v = try wacon(["validate", "examples/text.json", "--config", config.path, "-p", "old"])
        #expect(v.stdout.contains("v20.0 reached its end of life on 2026-09-24"), "\(v.stdout) \(v.stderr)")
        #expect(v.status == 0, "a warning, not an error")
    }
}
