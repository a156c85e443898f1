import WhatsAppModel

/// Repeatable things in the form: reply buttons, list sections and rows, contact cards and
/// template parameters; the same keys add, remove and move each.
extension AppState {
    /// The repeatable thing the cursor is on, if any.
    enum Item: Equatable {
        case button(Int), section(Int), row(Int, Int), contact(Int), templateParam(Int)
    }

    var currentItem: Item? {
        guard let f = currentField else { return nil }
        switch f.id {
        case .buttonTitle(let i), .buttonID(let i): return .button(i)
        case .sectionTitle(let s): return .section(s)
        case .rowTitle(let s, let r), .rowID(let s, let r), .rowDescription(let s, let r): return .row(s, r)
        case .contactName(let i), .contactPhone(let i), .contactEmail(let i), .contactCompany(let i): return .contact(i)
        case .templateParam(let i): return .templateParam(i)
        default: return nil
        }
    }

    /// Puts the cursor on the first field of an item after the form changed shape.
    mutating func focusItem(_ item: Item) {
        let first: FieldID
        switch item {
        case .button(let i): first = .buttonTitle(i)
        case .section(let s): first = .sectionTitle(s)
        case .row(let s, let r): first = .rowTitle(s, r)
        case .contact(let i): first = .contactName(i)
        case .templateParam(let i): first = .templateParam(i)
        }
        if let i = fields(focus).firstIndex(where: { $0.id == first }) { row[focus] = i }
    }

    /// `a`: adds a button, a row after the current one, a contact card or a template parameter.
    mutating func addItem() {
        let item = currentItem
        if focus == .content, draft.kind == .template, templateDefinition != nil {
            notice = Notice(text: "this template's values are its definition's: edit them (pick another template from the palette)", role: .muted)
        } else if focus == .content, draft.kind == .template {
            draft.templateParams.append("")
            focusItem(.templateParam(draft.templateParams.count - 1))
        } else if focus == .content, draft.kind == .contacts {
            let at = item.flatMap { if case .contact(let i) = $0 { i + 1 } else { nil } } ?? draft.contacts.count
            draft.contacts.insert(DraftContact(), at: at)
            focusItem(.contact(at))
        } else if focus == .buttons, draft.kind == .button, draft.buttons.count < Limits.replyButtonsMax {
            let n = draft.buttons.count + 1
            draft.buttons.append(DraftButton(id: "b\(n)", title: "Button \(n)"))
            focusItem(.button(n - 1))
        } else if focus == .buttons, draft.kind == .list, draft.rowCount < Limits.listRowsTotal {
            var (s, r) = (max(0, draft.sections.count - 1), draft.sections.last?.rows.count ?? 0)
            if case .row(let cs, let cr)? = item { (s, r) = (cs, cr + 1) } else if case .section(let cs)? = item { (s, r) = (cs, draft.sections[cs].rows.count) }
            let n = draft.rowCount + 1
            draft.sections[s].rows.insert(DraftRow(id: "r\(n)", title: "Option \(n)"), at: r)
            focusItem(.row(s, r))
        } else if focus == .buttons, draft.kind == .button {
            notice = Self.atLimit("\(Limits.replyButtonsMax) reply buttons")
        } else if focus == .buttons, draft.kind == .list {
            notice = Self.atLimit("\(Limits.listRowsTotal) rows across all sections")
        }
    }

    /// Why `a` or `A` added nothing: the form holds Meta's limits.
    static func atLimit(_ limit: String) -> Notice {
        Notice(text: "nothing added: Meta allows at most \(limit) (x removes one)", role: .warning)
    }

    /// `A`: adds a list section (with one row, as Meta requires) after the current one.
    mutating func addSection() {
        guard focus == .buttons, draft.kind == .list else { return }
        guard draft.sections.count < Limits.listSectionsMax else { notice = Self.atLimit("\(Limits.listSectionsMax) sections"); return }
        // A new section comes with a row, which the total must have room for.
        guard draft.rowCount < Limits.listRowsTotal else { notice = Self.atLimit("\(Limits.listRowsTotal) rows across all sections, and a section needs one"); return }
        var at = draft.sections.count
        if case .section(let s)? = currentItem { at = s + 1 } else if case .row(let s, _)? = currentItem { at = s + 1 }
        let n = draft.rowCount + 1
        draft.sections.insert(DraftSection(title: "Section \(draft.sections.count + 1)", rows: [DraftRow(id: "r\(n)", title: "Option \(n)")]), at: at)
        focusItem(.section(at))
    }

    /// `x`: removes the item under the cursor; the last button, row or card stays.
    mutating func removeItem() {
        switch currentItem {
        case .templateParam(let i)?:
            draft.templateParams.remove(at: i)
        case .contact(let i)? where draft.contacts.count > 1:
            draft.contacts.remove(at: i)
        case .button(let i)? where draft.buttons.count > 1:
            draft.buttons.remove(at: i)
        case .row(let s, let r)? where draft.sections[s].rows.count > 1:
            draft.sections[s].rows.remove(at: r)
        case .row(let s, _)? where draft.sections.count > 1, .section(let s)? where draft.sections.count > 1:
            draft.sections.remove(at: s)  // a section cannot be empty: its last row takes it along
        default:
            if focus == .content, draft.kind == .template, !draft.templateParams.isEmpty { draft.templateParams.removeLast() } else { return }
        }
        row[focus] = min(row[focus] ?? 0, max(0, fields(focus).count - 1))
    }

    /// `K` / `J`: moves the item under the cursor up or down among its siblings; the cursor
    /// follows it.
    mutating func moveItem(_ step: Int) {
        func swapped<T>(_ list: inout [T], _ i: Int) -> Int? {
            let j = i + step
            guard list.indices.contains(i), list.indices.contains(j) else { return nil }
            list.swapAt(i, j)
            return j
        }
        switch currentItem {
        case .button(let i)?: if let j = swapped(&draft.buttons, i) { focusItem(.button(j)) }
        case .contact(let i)?: if let j = swapped(&draft.contacts, i) { focusItem(.contact(j)) }
        case .templateParam(let i)?: if let j = swapped(&draft.templateParams, i) { focusItem(.templateParam(j)) }
        case .section(let s)?: if let j = swapped(&draft.sections, s) { focusItem(.section(j)) }
        case .row(let s, let r)?: if let j = swapped(&draft.sections[s].rows, r) { focusItem(.row(s, j)) }
        default: break
        }
    }
}
