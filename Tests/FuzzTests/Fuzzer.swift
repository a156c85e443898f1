import Foundation
import Testing
import WhatsAppModel

/// A seeded fuzzer: mutates seed inputs (bytes flipped, cut, repeated, spliced; JSON and TOML
/// structure stressed: deep nesting, long strings and numbers, escapes, control bytes, many
/// keys) and feeds each to a parser, for a bounded time. A crash ends the test process — the
/// input being parsed is always written first to `Tests/FuzzTests/Last/<target>` so it can be
/// kept. An input that takes over a second is a finding: it is written to the corpus folder
/// (`Tests/FuzzTests/Corpus/<target>/`) and the test fails. Every file in the corpus folder is
/// parsed again on every run, so what was found once stays fixed.
struct Fuzzer {
    let target: String
    let seeds: [[UInt8]]
    var rng: SplitMix64

    /// Seconds per target: `WACON_FUZZ_SECONDS` (CI runs a few; a developer can run minutes).
    static var budget: Duration {
        let s = ProcessInfo.processInfo.environment["WACON_FUZZ_SECONDS"].flatMap(Double.init) ?? 2
        return .milliseconds(Int(s * 1000))
    }

    /// The seed of the random choices: `WACON_FUZZ_SEED`, else fixed, so a run can be repeated.
    static var seed: UInt64 { ProcessInfo.processInfo.environment["WACON_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_C0DE }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    init(target: String, seeds: [[UInt8]]) {
        self.target = target
        self.seeds = seeds.isEmpty ? [[]] : seeds
        // Each target its own stream (a fold of its name: `hashValue` changes per process).
        self.rng = SplitMix64(seed: target.utf8.reduce(Self.seed) { $0 &* 31 &+ UInt64($1) })
    }

    /// The corpus kept for this target (crashers and slow inputs found before).
    var corpus: [[UInt8]] {
        let dir = Self.folder.appendingPathComponent("Corpus/\(target)")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
        return names.compactMap { FileManager.default.contents(atPath: dir.appendingPathComponent($0).path).map { Array($0) } }
    }

    /// Runs `parse` over the corpus, the seeds, then mutations until the budget is spent.
    /// Returns how many inputs were tried.
    @discardableResult
    mutating func run(_ parse: ([UInt8]) -> Void) -> Int {
        let clock = ContinuousClock()
        let end = clock.now + Self.budget
        let last = Self.folder.appendingPathComponent("Last")
        try? FileManager.default.createDirectory(at: last, withIntermediateDirectories: true)
        let lastFile = last.appendingPathComponent(target).path
        var tried = 0
        func attempt(_ input: [UInt8]) {
            FileManager.default.createFile(atPath: lastFile, contents: Data(input))
            let start = clock.now
            parse(input)
            tried += 1
            if clock.now - start > .seconds(1) { keepSlow(input) }
        }
        for input in corpus + seeds { attempt(input) }
        while clock.now < end { attempt(mutate()) }
        try? FileManager.default.removeItem(atPath: lastFile)
        return tried
    }

    /// A slow input is kept in the corpus and the test fails.
    func keepSlow(_ input: [UInt8]) {
        let dir = Self.folder.appendingPathComponent("Corpus/\(target)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var h = Hasher()
        h.combine(input)
        let name = "slow-\(String(UInt64(bitPattern: Int64(h.finalize())), radix: 16))"
        FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: Data(input))
        Issue.record("\(target): an input of \(input.count) bytes took over a second; kept as Corpus/\(target)/\(name)")
    }

    mutating func mutate() -> [UInt8] {
        var b = seeds[rng.below(seeds.count)]
        for _ in 0..<(1 + rng.below(4)) { mutateOnce(&b) }
        return b.count > 1 << 20 ? Array(b.prefix(1 << 20)) : b
    }

    static let interesting: [[UInt8]] = [
        Array("\"".utf8), Array("{".utf8), Array("}".utf8), Array("[".utf8), Array("]".utf8), Array(",".utf8), Array(":".utf8),
        Array("\\".utf8), Array("\\u0000".utf8), Array("\\uD800".utf8), Array("\\uDBFF\\uDFFF".utf8), Array("null".utf8),
        Array("1e999999".utf8), Array("-0.0000000000000000001".utf8), Array("99999999999999999999999".utf8), Array("true".utf8),
        Array("\u{1B}[2J".utf8), Array("\u{202E}".utf8), [0x00], [0xFF], [0xC3], [0xED, 0xA0, 0x80], Array("${".utf8), Array("\n".utf8),
        Array("=".utf8), Array("[[".utf8), Array("'''".utf8), Array("\"\"\"".utf8), Array("$'".utf8), Array("\\x".utf8), Array("+".utf8),
    ]

    mutating func mutateOnce(_ b: inout [UInt8]) {
        let at = b.isEmpty ? 0 : rng.below(b.count + 1)
        switch rng.below(11) {
        case 0 where !b.isEmpty: b[min(at, b.count - 1)] ^= UInt8(1 << rng.below(8))
        case 1 where !b.isEmpty: b[min(at, b.count - 1)] = UInt8(truncatingIfNeeded: rng.next())
        case 2: b.insert(contentsOf: Self.interesting[rng.below(Self.interesting.count)], at: at)
        case 3 where !b.isEmpty:
            let n = 1 + rng.below(min(64, b.count - min(at, b.count - 1)))
            b.removeSubrange(min(at, b.count - 1)..<min(b.count, min(at, b.count - 1) + n))
        case 4 where !b.isEmpty:
            // A run of the input repeated: many keys, many screens, long arrays.
            let from = rng.below(b.count)
            let piece = Array(b[from..<min(b.count, from + 1 + rng.below(48))])
            let times = 1 + rng.below(rng.below(2) == 0 ? 8 : 2000)
            b.insert(contentsOf: Array(repeatElement(piece, count: times).joined()), at: at)
        case 5:
            // Deep nesting.
            let depth = 1 + rng.below(rng.below(2) == 0 ? 16 : 3000)
            let open: UInt8 = rng.below(2) == 0 ? 0x5B : 0x7B
            b.insert(contentsOf: [UInt8](repeating: open, count: depth), at: at)
        case 6:
            // A long string or number.
            let n = 1 + rng.below(rng.below(2) == 0 ? 64 : 200_000)
            b.insert(contentsOf: [UInt8](repeating: rng.below(2) == 0 ? 0x61 : 0x39, count: n), at: at)
        case 7:
            // Splice in a part of another seed.
            let other = seeds[rng.below(seeds.count)]
            if !other.isEmpty {
                let from = rng.below(other.count)
                b.insert(contentsOf: other[from..<min(other.count, from + 1 + rng.below(256))], at: at)
            }
        case 8 where !b.isEmpty: b = Array(b[..<min(at, b.count)])
        case 9: b.insert(contentsOf: Array("\"k\(rng.below(1_000_000))\":".utf8), at: at)
        default: b.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
        }
    }
}

/// The fuzzers' generator: the model's seeded one.
typealias SplitMix64 = SeededRandom
