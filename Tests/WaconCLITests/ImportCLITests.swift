import Foundation
import Testing
import WhatsAppModel

/// `wacon import curl` run as a user would: a seed's curl on standard input or in a file.
@Suite struct ImportCLITests {
    /// FlowIQ's "Basic Usage" example (seed 000): from its curl line to the closing `}'`.
    static func flowIQButtonsCurl() throws -> String {
        let seed = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds/000_9ab36c01e8812cff.txt")
        let text = try String(contentsOf: seed, encoding: .utf8)
        let start = try #require(text.range(of: "curl -X POST \"https://api.flowiq.live/send-whatsapp\""))
        let end = try #require(text.range(of: "\n  }'", range: start.upperBound..<text.endIndex))
        return String(text[start.lowerBound..<end.upperBound])
    }

    @Test func seedCurlFromStandardInput() throws {
        let curl = try Self.flowIQButtonsCurl()
        #expect(curl.contains("fiq_YOUR_API_KEY"))
        let r = try wacon(["import", "curl"], stdin: curl)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("gateway  flowiq (FlowIQ)"))
        #expect(r.stdout.contains("request  POST https://api.flowiq.live/send-whatsapp"))
        #expect(r.stdout.contains("secret           ••••_KEY (header Authorization)"))
        // The seed's curl has no tenantId, which FlowIQ's reference asks for: the import says so.
        #expect(r.stdout.contains("  ! warning: profile imported.tenant_id: FlowIQ's reference marks tenantId required"), "\(r.stdout)")
        #expect(r.stdout.contains("message  interactive.button"))
        #expect(r.stdout.contains("\"title\": \"Modify Order\""))
        #expect(r.stdout.contains("exact: wacon sends the same method, URL, headers and body"))
        #expect(!r.stdout.contains("fiq_YOUR"), "the key must be masked")
        // The message printed is Meta's shape, ready for `wacon preview`.
        let json = r.stdout[try #require(r.stdout.range(of: "\n{")).lowerBound...]
        #expect(json.contains("\"type\": \"reply\""))
    }

    @Test func seedCurlAsJSONFromAFile() throws {
        let path = try tempFile(try Self.flowIQButtonsCurl(), ext: "sh")
        let r = try wacon(["import", "curl", path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let out = try JSONParser.parse(r.stdout)
        #expect(out["gateway"] == "flowiq")
        #expect(out["method"] == "POST")
        #expect(out["profile"]?["secret"] == "••••_KEY")
        #expect(out["profile"]?["secret_header"] == "Authorization")
        #expect(out["kind"] == "interactive.button")
        #expect(out["message"]?["to"] == "+27123456789")
        #expect(out["message"]?["interactive"]?["action"]?["buttons"]?.arrayValue?.count == 3)
        #expect(out["exact"] == .bool(true))
        #expect(out["profile_findings"]?.arrayValue?.map { $0["path"] } == ["profile imported.tenant_id"])
        #expect(out["differences"] == [])
        #expect(out["notes"]?.arrayValue?.contains { $0.stringValue?.contains("placeholder") == true } == true)
        #expect(!r.stdout.contains("fiq_YOUR"))

        let revealed = try wacon(["import", "curl", path, "--json", "--reveal-secrets"])
        #expect(try JSONParser.parse(revealed.stdout)["profile"]?["secret"] == "fiq_YOUR_API_KEY")
    }

    @Test func badCommandsExitTwoWithTheReasonOnStandardError() throws {
        let unknown = try wacon(["import", "curl", "-"], stdin: "curl https://api.example.com/send -H 'Authorization: Bearer sk_secret_value' -d '{}'\n")
        #expect(unknown.status == 2)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr.contains("wacon: import curl: unknown host api.example.com; wacon knows graph.facebook.com"), "\(unknown.stderr)")
        #expect(!unknown.stderr.contains("sk_secret_value"))

        let form = try wacon(["import", "curl"], stdin: "curl -X POST \\\n  -F file=@a.png https://api.flowiq.live/send-whatsapp")
        #expect(form.status == 2)
        #expect(form.stderr.contains("line 2, column 3: -F is not supported"), "\(form.stderr)")

        let missing = try wacon(["import", "curl", "/nonexistent/curl.sh"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/curl.sh: No such file or directory"), "the reason, not just that it failed")

        let gateway = try wacon(["import", "curl", "--gateway", "twilio"], stdin: "curl x")
        #expect(gateway.status == 2)
        #expect(gateway.stderr.contains("unknown gateway \"twilio\""))
    }

    @Test func differencesAreListed() throws {
        let r = try wacon(["import", "curl", "--json"], stdin: """
            curl https://waofficial-rm.botika.online/api/whatsapp/v1/messages -H 'Authorization: Bearer tok' \\
              -d '{"to": "+6282112345678", "type": "text", "text": {"body": "hi"}}'
            """)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try JSONParser.parse(r.stdout)
        #expect(out["exact"] == .bool(false))
        #expect(out["differences"] == [["place": "header Content-Type", "pasted": "application/x-www-form-urlencoded", "wacon": "application/json"]])
    }

    /// `$'…'` escapes are bytes of UTF-8 text, as bash sends them: `\xc3\xa9` and `\303\251` are
    /// one `é` each, not two Latin-1 letters; bytes that are not UTF-8 stop the import.
    @Test func ansiCQuotedBytesAreUTF8() throws {
        let curl = #"""
            curl https://graph.facebook.com/v23.0/1065/messages -H 'Authorization: Bearer t' -H 'Content-Type: application/json' \
              -d $'{"messaging_product": "whatsapp", "to": "+16505551234", "type": "text", "text": {"body":"caf\xc3\xa9 \303\251"}}'
            """#
        let r = try wacon(["import", "curl", "--json"], stdin: curl)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try JSONParser.parse(r.stdout)
        #expect(out["message"]?["text"]?["body"] == "café é")
        #expect(out["exact"] == .bool(true))

        let lone = try wacon(["import", "curl"], stdin: curl.replacingOccurrences(of: #"\xa9"#, with: ""))
        #expect(lone.status == 2)
        #expect(lone.stderr.contains("line 2, column 100: the bytes escaped from here in $'…' are not UTF-8 text"), "\(lone.stderr)")
        #expect(lone.stdout.isEmpty)
    }
}
