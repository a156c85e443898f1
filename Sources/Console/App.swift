import Config
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Providers
import Session
import WhatsAppModel
import History

/// Runs the console: one thread owns the terminal (ncurses is not thread-safe) and blocks until a
/// key or a result arrives; effects run outside `update` (sends, disk and the sandbox as tasks)
/// and come back as events through a mailbox. `update` alone changes the state. A frame is drawn
/// only when it differs from the last one; nothing ticks while idle.
public final class ConsoleApp: @unchecked Sendable {
    let terminal: any Terminal
    /// Read by the runtime; changed only by `state.update`.
    private(set) var state: AppState
    let session: WaconSession
    /// Where saved messages live.
    let savedMessages: SavedMessages
    /// Writes the form to the draft file; nil: the draft is not kept (tests).
    private var keeper: DraftKeeper?
    private let lock = ThreadLock()
    private var mailbox: [AppEvent] = []
    /// The last frame drawn: what is on screen, and where a click lands.
    private var lastFrame: Frame?
    /// The send in flight, so Esc can cancel it (set and read on the loop's thread only).
    private var sendTask: Task<Void, Never>?
    /// The suites pane's run, so a rerun or `s` can stop it (the loop's thread only).
    private var suiteTask: Task<Void, Never>?
    /// The profiles a suite's cases resolve against (each case's built-in sandbox profile).
    let config: Config

    /// `draftFile` keeps the form between runs (nil: it is not kept); `config` is what the
    /// suites pane plans its cases with.
    public init(terminal: any Terminal, state: AppState, session: WaconSession,
                savedMessages: SavedMessages = SavedMessages(folder: SavedMessages.defaultFolder()), draftFile: DraftFile? = nil,
                config: Config = .builtIn) {
        self.terminal = terminal
        var state = state
        state.followsWindow = true
        state.savedFolder = savedMessages.folder
        self.state = state
        self.session = session
        self.config = config
        self.savedMessages = savedMessages
        self.keeper = draftFile.map { file in DraftKeeper(file: file) { [weak self] problem in self?.post(.draftKept(problem)) } }
    }

    /// Posts a result from any thread and wakes the loop.
    func post(_ e: AppEvent) {
        lock.withLock { mailbox.append(e) }
        terminal.wake()
    }

    /// Runs until quit; returns when the terminal is restored.
    public func run() {
        defer { terminal.restore() }
        let events = followWebhooks()
        let changes = followHistory()
        defer { events.cancel(); changes.cancel(); suiteTask?.cancel() }
        apply(.started)
        draw()
        while !state.quit {
            guard let event = terminal.nextEvent() else { break }
            if event != .wake { apply(AppEvent(event, over: lastFrame)) }
            for e in lock.withLock({ () -> [AppEvent] in defer { mailbox = [] }; return mailbox }) { apply(e) }
            draw()
        }
        // The terminal first, then the last change of the form is written before the process
        // ends. A form never changed since it was restored or opened is not written: a file
        // opened at start does not replace the kept draft until it is edited.
        terminal.restore()
        keeper?.finish()
    }

    /// Feeds one event through `update` and starts its effects.
    func apply(_ event: AppEvent) {
        for effect in state.update(event) {
            switch effect {
            case .send(let send): run(send)
            case .saved(let saved): run(saved)
            case .history(let history): run(history)
            case .flow(let flow): run(flow)
            case .conversation(let c): run(c)
            case .suite(let s): run(s)
            case .terminal(let effect): run(effect)
            }
        }
    }

    /// Terminal work, at once on the loop's thread (the terminal is this thread's).
    func run(_ effect: TerminalEffect) {
        switch effect {
        case .suspend:
            terminal.suspend()
            lastFrame = nil  // repaint all after `fg`
        case .copy(let text): terminal.copy(text)
        case .copyThroughTmux(let text, let what):
            Task.detached { [self] in self.post(.notice(TmuxClipboard.copy(text, what: what))) }
        case .setMouse(let on): terminal.setMouse(on)
        case .setTheme(let choice):
            let (theme, warnings) = Theme.resolve(choice)
            terminal.setTheme(theme)
            // An unreadable theme file is said in the key line.
            if !warnings.isEmpty { apply(.notice(Notice(text: warnings.joined(separator: " · "), role: .warning))) }
        }
    }

    /// Sends run as tasks: the outcome and each status come back as events.
    func run(_ effect: SendEffect) {
        switch effect {
        case .message(let message, let gateway, let profile, let options):
            send { _ in SendJob(message: message, gateway: gateway, profile: profile, options: options, followStatuses: profile.isSandbox, statusTimeout: .seconds(30)) }
        case .replay(let id, let profile):
            send { session in
                var job = try await session.replayJob(id, through: profile)
                job.followStatuses = profile.isSandbox
                job.statusTimeout = .seconds(30)
                return job
            } scenario: { job in job.scenario }
        case .cancel: sendTask?.cancel()
        case .markRead(let receipt, let profile):
            let session = self.session
            Task.detached { [self] in
                do {
                    let sent = try await session.markRead(receipt, profile: profile)
                    self.post(.markedRead(sent, receipt))
                } catch {
                    self.post(.notice(Notice(text: "mark as read: \(error)", role: .error)))
                }
            }
        }
    }

    /// Flow work on a task: reading and registering a file, or the sandbox playing the customer.
    func run(_ effect: FlowEffect) {
        switch effect {
        case .load(let path): loadFlow(path, sandbox: state.profile.isBuiltIn, flowID: state.draft.flowID)
        case .complete(let id, let response): completeFlow(id, response)
        }
    }

    /// Runs a send job on a task: the outcome and each status come back as events, so input
    /// never waits for the network.
    func send(_ makeJob: @escaping @Sendable (WaconSession) async throws -> SendJob,
              scenario: @escaping @Sendable (SendJob) -> String? = { _ in nil }) {
        let session = self.session
        sendTask = Task.detached { [self] in
            do {
                let job = try await makeJob(session)
                // Before the outcome: "save as case" records the scenario with it.
                if let name = scenario(job) { self.post(.sendScenario(name)) }
                let result = try await session.run(job) { event in
                    switch event {
                    case .sent(let sent, _): self.post(.sent(sent))
                    case .status(let status): self.post(.status(status))
                    case .problem(let why): self.post(.notice(Notice(text: why, role: .warning)))
                    }
                }
                if result.sends.isEmpty { self.post(.sendFailed("nothing was sent")) }
            } catch {
                self.post(.sendFailed(Task.isCancelled ? "cancelled before anything was sent" : "\(error)"))
            }
        }
    }

    /// Reads, lints and (for a built-in profile: the in-process sandbox) registers a Flow JSON
    /// file, off the input path. A Flow the sandbox refuses is still loaded, with a warning.
    func loadFlow(_ path: String, sandbox: Bool, flowID: String) {
        let session = self.session
        Task.detached { [self] in
            let full = FilePaths.expandingTilde(path)
            do {
                let doc = try FlowDocument.load(path: full)
                var loaded = LoadedFlow(path: path, document: doc, lint: FlowLinter.lint(doc))
                if sandbox {
                    let name = URL(fileURLWithPath: full).deletingPathExtension().lastPathComponent
                    let digits = !flowID.isEmpty && flowID.allSatisfy(\.isNumber)
                    do {
                        loaded.sandboxID = try await session.registerFlow(doc, id: digits ? flowID : nil, name: name).id
                    } catch {
                        loaded.warning = "the sandbox did not register it: \(error)"
                    }
                }
                self.post(.flowLoaded(loaded))
            } catch {
                self.post(.flowFailed("cannot load the flow: \(error)"))
            }
        }
    }

    /// The sandbox plays the customer: it posts the `nfm_reply` webhook for the walked flow,
    /// and wacon's receiver reports it.
    func completeFlow(_ messageID: String, _ response: JSONObject) {
        let session = self.session
        Task.detached { [self] in
            do {
                let done = try await session.completeFlow(messageID: messageID, response: response)
                if let why = done.undelivered {
                    self.post(.flowFailed("the sandbox could not deliver the nfm_reply: \(why)"))
                    return
                }
                guard let reply = await session.awaitReply(to: messageID, timeout: .seconds(10)) else {
                    self.post(.flowFailed("no nfm_reply arrived within 10 s"))
                    return
                }
                let fields = reply.flowResponse.map { "\($0.count) fields" } ?? "no response_json"
                self.post(.flowReply("nfm_reply \(reply.id) ← \(reply.from) · response_json \(fields)", id: reply.id))
            } catch {
                self.post(.flowFailed("the sandbox could not complete the flow: \(error)"))
            }
        }
    }

    /// Conversation work on a task: history, the sandbox playing the customer, the window.
    func run(_ effect: ConversationEffect) {
        let session = self.session
        Task.detached { [self] in
            switch effect {
            case .load(let customer, let profile, let token):
                do { self.post(.conversation(try await session.conversation(with: customer, profile: profile), token: token, at: Date())) } catch {
                    self.post(.conversationFailed("\(error)", token: token))
                }
            case .play(let reply, let customer, let context, let gateway):
                do {
                    let said = try await session.play(reply, as: customer, replyingTo: context, gateway: gateway)
                    self.post(.played(Notice(text: said, role: .success)))
                } catch {
                    self.post(.played(Notice(text: "the customer could not be played: \(error)", role: .error)))
                }
            case .window(let customer, let recipient, let profile):
                self.post(.window(customer: customer, await session.serviceWindow(for: recipient, profile: profile), at: Date()))
            }
        }
    }

    /// Every webhook wacon receives (the in-process receiver, a listener in this process, or
    /// `wacon listen` elsewhere writing to the same history) comes in as an event.
    func followWebhooks() -> Task<Void, Never> {
        let session = self.session
        let sandbox = state.allProfiles.contains { $0.isBuiltIn }
        return Task.detached { [self] in
            let events = await session.webhookEvents()
            // Every status and customer message of the in-process sandbox comes to the session's
            // receiver, not only those a send is following.
            if sandbox { try? await session.receiveSandboxWebhooksOnceStarted() }
            for await event in events {
                self.post(.webhook(ReceivedWebhookSummary(event)))
            }
        }
    }

    /// Writes to the history file from anywhere (a `wacon listen` in another terminal) come in
    /// as events, so an open conversation shows what it recorded.
    func followHistory() -> Task<Void, Never> {
        let session = self.session
        return Task.detached { [self] in
            for await _ in session.historyChanges() { self.post(.historyChanged) }
        }
    }

    /// Saved-message work runs on a task (disk stays off the input path); results come back as
    /// events, and the names again after every change.
    func run(_ effect: SavedEffect) {
        if case .keep(let draft, let gateway, let profile) = effect {
            keeper?.keep(draft.keeping(gateway: gateway, profile: profile))
            return
        }
        let store = savedMessages
        Task.detached { [self] in
            do {
                switch effect {
                case .save(let name, let draft, let gateway, let profile, let replacing):
                    let saved = draft.saving(gateway: gateway, profile: profile)
                    do {
                        let file = try store.save(saved, as: name, replacing: replacing)
                        self.post(.savedAs(file: store.folder + "/" + file + ".json", AppState.savedNotice(file, draft)))
                    } catch SavedMessageError.exists {
                        // The name is taken and nothing was written: the user says whether to replace it.
                        self.post(.savedNameTaken(name))
                        return
                    }
                case .write(let file, let draft, let gateway, let profile):
                    // Over the file the form came from, whatever folder it is in.
                    let url = URL(fileURLWithPath: file)
                    let there = SavedMessages(folder: url.deletingLastPathComponent().path)
                    let saved = draft.saving(gateway: gateway, profile: profile)
                    let name = try there.save(saved, as: url.lastPathComponent, replacing: true)
                    self.post(.savedAs(file: there.folder + "/" + name + ".json", AppState.savedNotice(name, draft)))
                case .open(let name):
                    let m = try store.load(name)
                    let file = store.folder + "/" + (try SavedMessages.validName(name)) + ".json"
                    self.post(.opened(Draft.opening(saved: m), m.gateway, profile: m.profile, from: "“\(name)”", file: file))
                case .rename(let old, let new):
                    let name = try store.rename(old, to: new)
                    self.post(.notice(Notice(text: "renamed “\(old)” to “\(name)”", role: .success)))
                case .duplicate(let name):
                    let copy = try store.duplicate(name)
                    self.post(.notice(Notice(text: "duplicated “\(name)” as “\(copy)”", role: .success)))
                case .delete(let name):
                    try store.delete(name)
                    self.post(.notice(Notice(text: "deleted “\(name)”", role: .success)))
                case .list, .keep: break
                }
                self.post(.savedNames((try? store.list().map(\.name)) ?? []))
            } catch {
                self.post(.notice(Notice(text: "\(error)", role: .error)))
            }
        }
    }

    /// Suites work on a task: the folder's files are read and the cases run off the input path,
    /// each result coming back as an event as it comes.
    func run(_ effect: SuiteEffect) {
        let session = self.session
        switch effect {
        case .run(let folder, let token):
            let config = self.config
            suiteTask = Task.detached { [self] in
                let plan: SuitePlan
                do { plan = try SuiteLoader(config: config).plan([folder]) } catch {
                    self.post(.suiteFailed("\(error)", token: token))
                    return
                }
                // The console's run never reaches a real gateway: `wacon test` asks first.
                if plan.reachesRealGateways {
                    let names = Set(plan.cases.compactMap(\.profile).filter { !$0.isSandbox }.map(\.name)).sorted().joined(separator: ", ")
                    self.post(.suiteFailed("some cases would send through a real gateway (profile \(names)): run them with wacon test, which asks first", token: token))
                    return
                }
                self.post(.suitePlanned(plan, token: token))
                let summary = await session.runSuite(plan, jobs: 4) { event in self.post(.suiteProgress(event, token: token)) }
                self.post(.suiteFinished(summary, token: token))
            }
        case .cancel:
            suiteTask?.cancel()
        case .open(let file):
            Task.detached { [self] in
                do {
                    let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
                    guard size <= SuiteLoader.maxFileBytes else {
                        self.post(.notice(Notice(text: "cannot open \(TerminalText.safe(file, .line)): larger than \(SuiteLoader.maxFileBytes) bytes", role: .error)))
                        return
                    }
                    let m = try SavedMessage.parse(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
                    let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                    self.post(.opened(Draft.opening(saved: m), m.gateway, profile: m.profile, from: "“\(TerminalText.safe(name, .line))”", file: file))
                } catch {
                    self.post(.notice(Notice(text: "cannot open \(TerminalText.safe(file, .line)): \(error)", role: .error)))
                }
            }
        case .exchange(let id):
            Task.detached { [self] in
                do {
                    self.post(.exchange(HistoryExchange(try await session.entry(id))))
                } catch {
                    self.post(.notice(Notice(text: "\(error)", role: .error)))
                }
            }
        }
    }

    /// History work on a task: the file is read off the input path; results come back as events.
    func run(_ effect: HistoryEffect) {
        let session = self.session
        Task.detached { [self] in
            do {
                switch effect {
                case .load(let query, let before, let token):
                    do { self.post(.historyPage(try await session.historyPage(query, before: before), before: before, token: token)) } catch {
                        self.post(.historyFailed("\(error)", token: token))
                    }
                case .open(let id, let replay, let keepGateway):
                    let (e, message, options) = try await session.opening(id)
                    let draft = Draft.opening(message, options: options)
                    let gateway = keepGateway ? nil : GatewayID(rawValue: e.gateway)
                    let profile = keepGateway ? nil : e.profile
                    self.post(replay ? .replay(draft, gateway, profile: profile, id: id) : .opened(draft, gateway, profile: profile, from: "#\(id)"))
                case .export(let id, let format):
                    // Never over a file already there (an edited export of the same entry).
                    let preferred = FileManager.default.currentDirectoryPath + "/wacon-\(id).\(format.fileExtension)"
                    let path = try session.writeNewExport(try await session.export([id], as: format), near: preferred)
                    self.post(.notice(Notice(text: "exported #\(id) to \(path)", role: .success)))
                case .diff(let a, let b):
                    self.post(.diff(try await session.payloadDiff(a, b)))
                }
            } catch {
                self.post(.notice(Notice(text: "\(error)", role: .error)))
            }
        }
    }

    /// Renders the state; the terminal gets the frame only when it differs from the last one.
    /// The frame is kept either way: the next click lands on what it shows.
    func draw() {
        let frame = Renderer.render(state)
        if frame.grid != lastFrame?.grid {
            terminal.draw(frame.grid, cursor: frame.cursor)
            if lastFrame == nil { Self.traceFirstFrame() }
        }
        lastFrame = frame
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
