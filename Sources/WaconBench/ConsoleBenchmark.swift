import Config
import Console
import Foundation
import Providers
import WhatsAppModel

// The console's budget: time to first frame in a 120×40 tmux (a real terminal, the release
// binary), keystroke → updated frame for the largest message in process, and memory and CPU
// while idle.

func monotonicNanos() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

@discardableResult
func sh(_ command: String) -> Int32 { system(command) }

func consoleBenchmark(starts: Int) {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let binary = root.appendingPathComponent(".build/release/wacon").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        print("build the release binary first: swift build -c release --static-swift-stdlib --product wacon")
        return
    }
    // 0. What parsing the default theme's embedded TOML would add to the start (the console
    // starts with the compiled Theme.dark instead): the first parse (TOMLKit's first run in the
    // process, as at start), then each parse again.
    func parseDark() -> Theme? {
        guard let file = try? ThemeFile.builtIn(named: Theme.defaultName) else { return nil }
        return try? Theme(file: file, base: Theme(name: "", colors: [:]))
    }
    let first = monotonicNanos()
    blackhole(parseDark())
    let firstParse = Double(monotonicNanos() - first) / 1000
    var parses: [Double] = []
    for _ in 0..<200 {
        let t0 = monotonicNanos()
        blackhole(parseDark())
        parses.append(Double(monotonicNanos() - t0) / 1000)
    }
    parses.sort()
    print(String(format: "dark.toml, were it parsed at start: first parse %.0f µs, each after p50 %.0f µs (a compiled default is kept past 500 µs)",
                 firstParse, parses[100]))

    // 1. Keystroke → frame, in process: the largest list (10 rows, every text at its limit).
    var state = AppState(width: 120, height: 40)
    state.draft.kind = .list
    state.draft.header = String(repeating: "h", count: 60)
    state.draft.body = String(repeating: "b", count: 1023)
    state.draft.footer = String(repeating: "f", count: 60)
    state.draft.listButton = String(repeating: "B", count: 20)
    state.draft.sections = [DraftSection(title: String(repeating: "S", count: 24), rows: (0..<10).map { i in
        DraftRow(id: String(repeating: "\(i)", count: 200), title: String(repeating: "t", count: 24), description: String(repeating: "d", count: 72))
    })]
    state.recompute()
    // Edit the body: each key is one update + one render + the grid comparison.
    _ = state.update(.key(.tab)); _ = state.update(.key(.tab))
    _ = state.update(.key(.down))
    _ = state.update(.key(.enter))
    var last = Renderer.render(state).grid
    var samples: [Double] = []
    for i in 0..<3000 {
        let t0 = monotonicNanos()
        _ = state.update(.key(i % 2 == 0 ? .char("x") : .backspace))
        let frame = Renderer.render(state).grid
        let changed = frame != last
        last = frame
        samples.append(Double(monotonicNanos() - t0) / 1000)
        if !changed { print("note: a keystroke changed nothing on screen") }
    }
    samples.sort()
    print(String(format: "keystroke → frame (largest list, 120×40, in process): p50 %.0f µs, p99 %.0f µs, max %.0f µs (target p99 ≤ 1 ms)",
                 samples[1500], samples[2970], samples.last!))

    // 2. First frame in tmux, several starts.
    var firsts: [Double] = []
    let marker = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-first-frame").path
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-bench-console-data").path
    var rss = 0, cpuTicks = -1
    // One tmux server for all starts (its own start is not wacon's): each start is a new window.
    let socket = "wacon-bench-console"
    sh("tmux -L \(socket) new-session -d -x 120 -y 40 'sleep 600' >/dev/null 2>&1")
    defer { sh("tmux -L \(socket) kill-server >/dev/null 2>&1") }
    for run in 0..<starts {
        try? FileManager.default.removeItem(atPath: marker)
        let t0 = monotonicNanos()
        sh("tmux -L \(socket) new-window -d \"XDG_DATA_HOME=\(data) WACON_FIRST_FRAME_FILE=\(marker) TERM=xterm-256color \(binary)\" >/dev/null 2>&1")
        var text = ""
        let deadline = monotonicNanos() + 10_000_000_000
        while monotonicNanos() < deadline {
            if let t = try? String(contentsOfFile: marker, encoding: .utf8), t.hasSuffix("\n") { text = t; break }
            usleep(1000)
        }
        let parts = text.split(separator: " ")
        if let at = parts.first.flatMap({ Int64($0) }) { firsts.append(Double(at - t0) / 1e6) }
        // Idle: memory, and CPU over 3 s with nothing happening (last run only).
        if run == starts - 1, parts.count > 1, let pid = Int32(parts[1].trimmingCharacters(in: .whitespacesAndNewlines)) {
            usleep(300_000)
            func ticks() -> Int {
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return -1 }
                let fields = stat.split(separator: ")").last!.split(separator: " ")
                return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
            }
            let before = ticks()
            sleep(3)
            cpuTicks = ticks() - before
            if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) {
                rss = Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
            }
        }
        if parts.count > 1 { sh("kill \(parts[1].trimmingCharacters(in: .whitespacesAndNewlines)) >/dev/null 2>&1") }
    }
    firsts.sort()
    if !firsts.isEmpty {
        print(String(format: "first frame in a 120×40 tmux (release binary, %d starts): median %.1f ms, min %.1f ms, max %.1f ms (target ≤ 30 ms)",
                     firsts.count, firsts[firsts.count / 2], firsts.first!, firsts.last!))
    }
    print("resident memory at idle: \(rss / 1024) MB (\(rss) kB; target ≤ 20 MB)")
    print("CPU at idle over 3 s: \(cpuTicks) clock ticks (target 0)")
}
