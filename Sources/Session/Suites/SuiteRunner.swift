#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import History
import Providers
import Sandbox
import WhatsAppModel

extension WaconSession {
    // MARK: Suites

    /// The most cases run at once.
    public static let maxSuiteJobs = 64

    /// Runs the plan's cases, `jobs` at a time, and reports each as it starts and, in the run's
    /// order, as it finishes. Cases that set up or answer as the same sandbox customer run one
    /// after another, in file order (a window closed by one must not open under another); the
    /// rest run in any order. Every send is recorded in history (its id is in the result).
    public func runSuite(_ plan: SuitePlan, jobs: Int = 1, events: @escaping @Sendable (SuiteEvent) -> Void = { _ in }) async -> SuiteSummary {
        let clock = ContinuousClock()
        let start = clock.now
        // Groups in order of their first case; a group runs in order on one worker.
        var groups: [[SuiteCase]] = []
        var groupOf: [String: Int] = [:]
        let setUpCustomers = Set(plan.cases.compactMap(\.customerKey))
        for var c in plan.cases {
            if c.customerKey == nil, let r = c.recipientKey, setUpCustomers.contains(r), c.profile?.isBuiltIn == true { c.sharesCustomer = true }
            if let key = c.customerKey ?? (c.sharesCustomer ? c.recipientKey : nil), let g = groupOf[key] {
                groups[g].append(c)
            } else {
                if let key = c.customerKey ?? (c.sharesCustomer ? c.recipientKey : nil) { groupOf[key] = groups.count }
                groups.append([c])
            }
        }
        let queue = SuiteQueue(groups: groups, total: plan.cases.count, events: events)
        let workers = max(1, min(jobs, Self.maxSuiteJobs, groups.count))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    while let next = await queue.take() {
                        for c in next {
                            if Task.isCancelled { return }
                            events(.started(c))
                            let result = await self.runCase(c)
                            await queue.finish(result)
                        }
                    }
                }
            }
        }
        // A stopped run: the cases that finished after a gap are reported too.
        return SuiteSummary(results: await queue.drain(), duration: clock.now - start, planned: plan.cases.count)
    }

    /// Runs one case: its setup, the send, the statuses and reply it waits for, the checks.
    public func runCase(_ c: SuiteCase) async -> CaseResult {
        let clock = ContinuousClock()
        let start = clock.now
        let startedAt = Date()
        func result(_ verdict: CaseVerdict, _ seen: CaseObservation? = nil) -> CaseResult {
            CaseResult(suiteCase: c, verdict: verdict, duration: clock.now - start, observation: seen, startedAt: startedAt)
        }
        guard let saved = c.saved, let profile = c.profile else { return result(.error(c.problem ?? "\(c.file): not a case")) }
        if let problem = c.problem { return result(.error(problem)) }
        let expect = c.expectation
        let gateway = profile.gateway
        do {
            try await setUp(c, expect.given, profile: profile)
        } catch {
            return result(.error("setup: \(error)"))
        }
        let job = SendJob(message: saved.message, gateway: gateway, profile: profile, options: TargetChoice.options(VendorOptions(), over: saved, for: gateway),
                          scenario: expect.given.scenario, followStatuses: expect.followsSend(onSandbox: true) && profile.isSandbox,
                          statusTimeout: .seconds(expect.within))
        let sent: SessionSend
        do { sent = try await send(job) } catch {
            switch error {
            case .unknownScenario, .scenarioNotForGateway, .scenarioNeedsSandbox: return result(.error("wacon.expect.given.scenario: \(error)"))
            case .sandbox: return result(.error("\(error)"))
            }
        }
        var seen = CaseObservation(sent: sent)
        if let id = sent.acceptedID, expect.followsSend(onSandbox: profile.isSandbox) {
            await follow(id, c, expect, profile: profile, historyID: sent.historyID, into: &seen)
        }
        // Stopped while it waited: what it saw is not what it would have seen.
        if Task.isCancelled { return result(.error("stopped before it finished"), seen) }
        let mismatches = expect.mismatches(seen)
        return result(mismatches.isEmpty ? .passed : .failed(mismatches), seen)
    }

    /// Puts the sandbox in the state the case is given. Only the built-in profiles' in-process
    /// sandbox can be set up; a scenario works on any sandbox (it travels with the request).
    private func setUp(_ c: SuiteCase, _ given: CaseSetup, profile: Profile) async throws {
        if c.saved?.expect?.reply != nil, !profile.isSandbox {
            throw SuitePlanError("expect.reply needs the sandbox (it plays the customer); \"\(profile.name)\" sends to \(profile.gateway.gateway.endpoint(profile: profile))")
        }
        if given.scenario != nil, !profile.isSandbox {
            throw SuitePlanError("given.scenario needs a sandbox profile; \"\(profile.name)\" sends to \(profile.gateway.gateway.endpoint(profile: profile))")
        }
        if c.sharesCustomer, let to = c.saved?.message.recipientText {
            // Put back as the sandbox starts them (seeded customers open, others closed).
            let fresh = SandboxServer.customer(to, seededAt: sandboxSeededAt)
            _ = try await inProcessSandbox().setUpCustomer(to, windowOpen: fresh?.window.isOpen() ?? false, marketingOptOut: fresh?.marketingOptOut ?? false)
        }
        let needsInProcess = given.customer != nil || c.flow != nil || !c.templates.isEmpty
        guard needsInProcess else { return }
        guard profile.isBuiltIn else {
            let what = given.customer != nil ? "given.customer" : c.flow != nil ? "given.flow" : "given.templates"
            // A real profile checks the templates locally (they are its library); only the
            // sandbox can be told about them.
            if what == "given.templates" && !profile.isSandbox { return }
            throw SuitePlanError("\(what) sets up the built-in sandbox; \"\(profile.name)\" is not a built-in profile")
        }
        let sandbox = try await inProcessSandbox()
        if !c.templates.isEmpty { try await sandbox.addTemplates(c.templates, gateways: [profile.gateway]) }
        if let flow = c.flow {
            guard let id = c.saved?.message.openedFlowID else { throw SuitePlanError("given.flow: the message opens no Flow (no action.parameters.flow_id)") }
            _ = try await sandbox.registerFlow(id: id, name: nil, document: flow)
        }
        if let customer = given.customer, customer.windowOpen != nil || customer.marketingOptOut != nil, let to = c.saved?.message.recipientText {
            _ = try await sandbox.setUpCustomer(to, windowOpen: customer.windowOpen, marketingOptOut: customer.marketingOptOut)
        }
    }

    /// Waits for what the case expects after acceptance: the statuses (the sandbox's receiver,
    /// or history for a real gateway, where `wacon listen` records them), then the customer's
    /// answer and their reply.
    private func follow(_ id: String, _ c: SuiteCase, _ expect: CaseExpectation, profile: Profile, historyID: Int64?, into seen: inout CaseObservation) async {
        let timeout = Duration.seconds(expect.within)
        if let settled = expect.statusesSettled(onSandbox: profile.isSandbox) {
            if profile.isSandbox {
                let (statuses, problem) = await collectStatuses(ids: [id], timeout: timeout, until: settled, settle: false)
                seen.take(statuses)
                if let problem { seen.problems.append(problem) }
            } else if let historyID {
                seen.take(await statusesFromHistory(historyID, timeout: timeout, until: settled))
            }
        }
        guard profile.isSandbox, seen.verdict == .accepted else { return }
        if let answer = expect.given.customer?.answer, let message = c.saved?.message {
            do {
                try await answerAsCustomer(answer, to: message, id: id, gateway: profile.gateway)
            } catch {
                seen.problems.append("the customer's answer: \(error)")
                return
            }
        }
        if expect.reply != nil { seen.reply = await awaitReply(to: id, timeout: timeout) }
    }

    /// Plays the customer answering the message `id`.
    private func answerAsCustomer(_ answer: CustomerAnswer, to message: OutboundMessage, id: String, gateway: GatewayID) async throws {
        switch answer {
        case .flow(let response):
            _ = try await completeFlow(messageID: id, response: response)
        case .text(let body):
            _ = try await playCustomer(from: message.recipientText, message: CustomerReply.text(body).message, context: id, gateway: gateway)
        case .tap(let name):
            let choices = CustomerReply.choices(in: message)
            guard let choice = choices.first(where: { $0.matches(name) }) else {
                throw SuitePlanError("nothing to tap named \"\(name)\" (the message offers \(choices.isEmpty ? "nothing to tap" : choices.map(\.label).joined(separator: ", ")))")
            }
            _ = try await playCustomer(from: message.recipientText, message: choice.message, context: id, gateway: gateway)
        }
    }

    /// The statuses history holds for entry `id`, read until `until` holds for one or
    /// `timeout` passes (a `wacon listen` elsewhere records them as they come).
    private func statusesFromHistory(_ id: Int64, timeout: Duration, until: @Sendable (DeliveryStatus) -> Bool) async -> [DeliveryStatus] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var statuses: [DeliveryStatus] = []
        while true {
            if let entry = try? reader()?.entry(id: id) {
                let gateway = GatewayID(rawValue: entry.gateway) ?? .meta
                statuses = entry.statuses.map { DeliveryStatus(gateway: gateway, messageID: $0.messageID, status: $0.status, timestamp: $0.at,
                                                               errors: $0.failures(gateway: entry.gateway)) }
                if statuses.contains(where: until) { return statuses }
            }
            guard clock.now < deadline else { return statuses }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }
}

/// Hands out the groups of cases to workers and puts the results back in the run's order.
actor SuiteQueue {
    private var groups: [[SuiteCase]]
    private var nextGroup = 0
    private var done: [Int: CaseResult] = [:]
    private var nextReported = 0
    private(set) var results: [CaseResult] = []
    private let events: @Sendable (SuiteEvent) -> Void

    init(groups: [[SuiteCase]], total: Int, events: @escaping @Sendable (SuiteEvent) -> Void) {
        self.groups = groups
        self.events = events
        results.reserveCapacity(total)
    }

    func take() -> [SuiteCase]? {
        guard nextGroup < groups.count else { return nil }
        defer { nextGroup += 1 }
        return groups[nextGroup]
    }

    /// The results in the run's order, those kept behind a case that never ran (a stopped
    /// run) reported now.
    func drain() -> [CaseResult] {
        for id in done.keys.sorted() {
            let r = done.removeValue(forKey: id)!
            results.append(r)
            events(.finished(r))
        }
        return results
    }

    /// Keeps `result` until every earlier case is done, then reports it and those behind it.
    func finish(_ result: CaseResult) {
        done[result.suiteCase.id] = result
        while let r = done.removeValue(forKey: nextReported) {
            results.append(r)
            events(.finished(r))
            nextReported += 1
        }
    }
}

extension CustomerReply {
    /// True when `name` is this choice's id or title (a quick reply's payload).
    func matches(_ name: String) -> Bool {
        switch self {
        case .buttonReply(let id, let title), .listReply(let id, let title, _): return id == name || title == name
        case .quickReply(let payload, let text): return payload == name || text == name
        default: return false
        }
    }
}

extension OutboundMessage {
    /// The `flow_id` of the Flow an interactive flow message opens.
    var openedFlowID: String? {
        if case .interactive(let i) = content, case .flow(let f) = i.action { return f.flowID }
        return nil
    }
}
