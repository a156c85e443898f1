import Foundation
import Testing
@testable import Console
@testable import History
import Providers
import Session
import WhatsAppModel

/// The conversation pane: the transcript with the form's recipient, what can be done from a
/// message (reply, react, mark read), playing the customer on the sandbox, and the window shown
/// beside the recipient.
@Suite struct ConversationPaneTests {
    static let now = Date(timeIntervalSince1970: 1_764_590_400)

    /// A button message sent and read, a text that failed outside the window, and the
    /// customer's tap on the first message.
    static func conversation(windowOpenFor hours: Double = 23.5) -> Conversation {
        let buttons = #"{"messaging_product":"whatsapp","to":"+27825550100","type":"interactive","interactive":{"type":"button","body":{"text":"Can we deliver tomorrow?"},"action":{"buttons":[{"type":"reply","reply":{"id":"yes","title":"Yes"}},{"type":"reply","reply":{"id":"no","title":"No"}}]}}}"#
        var sent = HistoryEntry(id: 7, createdAt: now.addingTimeInterval(-600), gateway: "meta", profile: "sandbox-meta", recipient: "+27825550100",
                                kind: "interactive.button", outcome: "accepted", attempts: 1, message: buttons)
        sent.messageID = "wamid.OUT1"
        // Read arrived before delivered: the pane shows the highest rank.
        sent.statuses = [RecordedStatus(messageID: "wamid.OUT1", status: "sent", at: nil, errors: nil, receivedAt: now, raw: nil),
                         RecordedStatus(messageID: "wamid.OUT1", status: "read", at: nil, errors: nil, receivedAt: now, raw: nil),
                         RecordedStatus(messageID: "wamid.OUT1", status: "delivered", at: nil, errors: nil, receivedAt: now, raw: nil)]
        let tap = RecordedInbound(id: 1, messageID: "wamid.IN1", gateway: "meta", customer: "27825550100", customerName: "Thandi",
                                  type: "interactive", summary: "button_reply yes \"Yes\"", contextID: "wamid.OUT1", entryID: 7,
                                  at: now.addingTimeInterval(-300), receivedAt: now.addingTimeInterval(-300))
        var failed = HistoryEntry(id: 8, createdAt: now.addingTimeInterval(-60), gateway: "meta", profile: "sandbox-meta", recipient: "+27825550100",
                                  kind: "text", outcome: "failed", attempts: 1,
                                  message: #"{"messaging_product":"whatsapp","to":"+27825550100","type":"text","text":{"body":"Still there?"}}"#)
        failed.messageID = "wamid.OUT2"
        failed.vendorCode = "131047"
        failed.vendorMessage = "Re-engagement message"
        let last = now.addingTimeInterval(-(24 - hours) * 3600)
        return Conversation(customer: "27825550100", items: [.sent(sent), .received(tap), .sent(failed)],
                            window: ServiceWindow(lastCustomerMessage: last))
    }

    /// A state with the pane open on the default recipient and `c` loaded.
    static func opened(profile: Profile = .builtIn(.meta)) -> AppState {
        var s = AppState(width: 120, height: 40, profiles: [profile], gateway: profile.gateway, profile: profile.name)
        let effects = press(&s, [.char("c")])
        #expect(effects == [.conversation(.load(customer: "27825550100", profile: s.profile, token: 0))])
        _ = s.update(.conversation(conversation(), token: 0, at: now))
        return s
    }

    @Test func theTranscriptShowsTicksFailuresRepliesAndTheWindow() {
        let s = Self.opened()
        let screen = Renderer.render(s).grid.text
        #expect(screen.contains("Conversation · +27 82 555 0100 · Thandi"), "\(screen)")
        #expect(screen.contains("window open 23 h 30 m"))
        #expect(screen.contains("“Can we deliver tomorrow?”  [Yes (yes) · No (no)]"))
        #expect(screen.contains("✓✓ read"), "read before delivered still ends read")
        #expect(screen.contains("button_reply yes \"Yes\""))
        #expect(screen.contains("↳ replies to your interactive.button"))
        #expect(screen.contains("✗ failed 131047 Re-engagement message"))
        // The newest is selected, as in a chat.
        guard case .overlay(.conversation(let p)) = s.mode else { Issue.record("\(s.mode)"); return }
        #expect(p.selected == 2)
    }

    @Test func replyReactAndMarkReadActOnTheSelectedMessage() {
        var s = Self.opened()
        // Up to the customer's tap: r quotes it in the next message.
        _ = press(&s, [.up])
        var replying = s
        _ = press(&replying, [.char("r")])
        #expect(replying.draft.replyTo == "wamid.IN1" && replying.draft.message.replyTo == "wamid.IN1")
        guard case .form = replying.mode else { Issue.record("\(replying.mode)"); return }
        // m and t mark it read, t with the typing indicator.
        var reading = s
        #expect(press(&reading, [.char("t")]) == [.send(.markRead(ReadReceipt(messageID: "wamid.IN1", typing: true), reading.profile))])
        // e reacts as the business: an emoji asked, then a reaction message through the send path.
        var reacting = s
        _ = press(&reacting, [.char("e"), .ctrl("u")] + typing("🎉"))
        let effects = press(&reacting, [.enter])
        guard case .send(.message(let m, .meta, _, _))? = effects.first else { Issue.record("\(effects)"); return }
        #expect(m.to == "+27 82 555 0100")
        guard case .reaction(let r) = m.content else { Issue.record("\(m.content)"); return }
        #expect(r.messageID == "wamid.IN1" && r.emoji == "🎉")
        // A message the business sent cannot be marked read: said, nothing sent.
        var wrong = s
        _ = press(&wrong, [.up])
        #expect(press(&wrong, [.char("m")]).isEmpty)
        #expect(Renderer.render(wrong).grid.text.contains("only a message the customer sent can be marked read"))
    }

    @Test func theCustomerTapsAButtonOrWritesOnTheSandbox() {
        var s = Self.opened()
        // On the button message, b offers its buttons; 2 taps "No", answering that message.
        _ = press(&s, [.home])
        _ = press(&s, [.char("b")])
        #expect(Renderer.render(s).grid.text.contains("1 Yes (yes)"))
        let tapped = press(&s, [.char("2")])
        #expect(tapped == [.conversation(.play(.buttonReply(id: "no", title: "No"), customer: "+27 82 555 0100", context: "wamid.OUT1", gateway: .meta))])
        // w writes as the customer.
        _ = press(&s, [.char("w"), .ctrl("u")] + typing("hi there"))
        #expect(press(&s, [.enter]) == [.conversation(.play(.text("hi there"), customer: "+27 82 555 0100", context: nil, gateway: .meta))])
        // A message without buttons has nothing to tap.
        _ = press(&s, [.end])
        #expect(press(&s, [.char("b")]).isEmpty)
        #expect(Renderer.render(s).grid.text.contains("no reply buttons, list rows or quick replies"))
    }

    @Test func throughAProductionProfileThePaneAsksBeforeItSends() {
        var p = Profile.builtIn(.meta)
        p.name = "production"
        p.isBuiltIn = false
        p.isSandbox = false
        var s = Self.opened(profile: p)
        _ = press(&s, [.up])
        // Mark read: asked, and any key but y sends nothing.
        #expect(press(&s, [.char("m")]).isEmpty)
        #expect(Renderer.render(s).grid.text.contains("through production (not a sandbox)? y sends"))
        #expect(press(&s, [.char("n")]).isEmpty)
        #expect(press(&s, [.char("t"), .char("y")]) == [.send(.markRead(ReadReceipt(messageID: "wamid.IN1", typing: true), s.profile))])
        // A reaction too.
        _ = press(&s, [.char("e"), .enter])
        let effects = press(&s, [.char("y")])
        guard case .send(.message(let m, _, _, _))? = effects.first, case .reaction = m.content else { Issue.record("\(effects)"); return }
    }

    @Test func aReactionTheGatewayWouldRefuseIsNotSentAndSaysWhy() {
        var s = Self.opened()
        _ = press(&s, [.up])
        #expect(press(&s, [.char("e"), .ctrl("u")] + typing("ok") + [.enter]).isEmpty)
        let screen = Renderer.render(s).grid.text
        #expect(screen.contains("not sent: reaction.emoji"), "\(screen)")
        // The question stays open to put it right.
        guard case .overlay(.conversation(let pane)) = s.mode, case .emoji? = pane.asking else { Issue.record("\(s.mode)"); return }
    }

    @Test func aSendFromThePaneStartsThePanelAgainAndAQuoteDoesNotFollowAnotherRecipient() {
        var s = Self.opened()
        s.statuses = [DeliveryStatus(gateway: .meta, messageID: "wamid.OLD", status: "read")]
        _ = press(&s, [.up, .char("e"), .enter])
        #expect(s.statuses.isEmpty && s.sending)
        // r quotes the customer's message; another recipient drops the quote.
        var quoting = Self.opened()
        _ = press(&quoting, [.up, .char("r")])
        #expect(quoting.draft.replyTo == "wamid.IN1")
        _ = press(&quoting, [.escape, .enter, .ctrl("u")] + typing("+447700900177") + [.enter])
        #expect(quoting.draft.replyTo.isEmpty, "\(quoting.draft.to)")
    }

    @Test func aRealProfileCannotPlayTheCustomer() {
        var p = Profile.builtIn(.meta)
        p.name = "production"
        p.isBuiltIn = false
        p.isSandbox = false
        var s = Self.opened(profile: p)
        #expect(press(&s, [.char("w")]).isEmpty)
        #expect(Renderer.render(s).grid.text.contains("only on the built-in sandbox profiles"))
    }

    @Test func aWebhookForTheCustomerReloadsTheTranscriptAndOlderAnswersAreDropped() {
        var s = Self.opened()
        let effects = s.update(.webhook(ReceivedWebhookSummary(customer: "27825550100", inboundMessageID: "wamid.IN2", line: "meta message wamid.IN2")))
        #expect(effects.contains(.conversation(.load(customer: "27825550100", profile: s.profile, token: 1))))
        #expect(s.lastInboundID == "wamid.IN2")
        // The answer to the first load (token 0) no longer counts.
        var stale = Self.conversation()
        stale.items = []
        _ = s.update(.conversation(stale, token: 0, at: Self.now))
        guard case .overlay(.conversation(let p)) = s.mode else { Issue.record("\(s.mode)"); return }
        #expect(p.items.count == 3)
        // Another customer's webhook leaves it alone.
        #expect(s.update(.webhook(ReceivedWebhookSummary(customer: "447700900177", inboundMessageID: "wamid.X", line: ""))).isEmpty)
    }

    @Test func theWindowIsAskedAsTheRecipientChangesAndShownUnderIt() {
        var s = AppState(width: 120, height: 40)
        s.followsWindow = true
        #expect(s.update(.started) == [.conversation(.window(customer: "27825550100", recipient: "+27 82 555 0100", profile: s.profile))])
        // Asked once per recipient, not per key.
        #expect(press(&s, [.down, .up]).isEmpty)
        _ = s.update(.window(customer: "27825550100", ServiceWindow(lastCustomerMessage: Self.now.addingTimeInterval(-3600)), at: Self.now))
        #expect(Renderer.render(s).grid.text.contains("window open 23 h 0 m"))
        // A new number: asked again, and a closed window warns that a text will fail.
        let typed = press(&s, [.enter, .ctrl("u")] + typing("+27825550199") + [.enter])
        #expect(typed.filter { if case .conversation(.window) = $0 { true } else { false } }.count == 1)
        _ = s.update(.window(customer: "27825550199", ServiceWindow(), at: Self.now))
        #expect(Renderer.render(s).grid.text.contains("window closed: templates only · will fail"))
    }
}
