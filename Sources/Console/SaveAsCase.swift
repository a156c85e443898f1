#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Session
import WhatsAppModel

/// A send of the form's message, as "save as case" needs it: the draft that went, the sandbox
/// scenario it ran under (a replayed entry's), and, once it is in, what the session reported.
public struct FormSend: Sendable {
    public var draft: Draft
    public var scenario: String?
    /// Nil while the send is in flight.
    public var sent: SessionSend?

    public init(draft: Draft, scenario: String? = nil, sent: SessionSend? = nil) {
        self.draft = draft
        self.scenario = scenario
        self.sent = sent
    }
}

extension Draft {
    /// The draft as a saved message file holds it: the message with its gateway, profile,
    /// options and expectation (Ctrl-O and "save as case" both write this).
    public func saving(gateway: GatewayID, profile: String) -> SavedMessage {
        SavedMessage(message: message, gateway: gateway, profile: profile, options: options, expect: expect)
    }

    /// The draft without its expectation: what was sent is compared on this.
    var withoutExpectation: Draft {
        var d = self
        d.expect = nil
        return d
    }
}

extension CaseExpectation {
    /// `expects rejected E110`, `expects accepted, status read`, `expects invalid, findings
    /// max-length`: what a case expects, in the key line's words.
    public var summary: String {
        var head = "expects " + (checkedOutcome?.rawValue ?? "any outcome")
        if let code { head += " " + code }
        var parts = [head]
        if let status { parts.append("status \(status)") }
        if !findings.isEmpty { parts.append("findings " + findings.joined(separator: ", ")) }
        if let reply { parts.append("a reply" + (reply.type.map { " (\($0))" } ?? "")) }
        if let scenario = given.scenario { parts.append("under scenario \(scenario)") }
        return TerminalText.safe(parts.joined(separator: ", "), .line)
    }
}

extension AppState {
    /// "Save as case": what the last send of the form came to (its outcome, code, final status
    /// and findings, with the statuses the panel received) becomes the draft's expectation, and
    /// the draft is saved: over the file it was opened from or last saved to, else under a
    /// name asked as Ctrl-O asks.
    mutating func saveAsCase() -> [Effect] {
        let sendKey = keymap.keys(for: .send).first?.display ?? "send"
        if sending {
            notice = Notice(text: "a send is in flight: save it as a case once its outcome is in", role: .warning)
            return []
        }
        guard let form = formSend, let sent = form.sent else {
            notice = Notice(text: "nothing to save as a case yet: send the message (\(sendKey)), then save what it came to", role: .warning)
            return []
        }
        guard form.draft.withoutExpectation == draft.withoutExpectation else {
            notice = Notice(text: "the form changed since the last send: send it again (\(sendKey)), then save what it comes to as a case", role: .warning)
            return []
        }
        if case .transportFailed(let f)? = sent.report.outcome, f.kind == .cancelled {
            notice = Notice(text: "the last send was cancelled: there is no outcome to expect; send it again", role: .warning)
            return []
        }
        // A case opened with a setup the form's send did not run under (a scenario, a customer,
        // templates, a Flow): what the send saw is not what the case expects under it.
        if let given = draft.expect?.given, !given.isEmpty, given.scenario != form.scenario || given.customer != nil || given.templates != nil || given.flow != nil {
            notice = Notice(text: "this case runs under its given setup, which a send from the form does not make: run it from the suites pane (t) or wacon test, and edit its expectation in the file",
                            role: .warning)
            return []
        }
        let seen = CaseObservation(sent: sent, statuses: statuses, reply: nil)
        var given = CaseSetup(scenario: form.scenario)
        // The sandbox customer's window decided a free-form send's fate: the case says it, so
        // it comes out the same wherever it runs (wacon test starts with a fresh sandbox).
        if profile.isBuiltIn, form.scenario == nil, !form.draft.message.isDirectSend, !isTemplate(form.draft.message),
           let w = recipientWindow, w.customer == recipientCustomer, let window = w.window {
            given.customer = CustomerSetup(windowOpen: window.isOpen(at: w.asOf))
        }
        let expectation = CaseExpectation(recording: seen, given: given)
        guard let file = savedFile else {
            mode = .overlay(.prompt(Prompt(purpose: .saveCase(expectation))))
            return []
        }
        record(expectation)
        return [.saved(.write(file: file, draft: draft, gateway: sent.report.gateway, profile: sent.report.profile))]
    }

    /// The draft expects `expectation` from now on; a form as it was sent or opened stays so
    /// (quitting does not ask about an expectation that is being saved).
    mutating func record(_ expectation: CaseExpectation) {
        let unchanged = sentOrOpened.withoutExpectation == draft.withoutExpectation
        draft.expect = expectation
        if unchanged { sentOrOpened = draft }
    }

    /// Enter in the name prompt of "save as case".
    mutating func submitCase(_ expectation: CaseExpectation, name: String) -> [Effect] {
        record(expectation)
        let report = formSend?.sent?.report
        return [.saved(.save(name: name, draft: draft, gateway: report?.gateway ?? gateway, profile: report?.profile ?? profile.name))]
    }

    /// What the key line says once a draft is saved: a case says what it expects.
    static func savedNotice(_ name: String, _ draft: Draft) -> Notice {
        guard let expect = draft.expect else { return Notice(text: "saved as \(name)", role: .success) }
        return Notice(text: "saved as case “\(TerminalText.safe(name, .line))”: \(expect.summary)", role: .success)
    }
}

/// True for a template message (the window does not apply to it).
private func isTemplate(_ message: OutboundMessage) -> Bool {
    if case .template = message.content { return true }
    return false
}
