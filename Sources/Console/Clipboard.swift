#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// Copying inside tmux. tmux keeps a program's OSC 52 to itself unless its `set-clipboard` is
/// `on` (the default is `external`), so there the console hands the text to tmux instead:
/// `tmux load-buffer -w -` fills tmux's paste buffer and, unless `set-clipboard` is `off`, the
/// outer terminal's clipboard.
enum TmuxClipboard {
    /// Copies `text` through the tmux the console runs in (`$TMUX` names its server) and says
    /// what happened. Waits for tmux: run it off the input path.
    static func copy(_ text: String, what: String) -> Notice {
        let setting = run(["show-options", "-sv", "set-clipboard"], input: nil)
        let loaded = run(["load-buffer", "-w", "-"], input: Array(text.utf8))
        return notice(what: what, setClipboard: setting.ok ? setting.output : nil, failure: loaded.ok ? nil : loaded.output)
    }

    /// The key line's words for a copy through tmux: only what happened is claimed, and what
    /// did not happen says how to make it happen.
    static func notice(what: String, setClipboard: String?, failure: String?) -> Notice {
        if let failure {
            return Notice(text: "not copied: tmux load-buffer failed (\(failure.isEmpty ? "no reason given" : failure)); "
                          + "`tmux set -s set-clipboard on` lets the console's OSC 52 through instead", role: .error)
        }
        if setClipboard == "off" {
            return Notice(text: "copied the \(what) to tmux's paste buffer only: tmux's set-clipboard is off "
                          + "(`tmux set -s set-clipboard on` reaches the terminal's clipboard too)", role: .warning)
        }
        return Notice(text: "copied the \(what) to tmux's buffer and the terminal's clipboard (tmux load-buffer -w)", role: .success)
    }

    /// Runs tmux with `args`: whether it succeeded and its output (or its error), trimmed.
    private static func run(_ args: [String], input: [UInt8]?) -> (ok: Bool, output: String) {
        switch ChildProcess.run(["tmux"] + args, input: input ?? []) {
        case .success(let r): return (r.exitStatus == 0, String(decoding: r.output, as: UTF8.self).trimmed)
        case .failure(let e): return (false, "cannot run tmux: \(e.reason)")
        }
    }
}
