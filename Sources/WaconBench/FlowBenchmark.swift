import Foundation
import WhatsAppModel

// `wacon-bench flow`: parse + lint of a large Flow JSON (target ≤ 5 ms in release). The Flow is
// generated: 50 screens of 12 components each (texts, every input kind, a Footer), declared data
// fed by the previous screen's navigate payload, and a terminal last screen. It is valid, so
// the linter's whole path runs without producing findings.

/// A screen id of letters only (`STEP_AAA`, `STEP_AAB`, …): the id charset rule takes no digits.
/// Three letters keep 17,576 screens apart (the scale benchmark generates 10,000).
private func flowBenchID(_ k: Int) -> String {
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return "STEP_" + String(letters[k / 676 % 26]) + String(letters[k / 26 % 26]) + String(letters[k % 26])
}

private func options(_ prefix: String, _ n: Int) -> JSONValue {
    .array((0..<n).map { i in ["id": .string("\(prefix)_\(i)"), "title": .string("Option \(i + 1) for \(prefix)")] })
}

/// The generated Flow as JSON.
func benchmarkFlow(screens n: Int = 50) -> JSONValue {
    var screens: [JSONValue] = []
    for k in 0..<n {
        let last = k == n - 1
        var data: JSONObject = ["intro": ["type": "string", "__example__": "Welcome to this step"]]
        if k > 0 { data["prev_choice"] = ["type": "string", "__example__": "choice_0"] }
        var children: [JSONValue] = [
            ["type": "TextHeading", "text": .string("Step \(k + 1) of \(n)")],
            ["type": "TextBody", "text": "${data.intro}"],
            ["type": "TextCaption", "text": "All fields marked as required must be filled in before you continue."],
            ["type": "TextInput", "label": "Full name", "name": .string("name_\(k)"), "input-type": "text", "required": true, "helper-text": "As on your ID"],
            ["type": "TextInput", "label": "Email", "name": .string("email_\(k)"), "input-type": "email", "required": false],
            ["type": "TextArea", "label": "Notes", "name": .string("notes_\(k)"), "required": false, "helper-text": "Anything we should know"],
            ["type": "Dropdown", "label": "Choose one", "name": .string("choice_\(k)"), "required": true, "data-source": options("choice", 8)],
            ["type": "RadioButtonsGroup", "label": "How often?", "name": .string("freq_\(k)"), "data-source": options("freq", 4)],
            ["type": "CheckboxGroup", "label": "Pick any", "name": .string("tags_\(k)"), "data-source": options("tag", 6)],
            ["type": "DatePicker", "label": "Date", "name": .string("date_\(k)"), "min-date": "2025-01-01", "max-date": "2026-12-31"],
            ["type": "OptIn", "label": "Keep me informed about this request on WhatsApp.", "name": .string("optin_\(k)")],
        ]
        // From the second screen on, the previous answer replaces the caption (12 components a screen).
        if k > 0 { children[2] = ["type": "TextSubheading", "text": "${data.prev_choice}"] }
        var payload: JSONObject = [
            "name": .string("${form.name_\(k)}"), "choice": .string("${form.choice_\(k)}"), "intro": "${data.intro}",
        ]
        let action: JSONValue
        if last {
            action = ["name": "complete", "payload": .object(payload)]
        } else {
            payload = ["intro": .string("Step \(k + 2): a few more questions"), "prev_choice": .string("${form.choice_\(k)}")]
            action = ["name": "navigate", "next": ["type": "screen", "name": .string(flowBenchID(k + 1))], "payload": .object(payload)]
        }
        children.append(["type": "Footer", "label": last ? "Submit" : "Continue", "on-click-action": action])
        var screen: JSONObject = [
            "id": .string(flowBenchID(k)), "title": .string("Step \(k + 1)"), "data": .object(data),
            "layout": ["type": "SingleColumnLayout", "children": .array(children)],
        ]
        if last { screen["terminal"] = true; screen["success"] = true }
        screens.append(.object(screen))
    }
    return ["version": "7.3", "screens": .array(screens)]
}

func flowBenchmark(iterations: Int) {
    #if DEBUG
    print("warning: debug build; run `swift build -c release --product wacon-bench` for real figures")
    #endif
    let bytes = JSONWriter.pretty(benchmarkFlow())
    let doc: FlowDocument
    do { doc = try FlowDocument.parse(bytes) } catch { fatalError("generated Flow does not parse: \(error)") }
    let components = doc.screens.reduce(0) { $0 + $1.allComponents.count }
    let findings = FlowLinter.lint(doc)
    print("wacon-bench flow: parse + lint of a generated Flow JSON, \(iterations) iterations after warm-up")
    print("flow: \(doc.screens.count) screens, \(components) components, \(bytes.count) bytes (pretty-printed); findings: \(findings.count)")
    for f in findings.prefix(5) { print("  \(f)") }

    var total: [Double] = [], parse: [Double] = [], lint: [Double] = []
    total.reserveCapacity(iterations)
    for i in 0..<(iterations + iterations / 10) {
        let t0 = nanos()
        let d = try! FlowDocument.parse(bytes)
        let t1 = nanos()
        let f = FlowLinter.lint(d)
        let t2 = nanos()
        blackhole(f)
        guard i >= iterations / 10 else { continue }
        parse.append(Double(t1 - t0) / 1_000_000)
        lint.append(Double(t2 - t1) / 1_000_000)
        total.append(Double(t2 - t0) / 1_000_000)
    }
    let t = Stats(total), p = Stats(parse), l = Stats(lint)
    print("                 median ms    p99 ms    min ms")
    for (name, s) in [("parse + lint", t), ("  parse", p), ("  lint", l)] {
        print(name.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: " %9.3f %9.3f %9.3f", s.median, s.q(0.99), s.samples.first!))
    }
    print(String(format: "parse + lint median: %.3f ms (target ≤ 5 ms)", t.median))
}
