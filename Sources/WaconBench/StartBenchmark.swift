import Foundation

// Start-up against the floor: the release console and a small C program that initialises
// ncursesw and draws one line (built here, in the benchmark's own temporary folder), each
// started on a fresh pseudo-terminal of 120×40, side by side in one run:
//   - first frame: from the spawn to the last byte of the first burst of output (the frame is
//     whole when the program goes quiet: 150 ms without a byte);
//   - RSS at idle: VmRSS one second after that;
//   - RSS after one send (wacon only): Ctrl-S sends the default message to the in-process
//     sandbox; VmRSS one second after its outcome is drawn.
// Medians of `runs`, the runs of the two programs interleaved so machine noise hits both.

private let floorSource = """
    #define _XOPEN_SOURCE_EXTENDED 1
    #include <curses.h>
    #include <locale.h>
    int main(void) {
        setlocale(LC_ALL, "");
        initscr(); cbreak(); noecho(); keypad(stdscr, TRUE);
        mvaddstr(0, 0, "floor: ncursesw drew one line");
        refresh();
        while (getch() != 'q') {}
        endwin();
        return 0;
    }
    """

private let swiftSource = """
    import Foundation
    print("static Swift with Foundation: \\(Date().timeIntervalSince1970 > 0)")
    _ = readLine()
    """

/// One program on a pseudo-terminal: its process, the master side, what it wrote and when.
private final class PTYRun {
    let pid: pid_t
    let master: Int32
    let started: Int64
    private(set) var output: [UInt8] = []
    private(set) var lastByteAt: Int64 = 0

    init?(_ argv: [String], environment: [String: String]) {
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        for fd in [Int32(0), 1, 2] { posix_spawn_file_actions_adddup2(&actions, slave, fd) }
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        posix_spawnattr_setflags(&attributes, 0x80)  // POSIX_SPAWN_SETSID (glibc), not imported into Swift
        let env = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let t0 = monotonicNanos()
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup($0) } + [nil]
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        cArgs.forEach { free($0) }
        cEnv.forEach { free($0) }
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
        close(slave)
        guard rc == 0 else { close(master); return nil }
        self.pid = pid
        self.master = master
        self.started = t0
    }

    /// Reads what comes until `quiet` passes without a byte (or `limit` in all).
    func drain(quiet: Int64 = 150_000_000, limit: Int64 = 10_000_000_000) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = monotonicNanos() + limit
        while monotonicNanos() < deadline {
            var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, Int32(quiet / 1_000_000))
            if ready <= 0 { return }
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { return }
            output += buffer[0..<n]
            lastByteAt = monotonicNanos()
        }
    }

    /// Reads until `marker` is in the output (or `limit` passes).
    func wait(for marker: String, limit: Int64 = 10_000_000_000) -> Bool {
        let m = Array(marker.utf8)
        let deadline = monotonicNanos() + limit
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while monotonicNanos() < deadline {
            if output.count >= m.count, output.firstRange(of: m) != nil { return true }
            var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) > 0 else { continue }
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { return false }
            output += buffer[0..<n]
        }
        return false
    }

    func send(_ bytes: [UInt8]) { _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) } }

    /// VmRSS in MB, from /proc.
    var rss: Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return .nan }
        return kb / 1024
    }

    func stop() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }
}

func startBenchmark(runs: Int) {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let binary = root.appendingPathComponent(".build/release/wacon").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        print("build the release binary first: swift build -c release --static-swift-stdlib --product wacon")
        return
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-bench-start-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let source = folder.appendingPathComponent("floor.c").path
    let floor = folder.appendingPathComponent("floor").path
    try! floorSource.write(toFile: source, atomically: true, encoding: .utf8)
    guard sh("cc -O2 -o '\(floor)' '\(source)' -lncursesw") == 0 else {
        print("cannot build the C floor (cc and libncurses-dev are needed)")
        return
    }
    // The Swift floor: a static program that imports Foundation and prints a line.
    let swiftFile = folder.appendingPathComponent("floor.swift").path
    let swiftFloor = folder.appendingPathComponent("swiftfloor").path
    try! swiftSource.write(toFile: swiftFile, atomically: true, encoding: .utf8)
    let hasSwiftFloor = sh("swiftc -O -static-stdlib -o '\(swiftFloor)' '\(swiftFile)' 2>/dev/null") == 0
    var environment = ProcessInfo.processInfo.environment
    environment["TERM"] = "xterm-256color"
    environment["LANG"] = "C.UTF-8"
    // wacon with a data and config folder of its own (no history, draft or config of the user's).
    var waconEnvironment = environment
    waconEnvironment["XDG_DATA_HOME"] = folder.appendingPathComponent("data").path
    waconEnvironment["XDG_CONFIG_HOME"] = folder.appendingPathComponent("config").path

    #if DEBUG
    print("warning: debug build of the benchmark; the programs measured are release builds either way")
    #endif
    var floorFrame: [Double] = [], floorIdle: [Double] = []
    var swiftFrame: [Double] = [], swiftIdle: [Double] = []
    var frame: [Double] = [], idle: [Double] = [], afterSend: [Double] = []
    for _ in 0..<runs {
        if let run = PTYRun([floor], environment: environment) {
            run.drain()
            floorFrame.append(Double(run.lastByteAt - run.started) / 1e6)
            usleep(1_000_000)
            floorIdle.append(run.rss)
            run.stop()
        }
        if hasSwiftFloor, let run = PTYRun([swiftFloor], environment: environment) {
            run.drain()
            swiftFrame.append(Double(run.lastByteAt - run.started) / 1e6)
            usleep(1_000_000)
            swiftIdle.append(run.rss)
            run.stop()
        }
        try? FileManager.default.removeItem(atPath: folder.appendingPathComponent("data").path)
        if let run = PTYRun([binary], environment: waconEnvironment) {
            run.drain()
            frame.append(Double(run.lastByteAt - run.started) / 1e6)
            usleep(1_000_000)
            idle.append(run.rss)
            run.send([0x13])  // Ctrl-S: send the default message to the sandbox
            if run.wait(for: "accepted") {
                run.drain()
                usleep(1_000_000)
                afterSend.append(run.rss)
            }
            run.stop()
        }
    }
    func median(_ a: [Double]) -> Double {
        let s = a.sorted()
        return s.isEmpty ? .nan : s[s.count / 2]
    }
    let attributes = try? FileManager.default.attributesOfItem(atPath: binary)
    let size = Double((attributes?[.size] as? NSNumber)?.intValue ?? 0) / 1_048_576
    print("wacon-bench start: 120×40 pseudo-terminal, medians of \(runs) (first frame: spawn to the last byte before 150 ms of quiet)")
    print("program                          first frame   RSS idle   RSS after one send   binary")
    print(String(format: "C ncursesw, one line             %8.1f ms  %6.1f MB", median(floorFrame), median(floorIdle)) + "                    —        —")
    if hasSwiftFloor {
        print(String(format: "static Swift + Foundation, print %8.1f ms  %6.1f MB", median(swiftFrame), median(swiftIdle)) + "                    —        —")
    }
    print(String(format: "wacon (release, static stdlib)   %8.1f ms  %6.1f MB   %15.1f MB   %.0f MB", median(frame), median(idle), median(afterSend), size))
    print(String(format: "ratio wacon / C                  %8.2f×    %6.2f×", median(frame) / median(floorFrame), median(idle) / median(floorIdle)))
    print("(frame samples, ms: C \(floorFrame.map { String(format: "%.1f", $0) }.joined(separator: " ")); wacon \(frame.map { String(format: "%.1f", $0) }.joined(separator: " ")))")
}
