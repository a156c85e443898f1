import WhatsAppModel

extension Renderer {
    /// One line of a walked screen.
    struct WalkLine {
        var text: String
        var style: Style
        /// The focusable component this line belongs to, if any.
        var item: Int?
        var indent = 0
    }

    /// A Flow screen as a phone shows it, in a box: the title bar, the components with their
    /// `${…}` filled, the inputs with their values, the Footer at the bottom. After `complete`,
    /// the payload that goes back to the business.
    static func flowWalk(_ v: FlowWalkView, _ g: inout CellGrid) {
        let w = min(g.width - 2, 66), h = g.height - 2
        let x0 = (g.width - w) / 2, y0 = 1
        box(&g, x: x0, y: y0, width: w, height: h)
        let inner = w - 4
        let walk = v.walk
        let title = walk.completion != nil ? "Flow completed" : walk.screen.map { walk.text($0.title ?? $0.id) } ?? walk.screenID
        let back = walk.depth > 0 && walk.completion == nil ? "‹ " : "× "
        g.put(back + title, x: x0 + 2, y: y0 + 1, style: Style(.primary, bold: true), maxWidth: inner - 14)
        let where_ = walk.completion != nil ? "" : "\(walk.screenID) · \(walk.depth + 1)"
        let ww = DisplayWidth.of(where_)
        g.put(where_, x: x0 + w - 2 - ww, y: y0 + 1, style: Style(.muted), maxWidth: ww)
        g.repeatCharacter("─", x: x0 + 1, y: y0 + 2, count: w - 2, style: Style(.border))

        let lines = walk.completion.map { completionLines($0, v, width: inner) } ?? walkLines(v, width: inner)
        let bodyTop = y0 + 3, bodyHeight = max(0, h - 6)
        // Keep the focused component on screen.
        var first = min(v.scroll, max(0, lines.count - bodyHeight))
        if walk.completion == nil, let focusLine = lines.firstIndex(where: { $0.item == v.focus }) {
            let last = lines.lastIndex(where: { $0.item == v.focus }) ?? focusLine
            if last >= first + bodyHeight { first = last - bodyHeight + 1 }
            if focusLine < first { first = focusLine }
        }
        for (i, line) in lines.dropFirst(first).prefix(bodyHeight).enumerated() {
            g.put(line.text, x: x0 + 2 + line.indent, y: bodyTop + i, style: line.style, maxWidth: inner - line.indent)
        }
        if first + bodyHeight < lines.count { g.put("▼", x: x0 + w - 2, y: bodyTop + bodyHeight - 1, style: Style(.muted)) }
        let bottom = y0 + h - 3
        g.repeatCharacter("─", x: x0 + 1, y: bottom, count: w - 2, style: Style(.border))
        if let m = v.message { g.put(m.text, x: x0 + 2, y: bottom + 1, style: Style(m.role), maxWidth: inner) }
        else if let r = v.reply { g.put(r, x: x0 + 2, y: bottom + 1, style: Style(.success), maxWidth: inner) }
    }

    /// The screen's components as lines; each focusable component carries its index.
    static func walkLines(_ v: FlowWalkView, width: Int) -> [WalkLine] {
        let walk = v.walk
        var out: [WalkLine] = []
        let focusables = v.focusables
        func text(_ c: FlowComponent, _ key: String = "text") -> String {
            guard let value = walk.resolved(c, key) else { return "" }
            if case .array(let parts) = value { return parts.map(FlowExpression.display).joined(separator: "\n") }
            return FlowExpression.display(value)
        }
        func add(_ s: String, _ style: Style, item: Int? = nil, indent: Int = 0) {
            for l in wrap(s, width: width - indent) { out.append(WalkLine(text: l, style: style, item: item, indent: indent)) }
        }
        for c in walk.visibleComponents {
            let index = focusables.firstIndex { $0.path == c.path }
            let focused = index != nil && index == v.focus
            let mark = focused ? "› " : "  "
            let name = c.name ?? ""
            let value = walk.value(name)
            // A disabled component is greyed out, as on the phone, and says so in words.
            let enabled = walk.isEnabled(c)
            let labelStyle = Style(enabled ? (focused ? .focus : .secondary) : .muted, bold: focused)
            func label() -> String {
                let required = walk.resolved(c, "required").map { if case .bool(let b) = $0 { b } else { false } } ?? false
                let note = !enabled ? " (disabled)" : required || c.type == "Footer" ? "" : " (optional)"
                return mark + text(c, "label") + note
            }
            switch c.type {
            case "TextHeading": add(text(c), Style(.text, bold: true))
            case "TextSubheading": add(text(c), Style(.accent, bold: true))
            case "TextBody", "RichText":
                let weight = c["font-weight"]?.stringValue ?? "normal"
                add(text(c), Style(.text, bold: weight.hasPrefix("bold"), underline: c["strikethrough"]?.boolValue == true))
            case "TextCaption": add(text(c), Style(.muted))
            case "TextInput", "TextArea", "DatePicker", "CalendarPicker":
                add(label(), labelStyle, item: index)
                var shown = value.map(FlowExpression.display) ?? ""
                if c["input-type"]?.stringValue == "password" || c["input-type"]?.stringValue == "passcode" { shown = String(repeating: "•", count: shown.count) }
                let hint = c.type == "DatePicker" || c.type == "CalendarPicker" ? "YYYY-MM-DD" : c["input-type"]?.stringValue ?? ""
                let field = shown.isEmpty ? hint : shown
                add("[ " + field + (focused ? "▏" : "") + " ]", Style(focused ? .accent : (shown.isEmpty || !enabled ? .muted : .text)), item: index, indent: 2)
                if let helper = walk.resolved(c, "helper-text").map(FlowExpression.display) { add(helper, Style(.muted), item: index, indent: 2) }
            case "Dropdown":
                add(label(), labelStyle, item: index)
                let options = walk.options(of: c)
                let chosen = options.first { $0.id == value?.stringValue }
                add("[ " + (chosen?.title ?? "Select") + " ▾ ]" + (enabled ? "  ←→ choose" : ""),
                    Style(focused ? .accent : (chosen == nil || !enabled ? .muted : .text)), item: index, indent: 2)
            case "RadioButtonsGroup", "CheckboxGroup", "ChipsSelector":
                add(label(), labelStyle, item: index)
                let multi = c.type != "RadioButtonsGroup"
                let chosen = multi ? Set(value?.arrayValue?.compactMap(\.stringValue) ?? []) : Set([value?.stringValue].compactMap { $0 })
                let cursor = v.cursor[name] ?? 0
                for (k, o) in walk.options(of: c).enumerated() {
                    let box = multi ? (chosen.contains(o.id) ? "[x] " : "[ ] ") : (chosen.contains(o.id) ? "(•) " : "( ) ")
                    let under = focused && multi && k == cursor
                    add(box + o.title, Style(o.enabled && enabled ? (under ? .focus : .text) : .muted, reverse: under), item: index, indent: 2)
                    if let d = o.description { add(d, Style(.muted), item: index, indent: 6) }
                }
            case "OptIn":
                add(mark + (value?.boolValue == true ? "[x] " : "[ ] ") + text(c, "label") + (enabled ? "" : " (disabled)"), labelStyle, item: index)
            case "EmbeddedLink":
                add(mark + text(c), Style(.accent, underline: true), item: index)
            case "Footer":
                out.append(WalkLine(text: "", style: Style(), item: nil))
                let left = text(c, "left-caption"), right = text(c, "right-caption"), center = text(c, "center-caption")
                if !center.isEmpty { add(center, Style(.muted), indent: max(0, (width - DisplayWidth.of(center)) / 2)) }
                if !left.isEmpty || !right.isEmpty {
                    // Captions are short (15 characters): one line, left and right aligned.
                    let gap = max(1, width - DisplayWidth.of(left) - DisplayWidth.of(right))
                    out.append(WalkLine(text: left + String(repeating: " ", count: gap) + right, style: Style(.muted), item: nil))
                }
                let button = "[ " + text(c, "label") + " ]"
                add(button, Style(enabled ? (focused ? .focus : .primary) : .muted, bold: true, reverse: focused), item: index,
                    indent: max(0, (width - DisplayWidth.of(button)) / 2))
            case "NavigationList":
                if let l = walk.resolved(c, "label").map(FlowExpression.display) { add(mark + l, labelStyle, item: index) }
                let cursor = v.cursor[c.name ?? c.path.description] ?? 0
                for (k, item) in (walk.resolved(c, "list-items")?.arrayValue ?? []).enumerated() {
                    let content = item["main-content"]
                    let under = focused && k == cursor
                    add((under ? "› " : "  ") + FlowExpression.display(content?["title"] ?? .string("")) + "  ›", Style(under ? .focus : .text, reverse: under), item: index, indent: 2)
                    if let d = content?["description"] { add(FlowExpression.display(d), Style(.muted), item: index, indent: 4) }
                }
            case "Image":
                add("[image" + (c["alt-text"]?.stringValue.map { ": " + $0 } ?? "") + "]", Style(.muted))
            default:
                add("‹\(c.type)›", Style(.muted))
            }
            if let issue = v.issues[name], !name.isEmpty { add("! " + issue, Style(.error), item: index, indent: 2) }
        }
        return out
    }

    /// After `complete`: the payload the business receives, and how to send it.
    static func completionLines(_ response: JSONObject, _ v: FlowWalkView, width: Int) -> [WalkLine] {
        var out = [WalkLine(text: "response_json (what the nfm_reply webhook carries):", style: Style(.secondary, bold: true), item: nil)]
        for l in JSONWriter.prettyString(.object(response)).split(separator: "\n", omittingEmptySubsequences: false) {
            out.append(WalkLine(text: String(l), style: Style(.jsonString), item: nil, indent: 2))
        }
        out.append(WalkLine(text: "", style: Style(), item: nil))
        if v.reply != nil {
            out.append(WalkLine(text: "nfm_reply received by wacon's webhook receiver", style: Style(.success, bold: true), item: nil))
        } else if v.messageID != nil {
            out.append(WalkLine(text: "Enter: the sandbox plays the customer and posts the nfm_reply", style: Style(.accent), item: nil))
        } else {
            out.append(WalkLine(text: "Send the flow message to the sandbox first to get its nfm_reply", style: Style(.muted), item: nil))
        }
        return out
    }

    /// Splits text into lines of at most `width` columns, at spaces where it can.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = "", used = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let ww = DisplayWidth.of(String(word))
                if used > 0 && used + 1 + ww > width {
                    out.append(line)
                    line = ""
                    used = 0
                }
                if used > 0 { line += " "; used += 1 }
                // A word longer than the line is cut by characters.
                var rest = Substring(word)
                while DisplayWidth.of(String(rest)) > width - used, !rest.isEmpty {
                    let head = DisplayWidth.prefix(String(rest), columns: width - used)
                    if head.isEmpty { break }
                    out.append(line + head)
                    rest = rest.dropFirst(head.count)
                    line = ""
                    used = 0
                }
                line += rest
                used += DisplayWidth.of(String(rest))
            }
            out.append(line)
        }
        return out
    }
}
