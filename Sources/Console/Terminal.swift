#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A key or terminal event, already decoded from the backend's codes.
public enum KeyEvent: Sendable, Hashable {
    case char(Character)
    case enter, tab, backTab, escape, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    /// Ctrl with a letter (`ctrl("s")`).
    case ctrl(Character)
    /// Alt (or Esc then a key) with a character.
    case alt(Character)
    case ctrlLeft, ctrlRight
    case function(Int)
    /// The terminal changed size.
    case resize(width: Int, height: Int)
    /// Text pasted in one go (bracketed paste).
    case paste(String)
    /// A mouse click or wheel turn at a cell (only while mouse reporting is on).
    case mouse(x: Int, y: Int, MouseAction)
    /// Not a key: the runtime was woken to look at its mailbox.
    case wake
}

/// What the mouse did.
public enum MouseAction: Sendable, Hashable {
    case click, wheelUp, wheelDown
}

/// Where the console draws and reads keys. Two backends: ncursesw for people, an in-memory grid
/// for tests. Nothing outside a backend touches the terminal.
public protocol Terminal: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// Shows a frame; `cursor` places the real cursor (for IMEs) or hides it when nil.
    func draw(_ grid: CellGrid, cursor: (x: Int, y: Int)?)
    /// Blocks until the next event; nil when input has ended.
    func nextEvent() -> KeyEvent?
    /// Restores the terminal. Safe to call more than once.
    func restore()
    /// Makes a blocked `nextEvent` return `.wake` (from any thread).
    func wake()
    /// Stops the process as Ctrl-Z would in a cooked terminal; redraws on `fg`.
    func suspend()
    /// Puts text on the clipboard of the terminal the user sits at (OSC 52, so over SSH too).
    func copy(_ text: String)
    /// Draws with another theme from the next frame on.
    func setTheme(_ theme: Theme)
    /// Mouse reporting on (clicks and the wheel come as events) or off (the terminal's own
    /// selection works).
    func setMouse(_ on: Bool)
}

/// The test backend: frames land in `frames`, events come from a script.
public final class MemoryTerminal: Terminal, @unchecked Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var frames: [CellGrid] = []
    public private(set) var cursor: (x: Int, y: Int)?
    private var events: [KeyEvent]

    public init(width: Int, height: Int, events: [KeyEvent] = []) {
        self.width = width
        self.height = height
        self.events = events
    }

    public func draw(_ grid: CellGrid, cursor: (x: Int, y: Int)?) {
        frames.append(grid)
        self.cursor = cursor
    }

    public func nextEvent() -> KeyEvent? {
        guard !events.isEmpty else { return nil }
        let e = events.removeFirst()
        if case .resize(let w, let h) = e { width = w; height = h }
        return e
    }

    public func restore() {}
    public func wake() {}
    public func suspend() {}
    public private(set) var copied: [String] = []
    public func copy(_ text: String) { copied.append(text) }
    public private(set) var theme: Theme?
    public func setTheme(_ theme: Theme) { self.theme = theme }
    public private(set) var mouse = false
    public func setMouse(_ on: Bool) { mouse = on }

    public var lastFrame: CellGrid? { frames.last }
}
