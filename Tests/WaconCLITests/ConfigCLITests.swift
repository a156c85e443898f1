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
        let started = Date()
        let r = try wacon(["send", "examples/text.json", "-g", "meta", "--config", url.path])
        #expect(Date().timeIntervalSince(started) < 3, "fails fast (the binary's start included)")
        #expect(r.status == 2)
        #expect(r.stderr.contains("larger than the limit of 1 MiB"), "\(r.stderr)")
        #expect(!r.stdout.contains("accepted"), "nothing was sent")
    }
}
