import Foundation
import Testing
@testable import Console
import History
import Providers
import Session
import WhatsAppModel

/// The send panel keeps the history id with the outcome until the next send (issue 15, item 2).
@Suite struct SendPanelTests {
    /// The panel's two rows under its rule.
    func panel(_ s: AppState) -> [String] {
        let lines = Renderer.render(s).grid.lines
        let rule = lines.lastIndex { $0.contains("Send ─") } ?? 0
        return Array(lines[(rule + 1)...].prefix(2))
    }

    /// Real sandbox sends recorded in a history file: accepted (then statuses, then a failed
    /// one), rejected and a transport failure. Each keeps `#ID outcome` on the panel's first row.
    @Test func theHistoryIDStaysWithTheOutcome() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-panel-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = WaconSession(history: try HistoryStore(path: dir + "/history.sqlite"))
        for (to, outcome) in [("+27 82 555 0100", "accepted"), ("+15550131047", "rejected 131047"), ("+15559000002", "transport failure")] {
            var s = AppState(width: 80, height: 24)
            s.draft.to = to
            _ = press(&s, [.ctrl("s")])
            let sent = try await session.send(SendJob(message: s.draft.message, gateway: .meta, profile: .builtIn(.meta)))
            let id = try #require(sent.historyID)
            _ = s.update(.sent(sent))
            #expect(panel(s)[0].hasPrefix(" #\(id) \(outcome)"), "\(panel(s))")
            // Statuses arrive (a failed one too): the id and outcome stay on the first row.
            let message = sent.acceptedID ?? "wamid.x"
            _ = s.update(.status(DeliveryStatus(gateway: .meta, messageID: message, status: "sent")))
            _ = s.update(.status(DeliveryStatus(gateway: .meta, messageID: message, status: "failed",
                                                errors: [StatusError(code: "131047", title: "Re-engagement message", details: nil)])))
            let rows = panel(s)
            #expect(rows[0].hasPrefix(" #\(id) \(outcome)") && rows[1].contains("sent → failed (131047)"), "\(rows)")
            // Until the next send.
            _ = press(&s, [.enter, .char("x"), .escape, .char("?"), .escape])
            #expect(panel(s)[0].hasPrefix(" #\(id) "))
            _ = press(&s, [.ctrl("s")])
            #expect(!panel(s)[0].contains("#\(id)"))
        }
        await session.close()
    }
}
