import BridgeModels
import Foundation
import Testing

@Suite struct DatesTests {
    @Test(arguments: [
        ("2026-11-20T14:03:00Z", 1_795_183_380_000 as Int64),
        ("2026-11-20T09:03:00-05:00", 1_795_183_380_000),
        ("2026-11-20T14:03:00.5Z", 1_795_183_380_500),
        ("2026-11-20t14:03:00.123456789z", 1_795_183_380_123),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59.999Z", -1),
        ("2000-02-29T12:00:00+14:00", 951_775_200_000),
        ("0001-01-01T00:00:00Z", -62_135_596_800_000),
        ("9999-12-31T23:59:59Z", 253_402_300_799_000),
    ])
    func parsesRFC3339(_ text: String, _ milliseconds: Int64) throws {
        #expect(try RFC3339.parse(text).epochMilliseconds == milliseconds)
    }

    @Test(arguments: [
        ("2026-11-20T14:03:00", "missing time-zone offset (Z or ±HH:MM)"),
        ("2026-11-20", "missing time: expected YYYY-MM-DDTHH:MM:SS followed by Z or ±HH:MM"),
        ("2026-11-20 14:03:00Z", "expected 'T' between date and time"),
        ("2026-11-20T14:03Z", "expected ':' after the minute (seconds are required)"),
        ("2026-02-29T00:00:00Z", "day 29 out of range for 2026-02"),
        ("2026-11-20T24:00:00Z", "hour 24 out of range 00-23"),
        ("2026-11-20T14:03:00.Z", "no digits after '.' in the seconds"),
        ("2026-11-20T14:03:00+0500", "expected ':' in the zone offset"),
        ("2026-11-20T14:03:00Z ", "unexpected text after the zone offset"),
        ("26-11-20T14:03:00Z", "expected 4 digits for the year"),
    ])
    func refusesWithADetail(_ text: String, _ detail: String) {
        #expect(throws: RFC3339.ParseError(detail: detail)) { try RFC3339.parse(text) }
    }

    @Test func formatsInUTCWithMillisecondsOnlyWhenPresent() throws {
        #expect(RFC3339.string(from: Date(epochMilliseconds: 1_795_183_380_000)) == "2026-11-20T14:03:00Z")
        #expect(RFC3339.string(from: Date(epochMilliseconds: 1_795_183_380_007)) == "2026-11-20T14:03:00.007Z")
        #expect(RFC3339.string(from: Date(epochMilliseconds: -1)) == "1969-12-31T23:59:59.999Z")
        #expect(RFC3339.wholeSecondString(from: Date(epochMilliseconds: -1)) == "1969-12-31T23:59:59Z")
        #expect(RFC3339.wholeSecondString(from: Date(epochMilliseconds: 1_795_183_380_999)) == "2026-11-20T14:03:00Z")
    }

    @Test func seededRoundTripsAreExact() throws {
        var random = SeededRandomNumberGenerator(seed: 0x7467_6272)
        for _ in 0..<5_000 {
            let milliseconds = Int64.random(in: -62_135_596_800_000...253_402_300_799_999, using: &random)
            let date = Date(epochMilliseconds: milliseconds)
            let parsed = try RFC3339.parse(RFC3339.string(from: date))
            #expect(parsed == date)
            #expect(parsed.epochMilliseconds == milliseconds)
        }
    }

    @Test func epochMillisecondsSaturateInsteadOfTrapping() {
        // A tracker can send any 64-bit millisecond count (ClickUp dates are decoded as Int64);
        // reading it back must not trap when the Double product rounds past Int64's range.
        #expect(Date(epochMilliseconds: .max).epochMilliseconds == .max)
        #expect(Date(epochMilliseconds: .min).epochMilliseconds == .min)
        #expect(Date(timeIntervalSince1970: .infinity).epochMilliseconds == .max)
        #expect(Date(timeIntervalSince1970: -.infinity).epochMilliseconds == .min)
        #expect(Date(timeIntervalSince1970: .nan).epochMilliseconds == 0)
        #expect(Date(epochMilliseconds: 1_795_183_380_007).epochMilliseconds == 1_795_183_380_007)
        // Formatting the extremes must not trap either (the text is outside RFC 3339's years).
        for extreme in [Date(epochMilliseconds: .max), Date(epochMilliseconds: .min), Date(timeIntervalSince1970: -.infinity)] {
            #expect(!RFC3339.string(from: extreme).isEmpty)
            #expect(!RFC3339.wholeSecondString(from: extreme).isEmpty)
        }
    }

    @Test func localDatesKnowTheirWeekdayAndNeighbours() throws {
        let thanksgiving = try LocalDate.parse("2026-11-26")
        #expect(thanksgiving.weekday == .thursday)
        #expect(LocalDate(daysSinceEpoch: 0).weekday == .thursday)
        #expect(try LocalDate.parse("2024-02-28").adding(days: 1) == LocalDate(year: 2024, month: 2, day: 29))
        #expect(try LocalDate.parse("2026-12-31").adding(days: 1).description == "2027-01-01")
        #expect(LocalDate(year: 2100, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2000, month: 2, day: 29) != nil)
        #expect(LocalDate("2026-1-1") == nil)
        #expect(try LocalDate.parse("2026-11-26") < LocalDate.parse("2026-12-01"))
    }

    @Test func civilDaysMatchAFourHundredYearWalk() {
        // Walk day by day across a full Gregorian cycle from 1600-01-01 and check both directions.
        var year = 1600, month = 1, day = 1
        var days = CivilCalendarProbe.days(1600, 1, 1)
        for _ in 0..<146_097 {
            let date = LocalDate(daysSinceEpoch: days)
            #expect(date.year == year && date.month == month && date.day == day)
            days += 1
            day += 1
            if day > CivilCalendarProbe.length(year, month) {
                day = 1
                month += 1
                if month > 12 {
                    month = 1
                    year += 1
                }
            }
        }
    }

    @Test func unknownWeekdaysListTheAcceptedValues() throws {
        // A weekday decoded on its own (a host's configuration) is a closed set: an unknown
        // value is unknownValue with the accepted list, not a generic malformed-JSON error.
        #expect(throws: InputError(path: .root, reason: .unknownValue("funday", allowed: Weekday.allCases.map(\.rawValue)))) {
            try StrictJSONDecoder().decode(Weekday.self, from: #""funday""#)
        }
        #expect(try StrictJSONDecoder().decode([Weekday].self, from: #"["friday"]"#) == [.friday])
    }

    @Test func weekdaysHaveISONumbers() {
        #expect(Weekday.monday.isoNumber == 1)
        #expect(Weekday.sunday.isoNumber == 7)
        #expect(Weekday(isoNumber: 3) == .wednesday)
        #expect(Weekday(isoNumber: 8) == nil)
        #expect(Weekday.allCases.sorted() == Weekday.allCases)
    }
}

/// An independent, obviously-correct date reference for the walk above.
enum CivilCalendarProbe {
    static func length(_ year: Int, _ month: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    static func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
        // Count from 1970-01-01 with whole years and months.
        var total = 0
        if year >= 1970 {
            for y in 1970..<year { total += (1...12).reduce(0) { $0 + length(y, $1) } }
        } else {
            for y in year..<1970 { total -= (1...12).reduce(0) { $0 + length(y, $1) } }
        }
        for m in 1..<month { total += length(year, m) }
        return total + day - 1
    }
}
