import Foundation
import Testing
import WhatsAppModel

/// One verdict everywhere: `validate`, `preview`, `import curl` and the sandbox (through `send`,
/// and through `send --force`, which lets the sandbox judge what the validator refused) agree on
/// each case a user reported, written exactly as the user wrote it.
@Suite(.serialized, .timeLimit(.minutes(2))) struct VerdictCLITests {
    /// Messages Meta accepts: every front end accepts them, the sandbox too.
    static let accepted: [(name: String, json: String)] = [
        ("digits without +, as Meta's examples write them",
         #"{"messaging_product":"whatsapp","to":"16505551234","type":"text","text":{"body":"hi"}}"#),
        ("no type: Meta's default is text",
         #"{"messaging_product":"whatsapp","to":"+16505551234","text":{"body":"hi"}}"#),
        ("a template button index as a number, as Meta's example sends it",
         #"{"messaging_product":"whatsapp","to":"+16505551234","type":"template","template":{"name":"order_shipped","language":{"code":"en_US"},"components":[{"type":"button","sub_type":"quick_reply","index":0,"parameters":[{"type":"payload","payload":"TRACK"}]}]}}"#),
        ("flow_cta of 23 characters (Meta's current limit is 30)",
         #"{"messaging_product":"whatsapp","to":"+16505551234","type":"interactive","interactive":{"type":"flow","body":{"text":"Book a slot"},"action":{"name":"flow","parameters":{"flow_message_version":"3","flow_id":"1234567890","flow_cta":"Book your appointment!!","flow_action":"navigate","flow_action_payload":{"screen":"WELCOME"}}}}}"#),
        ("a contact card with middle_name null, as a client library sends it",
         #"{"messaging_product":"whatsapp","to":"+16505551234","type":"contacts","contacts":[{"name":{"formatted_name":"Jo Doe","first_name":"Jo","middle_name":null},"phones":[{"phone":"+1 650 555 0142","type":"CELL"}]}]}"#),
        ("a UK number with (0) from an email signature",
         #"{"messaging_product":"whatsapp","to":"+44 (0) 7700 900123","type":"text","text":{"body":"hi"}}"#),
        ("a template text parameter with four spaces in a row (Meta allows up to four)",
         #"{"messaging_product":"whatsapp","to":"+16505551234","type":"template","template":{"name":"order_shipped","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"text","text":"12 Main St    Apt 4"}]}]}}"#),
    ]

    /// Messages Meta refuses: every front end refuses them, and the sandbox answers with Meta's error.
    static let refused: [(name: String, json: String, path: String)] = [
        ("an empty body", #"{"messaging_product":"whatsapp","to":"+16505551234","type":"text","text":{"body":""}}"#, "text.body"),
        ("flow_cta past 30", #"{"messaging_product":"whatsapp","to":"+16505551234","type":"interactive","interactive":{"type":"flow","body":{"text":"b"},"action":{"name":"flow","parameters":{"flow_message_version":"3","flow_id":"1","flow_cta":"Book your appointment for this week","flow_action_payload":{"screen":"A"}}}}}"#,
         "interactive.action.parameters.flow_cta"),
        ("a German number one digit short", #"{"messaging_product":"whatsapp","to":"+49 301","type":"text","text":{"body":"hi"}}"#, "to"),
        ("an unknown field", #"{"messaging_product":"whatsapp","to":"+16505551234","type":"text","text":{"body":"hi","bodyy":"x"}}"#, "text.bodyy"),
        ("a multi-line address pasted into a template parameter (132018)",
         #"{"messaging_product":"whatsapp","to":"+16505551234","type":"template","template":{"name":"order_shipped","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"text","text":"12 Main St\nSpringfield"}]}]}}"#,
         "template.components[0].parameters[0].text"),
        ("a tab in a template header parameter (132018)",
         #"{"messaging_product":"whatsapp","to":"+16505551234","type":"template","template":{"name":"order_shipped","language":{"code":"en_US"},"components":[{"type":"header","parameters":[{"type":"text","text":"Order\t42"}]}]}}"#,
         "template.components[0].parameters[0].text"),
        ("five spaces in a row in a template parameter (132018)",
         #"{"messaging_product":"whatsapp","to":"+16505551234","type":"template","template":{"name":"order_shipped","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"text","text":"a     b"}]}]}}"#,
         "template.components[0].parameters[0].text"),
    ]

    @Test func acceptedEverywhere() throws {
        for c in Self.accepted {
            let v = try wacon(["validate", "-", "-g", "meta", "--json"], stdin: c.json)
            #expect(v.status == 0, "validate: \(c.name): \(v.stdout)")
            let preview = try wacon(["preview", "-", "-g", "meta", "--format", "json"], stdin: c.json)
            #expect(preview.status == 0, "preview: \(c.name): \(preview.stderr)")
            let sent = try wacon(["send", "-", "-g", "meta", "--json", "--no-history"], stdin: c.json)
            #expect(sent.status == 0, "send: \(c.name): \(sent.stdout) \(sent.stderr)")
            #expect(try JSONParser.parse(sent.stdout)["result"] == "accepted", "\(c.name)")
            let imported = try wacon(["import", "curl", "--json"], stdin: Self.curl(c.json))
            #expect(imported.status == 0, "import: \(c.name): \(imported.stdout)")
            #expect(try JSONParser.parse(imported.stdout)["sendable"] == .bool(true), "\(c.name)")
        }
    }

    @Test func refusedEverywhereWithMetasError() throws {
        for c in Self.refused {
            let v = try JSONParser.parse(try wacon(["validate", "-", "-g", "meta", "--json"], stdin: c.json).stdout)
            #expect(v["valid"] == .bool(false), "\(c.name)")
            #expect(v["findings"]?.arrayValue?.contains { $0["severity"] == "error" && $0["path"]?.stringValue == c.path } == true, "\(c.name): \(v)")
            let sent = try wacon(["send", "-", "-g", "meta", "--json", "--no-history"], stdin: c.json)
            #expect(sent.status == 1, "send refuses before sending: \(c.name)")
            // Past the validator, the sandbox refuses it too, with Meta's error and the same path.
            let forced = try wacon(["send", "-", "-g", "meta", "--json", "--no-history", "--force"], stdin: c.json)
            #expect(forced.status == 3, "\(c.name): \(forced.stdout)")
            let r = try JSONParser.parse(forced.stdout)
            #expect(r["result"] == "rejected", "\(c.name)")
            let code = r["vendor_code"]?.stringValue ?? ""
            #expect(["100", "131008", "131009", "132018"].contains(code), "\(c.name): \(code)")
            #expect((code == "132018") == c.name.hasSuffix("(132018)"), "\(c.name): \(code)")
            #expect(r["raw_body"]?.stringValue?.contains("\"details\":\"\(c.path):") == true, "\(c.name): \(r["raw_body"] ?? "")")
            let imported = try wacon(["import", "curl"], stdin: Self.curl(c.json))
            #expect(imported.status == 1, "import: \(c.name)")
            #expect(imported.stdout.contains("refused: Meta Cloud API would refuse this request"), "\(c.name): \(imported.stdout)")
            #expect(imported.stdout.contains("error: \(c.path):"), "\(c.name)")
        }
    }

    /// A pasted number is checked without sending: `--to` on validate and preview as on send.
    @Test func aPastedNumberIsCheckedWithTo() throws {
        let v = try wacon(["validate", "examples/text.json", "--to", "+44 (0) 7700 900123"])
        #expect(v.status == 0 && v.stdout.contains("sent as +447700900123"), "\(v.stdout)")
        let p = try JSONParser.parse(try wacon(["preview", "examples/text.json", "--to", "+27 082 555 0100", "--format", "json"]).stdout)
        #expect(p["body"]?["to"] == "+27825550100")
        let short = try wacon(["validate", "examples/text.json", "--to", "+49 301"])
        #expect(short.status == 1, "\(short.stdout)")
        let both = try wacon(["send", "examples/text.json", "--to", "+27825550100", "--recipients", "examples/text.json"])
        #expect(both.status == 64 && both.stderr.contains("--to and --recipients"), "\(both.stderr)")
    }

    /// Zixflow takes the number as digits and completes no national number: the validator
    /// refuses what its sandbox refuses, where Meta's (which prepends the business number's
    /// country code) only warns.
    @Test func aNationalNumberIsAnErrorForZixflowAndAWarningForMeta() throws {
        let json = #"{"messaging_product":"whatsapp","to":"0825550100","type":"text","text":{"body":"hi"}}"#
        let zixflow = try wacon(["validate", "-", "-g", "zixflow"], stdin: json)
        #expect(zixflow.status == 1, "\(zixflow.stdout)")
        #expect(zixflow.stdout.contains("error: to: Zixflow takes the number with its country code"), "\(zixflow.stdout)")
        let forced = try wacon(["send", "-", "-g", "zixflow", "--json", "--no-history", "--force"], stdin: json)
        #expect(try JSONParser.parse(forced.stdout)["result"] == "rejected", "the sandbox refuses it too: \(forced.stdout)")
        let meta = try wacon(["validate", "-", "-g", "meta"], stdin: json)
        #expect(meta.status == 0 && meta.stdout.contains("warning: to: no country code"), "\(meta.stdout)")
    }

    @Test func aTrunkPrefixIsDroppedWithANoteAndTheSandboxDeliversThere() throws {
        let json = #"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+27 082 555 0100","type":"text","text":{"body":"hi"}}"#
        let preview = try JSONParser.parse(try wacon(["preview", "-", "-g", "meta", "--format", "json"], stdin: json).stdout)
        #expect(preview["body"]?["to"] == "+27825550100")
        let note = try #require(preview["findings"]?.arrayValue?.first { $0["path"] == "to" })
        #expect(note["severity"] == "note")
        #expect(note["message"]?.stringValue?.contains("dropped the trunk prefix 0 after +27 (South Africa)") == true)
        let sent = try JSONParser.parse(try wacon(["send", "-", "-g", "meta", "--json", "--no-history"], stdin: json).stdout)
        #expect(sent["raw_body"]?.stringValue?.contains("\"wa_id\":\"27825550100\"") == true, "\(sent)")
    }

    @Test func aNationalNumberWarnsWithWhereMetaWouldSendIt() throws {
        let json = #"{"messaging_product":"whatsapp","recipient_type":"individual","to":"0825550100","type":"text","text":{"body":"hi"}}"#
        let config = try tempFile("""
            [profiles.za]
            gateway = "meta"
            phone_number_id = "106540352242922"
            api_version = "v23.0"
            business_number = "+27 21 555 0100"
            secret = "env:WACON_TEST_TOKEN"
            """, ext: "toml")
        let v = try wacon(["validate", "-", "-p", "za", "--config", config, "--json"], stdin: json, env: ["WACON_TEST_TOKEN": "EAAtesttoken0000000000"])
        #expect(v.status == 0, "a warning, not a refusal: \(v.stdout)")
        let f = try #require(try JSONParser.parse(v.stdout)["findings"]?.arrayValue?.first { $0["path"] == "to" })
        #expect(f["severity"] == "warning")
        #expect(f["message"]?.stringValue?.contains("Meta would send it to +27825550100") == true, "\(f)")
    }

    /// The message as a curl command for Meta's endpoint, as a developer would paste it.
    static func curl(_ json: String) -> String {
        "curl -X POST https://graph.facebook.com/v23.0/106540352242922/messages -H 'Authorization: Bearer EAAsampleWaconSandboxToken0000' -H 'Content-Type: application/json' -d '\(json)'"
    }
}
