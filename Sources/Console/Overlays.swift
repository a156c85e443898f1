import Providers
import Session
import WhatsAppModel
import Import

/// What covers the compose screen for a while: a prompt, the palette, the history pane.
/// Keys go to the overlay first; Esc closes it.
public enum Overlay: Sendable {
    case prompt(Prompt)
    case palette(Palette)
    case history(HistoryPane)
    /// Read-only lines (a payload diff), scrolled with ↑↓.
    case lines(title: String, lines: [(String, Role)], scroll: Int)
    /// A Flow screen walked as the customer sees it.
    case flowWalk(FlowWalkView)
    /// The transcript with the form's recipient.
    case conversation(ConversationPane)
    /// Saved messages run as cases (the pane's state is `AppState.suites`).
    case suites
}

/// A line of text asked for an action: a curl command to import, a name to save under.
public struct Prompt: Sendable, Hashable {
    public enum Purpose: Sendable, Hashable {
        case importCurl
        case saveDraft
        case renameSaved(String)
        /// The id of a customer's message to mark as read.
        case markRead
        /// The name a case is saved under, with what it will expect.
        case saveCase(CaseExpectation)
    }

    public var purpose: Purpose
    /// What is typed (a curl command keeps its line breaks).
    public var line = LineEditor(keepsNewlines: true)
    /// Why the last Enter did not work, shown under the text.
    public var error: String?

    public init(purpose: Purpose, text: String = "") {
        self.purpose = purpose
        self.line = LineEditor(text, keepsNewlines: true)
    }

    public var title: String {
        switch purpose {
        case .importCurl: return "Import a curl command (paste it, then Enter)"
        case .saveDraft: return "Save the draft as"
        case .renameSaved(let old): return "Rename “\(old)” to"
        case .markRead: return "Mark read: the customer's message id · Enter: read · ^T: read + typing"
        case .saveCase(let e): return "Save as case (\(e.summary)) as"
        }
    }
}

extension AppState {
    /// Enter (or Ctrl-T, with the typing indicator) in the mark-as-read prompt.
    mutating func submitMarkRead(_ p: Prompt, typing: Bool) -> [Effect] {
        var p = p
        p.error = nil
        let id = p.line.text.trimmed
        let receipt = ReadReceipt(messageID: id, typing: typing)
        if id.isEmpty {
            p.error = "the id of a message the customer sent is needed (a webhook's messages[].id)"
        } else if case .failure(let refusal) = ReadReceipt.read(receipt.json) {
            p.error = refusal.finding.message
        }
        guard p.error == nil else {
            mode = .overlay(.prompt(p))
            return []
        }
        mode = .form
        notice = Notice(text: "marking \(id) as read\(typing ? " with the typing indicator" : "")…", role: .muted)
        return [.send(.markRead(receipt, profile))]
    }

    /// The key line after a read receipt: marked, or why not.
    static func markReadNotice(_ sent: SessionSend, _ receipt: ReadReceipt) -> Notice {
        let r = sent.report
        let what = receipt.typing ? "read, typing indicator shown" : "read"
        switch r.outcome {
        case .accepted?:
            return Notice(text: "marked \(receipt.messageID) \(what) · \(r.elapsed?.text ?? "")", role: .success)
        case .rejected(let x)?:
            return Notice(text: "mark as read refused: \(x.vendorCode ?? "-") \(x.vendorMessage ?? "") \(x.details ?? "")", role: .error)
        case .unexpected(let u)?:
            return Notice(text: "mark as read: unexpected answer (HTTP \(u.httpStatus)): \(u.reason)", role: .error)
        case .transportFailed(let f)?:
            return Notice(text: "mark as read: \(f.message)", role: .error)
        case nil:
            return Notice(text: "not marked: " + r.preparation.findings.errors.map(\.message).joined(separator: "; "), role: .error)
        }
    }

    /// Opens the mark-as-read prompt with the customer's last reply (a Flow's), if one came:
    /// only a message the customer sent can be marked read.
    mutating func openMarkRead() {
        mode = .overlay(.prompt(Prompt(purpose: .markRead, text: lastInboundID ?? "")))
    }
}

/// A short message in the key line until the next key: what an action did.
public struct Notice: Sendable, Hashable {
    public var text: String
    public var role: Role
    public init(text: String, role: Role) { self.text = text; self.role = role }
}

extension AppState {
    /// A key while something covers the form.
    mutating func handle(_ key: KeyEvent, in overlay: Overlay) -> [Effect] {
        switch overlay {
        case .prompt(let p): return handlePrompt(p, key)
        case .palette(let p): return handlePalette(p, key)
        case .history(let p): return handleHistory(p, key)
        case .flowWalk(let v): return handleWalk(v, key)
        case .conversation(let p): return handleConversation(p, key)
        case .suites: return handleSuites(key)
        case .lines(let title, let lines, let scroll):
            let last = max(0, lines.count - 1)
            let scrolled: Int
            switch key {
            case .down, .char("j"): scrolled = min(scroll + 1, last)
            case .up, .char("k"): scrolled = max(0, scroll - 1)
            case .pageDown: scrolled = min(scroll + height - 4, last)
            case .pageUp: scrolled = max(0, scroll - height + 4)
            default:
                mode = .form
                return []
            }
            mode = .overlay(.lines(title: title, lines: lines, scroll: scrolled))
            return []
        }
    }

    /// Keys while a prompt is open: its line editor, Enter to act, Esc to cancel.
    mutating func handlePrompt(_ p: Prompt, _ key: KeyEvent) -> [Effect] {
        var p = p
        switch key {
        case .escape:
            mode = .form
            return []
        case .enter:
            return submit(p)
        case .ctrl("t") where p.purpose == .markRead:
            return submitMarkRead(p, typing: true)
        default:
            guard p.line.apply(key) else { return [] }
        }
        p.error = nil
        mode = .overlay(.prompt(p))
        return []
    }

    /// Enter in a prompt.
    mutating func submit(_ p: Prompt) -> [Effect] {
        var p = p
        let text = p.line.text.trimmed
        switch p.purpose {
        case .importCurl:
            do {
                let imported = try WaconSession.importCurl(text)
                gateway = imported.gateway
                draft = Draft.opening(imported.message, options: imported.options)
                savedFile = nil
                mode = .form
                focus = .content
                row[.content] = 0
                var said = "imported a \(imported.gateway.gateway.displayName) request"
                if draft.kind == .json {
                    // What the form cannot hold opens in the JSON editor.
                    said += " (opened as JSON: the form cannot hold all of it; Esc leaves the editor)"
                    openJSONEditor()
                }
                if imported.secret != nil { said += "; its key was not kept (profiles hold keys)" }
                if !imported.notes.isEmpty { said += "; " + imported.notes.joined(separator: "; ") }
                notice = Notice(text: said, role: .success)
            } catch {
                p.error = error.description
                mode = .overlay(.prompt(p))
            }
            return []
        case .markRead:
            return submitMarkRead(p, typing: false)
        case .saveDraft, .renameSaved, .saveCase:
            guard !text.isEmpty else {
                p.error = "a name is needed"
                mode = .overlay(.prompt(p))
                return []
            }
            mode = .form
            if case .renameSaved(let old) = p.purpose { return [.saved(.rename(old, to: text))] }
            if case .saveCase(let expectation) = p.purpose { return submitCase(expectation, name: text) }
            return [.saved(.save(name: text, draft: draft, gateway: gateway, profile: profile.name))]
        }
    }
}
