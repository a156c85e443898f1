import Providers
import Session
import WhatsAppModel

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
}

/// A line of text asked for an action: a curl command to import, a name to save under.
public struct Prompt: Sendable, Hashable {
    public enum Purpose: Sendable, Hashable {
        case importCurl
        case saveDraft
        case renameSaved(String)
    }

    public var purpose: Purpose
    public var text = ""
    /// Why the last Enter did not work, shown under the text.
    public var error: String?

    public var title: String {
        switch purpose {
        case .importCurl: return "Import a curl command (paste it, then Enter)"
        case .saveDraft: return "Save the draft as"
        case .renameSaved(let old): return "Rename “\(old)” to"
        }
    }
}

/// A short message in the key line until the next key: what an action did.
public struct Notice: Sendable, Hashable {
    public var text: String
    public var role: Role
    public init(text: String, role: Role) { self.text = text; self.role = role }
}

extension AppState {
    /// Keys while a prompt is open: text editing, Enter to act, Esc to cancel.
    mutating func handlePrompt(_ p: Prompt, _ key: KeyEvent) -> [Effect] {
        var p = p
        switch key {
        case .escape: overlay = nil; return []
        case .enter:
            return submit(p)
        default: guard Self.editLine(&p.text, key, keepNewlines: true) else { return [] }
        }
        p.error = nil
        overlay = .prompt(p)
        return []
    }

    /// The editing keys of a one-line input at its end (prompt, palette query, history filter):
    /// type, paste, Backspace, ^U clears, ^W deletes a word. False for any other key.
    static func editLine(_ text: inout String, _ key: KeyEvent, keepNewlines: Bool = false) -> Bool {
        switch key {
        case .char(let c): text.append(c)
        case .paste(let t): text += keepNewlines ? t : String(t.map { $0.isNewline ? " " : $0 })
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .ctrl("u"): text = ""
        case .ctrl("w"):
            let chars = Array(text)
            text = String(chars[..<wordStart(chars, before: chars.count)])
        default: return false
        }
        return true
    }

    /// Enter in a prompt.
    mutating func submit(_ p: Prompt) -> [Effect] {
        var p = p
        let text = p.text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch p.purpose {
        case .importCurl:
            do {
                let imported = try WaconSession.importCurl(text)
                gateway = imported.gateway
                draft = Draft.opening(imported.message, options: imported.options)
                overlay = nil
                focus = .content
                row[.content] = 0
                var said = "imported a \(imported.gateway.gateway.displayName) request"
                if draft.kind == .json { said += " (opened as JSON: the form cannot hold all of it)" }
                if imported.secret != nil { said += "; its key was not kept (profiles hold keys)" }
                if !imported.notes.isEmpty { said += "; " + imported.notes.joined(separator: "; ") }
                notice = Notice(text: said, role: .success)
            } catch {
                p.error = error.description
                overlay = .prompt(p)
            }
            return []
        case .saveDraft, .renameSaved:
            guard !text.isEmpty else {
                p.error = "a name is needed"
                overlay = .prompt(p)
                return []
            }
            overlay = nil
            if case .renameSaved(let old) = p.purpose { return [.renameSaved(old, text)] }
            return [.saveDraft(name: text, draft: draft, gateway: gateway, profile: profile.name)]
        }
    }

    /// `y` / `Y`: the request body, or the whole request as curl, to the terminal's clipboard.
    /// Secrets stay masked unless they are revealed on screen.
    mutating func copy(curl: Bool) -> [Effect] {
        guard let r = preparation.request else {
            notice = Notice(text: "nothing to copy: \(gateway.gateway.displayName) cannot carry this message", role: .warning)
            return []
        }
        let text = curl ? RequestFormatter.curl(r, reveal: revealSecrets) : JSONWriter.prettyString(r.bodyJSON)
        notice = Notice(text: "copied the \(curl ? "curl command" : "request body") (OSC 52)" + (curl && !revealSecrets ? ", key masked" : ""), role: .success)
        return [.copy(text)]
    }
}
