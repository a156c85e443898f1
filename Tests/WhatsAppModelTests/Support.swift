import Foundation
import WhatsAppModel

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Every sample message file in examples/.
func exampleFiles() throws -> [URL] {
    let dir = packageRoot.appendingPathComponent("examples")
    return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
        .filter { $0.pathExtension == "json" }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
}

func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

extension JSONValue {
    /// A copy with the value at `path` (`a.b[2].c`) replaced; intermediate members must exist.
    func setting(_ path: String, to value: JSONValue) -> JSONValue {
        set(FieldPath(path).steps[...], value)
    }

    /// A copy without the object member at `path` (`a.b.c`).
    func removing(_ path: String) -> JSONValue {
        var keys = path.split(separator: ".").map(String.init)
        let last = keys.removeLast()
        guard !keys.isEmpty else {
            var o = objectValue!
            o[last] = nil
            return .object(o)
        }
        let parentPath = keys.joined(separator: ".")
        var parent = value(at: parentPath).objectValue!
        parent[last] = nil
        return setting(parentPath, to: .object(parent))
    }

    /// The value at a dotted path of object keys.
    func value(at path: String) -> JSONValue {
        path.split(separator: ".").reduce(self) { $0[String($1)]! }
    }

    private func set(_ path: ArraySlice<FieldPath.Step>, _ value: JSONValue) -> JSONValue {
        guard let first = path.first else { return value }
        switch (self, first) {
        case (.object(var o), .key(let k)):
            o[k] = (o[k] ?? .null).set(path.dropFirst(), value)
            return .object(o)
        case (.array(var a), .index(let i)):
            a[i] = a[i].set(path.dropFirst(), value)
            return .array(a)
        default:
            fatalError("test path \(path) does not fit \(self)")
        }
    }
}

/// A text of exactly `units` UTF-16 code units made of 😀 (2 units each), padded with one "a".
func emojiText(units: Int) -> String {
    String(repeating: "😀", count: units / 2) + (units % 2 == 1 ? "a" : "")
}

func asciiText(units: Int) -> String { String(repeating: "x", count: units) }

/// The verdicts (errors and warnings) on a message; notes are tested on their own.
func validate(_ value: JSONValue) throws -> [Finding] {
    MessageValidator.validate(try OutboundMessage(json: value)).verdicts
}

enum Base {
    static let text = """
        {"messaging_product":"whatsapp","to":"+27123456789","type":"text","text":{"body":"hi"}}
        """
    static let image = """
        {"messaging_product":"whatsapp","to":"+27123456789","type":"image","image":{"link":"https://example.com/a.jpg","caption":"c"}}
        """
    static let buttons = """
        {"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"button",
         "header":{"type":"text","text":"h"},"body":{"text":"b"},"footer":{"text":"f"},
         "action":{"buttons":[{"type":"reply","reply":{"id":"a","title":"A"}},{"type":"reply","reply":{"id":"b","title":"B"}}]}}}
        """
    static let list = """
        {"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"list",
         "body":{"text":"b"},"action":{"button":"Open","sections":[{"title":"S","rows":[{"id":"r1","title":"R1","description":"d"}]}]}}}
        """
    static let cta = """
        {"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"cta_url",
         "body":{"text":"b"},"action":{"name":"cta_url","parameters":{"display_text":"Go","url":"https://example.com"}}}}
        """
    static let flow = """
        {"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"flow",
         "header":{"type":"text","text":"h"},"body":{"text":"b"},"action":{"name":"flow","parameters":{"flow_message_version":"3","flow_id":"1","flow_token":"t",
         "flow_cta":"Open","flow_action":"navigate","flow_action_payload":{"screen":"WELCOME"}}}}}
        """
    static let productList = """
        {"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"product_list",
         "header":{"type":"text","text":"h"},"body":{"text":"b"},"action":{"catalog_id":"c","sections":[{"title":"S","product_items":[{"product_retailer_id":"p"}]}]}}}
        """
    static let locationRequest = """
        {"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"location_request_message",
         "body":{"text":"Where should we deliver?"},"action":{"name":"send_location"}}}
        """
    static let ctaWithHeader = """
        {"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"cta_url",
         "header":{"type":"text","text":"h"},"body":{"text":"b"},"action":{"name":"cta_url","parameters":{"display_text":"Go","url":"https://example.com"}}}}
        """
    static let template = """
        {"messaging_product":"whatsapp","to":"+27123456789","type":"template","template":{"name":"order_update","language":{"code":"en_US"},
         "components":[{"type":"header","parameters":[{"type":"text","text":"h"}]},{"type":"body","parameters":[{"type":"text","text":"b"}]}]}}
        """
    static let templateBodyOnly = """
        {"messaging_product":"whatsapp","to":"+27123456789","type":"template","template":{"name":"long_note","language":{"code":"en"},
         "components":[{"type":"body","parameters":[{"type":"text","text":"b"}]}]}}
        """
}
