import ArgumentParser
import Config
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Providers
import Session
import WhatsAppModel

/// `wacon test`: runs saved messages as cases against their expectations.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run saved messages as test cases and check what each comes to.",
        discussion: """
            A case is a saved message whose "wacon" object carries "expect": the outcome \
            (accepted, rejected, invalid, failed, transport-failure), the vendor's code, a status \
            reached within a time, rule ids among the findings, the customer's reply; and under \
            "given" the scenario, customer, template library or Flow to run it with. A file named \
            on the command line without "expect" is expected to be accepted; in a folder, JSON \
            files without a "wacon" object are support files (template libraries, Flows).

            Cases run against the built-in sandbox of each case's gateway. --profile names a \
            profile instead; one that reaches a real gateway asks first (--yes does not ask). \
            With --data, every case runs once per row of the CSV file: {{column}} in any string \
            is the row's value, and a "to" column is each row's recipient.

            Exit status: 0 every case passed, 1 some case failed or could not run, 2 the files, \
            the data, the profile or the --out folder could not be used (nothing was sent), 64 \
            the options are wrong.

            Examples:
              wacon test examples/suites
              wacon test examples/suites --report junit --out report.xml
              wacon test examples/suites/meta/text-delivered.json -g meta -g kaleyra -g zixflow
              wacon test welcome.json --data customers.csv --jobs 8
            """)

    @Argument(help: "Case files and folders (folders are searched for .json files).")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: "Profile every case is sent through (default: the built-in sandbox profile of the case's gateway).")
    var profile: String?

    @Option(name: .shortAndLong, help: "Run each case through this gateway; repeat for several.")
    var gateway: [String] = []

    @Option(help: "CSV file: each case runs once per row.")
    var data: String?

    @Option(help: "Report format: junit, json or tap (to --out, else to standard output).")
    var report: String?

    @Option(help: "File the report is written to.")
    var out: String?

    @Option(help: "Cases run at once (1 to \(WaconSession.maxSuiteJobs)).")
    var jobs: Int = 4

    @Option(help: "Seconds before a send gives up.")
    var timeout: Double = 30

    @Flag(help: "Send through a real gateway without asking.")
    var yes = false

    @Option(help: "Config file (default: $XDG_CONFIG_HOME/wacon/config.toml).")
    var config: String?

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one case file or folder (wacon test examples/suites)") }
        if !(1...WaconSession.maxSuiteJobs).contains(jobs) { throw ValidationError("--jobs is 1 to \(WaconSession.maxSuiteJobs) (got \(jobs))") }
        if let report, SuiteReport(rawValue: report) == nil {
            throw ValidationError("--report is \(SuiteReport.allCases.map(\.rawValue).joined(separator: ", ")) (got \(report))")
        }
        if out != nil, report == nil { throw ValidationError("--out names where the report goes: give --report junit|json|tap too") }
        if !(timeout.isFinite && timeout > 0 && timeout <= 3600) { throw ValidationError("--timeout is seconds, more than 0 and at most 3600 (got \(timeout))") }
    }

    func run() async throws {
        let config = try loadConfig(config)
        var gateways: [GatewayID] = []
        for name in gateway {
            guard let g = GatewayID(rawValue: name.lowercased()) else {
                printError("wacon: --gateway \(name): not a gateway; gateways are \(GatewayID.allCases.map(\.rawValue).joined(separator: ", "))")
                throw Exit.input
            }
            if !gateways.contains(g) { gateways.append(g) }
        }
        var rows: CaseData?
        if let data {
            do { rows = try CaseData.parse(try readInput(data, limit: CaseData.maxBytes), source: data) } catch let e as CaseDataError {
                printError("wacon: \(e)")
                throw Exit.input
            }
        }
        // One error before anything is sent, not one per case.
        if let profile {
            do { _ = try TargetChoice(gateway: nil, profile: profile).resolve(in: config) } catch {
                printError("wacon: \(error)")
                throw Exit.input
            }
        }
        if let out {
            let folder = FilePaths.folder(out).isEmpty ? "." : FilePaths.folder(out)
            var isFolder = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder, FileManager.default.isWritableFile(atPath: folder) else {
                printError("wacon: --out \(out): the folder \(folder) does not exist or cannot be written; nothing was sent")
                throw Exit.input
            }
        }
        let plan: SuitePlan
        do { plan = try SuiteLoader(config: config, gateways: gateways, profile: profile, data: rows).plan(paths) } catch {
            printError("wacon: \(error)")
            throw Exit.input
        }
        try confirmRealGateways(plan)
        let format = report.flatMap(SuiteReport.init(rawValue:))
        // The report alone on standard output when it goes there; the lines then go to stderr.
        let toStandardError = format != nil && out == nil
        let lines: @Sendable (String) -> Void = { s in
            if toStandardError { printError(s) } else { print(s) }
        }
        for note in plan.notes { lines("note: \(note)") }
        let session = WaconSession(settings: sessionSettings(config, timeout: .seconds(timeout)))
        let startedAt = Date()
        let run = Task {
            await session.runSuite(plan, jobs: jobs) { event in
                if case .finished(let result) = event { lines(Self.line(result)) }
            }
        }
        // Ctrl-C stops the run: cases under way end as "stopped", the rest are not started, and
        // the summary and the report still come (with what ran).
        let stopper = Task {
            await StopSignal.wait()
            run.cancel()
        }
        let summary = await run.value
        stopper.cancel()
        await session.close()
        lines(summary.line)
        if let format {
            let text = format.render(summary, startedAt: startedAt)
            if let out {
                // Whole or not at all (a temporary file, then a rename), like an export.
                do { try session.writeExport(text, to: out, replacing: true) } catch {
                    printError("wacon: --out \(out): \(error)")
                    throw Exit.input
                }
            } else {
                // Exact bytes into a pipe; on a terminal, made safe like everything printed.
                writeAll(STDOUT_FILENO, isatty(STDOUT_FILENO) == 1 ? TerminalText.safe(text) : text)
            }
        }
        if !summary.allPassed { throw ExitCode(1) }
    }

    /// `✓ suites/meta-text.json  12 ms  history 123`, and for a failure the diff below it.
    static func line(_ r: CaseResult) -> String {
        let ms = NumberText.fixed(r.seconds * 1000, places: 0) + " ms"
        let history = r.historyID.map { "  history \($0)" } ?? ""
        switch r.verdict {
        case .passed:
            return "✓ \(r.suiteCase.name)  \(ms)\(history)"
        case .failed(let m):
            let diff = SuiteReport.diff(m).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
            let problems = (r.observation?.problems ?? []).map { "\n    ! \($0)" }.joined()
            return "✗ \(r.suiteCase.name)  \(ms)\(history)\n\(diff)\(problems)"
        case .error(let why):
            return "! \(r.suiteCase.name)  could not run: \(why)"
        }
    }

    /// A run that reaches a real gateway goes ahead only when the user says so: `--yes`, or
    /// `y` at the question on a terminal.
    func confirmRealGateways(_ plan: SuitePlan) throws {
        guard plan.reachesRealGateways, !yes else { return }
        let real = plan.cases.compactMap(\.profile).filter { !$0.isSandbox }
        let endpoints = Set(real.map { $0.gateway.gateway.endpoint(profile: $0) }).sorted().joined(separator: ", ")
        let question = "\(real.count) case\(real.count == 1 ? "" : "s") will send real messages through \(endpoints)"
        guard isatty(STDIN_FILENO) == 1 else {
            printError("wacon: \(question); add --yes to run without asking")
            throw Exit.input
        }
        writeAll(STDERR_FILENO, TerminalText.safe("\(question). Go ahead? [y/N] "))
        guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased().trimmed) else {
            printError("wacon: nothing sent")
            throw Exit.input
        }
    }
}
