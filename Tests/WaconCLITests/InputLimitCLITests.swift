import Foundation
import Testing

/// Standard input and files have limits: an endless or huge input is refused with the limit
/// named, after reading no more than the limit (never gigabytes of memory).
@Suite struct InputLimitCLITests {
    /// Runs `producer | wacon ARGS` through the shell; returns wacon's status and standard error.
    static func piped(_ producer: String, _ args: [String]) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        let quoted = args.map { "'\($0)'" }.joined(separator: " ")
        // pipefail is not in every sh: wacon's own status comes back through the file.
        let status = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-status-\(UUID().uuidString)").path
        p.arguments = ["-c", "\(producer) | { '\(waconBinary.path)' \(quoted); echo $? > '\(status)'; }"]
        var env = ProcessInfo.processInfo.environment
        env["XDG_CONFIG_HOME"] = "/nonexistent"
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let code = Int32((try? String(contentsOfFile: status, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? -1
        return (code, String(decoding: e, as: UTF8.self))
    }

    @Test(arguments: [["validate", "-"], ["preview", "-"], ["send", "-"], ["import", "curl", "-"], ["flow", "lint", "-"], ["flow", "screens", "-"]])
    func anEndlessStandardInputIsRefusedAtTheLimit(_ args: [String]) throws {
        let r = try Self.piped("cat /dev/zero", args)
        #expect(r.status == 2, "\(args): \(r.stderr)")
        #expect(r.stderr.contains("standard input: larger than the limit of"), "\(args): \(r.stderr)")
    }

    @Test func aFolderOrAMissingFileSaysWhy() throws {
        let folder = try wacon(["validate", "/tmp"])
        #expect(folder.status == 2 && folder.stderr.contains("/tmp: it is a folder, not a file"), "\(folder.stderr)")
        let missing = try wacon(["validate", "/nonexistent/message.json"])
        #expect(missing.status == 2 && missing.stderr.contains("No such file or directory"))
    }
}
