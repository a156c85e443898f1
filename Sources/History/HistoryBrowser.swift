#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

// What the console's history pane needs on top of `HistoryStore`: a query typed as one line,
// pages of light rows, and a diff of two entries. Everything goes through the store's public
// `list` and `entry`, so the SQL (and its indexes and FTS plan) stays in one place.

// MARK: - Query

/// What the history pane shows: the filters of `wacon history list` plus free-text search,
/// usually built from the line the user types (`HistoryQuery(parsing:)`). `wacon history list`
/// reads its options through the same rules (`set(_:_:)`), so a value means the same wherever
/// it is typed.
///
/// The filter syntax, tokens separated by spaces, in any order:
///
/// | token                                | filters on                                              |
/// |--------------------------------------|---------------------------------------------------------|
/// | `meta`, `kaleyra`, `flowiq`, …       | the gateway (a bare gateway name; also `gateway:NAME`)  |
/// | `code:E110`, or a bare code          | the vendor code. Bare codes: `E110`, `WA500`, `WA-401`, `RBC001` (capitals then digits, or any Kaleyra catalogue code in any case) and `131047` (3 to 6 digits) |
/// | `to:+27…`, or a bare `+27…`          | the recipient, any dialable format, matched by its digits as a prefix (`to:+27` is every South African number); the number may be written in groups (`to:+27 12 345 6789`); also `recipient:` |
/// | `profile:NAME`                       | the profile                                             |
/// | `status:failed`                      | the outcome (`HistoryEntry.outcomes`: `accepted`, `failed`, `rejected`, `unexpected`, `transport-failure`, `invalid`) or a category (`balance`, `window`, `rate-limit`, …); also `outcome:` |
/// | `kind:text`, `kind:list`, `kind:interactive` | the message kind (`interactive.` may be left out); a family (`interactive`) matches each of its kinds |
/// | `since:2026-11-01`                   | sent at or after: a date (local midnight), ISO 8601, or `7d` / `12h` / `2w` ago |
/// | `before:2026-12-01`                  | sent before (same forms; also `until:`)                  |
/// | `#42`, `id:42`                       | the entry with that id                                   |
/// | any other word                       | full-text search: all words required, the last a prefix |
///
/// A token in double quotes (`"E110"`, `"to:me"`) is always a search word; quotes also keep
/// spaces in a value (`to:"+27 82 555 0100"`). Keys are case-insensitive. A token that cannot
/// be read (an unknown key, a bad date, an unknown status, a filter given twice) is listed in
/// `problems` with its position and the reason; it does not filter and is not searched for,
/// and the rest of the query still runs.
public struct HistoryQuery: Sendable, Hashable {
    public var gateway: String?
    public var profile: String?
    /// An outcome word or a category, as `HistoryFilter.outcome`.
    public var outcome: String?
    public var vendorCode: String?
    /// As typed; matched by its digits as a prefix.
    public var recipient: String?
    /// A kind, or a family of kinds (`interactive`).
    public var kind: String?
    /// Inclusive.
    public var since: Date?
    /// Exclusive.
    public var before: Date?
    /// One entry.
    public var entryID: Int64?
    /// Full-text search words.
    public var words: [String] = []
    /// Tokens that were not understood (they neither filter nor search).
    public var problems: [Problem] = []

    /// One token that could not be read.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// The token as typed.
        public var token: String
        /// Where it starts in the typed text, in characters.
        public var offset: Int
        /// Why it cannot be read, naming what would be right.
        public var reason: String

        public var description: String { "\(token): \(reason)" }
    }

    /// Everything.
    public init() {}

    /// True when nothing filters or searches.
    public var isEmpty: Bool {
        gateway == nil && profile == nil && outcome == nil && vendorCode == nil && recipient == nil && kind == nil
            && since == nil && before == nil && entryID == nil && words.isEmpty
    }

    /// The store filter for one page: entries older than `beforeID`, at most `limit`.
    public func filter(limit: Int = 50, beforeID: Int64? = nil) -> HistoryFilter {
        var f = HistoryFilter()
        f.gateway = gateway
        f.profile = profile
        f.outcome = outcome
        f.vendorCode = vendorCode
        f.recipient = recipient
        f.kind = kind
        f.since = since
        f.until = before
        f.id = entryID
        f.search = words.isEmpty ? nil : words.joined(separator: " ")
        f.limit = max(1, limit)
        f.beforeID = beforeID
        return f
    }

    /// The query written back in the filter syntax, one canonical token per filter (what the
    /// pane can show as "how your filter was read"); dates as `clock` reads them.
    public func text(clock: WallClock = .local) -> String {
        func date(_ d: Date) -> String {
            // Whole local days print as days; anything else as ISO 8601.
            let f = clock.fields(d)
            return clock.date(.init(year: f.year, month: f.month, day: f.day)) == d ? clock.format(d, "yyyy-MM-dd") : ISO8601.string(d, clock: clock)
        }
        func quoted(_ s: String) -> String { s.contains(where: \.isWhitespace) || s.contains(":") ? "\"\(s)\"" : s }
        var parts: [String] = []
        if let entryID { parts.append("#\(entryID)") }
        if let gateway { parts.append("gateway:\(quoted(gateway))") }
        if let profile { parts.append("profile:\(quoted(profile))") }
        if let outcome { parts.append("status:\(quoted(outcome))") }
        if let vendorCode { parts.append("code:\(quoted(vendorCode))") }
        if let recipient { parts.append("to:\(quoted(recipient))") }
        if let kind { parts.append("kind:\(quoted(kind))") }
        if let since { parts.append("since:\(date(since))") }
        if let before { parts.append("before:\(date(before))") }
        parts += words.map { "\"\($0)\"" }
        return parts.joined(separator: " ")
    }

    /// The outcome words `status:` takes besides categories.
    public static let outcomes = HistoryEntry.outcomes

    /// The values `status:` takes: the outcomes, then the categories.
    public static let statusValues = outcomes + OutcomeCategory.allCases.map(\.rawValue)

    /// The values `kind:` takes: the families, then every kind.
    public static let kindValues = MessageKind.families + MessageKind.allCases.map(\.rawValue)

    /// Reads a filter line (see the type's documentation for the syntax). Never fails: what
    /// cannot be read is in `problems`. Relative dates count back from `now`; days are local
    /// midnights on `clock`.
    public init(parsing text: String, now: Date = Date(), clock: WallClock = .local) {
        self.init()
        let chars = Array(text)
        let all = Self.tokens(text)
        var i = 0
        /// A problem with the tokens `first` through the one before `i`, as typed.
        func problem(_ first: Token, _ reason: String) {
            let last = all[i - 1]
            // Clamped: a token's characters are counted as appended, which may join differently.
            let end = min(chars.count, max(first.offset, last.offset + last.raw.count))
            problems.append(Problem(token: String(chars[min(first.offset, end)..<end]), offset: first.offset, reason: reason))
        }
        func apply(_ key: Key, _ value: String, _ first: Token) {
            if let reason = read(key, value, now: now, clock: clock) { problem(first, reason) }
        }
        /// A number written in groups: the groups that follow (`12 345 6789`) join the number,
        /// up to E.164's 15 digits.
        func number(_ start: String) -> String {
            var number = start
            while i < all.count, Self.isDigitGroup(all[i]), (number + all[i].value).filter(\.isASCIIDigit).count <= Limits.phoneDigitsMax {
                number += " " + all[i].value
                i += 1
            }
            return number
        }
        while i < all.count {
            let token = all[i]
            i += 1
            if token.quoted {
                if !token.value.isEmpty { words.append(token.value) }
                continue
            }
            if let kv = token.keyValue {
                let (keyText, value) = kv
                guard let key = Key(keyText) else {
                    problem(token, "unknown filter \"\(keyText):\"; filters are \(Key.names) (quote the word to search for it)")
                    continue
                }
                if key == .to {
                    // `to: +27 …`: the number may also start after the colon's space.
                    if value.isEmpty, i < all.count, Self.isNumberStart(all[i]) {
                        i += 1
                        apply(key, number(all[i - 1].value), token)
                    } else {
                        apply(key, Self.isNumberStart(value) ? number(value) : value, token)
                    }
                } else {
                    apply(key, value, token)
                }
                continue
            }
            let word = token.value
            if let g = GatewayID(rawValue: word.lowercased()) {
                apply(.gateway, g.rawValue, token)
            } else if word.hasPrefix("#"), HistoryEntry.id(word) != nil {
                apply(.id, word, token)
            } else if let code = Self.bareCode(word) {
                apply(.code, code, token)
            } else if Self.looksLikePhone(word) {
                apply(.to, number(word), token)
            } else if word.contains(where: { $0.isLetter || $0.isNumber }) {
                words.append(word)
            }
            // Punctuation alone ("-", "…") matches nothing in the search index: left out.
        }
    }

    /// Sets one filter from a value given on its own (a command-line option such as
    /// `--outcome`), read exactly as `key:value` is in a typed line. Throws why it cannot be
    /// read (naming what would be right), or that the filter was already set to another value.
    public mutating func set(_ key: Key, _ value: String, now: Date = Date(), clock: WallClock = .local) throws(Problem) {
        var copy = self
        if let reason = copy.read(key, value, now: now, clock: clock) {
            throw Problem(token: value, offset: 0, reason: reason)
        }
        self = copy
    }

    /// The filter keys and their aliases.
    public enum Key: String, Sendable, CaseIterable {
        case gateway, code, to, profile, status, kind, since, before, id

        init?(_ text: String) {
            switch text.lowercased() {
            case "gateway": self = .gateway
            case "code": self = .code
            case "to", "recipient": self = .to
            case "profile": self = .profile
            case "status", "outcome": self = .status
            case "kind": self = .kind
            case "since": self = .since
            case "before", "until": self = .before
            case "id": self = .id
            default: return nil
            }
        }

        static let names = allCases.map { $0.rawValue + ":" }.joined(separator: ", ")
    }

    /// Reads one filter's value into the query; returns why it cannot, if it cannot. A filter
    /// set before to another value takes the new one and says so (the store filters on one).
    private mutating func read(_ key: Key, _ value: String, now: Date, clock: WallClock) -> String? {
        guard !value.isEmpty else { return "\(key.rawValue): needs a value" }
        func replace<T: Equatable>(_ slot: inout T?, _ new: T, _ shown: (T) -> String) -> String? {
            defer { slot = new }
            guard let old = slot, old != new else { return nil }
            return "\(key.rawValue) given twice (\(shown(old)), \(shown(new))): using \(shown(new))"
        }
        switch key {
        case .gateway:
            guard let g = GatewayID(rawValue: value.lowercased()) else {
                return "unknown gateway; gateways are \(GatewayID.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            return replace(&gateway, g.rawValue, { $0 })
        case .code:
            // Kaleyra's codes are stored in capitals; `code:e110` means E110.
            return replace(&vendorCode, KaleyraErrorCatalogue.entry(code: value.uppercased()) != nil ? value.uppercased() : value, { $0 })
        case .to:
            guard value.contains(where: \.isASCIIDigit),
                  value.allSatisfy({ $0.isASCIIDigit || $0.isWhitespace || "+-()./".contains($0) }) else {
                return "not a phone number: write its digits, with + and the country code for a prefix (+27 matches every South African number)"
            }
            // The same number typed two ways is one filter.
            func digits(_ s: String) -> String { HistoryStore.recipientDigits(s) }
            if let old = recipient, digits(old) != digits(value) {
                recipient = value
                return "to given twice (\(old), \(value)): using \(value)"
            }
            recipient = value
            return nil
        case .profile:
            return replace(&profile, value, { $0 })
        case .status:
            let v = value.lowercased()
            guard Self.statusValues.contains(v) else {
                return "unknown status; one of \(Self.outcomes.joined(separator: ", ")), or a category: \(OutcomeCategory.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            return replace(&outcome, v, { $0 })
        case .kind:
            let v = value.lowercased()
            guard let k = MessageKind.families.contains(v) ? v : (MessageKind(rawValue: v) ?? MessageKind(rawValue: "interactive." + v))?.rawValue else {
                return "unknown kind; one of \(Self.kindValues.joined(separator: ", ")) (a family, such as interactive, matches each of its kinds)"
            }
            return replace(&kind, k, { $0 })
        case .since, .before:
            guard let d = Self.date(value, now: now, clock: clock) else {
                return "not a date: use YYYY-MM-DD, ISO 8601, or 7d / 12h / 2w for that long ago"
            }
            let iso = { (d: Date) in ISO8601.string(d) }
            return key == .since ? replace(&since, d, iso) : replace(&before, d, iso)
        case .id:
            guard let id = HistoryEntry.id(value) else { return "not an entry id: write it as history prints it, #42 or 42" }
            return replace(&entryID, id, { "#\($0)" })
        }
    }

    /// A vendor code typed without `code:`: capitals then digits (`E110`, `WA500`, `WA-401`,
    /// `RBC001`), a Kaleyra catalogue code in any case, or Meta's 3-to-6-digit codes.
    static func bareCode(_ word: String) -> String? {
        if KaleyraErrorCatalogue.entry(code: word.uppercased()) != nil { return word.uppercased() }
        let s = Array(word.unicodeScalars)
        if (3...6).contains(s.count), s.allSatisfy({ ("0"..."9").contains($0) }) { return word }
        var i = 0
        while i < s.count, ("A"..."Z").contains(s[i]) { i += 1 }
        guard (1...4).contains(i) else { return nil }
        if i < s.count, s[i] == "-" { i += 1 }
        let digits = s.count - i
        guard (2...6).contains(digits), s[i...].allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return word
    }

    /// `+` and digits (`+27`, `+44-20-7946`): a number, or the start of one.
    static func looksLikePhone(_ word: String) -> Bool {
        guard word.hasPrefix("+") else { return false }
        let rest = word.dropFirst()
        return rest.contains(where: \.isASCIIDigit) && rest.allSatisfy { $0.isASCIIDigit || "-().".contains($0) }
    }

    /// A value that starts a number after `to:`: `+27`, `0825550100`, `(082)`.
    static func isNumberStart(_ word: String) -> Bool {
        word.contains(where: \.isASCIIDigit) && word.allSatisfy { $0.isASCIIDigit || "+-().".contains($0) }
    }

    static func isNumberStart(_ token: Token) -> Bool {
        !token.quoted && token.keyValue == nil && isNumberStart(token.value)
    }

    /// A later group of a number written with spaces: digits, maybe with `-().`, no `+`.
    static func isDigitGroup(_ token: Token) -> Bool {
        !token.quoted && token.keyValue == nil && token.value.contains(where: \.isASCIIDigit)
            && token.value.allSatisfy { $0.isASCIIDigit || "-().".contains($0) }
    }

    /// `YYYY-MM-DD` (local midnight), ISO 8601, or `Nd` / `Nh` / `Nw` before `now`.
    public static func date(_ text: String, now: Date = Date(), clock: WallClock = .local) -> Date? {
        if let unit = text.last, let n = Int(text.dropLast()), n >= 0 {
            switch unit {
            case "h": return now.addingTimeInterval(-Double(n) * 3_600)
            case "d": return now.addingTimeInterval(-Double(n) * 86_400)
            case "w": return now.addingTimeInterval(-Double(n) * 7 * 86_400)
            default: break
            }
        }
        if let d = day(text, clock: clock) { return d }
        if let d = ISO8601.date(text) { return d }
        return localDateTime(text, clock: clock)
    }

    /// `YYYY-MM-DDTHH:MM[:SS]` without a zone: that time on `clock`, as ISO 8601 reads a time
    /// with no offset.
    static func localDateTime(_ text: String, clock: WallClock) -> Date? {
        let withSeconds = text.utf8.count == 16 ? text + ":00" : text
        guard withSeconds.utf8.count == 19, let asUTC = ISO8601.date(withSeconds + "Z") else { return nil }
        var fields = WallClock.utc.fields(asUTC)
        fields.offsetSeconds = 0
        return clock.date(fields)
    }

    /// `YYYY-MM-DD` exactly, as the first moment of that day on `clock`; nil for anything
    /// else, or a day that does not exist (2026-02-30).
    static func day(_ text: String, clock: WallClock) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for c in b[range] { guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) else { return nil }; n = n * 10 + Int(c - UInt8(ascii: "0")) }
            return n
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return clock.date(.init(year: year, month: month, day: day))
    }

    /// One whitespace-separated token, quotes removed.
    struct Token {
        var raw: String
        var value: String
        var offset: Int
        /// The whole token was in quotes: always a search word.
        var quoted: Bool
        /// `key:value` when an unquoted colon follows a run of letters at the start.
        var keyValue: (key: String, value: String)?
    }

    static func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        var raw = "", value = ""
        var start = 0, inQuotes = false, startsQuoted = false, colon: Int?
        func flush() {
            defer { raw = ""; value = ""; startsQuoted = false; colon = nil }
            guard !raw.isEmpty else { return }
            var t = Token(raw: raw, value: value, offset: start, quoted: startsQuoted)
            if !startsQuoted, let c = colon {
                let key = String(value.prefix(c))
                let rest = String(value.dropFirst(c + 1))
                // A URL (`https://…`) is text, not a filter.
                if !key.isEmpty, key.allSatisfy(\.isLetter), !rest.hasPrefix("//") { t.keyValue = (key, rest) }
            }
            out.append(t)
        }
        for (i, ch) in text.enumerated() {
            if ch.isWhitespace && !inQuotes { flush(); continue }
            if raw.isEmpty { start = i; startsQuoted = ch == "\"" }
            raw.append(ch)
            if ch == "\"" { inQuotes.toggle(); continue }
            if ch == ":" && !inQuotes && colon == nil && !startsQuoted { colon = value.count }
            value.append(ch)
        }
        flush()
        return out
    }
}

// MARK: - Pages of rows

/// One row of the history pane: the list columns only, never the bodies.
public struct HistorySummary: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var createdAt: Date
    public var gateway: String
    public var profile: String
    public var recipient: String
    /// `text`, `interactive.list`, …
    public var kind: String
    /// `accepted`, `rejected`, `unexpected`, `transport-failure` or `invalid`.
    public var outcome: String
    public var category: String?
    public var vendorCode: String?
    public var vendorMessage: String?
    /// The vendor's message id, or its request id where it gives only that.
    public var messageID: String?
    public var httpStatus: Int?
    public var totalMs: Double?
    /// How far the message got (`HistoryEntry.finalStatus`): `delivered`, `read`, …; nil when
    /// no delivery status arrived.
    public var finalStatus: String?
    /// How many messages the customer sent in this exchange.
    public var replies: Int

    /// The recipient as a row shows it: the number that was sent, grouped as its country writes
    /// it (`+44 (0) 7700 900123` was sent as `+44 7700 900123`); text that reads as no number,
    /// as it was typed.
    public static func shown(recipient: String) -> String {
        PhoneNumber.read(recipient, businessNumber: nil).number?.formatted ?? recipient
    }

    /// A row from a listed (or whole) entry.
    public init(_ e: HistoryEntry) {
        id = e.id
        createdAt = e.createdAt
        gateway = e.gateway
        profile = e.profile
        recipient = Self.shown(recipient: e.recipient)
        kind = e.kind
        outcome = e.outcome
        category = e.category
        vendorCode = e.vendorCode
        vendorMessage = e.vendorMessage
        messageID = e.messageID ?? e.requestID
        httpStatus = e.httpStatus
        totalMs = e.totalMs
        finalStatus = e.finalStatus?.status
        replies = e.inbound.count
    }

    /// What followed an accepted send, for the end of a row: its final status when one arrived
    /// (a failed send says so in its outcome already) and `↩ 2` for the customer's messages;
    /// empty when neither.
    public var followUp: String {
        var parts: [String] = []
        if outcome == "accepted", let s = finalStatus { parts.append(s) }
        if replies > 0 { parts.append("↩ \(replies)") }
        return parts.joined(separator: "  ")
    }

    /// `accepted`, or the outcome with its vendor code and category: `rejected E110 balance`,
    /// `transport-failure timeout`.
    public var outcomeSummary: String {
        if outcome == "accepted" { return outcome }
        // A transport failure's category is always `transport`: saying it again adds nothing.
        let cat = outcome == "transport-failure" && category == OutcomeCategory.transport.rawValue ? nil : category
        return ([outcome] + [vendorCode, cat].compactMap { $0 }).joined(separator: " ")
    }
}

/// Rows newest first, and where the next page starts.
public struct HistoryPage: Sendable, Hashable {
    public var rows: [HistorySummary]
    /// Pass as `before` for the next (older) page; nil when this is the last one.
    public var nextBefore: Int64?

    public init(rows: [HistorySummary], nextBefore: Int64?) {
        self.rows = rows
        self.nextBefore = nextBefore
    }
}

/// Why `payloadDiff` could not compare.
public enum HistoryBrowseError: Error, Sendable, CustomStringConvertible {
    case noEntry(Int64)
    case store(HistoryError)

    public var description: String {
        switch self {
        case .noEntry(let id): return "no history entry #\(id)"
        case .store(let e): return e.description
        }
    }
}

/// The history pane's reads: pages of rows for a query, and the diff of two entries.
public struct HistoryBrowser: Sendable {
    public let store: HistoryStore

    public init(store: HistoryStore) { self.store = store }

    /// One page, newest first: entries matching `query` older than `before` (nil: the newest).
    ///
    /// Keyset pagination: each page is an index range scan from `before` down, so the 1,000th
    /// page costs what the first does, which an OFFSET would not.
    public func page(_ query: HistoryQuery = HistoryQuery(), before: Int64? = nil, limit: Int = 50) throws(HistoryError) -> HistoryPage {
        let limit = max(1, limit)
        // One row more than shown tells whether there is a next page without a count.
        let entries = try store.list(query.filter(limit: limit + 1, beforeID: before))
        let rows = entries.prefix(limit).map(HistorySummary.init)
        return HistoryPage(rows: Array(rows), nextBefore: entries.count > limit ? rows.last?.id : nil)
    }

    /// Compares entry `a` (old) with entry `b` (new): their messages, request bodies and
    /// response bodies, each diffed on its own, so the pane can tell a changed message from a
    /// vendor that answered differently.
    public func payloadDiff(a: Int64, b: Int64) throws(HistoryBrowseError) -> HistoryPayloadDiff {
        func load(_ id: Int64) throws(HistoryBrowseError) -> HistoryEntry {
            let e: HistoryEntry?
            do { e = try store.entry(id: id) } catch { throw .store(error) }
            guard let e else { throw .noEntry(id) }
            return e
        }
        return HistoryPayloadDiff(old: try load(a), new: try load(b))
    }
}

/// Two entries compared, part by part.
public struct HistoryPayloadDiff: Sendable {
    /// One compared part: both values (nil where an entry has none, e.g. no response after a
    /// transport failure) and their structural diff. A body that is not JSON is compared as
    /// one string.
    public struct Part: Sendable, Hashable {
        public var old: JSONValue?
        public var new: JSONValue?
        public var diff: JSONDiff
        /// A side's body was cut at the history's body cap (so it may not parse as JSON).
        public var truncated: Bool

        public init(old: JSONValue?, new: JSONValue?, truncated: Bool = false) {
            self.old = old
            self.new = new
            self.diff = JSONDiff(old: old, new: new)
            self.truncated = truncated
        }

        public var changed: Bool { !diff.isEmpty }

        /// The part as unified diff lines, for the pane.
        public func unifiedLines(options: JSONDiffRenderOptions = JSONDiffRenderOptions()) -> [JSONDiffLine] {
            JSONDiff.unifiedLines(old: old, new: new, options: options)
        }

        /// The part side by side, for the pane.
        public func sideBySideRows(options: JSONDiffRenderOptions = JSONDiffRenderOptions()) -> [JSONDiffRow] {
            JSONDiff.sideBySideRows(old: old, new: new, options: options)
        }
    }

    /// What changed first, from the message outwards.
    public enum Verdict: String, Sendable, Hashable {
        /// The messages differ (Meta-format, before any gateway encoding).
        case messageChanged = "the message changed"
        /// The same message, through another gateway or profile.
        case routeChanged = "the same message through another gateway or profile"
        /// The same message and route, but the body on the wire differs (vendor options, or
        /// another wacon encoding).
        case requestChanged = "the same message, sent differently"
        /// The same request; the vendor's outcome differs.
        case outcomeChanged = "the same request; the vendor answered differently"
        /// The same request and outcome; only the response body differs (ids, trace ids).
        case responseChanged = "the same request and outcome; the response body differs"
        /// Nothing differs.
        case same = "the same"
    }

    public var old: HistorySummary
    public var new: HistorySummary
    /// The canonical messages (Meta's JSON), as recorded for replay.
    public var message: Part
    /// The request bodies as sent (secrets redacted).
    public var request: Part
    /// The response bodies as received (up to the body cap).
    public var response: Part

    public init(old a: HistoryEntry, new b: HistoryEntry) {
        old = HistorySummary(a)
        new = HistorySummary(b)
        message = Part(old: Self.json(a.message), new: Self.json(b.message))
        request = Part(old: a.request.map { Self.json($0.body) }, new: b.request.map { Self.json($0.body) })
        response = Part(old: a.response.map { Self.json($0.body) }, new: b.response.map { Self.json($0.body) },
                        truncated: a.response?.truncated == true || b.response?.truncated == true)
    }

    public var verdict: Verdict {
        if message.changed { return .messageChanged }
        if old.gateway != new.gateway || old.profile != new.profile { return .routeChanged }
        if request.changed { return .requestChanged }
        if old.outcomeSummary != new.outcomeSummary || old.httpStatus != new.httpStatus { return .outcomeChanged }
        if response.changed { return .responseChanged }
        return .same
    }

    /// Text as JSON when it parses, else the text itself; vendors' documented bodies sometimes
    /// miss a comma, which the lenient parser accepts.
    static func json(_ text: String) -> JSONValue {
        (try? JSONParser.parse(text, lenient: true)) ?? .string(text)
    }

    static func json(_ bytes: [UInt8]) -> JSONValue {
        (try? JSONParser.parse(bytes, lenient: true)) ?? .string(String(decoding: bytes, as: UTF8.self))
    }
}
