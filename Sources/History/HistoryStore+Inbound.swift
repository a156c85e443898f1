#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

// The customer's side of the history file (schema 3): their messages (`inbound`), the other
// webhook events (`webhook_event`), and the conversation with one customer.
//
// Which exchange a customer's message belongs to, decided once when it is recorded:
// 1. the send it refers to (`context.id`, or what it reacts to, edits or revokes), when history
//    has it; or the exchange of the customer's own message it refers to;
// 2. else the newest accepted send to that customer (by phone digits, or user id; not a reaction) made before
//    they wrote: the message they were answering;
// 3. else none yet ("loose"): the next accepted send to that customer within the service
//    window (24 h) takes it in, since that send answers it. Until then it is in the
//    conversation and found by `searchInbound`, not by the entry search.

extension HistoryStore {
    /// The customer as history files them, from text in any form: a user id (`US.1349…`) as it
    /// is, else the phone number's digits without `+` (`+27 82 555 0100` → `27825550100`).
    public static func customer(_ typed: String) -> String {
        let t = typed.trimmed
        return BusinessUserID.looksLikeOne(t) ? t : recipientDigits(t)
    }

    static func ms(_ d: Date) -> Int64 { Int64((d.timeIntervalSince1970 * 1000).rounded()) }
    static func date(ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    /// Files this build's tables for the customer's side exist in the file as opened (a schema
    /// 1 or 2 file read without upgrading has none: it reads as having no inbound messages).
    var hasCustomerSide: Bool { fileSchemaVersion >= 3 }

    // MARK: Recording

    /// Records a customer's message, filed under the exchange it belongs to (see the top of
    /// this file), once: nil when a message with its id is already recorded (a webhook
    /// delivered twice). The customer's words become searchable with that exchange.
    @discardableResult
    public func record(inbound draft: InboundDraft) throws(HistoryError) -> RecordedInbound? {
        do {
            return try pool.write { db in try Self.insertInbound(draft, db) }
        } catch { throw Self.failure(error, "could not record a message", path: path) }
    }

    /// Records several messages in one transaction; for each, the recorded message or nil for
    /// one already recorded.
    @discardableResult
    public func record(inbound drafts: [InboundDraft]) throws(HistoryError) -> [RecordedInbound?] {
        do {
            return try pool.write { db in try drafts.map { try Self.insertInbound($0, db) } }
        } catch { throw Self.failure(error, "could not record messages", path: path) }
    }

    /// Records a webhook event that is neither a message nor a status, with the newest accepted
    /// send to the customer it names; nil when the same event (gateway, kind and value) is
    /// already recorded.
    @discardableResult
    public func record(event draft: WebhookEventDraft) throws(HistoryError) -> RecordedWebhookEvent? {
        do {
            return try pool.write { db in try Self.insertEvent(draft, db) }
        } catch { throw Self.failure(error, "could not record a webhook event", path: path) }
    }

    /// Records everything one webhook body reports, in one transaction: each status attached
    /// to its send (`attach`: duplicates kept once), each customer's message (`record(inbound:)`),
    /// each other event (`record(event:)`). `body` is the body read (`WebhookBodyReader`);
    /// statuses are read again with `DeliveryStatusParser`, which reads each gateway's errors
    /// (Zixflow's remark).
    @discardableResult
    public func record(webhook body: WebhookBody, raw: [UInt8], receivedAt: Date = Date()) throws(HistoryError) -> WebhookRecording {
        let statuses = body.events.contains { $0.status != nil } ? DeliveryStatusParser.parse(raw, gateway: body.gateway) : []
        do {
            return try pool.write { db in
                var out = WebhookRecording()
                for s in statuses { out.statusEntries.append(try Self.insertStatus(s, receivedAt: receivedAt, db)) }
                for event in body.events {
                    if let m = event.message {
                        var draft = InboundDraft(gateway: body.gateway, message: m, raw: raw, receivedAt: receivedAt)
                        draft.business = event.phoneNumberID
                        if let r = try Self.insertInbound(draft, db) {
                            out.inbound.append(r)
                        } else {
                            out.duplicateMessages += 1
                        }
                    } else if let draft = WebhookEventDraft(gateway: body.gateway, event: event, raw: raw, receivedAt: receivedAt) {
                        if let r = try Self.insertEvent(draft, db) { out.events.append(r) } else { out.duplicateEvents += 1 }
                    }
                }
                return out
            }
        } catch { throw Self.failure(error, "could not record a webhook", path: path) }
    }

    static func insertInbound(_ draft: InboundDraft, _ db: SQLiteConnection) throws -> RecordedInbound? {
        var d = draft
        d.customer = customer(d.customer)  // a field set after the draft was made is filed the same way
        let id: String? = d.messageID.isEmpty ? nil : d.messageID
        if let id, try db.value(Bool.self, sql: "SELECT 1 FROM inbound WHERE message_id = ?", arguments: [id]) == true { return nil }
        let at = d.at ?? d.receivedAt
        let entry = try correlate(reference: d.contextID, keys: keys(d.customer, d.customerUserID), at: at, db)
        let bytes = d.raw.utf8.count + d.summary.utf8.count + 200
        try db.execute(sql: """
            INSERT INTO inbound (message_id, gateway, customer, customer_user_id, name, type, summary, context_id, entry_id, at, received_at, raw, bytes, business)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, d.gateway, d.customer, d.customerUserID, d.customerName, d.type, d.summary, d.contextID, entry,
                             ms(at), ms(d.receivedAt), d.raw, bytes, d.business])
        let row = db.lastInsertedRowID
        if let entry {
            try addToSearch(entry: entry, words: [d.summary, d.customerName ?? ""], codes: [d.messageID, "replied"], db)
        } else {
            try db.execute(sql: "INSERT INTO inbound_fts(rowid, customer, name, summary) VALUES (?, ?, ?, ?)",
                           arguments: [row, [d.customer, d.customerUserID].compactMap { $0 }.joined(separator: " "), d.customerName ?? "", d.summary])
        }
        return RecordedInbound(id: row, messageID: d.messageID, gateway: d.gateway, customer: d.customer, customerUserID: d.customerUserID,
                               customerName: d.customerName, type: d.type, summary: d.summary, contextID: d.contextID, entryID: entry,
                               at: Date(timeIntervalSince1970: Double(ms(at)) / 1000), receivedAt: date(ms: ms(d.receivedAt)), raw: d.raw)
    }

    static func insertEvent(_ d: WebhookEventDraft, _ db: SQLiteConnection) throws -> RecordedWebhookEvent? {
        if try db.value(Bool.self, sql: "SELECT 1 FROM webhook_event WHERE gateway = ? AND kind = ? AND value = ?", arguments: [d.gateway, d.kind, d.value]) == true {
            return nil
        }
        let at = d.at ?? d.receivedAt
        let entry = try d.customer.map { try correlate(reference: nil, keys: keys($0, d.customerUserID), at: at, db) } ?? nil
        let bytes = d.raw.utf8.count + d.value.utf8.count + d.summary.utf8.count + 200
        try db.execute(sql: """
            INSERT INTO webhook_event (gateway, kind, customer, customer_user_id, entry_id, at, received_at, summary, value, raw, bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [d.gateway, d.kind, d.customer, d.customerUserID, entry, ms(at), ms(d.receivedAt), d.summary, d.value, d.raw, bytes])
        return RecordedWebhookEvent(id: db.lastInsertedRowID, gateway: d.gateway, kind: d.kind, customer: d.customer, entryID: entry,
                                    at: date(ms: ms(at)), receivedAt: date(ms: ms(d.receivedAt)), summary: d.summary, value: d.value, raw: d.raw)
    }

    /// The distinct ids a customer goes by, each filed as `customer(_:)` files it.
    static func keys(_ ids: String?...) -> [String] {
        var out: [String] = []
        for case let id? in ids where !id.isEmpty {
            let k = customer(id)
            if !k.isEmpty, !out.contains(k) { out.append(k) }
        }
        return out
    }

    /// The SQL condition and its arguments for entries sent to `key`: by the number's digits
    /// (on the recipient index), or for a user id, its digits on the same index and the text.
    static func sentTo(_ key: String) -> (String, [any SQLiteValueConvertible]) {
        if BusinessUserID.looksLikeOne(key) {
            return ("e.recipient_digits = ? AND e.recipient = ?", [key.filter(\.isASCIIDigit), key])
        }
        return ("e.recipient_digits = ?", [key])
    }

    /// The entry a message (or event) at `at` belongs to; see the top of this file.
    static func correlate(reference: String?, keys: [String], at: Date, _ db: SQLiteConnection) throws -> Int64? {
        if let ref = reference, !ref.isEmpty {
            if let id = try db.value(Int64.self, sql: "SELECT id FROM entry WHERE message_id = ? OR request_id = ? ORDER BY id DESC LIMIT 1", arguments: [ref, ref]) {
                return id
            }
            if let id = try db.value(Int64.self, sql: "SELECT entry_id FROM inbound WHERE message_id = ? AND entry_id IS NOT NULL", arguments: [ref]) {
                return id
            }
        }
        // A webhook's time has whole seconds: a send in the same second still came first.
        let before = ms(at) + 1000
        var best: Int64?
        for key in keys {
            let (condition, args) = sentTo(key)
            let id = try db.value(Int64.self, sql: "SELECT e.id FROM entry e WHERE \(condition) AND e.outcome = 'accepted' AND e.kind != 'reaction' AND e.created_at <= ? ORDER BY e.id DESC LIMIT 1",
                                        arguments: SQLiteArguments(values: (args + [before]).map(\.sqliteValue)))
            if let id, id > (best ?? 0) { best = id }
        }
        return best
    }

    /// A new accepted send takes in the customer's loose messages of the last 24 hours: it
    /// answers them. Their words move from `inbound_fts` to the entry's search row.
    static func takeLooseMessages(into entry: Int64, customer key: String, at: Date, _ db: SQLiteConnection) throws {
        guard !key.isEmpty else { return }
        let since = ms(at) - Int64(ServiceWindow.length * 1000)
        let rows = try db.rows(sql: """
            SELECT id, message_id, summary, name FROM inbound WHERE customer = ? AND at >= ? AND entry_id IS NULL
            UNION SELECT id, message_id, summary, name FROM inbound WHERE customer_user_id = ? AND at >= ? AND entry_id IS NULL
            """, arguments: [key, since, key, since])
        guard !rows.isEmpty else { return }
        let ids: [Int64] = rows.map { $0["id"] }
        let list = ids.map { _ in "?" }.joined(separator: ",")
        try db.execute(sql: "UPDATE inbound SET entry_id = ? WHERE id IN (\(list))", arguments: SQLiteArguments([entry] + ids))
        try db.execute(sql: "DELETE FROM inbound_fts WHERE rowid IN (\(list))", arguments: SQLiteArguments(ids))
        try addToSearch(entry: entry, words: rows.flatMap { [$0["summary"] as String, ($0["name"] as String?) ?? ""] },
                        codes: rows.compactMap { $0["message_id"] as String? } + ["replied"], db)
    }

    /// Appends words to an entry's search row (its body) and ids to its codes.
    static func addToSearch(entry: Int64, words: [String], codes: [String], _ db: SQLiteConnection) throws {
        let text = words.filter { !$0.isEmpty }.joined(separator: " ")
        let ids = codes.filter { !$0.isEmpty }.joined(separator: " ")
        try db.execute(sql: "UPDATE entry_fts SET body = body || ' ' || ?, codes = codes || ' ' || ? WHERE rowid = ?", arguments: [text, ids, entry])
    }

    // MARK: Reading

    static let inboundColumns = "id, message_id, gateway, customer, customer_user_id, name, type, summary, context_id, entry_id, at, received_at"

    static func recordedInbound(_ r: SQLiteRow) -> RecordedInbound {
        RecordedInbound(id: r["id"], messageID: (r["message_id"] as String?) ?? "", gateway: r["gateway"], customer: r["customer"],
                        customerUserID: r["customer_user_id"], customerName: r["name"], type: r["type"], summary: r["summary"],
                        contextID: r["context_id"], entryID: r["entry_id"], at: date(ms: r["at"]), receivedAt: date(ms: r["received_at"]),
                        raw: r.hasColumn("raw") ? ((r["raw"] as String?) ?? "") : "")
    }

    static let eventColumns = "id, gateway, kind, customer, entry_id, at, received_at, summary, value"

    static func recordedEvent(_ r: SQLiteRow) -> RecordedWebhookEvent {
        RecordedWebhookEvent(id: r["id"], gateway: r["gateway"], kind: r["kind"], customer: r["customer"], entryID: r["entry_id"],
                             at: date(ms: r["at"]), receivedAt: date(ms: r["received_at"]), summary: r["summary"], value: r["value"],
                             raw: r.hasColumn("raw") ? ((r["raw"] as String?) ?? "") : "")
    }

    /// The customer's messages that belong to an entry, oldest first, with their webhook bodies.
    public func inbound(forEntry id: Int64) throws(HistoryError) -> [RecordedInbound] {
        guard hasCustomerSide else { return [] }
        do {
            return try pool.read { db in try Self.inbound(forEntries: [id], withBodies: true, db)[id] ?? [] }
        } catch { throw Self.failure(error, "could not read the messages of entry \(id)", path: path) }
    }

    /// Messages by entry, oldest first: with bodies (one entry shown) or without (a listing).
    static func inbound(forEntries ids: [Int64], withBodies: Bool, _ db: SQLiteConnection) throws -> [Int64: [RecordedInbound]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try db.rows(sql: "SELECT \(inboundColumns)\(withBodies ? ", raw" : "") FROM inbound WHERE entry_id IN (\(ids.map { _ in "?" }.joined(separator: ","))) AND entry_id IS NOT NULL ORDER BY at, id",
                                    arguments: SQLiteArguments(ids))
        return Dictionary(grouping: rows.map(recordedInbound), by: { $0.entryID ?? 0 })
    }

    static func events(forEntry id: Int64, _ db: SQLiteConnection) throws -> [RecordedWebhookEvent] {
        try db.rows(sql: "SELECT \(eventColumns), raw FROM webhook_event WHERE entry_id = ? AND entry_id IS NOT NULL ORDER BY at, id", arguments: [id]).map(recordedEvent)
    }

    /// Statuses by entry, in the order they arrived, each kept once; without their callback
    /// bodies for a listing.
    static func statuses(forEntries ids: [Int64], withBodies: Bool, _ db: SQLiteConnection) throws -> [Int64: [RecordedStatus]] {
        guard !ids.isEmpty else { return [:] }
        let columns = "entry_id, message_id, status, at, errors, received_at" + (withBodies ? ", raw" : "")
        let rows = try db.rows(sql: "SELECT \(columns) FROM status WHERE entry_id IN (\(ids.map { _ in "?" }.joined(separator: ","))) ORDER BY id",
                                    arguments: SQLiteArguments(ids))
        var out: [Int64: [RecordedStatus]] = [:]
        for row in rows { out[row["entry_id"], default: []].append(recordedStatus(row)) }
        return out.mapValues(once)
    }

    /// Statuses with a duplicate (same message, status and time: a callback delivered twice,
    /// kept by an older wacon) left out.
    static func once(_ statuses: [RecordedStatus]) -> [RecordedStatus] {
        var seen: Set<String> = []
        return statuses.filter { seen.insert("\($0.messageID)|\($0.status)|\($0.at.map { String($0.timeIntervalSince1970) } ?? "-")").inserted }
    }

    /// Messages from customers that belong to no send yet whose words match `text` (searched
    /// as `HistoryFilter.search` is), newest first. A message that belongs to a send is found
    /// by searching the entries (`list`), with its exchange.
    public func searchLooseInbound(_ text: String, limit: Int = 50) throws(HistoryError) -> [RecordedInbound] {
        guard hasCustomerSide, let query = Self.ftsQuery(text) else { return [] }
        do {
            return try pool.read { db in
                try db.rows(sql: "SELECT \(Self.inboundColumns.split(separator: ",").map { "i." + $0.trimmed }.joined(separator: ", ")) FROM inbound_fts JOIN inbound i ON i.id = inbound_fts.rowid WHERE inbound_fts MATCH ? AND i.entry_id IS NULL ORDER BY inbound_fts.rowid DESC LIMIT ?",
                                 arguments: [query, max(1, limit)]).map(Self.recordedInbound)
            }
        } catch { throw Self.failure(error, "could not search messages", path: path) }
    }

    // MARK: Conversation

    /// The most items one conversation read returns (a larger limit is read as this).
    public static let maxConversationItems = 10_000

    /// Every id the customer goes by: the given one, and the user ids (for a number) or the
    /// numbers (for a user id) that inbound webhooks and user id updates named with it.
    static func identities(of key: String, _ db: SQLiteConnection) throws -> [String] {
        var out = [key]
        func add(_ sql: String) throws {
            for id in try db.values(String.self, sql: sql, arguments: [key, key]) where !out.contains(id) && out.count < 16 { out.append(id) }
        }
        if BusinessUserID.looksLikeOne(key) {
            try add("SELECT DISTINCT customer FROM inbound WHERE customer_user_id = ? AND customer != ?")
            try add("SELECT DISTINCT customer FROM webhook_event WHERE customer_user_id = ? AND customer != ?")
        } else {
            try add("SELECT DISTINCT customer_user_id FROM inbound WHERE customer = ? AND customer_user_id IS NOT NULL AND customer_user_id != ?")
            try add("SELECT DISTINCT customer_user_id FROM webhook_event WHERE customer = ? AND customer_user_id IS NOT NULL AND customer_user_id != ?")
        }
        return out
    }

    /// The transcript with one customer (`customer` in any form: `+27 82 555 0100`,
    /// `27825550100`, `US.1349…`): the sends to them with their statuses, their messages and
    /// the other events about them, oldest first, the newest `limit` of them. An entry sent to
    /// their number and one sent to their user id are the same customer once an inbound webhook
    /// (or a user id update) gave both. The window is from their last message (not counting
    /// `system` notices) in the whole history, not only the items shown.
    ///
    /// `business` (a phone number id) counts only the customer's messages written to that
    /// number for the window, and those whose webhook did not say which number.
    public func conversation(with customer: String, limit: Int = 50, business: String? = nil) throws(HistoryError) -> Conversation {
        let key = Self.customer(customer)
        let limit = min(max(1, limit), Self.maxConversationItems)
        let customerSide = hasCustomerSide
        let foldsOnRead = fileSchemaVersion < 2
        do {
            return try pool.read { db in
                let ids = customerSide ? try Self.identities(of: key, db) : [key]
                var items: [ConversationItem] = []
                var sent: [Int64: HistoryEntry] = [:]
                for id in ids {
                    let (condition, args) = Self.sentTo(id)
                    for row in try db.rows(sql: "SELECT \(Self.listColumns), e.message FROM entry e WHERE \(condition) ORDER BY e.id DESC LIMIT ?",
                                                arguments: SQLiteArguments(values: (args + [limit + 1]).map(\.sqliteValue))) {
                        var e = Self.listEntry(row)
                        e.message = row["message"]
                        sent[e.id] = e
                    }
                }
                var lastWrote: Int64?
                if customerSide {
                    var seen: Set<Int64> = []
                    for id in ids {
                        for column in ["customer", "customer_user_id"] {
                            for row in try db.rows(sql: "SELECT \(Self.inboundColumns), raw FROM inbound WHERE \(column) = ? ORDER BY at DESC LIMIT ?", arguments: [id, limit + 1])
                            where seen.insert(row["id"]).inserted {
                                items.append(.received(Self.recordedInbound(row)))
                            }
                            let sameBusiness = business == nil ? "" : " AND (business IS NULL OR business = ?)"
                            if let last = try db.value(Int64.self, sql: "SELECT max(at) FROM inbound WHERE \(column) = ? AND type != 'system'" + sameBusiness,
                                                             arguments: SQLiteArguments([id] + (business.map { [$0] } ?? []))) {
                                lastWrote = max(lastWrote ?? last, last)
                            }
                        }
                    }
                    var seenEvents: Set<Int64> = []
                    for id in ids {
                        for column in ["customer", "customer_user_id"] {
                            for row in try db.rows(sql: "SELECT \(Self.eventColumns) FROM webhook_event WHERE \(column) = ? ORDER BY at DESC LIMIT ?", arguments: [id, limit + 1])
                            where seenEvents.insert(row["id"]).inserted {
                                items.append(.event(Self.recordedEvent(row)))
                            }
                        }
                    }
                }
                items += sent.values.map { .sent($0) }
                // Newest first to cut at the limit; a send before a message at the same moment.
                items.sort { a, b in a.date != b.date ? a.date > b.date : a.order > b.order }
                let hasEarlier = items.count > limit
                items = Array(items.prefix(limit).reversed())
                let shownSends = items.compactMap { item -> Int64? in if case .sent(let e) = item { return e.id } else { return nil } }
                let statuses = try Self.statuses(forEntries: shownSends, withBodies: foldsOnRead, db)
                items = items.map { item in
                    guard case .sent(var e) = item else { return item }
                    e.statuses = statuses[e.id] ?? []
                    if foldsOnRead { e = e.foldingStatuses() }
                    return .sent(e)
                }
                return Conversation(customer: key, identities: ids, items: items,
                                    window: ServiceWindow(lastCustomerMessage: lastWrote.map { Self.date(ms: $0) }), hasEarlier: hasEarlier)
            }
        } catch { throw Self.failure(error, "could not read the conversation with \(customer)", path: path) }
    }
}

extension ConversationItem {
    /// Orders items of the same moment: a send, then an event, then the customer's message.
    var order: Int {
        switch self {
        case .sent: return 0
        case .event: return 1
        case .received: return 2
        }
    }
}
