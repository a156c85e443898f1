#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The 24-hour customer-service window with one customer: open for 24 hours after the customer
/// last wrote. Inside it any message may be sent; outside it only templates (a free-form message
/// then fails with 131047). The sandbox enforces it, the console shows it next to the recipient.
public struct ServiceWindow: Sendable, Hashable {
    /// How long a customer's message keeps the window open.
    public static let length: TimeInterval = 24 * 3600

    /// When the customer last wrote; nil when they never have (as far as this side knows).
    public var lastCustomerMessage: Date?

    public init(lastCustomerMessage: Date? = nil) { self.lastCustomerMessage = lastCustomerMessage }

    /// The window at a moment.
    public enum State: Sendable, Hashable {
        /// Free-form messages are allowed until `closesAt`.
        case open(closesAt: Date)
        /// Templates only; `since` is when it closed (nil: it never opened).
        case closed(since: Date?)
    }

    public func state(at now: Date = Date()) -> State {
        guard let last = lastCustomerMessage else { return .closed(since: nil) }
        let closes = last.addingTimeInterval(Self.length)
        return closes > now ? .open(closesAt: closes) : .closed(since: closes)
    }

    public func isOpen(at now: Date = Date()) -> Bool {
        if case .open = state(at: now) { return true }
        return false
    }

    /// `open 23 h 12 m` (minutes rounded down, `open 0 h 0 m` in its last minute) or
    /// `closed: templates only`.
    public func summary(at now: Date = Date()) -> String {
        switch state(at: now) {
        case .open(let closes):
            let minutes = max(0, Int(closes.timeIntervalSince(now) / 60))
            return "open \(minutes / 60) h \(minutes % 60) m"
        case .closed:
            return "closed: templates only"
        }
    }

    /// The window after the customer writes at `date` (a message older than the last one known
    /// changes nothing: webhooks may arrive out of order).
    public func reopened(at date: Date) -> ServiceWindow {
        guard let last = lastCustomerMessage, last >= date else { return ServiceWindow(lastCustomerMessage: date) }
        return self
    }
}
