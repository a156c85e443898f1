import Foundation
import Testing
import WhatsAppModel

/// `wacon templates`, the real binary: sync from the in-process sandbox with no config, then
/// list, show and import against the cache it wrote.
@Suite(.serialized) struct TemplatesCLITests {
    @Test func syncThenListShowAndJSON() throws {
        let data = tempDataHome()
        let env = ["XDG_DATA_HOME": data]
        let none = try wacon(["templates", "list"], env: env, killAfter: .seconds(120))
        #expect(none.status == 1 && none.stderr.contains("wacon templates sync -p meta"), "\(none.stderr)")

        let sync = try wacon(["templates", "sync"], env: env, killAfter: .seconds(120))
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("synced 11 templates in 1 page for profile meta → \(data)/wacon/templates/meta.json"), "\(sync.stdout)")

        let list = try wacon(["templates", "list"], env: env, killAfter: .seconds(60))
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("profile meta: 11 templates, synced 20") == true && lines.first?.hasSuffix("(sync)") == true, "\(list.stdout)")
        #expect(lines.contains { $0.hasPrefix("NAME") && $0.contains("QUALITY") && $0.hasSuffix("PARAMS") })
        let order = try #require(lines.first { $0.hasPrefix("order_update ") })
        #expect(order.split(separator: " ", omittingEmptySubsequences: true) == ["order_update", "en_US", "APPROVED", "UTILITY", "GREEN", "3"])

        let json = try wacon(["templates", "list", "--json"], env: env, killAfter: .seconds(60))
        let array = try #require(try JSONParser.parse(json.stdout).arrayValue)
        #expect(array.count == 11 && array.allSatisfy { $0["name"] != nil && $0["language"] != nil && $0["components"] != nil && $0["parameter_format"] != nil })

        let show = try wacon(["templates", "show", "order_update", "--json"], env: env, killAfter: .seconds(60))
        let shown = try JSONParser.parse(show.stdout)
        #expect(show.status == 0 && shown["name"] == "order_update")
        let text = try wacon(["templates", "show", "verification_code"], env: env, killAfter: .seconds(60))
        #expect(text.status == 0 && text.stdout.contains("AUTHENTICATION") && text.stdout.contains("\"otp_type\": \"COPY_CODE\""), "\(text.stdout)")
        let both = try wacon(["templates", "show", "appointment_reminder"], env: env, killAfter: .seconds(60))
        #expect(both.status == 0 && both.stdout.contains("2 languages") && both.stdout.contains("es "), "\(both.stdout)")
        let spanish = try wacon(["templates", "show", "appointment_reminder", "--language", "es", "--json"], env: env, killAfter: .seconds(60))
        let es = try JSONParser.parse(spanish.stdout)
        #expect(es["language"] == "es")
        let missing = try wacon(["templates", "show", "order_updat"], env: env, killAfter: .seconds(60))
        #expect(missing.status == 1 && missing.stderr.contains("did you mean order_update"), "\(missing.stderr)")
        let noLanguage = try wacon(["templates", "show", "order_update", "--language", "fr"], env: env, killAfter: .seconds(60))
        #expect(noLanguage.status == 1)
    }

    @Test func importAndItsErrors() throws {
        let data = tempDataHome()
        let env = ["XDG_DATA_HOME": data]
        let file = try tempFile(#"{"data":[{"name":"welcome","language":"en_US","status":"APPROVED","category":"MARKETING","components":[{"type":"BODY","text":"Hi {{1}}"}]}]}"#, ext: "json")
        let imported = try wacon(["templates", "import", file, "-p", "kaleyra"], env: env, killAfter: .seconds(60))
        #expect(imported.status == 0 && imported.stdout.contains("imported 1 template for profile kaleyra"), "\(imported.stdout)\(imported.stderr)")
        let list = try wacon(["templates", "list", "-g", "kaleyra"], env: env, killAfter: .seconds(60))
        #expect(list.status == 0 && list.stdout.contains("(import: \(file))") && list.stdout.contains("welcome"), "\(list.stdout)")

        let bad = try tempFile(#"[{"name":"welcome"}]"#, ext: "json")
        let refused = try wacon(["templates", "import", bad, "-p", "kaleyra"], env: env, killAfter: .seconds(60))
        #expect(refused.status == 2 && refused.stderr.contains("[0].language: required"), "\(refused.stderr)")
        let unreadable = try wacon(["templates", "import", "/nonexistent/t.json"], env: env, killAfter: .seconds(60))
        #expect(unreadable.status == 2)
        // Still the first import's library.
        let again = try wacon(["templates", "list", "-g", "kaleyra", "--json"], env: env, killAfter: .seconds(60))
        let kept = try JSONParser.parse(again.stdout)
        #expect(kept.arrayValue?.count == 1)

        let noAPI = try wacon(["templates", "sync", "-g", "kaleyra"], env: env, killAfter: .seconds(60))
        #expect(noAPI.status == 2 && noAPI.stderr.contains("wacon templates import FILE -p kaleyra"), "\(noAPI.stderr)")
        let noProfile = try wacon(["templates", "list", "-p", "nope"], env: env, killAfter: .seconds(60))
        #expect(noProfile.status == 2)
    }

    @Test func theStandaloneSandboxTakesTemplateFilesAndRefusesABadOneBeforeListening() throws {
        let bad = try tempFile(#"{"data":[{"name":"x","language":"en"},{"name":"y","language":7}]}"#, ext: "json")
        let refused = try wacon(["sandbox", "--port", "0", "--templates", bad], killAfter: .seconds(60))
        #expect(refused.status == 2 && refused.stderr.contains("--templates \(bad): data[1].language: a non-empty string; found a number"), "\(refused.stderr)")

        let good = try tempFile(#"[{"name":"welcome","language":"en_US","status":"APPROVED"},{"name":"order_update","language":"en_US","status":"PAUSED"}]"#, ext: "json")
        let (p, out) = try startWacon(["sandbox", "--port", "0", "--templates", good], dataHome: tempDataHome())
        // A safety net, not a speed target: a sandbox that never says it serves is killed, so
        // the read below ends (and the test fails saying what came) instead of hanging the suite.
        let pid = p.processIdentifier
        let guardKill = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: guardKill)
        defer {
            guardKill.cancel()
            if p.isRunning { kill(pid, SIGKILL) }
            p.waitUntilExit()
        }
        // The banner, read until the last line it prints before serving.
        var text = ""
        while !text.contains("Ctrl-C stops it.") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        // Eleven seeded, one new, one replaced.
        #expect(text.contains("templates 12 in each gateway's library"), "\(text)\(errorText(of: p))")
    }
}
