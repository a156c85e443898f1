import Config
import Foundation
import Providers
import Sandbox
@testable import Session
import Testing
import WhatsAppModel

/// The template library behind `wacon templates`: synced through Meta's listing from the
/// in-process sandbox over real HTTP, imported from files, cached per profile.
@Suite(.serialized, .timeLimit(.minutes(2))) struct TemplateLibraryTests {
    static func session() -> (WaconSession, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-templates-\(UUID().uuidString)").path
        return (WaconSession(history: nil, settings: SessionSettings(timeout: .seconds(10), templateFolder: folder)), folder)
    }

    @Test func syncReadsEveryPageFromTheInProcessSandboxAndWritesTheCache() async throws {
        let (session, folder) = Self.session()
        let result = try await session.templatesSync(.builtIn(.meta), limits: TemplateSyncLimits(pageSize: 2))
        await session.close()
        let seed = SandboxTemplateLibrary.seed
        #expect(result.library.templates.map(\.key) == seed.map(\.key))
        #expect(result.pages == (seed.count + 1) / 2)
        #expect(result.path == folder + "/meta.json" && result.previous == nil)
        // The file: profile, synced_at in ISO 8601, source, the templates; mode 0600.
        let file = try JSONParser.parse(Array(try #require(FileManager.default.contents(atPath: result.path))))
        #expect(file["profile"] == "meta" && file["source"] == "sync")
        let stamp = try #require(file["synced_at"]?.stringValue)
        #expect(ISO8601DateFormatter().date(from: stamp) != nil)
        #expect(file["templates"]?.arrayValue?.count == seed.count)
        let mode = try FileManager.default.attributesOfItem(atPath: result.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let loaded = try #require(try session.templateLibrary("meta"))
        #expect(loaded.templates == result.library.templates && loaded.syncedAtText == stamp)
    }

    @Test func aFailingPageKeepsTheOldCache() async throws {
        let (session, _) = Self.session()
        let first = try await session.templatesSync(.builtIn(.meta))
        let before = try #require(FileManager.default.contents(atPath: first.path))
        // The same account with a key the sandbox refuses.
        var wrongKey = try await session.effectiveProfile(.builtIn(.meta))
        wrongKey.secret = .inline("not-the-key")
        wrongKey.isBuiltIn = false  // else the session puts the sandbox's own account back
        do {
            _ = try await session.templatesSync(wrongKey)
            Issue.record("the sync went through")
        } catch {
            guard case .page(1, .refused(401, "190", _)) = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("the cached library was not changed"))
        }
        await session.close()
        #expect(FileManager.default.contents(atPath: first.path) == before)
    }

    @Test func aGatewayWithoutAListingSaysSoAndAProfileWithoutWabaIDToo() async throws {
        let (session, _) = Self.session()
        await #expect(throws: TemplateSyncError.self) { try await session.templatesSync(.builtIn(.kaleyra)) }
        var noWaba = Profile.builtIn(.meta)
        noWaba.wabaID = nil
        noWaba.isBuiltIn = false
        do { _ = try await session.templatesSync(noWaba); Issue.record("synced") } catch {
            #expect(error.description.contains("waba_id"))
        }
        await session.close()
    }

    @Test func importReadsEachShapeOfMetasJSON() throws {
        let (session, folder) = Self.session()
        let a = #"{"name":"a","language":"en_US","status":"APPROVED","components":[]}"#
        let b = #"{"name":"b","language":"es"}"#
        let shapes = ["[\(a),\(b)]", #"{"data":[\#(a),\#(b)],"paging":{"cursors":{"before":"x","after":"y"}}}"#, #"[{"data":[\#(a)]},{"data":[\#(b)]}]"#]
        for (i, text) in shapes.enumerated() {
            let result = try session.templatesImport(Array(text.utf8), file: "t\(i).json", profile: "kaleyra")
            #expect(result.library.templates.map(\.name) == ["a", "b"], "\(text)")
            #expect(result.path == folder + "/kaleyra.json")
            #expect(try session.templateLibrary("kaleyra")?.source == .imported(file: "t\(i).json"))
            #expect((result.previous == nil) == (i == 0))
        }
    }

    @Test func aBadImportNamesTheFieldAndKeepsTheCache() throws {
        let (session, _) = Self.session()
        let good = try session.templatesImport(Array(#"[{"name":"a","language":"en"}]"#.utf8), file: "good.json", profile: "meta")
        let before = try #require(FileManager.default.contents(atPath: good.path))
        do {
            _ = try session.templatesImport(Array(#"{"data":[{"name":"a","language":"en"},{"language":"en"}]}"#.utf8), file: "bad.json", profile: "meta")
            Issue.record("imported")
        } catch {
            #expect(error.description == "bad.json: data[1].name: required: the template's name")
        }
        do { _ = try session.templatesImport(Array("[{".utf8), file: "cut.json", profile: "meta"); Issue.record("imported") } catch {
            #expect(error.description.hasPrefix("cut.json:1:"))
        }
        #expect(throws: TemplateImportError.self) { try session.templatesImport(Array("[]".utf8), file: "empty.json", profile: "meta") }
        #expect(FileManager.default.contents(atPath: good.path) == before)
    }

    @Test func aDamagedCacheIsReportedAndLeftAsItIs() throws {
        let (session, folder) = Self.session()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = session.templateCache.path(for: "meta")
        let damaged = Array(#"{"profile":"meta","synced_at":"2026-12-01T21:00:00Z","source":"sync","templates":[{"name":"a"}]}"#.utf8)
        FileManager.default.createFile(atPath: path, contents: Data(damaged))
        do { _ = try session.templateLibrary("meta"); Issue.record("read") } catch {
            guard case .damaged(let at, let reason) = error else { Issue.record("\(error)"); return }
            #expect(at == path && reason.contains("templates[0].language"))
        }
        FileManager.default.createFile(atPath: path, contents: Data("{not json".utf8))
        #expect(throws: TemplateCacheError.self) { try session.templateLibrary("meta") }
        #expect(FileManager.default.contents(atPath: path) == Data("{not json".utf8))
    }

    @Test func profileNamesMakeFileNamesThatNeverCollide() {
        let cache = TemplateCache(folder: "/x")
        #expect(cache.path(for: "live-meta_2") == "/x/live-meta_2.json")
        #expect(cache.path(for: "../a/b") == "/x/%2E.%2Fa%2Fb.json")
        #expect(cache.path(for: "a%2F") != cache.path(for: "a/"))
        #expect(cache.path(for: "") == "/x/%.json")
    }
}
