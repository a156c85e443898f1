import Foundation
import Providers
import WhatsAppModel

// `wacon-bench scale`: how the work on outside input grows with its size. Each input is timed
// at two sizes ten times apart; linear work shows a ratio near 10, quadratic work near 100.
// - a message whose `text` object has N extra keys (each one an "unknown field" finding), read
//   and validated as `wacon validate` does;
// - a Flow whose first screen declares N `data` properties, parsed and linted;
// - a Flow of N screens (the generated `flow` benchmark Flow), parsed and linted.

/// A message with `keys` extra keys in its `text` object, as JSON bytes.
private func manyKeysMessage(_ keys: Int) -> [UInt8] {
    var text = #"{"messaging_product":"whatsapp","to":"+16505551234","type":"text","text":{"body":"hi""#
    text.reserveCapacity(keys * 20)
    for i in 0..<keys { text += #","k\#(i)":\#(i)"# }
    text += "}}"
    return Array(text.utf8)
}

/// A one-screen Flow whose screen declares `properties` data properties.
private func manyDataFlow(_ properties: Int) -> [UInt8] {
    var data: JSONObject = [:]
    for i in 0..<properties { data["p\(i)"] = ["type": "string", "__example__": "v"] }
    let screen: JSONValue = [
        "id": "ONLY", "title": "Only", "terminal": true, "data": .object(data),
        "layout": ["type": "SingleColumnLayout", "children": [
            ["type": "Footer", "label": "Done", "on-click-action": ["name": "complete", "payload": [:]]],
        ]],
    ]
    return JSONWriter.compact(["version": "7.3", "screens": [screen]])
}

/// The median of `runs` timings of `work`, in milliseconds.
private func medianMillis(runs: Int, _ work: () -> Void) -> Double {
    work()  // warm-up
    let samples = (0..<runs).map { _ -> Double in
        let t0 = nanos()
        work()
        return Double(nanos() - t0) / 1_000_000
    }
    return Stats(samples).median
}

func scaleBenchmark(runs: Int) {
    #if DEBUG
    print("warning: debug build; run `swift build -c release --product wacon-bench` for real figures")
    #endif
    print("wacon-bench scale: time at two sizes ten times apart (median of \(runs) runs); linear ≈ 10×, quadratic ≈ 100×")
    print("input                                   small        ms      large        ms   ratio")
    let gateway = GatewayID.meta.gateway
    let profile = Profile.builtIn(.meta)
    func row(_ name: String, _ sizes: (Int, Int), bytes: (Int) -> [UInt8], work: @escaping ([UInt8]) -> Int) {
        let (a, b) = (bytes(sizes.0), bytes(sizes.1))
        var seen = (0, 0)
        let ta = medianMillis(runs: runs) { seen.0 = work(a) }
        let tb = medianMillis(runs: runs) { seen.1 = work(b) }
        print(name.padding(toLength: 36, withPad: " ", startingAt: 0)
              + String(format: " %8d %9.2f %10d %9.2f %7.1f×", sizes.0, ta, sizes.1, tb, tb / max(ta, 0.000_001))
              + "   (findings \(seen.0) / \(seen.1), \(a.count) / \(b.count) bytes)")
    }
    row("message keys: parse + validate", (10_000, 100_000), bytes: manyKeysMessage) { bytes in
        guard let m = try? OutboundMessage.parse(bytes) else { return -1 }
        return gateway.prepare(m, profile: profile).findings.count
    }
    row("Flow data properties: parse + lint", (10_000, 100_000), bytes: manyDataFlow) { bytes in
        guard let d = try? FlowDocument.parse(bytes) else { return -1 }
        return FlowLinter.lint(d).count
    }
    row("Flow screens: parse + lint", (1_000, 10_000), bytes: { JSONWriter.compact(benchmarkFlow(screens: $0)) }) { bytes in
        guard let d = try? FlowDocument.parse(bytes) else { return -1 }
        return FlowLinter.lint(d).count
    }
}
