import Foundation
import Testing
@testable import Config
import WhatsAppModel

/// Config files written to hurt: bytes that are not text, sizes no config has, history paths
/// that are not files. Each is refused with file:line and key, and nothing is half read.

/// A fresh folder, removed by the caller.
private func folder() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-config-hardening-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

private func write(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
}

/// Loads `path`, expecting a ConfigError.
private func loadError(_ path: String, environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) -> ConfigError? {
    do {
        let c = try Config.load(path: path, environment: environment)
        Issue.record("expected a ConfigError, got profiles \(c.profiles.map(\.name))", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

@Suite struct ConfigTextTests {
    /// A 50 MB config used to be read whole (and parsed) by every command: seconds for a send.
    @Test func aHugeConfigFailsFastNamingTheLimit() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/config.toml"
        let line = Array("# padding padding padding padding padding padding padding padding\n".utf8)
        var bytes = Array("[history]\nenabled = true\n".utf8)
        bytes.reserveCapacity(50 << 20)
        while bytes.count < 50 << 20 { bytes += line }
        try write(bytes, to: path)
        let clock = ContinuousClock()
        let started = clock.now
        let e = try #require(loadError(path))
        #expect(clock.now - started < .milliseconds(500), "stops reading past the limit")
        #expect(e.file == path)
        #expect(e.message.contains(InputFile.describe(InputFile.configLimit)), "\(e)")
    }

    @Test func anEndlessConfigAndAFolderAreRefused() throws {
        #expect(loadError("/dev/zero")?.message.contains("limit") == true)
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(loadError(dir)?.message.contains("folder") == true)
    }

    @Test func themeFilesHaveTheSameLimit() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write([UInt8](repeating: UInt8(ascii: "#"), count: InputFile.configLimit + 1), to: dir + "/big.toml")
        #expect { try ThemeFile.load(path: dir + "/big.toml") } throws: { ($0 as? ConfigError)?.message.contains("limit") == true }
    }
}
