import Foundation
import Testing
import WhatsAppModel

/// What a new user meets in the first hour, through the real binary: how a send ended, the
/// history filters, and the README's history examples.
@Suite(.serialized, .timeLimit(.minutes(3))) struct FirstHourHistoryCLITests {
    func historyID(_ stdout: String) -> String? {
        stdout.split(separator: "\n").lazy.compactMap { line in
            line.range(of: "history #").map { String(line[$0.upperBound...].prefix { $0.isNumber }) }
        }.first
    }

    @Test func acceptedThenFailedIsWhatListsFiltersSearchAndExportsShow() throws {
        let env = ["XDG_DATA_HOME": tempDataHome()]
        let sent = try wacon(["send", "examples/text.json", "-g", "meta", "--scenario", "failed-after-accept-131047", "--wait-status"], env: env)
        #expect(sent.status == 5, "\(sent.stdout)\(sent.stderr)")
        let id = try #require(historyID(sent.stdout))
        let ok = try wacon(["send", "examples/text.json", "-g", "meta"], env: env)
        let okID = try #require(historyID(ok.stdout))

        let list = try wacon(["history"], env: env)
        let line = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("#\(id) ") })
        #expect(line.contains("failed 131047 window"), "\(line)")
        for args in [["--outcome", "failed"], ["--code", "131047"], ["--search", "Re-engagement"], ["--outcome", "failed", "--code", "131047"]] {
            let r = try wacon(["history"] + args, env: env)
            #expect(r.status == 0)
            #expect(r.stdout.contains("#\(id) ") && !r.stdout.contains("#\(okID) "), "\(args): \(r.stdout)")
        }
        let accepted = try wacon(["history", "--outcome", "accepted"], env: env)
        #expect(accepted.stdout.contains("#\(okID) ") && !accepted.stdout.contains("#\(id) "))

        let show = try wacon(["history", "show", "#\(id)"], env: env)
        #expect(show.status == 0, "ids are typed as history prints them")
        #expect(show.stdout.contains("outcome: failed  131047"))
        #expect(show.stdout.contains("status  failed: 131047 Re-engagement message (window)"))

        let har = try JSONParser.parse(try wacon(["history", "export", id, "--format", "har"], env: env).stdout)
        let item = try #require(har["log"]?["entries"]?.arrayValue?.first)
        #expect(item["response"]?["status"] == 200)
        #expect(item["_outcome"]?["outcome"] == "failed")
        #expect(item["_outcome"]?["vendor_code"] == "131047")
        let statuses = try #require(item["_statuses"]?.arrayValue)
        #expect(statuses.last?["status"] == "failed")
        #expect(statuses.last?["callback"]?["entry"] != nil, "Meta's webhook as received")
    }

    /// A history file written by an older wacon (schema 1): read as it is, then upgraded by
    /// the next send, after which filters find the sends that failed after acceptance.
    @Test func anOlderHistoryFileKeepsWorking() throws {
        let data = tempDataHome()
        try FileManager.default.createDirectory(atPath: data + "/wacon", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: packageRoot.appendingPathComponent("Tests/Fixtures/history-v1.sqlite").path, toPath: data + "/wacon/history.sqlite")
        let env = ["XDG_DATA_HOME": data]
        let before = try wacon(["history"], env: env)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.split(separator: "\n").filter { $0.contains("failed 131047 window") }.count == 2, "\(before.stdout)")
        #expect(before.stderr.contains("from an older wacon"))
        #expect(try wacon(["history", "show", "#2"], env: env).stdout.contains("outcome: failed  131047"))
        #expect(try wacon(["send", "examples/text.json", "-g", "meta"], env: env).status == 0)
        let after = try wacon(["history", "--outcome", "failed"], env: env)
        #expect(after.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first } == ["#2", "#1"], "\(after.stdout)")
        #expect(!after.stderr.contains("older wacon"))
        #expect(try wacon(["history", "--code", "131047", "--gateway", "zixflow"], env: env).stdout.hasPrefix("#2 "))
    }

    @Test func zixflowsFailurePostbackCarriesTheCode() throws {
        let env = ["XDG_DATA_HOME": tempDataHome()]
        let sent = try wacon(["send", "examples/text.json", "-g", "zixflow", "--scenario", "failed-after-accept-131047", "--wait-status"], env: env)
        #expect(sent.status == 5)
        #expect(sent.stdout.contains("failed  131047 Re-engagement message (window)"), "\(sent.stdout)")
        #expect(!sent.stdout.contains("failed  failed"))
        let r = try wacon(["history", "--gateway", "zixflow", "--code", "131047"], env: env)
        #expect(r.stdout.contains("failed 131047 window"), "\(r.stdout)")
    }

    @Test func filtersReadNumbersAndKindsAndRefuseUnknownValues() throws {
        let env = ["XDG_DATA_HOME": tempDataHome()]
        let text = try wacon(["send", "examples/text.json", "-g", "meta", "--to", "+27 12 345 6789"], env: env)
        let textID = try #require(historyID(text.stdout))
        let list = try wacon(["send", "examples/interactive-list.json", "-g", "meta", "--to", "+44 7700 900123"], env: env)
        let listID = try #require(historyID(list.stdout), "\(list.stdout)\(list.stderr)")
        func ids(_ args: [String]) throws -> [String] {
            let r = try wacon(["history"] + args, env: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return r.stdout.split(separator: "\n").compactMap { $0.hasPrefix("#") ? String($0.dropFirst().prefix { $0.isNumber }) : nil }
        }
        #expect(try ids(["--recipient", "+27"]) == [textID])
        #expect(try ids(["--recipient", "+44"]) == [listID])
        #expect(try ids(["--recipient", "+27 12 345 6789"]) == [textID])
        #expect(try ids(["--kind", "interactive"]) == [listID])
        #expect(try ids(["--search", "to:+27"]) == [textID])
        #expect(try ids(["--search", "to:+44"]) == [listID])
        #expect(try ids(["--search", "to:+27 12 345 6789"]) == [textID])
        #expect(try ids(["--search", "to:+27 12 345 6789 meta"]) == [textID], "the words after the number still filter")

        for (args, names) in [(["--outcome", "bogus"], "failed"), (["--gateway", "nope"], "kaleyra"), (["--kind", "hologram"], "interactive"),
                              (["--since", "yesterday"], "YYYY-MM-DD"), (["--search", "status:bogus"], "rejected")] {
            let r = try wacon(["history"] + args, env: env)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains(names), "\(args): \(r.stderr)")
            #expect(!r.stdout.contains("no entries"))
        }
    }

    /// The README's history examples, each run as written (with this run's ids).
    @Test func theREADMEHistoryExamplesRun() throws {
        let env = ["XDG_DATA_HOME": tempDataHome()]
        let window = try wacon(["send", "examples/text.json", "-g", "meta", "--scenario", "meta-131047"], env: env)
        let a = try #require(historyID(window.stdout))
        let other = try wacon(["send", "examples/text.json", "-g", "kaleyra"], env: env)
        let b = try #require(historyID(other.stdout))

        let byOutcome = try wacon(["history", "--outcome", "window", "--gateway", "meta"], env: env)
        #expect(byOutcome.stdout.contains("#\(a) ") && !byOutcome.stdout.contains("#\(b) "))
        let search = try wacon(["history", "--search", "Re-engagement"], env: env)
        #expect(search.stdout.contains("#\(a) ") && !search.stdout.contains("#\(b) "))
        #expect(try wacon(["history", "show", a], env: env).status == 0)
        let replay = try wacon(["history", "replay", a, "--gateway", "kaleyra"], env: env)
        #expect(replay.stdout.contains("accepted"), "\(replay.stdout)\(replay.stderr)")
        let typo = try wacon(["history", "replay", "#\(a)", "--gateway", "kaleyr"], env: env)
        #expect(typo.status == 2 && typo.stderr.contains("--gateway kaleyr: \"kaleyr\" is not a gateway"), "\(typo.stderr)")
        let har = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-\(UUID().uuidString).har").path
        #expect(try wacon(["history", "export", a, b, "--format", "har", "-o", har], env: env).status == 0)
        let log = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: har))))
        #expect(log["log"]?["entries"]?.arrayValue?.count == 2)
        // The file is there now: a second export leaves it unless --force says otherwise.
        let again = try wacon(["history", "export", a, "--format", "har", "-o", har], env: env)
        #expect(again.status == 2 && again.stderr.contains("exists and was left as it was"), "\(again.stderr)")
        #expect(try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: har))))["log"]?["entries"]?.arrayValue?.count == 2)
        #expect(try wacon(["history", "export", a, "--format", "har", "-o", har, "--force"], env: env).status == 0)
        #expect(try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: har))))["log"]?["entries"]?.arrayValue?.count == 1)
    }
}

/// A draft saved in the console (a message with a top-level `wacon` object) works in the CLI,
/// and a wrong gateway or profile is blamed where it was written.
@Suite(.serialized, .timeLimit(.minutes(2))) struct SavedMessageCLITests {
    /// As the console's Ctrl-O writes it.
    static let saved = """
        {
          "wacon": {
            "format": 1,
            "gateway": "kaleyra",
            "profile": "kaleyra",
            "options": { "ref": "campaign-7" }
          },
          "messaging_product": "whatsapp",
          "to": "+27123456789",
          "type": "text",
          "text": { "body": "Hello" }
        }
        """

    @Test func validatePreviewAndSendReadTheWaconObject() throws {
        let file = try tempFile(Self.saved, ext: "json")
        let validate = try wacon(["validate", file])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        #expect(!validate.stdout.contains("not a field"))
        let preview = try wacon(["preview", file, "--format", "json"])
        #expect(preview.status == 0, "\(preview.stderr)")
        let request = try JSONParser.parse(preview.stdout)
        #expect(request["gateway"] == "kaleyra", "the file's gateway is the default")
        #expect(request["body"]?["extra_info"]?["ref"] == "campaign-7", "the file's vendor options go on the wire")
        #expect(request["body"]?["messaging_object"]?["wacon"] == nil, "wacon's own settings are not part of the message")
        let env = ["XDG_DATA_HOME": tempDataHome()]
        let send = try wacon(["send", file, "--json"], env: env)
        #expect(send.status == 0, "\(send.stderr)")
        #expect(try JSONParser.parse(send.stdout)["gateway"] == "kaleyra")
        // The command line is the later choice: it wins over the file's.
        let throughMeta = try wacon(["preview", file, "-g", "meta", "--format", "json"])
        let meta = try JSONParser.parse(throughMeta.stdout)
        #expect(meta["gateway"] == "meta")
        #expect(!throughMeta.stderr.contains("extra_info"), "the file's Kaleyra options do not follow it to Meta: \(throughMeta.stderr)")
        #expect(try wacon(["preview", file, "-g", "meta", "--ref", "x"]).stderr.contains("extra_info"), "a flag typed for the wrong gateway is still said")
        let flag = try JSONParser.parse(try wacon(["preview", file, "--ref", "other", "--format", "json"]).stdout)
        #expect(flag["body"]?["extra_info"]?["ref"] == "other")
    }

    /// With FILE on the default command, a mistyped command is not taken for a missing file.
    @Test func aMistypedCommandIsNotAFile() throws {
        let r = try wacon(["hisotry"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\"hisotry\" is neither a command nor a file (did you mean history?); commands: console, preview"), "\(r.stderr)")
        // With the command's own arguments after it, and one level down.
        let sned = try wacon(["sned", "examples/text.json"])
        #expect(sned.status == 2 && sned.stderr.contains("\"sned\" is neither a command nor a file (did you mean send?)"), "\(sned.stderr)")
        let lnt = try wacon(["flow", "lnt", "examples/flows/table-booking-endpoint.json"])
        #expect(lnt.status == 2 && lnt.stderr.contains("wacon flow: \"lnt\" is not a command (did you mean lint?); commands: lint, screens"), "\(lnt.stderr)")
        // A file, a command's own words, and options are left to the parser.
        #expect(try wacon(["validate", "examples/text.json"]).status == 0)
        #expect(try wacon(["history", "list", "--json"]).status == 0)
    }

    @Test func aWrongChoiceIsBlamedWhereItWasWritten() throws {
        let file = try tempFile(Self.saved.replacingOccurrences(of: #""profile": "kaleyra""#, with: #""profile": "kaleyra-stage""#), ext: "json")
        let fromFile = try wacon(["send", file])
        #expect(fromFile.status == 2)
        #expect(fromFile.stderr.contains("\(file): wacon.profile: no profile \"kaleyra-stage\""), "\(fromFile.stderr)")
        let gateway = try wacon(["send", "examples/text.json", "-g", "whatsapp"])
        #expect(gateway.status == 2)
        #expect(gateway.stderr.hasPrefix("wacon: --gateway whatsapp: \"whatsapp\" is not a gateway; gateways are meta"), "\(gateway.stderr)")
        #expect(!gateway.stderr.contains("config"), "the command line's value, not the config file")
        let profile = try wacon(["preview", "examples/text.json", "-p", "nope"])
        #expect(profile.status == 2)
        #expect(profile.stderr.contains("--profile nope: no profile \"nope\""), "\(profile.stderr)")
        let both = try wacon(["validate", "examples/text.json", "-g", "kaleyra", "-p", "meta"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("--gateway kaleyra --profile meta: profile \"meta\" is for meta, not kaleyra"), "\(both.stderr)")
    }

    @Test func validateAndPreviewAgreeOnWhatAGatewayCannotCarry() throws {
        let validate = try wacon(["validate", "examples/interactive-list.json", "-g", "botika"])
        let preview = try wacon(["preview", "examples/interactive-list.json", "-g", "botika"])
        #expect(validate.status == 2 && preview.status == 2, "one rule: \(validate.status) vs \(preview.status)")
        #expect(validate.stdout.contains("Botika cannot carry interactive.list"))
        #expect(preview.stderr.contains("Botika cannot carry interactive.list"))
        // Other errors stay exit 1 for both.
        let long = try tempFile(#"{"messaging_product":"whatsapp","to":"+27123456789","type":"text","text":{"body":""}}"#, ext: "json")
        #expect(try wacon(["validate", long, "-g", "botika"]).status == 1)
        #expect(try wacon(["preview", long, "-g", "botika"]).status == 1)
    }
}

@Suite(.timeLimit(.minutes(2))) struct BatchAndGatewaysCLITests {
    /// Every send of a batch on its own numbered line with its recipient, its findings under
    /// it (not on standard error ahead of `[1]`), in order, then a summary line.
    @Test func aBatchPrintsEachSendInOrderWithItsNumberAndASummary() throws {
        let file = try tempFile("+27123456789\n+44 7700 900123\n+49 301\n+15550131047\n", ext: "txt")
        let r = try wacon(["send", "examples/text.json", "-g", "meta", "--recipients", file], env: ["XDG_DATA_HOME": tempDataHome()])
        #expect(r.status == 3)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let numbered = lines.filter { $0.hasPrefix("[") }
        #expect(numbered.map { String($0.prefix(4)) } == ["[1] ", "[2] ", "[3] ", "[4] "])
        #expect(numbered[2].hasPrefix("[3] +49 301  invalid: not sent (1 error(s))"))
        let invalid = try #require(lines.firstIndex { $0.hasPrefix("[3] ") })
        #expect(lines[invalid + 1].hasPrefix("  error: to: +49 needs"), "the error is under its send")
        #expect(!r.stderr.contains("error: to:"))
        #expect(lines.last == "4 sends: 2 accepted, 1 invalid (not sent), 1 rejected")
    }

    @Test func gatewaysSaysHowEachGatewaysStatusesArrive() throws {
        let r = try wacon(["gateways"])
        #expect(r.status == 0)
        let row = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("statuses ") })
        #expect(row.split(separator: " ").dropFirst().map(String.init) == ["webhook", "callback", "-", "-", "postback"], "\(row)")
        let json = try JSONParser.parse(try wacon(["gateways", "--json"]).stdout)
        #expect(json.arrayValue?.first?["id"] == "meta" && json.arrayValue?.first?["statuses"] == "webhook")
    }
}
