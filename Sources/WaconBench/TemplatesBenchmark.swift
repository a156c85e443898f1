import Foundation
import Providers
import Sandbox
import Session
import WhatsAppModel

// "templates": `templatesSync` of a library of 1,000 templates from a sandbox on loopback, in
// pages of 100: every page over real HTTP, decoded, then the cache file written atomically.

func templatesBenchmark(runs: Int) async {
    #if DEBUG
    print("warning: debug build; run `swift build -c release --product wacon-bench` for real figures")
    #endif
    let total = 1_000
    let server: SandboxServer
    do { server = try await SandboxServer.start() } catch { fatalError("sandbox: \(error)") }
    // The seeded templates plus copies of the order update under new names, to 1,000.
    let seed = SandboxTemplateLibrary.seed
    let base = seed.first { $0.name == "order_update" } ?? seed[0]
    var extra: [StoredTemplate] = []
    for i in 0..<(total - seed.count) {
        var t = base
        t.json["name"] = .string("bench_order_update_\(i)")
        t.json["id"] = .string(String(1_200_000_000_000_000 + i))
        extra.append(t)
    }
    do { try await server.addTemplates(extra, gateways: [.meta]) } catch { fatalError("\(error)") }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-bench-templates-\(UUID().uuidString)").path
    let session = WaconSession(history: nil, settings: SessionSettings(templateFolder: folder))
    var profile = server.profile(for: .meta)
    // This server's account, not the session's own in-process sandbox.
    profile.isBuiltIn = false
    var samples: [Double] = []
    var pages = 0
    var count = 0
    var bytes = 0
    // One warm-up run (connections, the first page's allocations), then the measured runs.
    for run in 0...runs {
        let t0 = nanos()
        do {
            let result = try await session.templatesSync(profile, limits: TemplateSyncLimits(pageSize: 100))
            pages = result.pages
            count = result.library.templates.count
            bytes = (try? FileManager.default.attributesOfItem(atPath: result.path)[.size] as? Int) ?? 0
        } catch {
            fatalError("sync: \(error)")
        }
        if run > 0 { samples.append(Double(nanos() - t0) / 1_000_000) }
    }
    await session.close()
    await server.stop()
    try? FileManager.default.removeItem(atPath: folder)
    let s = Stats(samples)
    print("wacon-bench templates: templatesSync of \(count) templates in \(pages) pages of 100 from a loopback sandbox, cache \(bytes) bytes")
    print(String(format: "median %.1f ms, min %.1f ms, max %.1f ms over %d runs", s.median, s.samples.first!, s.samples.last!, samples.count))
}
