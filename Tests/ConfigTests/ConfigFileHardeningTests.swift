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
    /// A NUL used to end the text TOMLKit saw: the profiles after it vanished and the command
    /// went on as if the file were shorter.
    @Test func aNulByteIsAnErrorAtItsLineNotTheEndOfTheFile() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/config.toml"
        try write(Array("[profiles.a]\ngateway = \"botika\"\n\n[profiles.b]\ngat\u{0}eway = \"meta\"\n".utf8), to: path)
        let e = try #require(loadError(path))
        #expect(e.file == path && e.line == 5, "\(e)")
        #expect(e.message.contains("NUL") && e.message.contains("column 4"), "\(e)")
        // The same through parse, and a NUL as the very first byte.
        #expect(throws: ConfigError.self) { try Config.parse("\u{0}[profiles.a]\ngateway = \"botika\"\n", file: "c.toml") }
        do { _ = try Config.parse("\u{0}", file: "c.toml") } catch { #expect(error.line == 1) }
    }

    @Test(arguments: [
        ("a lone continuation byte", [0x80] as [UInt8]),
        ("an overlong slash", [0xC0, 0xAF]),
        ("a surrogate half", [0xED, 0xA0, 0x80]),
        ("a code point past U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
        ("a sequence cut short", [0xE2, 0x82]),
        ("a Latin-1 é", [0xE9]),
    ])
    func bytesThatAreNotUTF8AreAnErrorAtTheirLine(_ what: String, _ bad: [UInt8]) throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/config.toml"
        try write(Array("# ok: ünïcode is fine\n[profiles.a]\ngateway = \"bot".utf8) + bad + Array("ika\"\n".utf8), to: path)
        let e = try #require(loadError(path), "\(what)")
        #expect(e.line == 3, "\(what): \(e)")
        #expect(e.message.hasPrefix("cannot be read as UTF-8 text") && e.message.contains("column 15"), "\(what): \(e)")
    }

    @Test func aBadByteAtTheEndOfAFileWithoutANewlineIsFound() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/config.toml"
        try write(Array("[history]\nenabled = true\n# \u{2603}".utf8).dropLast(), to: path)
        #expect(loadError(path)?.line == 3)
    }

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
        // That reading stops at the limit is shown by the endless /dev/zero below.
        let e = try #require(loadError(path))
        #expect(e.file == path)
        #expect(e.message.contains(InputFile.describe(InputFile.configLimit)), "\(e)")
    }

    @Test func anEndlessConfigAndAFolderAreRefused() throws {
        #expect(loadError("/dev/zero")?.message.contains("limit") == true)
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(loadError(dir)?.message.contains("folder") == true)
    }

    /// TOML allows `\u0000` in a string, and TOMLKit used to hand the string over cut at it:
    /// this path arrived as `/tmp/h.sqlite`, another file than the one written.
    @Test func aNulEscapeIsRefusedNotCutShort() throws {
        for (text, line) in [(#"[history]\#npath = "/tmp/h.sqlite\u0000.txt"\#n"#, 2),
                             (#"[history]\#npath = """\#n/tmp/h.sqlite\U00000000.txt"""\#n"#, 3),
                             (#"[history]\#n"pa\u0000th" = "/tmp/h.sqlite"\#n"#, 2)] {
            do {
                let p = try Config.parse(text, file: "/c/config.toml").history.path
                Issue.record("read as \(String(describing: p))")
            } catch {
                #expect(error.line == line && error.message.contains("\\u0000"), "\(error)")
            }
        }
        // An escaped backslash before u0000 is text, not a NUL; a literal string has no escapes.
        let fine = try Config.parse(#"[profiles.a]\#ngateway = "botika"\#nsecret = "a\\u0000"\#nbase_url = 'http://x/\u0000'\#n"#, file: "/c/config.toml")
        #expect(fine.profile(named: "a")?.secret == .inline(#"a\u0000"#))
        #expect(fine.profile(named: "a")?.baseURL == #"http://x/\u0000"#)
    }

    @Test func themeFilesGetTheSameChecks() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write(Array("[colors]\ntext = \"#ffffff\"\nerror = \"#ff\u{0}0000\"\n".utf8), to: dir + "/nul.toml")
        try write(Array("[colors]\n".utf8) + [0xFF] + Array(" = 1\n".utf8), to: dir + "/latin.toml")
        #expect { try ThemeFile.load(path: dir + "/nul.toml") } throws: { ($0 as? ConfigError)?.line == 3 }
        #expect { try ThemeFile.load(path: dir + "/latin.toml") } throws: { ($0 as? ConfigError)?.line == 2 }
        try write([UInt8](repeating: UInt8(ascii: "#"), count: InputFile.configLimit + 1), to: dir + "/big.toml")
        #expect { try ThemeFile.load(path: dir + "/big.toml") } throws: { ($0 as? ConfigError)?.message.contains("limit") == true }
    }
}

@Suite struct HistoryPathTests {
    let home = "/home/someone"

    func history(_ path: String, file: String = "/etc/wacon-test/config.toml") throws(ConfigError) -> String? {
        try Config.parse("[history]\npath = \"\(path)\"\n", file: file, environment: ["HOME": home]).history.path
    }

    /// `"~/x.sqlite"` used to make a folder named `~` wherever wacon was started.
    @Test func aTildeIsTheHomeFolder() throws {
        #expect(try history("~/x.sqlite") == home + "/x.sqlite")
        #expect(try history("~/a/../b/h.sqlite") == home + "/b/h.sqlite")
        do { _ = try history("~other/h.sqlite"); Issue.record("~NAME is refused") } catch {
            #expect(error.key == "history.path" && error.line == 2 && error.message.contains("~NAME"), "\(error)")
        }
    }

    /// A relative path used to be relative to the current directory: the history moved with it.
    @Test func aRelativePathIsBesideTheConfigFile() throws {
        #expect(try history("h.sqlite") == "/etc/wacon-test/h.sqlite")
        #expect(try history("data/h.sqlite") == "/etc/wacon-test/data/h.sqlite")
        #expect(try history("../h.sqlite") == "/etc/h.sqlite")
        #expect(try history("/var/tmp/h.sqlite") == "/var/tmp/h.sqlite")
        // A config named by a relative path: its folder, made absolute.
        let cwd = FileManager.default.currentDirectoryPath
        #expect(try history("h.sqlite", file: "sub/config.toml") == cwd + "/sub/h.sqlite")
    }

    /// `/dev/null` used to be opened as a database, and SQLite made `/dev/null-journal`, mode 0666.
    @Test(arguments: ["/dev/null", "/dev/zero", "/dev/tty", "/", "/tmp", "/etc/wacon-test/../../tmp", ""])
    func aPathThatIsNotAFileIsAConfigErrorNamingTheKey(_ path: String) throws {
        do {
            let p = try history(path)
            Issue.record("\(path) was taken as \(String(describing: p))")
        } catch {
            #expect(error.key == "history.path" && error.line == 2, "\(error)")
            #expect(error.description.hasPrefix("/etc/wacon-test/config.toml:2: history.path: "), "\(error)")
        }
    }

    @Test func aPipeASocketAndALinkToADeviceAreRefused() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir + "/null-link", withDestinationPath: "/dev/null")
        for (name, what) in [("fifo", "a pipe"), ("null-link", "a device")] {
            do { _ = try history(dir + "/" + name); Issue.record("\(name) accepted") } catch {
                #expect(error.key == "history.path" && error.message.contains(what), "\(error)")
            }
        }
    }

    @Test func theHomeFolderItselfIsAFolderNotAFile() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do { _ = try Config.parse("[history]\npath = \"~\"\n", file: "/c/config.toml", environment: ["HOME": dir]); Issue.record("~ accepted") } catch {
            #expect(error.key == "history.path" && error.message.contains("\(dir) is a folder"), "\(error)")
        }
    }

    @Test func aRegularFileOrNoFileYetIsFine() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/h.sqlite", contents: nil)
        #expect(try history(dir + "/h.sqlite") == dir + "/h.sqlite")
        #expect(try history(dir + "/new/h.sqlite") == dir + "/new/h.sqlite")
    }
}
