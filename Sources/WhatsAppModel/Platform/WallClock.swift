#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How wall-clock times are read and written: the C library's local time (TZ, /etc/localtime)
/// or a fixed offset from UTC.
///
/// wacon links FoundationEssentials, not Foundation: ICU's data alone would be most of the
/// binary. Without ICU, Foundation's `TimeZone.current` is always GMT, so local time comes from
/// libc, which follows TZ and daylight saving like every other program on the machine.
public enum WallClock: Sendable, Equatable {
    /// The machine's local time, daylight saving included.
    case local
    /// A fixed distance from UTC, in seconds east.
    case offset(seconds: Int)

    public static let utc = WallClock.offset(seconds: 0)

    /// A moment as a calendar reads it on this clock.
    public struct Fields: Sendable, Equatable {
        public var year, month, day, hour, minute, second: Int
        public var millisecond = 0
        /// Seconds east of UTC at that moment.
        public var offsetSeconds = 0

        public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0, offsetSeconds: Int = 0) {
            (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
            (self.millisecond, self.offsetSeconds) = (millisecond, offsetSeconds)
        }
    }

    /// The calendar fields of `date` on this clock, to the millisecond it falls in. A date made
    /// from a whole number of milliseconds is often a hair off it in binary (`Date` counts from
    /// 2001, so by up to a few units in the last place of that count), and reads as that
    /// millisecond, not the one before.
    public func fields(_ date: Date) -> Fields {
        let scaled = date.timeIntervalSince1970 * 1000
        let nearest = scaled.rounded()
        let slack = date.timeIntervalSinceReferenceDate.magnitude.ulp * 4000 + nearest.magnitude.ulp * 4
        let totalMilliseconds = Int64((scaled - nearest).magnitude <= slack ? nearest : scaled.rounded(.down))
        let seconds = totalMilliseconds >= 0 ? totalMilliseconds / 1000 : (totalMilliseconds - 999) / 1000
        let millisecond = Int(totalMilliseconds - seconds * 1000)
        let offset = offsetSeconds(atUnixSeconds: seconds)
        var f = Self.civil(unixSeconds: seconds + Int64(offset))
        f.millisecond = millisecond
        f.offsetSeconds = offset
        return f
    }

    /// The moment the fields name on this clock (their `offsetSeconds` is ignored); nil for a
    /// day that does not exist, such as February 30.
    public func date(_ f: Fields) -> Date? {
        guard (1...12).contains(f.month), (1...Self.days(inMonth: f.month, year: f.year)).contains(f.day),
              (0...23).contains(f.hour), (0...59).contains(f.minute), (0...60).contains(f.second) else { return nil }
        let naive = Self.unixSeconds(f)
        switch self {
        case .offset(let s):
            return Date(timeIntervalSince1970: Double(naive - Int64(s)) + Double(f.millisecond) / 1000)
        case .local:
            // Two guesses settle the offset, also across a daylight-saving change.
            var guess = naive - Int64(offsetSeconds(atUnixSeconds: naive))
            guess = naive - Int64(offsetSeconds(atUnixSeconds: guess))
            return Date(timeIntervalSince1970: Double(guess) + Double(f.millisecond) / 1000)
        }
    }

    /// Whether two moments fall on the same calendar day on this clock.
    public func sameDay(_ a: Date, _ b: Date) -> Bool {
        let (x, y) = (fields(a), fields(b))
        return (x.year, x.month, x.day) == (y.year, y.month, y.day)
    }

    /// `date` written with a pattern of `yyyy`, `MM`, `dd`, `HH`, `mm`, `ss` and `SSS`; every
    /// other character is copied as it is.
    public func format(_ date: Date, _ pattern: String) -> String {
        let f = fields(date)
        var out = ""
        var rest = Substring(pattern)
        let tokens: [(String, Int, Int)] = [("yyyy", f.year, 4), ("MM", f.month, 2), ("dd", f.day, 2), ("HH", f.hour, 2),
                                            ("mm", f.minute, 2), ("ss", f.second, 2), ("SSS", f.millisecond, 3)]
        next: while let c = rest.first {
            for (token, value, width) in tokens where rest.hasPrefix(token) {
                out += NumberText.padded(value, width: width)
                rest = rest.dropFirst(token.count)
                continue next
            }
            out.append(c)
            rest = rest.dropFirst()
        }
        return out
    }

    /// Seconds east of UTC at a moment.
    func offsetSeconds(atUnixSeconds seconds: Int64) -> Int {
        switch self {
        case .offset(let s): return s
        case .local:
            var t = time_t(seconds)
            var parts = tm()
            guard localtime_r(&t, &parts) != nil else { return 0 }
            return Int(parts.tm_gmtoff)
        }
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (the usual era arithmetic).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func unixSeconds(_ f: Fields) -> Int64 {
        daysSinceEpoch(year: f.year, month: f.month, day: f.day) * 86_400 + Int64(f.hour * 3600 + f.minute * 60 + f.second)
    }

    static func civil(unixSeconds s: Int64) -> Fields {
        let days = s >= 0 ? s / 86_400 : (s - 86_399) / 86_400
        let secondOfDay = Int(s - days * 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        return Fields(year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60)
    }
}

/// ISO 8601 internet date-times (RFC 3339), as the gateways write them.
public enum ISO8601 {
    /// `2026-12-02T05:07:00Z`, or `…00.123Z` with milliseconds; on another clock the offset
    /// is written (`+05:30`).
    public static func string(_ date: Date, milliseconds: Bool = false, clock: WallClock = .utc) -> String {
        let f = clock.fields(date)
        var s = clock.format(date, milliseconds ? "yyyy-MM-ddTHH:mm:ss.SSS" : "yyyy-MM-ddTHH:mm:ss")
        if f.offsetSeconds == 0 { s += "Z"; return s }
        let minutes = abs(f.offsetSeconds) / 60
        s += (f.offsetSeconds < 0 ? "-" : "+") + NumberText.padded(minutes / 60, width: 2) + ":" + NumberText.padded(minutes % 60, width: 2)
        return s
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS`, an optional fraction of any length (kept to the
    /// millisecond), then `Z` or an offset (`+05:30`, `+0530`); nil for anything else.
    public static func date(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func number(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var n = 0
            for c in b[at..<at + count] { guard (48...57).contains(c) else { return nil }; n = n * 10 + Int(c - 48) }
            return n
        }
        guard b.count >= 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x74, b[13] == 0x3A, b[16] == 0x3A,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return nil }
        var i = 19
        var millisecond = 0
        if b[i] == 0x2E {
            i += 1
            let start = i
            while i < b.count, (48...57).contains(b[i]) { i += 1 }
            guard i > start else { return nil }
            let digits = b[start..<min(i, start + 3)].map { Int($0 - 48) }
            millisecond = digits.reduce(0) { $0 * 10 + $1 } * [100, 10, 1][digits.count - 1]
        }
        guard i < b.count else { return nil }
        var offset = 0
        switch b[i] {
        case 0x5A, 0x7A:
            i += 1
        case 0x2B, 0x2D:
            let sign = b[i] == 0x2D ? -1 : 1
            guard let h = number(i + 1, 2) else { return nil }
            var m: Int?
            if i + 3 < b.count, b[i + 3] == 0x3A { m = number(i + 4, 2); i += 6 } else { m = number(i + 3, 2); i += 5 }
            guard let m, h <= 23, m <= 59 else { return nil }
            offset = sign * (h * 3600 + m * 60)
        default:
            return nil
        }
        guard i == b.count else { return nil }
        return WallClock.offset(seconds: offset).date(.init(year: year, month: month, day: day, hour: hour, minute: minute,
                                                           second: min(second, 59), millisecond: millisecond))
    }
}

/// Numbers written without `String(format:)`, which would bring in Foundation's formatting
/// (and with it ICU).
public enum NumberText {
    /// `value` with at least `width` digits, zero-padded after any minus sign.
    public static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let pad = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + pad + digits
    }

    /// `value` rounded to `places` decimals (half away from zero), like `%.Nf`.
    public static func fixed(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let scale = (0..<places).reduce(1.0) { r, _ in r * 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9.2e18 else { return String(value) }
        let whole = UInt64(scaled)
        let unit = UInt64(scale)
        var s = (value < 0 && whole != 0 ? "-" : "") + String(whole / unit)
        if places > 0 {
            let fraction = String(whole % unit)
            s += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return s
    }

    /// Bytes as lowercase hexadecimal, two digits each.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0x0F)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` in uppercase hexadecimal with at least `width` digits.
    public static func hexUpper(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
