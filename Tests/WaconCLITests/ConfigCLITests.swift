import Foundation
import Testing

/// The config file through the real binary: read once per command, refused whole when it is not
/// text or too large, and a history path that is not a file stops the command before any send.
@Suite struct ConfigCLITests {
    @Test func aNulByteStopsTheCommandInsteadOfCuttingTheFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-nul-\(UUID().uuidString).toml")
        try Data("[profiles.a]\ngateway = \"botika\"\nsecret = \"env:A\"\n\u{0}\n[profiles.b]\ngateway = \"meta\"\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try wacon(["profiles", "--config", url.path])
        #expect(r.status == 2, "\(r.stdout)")
        #expect(r.stderr.contains("\(url.path):4: contains a NUL byte"), "\(r.stderr)")
        #expect(!r.stdout.contains("a  [botika"), "no profile of a half-read file is listed")
    }

    @Test func aFileThatIsNotUTF8NamesItsLine() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-latin1-\(UUID().uuidString).toml")
        try Data(Array("[profiles.caf".utf8) + [0xE9] + Array("]\ngateway = \"meta\"\n".utf8)).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try wacon(["send", "examples/text.json", "--config", url.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(url.path):1: cannot be read as UTF-8 text"), "\(r.stderr)")
    }

    /// A 50 MB config made `send` take 5–13 s; it now fails at once, naming the limit.
    @Test func aHugeConfigFailsFast() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-huge-\(UUID().uuidString).toml")
        let handle = try FileHandle(forWritingTo: { FileManager.default.createFile(atPath: url.path, contents: nil); return url }())
        let chunk = Data(String(repeating: "# a comment line of padding, over and over and over again\n", count: 16_384).utf8)
        while try handle.offset() < 50 << 20 { handle.write(chunk) }
        try handle.close()
        defer { try? FileManager.default.removeItem(at: url) }
        // The size is checked before a byte is read: the message names the limit.
        let r = try wacon(["send", "examples/text.json", "-g", "meta", "--config", url.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("larger than the limit of 1 MiB"), "\(r.stderr)")
        #expect(!r.stdout.contains("accepted"), "nothing was sent")
    }

    @Test func aHistoryPathOnADeviceIsAConfigErrorAndNothingIsSent() throws {
        let config = try tempFile("[history]\npath = \"/dev/null\"\n", ext: "toml")
        let send = try wacon(["send", "examples/text.json", "-g", "meta", "--config", config])
        #expect(send.status == 2)
        #expect(send.stderr.contains("\(config):2: history.path: /dev/null is a device"), "\(send.stderr)")
        #expect(!send.stdout.contains("accepted"))
        // The history commands read the same config, and stop on it too (they used to skip a
        // config they could not read and open the default history instead).
        let list = try wacon(["history", "list", "--config", config])
        #expect(list.status == 2 && list.stderr.contains("history.path"), "\(list.stderr)")
    }

    /// `"~/…"` is the home folder, not a folder named `~` wherever wacon was started.
    @Test func aTildeInTheHistoryPathIsTheHomeFolder() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-home-\(UUID().uuidString)").path
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-cwd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { for d in [home, work] { try? FileManager.default.removeItem(atPath: d) } }
        let config = try tempFile("[history]\npath = \"~/wacon/h.sqlite\"\n", ext: "toml")
        let message = packageRoot.appendingPathComponent("examples/text.json").path
        let r = try wacon(["send", message, "-g", "meta", "--config", config], env: ["HOME": home])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: home + "/wacon/h.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("~").path), "no folder named ~ where wacon ran")
        let listed = try wacon(["history", "list", "--json", "--config", config], env: ["HOME": home])
        #expect(listed.status == 0 && listed.stdout.contains("\"gateway\""), "\(listed.stderr)")
    }

    @Test func aRelativeHistoryPathIsBesideTheConfigFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-rel-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[history]\npath = \"data/h.sqlite\"\n".write(toFile: dir + "/config.toml", atomically: true, encoding: .utf8)
        let r = try wacon(["send", "examples/text.json", "-g", "meta", "--config", dir + "/config.toml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/data/h.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("data/h.sqlite").path))
    }
}
