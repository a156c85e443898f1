import Foundation
import Testing
import WhatsAppModel

/// The history file as users meet it: through the real binary, real processes, real SQLite.
@Suite(.serialized, .timeLimit(.minutes(2))) struct HistoryCLITests {
    func historyIDs(_ stdout: String) -> [Int64] {
        stdout.split(separator: "\n").compactMap { line in
            guard let r = line.range(of: "history #") else { return nil }
            return Int64(line[r.upperBound...].prefix { $0.isNumber })
        }
    }

    /// A row shows the number that was sent, grouped, whole: not the text as pasted, not cut.
    @Test func rowsShowTheNumberSentWhole() throws {
        let data = tempDataHome()
        let message = #"{"messaging_product":"whatsapp","to":"+44 (0) 7700 900123","type":"text","text":{"body":"hi"}}"#
        #expect(try wacon(["send", "-", "-g", "meta"], stdin: message, env: ["XDG_DATA_HOME": data]).status == 0)
        let list = try wacon(["history"], env: ["XDG_DATA_HOME": data])
        #expect(list.stdout.contains(" +44 7700 900123 "), "\(list.stdout)")
        #expect(!list.stdout.contains("(0)"), "\(list.stdout)")
    }

    @Test func sendRecordsAndHistoryListsShowsExportsAndReplays() throws {
        let data = tempDataHome()
        let env = ["XDG_DATA_HOME": data]
        let sent = try wacon(["send", "examples/text.json", "-g", "kaleyra", "--scenario", "E110"], env: env)
        let id = try #require(historyIDs(sent.stdout).first)
        let list = try wacon(["history", "--json"], env: env)
        let entries = try JSONParser.parse(list.stdout)
        #expect(entries.arrayValue?.first?["vendor_code"] == "E110")
        let show = try wacon(["history", "show", String(id)], env: env)
        #expect(show.stdout.contains("api-key: [redacted]"))
        #expect(show.stdout.contains("E110"))
        // Is it the vendor or the message? The same message through Meta is accepted.
        let replay = try wacon(["history", "replay", String(id), "--gateway", "meta"], env: env)
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout.contains("accepted  wamid."))
        // Replaying as recorded reproduces the rejection (the scenario is part of the record).
        #expect(try wacon(["history", "replay", String(id)], env: env).status == 3)
        let har = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-\(UUID().uuidString).har").path
        let export = try wacon(["history", "export", String(id), "--format", "har", "--output", har], env: env)
        #expect(export.status == 0)
        let log = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: har))))
        #expect(log["log"]?["version"] == "1.2")
        #expect(log["log"]?["entries"]?.arrayValue?.first?["response"]?["status"] == 400)
        let stats = try JSONParser.parse(try wacon(["history", "stats", "--json"], env: env).stdout)
        #expect(stats["entries"] == 3)
        // An id that names no entry: an error, and nothing deleted.
        let typo = try wacon(["history", "delete", String(id), "99999"], env: env)
        #expect(typo.status == 2 && typo.stderr.contains("no entry #99999; nothing was deleted"), "\(typo.stderr)")
        #expect(try wacon(["history", "show", String(id)], env: env).status == 0)
        #expect(try wacon(["history", "delete", String(id)], env: env).stdout.contains("deleted 1 entry"))
        #expect(try wacon(["history", "show", String(id)], env: env).status == 2)
    }

    @Test func twoProcessesRecordingAtOnceBothSucceed() throws {
        let data = tempDataHome()
        let numbers = (0..<15).map { "+2712345\(String(format: "%04d", $0))" }.joined(separator: "\n")
        let file = try tempFile(numbers, ext: "txt")
        func start() throws -> (Process, Pipe) {
            try startWacon(["send", "examples/text.json", "-g", "meta", "--recipients", file, "--rate", "0"], dataHome: data)
        }
        let (a, outA) = try start()
        let (b, outB) = try start()
        let textA = String(decoding: outA.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let textB = String(decoding: outB.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        a.waitUntilExit(); b.waitUntilExit()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
        let ids = historyIDs(textA) + historyIDs(textB)
        #expect(ids.count == 30, "A: \(errorText(of: a))\nB: \(errorText(of: b))")
        #expect(Set(ids).count == 30, "every send got its own entry")
        let stats = try JSONParser.parse(try wacon(["history", "stats", "--json"], env: ["XDG_DATA_HOME": data]).stdout)
        #expect(stats["entries"] == 30)
    }

    @Test func fourProcessesOpeningANewHistoryAtOnceAllRecord() throws {
        for _ in 0..<3 {
            let data = tempDataHome()
            let procs = try (0..<4).map { _ in try startWacon(["send", "examples/text.json", "-g", "kaleyra"], dataHome: data) }
            var ids: [Int64] = []
            for (p, out) in procs {
                ids += historyIDs(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
                p.waitUntilExit()
                #expect(p.terminationStatus == 0)
            }
            #expect(ids.sorted() == [1, 2, 3, 4], "\(ids)")
        }
    }

    @Test func killNineLosesNoPrintedIDAndLeavesASoundFile() throws {
        let data = tempDataHome()
        let numbers = (0..<2000).map { "+2712345\(String(format: "%04d", $0))" }.joined(separator: "\n")
        let file = try tempFile(numbers, ext: "txt")
        let (p, out) = try startWacon(["send", "examples/text.json", "-g", "kaleyra", "--recipients", file, "--rate", "0"], dataHome: data)
        var seen = Data()
        while historyIDs(String(decoding: seen, as: UTF8.self)).count < 80 {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        seen.append(out.fileHandleForReading.readDataToEndOfFile())
        let printed = historyIDs(String(decoding: seen, as: UTF8.self))
        #expect(printed.count >= 80)
        #expect(p.terminationReason == .uncaughtSignal)
        // The file is sound and holds every id that was printed.
        let db = data + "/wacon/history.sqlite"
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        let checkOut = Pipe()
        check.standardOutput = checkOut
        check.arguments = [db, "PRAGMA integrity_check; SELECT group_concat(id) FROM entry;"]
        try check.run()
        let lines = String(decoding: checkOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        check.waitUntilExit()
        #expect(lines.first == "ok")
        let stored = Set((lines.dropFirst().first ?? "").split(separator: ",").compactMap { Int64($0) })
        #expect(Set(printed).isSubset(of: stored), "missing: \(Set(printed).subtracting(stored).sorted())")
    }

    @Test func aBrokenHistoryNeverStopsASendAndCanBeMovedAside() throws {
        let data = tempDataHome()
        try FileManager.default.createDirectory(atPath: data + "/wacon", withIntermediateDirectories: true)
        let junk = Data(repeating: 0x42, count: 4096)
        try junk.write(to: URL(fileURLWithPath: data + "/wacon/history.sqlite"))
        let env = ["XDG_DATA_HOME": data]
        let r = try wacon(["send", "examples/text.json", "-g", "meta"], env: env)
        #expect(r.status == 6, "sent, but not recorded: a failing exit status")
        #expect(r.stdout.contains("accepted"))
        #expect(r.stderr.contains("left untouched") && r.stderr.contains("move-aside"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: data + "/wacon/history.sqlite")) == junk)
        let moved = try wacon(["history", "move-aside"], env: env)
        #expect(moved.status == 0)
        #expect(moved.stdout.contains("history.sqlite.broken-"))
        #expect(historyIDs(try wacon(["send", "examples/text.json", "-g", "meta"], env: env).stdout) == [1])
    }

    @Test func historyCanBeTurnedOff() throws {
        let data = tempDataHome()
        let config = try tempFile("[history]\nenabled = false\n", ext: "toml")
        let r = try wacon(["send", "examples/text.json", "-g", "meta", "--config", config], env: ["XDG_DATA_HOME": data])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("history #"))
        #expect(!FileManager.default.fileExists(atPath: data + "/wacon/history.sqlite"))
        #expect(historyIDs(try wacon(["send", "examples/text.json", "-g", "meta", "--no-history"], env: ["XDG_DATA_HOME": data]).stdout).isEmpty)
    }
}

/// The history file as an attacker leaves it: read commands never change a byte of it, healthy
/// or damaged, and damage is reported with the way out.
@Suite(.serialized) struct HistoryDamageCLITests {
    static func fill(_ data: String, count: Int) throws {
        let numbers = (0..<count).map { "+2712345\(String(format: "%04d", $0))" }.joined(separator: "\n")
        let file = try tempFile(numbers, ext: "txt")
        let r = try wacon(["send", "examples/interactive-list.json", "-g", "kaleyra", "--recipients", file, "--rate", "0"], env: ["XDG_DATA_HOME": data])
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func readCommandsLeaveAHealthyFileByteForByte() throws {
        let data = tempDataHome()
        try Self.fill(data, count: 20)
        let path = data + "/wacon/history.sqlite"
        // Fold the WAL back first, as a finished send leaves it: then only reads follow.
        #expect(try wacon(["history", "check"], env: ["XDG_DATA_HOME": data]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for args in [["history", "list"], ["history", "show", "3"], ["history", "stats"], ["history", "export", "1", "2", "--format", "har"], ["history", "check"],
                     ["history", "list", "--search", "Morning"]] {
            let r = try wacon(args, env: ["XDG_DATA_HOME": data])
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "a read command changed the file")
    }

    @Test func aDamagedFileIsReportedLeftUntouchedAndASendSaysItWasNotRecorded() throws {
        let data = tempDataHome()
        try Self.fill(data, count: 120)
        let env = ["XDG_DATA_HOME": data]
        _ = try wacon(["history", "check"], env: env)
        let path = data + "/wacon/history.sqlite"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count > 64 * 1024)
        // 4 KiB of garbage in the middle, page-aligned as a disk error would leave it.
        let middle = (bytes.count / 2) / 4096 * 4096
        bytes.replaceSubrange(middle..<(middle + 4096), with: Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }))
        try bytes.write(to: URL(fileURLWithPath: path))
        for args in [["history", "check"], ["history", "stats"], ["history", "list"], ["history", "show", "5"]] {
            let r = try wacon(args, env: env)
            #expect(r.status == 2, "\(args) exit \(r.status): \(r.stdout)")
            #expect(r.stderr.contains("damaged") && r.stderr.contains("move-aside"), "\(args): \(r.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "\(args) changed the damaged file")
        }
        let send = try wacon(["send", "examples/text.json", "-g", "meta"], env: env)
        #expect(send.stdout.contains("accepted"))
        #expect(send.status != 0, "the exchange could not be recorded: the exit status says so")
        #expect(send.stderr.contains("history"), "\(send.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "the send wrote into the damaged file")
    }
}
