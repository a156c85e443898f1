#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import Providers
import Session
import WhatsAppModel

/// The form between runs: written to the draft file as it changes and at quit, read at start.
extension Draft {
    /// This draft as the draft file keeps it: the message with its gateway, profile and
    /// options, and under `wacon.console` what a message cannot carry (the JSON text as typed,
    /// which may not read yet; the Flow file's path).
    func keeping(gateway: GatewayID, profile: String) -> SavedMessage {
        var console = JSONObject()
        if kind == .json { console.append("json", .string(json)) }
        if !flowFile.isEmpty { console.append("flow_file", .string(flowFile)) }
        return SavedMessage(message: message, gateway: gateway, profile: profile, options: options, expect: expect,
                            extra: console.isEmpty ? [:] : ["console": .object(console)])
    }

    /// The draft a kept file gives back (opened as any message is, then what `keeping` added).
    static func restoring(_ kept: SavedMessage) -> Draft {
        var d = Draft.opening(saved: kept)
        guard case .object(let console)? = kept.extra["console"] else { return d }
        if let json = console["json"]?.stringValue {
            d.kind = .json
            d.json = json
        }
        if let file = console["flow_file"]?.stringValue { d.flowFile = file }
        return d
    }
}

/// Writes the form to the draft file off the input path, one write at a time and in order; a
/// newer draft waiting replaces an older one not yet written, so typing never queues writes.
final class DraftKeeper: @unchecked Sendable {
    let file: DraftFile
    private let queue = DispatchQueue(label: "wacon.draft")
    private let lock = ThreadLock()
    private var pending: SavedMessage?
    /// The last write's problem (nil: it worked), so only a change is reported. Queue only.
    private var lastProblem: String?
    private let report: @Sendable (String?) -> Void

    /// `report` hears when writing starts or stops failing (nil: the draft is kept again).
    init(file: DraftFile, report: @escaping @Sendable (String?) -> Void) {
        self.file = file
        self.report = report
    }

    /// Keeps `draft` (soon, on the keeper's queue).
    func keep(_ draft: SavedMessage) {
        let idle = lock.withLock { () -> Bool in
            defer { pending = draft }
            return pending == nil
        }
        if idle { queue.async { self.writePending() } }
    }

    /// Waits until every draft handed over is written (at quit).
    func finish() { queue.sync {} }

    private func writePending() {
        guard let draft = lock.withLock({ () -> SavedMessage? in
            defer { pending = nil }
            return pending
        }) else { return }
        var problem: String?
        do { try file.save(draft) } catch { problem = "\(error)" }
        if problem != lastProblem {
            lastProblem = problem
            report(problem)
        }
    }
}
