import Foundation
import Testing
@testable import WhatsAppModel

@Suite struct JSONDiffTests {
    func example(_ name: String) throws -> JSONValue {
        let data = try #require(FileManager.default.contents(atPath: packageRoot.appendingPathComponent("examples/\(name)").path))
        return try JSONParser.parse(Array(data))
    }

    @Test func aButtonTitleChangeIsOneChangeAtItsPath() throws {
        let old = try example("interactive-button.json")
        let new = old.setting("interactive.action.buttons[1].reply.title", to: "Another day")
        let diff = JSONDiff(old: old, new: new)
        #expect(diff.changes == [JSONDiff.Change(path: "interactive.action.buttons[1].reply.title", kind: .changed, old: "Reschedule", new: "Another day")])
        #expect(diff.changes[0].oldJSON == #""Reschedule""#)
        #expect(diff.changes[0].newJSON == #""Another day""#)
        #expect(diff.changes[0].description == #"interactive.action.buttons[1].reply.title: changed "Reschedule" → "Another day""#)
    }

    @Test func keyOrderAndNumberSpellingAreNotChanges() throws {
        // examples/text.json writes preview_url before body; the model writes Meta's order.
        let file = try example("text.json")
        let reordered = try OutboundMessage(json: file).json
        #expect(JSONWriter.compactString(file) != JSONWriter.compactString(reordered))
        #expect(JSONDiff(old: file, new: reordered).isEmpty)
        #expect(JSONDiff(old: try json(#"{"latitude":37.0,"b":[1,2]}"#), new: try json(#"{"b":[1.0,2],"latitude":37}"#)).isEmpty)
    }

    @Test func addedRemovedAndTypeChangedMembers() throws {
        let old = try json(Base.buttons)
        let new = old.removing("interactive.footer")
            .setting("interactive.header", to: ["type": "image", "image": ["link": "https://example.com/a.jpg"]])
            .setting("biz_opaque_callback_data", to: "run-7")
            .setting("interactive.body", to: "b")
        let diff = JSONDiff(old: old, new: new)
        let summary = diff.changes.map { "\($0.path.display) \($0.kind.rawValue)" }
        #expect(summary == [
            "interactive.header.type changed",
            "interactive.header.text removed",
            "interactive.header.image added",
            "interactive.body type changed",
            "interactive.footer removed",
            "biz_opaque_callback_data added",
        ])
        #expect(diff.changes[3].oldJSON == #"{"text":"b"}"#)
        #expect(diff.changes[3].newJSON == #""b""#)
        #expect(diff.changes[4].new == nil)
    }

    @Test func arraysCompareByIndex() throws {
        let old = try json(Base.buttons)
        // A button inserted first: every later index changes, and one is added at the end.
        var buttons = old.value(at: "interactive.action").objectValue!["buttons"]!.arrayValue!
        buttons.insert(["type": "reply", "reply": ["id": "z", "title": "Z"]], at: 0)
        let new = old.setting("interactive.action.buttons", to: .array(buttons))
        let diff = JSONDiff(old: old, new: new)
        #expect(diff.changes.map(\.path.display) == [
            "interactive.action.buttons[0].reply.id", "interactive.action.buttons[0].reply.title",
            "interactive.action.buttons[1].reply.id", "interactive.action.buttons[1].reply.title",
            "interactive.action.buttons[2]",
        ])
        #expect(diff.changes.last?.kind == .added)
        // And the other way: the last one removed.
        let back = JSONDiff(old: new, new: old)
        #expect(back.changes.last?.path == "interactive.action.buttons[2]")
        #expect(back.changes.last?.kind == .removed)
        // A null element is a value, not an absence.
        #expect(JSONDiff(old: [1, .null], new: [1]).changes == [JSONDiff.Change(path: "[1]", kind: .removed, old: .null, new: Optional.none)])
        #expect(JSONDiff(old: [], new: [.null]).changes.map(\.kind) == [.added])
    }

    @Test func wholeValuesAndOddKeys() throws {
        #expect(JSONDiff(old: nil, new: "x").changes == [.init(path: .root, kind: .added, old: nil, new: "x")])
        #expect(JSONDiff(old: "x", new: nil).changes.map(\.path.display) == ["$"])
        #expect(JSONDiff(old: nil, new: nil).isEmpty)
        #expect(JSONDiff(old: 1, new: "1").changes.map(\.kind) == [.typeChanged])
        #expect(JSONDiff(old: .null, new: false).changes.map(\.kind) == [.typeChanged])
        let d = JSONDiff(old: ["a.b": 1, "": 2, "ok": ["x y": 3]], new: ["a.b": 2, "": 3, "ok": ["x y": 4]])
        #expect(d.changes.map(\.path.display) == [#"["a.b"]"#, #"[""]"#, #"ok["x y"]"#])
    }

    @Test func vendorResponsesShowWhatTheVendorChanged() throws {
        let accepted = try json(#"{"messaging_product":"whatsapp","contacts":[{"input":"+27123456789","wa_id":"27123456789"}],"messages":[{"id":"wamid.A"}]}"#)
        let rejected = try json(#"{"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,"fbtrace_id":"Ab"}}"#)
        let diff = JSONDiff(old: accepted, new: rejected)
        #expect(diff.changes.map { "\($0.path.display) \($0.kind.rawValue)" } == ["messaging_product removed", "contacts removed", "messages removed", "error added"])
        let kaleyraA = try json(#"{"code":"WA202","message":"Request Accepted","data":{"message_id":"A1"},"error":{}}"#)
        let kaleyraB = try json(#"{"code":"E110","message":"Please check your balance, You have a low balance!","data":{},"error":{"balance":"low"}}"#)
        #expect(JSONDiff(old: kaleyraA, new: kaleyraB).changes.map(\.path.display) == ["code", "message", "data.message_id", "error.balance"])
    }

    // MARK: Rendering

    @Test func unifiedLinesMarkTheChangeAndKeepContext() throws {
        let old = try example("interactive-button.json")
        let new = old.setting("interactive.action.buttons[1].reply.title", to: "Another day")
        let lines = JSONDiff.unifiedLines(old: old, new: new, options: JSONDiffRenderOptions(context: 2))
        let changed = lines.filter { $0.marker == .removed || $0.marker == .added }
        #expect(changed == [JSONDiffLine(.removed, #"            "title": "Reschedule""#), JSONDiffLine(.added, #"            "title": "Another day""#)])
        // Folded: two lines of context each side, the rest one omitted line each.
        #expect(lines.first?.marker == .omitted)
        #expect(lines.last?.marker == .omitted)
        #expect(lines.count == 2 + 2 + 2 + 2)
        let hidden = lines.filter { $0.marker == .omitted }.compactMap { Int($0.text.split(separator: " ")[1]) }.reduce(0, +)
        let all = JSONDiff.unifiedLines(old: old, new: new, options: JSONDiffRenderOptions(context: nil))
        #expect(hidden + 4 + 2 == all.count)
        #expect(all.filter { $0.marker != .added }.map(\.text) == JSONWriter.prettyString(old).split(separator: "\n").map(String.init))
    }

    @Test func unifiedLinesFollowTheOldOrderSoReorderingIsNotShown() throws {
        let file = try example("text.json")
        let reordered = try OutboundMessage(json: file).json
        let lines = JSONDiff.unifiedLines(old: file, new: reordered)
        #expect(lines.allSatisfy { $0.marker == .same })
        #expect(lines.map(\.text) == JSONWriter.prettyString(file).split(separator: "\n").map(String.init))
    }

    @Test func addedAndRemovedSubtreesArePrettyPrinted() throws {
        let old = try json(#"{"a":1,"b":{"c":[1,2]}}"#)
        let new = try json(#"{"a":1,"d":true}"#)
        let lines = JSONDiff.unifiedLines(old: old, new: new, options: JSONDiffRenderOptions(context: nil))
        #expect(lines == [
            JSONDiffLine(.same, "{"),
            JSONDiffLine(.same, #"  "a": 1,"#),
            JSONDiffLine(.removed, #"  "b": {"#),
            JSONDiffLine(.removed, #"    "c": ["#),
            JSONDiffLine(.removed, "      1,"),
            JSONDiffLine(.removed, "      2"),
            JSONDiffLine(.removed, "    ]"),
            JSONDiffLine(.removed, "  },"),
            JSONDiffLine(.added, #"  "d": true"#),
            JSONDiffLine(.same, "}"),
        ])
    }

    @Test func sideBySidePairsRemovedWithAdded() throws {
        let old = try json(#"{"a":1,"b":"x","c":[1]}"#)
        let new = try json(#"{"a":1,"b":"y","c":[1,2]}"#)
        let rows = JSONDiff.sideBySideRows(old: old, new: new, options: JSONDiffRenderOptions(context: nil))
        #expect(rows == [
            JSONDiffRow(left: JSONDiffLine(.same, "{"), right: JSONDiffLine(.same, "{")),
            JSONDiffRow(left: JSONDiffLine(.same, #"  "a": 1,"#), right: JSONDiffLine(.same, #"  "a": 1,"#)),
            JSONDiffRow(left: JSONDiffLine(.removed, #"  "b": "x","#), right: JSONDiffLine(.added, #"  "b": "y","#)),
            JSONDiffRow(left: JSONDiffLine(.same, #"  "c": ["#), right: JSONDiffLine(.same, #"  "c": ["#)),
            JSONDiffRow(left: JSONDiffLine(.same, "    1,"), right: JSONDiffLine(.same, "    1,")),
            JSONDiffRow(left: nil, right: JSONDiffLine(.added, "    2")),
            JSONDiffRow(left: JSONDiffLine(.same, "  ]"), right: JSONDiffLine(.same, "  ]")),
            JSONDiffRow(left: JSONDiffLine(.same, "}"), right: JSONDiffLine(.same, "}")),
        ])
    }

    @Test func largeBodiesAreCapped() throws {
        // The largest list message against itself with every row title changed.
        let old = try example("largest-list.json")
        var sections = old.value(at: "interactive.action").objectValue!["sections"]!.arrayValue!
        for s in sections.indices {
            var section = sections[s].objectValue!
            section["rows"] = .array(section["rows"]!.arrayValue!.map { row in
                var r = row.objectValue!
                r["title"] = .string(String(repeating: "é", count: 900))
                return .object(r)
            })
            sections[s] = .object(section)
        }
        let new = old.setting("interactive.action.sections", to: .array(sections))
        #expect(JSONDiff(old: old, new: new).changes.count == 10)
        let options = JSONDiffRenderOptions(context: 1, maxLines: 12, maxLineLength: 40)
        let lines = JSONDiff.unifiedLines(old: old, new: new, options: options)
        #expect(lines.count == 12)
        #expect(lines.last?.marker == .omitted)
        #expect(lines.last?.text.hasSuffix("more lines") == true)
        #expect(lines.allSatisfy { $0.text.count <= 40 })
        #expect(lines.contains { $0.marker == .added && $0.text.hasSuffix("é…") })
        let rows = JSONDiff.sideBySideRows(old: old, new: new, options: options)
        #expect(rows.count == 12)
        #expect(rows.last?.left?.marker == .omitted)
    }
}
