import Config
import Foundation
import Session

// `wacon test` at scale: the example suite (every gateway, a vendor error per gateway, a
// template with its library check, a Flow completion, a button tap, the window rule) copied
// into a temporary folder until it holds 1,000 cases (each copy with customers of its own), run
// against the in-process sandbox with history recording on, at several job counts. A case that
// waits for statuses waits for the sandbox's status delay (50 ms a status, as the console and
// the CLI run it): that wait, not wacon, is most of a case's time.

func suiteBenchmark(cases total: Int) async {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let examples = root.appendingPathComponent("examples")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-bench-suite-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let fm = FileManager.default
    try! fm.createDirectory(at: folder, withIntermediateDirectories: true)
    let perCopy = try! SuiteLoader(config: .builtIn).plan([examples.appendingPathComponent("suites").path]).cases.count
    let copies = (total + perCopy - 1) / perCopy
    for k in 0..<copies {
        try! fm.createDirectory(at: folder.appendingPathComponent("s\(k)"), withIntermediateDirectories: true)
        try! fm.copyItem(at: examples.appendingPathComponent("suites"), to: folder.appendingPathComponent("s\(k)/suites"))
        // Each copy has customers of its own (+27 83 kkk 014n), as a real suite of distinct
        // cases would: one customer's cases run one after another, whatever the job count.
        let copy = folder.appendingPathComponent("s\(k)/suites").path
        for file in fm.enumerator(atPath: copy)!.compactMap({ $0 as? String }) where file.hasSuffix(".json") {
            let path = copy + "/" + file
            let text = try! String(contentsOfFile: path, encoding: .utf8)
            try! text.replacingOccurrences(of: "\"+2782555014", with: String(format: "\"+2783%03d014", k)).write(toFile: path, atomically: true, encoding: .utf8)
        }
        // The Flow the suite's Flow case registers, where its relative path finds it.
        try! fm.createDirectory(at: folder.appendingPathComponent("s\(k)/flows"), withIntermediateDirectories: true)
        try! fm.copyItem(at: examples.appendingPathComponent("flows/callback-request.json"), to: folder.appendingPathComponent("s\(k)/flows/callback-request.json"))
    }
    var plan = try! SuiteLoader(config: .builtIn).plan([folder.path])
    plan.cases = Array(plan.cases.prefix(total))

    #if DEBUG
    print("warning: debug build; run `swift run -c release wacon-bench suite` for real figures")
    #endif
    print("wacon-bench suite: \(plan.cases.count) cases (the example suite, copied), in-process sandbox, history on")
    print("jobs   wall s   cases/s   p50 ms   p99 ms   passed")
    for jobs in [1, 4, 8, 16] {
        var settings = SessionSettings()
        settings.history.path = folder.appendingPathComponent("history-\(jobs).sqlite").path
        let session = WaconSession(settings: settings)
        let summary = await session.runSuite(plan, jobs: jobs)
        await session.close()
        let durations = summary.results.map { $0.seconds * 1000 }.sorted()
        func q(_ p: Double) -> Double { durations[min(durations.count - 1, Int(Double(durations.count - 1) * p))] }
        let wall = summary.duration.seconds
        print(String(format: "%4d %8.2f %9.0f %8.1f %8.1f   %d/%d", jobs, wall, Double(summary.results.count) / wall, q(0.5), q(0.99),
                     summary.passed, summary.results.count))
        if !summary.allPassed, let bad = summary.results.first(where: { !$0.verdict.passed }) {
            print("  first not passed: \(bad.suiteCase.name): \(bad.verdict)")
        }
    }
}
