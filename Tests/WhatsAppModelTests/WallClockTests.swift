import Foundation
import Testing
import WhatsAppModel

/// A small deterministic generator, so a failing case can be run again.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Runs `body` with the C library's local time set to `zone` (a POSIX TZ string, which needs
/// no time zone database), then puts TZ back as it was.
private func withTZ<T>(_ zone: String, _ body: () throws -> T) rethrows -> T {
    let saved = getenv("TZ").map { String(cString: $0) }
    setenv("TZ", zone, 1)
    tzset()
    defer {
        if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
        tzset()
    }
    return try body()
}

/// A date to the nearest millisecond since 1970, to compare dates built by different sums.
private func milliseconds(_ d: Date?) -> Int64? {
    d.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
}


private func utcDate(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Date {
    var c = DateComponents()
    (c.year, c.month, c.day, c.hour, c.minute, c.second) = (y, mo, d, h, mi, s)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: c)!
}

/// WallClock, ISO8601 and NumberText: local time from libc, ISO 8601 and number text without
/// Foundation's formatters, checked against Foundation's own answers where it has them.
@Suite struct WallClockTests {
    // MARK: Fields and dates

    @Test func fieldsMatchFoundationsCalendarAndRoundTripOnFixedClocks() {
        var rng = SplitMix64(state: 42)
        for offset in [0, 19_800, -10_800, 45_900, -43_200] {
            let clock = WallClock.offset(seconds: offset)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(secondsFromGMT: offset)!
            for _ in 0..<2_000 {
                // 1601 to 2400, to the millisecond (Foundation's calendar turns Julian before 1582).
                let ms = Int64.random(in: -11_644_473_600_000...13_569_465_600_000, using: &rng)
                let d = Date(timeIntervalSince1970: Double(ms) / 1000)
                let f = clock.fields(d)
                let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: d)
                #expect([f.year, f.month, f.day, f.hour, f.minute, f.second] as [Int] == [c.year, c.month, c.day, c.hour, c.minute, c.second], "\(ms) at \(offset)")
                #expect(f.offsetSeconds == offset)
            }
        }
    }

    @Test func fieldsKeepTheMillisecondADateWasMadeFrom() {
        do {
            var rng = SplitMix64(state: 43)
            for offset in [0, 19_800, -43_200] {
                let clock = WallClock.offset(seconds: offset)
                for _ in 0..<2_000 {
                    let ms = Int64.random(in: -11_644_473_600_000...13_569_465_600_000, using: &rng)
                    let d = Date(timeIntervalSince1970: Double(ms) / 1000)
                    let f = clock.fields(d)
                    #expect(f.millisecond == Int(((ms % 1000) + 1000) % 1000), "\(ms)")
                    #expect(milliseconds(clock.date(f)) == ms, "\(ms) at \(offset) round trip")
                }
            }
        }
    }

    @Test func negativeTimesCountDownFromTheEpoch() {
        let f = WallClock.utc.fields(Date(timeIntervalSince1970: -0.001))
        #expect([f.year, f.month, f.day, f.hour, f.minute, f.second] as [Int] == [1969, 12, 31, 23, 59, 59])
        #expect(f.millisecond == 999)
        #expect(WallClock.utc.fields(Date(timeIntervalSince1970: -0.5)).millisecond == 500)
        let g = WallClock.utc.fields(Date(timeIntervalSince1970: -86_400 * 365))
        #expect([g.year, g.month, g.day] as [Int] == [1969, 1, 1])
        #expect(milliseconds(WallClock.utc.date(.init(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, millisecond: 999))) == -1)
    }

    @Test func leapYearsFollowTheGregorianRules() {
        #expect(WallClock.utc.date(.init(year: 2024, month: 2, day: 29)) == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(WallClock.utc.date(.init(year: 2000, month: 2, day: 29)) != nil, "divisible by 400")
        #expect(WallClock.utc.date(.init(year: 2023, month: 2, day: 29)) == nil)
        #expect(WallClock.utc.date(.init(year: 1900, month: 2, day: 29)) == nil, "divisible by 100, not 400")
        #expect(WallClock.utc.date(.init(year: 2026, month: 4, day: 31)) == nil)
        #expect(WallClock.utc.date(.init(year: 2026, month: 13, day: 1)) == nil)
        #expect(WallClock.utc.date(.init(year: 2026, month: 0, day: 1)) == nil)
        let dayAfter = WallClock.utc.fields(Date(timeIntervalSince1970: 1_709_164_800 + 86_400))
        #expect([dayAfter.month, dayAfter.day] as [Int] == [3, 1])
        let endOf2024 = WallClock.utc.fields(utcDate(2024, 12, 31, 12))
        #expect([endOf2024.year, endOf2024.month, endOf2024.day] as [Int] == [2024, 12, 31])
    }

    @Test func formatWritesThePatternsTokensAndCopiesTheRest() {
        let d = Date(timeIntervalSince1970: 1_796_188_020.042)
        #expect(WallClock.utc.format(d, "yyyy-MM-dd HH:mm:ss.SSS") == "2026-12-02 05:07:00.042")
        #expect(WallClock.offset(seconds: 19_800).format(d, "yyyyMMdd-HHmmss") == "20261202-103700")
        #expect(WallClock.utc.format(d, "day dd, 'x'") == "day 02, 'x'")
    }

    @Test func sameDayIsTheCalendarDayOnThatClock() {
        let late = utcDate(2026, 12, 1, 23, 30), early = utcDate(2026, 12, 2, 0, 30)
        #expect(!WallClock.utc.sameDay(late, early))
        #expect(WallClock.offset(seconds: 3_600).sameDay(late, early), "both on 2 December an hour east")
        #expect(WallClock.offset(seconds: -3_600).sameDay(late, early), "both on 1 December an hour west")
    }

    // MARK: Local time through the C library

    @Test func localTimeFollowsTZAcrossDaylightSaving() {
        // US Eastern: EST (-5) until 2026-03-08 07:00Z, EDT (-4) until 2026-11-01 06:00Z.
        let (before, after, midnight, summer, endBefore, endAfter, sameDay, stamp) = withTZ("EST5EDT,M3.2.0,M11.1.0") {
            let clock = WallClock.local
            return (clock.fields(Date(timeIntervalSince1970: 1_772_953_199)), clock.fields(Date(timeIntervalSince1970: 1_772_953_200)),
                    clock.date(.init(year: 2026, month: 3, day: 8)), clock.date(.init(year: 2026, month: 7, day: 1, hour: 12)),
                    clock.fields(Date(timeIntervalSince1970: 1_793_512_799)), clock.fields(Date(timeIntervalSince1970: 1_793_512_800)),
                    clock.sameDay(utcDate(2026, 12, 2, 3), utcDate(2026, 12, 1, 6)), ISO8601.string(utcDate(2026, 7, 1, 16), clock: clock))
        }
        #expect([before.hour, before.minute, before.second, before.offsetSeconds] as [Int] == [1, 59, 59, -18_000])
        #expect([after.hour, after.minute, after.second, after.offsetSeconds] as [Int] == [3, 0, 0, -14_400], "02:00 does not exist that day")
        #expect(midnight == utcDate(2026, 3, 8, 5), "midnight before the change is EST")
        #expect(summer == utcDate(2026, 7, 1, 16))
        #expect([endBefore.hour, endBefore.minute, endBefore.offsetSeconds] as [Int] == [1, 59, -14_400])
        #expect([endAfter.hour, endAfter.minute, endAfter.offsetSeconds] as [Int] == [1, 0, -18_000], "01:00–02:00 happens twice")
        #expect(sameDay, "22:00 and 01:00 local on 1 December")
        #expect(stamp == "2026-07-01T12:00:00-04:00")
    }

    @Test func localTimeWithAHalfHourZone() {
        let (fields, stamp, day) = withTZ("IST-5:30") {
            (WallClock.local.fields(utcDate(2026, 12, 1, 20)), ISO8601.string(utcDate(2026, 12, 1, 20), clock: .local),
             WallClock.local.date(.init(year: 2026, month: 12, day: 2)))
        }
        #expect([fields.day, fields.hour, fields.minute, fields.offsetSeconds] as [Int] == [2, 1, 30, 19_800])
        #expect(stamp == "2026-12-02T01:30:00+05:30")
        #expect(day == utcDate(2026, 12, 1, 18, 30))
    }

    // MARK: ISO 8601

    @Test func isoStringsInUTCAndOnOtherClocks() {
        #expect(ISO8601.string(Date(timeIntervalSince1970: 1_796_188_020)) == "2026-12-02T05:07:00Z")
        #expect(ISO8601.string(Date(timeIntervalSince1970: 1_796_188_020.25), milliseconds: true) == "2026-12-02T05:07:00.250Z")
        #expect(ISO8601.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(ISO8601.string(Date(timeIntervalSince1970: -1.5), milliseconds: true) == "1969-12-31T23:59:58.500Z")
        #expect(ISO8601.string(Date(timeIntervalSince1970: 1_796_188_020), clock: .offset(seconds: 19_800)) == "2026-12-02T10:37:00+05:30")
        #expect(ISO8601.string(Date(timeIntervalSince1970: 1_796_188_020), clock: .offset(seconds: -9_000)) == "2026-12-02T02:37:00-02:30")
    }

    @Test func isoStringsMatchFoundationsFormatter() {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var rng = SplitMix64(state: 7)
        var dates: [Date] = []
        for _ in 0..<1_000 {
            let ms = Int64.random(in: 0...4_102_444_800_000, using: &rng)
            let d = Date(timeIntervalSince1970: Double(ms) / 1000)
            dates.append(d)
            #expect(ISO8601.string(d) == plain.string(from: d))
        }
        for d in dates { #expect(ISO8601.string(d, milliseconds: true) == fractional.string(from: d)) }
        // Milliseconds that are exact in binary are written exactly.
        for ms in [0, 250, 500, 750] as [Int64] {
            let d = Date(timeIntervalSince1970: 1_796_188_020 + Double(ms) / 1000)
            #expect(ISO8601.string(d, milliseconds: true) == fractional.string(from: d))
        }
    }

    @Test func isoDatesReadZoneOffsetsAndFractions() {
        let base = Date(timeIntervalSince1970: 1_796_188_020)
        let baseMs: Int64 = 1_796_188_020_000
        #expect(ISO8601.date("2026-12-02T05:07:00Z") == base)
        #expect(ISO8601.date("2026-12-02t05:07:00z") == base)
        #expect(ISO8601.date("2026-12-02T10:37:00+05:30") == base)
        #expect(ISO8601.date("2026-12-02T10:37:00+0530") == base)
        #expect(ISO8601.date("2026-12-02T00:07:00-05:00") == base)
        #expect(ISO8601.date("2026-12-02T05:07:00+00:00") == base)
        // Fractions of 1 to 9 digits, kept to the millisecond (cut, not rounded).
        let expected = [100, 120, 123, 123, 123, 123, 123, 123, 123]
        for digits in 1...9 {
            let text = "2026-12-02T05:07:00." + String("123456789".prefix(digits)) + "Z"
            #expect(milliseconds(ISO8601.date(text)) == baseMs + Int64(expected[digits - 1]), "\(text)")
        }
        #expect(milliseconds(ISO8601.date("2026-12-02T05:07:00.999999999Z")) == baseMs + 999)
        #expect(milliseconds(ISO8601.date("2026-12-02T10:37:00.5+05:30")) == baseMs + 500)
    }

    @Test("what is not an internet date-time is no date", arguments: [
        "", "2026-12-02", "2026-12-02T05:07:00", "2026-12-02 05:07:00Z", "2026-12-02T05:07Z", "2026-12-02T05:07:00.Z",
        "2026-12-02T05:07:00ZZ", "2026-12-02T05:07:00+5:30", "2026-12-02T05:07:00+05:3", "2026-12-02T05:07:00+24:00",
        "2026-12-02T05:07:00+05:60", "2026-13-02T05:07:00Z", "2026-02-30T05:07:00Z", "2026-12-02T24:00:00Z",
        "2026-12-02T05:60:00Z", "２026-12-02T05:07:00Z", "2026-12-02T05:07:00Z ", " 2026-12-02T05:07:00Z", "2026/12/02T05:07:00Z",
    ])
    func isoDatesRejectTheRest(_ text: String) {
        #expect(ISO8601.date(text) == nil)
    }

    @Test func isoRoundTripsToTheMillisecond() {
        isoRoundTrips()
        // Exact binary fractions round-trip too.
        for ms in [-62_104_060_800_000, -1_500, 0, 250, 253_339_228_799_500] as [Int64] {
            let d = Date(timeIntervalSince1970: Double(ms) / 1000)
            #expect(milliseconds(ISO8601.date(ISO8601.string(d, milliseconds: true, clock: .offset(seconds: 19_800)))) == ms)
        }
    }

    func isoRoundTrips() {
        var rng = SplitMix64(state: 9)
        for _ in 0..<2_000 {
            let ms = Int64.random(in: -62_104_060_800_000...253_339_228_800_000, using: &rng)  // years 2 to 9998
            let d = Date(timeIntervalSince1970: Double(ms) / 1000)
            for clock in [WallClock.utc, .offset(seconds: 19_800), .offset(seconds: -34_200)] {
                let text = ISO8601.string(d, milliseconds: true, clock: clock)
                #expect(milliseconds(ISO8601.date(text)) == ms, "\(text)")
            }
        }
    }

    // MARK: Numbers

    @Test func paddedNumbers() {
        #expect(NumberText.padded(5, width: 3) == "005")
        #expect(NumberText.padded(-5, width: 3) == "-005")
        #expect(NumberText.padded(1234, width: 2) == "1234")
        #expect(NumberText.padded(0, width: 0) == "0")
        #expect(NumberText.padded(Int.min, width: 1) == "-9223372036854775808")
    }

    @Test func fixedMatchesPrintfRounding() {
        // Half away from zero on the binary value, as printf rounds it.
        #expect(NumberText.fixed(2.5, places: 0) == "3")
        #expect(NumberText.fixed(-2.5, places: 0) == "-3")
        #expect(NumberText.fixed(1.005, places: 2) == "1.00", "1.005 is 1.00499… in binary")
        #expect(NumberText.fixed(0.125, places: 2) == "0.13")
        #expect(NumberText.fixed(-1.25, places: 1) == "-1.3")
        #expect(NumberText.fixed(12, places: 3) == "12.000")
        #expect(NumberText.fixed(0.05, places: 1) == "0.1")
        #expect(NumberText.fixed(-0.001, places: 2) == "0.00", "no minus sign on a value that rounds to zero")
        #expect(NumberText.fixed(.nan, places: 2) == "nan")
        #expect(NumberText.fixed(-.infinity, places: 2) == "-inf")
        var rng = SplitMix64(state: 3)
        for _ in 0..<5_000 {
            let v = Double.random(in: -100_000...100_000, using: &rng)
            for places in 0...4 {
                let printf = String(format: "%.\(places)f", v)
                // printf writes a minus sign on a value that rounds to zero (`-0.00`); NumberText does not.
                if printf.hasPrefix("-"), !printf.contains(where: { ("1"..."9").contains($0) }) { continue }
                #expect(NumberText.fixed(v, places: places) == printf, "\(v) to \(places)")
            }
        }
    }

    @Test func hexDigits() {
        #expect(NumberText.hex([0x00, 0xFF, 0x10, 0xA5]) == "00ff10a5")
        #expect(NumberText.hex([UInt8]()) == "")
        #expect(NumberText.hex(Data([0xDE, 0xAD])) == "dead")
        #expect(NumberText.hexUpper(0xABC, width: 4) == "0ABC")
        #expect(NumberText.hexUpper(0x12345, width: 4) == "12345")
        #expect(NumberText.hexUpper(0, width: 2) == "00")
    }
}
