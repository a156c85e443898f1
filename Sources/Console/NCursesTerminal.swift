import CNCurses
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The ncursesw backend: copies the cell grid to the screen and lets ncurses send only what
/// changed. Wide characters through `setcchar`/`mvadd_wch`; colours from the theme, mapped to
/// what the terminal has (256, 16, 8, or none with NO_COLOR / a monochrome terminal).
public final class NCursesTerminal: Terminal, @unchecked Sendable {
    public private(set) var width: Int = 80
    public private(set) var height: Int = 24
    private var pairs: [Style: Int16] = [:]
    private var nextPair: Int16 = 1
    private var theme: Theme
    private let colors: Int
    private var restored = false
    /// What the screen shows now: only cells that differ from it are sent to ncurses.
    private var shown: CellGrid?
    /// A self-pipe: `wake()` writes a byte so the blocked reader returns.
    private var wakePipe: [Int32] = [-1, -1]
    /// The live terminal, for the signal handlers that restore it.
    nonisolated(unsafe) private static var current: NCursesTerminal?
    /// The wake pipe's write end, for the SIGWINCH handler (which cannot capture).
    nonisolated(unsafe) private static var resizePipe: Int32 = -1
    private static let resizeByte: UInt8 = 0x57
    /// Set when the wake pipe carried a resize.
    private var resized = false
    /// Set when stdin hung up: `nextEvent` then returns nil and the console ends (instead of
    /// spinning on a dead terminal).
    private var inputEnded = false

    public init(theme: Theme) {
        // The character type is all ncursesw needs (UTF-8 input and widths); the other
        // categories are a dozen files read for nothing at start.
        setlocale(LC_CTYPE, "")
        initscr()
        raw()  // Ctrl-S, Ctrl-Q, Ctrl-C reach the app (no flow control, no signals from keys)
        noecho()
        nonl()
        keypad(wacon_stdscr(), true)
        set_escdelay(25)
        // Bracketed paste: the terminal wraps pasted text in ESC[200~ … ESC[201~.
        Self.writeRaw("\u{1B}[?2004h")
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        if !noColor && has_colors() {
            start_color()
            use_default_colors()
            colors = Int(wacon_colors())
        } else {
            colors = 0
        }
        self.theme = theme
        width = Int(wacon_cols())
        height = Int(wacon_lines())
        pipe(&wakePipe)
        _ = fcntl(wakePipe[0], F_SETFL, O_NONBLOCK)
        NCursesTerminal.current = self
        // SIGWINCH may land on any thread, not the one blocked in poll(): the handler writes to
        // the wake pipe, and the terminal thread asks the kernel for the new size itself.
        NCursesTerminal.resizePipe = wakePipe[1]
        signal(SIGWINCH) { _ in
            var b: UInt8 = NCursesTerminal.resizeByte
            _ = write(NCursesTerminal.resizePipe, &b, 1)
        }
        // Restore the terminal on SIGTERM and SIGHUP (SIGINT comes as Ctrl-C in raw mode).
        for sig in [SIGTERM, SIGHUP] {
            signal(sig) { s in
                NCursesTerminal.current?.restore()
                signal(s, SIG_DFL)
                raise(s)
            }
        }
    }

    deinit { restore() }

    /// Writes control bytes straight to the terminal (outside ncurses' buffer).
    static func writeRaw(_ s: String) {
        let bytes = Array(s.utf8)
        _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    public func restore() {
        guard !restored else { return }
        restored = true
        Self.writeRaw("\u{1B}[?2004l")
        endwin()
    }

    /// The colour pair for a style, made on first use.
    private func pair(for style: Style) -> Int16 {
        guard colors > 0 else { return 0 }
        var key = style
        key.bold = false; key.underline = false; key.reverse = false; key.italic = false
        if let p = pairs[key] { return p }
        // -1 is the theme's `terminal` (the terminal's own colour), which use_default_colors() allows.
        let (fg, bg) = theme.colorPair(for: style, colors: colors)
        let p = nextPair
        nextPair += 1
        if init_pair(p, Int16(fg), Int16(bg)) == ERR, fg < 0 || bg < 0 {
            // A terminal without default colours refuses -1: white on black stands in for it.
            init_pair(p, Int16(fg < 0 ? 7 : fg), Int16(bg < 0 ? 0 : bg))
        }
        pairs[key] = p
        return p
    }

    public func draw(_ grid: CellGrid, cursor: (x: Int, y: Int)?) {
        let previous = shown.flatMap { $0.width == grid.width && $0.height == grid.height ? $0 : nil }
        for y in 0..<min(grid.height, height) {
            for x in 0..<min(grid.width, width) {
                let cell = grid[x, y]
                if cell.width == 0 { continue }
                if let previous, previous[x, y] == cell, !cell.isCluster,
                   x + 1 >= grid.width || previous[x + 1, y] == grid[x + 1, y] { continue }
                var attrs: attr_t = 0
                if cell.style.bold { attrs |= wacon_attr_bold() }
                if cell.style.underline { attrs |= wacon_attr_underline() }
                if cell.style.italic { attrs |= wacon_attr_italic() }
                // Without colours, roles that matter show as attributes.
                if cell.style.reverse || (colors == 0 && (cell.style.role == .focus || cell.style.role == .error)) { attrs |= wacon_attr_reverse() }
                var cc = cchar_t()
                var wide = Self.glyph(cell, text: cell.isCluster ? grid.text(x: x, y: y) : nil)
                setcchar(&cc, &wide, attrs, pair(for: cell.style), nil)
                mvadd_wch(Int32(y), Int32(x), &cc)
                if Int(wacon_wcwidth(wide[0])) < Int(cell.width) {
                    // The terminal gives this glyph one column where the grid has two: fill the
                    // second, so nothing after it shifts.
                    var pad = cchar_t()
                    var space: [wchar_t] = [32, 0]
                    setcchar(&pad, &space, attrs, pair(for: cell.style), nil)
                    mvadd_wch(Int32(y), Int32(x + 1), &pad)
                }
            }
        }
        shown = grid
        if let cursor {
            curs_set(1)
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        refresh()
    }

    public func suspend() {
        Self.writeRaw("\u{1B}[?2004l")
        endwin()
        // Stop the way a cooked terminal's Ctrl-Z does: the whole process group (a script that
        // started wacon stops too), by SIGTSTP's default action. Ignored while the group is
        // signalled (an ignored signal is dropped at once, so no other thread of ours can take
        // it later), then raised on this thread with it unblocked: taken before raise returns.
        let previous = signal(SIGTSTP, SIG_IGN)
        kill(0, SIGTSTP)
        signal(SIGTSTP, SIG_DFL)
        var only = sigset_t(), saved = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, SIGTSTP)
        pthread_sigmask(SIG_UNBLOCK, &only, &saved)
        raise(SIGTSTP)
        pthread_sigmask(SIG_SETMASK, &saved, nil)
        signal(SIGTSTP, previous)
        // Back after `fg`: ncurses restores its modes on the next refresh; repaint everything.
        Self.writeRaw("\u{1B}[?2004h")
        clearok(wacon_stdscr(), true)
        shown = nil
        refresh()
    }

    public func copy(_ text: String) {
        // OSC 52: the terminal (or tmux with set-clipboard on) sets its clipboard; it travels
        // with the output stream, so it works over SSH. Written outside ncurses' buffer.
        Self.writeRaw("\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}")
    }

    public func setTheme(_ theme: Theme) {
        self.theme = theme
        pairs = [:]
        nextPair = 1
        shown = nil  // every cell's colour may change
    }

    /// What to hand ncurses for a cell, so that its width model (wcwidth, the same one the
    /// terminal and tmux use) never disagrees with the grid's: a base character plus only
    /// combining marks. ZWJ sequences, flags and emoji made wide by VS16 are joined by few
    /// terminals; they show as their first character (padded if narrower) instead of shifting
    /// the rest of the row. A character the terminal finds wider than the grid shows as "?".
    static func glyph(_ cell: Cell, text: String?) -> [wchar_t] {
        let base = wchar_t(bitPattern: cell.scalar.value)
        let w = Int(wacon_wcwidth(base))
        if w < 0 || w > Int(cell.width) { return [wchar_t(63), 0] }
        var out = [base]
        if let text {
            for s in text.unicodeScalars.dropFirst().prefix(4) {
                let c = s.properties.generalCategory
                guard c == .nonspacingMark || c == .enclosingMark else { break }
                out.append(wchar_t(bitPattern: s.value))
            }
        }
        return out + [0]
    }

    public func setMouse(_ on: Bool) { wacon_mouse(on ? 1 : 0) }

    public func wake() {
        var b: UInt8 = 1
        _ = write(wakePipe[1], &b, 1)
    }

    /// Waits (no timeout, no tick) until a key is ready or `wake()` was called.
    private func waitForInput() -> Bool {
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: wakePipe[0], events: Int16(POLLIN), revents: 0)]
        while true {
            let r = poll(&fds, 2, -1)
            if r < 0 && errno == EINTR {
                // SIGWINCH interrupts poll: let ncurses deliver KEY_RESIZE.
                return true
            }
            if fds[1].revents != 0 {
                var buf = [UInt8](repeating: 0, count: 64)
                var n = 0
                repeat {
                    n = read(wakePipe[0], &buf, 64)
                    if n > 0, buf[0..<n].contains(Self.resizeByte) { resized = true }
                } while n > 0
                return false
            }
            // The terminal went away (hang-up, closed pty): no more input will come.
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { inputEnded = true }
            return true
        }
    }

    public func nextEvent() -> KeyEvent? {
        // Keys already buffered by ncurses come first; otherwise wait.
        nodelay(wacon_stdscr(), true)
        var probe: wint_t = 0
        let pending = wget_wch(wacon_stdscr(), &probe)
        nodelay(wacon_stdscr(), false)
        if pending != ERR {
            return decode(pending, probe)
        }
        let woke = !waitForInput()
        if inputEnded { return nil }
        if woke {
            guard resized else { return .wake }
            resized = false
            // Tell ncurses the size the kernel now reports (its own SIGWINCH handler is ours now).
            var ws = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_row > 0, ws.ws_col > 0 {
                resizeterm(Int32(ws.ws_row), Int32(ws.ws_col))
            }
            width = Int(wacon_cols())
            height = Int(wacon_lines())
            shown = nil
            // The terminal may have reflowed or kept old text: repaint every cell from clear.
            clearok(wacon_stdscr(), true)
            return .resize(width: width, height: height)
        }
        nodelay(wacon_stdscr(), true)
        defer { nodelay(wacon_stdscr(), false) }
        var ch: wint_t = 0
        let r = wget_wch(wacon_stdscr(), &ch)
        if r == ERR { return .wake }
        return decode(r, ch)
    }

    /// One key from ncurses' codes; keys wacon has no use for come back as `.wake` (ignored).
    private func decode(_ r: Int32, _ ch: wint_t) -> KeyEvent? {
        do {
            if r == KEY_CODE_YES {
                switch Int32(ch) {
                case KEY_RESIZE:
                    width = Int(wacon_cols())
                    height = Int(wacon_lines())
                    shown = nil
                    clearok(wacon_stdscr(), true)
                    return .resize(width: width, height: height)
                case KEY_MOUSE:
                    var x: Int32 = 0, y: Int32 = 0
                    switch wacon_mouse_event(&x, &y) {
                    case 1: return .mouse(x: Int(x), y: Int(y), .click)
                    case 2: return .mouse(x: Int(x), y: Int(y), .wheelUp)
                    case 3: return .mouse(x: Int(x), y: Int(y), .wheelDown)
                    default: return .wake
                    }
                case KEY_UP: return .up
                case KEY_DOWN: return .down
                case KEY_LEFT: return .left
                case KEY_RIGHT: return .right
                case KEY_HOME: return .home
                case KEY_END: return .end
                case KEY_PPAGE: return .pageUp
                case KEY_NPAGE: return .pageDown
                case KEY_BACKSPACE: return .backspace
                case KEY_DC: return .delete
                case KEY_BTAB: return .backTab
                case KEY_ENTER: return .enter
                case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(Int32(ch) - KEY_F0))
                default:
                    // ncurses names ctrl-arrows by capability; 5xx codes on xterm-likes.
                    let name = keyname(Int32(ch)).map { String(cString: $0) } ?? ""
                    if name == "kLFT5" { return .ctrlLeft }
                    if name == "kRIT5" { return .ctrlRight }
                    return .wake
                }
            }
            guard let scalar = Unicode.Scalar(UInt32(ch)) else { return .wake }
            switch scalar.value {
            case 13, 10: return .enter
            case 9: return .tab
            case 127, 8: return .backspace
            case 27: return escapeSequence()
            case 1...26: return .ctrl(Character(Unicode.Scalar(scalar.value + 96)!))
            default: return .char(Character(scalar))
            }
        }
    }

    /// After ESC: alone (Esc), Alt+key, or bracketed paste.
    private func escapeSequence() -> KeyEvent {
        nodelay(wacon_stdscr(), true)
        defer { nodelay(wacon_stdscr(), false) }
        var ch: wint_t = 0
        let r = wget_wch(wacon_stdscr(), &ch)
        guard r != ERR else { return .escape }
        // Esc then Esc (or a function key) is two keys: give the second one back.
        if r == KEY_CODE_YES {
            ungetch(Int32(ch))
            return .escape
        }
        guard ch != 27, let s = Unicode.Scalar(UInt32(ch)) else {
            unget_wch(wchar_t(bitPattern: UInt32(ch)))
            return .escape
        }
        if s == "[" {
            var seq = ""
            while wget_wch(wacon_stdscr(), &ch) != ERR, let c = Unicode.Scalar(UInt32(ch)) {
                seq.unicodeScalars.append(c)
                if c == "~" || c.properties.isAlphabetic { break }
            }
            if seq == "200~" { return .paste(readPaste()) }
            // A key the terminfo entry does not name (tmux sends Home as ESC[1~ where xterm's
            // entry has ESC O H): read it here; any other sequence is no key, never an Esc.
            return Self.csiKey(seq) ?? .wake
        }
        return .alt(Character(s))
    }

    /// The key of a CSI sequence (what follows ESC [) that terminals send for editing keys.
    static func csiKey(_ seq: String) -> KeyEvent? {
        switch seq {
        case "1~", "7~", "H": return .home
        case "4~", "8~", "F": return .end
        case "3~": return .delete
        case "5~": return .pageUp
        case "6~": return .pageDown
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "1;5C": return .ctrlRight
        case "1;5D": return .ctrlLeft
        default: return nil
        }
    }

    /// Reads pasted text up to ESC[201~.
    private func readPaste() -> String {
        nodelay(wacon_stdscr(), false)
        var text = ""
        var ch: wint_t = 0
        while wget_wch(wacon_stdscr(), &ch) != ERR, let s = Unicode.Scalar(UInt32(ch)) {
            text.unicodeScalars.append(s)
            if text.hasSuffix("\u{1B}[201~") { text.removeLast(6); break }
        }
        return text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
    }
}
