import Testing
@testable import WhatsAppModel

/// The small stand-ins for full Foundation's string, path and lock helpers.
@Suite struct PlatformTextTests {
    @Test func trimmedDropsWhiteSpaceAtBothEndsOnly() {
        #expect("  +27 82 555 0100\t".trimmed == "+27 82 555 0100")
        #expect("\n\r\n a b \u{00A0}\u{2003}".trimmed == "a b")
        #expect(" \t\n ".trimmed.isEmpty)
        #expect("".trimmed.isEmpty)
        #expect("x".trimmed == "x")
        #expect(Substring(" 12 ").trimmed == "12")
    }

    @Test func lastRangeFindsTheLastOccurrence() {
        let s = "a copy copy of copy"
        let r = s.lastRange(of: " copy")
        #expect(r.map { String(s[$0.lowerBound...]) } == " copy")
        #expect(r?.lowerBound == s.index(s.startIndex, offsetBy: 14))
        #expect("aaa".lastRange(of: "aa").map { s.distance(from: "aaa".startIndex, to: $0.lowerBound) } == 1)
        #expect("abc".lastRange(of: "x") == nil)
        #expect("abc".lastRange(of: "") == nil)
    }

    @Test func pathsReadLikeAShellUserReadsThem() {
        #expect(FilePaths.lastComponent("a/b/c.json") == "c.json")
        #expect(FilePaths.lastComponent("a/b/") == "b")
        #expect(FilePaths.lastComponent("c.json") == "c.json")
        #expect(FilePaths.lastComponent("/") == "/")
        #expect(FilePaths.folder("a/b/c.json") == "a/b")
        #expect(FilePaths.folder("c.json") == "")
        #expect(FilePaths.folder("/c.json") == "/")
        #expect(FilePaths.folder("/a/b/") == "/a")
        #expect(FilePaths.folder("a//b") == "a")
        #expect(FilePaths.folder("//c") == "/")
        #expect(FilePaths.stem("themes/dark.toml") == "dark")
        #expect(FilePaths.stem("archive.tar.gz") == "archive.tar")
        #expect(FilePaths.stem(".hidden") == ".hidden")
        #expect(FilePaths.stem("plain") == "plain")
    }

    @Test func tildeIsTheHomeFolder() {
        let env = ["HOME": "/home/qa"]
        #expect(FilePaths.expandingTilde("~", environment: env) == "/home/qa")
        #expect(FilePaths.expandingTilde("~/suites/a.json", environment: env) == "/home/qa/suites/a.json")
        #expect(FilePaths.expandingTilde("~/x", environment: ["HOME": "/root/"]) == "/root/x")
        #expect(FilePaths.expandingTilde("~other/x", environment: env) == "~other/x")
        #expect(FilePaths.expandingTilde("/abs/~/x", environment: env) == "/abs/~/x")
        #expect(FilePaths.home(env) == "/home/qa")
        #expect(!FilePaths.home([:]).isEmpty)
    }

    @Test func aThreadLockKeepsCountsWhole() async {
        final class Counter: @unchecked Sendable {
            let lock = ThreadLock()
            var value = 0
        }
        let counter = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { for _ in 0..<10_000 { counter.lock.withLock { counter.value += 1 } } }
            }
        }
        #expect(counter.lock.withLock { counter.value } == 80_000)
    }

    @Test func aDetachedThreadRunsItsWork() async {
        let ran = await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
            let started = DetachedThread.start(stackSize: 8 << 20) { done.resume(returning: true) }
            if !started { done.resume(returning: false) }
        }
        #expect(ran)
    }

    @Test func languageCodesAreTwoOrThreeLettersWithAnOptionalRegion() {
        for good in ["en", "pt_BR", "fil", "en_US", "zh_CN"] { #expect(MessageValidator.isLanguageCode(good), "\(good)") }
        for bad in ["", "e", "english", "EN", "en_us", "en-US", "en_USA", "en_", "pt_B", "ab1"] {
            #expect(!MessageValidator.isLanguageCode(bad), "\(bad)")
        }
    }
}
