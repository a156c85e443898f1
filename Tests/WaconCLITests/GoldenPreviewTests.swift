import Foundation
import Testing
import WhatsAppModel

/// Every request example in the vendors' seeds, reproduced by `wacon preview` from an equivalent
/// message file: same method, URL, headers and a body equal as a JSON value.
@Suite struct GoldenPreviewTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let seed: String
        let message: String
        let args: [String]
        let expected: JSONValue
        var testDescription: String { name }
    }

    static let golden = packageRoot.appendingPathComponent("Tests/WaconCLITests/Golden")

    static let cases: [Case] = {
        let data = FileManager.default.contents(atPath: golden.appendingPathComponent("seeds.json").path) ?? Data()
        guard let items = (try? JSONParser.parse(Array(data)))?.arrayValue else { return [] }
        return items.map { v in
            Case(name: v["name"]!.stringValue!, seed: v["seed"]!.stringValue!, message: v["message"]!.stringValue!,
                 args: v["args"]!.arrayValue!.compactMap(\.stringValue), expected: v["expected"]!)
        }
    }()

    @Test func everySeedWithARequestExampleIsCovered() {
        #expect(Self.cases.count == 10)
        #expect(Set(Self.cases.map(\.seed)) == ["000_9ab36c01e8812cff.txt", "001_a7abfa0eb2217860.txt", "002_e663878868f0d554.txt",
                                                 "003_30e5830306127ee0.txt", "004_500b9251b4412eda.txt"])
    }

    @Test(arguments: cases)
    func previewReproducesTheSeedRequest(_ c: Case) throws {
        let config = Self.golden.appendingPathComponent("config.toml").path
        let r = try wacon(["preview", c.message, "--config", config, "--format", "json", "--reveal-secrets"] + c.args)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try JSONParser.parse(r.stdout)
        #expect(out["method"] == c.expected["method"])
        #expect(out["url"] == c.expected["url"])
        // Same headers in the same order.
        let headers = out["headers"]?.objectValue
        let expectedHeaders = c.expected["headers"]?.objectValue
        #expect(headers == expectedHeaders)
        #expect(headers?.keys == expectedHeaders?.keys)
        #expect(out["body"] == c.expected["body"], "body differs:\n\(JSONWriter.prettyString(out["body"] ?? .null))")
        // No finding is an error: what the vendor's own examples send is accepted. FlowIQ's
        // missing tenantId (its curl omits it, its table asks for it) is a warning.
        let findings = out["findings"]?.arrayValue ?? []
        #expect(findings.filter { $0["severity"] == "error" }.isEmpty, "\(findings)")
        if c.args.contains("flowiq-seed") {
            #expect(findings.contains { $0["severity"] == "warning" && $0["path"] == "profile flowiq-seed.tenant_id" })
        }
    }

    @Test func theSeedsAreBesideTheProjectAndNameTheseEndpoints() throws {
        // Ties the goldens to the vendors' own pages: each expected URL path appears in its seed.
        let seeds = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds")
        for c in Self.cases {
            let text = try String(contentsOf: seeds.appendingPathComponent(c.seed), encoding: .utf8)
            let url = try #require(URL(string: c.expected["url"]!.stringValue!))
            let lastSegments = url.path.split(separator: "/").suffix(2).joined(separator: "/")
            let expectedInSeed = c.seed.hasPrefix("003") ? "whatsapp/<phone_number>/messages" : lastSegments
            #expect(text.contains(expectedInSeed), "\(c.seed) does not mention \(expectedInSeed)")
        }
    }
}
