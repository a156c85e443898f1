import Config
import Foundation
import Import
import Providers
import Testing
import WaconTestSupport
import WhatsAppModel

/// Every parser that reads outside input, fuzzed for a bounded time (`WACON_FUZZ_SECONDS`,
/// 2 s each by default): message JSON, Flow JSON, curl commands, config and theme TOML, vendor
/// responses, webhook bodies, and dialled numbers. No input may crash or hang a parser; what was
/// found once stays in `Tests/FuzzTests/Corpus/` and is parsed on every run.
@Suite(.serialized) struct FuzzTests {
    static func files(_ folder: String, ext: String = "json") -> [[UInt8]] {
        let dir = packageRoot.appendingPathComponent(folder)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix("." + ext) }.sorted()
        return names.compactMap { FileManager.default.contents(atPath: dir.appendingPathComponent($0).path).map { Array($0) } }
    }

    /// The `body` of each corpus file of a gateway.
    static func corpusBodies(_ gateway: GatewayID) -> [[UInt8]] {
        files("Tests/Corpus/\(gateway.rawValue)").compactMap { (try? JSONParser.parse($0))?["body"].map(JSONWriter.compact) }
    }

    static var messages: [OutboundMessage] { files("examples").compactMap { try? OutboundMessage.parse($0) } }

    @Test func messageJSON() {
        var f = Fuzzer(target: "message", seeds: Self.files("examples") + Self.corpusBodies(.meta))
        let tried = f.run { bytes in
            guard let m = try? OutboundMessage.parse(bytes) else { return }
            for g in GatewayID.allCases { _ = g.gateway.prepare(m, profile: .builtIn(g)) }
        }
        #expect(tried > 100, "the budget let it try \(tried) inputs")
    }

    @Test func gatewayRequestBodies() {
        var seeds: [[UInt8]] = []
        for g in GatewayID.allCases { seeds += Self.corpusBodies(g) }
        var f = Fuzzer(target: "request", seeds: seeds)
        f.run { bytes in
            guard let json = try? JSONParser.parse(bytes) else { return }
            for g in GatewayID.allCases {
                let path = URL(string: g.gateway.endpoint(profile: .builtIn(g)))?.path ?? "/"
                if let read = try? g.gateway.read(body: json, path: path) {
                    _ = g.gateway.messageFindings(read.message, profile: .builtIn(g), options: read.options)
                }
            }
        }
    }

    @Test func flowJSON() {
        var f = Fuzzer(target: "flow", seeds: Self.files("examples/flows"))
        f.run { bytes in
            guard let doc = try? FlowDocument.parse(bytes, fileName: "fuzz.json") else { return }
            let findings = FlowLinter.lint(doc)
            // Positions are asked for, as the CLI prints them.
            for finding in findings.prefix(20) { _ = finding.description }
        }
    }

    @Test func curlCommands() {
        var seeds: [[UInt8]] = []
        for m in Self.messages.prefix(12) {
            for g in GatewayID.allCases {
                if let r = g.gateway.prepare(m, profile: .builtIn(g)).request { seeds.append(Array(RequestFormatter.curl(r, reveal: true).utf8)) }
            }
        }
        seeds.append(Array(#"curl -X POST "https://graph.facebook.com/v23.0/1065/messages" -H 'Authorization: Bearer $TOKEN' -d $'{"messaging_product":"whatsapp","to":"+27123456789","type":"text","text":{"body":"caf\xc3\xa9 \303\251"}}'"#.utf8))
        var f = Fuzzer(target: "curl", seeds: seeds)
        f.run { bytes in
            _ = try? CurlImport.parse(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func configAndThemeTOML() {
        let config = """
            [profiles.prod]
            gateway = "meta"
            phone_number_id = "106540352242922"
            api_version = "v23.0"
            business_number = "+27 21 555 0100"
            secret = "env:META_TOKEN"

            [profiles.kaleyra-in]
            gateway = "kaleyra"
            sid = "HXAP16XXXXXX97IN"
            pod = "IN"
            phone_number = "+919876500000"
            secret = "env:KALEYRA_KEY"
            wa_source = "api"

            [history]
            path = "history.sqlite"
            max_entries = 1000

            [console]
            theme = "light"

            [keys]
            send = ["ctrl-t", "f5"]
            quit = "ctrl-q"
            """
        var f = Fuzzer(target: "config", seeds: [Array(config.utf8)] + Self.files("Sources/Config/Themes", ext: "toml"))
        f.run { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            _ = try? Config.parse(text, file: "/tmp/wacon-fuzz/config.toml", environment: [:])
            _ = try? ThemeFile.parse(text, file: "fuzz.toml")
        }
    }

    @Test func vendorResponses() {
        var seeds: [[UInt8]] = []
        let m = Self.messages.first { $0.kind == .text }!
        for g in GatewayID.allCases {
            let e = g.gateway.emulation
            seeds.append(e.accepted(id: e.newMessageID(), recipient: EmulatedRecipient(digits: "27825550100", userID: "ZA.1"), message: m).body)
            seeds.append(e.unauthorized().body)
            seeds.append(e.invalid(Finding(.error, "text.body", .maxLength, "too long")).body)
            for entry in MetaErrorCatalogue.entries.prefix(8) { seeds.append(e.relay(entry).body) }
        }
        var f = Fuzzer(target: "response", seeds: seeds)
        var rng = SplitMix64(seed: 7)
        let statuses = [200, 201, 202, 400, 401, 403, 404, 429, 500, 502, 503]
        f.run { bytes in
            for g in GatewayID.allCases {
                _ = g.gateway.decode(WireResponse(status: statuses[rng.below(statuses.count)], headers: [("Retry-After", "2")], body: bytes))
            }
        }
    }

    @Test func webhookBodies() {
        var seeds: [[UInt8]] = []
        let m = Self.messages.first { $0.kind == .text }!
        for g in GatewayID.allCases {
            for status in ["sent", "delivered", "read", "failed"] {
                let s = EmulatedStatus(messageID: "wamid.HBgLMjc4MjU1NTAxMDAVAgARGBI5", recipient: EmulatedRecipient(digits: "27825550100", userID: "ZA.04719394025519283746"), message: m, options: VendorOptions(),
                                       status: status, error: status == "failed" ? MetaErrorCatalogue.entries.first : nil, date: Date(timeIntervalSince1970: 1_764_000_000))
                seeds.append(JSONWriter.compact(g.gateway.emulation.statusCallback(s, account: .builtIn(g))))
            }
        }
        seeds.append(Array(#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15551234567","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Thandi"},"wa_id":"27825550100"}],"messages":[{"from":"27825550100","id":"wamid.X","timestamp":"1764000000","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent","response_json":"{\"flow_token\":\"t\",\"name\":\"T\"}"}},"context":{"id":"wamid.Y"}}]},"field":"messages"}]}]}"#.utf8))
        // The webhook corpus: every field and shape the event reader knows.
        seeds += Self.files("Tests/Corpus/webhooks")
        var f = Fuzzer(target: "webhook", seeds: seeds)
        f.run { bytes in
            _ = DeliveryStatusParser.parse(bytes)
            for g in GatewayID.allCases { _ = DeliveryStatusParser.parse(bytes, gateway: g) }
            _ = InboundMessageParser.parse(bytes)
            _ = try? WebhookBodyReader.read(bytes)
            for g in GatewayID.allCases { _ = try? WebhookBodyReader.read(bytes, gateway: g) }
        }
    }

    @Test func dialledNumbers() {
        let seeds = ["+27 82 555 0100", "+44 (0) 7700 900123", "16505551234", "0825550100", "+225 07 12 34 56 78", "00 39 06 1234 5678", "+1-000-000-0000"]
        var f = Fuzzer(target: "phone", seeds: seeds.map { Array($0.utf8) })
        let business = try? PhoneNumber.parse("+27 21 555 0100").get()
        f.run { bytes in
            let reading = PhoneNumber.read(String(decoding: bytes, as: UTF8.self), businessNumber: business)
            _ = reading.findings(at: "to")
            _ = reading.readAs
        }
    }
}
