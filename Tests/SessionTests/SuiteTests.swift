import Config
import Foundation
import Providers
import Sandbox
import Session
import Testing
import WhatsAppModel

/// Cases against the in-process sandbox (a real HTTP server on loopback, a real history file):
/// each expectation kind passes when the gateway does what it says and fails, with what was
/// expected and what came, when it does not.
@Suite(.timeLimit(.minutes(3))) struct SuiteExpectationTests {
    /// A case from a saved-message JSON text, through the built-in profile of its gateway.
    static func suiteCase(_ json: String, id: Int = 0, file: String = "case.json") throws -> SuiteCase {
        let saved = try SavedMessage.parse(Array(json.utf8))
        var c = SuiteCase(id: id, file: file, saved: saved, profile: .builtIn(saved.gateway ?? .meta))
        if let setup = saved.expect?.given, setup.templates != nil || setup.flow != nil {
            let plan = try SuiteLoader(config: .builtIn).plan([try write(json, name: file)])
            c = plan.cases[0]
            c.id = id
        }
        return c
    }

    /// Writes `json` as `name` in a fresh folder beside copies of the example suite's support
    /// files (so `given.templates` and `given.flow` resolve).
    static func write(_ json: String, name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-suite-\(UUID().uuidString)/meta")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = folder.deletingLastPathComponent()
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: examples.appendingPathComponent("suites/templates/library.json"), to: root.appendingPathComponent("templates/library.json"))
        try FileManager.default.copyItem(at: examples.appendingPathComponent("flows/callback-request.json"), to: root.appendingPathComponent("callback-request.json"))
        let path = folder.appendingPathComponent(name).path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func text(to: String = "+27825550100", expect: String, gateway: String = "meta") -> String {
        #"{"wacon": {"gateway": "\#(gateway)", "expect": \#(expect)}, "messaging_product": "whatsapp", "to": "\#(to)", "type": "text", "text": {"body": "Your parcel leaves today."}}"#
    }

    static func run(_ json: String) async throws -> CaseResult {
        let session = WaconSession(settings: SessionTests.tempSettings())
        let result = await session.runCase(try suiteCase(json))
        await session.close()
        return result
    }

    static func mismatchFields(_ r: CaseResult) -> [String] {
        if case .failed(let m) = r.verdict { return m.map(\.field) }
        return []
    }

    @Test func outcomeAcceptedPassesAndRejectedFails() async throws {
        let pass = try await Self.run(Self.text(expect: #"{"outcome": "accepted"}"#))
        #expect(pass.verdict == .passed)
        #expect(pass.historyID != nil, "every run is recorded in history")
        let fail = try await Self.run(Self.text(expect: #"{"outcome": "rejected"}"#))
        guard case .failed(let m) = fail.verdict else { Issue.record("expected a failure, got \(fail.verdict)"); return }
        #expect(m == [CaseMismatch(field: "outcome", expected: "rejected", actual: "accepted")])
    }

    @Test func vendorCodeFromTheRefusal() async throws {
        let pass = try await Self.run(Self.text(expect: #"{"given": {"scenario": "kaleyra-E110"}, "outcome": "rejected", "code": "E110"}"#, gateway: "kaleyra"))
        #expect(pass.verdict == .passed, "\(pass.verdict)")
        let fail = try await Self.run(Self.text(expect: #"{"given": {"scenario": "kaleyra-WA401"}, "code": "E110"}"#, gateway: "kaleyra"))
        guard case .failed(let m) = fail.verdict else { Issue.record("expected a failure, got \(fail.verdict)"); return }
        #expect(m.map(\.field) == ["code"])
        #expect(m.first?.actual.hasPrefix("WA401") == true, "\(m)")
    }

    @Test func statusReachedWithinTheWait() async throws {
        let pass = try await Self.run(Self.text(expect: #"{"status": "delivered", "within": 30}"#))
        #expect(pass.verdict == .passed, "\(pass.verdict)")
        #expect(pass.observation?.statuses.contains { $0.status == "delivered" } == true)
        // This magic number's message is accepted and then fails (131026): it never reaches delivered.
        let fail = try await Self.run(Self.text(to: "+15558000002", expect: #"{"outcome": "accepted", "status": "delivered", "within": 30}"#))
        #expect(Self.mismatchFields(fail) == ["outcome", "status"], "\(fail.verdict)")
    }

    @Test func failedAfterAcceptanceWithTheStatusCode() async throws {
        let pass = try await Self.run(Self.text(to: "+27825550160", expect: #"{"given": {"customer": {"window": "closed"}}, "outcome": "failed", "code": "131047"}"#))
        #expect(pass.verdict == .passed, "\(pass.verdict)")
        #expect(pass.observation?.code == "131047")
        let fail = try await Self.run(Self.text(to: "+27825550161", expect: #"{"given": {"customer": {"window": "open"}}, "outcome": "failed", "within": 3}"#))
        #expect(Self.mismatchFields(fail) == ["outcome"], "\(fail.verdict)")
    }

    @Test func plainAcceptedSeesAFailureThatFollowsOnTheSandbox() async throws {
        // The gateway takes a free-form message to a customer whose window is closed, then
        // fails it: "accepted" must not pass on the 200 alone.
        let r = try await Self.run(Self.text(to: "+27825550164", expect: #"{"given": {"customer": {"window": "closed"}}}"#))
        guard case .failed(let m) = r.verdict else { Issue.record("expected a failure, got \(r.verdict)"); return }
        #expect(m == [CaseMismatch(field: "outcome", expected: "accepted", actual: "failed (131047 Re-engagement message)")])
    }

    @Test func findingsByRuleID() async throws {
        let template = { (params: String, expect: String) in
            #"{"wacon": {"gateway": "meta", "expect": \#(expect)}, "messaging_product": "whatsapp", "to": "+27825550100", "type": "template", "template": {"name": "appointment_confirmation", "language": {"code": "en_US"}, "components": [{"type": "body", "parameters": [\#(params)]}]}}"#
        }
        let two = #"{"type": "text", "text": "Thandiwe"}, {"type": "text", "text": "Sea Point"}"#
        let pass = try await Self.run(template(two, #"{"given": {"templates": "../templates/library.json"}, "outcome": "invalid", "findings": ["template-definition"]}"#))
        #expect(pass.verdict == .passed, "\(pass.verdict)")
        // Without the library the definition is not checked: the rule is a note, the send goes.
        let fail = try await Self.run(template(two, #"{"outcome": "invalid", "findings": ["template-param-text"]}"#))
        #expect(Self.mismatchFields(fail) == ["outcome", "findings"], "\(fail.verdict)")
    }

    @Test func flowCompletionReplyFields() async throws {
        let flow = { (expect: String) in
            #"{"wacon": {"gateway": "meta", "expect": \#(expect)}, "messaging_product": "whatsapp", "to": "+27825550162", "type": "interactive", "interactive": {"type": "flow", "body": {"text": "Tell us when"}, "action": {"name": "flow", "parameters": {"flow_message_version": "3", "flow_id": "1300000000000077", "flow_token": "tok-1", "flow_cta": "Request a call", "mode": "published", "flow_action": "navigate", "flow_action_payload": {"screen": "CALLBACK"}}}}}"#
        }
        let given = #""given": {"customer": {"window": "open", "answer": {"flow": "walk"}}, "flow": "../callback-request.json"}"#
        let pass = try await Self.run(flow(#"{\#(given), "reply": {"type": "nfm_reply", "fields": {"flow_token": "tok-1", "topic": "billing", "times": ["am"]}}}"#))
        #expect(pass.verdict == .passed, "\(pass.verdict)")
        let fail = try await Self.run(flow(#"{\#(given), "reply": {"type": "nfm_reply", "fields": {"topic": "fault"}}}"#))
        guard case .failed(let m) = fail.verdict else { Issue.record("expected a failure, got \(fail.verdict)"); return }
        #expect(m == [CaseMismatch(field: "reply.fields.topic", expected: #""fault""#, actual: #""billing""#)])
    }

    @Test func tapReplyAndAMissingReply() async throws {
        let buttons = { (expect: String) in
            #"{"wacon": {"gateway": "meta", "expect": \#(expect)}, "messaging_product": "whatsapp", "to": "+27825550163", "type": "interactive", "interactive": {"type": "button", "body": {"text": "Thursday?"}, "action": {"buttons": [{"type": "reply", "reply": {"id": "yes", "title": "Yes"}}, {"type": "reply", "reply": {"id": "no", "title": "No"}}]}}}"#
        }
        let pass = try await Self.run(buttons(#"{"given": {"customer": {"window": "open", "answer": {"tap": "No"}}}, "reply": {"type": "button_reply", "fields": {"id": "no", "title": "No"}}}"#))
        #expect(pass.verdict == .passed, "\(pass.verdict)")
        // The customer answers with text, not a tap: the type and fields say so.
        let fail = try await Self.run(buttons(#"{"given": {"customer": {"window": "open", "answer": {"text": "maybe"}}}, "reply": {"type": "button_reply", "fields": {"id": "no"}}}"#))
        #expect(Self.mismatchFields(fail) == ["reply.type", "reply.fields.id"], "\(fail.verdict)")
        // A tap on a button the message does not have cannot be played: said, and the reply fails.
        let wrong = try await Self.run(buttons(#"{"given": {"customer": {"window": "open", "answer": {"tap": "Maybe"}}}, "reply": {"type": "button_reply"}, "within": 1}"#))
        #expect(Self.mismatchFields(wrong) == ["reply"])
        #expect(wrong.observation?.problems.contains { $0.contains("nothing to tap named \"Maybe\"") } == true, "\(wrong.observation?.problems ?? [])")
    }

    @Test func aSetupTheProfileCannotDoIsAnErrorNotAFailure() async throws {
        let saved = try SavedMessage.parse(Array(Self.text(expect: #"{"given": {"customer": {"window": "open"}}}"#).utf8))
        var real = Profile.builtIn(.meta)
        real.name = "prod"
        real.isBuiltIn = false
        real.isSandbox = false
        let session = WaconSession(settings: SessionTests.tempSettings())
        let r = await session.runCase(SuiteCase(id: 0, file: "c.json", saved: saved, profile: real))
        await session.close()
        guard case .error(let why) = r.verdict else { Issue.record("expected an error, got \(r.verdict)"); return }
        #expect(why.contains("given.customer") && why.contains("prod"), "\(why)")
        #expect(r.observation == nil, "nothing was sent")
    }
}

/// The `expect` member as files hold it: every member read, errors at their path, written back.
@Suite struct CaseExpectationFileTests {
    static func parse(_ expect: String) throws(MessageFileError) -> SavedMessage {
        try SavedMessage.parse(Array(#"{"wacon": {"expect": \#(expect)}, "messaging_product": "whatsapp", "to": "+27825550100", "type": "text", "text": {"body": "hi"}}"#.utf8))
    }

    static func error(_ expect: String) -> String {
        do { _ = try parse(expect); return "" } catch { return error.description }
    }

    @Test func everyMemberIsReadAndWrittenBack() throws {
        let text = #"{"given": {"scenario": "kaleyra-E110", "customer": {"window": "closed", "marketing": "stop", "answer": {"tap": "Yes"}}, "templates": "t.json", "flow": "f.json"}, "outcome": "failed", "code": 131047, "status": "read", "within": 2.5, "findings": ["max-length"], "reply": {"type": "button_reply", "fields": {"id": "yes"}}}"#
        let saved = try Self.parse(text)
        let e = try #require(saved.expect)
        #expect(e.given.scenario == "kaleyra-E110" && e.given.customer?.windowOpen == false && e.given.customer?.marketingOptOut == true)
        #expect(e.given.customer?.answer == .tap("Yes") && e.given.templates == "t.json" && e.given.flow == "f.json")
        #expect(e.outcome == .failed && e.code == "131047" && e.status == "read" && e.within == 2.5 && e.findings == ["max-length"])
        #expect(e.reply == ExpectedReply(type: "button_reply", fields: ["id": "yes"]))
        let again = try SavedMessage.parse(saved.fileBytes)
        #expect(again.expect == e)
        #expect(saved.findings.isEmpty, "expect is a member wacon reads")
    }

    @Test func mistakesAreErrorsAtTheirPath() {
        #expect(Self.error(#"{"outcome": "acepted"}"#).hasPrefix("wacon.expect.outcome: expected one of accepted, rejected"))
        #expect(Self.error(#"{"outcom": "accepted"}"#).contains("did you mean outcome?"))
        #expect(Self.error(#"{"findings": ["max-lenght"]}"#).contains("did you mean max-length?"))
        #expect(Self.error(#"{"within": 0}"#).hasPrefix("wacon.expect.within: expected seconds"))
        #expect(Self.error(#"{"within": 601}"#).contains("at most 600"))
        #expect(Self.error(#"{"status": "arrived"}"#).hasPrefix("wacon.expect.status:"))
        #expect(Self.error(#"{"given": {"customer": {"window": "ajar"}}}"#).hasPrefix("wacon.expect.given.customer.window: expected open or closed"))
        #expect(Self.error(#"{"given": {"customer": {"answer": {"tap": "a", "text": "b"}}}}"#).contains("give one action"))
        #expect(Self.error(#"{"reply": {"fields": []}}"#).hasPrefix("wacon.expect.reply.fields: expected an object"))
    }

    @Test func expectationsThatCannotHoldTogetherAreRefused() throws {
        #expect(Self.error(#"{"outcome": "rejected", "status": "delivered"}"#).hasPrefix("wacon.expect.status: a status comes only after the gateway accepts"))
        #expect(Self.error(#"{"reply": {"type": "text"}}"#).hasPrefix("wacon.expect.reply: nobody answers unless the case says how"))
        #expect(Self.error(#"{"given": {"customer": {"answer": {"flow": "walk"}}}, "reply": {"type": "nfm_reply"}}"#)
            .hasPrefix("wacon.expect.given.customer.answer.flow: \"walk\" walks the Flow of given.flow"))
        // A failed status alone expects the failure, not an acceptance that then failed.
        #expect(try Self.parse(#"{"status": "failed"}"#).expect?.checkedOutcome == .failed)
        #expect(try Self.parse(#"{"status": "read"}"#).expect?.checkedOutcome == .accepted)
    }

    @Test func recordingWhatWasSeen() {
        var seen = CaseObservation(verdict: .rejected, code: "E110", codeTitle: "Low balance",
                                   findings: [Finding(.warning, "to", .phoneNumber, "x"), Finding(.note, "to", .defaulted, "y")])
        var e = CaseExpectation(recording: seen, given: CaseSetup(scenario: "kaleyra-E110"))
        #expect(e.outcome == .rejected && e.code == "E110" && e.findings == ["phone-number"] && e.given.scenario == "kaleyra-E110")
        #expect(e.mismatches(seen).isEmpty, "a recorded case passes against what it recorded")
        seen = CaseObservation(verdict: .accepted, statuses: [DeliveryStatus(gateway: .meta, messageID: "m", status: "sent"), DeliveryStatus(gateway: .meta, messageID: "m", status: "read")])
        e = CaseExpectation(recording: seen)
        #expect(e.outcome == .accepted && e.status == "read" && e.code == nil)
        #expect(e.mismatches(seen).isEmpty)
    }
}

/// CSV rows: RFC 4180 quoting, errors with their line, `{{column}}` filled everywhere.
@Suite struct CaseDataTests {
    @Test func quotedFieldsLineEndingsAndAByteOrderMark() throws {
        let csv = Array("\u{FEFF}to,name,note\r\n+2782,\"Smith, Ann\",\"says \"\"hi\"\"\nthen bye\"\r\n\n+2783,Bo,\n".utf8)
        let d = try CaseData.parse(csv, source: "d.csv")
        #expect(d.columns == ["to", "name", "note"])
        #expect(d.rows == [["+2782", "Smith, Ann", "says \"hi\"\nthen bye"], ["+2783", "Bo", ""]])
    }

    @Test func badFilesSayWhereAndWhy() {
        func error(_ s: String) -> String {
            do { _ = try CaseData.parse(Array(s.utf8), source: "d.csv"); return "" } catch { return error.description }
        }
        #expect(error("a,b\n1,2\n3\n") == "d.csv:3: 1 field, but the header names 2 columns")
        #expect(error("a,b\n1,\"2\n") == "d.csv:2: a quoted field is not closed")
        #expect(error("a,a\n1,2\n") == "d.csv:1: column \"a\" is named twice")
        #expect(error("a,b\n1,x\"y\n").hasPrefix("d.csv:2: a quote inside an unquoted field"))
        #expect(error("a,b\n") == "d.csv: a header and no rows: nothing to run")
        #expect(error("") == "d.csv: no header row (the first row names the columns)")
    }

    @Test func placeholdersAreFilledAndAMisspeltOneIsAnError() throws {
        let row = ["name": "Ann", "code": "E110"]
        let value: JSONValue = ["text": "Hi {{name}}, {{ name }}!", "list": ["{{code}}", "{{1}} stays", "{{ unclosed"]]
        let filled = try CaseData.fill(value, with: row, source: "d.csv")
        #expect(filled == ["text": "Hi Ann, Ann!", "list": ["E110", "{{1}} stays", "{{ unclosed"]])
        #expect(throws: MessageDecodingError.self) { try CaseData.fill(["a": ["b": "{{nmae}}"]], with: row, source: "d.csv") }
        do { _ = try CaseData.fill(["a": ["b": "{{nmae}}"]], with: row, source: "d.csv") } catch {
            #expect(error.description == "a.b: {{nmae}} names no column of d.csv (its columns: code, name); did you mean name?")
        }
    }

    @Test func eachRowIsACaseAddressedToItsNumber() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-rows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("hello.json").path
        try Data(#"{"wacon": {"expect": {"outcome": "{{outcome}}"}}, "messaging_product": "whatsapp", "to": "+1", "type": "text", "text": {"body": "Hi {{name}}"}}"#.utf8).write(to: URL(fileURLWithPath: file))
        let data = try CaseData.parse(Array("to,name,outcome\n+27825550100,Ann,accepted\n+27825550101,Bo,rejected\n".utf8), source: "d.csv")
        let plan = try SuiteLoader(config: .builtIn, gateways: [.meta, .kaleyra], data: data).plan([file])
        #expect(plan.cases.map(\.name) == ["\(file) [meta] #1", "\(file) [kaleyra] #1", "\(file) [meta] #2", "\(file) [kaleyra] #2"])
        #expect(plan.cases.map { $0.saved?.message.recipientText } == ["+27825550100", "+27825550100", "+27825550101", "+27825550101"])
        #expect(plan.cases.map { $0.saved?.expect?.outcome } == [.accepted, .accepted, .rejected, .rejected])
        if case .text(let t)? = plan.cases[2].saved?.message.content { #expect(t.body == "Hi Bo") } else { Issue.record("not a text") }
        #expect(plan.cases.map { $0.profile?.gateway } == [.meta, .kaleyra, .meta, .kaleyra])
    }
}

/// Many cases at once: results in the plan's order whatever order they finish in, and cases
/// about one customer one after another.
@Suite(.timeLimit(.minutes(3))) struct SuiteParallelTests {
    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var finished: [Int] = []
        private var started = 0
        func add(_ e: SuiteEvent) {
            lock.withLock {
                switch e {
                case .started: started += 1
                case .finished(let r): finished.append(r.suiteCase.id)
                }
            }
        }
        var order: [Int] { lock.withLock { finished } }
        var startedCount: Int { lock.withLock { started } }
    }

    @Test func resultsComeInThePlansOrder() async throws {
        // Slow cases (a status wait) first, fast ones (a refusal) after: with 8 jobs the fast
        // ones finish first, and must still be reported after the slow ones.
        var cases: [SuiteCase] = []
        for i in 0..<40 {
            let json = i % 4 == 0
                ? SuiteExpectationTests.text(expect: #"{"status": "read"}"#)
                : SuiteExpectationTests.text(expect: #"{"given": {"scenario": "kaleyra-E110"}, "outcome": "rejected", "code": "E110"}"#, gateway: "kaleyra")
            cases.append(try SuiteExpectationTests.suiteCase(json, id: i, file: "c\(i).json"))
        }
        let session = WaconSession(settings: SessionTests.tempSettings())
        let events = Events()
        let summary = await session.runSuite(SuitePlan(cases: cases), jobs: 8) { events.add($0) }
        await session.close()
        #expect(summary.results.map(\.suiteCase.id) == Array(0..<40))
        #expect(events.order == Array(0..<40))
        #expect(events.startedCount == 40)
        #expect(summary.allPassed, "\(summary.results.filter { !$0.verdict.passed }.map { "\($0.suiteCase.name): \($0.verdict)" })")
        #expect(Set(summary.results.compactMap(\.historyID)).count == 40, "each case has its own history entry")
    }

    @Test func casesAboutOneCustomerRunInFileOrder() async throws {
        // Closed, then open, then closed again for one number: run out of order, a case would
        // see another's window.
        let to = "+27825550170"
        var cases: [SuiteCase] = []
        for (i, (window, outcome)) in [("closed", "failed"), ("open", "accepted"), ("closed", "failed"), ("open", "accepted")].enumerated() {
            let json = SuiteExpectationTests.text(to: to, expect: #"{"given": {"customer": {"window": "\#(window)"}}, "outcome": "\#(outcome)", "status": "\#(outcome == "failed" ? "failed" : "delivered")"}"#)
            cases.append(try SuiteExpectationTests.suiteCase(json, id: i))
        }
        let session = WaconSession(settings: SessionTests.tempSettings())
        let summary = await session.runSuite(SuitePlan(cases: cases), jobs: 4)
        await session.close()
        #expect(summary.allPassed, "\(summary.results.map { "\($0.suiteCase.id): \($0.verdict)" })")
        // One after another: each started after the one before had finished.
        for (a, b) in zip(summary.results, summary.results.dropFirst()) {
            #expect(b.startedAt >= a.startedAt.addingTimeInterval(a.seconds - 0.001))
        }
    }
}

/// Against a gateway that is not a sandbox, statuses come the way they do in production: to a
/// webhook listener (`wacon listen`) that records them in history, where the case reads them.
/// The waits are long because the whole test run shares two cores; a passing case returns as
/// soon as its status is in history.
@Suite(.serialized, .timeLimit(.minutes(2))) struct SuiteRealGatewayTests {
    @Test func statusesAreReadFromHistoryWhereTheListenerRecordsThem() async throws {
        let secret = "suite-app-secret"
        let session = WaconSession(settings: SessionTests.tempSettings())
        let listener = try await session.startListener(WebhookReceiverConfiguration(
            routes: WebhookReceiverConfiguration.listenRoutes(profiles: [.builtIn(.meta)]), appSecret: secret))
        // The "vendor": a sandbox that posts its statuses to the listener's Meta path, as Meta
        // posts to the app's webhook; the profile does not know it is one.
        let vendor = try await SandboxServer.start(settings: SandboxSettings(webhookURL: listener.baseURL + "/meta", appSecret: secret, statusDelay: .milliseconds(20)))
        var profile = vendor.profile(for: .meta)
        profile.name = "vendor"
        profile.isBuiltIn = false
        profile.isSandbox = false
        let saved = try SavedMessage.parse(Array(SuiteExpectationTests.text(expect: #"{"status": "read", "within": 30}"#).utf8))
        let pass = await session.runCase(SuiteCase(id: 0, file: "c.json", saved: saved, profile: profile))
        #expect(pass.verdict == .passed, "\(pass.verdict)")
        #expect(pass.observation?.statuses.map(\.status).contains("read") == true)
        // A failure the vendor reports later is seen the same way.
        let failing = try SavedMessage.parse(Array(SuiteExpectationTests.text(to: "+15558000001", expect: #"{"outcome": "failed", "code": "131047", "within": 30}"#).utf8))
        let failed = await session.runCase(SuiteCase(id: 1, file: "d.json", saved: failing, profile: profile))
        #expect(failed.verdict == .passed, "\(failed.verdict)")
        await session.close()
        await vendor.stop()
    }
}


/// What a folder holds, read as a run: misspelt settings, odd files, links and repeats.
@Suite struct SuiteLoaderTests {
    static func folder(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-loader-\(UUID().uuidString)")
        for (name, text) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root.path
    }

    static let message = #""messaging_product": "whatsapp", "to": "+27825550100", "type": "text", "text": {"body": "hi"}"#

    @Test func aMisspeltSettingIsAnErrorAndAnOddWaconMemberIsACase() throws {
        let root = try Self.folder([
            "a.json": #"{"wacon": {"expct": {"outcome": "rejected"}}, \#(Self.message)}"#,
            "b.json": #"{"wacon": {"gatway": "kaleyra"}, \#(Self.message)}"#,
            "c.json": #"{"wacon": 5, \#(Self.message)}"#,
            "library.json": #"{"data": []}"#,
        ])
        let plan = try SuiteLoader(config: .builtIn).plan([root])
        #expect(plan.cases.map { ($0.file as NSString).lastPathComponent } == ["a.json", "b.json", "c.json"])
        #expect(plan.cases[0].problem?.contains("wacon.expct: not a member wacon reads here") == true, "\(plan.cases[0].problem ?? "")")
        #expect(plan.cases[0].problem?.contains("did you mean expect?") == true)
        #expect(plan.cases[1].problem?.contains("wacon.gatway") == true)
        #expect(plan.cases[2].problem?.contains("wacon: expected an object of wacon settings") == true, "\(plan.cases[2].problem ?? "")")
        #expect(plan.notes.count == 1, "library.json is a support file")
    }

    @Test func linksBackUpTheTreeAndRepeatsRunOnce() throws {
        let root = try Self.folder(["loop/case.json": #"{"wacon": {}, \#(Self.message)}"#])
        try FileManager.default.createSymbolicLink(atPath: root + "/loop/self", withDestinationPath: root + "/loop")
        let plan = try SuiteLoader(config: .builtIn).plan([root + "/loop", root + "/loop/case.json", root + "/loop/self/case.json"])
        #expect(plan.cases.count == 1, "\(plan.cases.map(\.file))")
    }
}

/// A case with no customer setup comes out as it does alone, whatever another case of the run
/// did to its recipient.
@Suite(.timeLimit(.minutes(2))) struct SuiteIsolationTests {
    @Test func anotherCasesWindowDoesNotLeak() async throws {
        let to = "+27825550171"
        let open = try SuiteExpectationTests.suiteCase(SuiteExpectationTests.text(to: to, expect: #"{"given": {"customer": {"window": "open"}}, "status": "delivered"}"#), id: 0)
        // Alone, this new number's window is closed: the text fails with 131047.
        let plain = try SuiteExpectationTests.suiteCase(SuiteExpectationTests.text(to: to, expect: #"{"outcome": "failed", "code": "131047"}"#), id: 1)
        let session = WaconSession(settings: SessionTests.tempSettings())
        let summary = await session.runSuite(SuitePlan(cases: [open, plain]), jobs: 4)
        await session.close()
        #expect(summary.allPassed, "\(summary.results.map { "\($0.suiteCase.id): \($0.verdict)" })")
    }

    @Test func anInvalidCaseSaysWhy() async throws {
        let r = try await SuiteExpectationTests.run(#"{"wacon": {"gateway": "meta", "expect": {"outcome": "accepted"}}, "messaging_product": "whatsapp", "to": "+27825550100", "type": "text", "text": {"body": ""}}"#)
        guard case .failed(let m) = r.verdict else { Issue.record("\(r.verdict)"); return }
        #expect(m.first?.actual.hasPrefix("invalid (") == true && m.first?.actual.contains(" at text.body") == true, "\(m)")
    }
}
