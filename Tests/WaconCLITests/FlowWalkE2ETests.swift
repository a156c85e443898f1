import Foundation
import Testing

/// Issue 15, item 7, as the user met it in a real terminal: a second Flow loaded into the same
/// draft, then the table-booking Flow walked: a restaurant pick that asks the endpoint, a time
/// Dropdown disabled by `${data.is_time_enabled}`, Enter on a RadioButtonsGroup.
@Suite(.serialized, .timeLimit(.minutes(2))) struct FlowWalkE2ETests {
    typealias Tmux = ConsoleE2ETests.Tmux

    @Test func aSecondFlowStartsFreshAndItsWalkFollowsThePhonesRules() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        try t.keys(":")
        try t.type("type: flow")
        try t.keys("Enter")
        _ = try t.wait(for: "the flow form") { $0.contains("flow file") }
        try t.keys("Tab", "Tab", "Tab")
        _ = try t.wait(for: "the Flow screens pane") { $0.contains("▸ Flow screens") }
        // The first Flow, then the second one into the same draft.
        try t.keys("Enter")
        try t.type("examples/flows/appointment.json")
        try t.keys("Enter")
        _ = try t.wait(for: "the first flow") { $0.contains("entry APPOINTMENT") && $0.contains("customer_name") }
        try t.keys("Enter", "C-u")
        try t.type("examples/flows/table-booking-endpoint.json")
        try t.keys("Enter")
        let loaded = try t.wait(for: "the second flow") { $0.contains("entry TABLE") && $0.contains("\"screen\": \"TABLE\"") }
        #expect(loaded.contains("no errors or warnings"), "\(loaded)")
        #expect(!loaded.contains("customer_name") && loaded.contains("\"restaurants\""))

        // The walk: TABLE with its examples; Time is disabled (is_time_enabled is false).
        try t.keys("w")
        _ = try t.wait(for: "the walk on TABLE") { $0.contains("TABLE · 1") && $0.contains("Time (disabled)") }
        try t.keys("Tab")
        try t.type("2026-03-14")
        // A restaurant pick runs its data_exchange: the walk stays, the date stays.
        try t.keys("BTab", "Right")
        let picked = try t.wait(for: "the pick's data_exchange") { $0.contains("no endpoint to answer data_exchange") }
        #expect(picked.contains("TABLE · 1") && picked.contains("Harbour Road ▾") && picked.contains("[ 2026-03-14 ]"), "\(picked)")
        // Tab goes from the date straight to the Footer: Time takes no cursor.
        try t.keys("Tab", "Tab")
        _ = try t.wait(for: "the Footer under the cursor") { $0.contains("Enter press") }
        try t.keys("Enter")
        _ = try t.wait(for: "GUESTS") { $0.contains("GUESTS · 2") && $0.contains("Harbour Road, Fri 14 March") }

        // Enter on the seating radio group moves on and picks nothing; Space picks.
        try t.type("4")
        try t.keys("Tab")
        try t.type("Naledi")
        try t.keys("Tab")
        _ = try t.wait(for: "the seating group") { $0.contains("Space pick  Enter next") }
        try t.keys("Enter")
        let moved = try t.wait(for: "Enter moved on to the Footer") { $0.contains("Enter press") }
        #expect(moved.contains("( ) Inside") && !moved.contains("(•)"), "\(moved)")
        try t.keys("BTab", "Space")
        _ = try t.wait(for: "Space picked") { $0.contains("(•) Inside") }
        try t.keys("Tab", "Enter")
        _ = try t.wait(for: "CONFIRMED") { $0.contains("CONFIRMED · 3") }
        try t.keys("Enter")
        let done = try t.wait(for: "completion") { $0.contains("Flow completed") }
        #expect(done.contains("\"booking_ref\": \"HR-20250314-0042\""))
        try t.keys("Escape")
        _ = try t.wait(for: "the walk closed") { !$0.contains("Flow completed") }
        // The form was changed and not sent: q asks first.
        try t.keys("q")
        _ = try t.wait(for: "the quit question") { $0.contains("Quit wacon?") }
        try t.keys("y")
        _ = try t.wait(for: "exit") { $0.contains("EXITED 0") }
    }
}
