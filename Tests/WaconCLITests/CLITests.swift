import Foundation
import Testing
import WhatsAppModel

@Suite struct CLITests {
    @Test func validateExitCodes() throws {
        let ok = try wacon(["validate", "examples/interactive-list.json"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("no findings"))
        let bad = try wacon(["validate", "-"], stdin: #"{"messaging_product":"whatsapp","to":"+27123456789","type":"text","text":{"body":""}}"#)
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("text.body"))
        let json = try wacon(["validate", "-", "--json"], stdin: #"{"messaging_product":"whatsapp","to":"123","type":"text","text":{"body":"x"}}"#)
        #expect(json.status == 1)
        let v = try JSONParser.parse(json.stdout)
        #expect(v["valid"] == .bool(false))
        #expect(v["findings"]?.arrayValue?.first?["path"] == "to")
        #expect(v["findings"]?.arrayValue?.first?["rule"] == "phone-number")
    }

    @Test func malformedFilesGetLineAndColumn() throws {
        let path = try tempFile("{\n  \"to\": \"+27123456789\",\n  \"type\": \"text\",\n  \"text\": {\"body\": \"hi\",}\n}\n", ext: "json")
        let r = try wacon(["validate", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path):4:"), "\(r.stderr)")
        #expect(r.stderr.contains("not valid JSON"))
    }

    @Test func unknownTypeGetsTheKnownList() throws {
        let r = try wacon(["preview", "-"], stdin: #"{"to":"+27123456789","type":"poll","poll":{}}"#)
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown message type \"poll\""))
        #expect(r.stderr.contains("text, image, video, audio, document, sticker, location, contacts, reaction, interactive, template"))
    }

    @Test func secretsAreMaskedUnlessRevealed() throws {
        let config = packageRoot.appendingPathComponent("Tests/WaconCLITests/Golden/config.toml").path
        let key = "Axxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx3"
        for format in ["http", "curl", "json"] {
            let r = try wacon(["preview", "examples/text.json", "--config", config, "--profile", "kaleyra-seed", "--format", format])
            #expect(r.status == 0)
            // Not the key, nor any part of it longer than the 4-character mask tail.
            #expect(!r.stdout.contains(key.prefix(8)) && !r.stderr.contains(key.prefix(8)), "\(format) leaked the key")
            #expect(r.stdout.contains("api-key"))
        }
        let revealed = try wacon(["preview", "examples/text.json", "--config", config, "--profile", "kaleyra-seed", "--reveal-secrets"])
        #expect(revealed.stdout.contains("api-key: \(key)"))
        let profiles = try wacon(["profiles", "--config", config])
        #expect(profiles.status == 0)
        #expect(!profiles.stdout.contains(key.prefix(8)))
        #expect(profiles.stdout.contains("kaleyra-seed"))
    }

    @Test func curlUsesTheEnvironmentVariableAndIsValidShell() throws {
        let config = try tempFile("""
            [profiles.prod]
            gateway = "meta"
            phone_number_id = "1065"
            api_version = "v23.0"
            secret = "env:WACON_TEST_META_TOKEN"
            """, ext: "toml")
        let token = "EAAGsecretvalue0123456789"
        let r = try wacon(["preview", "examples/text-emoji.json", "--config", config, "--profile", "prod", "--format", "curl"],
                          env: ["WACON_TEST_META_TOKEN": token])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Authorization: Bearer ${WACON_TEST_META_TOKEN}"))
        #expect(!r.stdout.contains(token))
        #expect(r.stdout.contains("https://graph.facebook.com/v23.0/1065/messages"))
        // The command is well-formed shell (single quotes inside bodies are escaped).
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/bin/sh")
        check.arguments = ["-n", "-c", r.stdout]
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        // Unset variable: the profile finding names it.
        let unset = try wacon(["preview", "examples/text.json", "--config", config, "--profile", "prod"])
        #expect(unset.stderr.contains("WACON_TEST_META_TOKEN is not set"))
    }

    @Test func aGatewayThatCannotCarryTheKindSaysWhatItCarries() throws {
        let r = try wacon(["preview", "examples/interactive-carousel.json", "--gateway", "flowiq"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("FlowIQ cannot carry interactive.carousel messages; it carries text, image"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func gatewaysPrintsTheMatrix() throws {
        let r = try wacon(["gateways"])
        #expect(r.status == 0)
        for g in ["meta", "kaleyra", "flowiq", "botika", "zixflow"] { #expect(r.stdout.contains(g)) }
        let j = try JSONParser.parse(try wacon(["gateways", "--json"]).stdout)
        let botika = try #require(j.arrayValue?.first { $0["id"] == "botika" })
        #expect(botika["kinds"] == ["text", "image", "video", "audio", "document", "sticker", "location", "contacts", "reaction", "interactive.flow", "template"])
    }

    @Test func badConfigNamesFileLineAndKey() throws {
        let config = try tempFile("""
            [profiles.qa]
            gateway = "kaleyra"
            sid = "HX1"
            colour = "blue"
            """, ext: "toml")
        let r = try wacon(["profiles", "--config", config])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(config):4: profiles.qa.colour: unknown key"), "\(r.stderr)")
    }

    @Test func versionProvesTheCursesLibraryLinks() throws {
        let r = try wacon(["--version"])
        #expect(r.stdout.contains("ncursesw ncurses 6"))
    }
}
