import Foundation
import History
import Providers
import Sandbox
import Session
import WhatsAppModel

/// Runs the console: one thread owns the terminal (ncurses is not thread-safe) and blocks until a
/// key or a result arrives; sends run as tasks and post results to a mailbox. A frame is drawn
/// only when it differs from the last one; nothing ticks while idle.
public final class ConsoleApp: @unchecked Sendable {
    let terminal: any Terminal
    var state: AppState
    let session: SendSession
    private let lock = NSLock()
    private var mailbox: [AppEvent] = []
    private var lastFrame: CellGrid?
    /// Called after each frame is drawn (benchmarks measure keystroke → frame with it).
    public var onFrame: (() -> Void)?

    public init(terminal: any Terminal, state: AppState, session: SendSession) {
        self.terminal = terminal
        self.state = state
        self.session = session
    }

    /// Posts a result from any thread and wakes the loop.
    func post(_ e: AppEvent) {
        lock.withLock { mailbox.append(e) }
        terminal.wake()
    }

    /// Runs until quit; returns when the terminal is restored.
    public func run() {
        defer { terminal.restore() }
        draw()
        while !state.quit {
            guard let key = terminal.nextEvent() else { break }
            if key != .wake { apply(.key(key)) }
            for e in lock.withLock({ () -> [AppEvent] in defer { mailbox = [] }; return mailbox }) { apply(e) }
            draw()
        }
    }

    /// Feeds one event through `update` and starts its effects.
    func apply(_ event: AppEvent) {
        for effect in state.update(event) {
            switch effect {
            case .quit: state.quit = true
            case .suspend:
                terminal.suspend()
                lastFrame = nil  // repaint all after `fg`
            case .send(let message, let gateway, let profile, let options): startSend(message, gateway, profile, options)
            }
        }
    }

    func startSend(_ message: OutboundMessage, _ gateway: GatewayID, _ profile: Profile, _ options: VendorOptions) {
        let session = self.session
        Task.detached { [self] in
            do {
                let sent = try await session.send(message, gateway: gateway.gateway, profile: profile, options: options, wantStatuses: profile.isSandbox)
                self.post(.sent(sent))
                if case .accepted(let a)? = sent.report.outcome, let id = a.messageID ?? a.requestID, profile.isSandbox {
                    _ = await session.collectStatuses(ids: [id], timeout: .seconds(30)) { self.post(.status($0)) }
                }
                _ = await session.maintainHistory()
            } catch {
                let report = SendReport(gateway: gateway, profile: profile.name, preparation: Preparation(findings: [], request: nil), attempts: [])
                self.post(.sent(SessionSend(report: report, historyID: nil, historyError: "cannot start the sandbox: \(error)")))
            }
        }
    }

    func draw() {
        let (grid, cursor) = Renderer.render(state)
        if grid != lastFrame {
            terminal.draw(grid, cursor: cursor)
            if lastFrame == nil { Self.traceFirstFrame() }
            lastFrame = grid
        }
        onFrame?()
    }

    /// For the startup benchmark: with WACON_FIRST_FRAME_FILE set, writes the monotonic clock
    /// (ns) at the first frame and the process id.
    static func traceFirstFrame() {
        guard let path = ProcessInfo.processInfo.environment["WACON_FIRST_FRAME_FILE"] else { return }
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let text = "\(Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)) \(getpid())\n"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }
}
