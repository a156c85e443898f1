import Foundation
import Testing
@testable import Config
import Providers
import WhatsAppModel

// Config.parse(_:file:fileMode:environment:) and Config.load(path:environment:).

private let file = "/tmp/wacon-test/config.toml"

/// Parses `text`, failing the test with the error if it throws.
private func parse(_ text: String, fileMode: Int = 0o600, sourceLocation: SourceLocation = #_sourceLocation) throws -> Config {
    do {
        return try Config.parse(text, file: file, fileMode: fileMode)
    } catch {
        Issue.record("unexpected ConfigError: \(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// Parses `text` expecting a ConfigError, and returns it.
private func parseError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ConfigError {
    do {
        let config = try Config.parse(text, file: file)
        Issue.record("expected a ConfigError, got \(config.profiles.map(\.name))", sourceLocation: sourceLocation)
        throw CancellationError()
    } catch let e as ConfigError {
        return e
    }
}

/// A fresh temporary directory, removed by the caller.
private func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-config-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

private func write(_ text: String, to url: URL, mode: Int) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
}

private let allVars = ["META_TOKEN": "EAAtoken", "KALEYRA_KEY": "Akey", "FLOWIQ_KEY": "fiq_key", "BOTIKA_TOKEN": "btoken", "ZX_KEY": "zxkey"]

private let validConfig = """
    # wacon profiles, one per gateway
    [profiles.prod]
    gateway = "meta"
    phone_number_id = "106540352242922"
    api_version = "v23.0"
    secret = "env:META_TOKEN"

    [profiles.kal]
    gateway = "kaleyra"
    sid = "HXAP16XXXXXX97IN"
    pod = "sg"
    phone_number = "+919876500000"
    secret = "env:KALEYRA_KEY"
    ref = "customer1"
    wa_source = "api"

    [profiles.fiq]
    gateway = "flowiq"
    tenant_id = "acme"
    base_url = "https://sandbox.flowiq.test"
    secret = "env:FLOWIQ_KEY"

    [profiles.bot]
    gateway = "botika"
    secret = "env:BOTIKA_TOKEN"

    [profiles.zx]
    gateway = "zixflow"
    workspace_id = "ws_1"
    phone_id = "1001"
    secret = "env:ZX_KEY"
    post_back_url = "https://example.com/hook"
    post_back_data = "order-42"
    """

@Suite("Config")
struct ConfigTests {
    // MARK: Built-in profiles

    @Test("each gateway has a built-in profile without error findings", arguments: GatewayID.allCases)
    func builtIn(id: GatewayID) throws {
        let p = try #require(Config.builtIn.profile(named: id.rawValue))
        #expect(p.gateway == id)
        #expect(p.isBuiltIn)
        // Built-ins use inline sample secrets, so no environment is needed.
        guard case .inline(let value)? = p.secret else {
            Issue.record("\(id): expected an inline sample secret, got \(String(describing: p.secret))")
            return
        }
        #expect(!value.isEmpty)
        let findings = p.findings(environment: [:])
        #expect(!findings.contains { $0.isError }, "\(findings)")
        #expect(p.resolvedSecret(environment: [:])?.value == value)
    }

    @Test("the built-in configuration is exactly one profile per gateway")
    func builtInSet() {
        let c = Config.builtIn
        #expect(c.profiles.map(\.name).sorted() == GatewayID.allCases.map(\.rawValue).sorted())
        #expect(c.file == nil)
    }

    @Test("an empty file gives the built-ins")
    func emptyFile() throws {
        let c = try parse("# nothing yet\n")
        #expect(c.profiles.count == GatewayID.allCases.count)
        #expect(c.profiles.allSatisfy { $0.isBuiltIn })
        #expect(c.file == file)
    }

    // MARK: Valid files

    @Test("a valid config with a profile per gateway loads")
    func validConfigLoads() throws {
        let c = try parse(validConfig)
        #expect(c.profiles.count == 10)

        let meta = try #require(c.profile(named: "prod"))
        #expect(meta.gateway == .meta)
        #expect(!meta.isBuiltIn)
        #expect(meta.phoneNumberID == "106540352242922")
        #expect(meta.apiVersion == "v23.0")
        #expect(meta.secret == .env("META_TOKEN"))

        let kal = try #require(c.profile(named: "kal"))
        #expect(kal.gateway == .kaleyra)
        #expect(kal.sid == "HXAP16XXXXXX97IN")
        #expect(kal.pod == .SG, "pod is case-insensitive")
        #expect(kal.senderNumber == "+919876500000")
        #expect(kal.defaults.kaleyraRef == "customer1")
        #expect(kal.defaults.kaleyraWASource == "api")

        let fiq = try #require(c.profile(named: "fiq"))
        #expect(fiq.tenantID == "acme")
        #expect(fiq.baseURL == "https://sandbox.flowiq.test")

        let bot = try #require(c.profile(named: "bot"))
        #expect(bot.gateway == .botika)

        let zx = try #require(c.profile(named: "zx"))
        #expect(zx.workspaceID == "ws_1")
        #expect(zx.phoneID == "1001")
        #expect(zx.defaults.postBackURL == "https://example.com/hook")
        #expect(zx.defaults.postBackData == "order-42")

        for name in ["prod", "kal", "fiq", "bot", "zx"] {
            let p = try #require(c.profile(named: name))
            let findings = p.findings(environment: allVars)
            #expect(!findings.contains { $0.isError }, "\(name): \(findings)")
            #expect(p.loadFindings.isEmpty, "\(name): env secrets raise no load findings")
        }
    }

    @Test("a config profile named meta replaces the built-in")
    func replacesBuiltIn() throws {
        let c = try parse("""
            [profiles.meta]
            gateway = "meta"
            phone_number_id = "42"
            api_version = "v22.0"
            secret = "env:META_TOKEN"
            """)
        #expect(c.profiles.count == GatewayID.allCases.count)
        let metas = c.profiles.filter { $0.name == "meta" }
        #expect(metas.count == 1)
        let p = try #require(metas.first)
        #expect(!p.isBuiltIn)
        #expect(p.phoneNumberID == "42")
        #expect(p.apiVersion == "v22.0")
        #expect(c.profile(named: "kaleyra")?.isBuiltIn == true)
    }

    // MARK: Errors in the file

    @Test("a TOML syntax error names its line")
    func syntaxError() throws {
        let e = try parseError("""
            [profiles.prod]
            gateway = "meta"
            phone_number_id = "1"
            api_version = "v23.0
            secret = "env:META_TOKEN"
            """)
        #expect(e.file == file)
        #expect(e.line == 4, "\(e)")
        #expect(e.description.hasPrefix("\(file):4"))
    }

    @Test("a syntax error further down names that line")
    func syntaxErrorLater() throws {
        let e = try parseError("""
            # comment

            [profiles.a]
            gateway = "botika"
            secret = "env:X"

            [profiles.b]
            gateway = = "meta"
            """)
        #expect(e.line == 8, "\(e)")
    }

    @Test("an unknown key inside [profiles.x] names its line and dotted key")
    func unknownKey() throws {
        // tenant_id is valid in the FlowIQ profile above, not in the Meta one: the line must be
        // the one inside [profiles.x].
        let e = try parseError("""
            [profiles.f]
            gateway = "flowiq"
            tenant_id = "acme"
            secret = "env:FLOWIQ_KEY"

            [profiles.x]
            gateway = "meta"
            tenant_id = "acme"
            phone_number_id = "1"
            """)
        #expect(e.line == 8, "\(e)")
        #expect(e.key == "profiles.x.tenant_id")
        #expect(e.message.contains("phone_number_id"), "lists the allowed keys: \(e.message)")
    }

    @Test("a misspelt key is reported with its line")
    func misspeltKey() throws {
        let e = try parseError("""
            [profiles.k]
            gateway = "kaleyra"
            sid = "S"
            pod = "IN"
            phone_numbr = "+919876500000"
            """)
        #expect(e.line == 5, "\(e)")
        #expect(e.key == "profiles.k.phone_numbr")
    }

    @Test("an unknown gateway names the known ones")
    func unknownGateway() throws {
        let e = try parseError("""
            [profiles.x]
            gateway = "twilio"
            secret = "env:X"
            """)
        #expect(e.key == "profiles.x.gateway")
        #expect(e.line == 2)
        #expect(e.message.contains("twilio"))
        for id in GatewayID.allCases {
            #expect(e.message.contains(id.rawValue), "\(e.message) should name \(id)")
        }
    }

    @Test("a profile without a gateway is an error")
    func missingGateway() throws {
        let e = try parseError("""
            [profiles.x]
            secret = "env:X"
            """)
        #expect(e.key == "profiles.x.gateway")
        #expect(e.line == 1, "falls back on the table's header line")
        #expect(e.message.contains("meta"))
    }

    @Test("a value of the wrong type is an error")
    func wrongType() throws {
        let e = try parseError("""
            [profiles.x]
            gateway = "meta"
            phone_number_id = 106540352242922
            api_version = "v23.0"
            """)
        #expect(e.key == "profiles.x.phone_number_id")
        #expect(e.line == 3)
        #expect(e.message.contains("string"))
    }

    @Test("a gateway that is not a string is an error")
    func gatewayWrongType() throws {
        let e = try parseError("""
            [profiles.x]
            gateway = true
            """)
        #expect(e.key == "profiles.x.gateway")
        #expect(e.message.contains("string"))
    }

    @Test("a bad pod is an error naming the pods")
    func badPod() throws {
        let e = try parseError("""
            [profiles.k]
            gateway = "kaleyra"
            sid = "S"
            phone_number = "+919876500000"
            pod = "US"
            """)
        #expect(e.key == "profiles.k.pod")
        #expect(e.line == 5)
        #expect(e.message.contains("IN") && e.message.contains("SG") && e.message.contains("EU"))
    }

    @Test("a base_url without a scheme is an error")
    func badBaseURL() throws {
        let e = try parseError("""
            [profiles.b]
            gateway = "botika"
            base_url = "waofficial-rm.botika.online"
            """)
        #expect(e.key == "profiles.b.base_url")
        #expect(e.line == 3)
    }

    @Test("an unknown top-level key is an error")
    func unknownTopLevelKey() throws {
        let e = try parseError("""
            default = "prod"

            [profiles.prod]
            gateway = "botika"
            """)
        #expect(e.key == "default")
        #expect(e.line == 1)
    }

    @Test("profiles that is not a table is an error")
    func profilesNotATable() throws {
        let e = try parseError("profiles = 3\n")
        #expect(e.key == "profiles")
        #expect(e.line == 1)
    }

    // MARK: Secrets

    @Test("env: secrets resolve from the environment passed in")
    func envSecret() throws {
        let c = try parse("""
            [profiles.p]
            gateway = "botika"
            secret = "env:WACON_TEST_TOKEN"
            """, fileMode: 0o644)
        let p = try #require(c.profile(named: "p"))
        #expect(p.secret == .env("WACON_TEST_TOKEN"))
        #expect(p.secret?.description == "env:WACON_TEST_TOKEN")
        #expect(p.loadFindings.isEmpty, "an env: secret is fine in a readable file")

        let env = ["WACON_TEST_TOKEN": "tok-123"]
        let secret = try #require(p.resolvedSecret(environment: env))
        #expect(secret.value == "tok-123")
        #expect(secret.source == .env("WACON_TEST_TOKEN"))
        #expect(!p.findings(environment: env).contains { $0.isError })
    }

    @Test("an unset env: secret is an error finding naming the variable", arguments: [[:], ["WACON_TEST_TOKEN": ""], ["OTHER": "x"]])
    func envSecretUnset(environment: [String: String]) throws {
        let c = try parse("""
            [profiles.p]
            gateway = "botika"
            secret = "env:WACON_TEST_TOKEN"
            """)
        let p = try #require(c.profile(named: "p"))
        #expect(p.resolvedSecret(environment: environment) == nil)
        let errors = p.findings(environment: environment).filter(\.isError)
        #expect(errors.count == 1, "\(errors)")
        let e = try #require(errors.first)
        #expect(e.message.contains("WACON_TEST_TOKEN"))
        #expect(e.path.description.hasSuffix("secret"))
    }

    @Test("a profile without a secret is an error finding")
    func noSecret() throws {
        let c = try parse("""
            [profiles.p]
            gateway = "botika"
            """)
        let p = try #require(c.profile(named: "p"))
        let errors = p.findings(environment: [:]).filter(\.isError)
        #expect(errors.contains { $0.path.description.hasSuffix("secret") }, "\(errors)")
    }

    @Test("an inline secret in a file others can read is a warning", arguments: [0o644, 0o640, 0o604, 0o666])
    func inlineSecretReadable(mode: Int) throws {
        let c = try parse("""
            [profiles.p]
            gateway = "botika"
            secret = "inline-token-value"
            """, fileMode: mode)
        let p = try #require(c.profile(named: "p"))
        #expect(p.secret == .inline("inline-token-value"))
        let warnings = p.findings(environment: [:]).filter { $0.severity == .warning }
        #expect(warnings.count == 1, "\(warnings)")
        let w = try #require(warnings.first)
        #expect(w.path.description.hasSuffix("secret"))
        #expect(w.message.contains(String(mode, radix: 8)), "\(w.message)")
        #expect(!w.message.contains("inline-token-value"), "never prints the secret")
        #expect(!p.findings(environment: [:]).contains { $0.isError })
    }

    @Test("an inline secret in a private file raises nothing", arguments: [0o600, 0o400, 0o700])
    func inlineSecretPrivate(mode: Int) throws {
        let c = try parse("""
            [profiles.p]
            gateway = "botika"
            secret = "inline-token-value"
            """, fileMode: mode)
        let p = try #require(c.profile(named: "p"))
        #expect(p.loadFindings.isEmpty)
        #expect(p.findings(environment: [:]).isEmpty)
        #expect(p.resolvedSecret(environment: [:])?.value == "inline-token-value")
    }

    // MARK: Required ids

    struct MissingCase: Sendable, CustomTestStringConvertible {
        var gateway: GatewayID
        var text: String
        var key: String
        var testDescription: String { "\(gateway) without \(key)" }
    }

    static let missing: [MissingCase] = [
        MissingCase(gateway: .meta, text: """
            gateway = "meta"
            api_version = "v23.0"
            """, key: "phone_number_id"),
        MissingCase(gateway: .kaleyra, text: """
            gateway = "kaleyra"
            pod = "IN"
            phone_number = "+919876500000"
            """, key: "sid"),
        MissingCase(gateway: .kaleyra, text: """
            gateway = "kaleyra"
            sid = "HXAP16XXXXXX97IN"
            pod = "EU"
            """, key: "phone_number"),
        MissingCase(gateway: .kaleyra, text: """
            gateway = "kaleyra"
            sid = "HXAP16XXXXXX97IN"
            phone_number = "+919876500000"
            """, key: "pod"),
        MissingCase(gateway: .zixflow, text: """
            gateway = "zixflow"
            phone_id = "1001"
            """, key: "workspace_id"),
        MissingCase(gateway: .zixflow, text: """
            gateway = "zixflow"
            workspace_id = "ws_1"
            """, key: "phone_id"),
    ]

    /// FlowIQ's reference asks for tenantId, its own curl examples leave it out: advice.
    @Test func aFlowIQProfileWithoutTenantIsWarnedNotRefused() throws {
        let c = try parse("[profiles.p]\ngateway = \"flowiq\"\nsecret = \"env:TOKEN\"\n")
        let findings = try #require(c.profile(named: "p")).findings(environment: ["TOKEN": "fiq_value"])
        #expect(findings.errors.isEmpty)
        let w = try #require(findings.first { $0.path.description == "profile p.tenant_id" })
        #expect(w.severity == .warning && w.message.contains("tenantId"))
    }

    @Test("a missing required id is an error finding naming the key", arguments: missing)
    func missingRequired(_ m: MissingCase) throws {
        let c = try parse("[profiles.p]\n\(m.text)\nsecret = \"env:TOKEN\"\n")
        let p = try #require(c.profile(named: "p"))
        #expect(p.gateway == m.gateway)
        let errors = p.findings(environment: ["TOKEN": "fiq_value"]).filter(\.isError)
        #expect(errors.count == 1, "\(errors)")
        let e = try #require(errors.first)
        #expect(e.path.description == "profile p.\(m.key)")
        #expect(e.message.contains(m.key))
    }

    @Test("an empty required id is as bad as a missing one")
    func emptyRequired() throws {
        let c = try parse("""
            [profiles.p]
            gateway = "zixflow"
            workspace_id = ""
            phone_id = "1001"
            secret = "env:TOKEN"
            """)
        let p = try #require(c.profile(named: "p"))
        let errors = p.findings(environment: ["TOKEN": "t"]).filter(\.isError)
        #expect(errors.map(\.path.description) == ["profile p.workspace_id"])
    }

    @Test("a Kaleyra base_url stands in for a pod")
    func kaleyraBaseURLInsteadOfPod() throws {
        let c = try parse("""
            [profiles.p]
            gateway = "kaleyra"
            sid = "S"
            phone_number = "+919876500000"
            base_url = "http://localhost:8080"
            secret = "env:TOKEN"
            """)
        let p = try #require(c.profile(named: "p"))
        #expect(!p.findings(environment: ["TOKEN": "t"]).contains { $0.isError })
    }

    /// A Meta profile without api_version sends to the current version; a note says so.
    @Test func aMetaProfileWithoutAnAPIVersionUsesTheCurrentOne() throws {
        let c = try parse("[profiles.p]\ngateway = \"meta\"\nphone_number_id = \"106540352242922\"\nsecret = \"env:TOKEN\"\n")
        let p = try #require(c.profile(named: "p"))
        let findings = p.findings(environment: ["TOKEN": "t"])
        #expect(findings.errors.isEmpty, "\(findings)")
        #expect(findings.contains { $0.severity == .note && $0.path.description == "profile p.api_version" })
    }

    @Test("a malformed api_version is an error", arguments: ["23.0", "v23", "latest"])
    func badAPIVersion(version: String) throws {
        let c = try parse("""
            [profiles.p]
            gateway = "meta"
            phone_number_id = "1"
            api_version = "\(version)"
            secret = "env:TOKEN"
            """)
        let p = try #require(c.profile(named: "p"))
        let errors = p.findings(environment: ["TOKEN": "t"]).filter(\.isError)
        #expect(errors.map(\.path.description) == ["profile p.api_version"], "\(errors)")
    }

    // MARK: FlowIQ key prefix

    @Test("a FlowIQ key without the fiq_ prefix is a warning")
    func flowIQPrefix() throws {
        let c = try parse("""
            [profiles.bad]
            gateway = "flowiq"
            tenant_id = "acme"
            secret = "sk_live_12345"

            [profiles.badenv]
            gateway = "flowiq"
            tenant_id = "acme"
            secret = "env:FIQ"

            [profiles.good]
            gateway = "flowiq"
            tenant_id = "acme"
            secret = "fiq_12345"
            """)
        for name in ["bad", "badenv"] {
            let p = try #require(c.profile(named: name))
            let findings = p.findings(environment: ["FIQ": "not-a-fiq-key"])
            #expect(!findings.contains { $0.isError }, "\(name): \(findings)")
            let warnings = findings.filter { $0.severity == .warning }
            #expect(warnings.count == 1, "\(name): \(warnings)")
            #expect(warnings.first?.message.contains("fiq_") == true)
            #expect(warnings.first?.path.description == "profile \(name).secret")
        }
        let good = try #require(c.profile(named: "good"))
        #expect(good.findings(environment: [:]).isEmpty)
    }

    // MARK: load(path:environment:)

    @Test("load reads a real file, with its permission bits")
    func loadRealFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("config.toml")
        try write(validConfig, to: url, mode: 0o600)
        let c = try Config.load(path: url.path, environment: [:])
        #expect(c.file == url.path)
        #expect(c.profiles.count == 10)
        #expect(c.profile(named: "prod")?.phoneNumberID == "106540352242922")
    }

    @Test("load sees a world-readable file's mode and warns about an inline secret")
    func loadReadableInlineSecret() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("config.toml")
        let text = """
            [profiles.p]
            gateway = "botika"
            secret = "inline-token-value"
            """
        try write(text, to: url, mode: 0o644)
        let readable = try #require(try Config.load(path: url.path, environment: [:]).profile(named: "p"))
        #expect(readable.findings(environment: [:]).filter { $0.severity == .warning }.count == 1, "\(readable.findings(environment: [:]))")

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        let private_ = try #require(try Config.load(path: url.path, environment: [:]).profile(named: "p"))
        #expect(private_.findings(environment: [:]).isEmpty)
    }

    @Test("load reports errors with the file's path and line")
    func loadErrorNamesFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("config.toml")
        try write("[profiles.p]\ngateway = \"botika\"\ncolour = \"blue\"\n", to: url, mode: 0o600)
        do {
            _ = try Config.load(path: url.path, environment: [:])
            Issue.record("expected a ConfigError")
        } catch {
            #expect(error.file == url.path)
            #expect(error.line == 3)
            #expect(error.key == "profiles.p.colour")
        }
    }

    @Test("load on a nonexistent explicit path throws")
    func loadMissingExplicitPath() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("nope.toml").path
        do {
            _ = try Config.load(path: path, environment: [:])
            Issue.record("expected a ConfigError")
        } catch {
            #expect(error.file == path)
            #expect(error.message.contains("no such file"))
        }
    }

    @Test("load with no path and an empty XDG_CONFIG_HOME gives the built-ins")
    func loadDefaultMissing() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = try Config.load(environment: ["XDG_CONFIG_HOME": dir.path, "HOME": "/nonexistent-home"])
        #expect(c.file == nil)
        #expect(c.profiles.count == GatewayID.allCases.count)
        #expect(c.profiles.allSatisfy { $0.isBuiltIn })
    }

    @Test("load with no path reads $XDG_CONFIG_HOME/wacon/config.toml")
    func loadDefaultPresent() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["XDG_CONFIG_HOME": dir.path]
        let expected = dir.path + "/wacon/config.toml"
        #expect(Config.defaultPath(environment: env) == expected)
        try write(validConfig, to: URL(fileURLWithPath: expected), mode: 0o600)
        let c = try Config.load(environment: env)
        #expect(c.file == expected)
        #expect(c.profile(named: "zx")?.phoneID == "1001")
    }

    @Test("the default path falls back on HOME when XDG_CONFIG_HOME is unset or empty", arguments: [["HOME": "/home/u"], ["HOME": "/home/u", "XDG_CONFIG_HOME": ""]])
    func defaultPathHome(environment: [String: String]) {
        #expect(Config.defaultPath(environment: environment) == "/home/u/.config/wacon/config.toml")
    }
}
