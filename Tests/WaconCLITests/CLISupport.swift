import Foundation

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `wacon` binary SwiftPM built next to the test bundle.
let waconBinary: URL = {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("wacon"),
        Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("wacon"),
        packageRoot.appendingPathComponent(".build/debug/wacon"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
}()

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the real binary with a clean config home (so a developer's own config never leaks in).
/// `killAfter` ends a run that should have finished long before (a hang then fails the test
/// with status 9 instead of stalling the suite); it is a safety net, not a speed target.
func wacon(_ args: [String], stdin: String? = nil, env: [String: String] = [:], killAfter: Duration? = nil) throws -> RunResult {
    let p = Process()
    p.executableURL = waconBinary
    p.arguments = args
    p.currentDirectoryURL = packageRoot
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_CONFIG_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-test-empty-config").path
    environment["WACON_LOOPBACK_ONLY"] = "1"  // a test that would reach a vendor fails instead
    // A history of its own for every run unless the test shares one (never the user's).
    environment["XDG_DATA_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-test-data-\(UUID().uuidString)").path
    for (k, v) in env { environment[k] = v }
    p.environment = environment
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = inp
    try p.run()
    if let killAfter {
        let pid = p.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(killAfter.components.seconds * 1000))) {
            if p.isRunning { kill(pid, SIGKILL) }
        }
    }
    if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
    try inp.fileHandleForWriting.close()
    // Read both pipes before waiting so a large output cannot block the child.
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return RunResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// A temporary file with `text`, mode 0600.
func tempFile(_ text: String, ext: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-\(UUID().uuidString).\(ext)")
    try Data(text.utf8).write(to: url)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    return url.path
}

/// A fresh data folder for tests that share one history across several runs.
func tempDataHome() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("wacon-test-data-\(UUID().uuidString)").path
}

/// Starts the real binary in the background with its own history folder (loopback only);
/// standard output comes back through the pipe, standard error goes to a file (read it with
/// `errorText(of:)` after the process ends).
func startWacon(_ args: [String], dataHome: String) throws -> (Process, Pipe) {
    let p = Process()
    p.executableURL = waconBinary
    p.arguments = args
    p.currentDirectoryURL = packageRoot
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_DATA_HOME"] = dataHome
    environment["WACON_LOOPBACK_ONLY"] = "1"
    p.environment = environment
    let out = Pipe()
    p.standardOutput = out
    let errors = dataHome + "/stderr-\(UUID().uuidString).txt"
    try FileManager.default.createDirectory(atPath: dataHome, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: errors, contents: nil)
    p.standardError = FileHandle(forWritingAtPath: errors)
    p.environment?["WACON_TEST_STDERR"] = errors
    try p.run()
    return (p, out)
}

/// What a process started by `startWacon` wrote to standard error.
func errorText(of p: Process) -> String {
    guard let path = p.environment?["WACON_TEST_STDERR"], let data = FileManager.default.contents(atPath: path) else { return "" }
    return String(decoding: data, as: UTF8.self)
}
