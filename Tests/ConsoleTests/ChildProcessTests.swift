import Testing
@testable import Console
import WhatsAppModel

/// The helper program runner behind copying through tmux: a real child through posix_spawn.
@Suite struct ChildProcessTests {
    @Test func inputGoesInOutputAndErrorsComeBackWithTheExitStatus() throws {
        let result = ChildProcess.run(["sh", "-c", "cat; printf ' oops' >&2; exit 3"], input: Array("hello".utf8))
        let finished = try result.get()
        #expect(finished.exitStatus == 3)
        #expect(String(decoding: finished.output, as: UTF8.self) == "hello oops")
    }

    @Test func aLargeInputArrivesWhole() throws {
        let input = [UInt8](repeating: 0x61, count: 1 << 20)
        let finished = try ChildProcess.run(["sh", "-c", "wc -c"], input: input).get()
        #expect(finished.exitStatus == 0)
        #expect(String(decoding: finished.output, as: UTF8.self).trimmed == "1048576")
    }

    @Test func aProgramThatIsNotThereIsAFailureWithItsReason() {
        let result = ChildProcess.run(["wacon-no-such-program-for-tests"], input: [])
        guard case .failure(let failure) = result else { Issue.record("ran a program that does not exist: \(result)"); return }
        #expect(failure.reason.lowercased().contains("no such file"))
    }

    @Test func aSignalledChildReportsOneHundredTwentyEightPlusTheSignal() throws {
        let finished = try ChildProcess.run(["sh", "-c", "kill -TERM $$"], input: []).get()
        #expect(finished.exitStatus == 128 + 15)
    }
}
