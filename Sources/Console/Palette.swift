import Providers
import Session
import WhatsAppModel

/// One thing the command palette can do.
public struct PaletteItem: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        /// A keymap action, by id.
        case action(String)
        case gateway(GatewayID)
        case profile(String)
        case theme(String)
        case kind(DraftKind)
        /// A saved message, by name.
        case openSaved(String)
        case renameSaved(String)
        case duplicateSaved(String)
        case deleteSaved(String)
        /// A template of the profile's library, by name and language: a message filled in
        /// from its definition.
        case template(name: String, language: String)
    }

    public var title: String
    public var detail: String
    public var target: Target
}

/// The command palette (Ctrl-P or `:`): fuzzy search over actions, gateways, profiles, themes,
/// message types and saved messages. The same matcher filters any list (`/`).
public struct Palette: Sendable {
    /// What is typed, on one line.
    public private(set) var query: LineEditor
    public var selected = 0
    public private(set) var items: [PaletteItem]
    /// Items matching the query, best first, with the matched character offsets of the title.
    public private(set) var matches: [(item: PaletteItem, positions: [Int])] = []

    public init(items: [PaletteItem], query: String = "") {
        self.items = items
        self.query = LineEditor(query)
        refilter()
    }

    /// An editing key on the query; false when `key` is not one. A changed query filters again
    /// from the best match.
    public mutating func edit(_ key: KeyEvent) -> Bool {
        let before = query.text
        guard query.apply(key) else { return false }
        if query.text != before {
            selected = 0
            refilter()
        }
        return true
    }

    /// Another catalogue (the saved messages were listed): the query stays, the best match is
    /// selected.
    public mutating func setItems(_ items: [PaletteItem]) {
        self.items = items
        selected = 0
        refilter()
    }

    private mutating func refilter() {
        let q = FuzzyMatch.prepare(query.text)
        // A query longer than every entry cannot match (a long paste must not cost a scan per key).
        let longest = items.map { $0.title.count + 1 + $0.detail.count }.max() ?? 0
        guard q.count <= longest else { matches = []; selected = 0; return }
        var scored: [(item: PaletteItem, score: Int, positions: [Int], index: Int)] = []
        for (i, item) in items.enumerated() {
            if q.isEmpty { scored.append((item, 0, [], i)); continue }
            if let m = FuzzyMatch.score(q, in: item.title) { scored.append((item, m.score, m.positions, i)) }
            else if let m = FuzzyMatch.score(q, in: item.title + " " + item.detail) { scored.append((item, m.score - 50, [], i)) }
        }
        // Best score first; ties keep the catalogue's order, so results do not jump around.
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        matches = scored.map { ($0.item, $0.positions) }
        selected = min(selected, max(0, matches.count - 1))
    }

    public var current: PaletteItem? { matches.indices.contains(selected) ? matches[selected].item : nil }
}

/// Subsequence matching with the scoring people expect from fuzzy finders: every query
/// character must appear in order (case-insensitive); runs of consecutive characters, matches
/// at word starts and early matches score higher; shorter candidates win ties.
public enum FuzzyMatch {
    public static func score(_ query: String, in candidate: String) -> (score: Int, positions: [Int])? {
        score(prepare(query), in: candidate)
    }

    /// The query as matched: lower case, without spaces.
    static func prepare(_ query: String) -> [Character] { Array(query.lowercased().filter { !$0.isWhitespace }) }

    static func score(_ q: [Character], in candidate: String) -> (score: Int, positions: [Int])? {
        guard !q.isEmpty else { return (0, []) }
        guard q.count <= candidate.count else { return nil }
        let c = Array(candidate)
        let lower = c.map { Character($0.lowercased()) }
        // Greedy from each possible start of the first character; keep the best.
        var best: (score: Int, positions: [Int])?
        for start in lower.indices where lower[start] == q[0] {
            var positions = [start]
            var j = start + 1
            for ch in q.dropFirst() {
                while j < lower.count, lower[j] != ch { j += 1 }
                guard j < lower.count else { positions = []; break }
                positions.append(j)
                j += 1
            }
            guard positions.count == q.count else { continue }
            var s = 0
            for (k, p) in positions.enumerated() {
                s += 10
                if k > 0, positions[k - 1] == p - 1 { s += 15 }  // a run
                if p == 0 || !(c[p - 1].isLetter || c[p - 1].isNumber) { s += 20 }  // a word start
            }
            s -= positions[0]  // earlier is better
            s -= c.count / 4  // shorter is better
            if best == nil || s > best!.score { best = (s, positions) }
        }
        return best
    }
}

extension AppState {
    /// Everything the palette offers now.
    var paletteItems: [PaletteItem] {
        var items = ActionID.allCases.filter { !keymap.keys(for: $0).isEmpty || $0 == .send }
            .map { PaletteItem(title: $0.summary, detail: keymap.display($0), target: .action($0.rawValue)) }
        items += GatewayID.allCases.map { PaletteItem(title: "gateway: \($0.rawValue)", detail: $0.gateway.displayName, target: .gateway($0)) }
        items += allProfiles.map { PaletteItem(title: "profile: \($0.name)", detail: "\($0.gateway.rawValue)\($0.isSandbox ? " · sandbox" : " · PRODUCTION")", target: .profile($0.name)) }
        items += theme.available.map { PaletteItem(title: "theme: \($0)", detail: $0 == theme.name ? "in use" : "", target: .theme($0)) }
        items += DraftKind.allCases.map { PaletteItem(title: "type: \($0.rawValue)", detail: "message type", target: .kind($0)) }
        // The profile's templates: picking one fills a message in from its definition.
        for d in profile.templates?.definitions ?? [] {
            let status = d.status.map { "\($0)".lowercased() } ?? ""
            items.append(PaletteItem(title: "template: \(d.name) (\(d.language))", detail: [d.category.map { "\($0)".lowercased() } ?? "", status].filter { !$0.isEmpty }.joined(separator: " · "),
                                     target: .template(name: d.name, language: d.language)))
        }
        for name in savedNames {
            items.append(PaletteItem(title: "open: \(name)", detail: "saved message", target: .openSaved(name)))
            items.append(PaletteItem(title: "rename: \(name)", detail: "saved message", target: .renameSaved(name)))
            items.append(PaletteItem(title: "duplicate: \(name)", detail: "saved message", target: .duplicateSaved(name)))
            items.append(PaletteItem(title: "delete: \(name)", detail: "saved message", target: .deleteSaved(name)))
        }
        return items
    }

    mutating func openPalette() -> [Effect] {
        mode = .overlay(.palette(Palette(items: paletteItems)))
        return [.saved(.list)]
    }

    /// Keys in the palette: type to filter, ↑↓ to choose, Enter to run, Esc to close.
    mutating func handlePalette(_ p: Palette, _ key: KeyEvent) -> [Effect] {
        var p = p
        switch key {
        case .escape:
            mode = .form
            return []
        case .enter:
            mode = .form
            guard let item = p.current else { return [] }
            return perform(item.target)
        case .down, .ctrl("n"), .tab: p.selected = min(p.selected + 1, max(0, p.matches.count - 1))
        case .up, .ctrl("p"), .backTab: p.selected = max(0, p.selected - 1)
        default:
            guard p.edit(key) else { return [] }
        }
        mode = .overlay(.palette(p))
        return []
    }

    /// Makes the form the template's: one field per value its definition asks for (header,
    /// body variables, buttons, carousel cards), each starting from the template's example, so
    /// what goes out is on screen. The preview shows the bubble filled in; the findings say
    /// what to change.
    mutating func pickTemplate(name: String, language: String) {
        guard let d = profile.templates?.definition(name: name, language: language) else { return }
        draft.kind = .template
        draft.templateName = name
        draft.templateLanguage = language
        draft.templateParams = []
        draft.templateFlowButton = false
        draft.templateDefinition = d
        draft.templateValues = Dictionary(d.slots.map { ($0.key, $0.example ?? "") }, uniquingKeysWith: { first, _ in first })
        focus = .content
        row[.content] = 2
        notice = Notice(text: "template \(name) (\(language)): \(d.slots.count) value(s), from its examples; edit them in the form", role: .success)
        refresh()
    }

    /// Runs a palette item.
    mutating func perform(_ target: PaletteItem.Target) -> [Effect] {
        switch target {
        case .action(let id): return ActionID(rawValue: id).map { perform($0) } ?? []
        case .gateway(let g):
            gateway = g
        case .profile(let name):
            if let p = allProfiles.first(where: { $0.name == name }) {
                gateway = p.gateway
                profileName[p.gateway] = name
            }
        case .theme(let name): return chooseTheme(name)
        case .kind(let k): set(.kind, k.rawValue)
        case .openSaved(let name): return [.saved(.open(name))]
        case .renameSaved(let name): mode = .overlay(.prompt(Prompt(purpose: .renameSaved(name), text: name)))
        case .duplicateSaved(let name): return [.saved(.duplicate(name))]
        case .deleteSaved(let name): return [.saved(.delete(name))]
        case .template(let name, let language): pickTemplate(name: name, language: language)
        }
        return []
    }
}
