#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// RFC 3339 date-times, as the community event format writes them.
///
/// Parsing is strict: the full `YYYY-MM-DDTHH:MM:SS` form, optional fractional seconds and a
/// mandatory zone (`Z` or `±HH:MM`). A date-time without a zone is refused because it names no
/// instant. Fractional seconds are kept to the millisecond (further digits are truncated), so a
/// parsed instant formats back to the same text and round-trips exactly. Leap seconds (`:60`)
/// are refused. The arithmetic is done by hand, with no locale and no time zone database, so it
/// behaves identically on every platform.
public enum RFC3339: Sendable {
    /// Why a text is not an RFC 3339 date-time.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What is wrong, e.g. `missing time-zone offset`.
        public var detail: String
        /// Creates an error with a detail.
        public init(detail: String) { self.detail = detail }
        /// A description of the problem.
        public var description: String { detail }
    }

    /// Parses an RFC 3339 date-time with a zone offset.
    ///
    /// - Throws: ``ParseError`` naming what is wrong.
    public static func parse(_ text: String) throws(ParseError) -> Date {
        let bytes = Array(text.utf8)
        var scanner = DateScanner(bytes: bytes)
        let (year, month, day) = try scanner.date()
        guard scanner.index < bytes.count else {
            throw ParseError(detail: "missing time: expected YYYY-MM-DDTHH:MM:SS followed by Z or ±HH:MM")
        }
        guard bytes[scanner.index] == UInt8(ascii: "T") || bytes[scanner.index] == UInt8(ascii: "t") else {
            throw ParseError(detail: "expected 'T' between date and time")
        }
        scanner.index += 1
        let hour = try scanner.number(digits: 2, what: "hour")
        try scanner.expect(":", what: "':' after the hour")
        let minute = try scanner.number(digits: 2, what: "minute")
        try scanner.expect(":", what: "':' after the minute (seconds are required)")
        let second = try scanner.number(digits: 2, what: "second")
        guard hour <= 23 else { throw ParseError(detail: "hour \(hour) out of range 00-23") }
        guard minute <= 59 else { throw ParseError(detail: "minute \(minute) out of range 00-59") }
        guard second <= 59 else {
            throw ParseError(detail: second == 60 ? "leap seconds are not supported" : "second \(second) out of range 00-59")
        }
        var milliseconds = 0
        if scanner.index < bytes.count && bytes[scanner.index] == UInt8(ascii: ".") {
            scanner.index += 1
            var digits = 0
            while scanner.index < bytes.count, bytes[scanner.index] >= 0x30, bytes[scanner.index] <= 0x39 {
                if digits < 3 { milliseconds = milliseconds * 10 + Int(bytes[scanner.index] - 0x30) }
                digits += 1
                scanner.index += 1
            }
            guard digits > 0 else { throw ParseError(detail: "no digits after '.' in the seconds") }
            guard digits <= 9 else { throw ParseError(detail: "more than 9 fractional digits") }
            if digits < 3 {
                for _ in digits..<3 { milliseconds *= 10 }
            }
        }
        guard scanner.index < bytes.count else {
            throw ParseError(detail: "missing time-zone offset (Z or ±HH:MM)")
        }
        var offsetSeconds = 0
        switch bytes[scanner.index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            scanner.index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[scanner.index] == UInt8(ascii: "-") ? -1 : 1
            scanner.index += 1
            let offsetHour = try scanner.number(digits: 2, what: "offset hours")
            try scanner.expect(":", what: "':' in the zone offset")
            let offsetMinute = try scanner.number(digits: 2, what: "offset minutes")
            guard offsetHour <= 23, offsetMinute <= 59 else {
                throw ParseError(detail: "zone offset out of range")
            }
            offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
        default:
            throw ParseError(detail: "missing time-zone offset (Z or ±HH:MM)")
        }
        guard scanner.index == bytes.count else {
            throw ParseError(detail: "unexpected text after the zone offset")
        }
        let days = CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return Date(epochMilliseconds: seconds * 1000 + Int64(milliseconds))
    }

    /// Formats an instant in UTC as `YYYY-MM-DDTHH:MM:SSZ`, with `.mmm` milliseconds only when
    /// they are not zero. The instant is rounded to the nearest millisecond.
    public static func string(from date: Date) -> String {
        let (seconds, milliseconds) = flooredSeconds(date)
        return format(seconds: seconds, milliseconds: milliseconds)
    }

    /// Formats an instant in UTC as `YYYY-MM-DDTHH:MM:SSZ`, dropping any fraction of a second
    /// (rounding down). This is the form `tgbridge sla` prints.
    public static func wholeSecondString(from date: Date) -> String {
        format(seconds: flooredSeconds(date).seconds, milliseconds: 0)
    }

    /// Whole seconds since the epoch (rounded down) and the milliseconds past them (0–999),
    /// without overflowing at the extremes of `Date.epochMilliseconds`.
    private static func flooredSeconds(_ date: Date) -> (seconds: Int64, milliseconds: Int) {
        let (quotient, remainder) = date.epochMilliseconds.quotientAndRemainder(dividingBy: 1000)
        return remainder < 0 ? (quotient - 1, Int(remainder + 1000)) : (quotient, Int(remainder))
    }

    private static func format(seconds: Int64, milliseconds: Int) -> String {
        let (quotient, remainder) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let days = Int(remainder < 0 ? quotient - 1 : quotient)
        let secondOfDay = Int(remainder < 0 ? remainder + 86_400 : remainder)
        let date = CivilCalendar.date(daysSinceEpoch: days)
        var text = LocalDate.format(year: date.year, month: date.month, day: date.day)
        text += "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if milliseconds != 0 { text += "." + pad(milliseconds, 3) }
        return text + "Z"
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Date {
    /// Milliseconds since 1970-01-01T00:00:00Z, rounded to the nearest millisecond. ClickUp
    /// writes every date this way.
    ///
    /// Instants beyond what `Int64` milliseconds can hold (about ±292 million years) saturate at
    /// `Int64.max` or `Int64.min`, and a NaN date gives 0, so a hostile millisecond count read
    /// from a tracker can never trap when it is written back.
    public var epochMilliseconds: Int64 {
        let milliseconds = (timeIntervalSince1970 * 1000).rounded(.toNearestOrAwayFromZero)
        if milliseconds.isNaN { return 0 }
        // 2^63 is exactly representable as a Double; Int64.max is not.
        if milliseconds >= 0x1p63 { return .max }
        if milliseconds <= -0x1p63 { return .min }
        return Int64(milliseconds)
    }

    /// Creates an instant from milliseconds since 1970-01-01T00:00:00Z.
    public init(epochMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(epochMilliseconds) / 1000)
    }
}

/// A day of the week.
public enum Weekday: String, ClosedSetValue, Comparable {
    /// Monday (ISO 8601 weekday 1).
    case monday
    /// Tuesday.
    case tuesday
    /// Wednesday.
    case wednesday
    /// Thursday.
    case thursday
    /// Friday.
    case friday
    /// Saturday.
    case saturday
    /// Sunday (ISO 8601 weekday 7).
    case sunday

    /// The ISO 8601 number: Monday 1 through Sunday 7.
    public var isoNumber: Int { Weekday.allCases.firstIndex(of: self)! + 1 }

    /// The weekday with the given ISO 8601 number (1 = Monday … 7 = Sunday).
    public init?(isoNumber: Int) {
        guard (1...7).contains(isoNumber) else { return nil }
        self = Weekday.allCases[isoNumber - 1]
    }

    /// Orders Monday first, as ISO 8601 does.
    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.isoNumber < rhs.isoNumber }
}

/// A calendar date without a time or zone (`YYYY-MM-DD`, proleptic Gregorian), such as a
/// holiday, a document expiry or a go-live date.
public struct LocalDate: Hashable, Sendable, Comparable, Codable, LosslessStringConvertible {
    /// The year, 1 through 9999.
    public let year: Int
    /// The month, 1 through 12.
    public let month: Int
    /// The day of the month, 1 through 28–31.
    public let day: Int

    /// Creates a date, or returns `nil` if the components do not name a real day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilCalendar.daysIn(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1970-01-01 (negative for earlier dates).
    public init(daysSinceEpoch days: Int) {
        let civil = CivilCalendar.date(daysSinceEpoch: days)
        self.year = civil.year
        self.month = civil.month
        self.day = civil.day
    }

    /// Parses `YYYY-MM-DD`; returns `nil` for anything else.
    public init?(_ description: String) {
        guard let parsed = try? LocalDate.parse(description) else { return nil }
        self = parsed
    }

    /// Parses `YYYY-MM-DD`.
    ///
    /// - Throws: ``RFC3339/ParseError`` naming what is wrong.
    public static func parse(_ text: String) throws(RFC3339.ParseError) -> LocalDate {
        let bytes = Array(text.utf8)
        var scanner = DateScanner(bytes: bytes)
        let (year, month, day) = try scanner.date()
        guard scanner.index == bytes.count else {
            throw RFC3339.ParseError(detail: "expected a date alone, YYYY-MM-DD")
        }
        guard let date = LocalDate(year: year, month: month, day: day) else {
            throw RFC3339.ParseError(detail: "no such day")
        }
        return date
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int { CivilCalendar.daysSinceEpoch(year: year, month: month, day: day) }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday (ISO 4).
        let iso = ((daysSinceEpoch % 7) + 7 + 3) % 7 + 1
        return Weekday(isoNumber: iso)!
    }

    /// The date `days` days later (or earlier, for a negative count).
    public func adding(days: Int) -> LocalDate {
        LocalDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// `YYYY-MM-DD`.
    public var description: String { LocalDate.format(year: year, month: month, day: day) }

    static func format(year: Int, month: Int, day: Int) -> String {
        RFC3339.pad(year, 4) + "-" + RFC3339.pad(month, 2) + "-" + RFC3339.pad(day, 2)
    }

    /// Orders by calendar position.
    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes `YYYY-MM-DD`, with an ``InputError`` at the decoder's path otherwise.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try LocalDate.parse(text)
        } catch {
            throw InputError(path: decoder.jsonPath, reason: .invalidDate(error.detail + " (expected YYYY-MM-DD)"))
        }
    }

    /// Encodes as `YYYY-MM-DD`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Proleptic Gregorian day arithmetic (the algorithms of Howard Hinnant's "chrono-compatible
/// low-level date algorithms"), exact for every representable year.
package enum CivilCalendar {
    /// Days from 1970-01-01 to the given date.
    package static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days after 1970-01-01.
    package static func date(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Whether `year` is a Gregorian leap year.
    package static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in a month.
    package static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

private struct DateScanner {
    let bytes: [UInt8]
    var index = 0

    mutating func number(digits: Int, what: String) throws(RFC3339.ParseError) -> Int {
        guard index + digits <= bytes.count else {
            throw RFC3339.ParseError(detail: "truncated \(what)")
        }
        var value = 0
        for _ in 0..<digits {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39 else {
                throw RFC3339.ParseError(detail: "expected \(digits) digits for the \(what)")
            }
            value = value * 10 + Int(byte - 0x30)
            index += 1
        }
        return value
    }

    mutating func expect(_ character: Character, what: String) throws(RFC3339.ParseError) {
        guard index < bytes.count, bytes[index] == character.asciiValue! else {
            throw RFC3339.ParseError(detail: "expected \(what)")
        }
        index += 1
    }

    mutating func date() throws(RFC3339.ParseError) -> (Int, Int, Int) {
        let year = try number(digits: 4, what: "year")
        try expect("-", what: "'-' after the year (YYYY-MM-DD)")
        let month = try number(digits: 2, what: "month")
        try expect("-", what: "'-' after the month (YYYY-MM-DD)")
        let day = try number(digits: 2, what: "day")
        guard year >= 1 else { throw RFC3339.ParseError(detail: "year 0000 out of range") }
        guard (1...12).contains(month) else { throw RFC3339.ParseError(detail: "month \(month) out of range 01-12") }
        let limit = CivilCalendar.daysIn(year: year, month: month)
        guard (1...limit).contains(day) else {
            throw RFC3339.ParseError(
                detail: "day \(day) out of range for \(LocalDate.format(year: year, month: month, day: 1).prefix(7))")
        }
        return (year, month, day)
    }
}
