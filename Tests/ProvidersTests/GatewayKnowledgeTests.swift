import Foundation
import Testing

/// Adding a gateway is one folder and one registry line: no other source file may name three
/// or more gateways in code (comments may name them; they explain, they do not switch).
@Suite struct GatewayKnowledgeTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")
    static let gatewayFolders = ["Meta", "Kaleyra", "FlowIQ", "Botika", "Zixflow"]

    /// The gateways a line of code names, as enum cases or type names (comments removed).
    static func gatewaysNamed(in code: String) -> Set<String> {
        let patterns = [
            "meta": [".meta", "MetaCloud"], "kaleyra": [".kaleyra", "Kaleyra"], "flowiq": [".flowiq", "FlowIQ"],
            "botika": [".botika", "Botika"], "zixflow": [".zixflow", "Zixflow"],
        ]
        var named: Set<String> = []
        for line in code.split(separator: "\n") {
            let text = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            for (gateway, words) in patterns where words.contains(where: text.contains) { named.insert(gateway) }
        }
        return named
    }

    @Test func theCheckSeesASwitchOverGateways() {
        let switching = "switch id {\ncase .kaleyra: 1\ncase .botika: 2\ncase .zixflow: 3\n}"
        #expect(Self.gatewaysNamed(in: switching).count == 3)
        #expect(Self.gatewaysNamed(in: "// Kaleyra, Botika and Zixflow answer like this").isEmpty)
    }

    @Test func onlyGatewayFoldersAndTheRegistryNameThreeGateways() throws {
        let files = try #require(FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil))
        var offenders: [String] = []
        var seen = 0
        for case let url as URL in files where url.pathExtension == "swift" {
            let parts = url.pathComponents
            if let p = parts.firstIndex(of: "Providers"), p + 1 < parts.count, Self.gatewayFolders.contains(parts[p + 1]) { continue }
            if url.lastPathComponent == "GatewayRegistry.swift" { continue }
            seen += 1
            let named = Self.gatewaysNamed(in: try String(contentsOf: url, encoding: .utf8))
            if named.count >= 3 { offenders.append("\(url.lastPathComponent): \(named.sorted())") }
        }
        #expect(seen > 100, "the sources were found (\(seen) files)")
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
