import Foundation
import Testing
import WhatsAppModel

/// What a new user hit in the console's first hour, replayed in a real terminal (tmux, the real
/// binary): each test does what the user did and reads the screen.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ConsoleFirstHourE2ETests {
    typealias Tmux = ConsoleE2ETests.Tmux

    /// A send accepted and then failed by its status shows as failed, with the status's code
    /// and title, in the send panel and in the history pane, and the pane's filter finds it.
    @Test func acceptedThenFailedIsShownAsFailedEverywhere() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        // The sandbox's magic number for "200, then a failed status with 131047".
        try t.keys("Enter", "C-u")
        try t.type("+1 555 800 0001")
        try t.keys("Enter", "C-s")
        let sent = try t.wait(for: "the failed status") { $0.contains("131047") }
        #expect(sent.contains("failed"), "the send panel says failed: \(sent)")
        try t.keys("H")
        // One line with both: the send panel shows "#1" and the status's code on two.
        let pane = try t.wait(for: "the history row") { $0.split(separator: "\n").contains { $0.contains("#1") && $0.contains("131047") } }
        let row = try #require(pane.split(separator: "\n").first { $0.contains("#1") && $0.contains("131047") })
        #expect(row.contains("failed"), "the row shows the final outcome: \(row)")
        #expect(!row.contains("accepted"), "\(row)")
        // The filter line: by outcome, by code, and by the failing status's title.
        for filter in ["status:failed", "code:131047", "Re-engagement"] {
            try t.keys("/")
            try t.keys("C-u")
            try t.type(filter)
            try t.keys("Enter")
            let found = try t.wait(for: "rows for \(filter)") { $0.contains("#1 ") || $0.contains("#1") && $0.contains("131047") }
            #expect(found.contains("131047"), "\(filter) finds the entry")
        }
    }

    /// The history pane's filter reads numbers as numbers, as prefixes, in groups; an unknown
    /// value says what is allowed instead of showing an empty list.
    @Test func historyFiltersReadNumbersAndRefuseUnknownValues() throws {
        let t = Tmux()
        defer { t.kill() }
        let env = ["XDG_DATA_HOME": t.data]
        for to in ["+27 12 345 6789", "+44 7700 900123", "+27 82 555 0100"] {
            let message = #"{"messaging_product":"whatsapp","to":"\#(to)","type":"text","text":{"body":"hi"}}"#
            let r = try wacon(["send", "-", "-g", "meta"], stdin: message, env: env)
            #expect(r.status == 0, "\(r.stderr)")
        }
        try t.start()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        try t.keys("H")
        _ = try t.wait(for: "three rows") { $0.contains("#3") && $0.contains("#1") }
        func filter(_ text: String) throws -> String {
            try t.keys("/")
            try t.keys("C-u")
            try t.type(text)
            try t.keys("Enter")
            return try t.wait(for: "the filter \(text)") { $0.contains("filter: \(text)") && $0.contains(" shown") }
        }
        let south = try filter("to:+27")
        // Rows show numbers grouped as the country writes them.
        #expect(south.contains("+27 12 345 6789") && south.contains("+27 82 555 0100"), "\(south)")
        #expect(!south.contains("+44 7700"), "\(south)")
        let grouped = try filter("to:+27 12 345 6789")
        #expect(grouped.contains("+27 12 345 6789") && !grouped.contains("+27 82 555 0100"), "\(grouped)")
        let unknown = try filter("status:bogus")
        #expect(unknown.contains("accepted") && unknown.contains("rejected"), "names the allowed values: \(unknown)")
    }

    /// A profile whose address refuses connections fails at once, saying to check the address,
    /// not the account.
    @Test func aRefusedConnectionFailsAtOnceWithAnAddressHint() throws {
        // A loopback port nothing listens on: bind one, note it, close it.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        close(fd)
        let config = try tempFile("""
            [profiles.closed]
            gateway = "meta"
            phone_number_id = "106540352242922"
            api_version = "v23.0"
            base_url = "http://127.0.0.1:\(port)"
            secret = "EAAtestsecretvalue0000"
            """, ext: "toml")
        let t = Tmux()
        defer { t.kill() }
        try t.start(args: ["console", "--config", config, "-p", "closed"])
        _ = try t.wait(for: "first frame") { $0.contains("127.0.0.1:\(port)") }
        try t.keys("C-s")
        _ = try t.wait(for: "the production question") { $0.contains("Send through closed?") }
        try t.keys("y")
        // Within the harness's ordinary wait: a 10 s stall would still pass a wait of 15 s, so
        // the words are what is checked: a refused connection, and the address to check.
        let screen = try t.wait(for: "the refused connection") { $0.contains("refused") }
        #expect(screen.contains("check the address (the profile's base_url)"), "the hint names the address: \(screen)")
        #expect(!screen.contains("account"), "not blamed on the account: \(screen)")
        #expect(!screen.contains("retry"), "a refused connection is not retried: \(screen)")
    }
}
