import Foundation
import Testing
@testable import Import
@testable import Providers
import WaconTestSupport
import WhatsAppModel

/// One curl example found in a vendor's seed page.
struct SeedCurl: CustomTestStringConvertible, Sendable {
    let seed: String
    /// Which curl in the file, from 1.
    let number: Int
    let command: String
    var testDescription: String { "\(seed) curl #\(number)" }
}

/// The vendors' pages sit beside the package at ../shared/seeds (read-only).
let seedDirectory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds")

let seedFiles: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: seedDirectory.path)) ?? [])
    .filter { $0.hasSuffix(".txt") }.sorted()

func seedText(_ name: String) -> String {
    (try? String(contentsOf: seedDirectory.appendingPathComponent(name), encoding: .utf8)) ?? ""
}

/// Every curl command in every seed, found by the library's own extractor.
let seedCurls: [SeedCurl] = seedFiles.flatMap { file in
    CurlImport.commands(in: seedText(file)).enumerated().map { SeedCurl(seed: file, number: $0.offset + 1, command: $0.element) }
}

/// Imports `command`, returning the error it throws (nil when it imports).
func importError(_ command: String, gateway: GatewayID? = nil) -> CurlImportError? {
    do {
        _ = try CurlImport.parse(command, gateway: gateway)
        return nil
    } catch {
        return error
    }
}

@Suite struct CurlImportSeedTests {
    @Test func everyCurlInTheSeedsIsFound() throws {
        #expect(seedFiles.count == 5)
        // Counted independently of the extractor: lines whose first word is curl.
        let curlLines = seedFiles.map { seedText($0).split(separator: "\n").filter { $0.hasPrefix("curl ") }.count }
        #expect(curlLines == [3, 2, 1, 2, 1])
        #expect(seedCurls.count == 9)
        #expect(seedFiles.map { f in seedCurls.filter { $0.seed == f }.count } == curlLines)
        for c in seedCurls {
            #expect(c.command.hasPrefix("curl "))
            // Each command runs to its closing quote, and not into the response printed after it.
            #expect(c.command.hasSuffix("'"), "\(c.testDescription) ends with \(c.command.suffix(20))")
        }
    }

    /// The acceptance point: parse, detect the gateway, re-encode with a profile built from the
    /// imported facts, and get back the command's method, URL, headers and body (as JSON).
    @Test(arguments: seedCurls.filter { $0.seed.hasPrefix("000") || $0.seed.hasPrefix("001") })
    func flowIQSeedExamplesImportExactly(_ c: SeedCurl) throws {
        let imported = try CurlImport.parse(c.command)
        #expect(imported.gateway == .flowiq)
        #expect(imported.method == "POST")
        #expect(imported.url == "https://api.flowiq.live/send-whatsapp")
        try expectRoundTrip(c.command, imported)
        #expect(imported.differences.isEmpty, "\(imported.differences)")
        // The seeds' keys are placeholders, and the import says so.
        #expect(imported.notes.contains { $0.contains("placeholder") })
        #expect(imported.facts.secretHeader == "Authorization")
        #expect(imported.facts.tenantID == nil, "the seed's curl has no tenantId query")
    }

    @Test func flowIQSeedMessagesAreTheDocumentedKinds() throws {
        let kinds = try seedCurls.filter { $0.seed.hasPrefix("00") && $0.seed < "002" }.map { try CurlImport.parse($0.command).message.kind }
        #expect(kinds == [.text, .button, .button, .audio, .contacts])
        let audio = try CurlImport.parse(seedCurls[3].command)
        #expect(audio.message.replyTo == "wamid.HBgLMjc4MTIzNDU2NzgVAgASGBQzRUI...")
        #expect(audio.secret == .inline("<token>"))
    }

    /// Botika's example annotates its body with `#` comments, leaves out two commas, and shows
    /// both header alternatives at once ("type": "media | text" with both "media" and "text").
    /// wacon reads it (comments removed, lenient JSON) as the text header; re-encoding sends
    /// `type: "text"` and no `media`. Those two fields are the whole documented difference.
    @Test func botikaSeedImportsWithTheHeaderAlternativeResolved() throws {
        let c = try #require(seedCurls.first { $0.seed.hasPrefix("002") })
        let imported = try CurlImport.parse(c.command)
        #expect(imported.gateway == .botika)
        #expect(imported.url == "https://waofficial-rm.botika.online/api/whatsapp/v1/messages")
        #expect(imported.message.kind == .flow)
        #expect(imported.message.replyTo == "{{ MESSAGE_ID }}")
        #expect(imported.secret == .inline("{{ API_TOKEN }}"))
        let note = try #require(imported.notes.first { $0.hasPrefix("the body is not valid JSON") })
        #expect(note.contains("removed the comment(s) on body line(s) 14, 15"), "\(note)")
        #expect(note.contains("lenient mode"))
        #expect(imported.differences == [
            ImportDifference(.body("flow.param.header.type"), pasted: #""media | text""#, wacon: #""text""#),
            ImportDifference(.body("flow.param.header.media"), pasted: #""URL_IMAGE""#, wacon: nil),
        ])
        // Everything else round-trips: method, URL, headers, and the body once the header is resolved.
        var body = try pastedBody(c.command)
        body = try replacing(body, path: ["flow", "param", "header"], with: ["type": "text", "text": "TEXT_HEADER"])
        try expectRoundTrip(c.command, imported, body: body)
    }

    /// Kaleyra's "Request Format" block is a template: its host is `<api_domain>`.
    @Test func kaleyraRequestFormatTemplateNamesItsPlaceholderHost() throws {
        let c = try #require(seedCurls.first { $0.seed.hasPrefix("003") && $0.number == 1 })
        #expect(c.command.contains("https://<api_domain>/v2/<sid>/whatsapp/<phone_number>/messages"))
        let error = try #require(importError(c.command))
        #expect(error == .unknownHost("<api_domain>", known: CurlImport.knownHosts.map(\.host)))
        #expect(error.description.contains("placeholder"))
        #expect(error.description.contains("api.in.kaleyra.io"))
    }

    /// Kaleyra's sample request elides the flow parameters (`.../*refer to … */"`) and closes
    /// two braces too many: its body is not JSON in any mode. The import gets as far as the URL
    /// and headers and stops at the elision, naming the line of the body.
    @Test func kaleyraSampleRequestStopsAtTheElidedParameters() throws {
        let c = try #require(seedCurls.first { $0.seed.hasPrefix("003") && $0.number == 2 })
        let error = try #require(importError(c.command))
        guard case .bodyNotJSON(let json, let at) = error else { Issue.record("unexpected \(error)"); return }
        #expect(json.line == 22 && json.column == 1, "\(json)")
        #expect(json.reason.contains("'.'"))
        #expect(at == SourcePosition(line: 6, column: 4))
        let bodyLine = try pastedBodyText(c.command).split(separator: "\n", omittingEmptySubsequences: false)[json.line - 1]
        #expect(bodyLine.hasPrefix(".../*refer to Flow message documentation"))
        #expect(!error.description.contains("Axxxxxxx"), "the error must not quote the api-key")
        // The same command with its elision filled in imports exactly: the rest is sound.
        let repaired = c.command
            .replacingOccurrences(of: #".../*refer to Flow message documentation" for details about how to build a Flow message*/""#,
                                  with: #""flow_message_version": "3", "flow_id": "1234567890", "flow_cta": "Open""#)
            .replacingOccurrences(of: "}\n}\n}\n}\n}\n},\n\"extra_info\"", with: "}\n}\n}\n},\n\"extra_info\"")
        let imported = try CurlImport.parse(repaired)
        #expect(imported.gateway == .kaleyra)
        #expect(imported.facts.sid == "HXAP16XXXXXX97IN")
        #expect(imported.facts.pod == .IN)
        #expect(imported.facts.senderNumber == "+91XXXXXXXXXX")
        #expect(imported.facts.secretHeader == "api-key")
        #expect(imported.options == VendorOptions(["ref": "customer1", "ref1": "marketing", "ref2": "dictionary", "wa_source": "api"]))
        #expect(imported.message.kind == .flow)
        try expectRoundTrip(repaired, imported)
        #expect(imported.differences.isEmpty, "\(imported.differences)")
    }

    /// Zixflow's example is the schema, not a message: `<string>` everywhere and empty objects
    /// for header, body, footer and action. It is JSON, and Zixflow's reader takes it as an
    /// interactive message of an unknown type ("<string>") to a recipient "<string>". Re-encoding
    /// shows the two documented differences: an unknown interactive type has no reply-buttons
    /// endpoint, and the recipient gets the `+` the reader adds to digits-only numbers.
    @Test func zixflowSchemaExampleImportsWithItsPlaceholdersShowing() throws {
        let c = try #require(seedCurls.first { $0.seed.hasPrefix("004") })
        let imported = try CurlImport.parse(c.command)
        #expect(imported.gateway == .zixflow)
        #expect(imported.message.kind == .otherInteractive)
        #expect(imported.facts.workspaceID == "<x-workspace-id>")
        #expect(imported.facts.phoneID == "<string>")
        #expect(imported.secret == .inline("<x-api-key>"))
        #expect(imported.options == VendorOptions(["post_back_url": "<string>", "post_back_data": "<string>"]))
        let endpoint = "https://api-ai.zixflow.com/api/ingest/whatsapp/v1/message/"
        #expect(imported.differences == [
            ImportDifference(.url, pasted: endpoint + "interactive/reply-buttons/send", wacon: endpoint + "interactive.other/send"),
            ImportDifference(.body("recipient"), pasted: #""<string>""#, wacon: #""+<string>""#),
        ])
        // With its placeholders filled in, the same command imports exactly, facts and all.
        let filled = c.command
            .replacingOccurrences(of: #""recipient": "<string>""#, with: #""recipient": "919876543210""#)
            .replacingOccurrences(of: #""phone_id": "<string>""#, with: #""phone_id": "109876543210""#)
            .replacingOccurrences(of: #""type": "<string>""#, with: #""type": "button""#)
            .replacingOccurrences(of: #""header": {}"#, with: #""header": {"type": "text", "text": "Reminder"}"#)
            .replacingOccurrences(of: #""body": {}"#, with: #""body": {"text": "Can you make it?"}"#)
            .replacingOccurrences(of: #""footer": {}"#, with: #""footer": {"text": "SmileCare"}"#)
            .replacingOccurrences(of: #""action": {}"#, with: #""action": {"buttons": [{"type": "reply", "reply": {"id": "yes", "title": "Yes"}}]}"#)
            .replacingOccurrences(of: #""post_back_url": "<string>""#, with: #""post_back_url": "https://hooks.example.com/z""#)
        let completed = try CurlImport.parse(filled)
        #expect(completed.gateway == .zixflow)
        #expect(completed.facts.workspaceID == "<x-workspace-id>")
        #expect(completed.facts.phoneID == "109876543210")
        #expect(completed.facts.secretHeader == "x-api-key")
        #expect(completed.options.postBackURL == "https://hooks.example.com/z")
        #expect(completed.options.postBackData == "<string>")
        #expect(completed.message.kind == .button)
        #expect(completed.message.to == "+919876543210")
        try expectRoundTrip(filled, completed)
        #expect(completed.differences.isEmpty, "\(completed.differences)")
    }

    @Test func everySeedExampleHasAnAssertedOutcome() {
        // Five import exactly; Botika's and Zixflow's with the two differences each asserted
        // above; Kaleyra's two stop with the errors asserted above. Nothing is skipped.
        let outcomes = seedCurls.map { c -> String in
            switch importError(c.command) {
            case nil: return (try? CurlImport.parse(c.command))?.isExact == true ? "exact" : "differs"
            case .unknownHost?: return "placeholder host"
            case .bodyNotJSON?: return "body not JSON"
            case let other?: return "\(other)"
            }
        }
        #expect(outcomes == ["exact", "exact", "exact", "exact", "exact", "differs", "placeholder host", "body not JSON", "differs"])
    }
}

// MARK: - Round-trip helpers

/// The command's body text, as curl would send it.
func pastedBodyText(_ command: String) throws -> String {
    let shell = try ShellWords.firstCommand(in: command)
    return try #require(try CurlInvocation(shell.words.dropFirst()).body)
}

/// The command's body as JSON (comments removed, lenient), read here without the import.
func pastedBody(_ command: String) throws -> JSONValue {
    try JSONParser.parse(JSONComments.strip(Array(try pastedBodyText(command).utf8)).bytes, lenient: true)
}

func replacing(_ value: JSONValue, path: [String], with new: JSONValue) throws -> JSONValue {
    guard let key = path.first else { return new }
    var o = try #require(value.objectValue)
    o[key] = try replacing(try #require(o[key]), path: Array(path.dropFirst()), with: new)
    return .object(o)
}

/// Re-encodes the imported message with a profile built from the imported facts and secret,
/// and checks the request against the command itself: method, URL, every header (by name,
/// case-insensitively) and the body as a JSON value.
func expectRoundTrip(_ command: String, _ imported: ImportedRequest, body: JSONValue? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
    let shell = try ShellWords.firstCommand(in: command)
    let curl = try CurlInvocation(shell.words.dropFirst())
    let profile = imported.profile(named: "imported", secret: imported.secret)
    let wire = imported.gateway.gateway.encode(imported.message, profile: profile, options: imported.options)
    #expect(wire.method == curl.method, sourceLocation: sourceLocation)
    #expect(wire.url == curl.url?.text, sourceLocation: sourceLocation)
    #expect(wire.headers.map { $0.name.lowercased() }.sorted() == curl.headers.map { $0.name.lowercased() }.sorted(), sourceLocation: sourceLocation)
    for h in wire.headers {
        #expect(curl.header(h.name)?.value == h.value, "header \(h.name)", sourceLocation: sourceLocation)
    }
    let expected = try body ?? JSONParser.parse(try #require(curl.body))
    #expect(wire.bodyJSON == expected, "\(JSONWriter.prettyString(wire.bodyJSON))", sourceLocation: sourceLocation)
}

// MARK: - Shell words

@Suite struct ShellWordsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let words: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "multiple blanks and tabs", input: "curl   -s\t\t-X  POST ", words: ["curl", "-s", "-X", "POST"]),
        Case(name: "single quotes keep everything", input: #"curl 'a "b" \n $X'"#, words: ["curl", #"a "b" \n $X"#]),
        Case(name: "double quotes with escapes", input: #"curl "a \"b\" \\ \$X \n \`""#, words: ["curl", #"a "b" \ $X \n `"#]),
        Case(name: "unquoted backslash escapes", input: #"curl a\ b \'c"#, words: ["curl", "a b", "'c"]),
        Case(name: "quotes glue into one word", input: #"curl 'a'"b"c"#, words: ["curl", "abc"]),
        Case(name: "backslash-newline continues", input: "curl \\\n  -s \\\n  x", words: ["curl", "-s", "x"]),
        Case(name: "CRLF line ends", input: "curl \\\r\n  -d '{\r\n}' \\\r\n  x\r\n", words: ["curl", "-d", "{\n}", "x"]),
        Case(name: "continuation inside double quotes", input: "curl \"a\\\nb\"", words: ["curl", "ab"]),
        Case(name: "newline inside single quotes is kept", input: "curl 'a\nb'", words: ["curl", "a\nb"]),
        Case(name: "ANSI-C quoting", input: #"curl $'a\nb\x41\'c\t\u00e9\101'"#, words: ["curl", "a\nbA'c\t\u{e9}A"]),
        Case(name: "leading prompt", input: "$ curl -s x", words: ["curl", "-s", "x"]),
        Case(name: "blank and comment lines before", input: "\n# send a text\n\n  curl x # trailing comment", words: ["curl", "x"]),
        Case(name: "hash inside a word", input: "curl a#b", words: ["curl", "a#b"]),
        Case(name: "documentation placeholders", input: "curl https://<api_domain>/v2/<sid>/x -H 'k: <v>'", words: ["curl", "https://<api_domain>/v2/<sid>/x", "-H", "k: <v>"]),
        Case(name: "redirections are not words", input: "curl x > out.json 2>/dev/null -s", words: ["curl", "x", "-s"]),
        Case(name: "a pipe ends the command", input: "curl x | jq .", words: ["curl", "x"]),
        Case(name: "an empty quoted word", input: "curl '' \"\"", words: ["curl", "", ""]),
    ]

    @Test(arguments: cases)
    func splits(_ c: Case) throws {
        #expect(try ShellWords.split(c.input) == c.words)
    }

    @Test func terminatorsRedirectionsAndRemainder() throws {
        let piped = try ShellWords.firstCommand(in: "curl x && echo done")
        #expect(piped.terminator == "&&")
        #expect(piped.terminatorPosition == SourcePosition(line: 1, column: 8))
        #expect(piped.remainder == " echo done")
        let redirected = try ShellWords.firstCommand(in: "curl x > out.json 2>/dev/null")
        #expect(redirected.redirections == [">out.json", ">/dev/null"])
        let lines = try ShellWords.firstCommand(in: "curl x\n{\"ok\": true}")
        #expect(lines.terminator == "\n")
        #expect(lines.remainderLine == 2)
    }

    @Test func positionsAndExpansions() throws {
        let cmd = try ShellWords.firstCommand(in: "curl \\\n  -H \"Authorization: Bearer $TOKEN\" \\\n  -H 'x: $NOT' ${URL}")
        #expect(cmd.words.map(\.position) == [SourcePosition(line: 1, column: 1), SourcePosition(line: 2, column: 3),
                                              SourcePosition(line: 2, column: 6), SourcePosition(line: 3, column: 3),
                                              SourcePosition(line: 3, column: 6), SourcePosition(line: 3, column: 16)])
        #expect(cmd.words.map(\.hasExpansion) == [false, false, true, false, false, true])
        #expect(try ShellWords.firstCommand(in: "curl 'a$b' \"$\" a\\$b").words.map(\.hasExpansion) == [false, false, false, false])
    }

    @Test func unterminatedQuotesSayWhereTheyOpened() {
        for (input, quote, column) in [("curl -d 'abc", "'", 9), ("curl \"abc", "\"", 6), ("curl $'abc", "$'", 6)] {
            #expect(throws: CurlImportError.unterminatedQuote(quote: quote, at: SourcePosition(line: 1, column: column))) {
                try ShellWords.split(input)
            }
        }
        #expect(throws: CurlImportError.unterminatedQuote(quote: "'", at: SourcePosition(line: 2, column: 6))) {
            try ShellWords.split("curl \\\n  -d '{\n}")
        }
    }

    @Test func extractsCommandsFromAPage() {
        let page = """
            Send a text:

            $ curl -X POST https://api.flowiq.live/send-whatsapp \\
                -d '{"a": "it'\\''s"}'
            {"success": true}
            Don't forget the key. curl is also shown inline here.
            curl https://example.com | jq .
            """
        #expect(CurlImport.commands(in: page) == [
            "$ curl -X POST https://api.flowiq.live/send-whatsapp \\\n    -d '{\"a\": \"it'\\''s\"}'",
            "curl https://example.com",
        ])
    }
}

// MARK: - Errors

@Suite struct CurlImportErrorTests {
    static let flowiq = "https://api.flowiq.live/send-whatsapp"
    static let text = #"'{"phone_number": "+27123456789", "message_type": "text", "text": "hi"}'"#

    @Test func eachErrorSaysWhatAndWhere() throws {
        let at = { (line: Int, column: Int) in SourcePosition(line: line, column: column) }
        let cases: [(String, CurlImportError)] = [
            ("  \n# nothing\n", .empty),
            ("wget https://x", .notCurl(command: "wget", at: at(1, 1))),
            ("curl \(Self.flowiq)\n  -d \(Self.text)", .missingLineContinuation(line: 2)),
            ("curl \(Self.flowiq) -H", .missingValue(option: "-H", at: at(1, 44))),
            ("curl --frobnicate \(Self.flowiq)", .unknownOption("--frobnicate", at: at(1, 6))),
            ("curl -Z \(Self.flowiq)", .unknownOption("-Z", at: at(1, 6))),
            ("curl --header=Authorization:secret \(Self.flowiq)", .unknownOption("--header=", at: at(1, 6))),
            ("curl -F a=b \(Self.flowiq)", .unsupportedOption("-F", at: at(1, 6), reason: CurlInvocation.form)),
            ("curl --form a=b \(Self.flowiq)", .unsupportedOption("--form", at: at(1, 6), reason: CurlInvocation.form)),
            ("curl -d @body.json \(Self.flowiq)", .readsFile(option: "-d", at: at(1, 9))),
            ("curl --json @- \(Self.flowiq)", .readsFile(option: "--json", at: at(1, 13))),
            ("curl -H @headers.txt \(Self.flowiq)", .readsFile(option: "-H", at: at(1, 9))),
            ("curl -H 'Bearer abc' \(Self.flowiq)", .malformedHeader(at: at(1, 9))),
            ("curl -d \(Self.text)", .missingURL),
            ("curl \(Self.flowiq) https://api.flowiq.live/other", .secondURL(at: at(1, 44))),
            ("curl ftp://example.com/x -d \(Self.text)", .invalidURL("ftp://example.com/x", reason: "wacon imports http:// and https:// URLs")),
            ("curl https:///send-whatsapp -d \(Self.text)", .invalidURL("https:///send-whatsapp", reason: "it has no host")),
            ("curl https://api.example.com/send -d \(Self.text)", .unknownHost("api.example.com", known: CurlImport.knownHosts.map(\.host))),
            ("curl https://graph.facebook.com/v23.0/me -d \(Self.text)", .unexpectedPath(gateway: .meta, path: "/v23.0/me", expected: "/{version}/{phone-number-id}/messages")),
            ("curl http://localhost:8080/nothing/here -d \(Self.text)", .unknownEndpoint(path: "/nothing/here")),
            ("curl \(Self.flowiq) -H 'Authorization: Bearer x'", .missingBody),
        ]
        for (command, expected) in cases {
            #expect(importError(command) == expected, "\(command)")
        }
    }

    @Test func messagesAreReadable() {
        #expect(importError("curl -X POST \\\n  -F a=b \(Self.flowiq)")?.description
                == "line 2, column 3: -F is not supported: the gateways take a JSON body; this sends a form")
        #expect(importError("curl --data={} \(Self.flowiq)")?.description
                == "line 1, column 6: unknown option --data=…; curl takes the value as the next word: --data VALUE")
        #expect(importError("curl \(Self.flowiq)\n  -d \(Self.text)")?.description
                == "line 2 starts with an option, but line 1 does not end with a backslash, so a shell would run it as a separate command")
        let host = importError("curl https://api.example.com/send -d \(Self.text)")?.description ?? ""
        #expect(host.hasPrefix("unknown host api.example.com; wacon knows graph.facebook.com, api.in.kaleyra.io, api.ap.kaleyra.io, api.kaleyra.io, api.eu.kaleyra.io, api.na.kaleyra.ai, api.flowiq.live, waofficial-rm.botika.online, api-ai.zixflow.com"))
    }

    @Test func bodyErrorsNameTheBodyPosition() throws {
        let error = try #require(importError("curl \(Self.flowiq) \\\n  -d '{\n  \"phone_number\": +27}'"))
        guard case .bodyNotJSON(let json, let at) = error else { Issue.record("unexpected \(error)"); return }
        #expect(json.line == 2 && json.column == 19)
        #expect(at == SourcePosition(line: 2, column: 6))
        #expect(error.description.hasPrefix("the body (the data starting at line 2, column 6) is not JSON, even leniently: body line 2, column 19:"))

        let unreadable = try #require(importError(#"curl \#(Self.flowiq) -d '{"phone_number": "+1", "message_type": "poll"}'"#))
        guard case .unreadableBody(.flowiq, let decoding) = unreadable else { Issue.record("unexpected \(unreadable)"); return }
        #expect(decoding.path == "message_type")
        #expect(unreadable.description.hasPrefix("the body is not a FlowIQ message: message_type: unknown message_type \"poll\""))
    }

    @Test func noErrorQuotesTheSecret() {
        let secret = "sk_live_DO_NOT_PRINT_1234567890"
        let commands = [
            "curl -u admin:\(secret) \(Self.flowiq)",
            "curl -H 'Authorization Bearer \(secret)' \(Self.flowiq)",
            "curl --header=Authorization:\(secret) \(Self.flowiq)",
            "curl https://admin:\(secret)@api.flowiq.live/send-whatsapp -d \(Self.text)",
            "curl -H 'Authorization: Bearer \(secret)' https://api.example.com/x -d \(Self.text)",
            "curl -H 'Authorization: Bearer \(secret)' \(Self.flowiq)",
            "curl -H 'Authorization: Bearer \(secret)' \(Self.flowiq) -d '{'",
            "curl -H 'Authorization: Bearer \(secret)' \(Self.flowiq) -d '{\"message_type\": 1}'",
        ]
        for command in commands {
            let error = importError(command)
            #expect(error != nil, "\(command)")
            #expect(!(error?.description.contains("DO_NOT_PRINT") ?? false), "\(command)")
        }
    }
}

// MARK: - Import

@Suite struct CurlImportTests {
    @Test func metaFromGraphURL() throws {
        let imported = try CurlImport.parse("""
            curl 'https://graph.facebook.com/v23.0/106540352242922/messages' \\
              -H 'Authorization: Bearer EAAJBsecretsecretsecret' \\
              -H 'Content-Type: application/json' \\
              -d '{ "messaging_product": "whatsapp", "to": "+1 650-555-1234", "type": "text", "text": { "body": "hello" } }'
            """)
        #expect(imported.gateway == .meta)
        #expect(imported.facts.phoneNumberID == "106540352242922")
        #expect(imported.facts.apiVersion == "v23.0")
        #expect(imported.facts.baseURL == nil)
        #expect(imported.secret == .inline("EAAJBsecretsecretsecret"))
        #expect(imported.maskedSecret == "••••cret")
        #expect(imported.message.kind == .text)
        // wacon writes the recipient in E.164, whatever dialable form the command used.
        #expect(imported.differences == [ImportDifference(.body("to"), pasted: #""+1 650-555-1234""#, wacon: #""+16505551234""#)])
        #expect(!imported.description.contains("EAAJB"))
        #expect(imported.description.contains("phone_number_id=106540352242922"))
    }

    @Test func kaleyraPodSIDAndSenderFromTheURL() throws {
        let imported = try CurlImport.parse("""
            curl -X POST https://api.ap.kaleyra.io/v2/HXAP1234/whatsapp/%2B6591234567/messages \\
              -H 'Content-Type: application/json' -H 'api-key: A1234567890abcdef' -H 'cache-control: no-cache' \\
              -d '{"messaging_object": {"messaging_product": "whatsapp", "to": "+6598765432", "type": "text", "text": {"body": "hi"}}, "extra_info": {"ref": "r1", "wa_source": "zoho"}}'
            """)
        #expect(imported.gateway == .kaleyra)
        #expect(imported.facts.pod == .SG)
        #expect(imported.facts.sid == "HXAP1234")
        #expect(imported.facts.senderNumber == "+6591234567")
        #expect(imported.options == VendorOptions(["ref": "r1", "wa_source": "zoho"]))
        #expect(imported.facts.entries.map(\.key) == ["sid", "pod", "phone_number"])
        // The command percent-encodes the sending number's +; the server reads the same path.
        #expect(imported.isExact, "\(imported.differences)")
    }

    /// Kaleyra's pages also send to `api.kaleyra.io` (its SG pod) and `api.na.kaleyra.ai` (NA).
    @Test func kaleyraOtherPodDomainsAreRead() throws {
        for (host, pod) in [("api.kaleyra.io", KaleyraPod.SG), ("api.na.kaleyra.ai", .NA)] {
            let imported = try CurlImport.parse("""
                curl -X POST https://\(host)/v2/HXAP1234/whatsapp/+6591234567/messages -H 'api-key: A1234567890abcdef' \\
                  -d '{"messaging_object": {"messaging_product": "whatsapp", "to": "+6598765432", "type": "text", "text": {"body": "hi"}}}'
                """)
            #expect(imported.gateway == .kaleyra, "\(host)")
            #expect(imported.facts.pod == pod, "\(host)")
        }
    }

    @Test func secretFromAShellVariableBecomesAnEnvironmentReference() throws {
        let imported = try CurlImport.parse("""
            curl https://api.flowiq.live/send-whatsapp?tenantId=acme \\
              -H "Authorization: Bearer ${FLOWIQ_KEY}" -H "Content-Type: application/json" \\
              -d '{"phone_number": "+27123456789", "message_type": "text", "text": "hi"}'
            """)
        #expect(imported.secret == .env("FLOWIQ_KEY"))
        #expect(imported.maskedSecret == "env:FLOWIQ_KEY")
        #expect(imported.facts.tenantID == "acme")
        #expect(imported.isExact, "\(imported.differences)")
        #expect(imported.profile(named: "x", secret: imported.secret).findings(environment: [:]).contains { $0.message.contains("FLOWIQ_KEY is not set") })
    }

    @Test func jsonOptionImpliesPostAndContentType() throws {
        let imported = try CurlImport.parse("""
            curl https://waofficial-rm.botika.online/api/whatsapp/v1/messages -H 'Authorization: Bearer tok' \\
              --json '{"to": "+6282112345678", "type": "text", "text": {"body": "hi"}}'
            """)
        #expect(imported.method == "POST")
        #expect(imported.isExact, "\(imported.differences)")
        #expect(imported.notes.contains("ignored the Accept header: wacon's HTTP client sets its own"))
    }

    @Test func dataWithoutContentTypeIsAForm() throws {
        let imported = try CurlImport.parse("""
            curl https://waofficial-rm.botika.online/api/whatsapp/v1/messages -H 'Authorization: Bearer tok' \\
              -d '{"to": "+6282112345678", "type": "text", "text": {"body": "hi"}}'
            """)
        #expect(imported.method == "POST")
        #expect(imported.differences == [ImportDifference(.header("Content-Type"), pasted: "application/x-www-form-urlencoded", wacon: "application/json")])
        #expect(imported.notes.contains { $0.contains("curl would send application/x-www-form-urlencoded") })
    }

    @Test func anExplicitMethodOtherThanPostIsADifference() throws {
        let imported = try CurlImport.parse("""
            curl -X put https://waofficial-rm.botika.online/api/whatsapp/v1/messages -H 'Authorization: Bearer tok' -H 'Content-Type: application/json' \\
              -d '{"to": "+6282112345678", "type": "text", "text": {"body": "hi"}}'
            """)
        #expect(imported.differences == [ImportDifference(.method, pasted: "PUT", wacon: "POST")])
    }

    @Test func harmlessOptionsAreIgnoredAndShortOptionsCluster() throws {
        let imported = try CurlImport.parse("""
            curl -sSL --compressed -k --no-progress-meter -XPOST -o /dev/null --max-time 10 \\
              --url https://waofficial-rm.botika.online/api/whatsapp/v1/messages -HAuthorization:\\ Bearer\\ tok \\
              --header 'Content-Type: application/json' --data-raw '{"to": "+6282112345678", "type": "text", "text": {"body": "@hi"}}' | jq .
            """)
        #expect(imported.isExact, "\(imported.differences)")
        #expect(imported.notes.contains("ignored -o: it does not change what the gateway receives"))
        #expect(imported.notes.contains("ignored --max-time: it does not change what the gateway receives"))
        #expect(imported.notes.contains { $0.hasPrefix("ignored everything after | at line 3") })
    }

    @Test func lenientBodyIsReportedInANote() throws {
        let imported = try CurlImport.parse("""
            curl https://api.flowiq.live/send-whatsapp -H 'Authorization: Bearer fiq_k' -H 'Content-Type: application/json' -d '{
              "phone_number": "+27123456789"
              "message_type": "text",
              "text": "hi"
            }'
            """)
        #expect(imported.isExact)
        #expect(imported.notes == ["the body is not valid JSON (body line 3, column 3: unexpected '\"', expected ',' or '}'); wacon read it in lenient mode (missing commas between members)"])
    }

    @Test func sandboxURLsFindTheGatewayByPath() throws {
        let imported = try CurlImport.parse("""
            curl http://127.0.0.1:8089/v23.0/1065/messages -H 'Authorization: Bearer t' -H 'Content-Type: application/json' \\
              -d '{"to": "+27123456789", "type": "text", "text": {"body": "hi"}}'
            """)
        #expect(imported.gateway == .meta)
        #expect(imported.facts.baseURL == "http://127.0.0.1:8089")
        #expect(imported.isExact, "\(imported.differences)")
    }

    @Test func aNamedGatewayTakesAProxyURL() throws {
        let command = """
            curl https://proxy.example.com/wa/send-whatsapp?tenantId=acme -H 'Authorization: Bearer fiq_k' -H 'Content-Type: application/json' \\
              -d '{"phone_number": "+27123456789", "message_type": "text", "text": "hi"}'
            """
        #expect(importError(command) == .unknownHost("proxy.example.com", known: CurlImport.knownHosts.map(\.host)))
        let imported = try CurlImport.parse(command, gateway: .flowiq)
        #expect(imported.facts.baseURL == "https://proxy.example.com/wa")
        #expect(imported.facts.tenantID == "acme")
        #expect(imported.isExact, "\(imported.differences)")
        #expect(importError(command, gateway: .botika) == .unexpectedPath(gateway: .botika, path: "/wa/send-whatsapp", expected: "/api/whatsapp/v1/messages"))
    }

    @Test func secretsStayInTheSecretField() throws {
        let secret = "fiq_live_DO_NOT_PRINT_123456"
        // No "Bearer " and an unknown header carrying the same key: both are differences, masked.
        let imported = try CurlImport.parse("""
            curl https://api.flowiq.live/send-whatsapp -H 'Authorization: \(secret)' -H 'X-Api-Key: \(secret)' -H 'Content-Type: application/json' \\
              -d '{"phone_number": "+27123456789", "message_type": "text", "text": "hi"}'
            """)
        #expect(imported.secret == .inline(secret))
        #expect(imported.differences.map(\.place) == [.header("Authorization"), .header("X-Api-Key")])
        let printed = [imported.description] + imported.notes + imported.differences.map(\.description)
        for line in printed { #expect(!line.contains("DO_NOT_PRINT"), "\(line)") }
        #expect(imported.differences[0] == ImportDifference(.header("Authorization"), pasted: "••••3456", wacon: "Bearer ••••3456"))
    }

    /// Body differences are `JSONDiff`'s: a key that is not a plain name is quoted in the path,
    /// so `a.b` the key and `a` → `b` the members cannot be confused.
    @Test func bodyDifferencesAreJSONDiffs() throws {
        let imported = try CurlImport.parse("""
            curl https://api.flowiq.live/send-whatsapp -H 'Authorization: Bearer fiq_k' -H 'Content-Type: application/json' \\
              -d '{"phone_number": "+27123456789", "message_type": "text", "text": "hi", "odd key": 1, "a.b": {"c": [1, 2.0]}}'
            """)
        let body = try pastedBody(#"curl -d '{"phone_number": "+27123456789", "message_type": "text", "text": "hi", "odd key": 1, "a.b": {"c": [1, 2.0]}}'"#)
        let wire = imported.gateway.gateway.encode(imported.message, profile: imported.profile(named: "p", secret: imported.secret), options: imported.options)
        #expect(imported.differences == JSONDiff(old: body, new: wire.bodyJSON).changes.map { ImportDifference(.body($0.path), pasted: $0.oldJSON, wacon: $0.newJSON) })
        #expect(imported.differences.map(\.description) == [
            #"body ["odd key"]: the command sends 1; wacon leaves it out"#,
            #"body ["a.b"]: the command sends {"c":[1,2.0]}; wacon leaves it out"#,
        ])
    }

    /// What `wacon preview --format curl` prints imports back exactly, for every kind each
    /// gateway carries: the importer reads what wacon writes.
    @Test(arguments: GatewayID.allCases)
    func previewCurlImportsBack(_ id: GatewayID) throws {
        let gateway = id.gateway
        var profile = Profile.builtIn(id)
        profile.defaults = id == .kaleyra ? VendorOptions(["ref": "r", "wa_source": "api"])
            : id == .zixflow ? VendorOptions(["post_back_url": "https://hooks.example.com/p", "post_back_data": "d"]) : VendorOptions()
        var count = 0
        for kind in gateway.capabilities.kinds {
            guard let message = sample(kind, for: gateway), gateway.prepare(message, profile: profile).request != nil else { continue }
            let request = gateway.encode(message, profile: profile, options: VendorOptions())
            let imported = try CurlImport.parse(RequestFormatter.curl(request, reveal: true))
            #expect(imported.gateway == id)
            #expect(imported.isExact, "\(kind): \(imported.differences)")
            #expect(imported.message.kind == kind)
            #expect(imported.profile(named: "p", secret: imported.secret).resolvedSecret()?.value == profile.resolvedSecret()?.value)
            count += 1
        }
        #expect(count == gateway.capabilities.kinds.count)
    }
}

/// Meta's Graph API also takes the token in the query; the import treats it as the secret.
@Suite struct QueryTokenImportTests {
    static let body = #"'{"messaging_product":"whatsapp","to":"27825550100","type":"text","text":{"body":"hi"}}'"#

    @Test func anAccessTokenInTheURLIsTheSecretAndIsNeverShown() throws {
        let token = "EAAGm0PX4ZCpsBAKtoken%2Fwith%3Dsigns"
        let command = "curl 'https://graph.facebook.com/v23.0/1065/messages?access_token=\(token)' -H 'Content-Type: application/json' -d \(Self.body)"
        let imported = try CurlImport.parse(command)
        #expect(imported.secret == .inline("EAAGm0PX4ZCpsBAKtoken/with=signs"))
        #expect(imported.facts.secretHeader == "Authorization")
        #expect(imported.notes.contains { $0.contains("access_token") && $0.contains("Authorization") })
        let shown = [imported.url, imported.description] + imported.differences.map(\.description) + imported.notes
        for text in shown {
            #expect(!text.contains("EAAGm0PX4ZCpsBAK") && !text.contains("token/with") && !text.contains("token%2Fwith"), "\(text)")
        }
        #expect(imported.url.hasSuffix("access_token=••••igns"))
        #expect(imported.differences.contains { $0.place == .url }, "wacon sends the URL without the token")
        #expect(!imported.differences.contains { $0.place == .header("Authorization") && $0.pasted != nil })
    }

    @Test func aHeaderTokenStillWinsAndTheQueryIsLeftAlone() throws {
        let command = "curl 'https://graph.facebook.com/v23.0/1065/messages?access_token=QUERYTOKEN123' -H 'Authorization: Bearer HEADERTOKEN456' -H 'Content-Type: application/json' -d \(Self.body)"
        let imported = try CurlImport.parse(command)
        #expect(imported.secret == .inline("HEADERTOKEN456"))
        #expect(imported.url.contains("QUERYTOKEN123"), "not the secret wacon uses: shown as pasted")
    }

    @Test func aQueryValueIsShownEscapedInTheURLDifference() throws {
        let command = "curl 'https://graph.facebook.com/v23.0/1065/messages?note=a%20b%26c' -H 'Authorization: Bearer T0KEN12345' -H 'Content-Type: application/json' -d \(Self.body)"
        let imported = try CurlImport.parse(command)
        let url = try #require(imported.differences.first { $0.place == .url })
        #expect(url.pasted == "https://graph.facebook.com/v23.0/1065/messages?note=a%20b%26c")
    }
}
