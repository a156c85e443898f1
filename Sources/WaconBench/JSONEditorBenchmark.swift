import Console
import Foundation
import WhatsAppModel

/// Keystroke → frame in the console's JSON editor on a 4,096-line message (a template with
/// 1,020 body parameters), in process: typing in the middle of the text and deleting it
/// again, each key one update (the draft, its preview and the checks follow) and one render.
func jsonEditorBenchmark(keys: Int = 400) {
    var template = JSONObject()
    template.append("name", "order_update")
    template.append("language", .object(["code": "en_US"]))
    let parameters = (0..<1_020).map { i in JSONValue.object(["type": "text", "text": .string("parameter \(i)")]) }
    template.append("components", .array([.object(["type": "body", "parameters": .array(parameters)])]))
    var message = JSONObject()
    message.append("messaging_product", "whatsapp")
    message.append("to", "+27825550100")
    message.append("type", "template")
    message.append("template", .object(template))
    let text = JSONWriter.prettyString(.object(message))
    var state = AppState(width: 120, height: 40)
    state.draft.kind = .json
    state.draft.json = text
    state.focus = .content
    state.recompute()
    _ = state.update(.key(.enter))
    guard case .editingJSON(let opened) = state.mode else { print("the JSON editor did not open"); return }
    // To the middle of the text, inside a string.
    for _ in 0..<(opened.lines.count / 2) { _ = state.update(.key(.down)) }
    _ = state.update(.key(.end))
    _ = state.update(.key(.left))
    var last = Renderer.render(state).grid
    var samples: [Double] = []
    for i in 0..<keys {
        let t0 = monotonicNanos()
        _ = state.update(.key(i % 2 == 0 ? .char("x") : .backspace))
        let frame = Renderer.render(state).grid
        samples.append(Double(monotonicNanos() - t0) / 1000)
        if frame == last { print("note: a keystroke changed nothing on screen") }
        last = frame
    }
    samples.sort()
    print(String(format: "JSON editor keystroke → frame (%d lines, %d KB, 120×40, in process): p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                 opened.lines.count, text.utf8.count / 1024, samples[keys / 2] / 1000, samples[keys * 99 / 100] / 1000, samples.last! / 1000))
}
