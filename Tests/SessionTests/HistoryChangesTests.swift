import Foundation
import Providers
import Session
import Testing
import WhatsAppModel

/// Another process's write to the history file (here: a second session on the same file, as a
/// `wacon listen` in another terminal would be) reaches a watcher as a tick; a file beside it
/// that is not the history does not.
@Suite(.serialized, .timeLimit(.minutes(2))) struct HistoryChangesTests {
    actor Ticks {
        var count = 0
        func add() { count += 1 }
    }

    @Test func aWriteByAnotherSessionTicksAndAnUnrelatedFileDoesNot() async throws {
        let settings = SessionTests.tempSettings()
        let folder = (settings.historyPath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let watcher = WaconSession(settings: settings)
        let ticks = Ticks()
        let (started, ready) = AsyncStream.makeStream(of: Void.self)
        let following = Task {
            ready.yield()
            for await _ in watcher.historyChanges() { await ticks.add() }
        }
        var it = started.makeAsyncIterator()
        _ = await it.next()
        try await Task.sleep(for: .milliseconds(100))
        // Not the history: nothing.
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        try await Task.sleep(for: .milliseconds(300))
        #expect(await ticks.count == 0)
        // A send by another session writes the file: a tick comes.
        let writer = WaconSession(settings: settings)
        _ = try await writer.send(SendJob(message: SessionTests.text, gateway: .meta, profile: .builtIn(.meta)))
        let clock = ContinuousClock()
        let until = clock.now + .seconds(30)
        while await ticks.count == 0, clock.now < until { try await Task.sleep(for: .milliseconds(20)) }
        #expect(await ticks.count >= 1)
        following.cancel()
        await writer.close()
        await watcher.close()
    }
}
