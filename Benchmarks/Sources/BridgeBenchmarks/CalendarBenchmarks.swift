import Foundation
import TradingGridBridge

/// Business-calendar arithmetic: `BusinessCalendar.deadline` against a naive implementation that
/// steps minute by minute (the obvious way to write it), and an 8-hour target against a
/// 4,000-hour one (which must cost about the same).
enum CalendarBenchmarks {
    static let suite = Suite(name: "calendar") { try run() }

    static let calendarJSON = """
        {"timeZone": "America/New_York",
         "weeklyHours": {"monday": [["09:00", "12:00"], ["13:00", "17:00"]], "tuesday": [["09:00", "17:00"]],
                         "wednesday": [["09:00", "17:00"]], "thursday": [["09:00", "17:00"]], "friday": [["09:00", "16:00"]]},
         "holidays": ["2026-01-01", "2026-05-25", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25",
                      "2027-01-01", "2027-05-31", "2027-07-05", "2027-09-06", "2027-11-25", "2027-12-24",
                      "2028-01-01", "2028-05-29", "2028-07-04", "2028-09-04", "2028-11-23", "2028-12-25"]}
        """

    static func run() throws {
        let calendar = try BusinessCalendar(json: calendarJSON)
        let naive = NaiveMinuteStepper(calendar: calendar)
        // Friday 15:00 EST: an 8-hour target crosses the weekend; a 4,000-hour one (about two
        // years of this 38-hour week) crosses four DST changes and a dozen holidays.
        let start = try RFC3339.parse("2026-11-20T15:00:00-05:00")
        let eight = 8 * 60
        let fourThousand = 4000 * 60
        guard naive.deadline(start: start, minutes: eight) == calendar.deadline(start: start, minutes: eight),
            naive.deadline(start: start, minutes: fourThousand) == calendar.deadline(start: start, minutes: fourThousand)
        else {
            print("calendar: the naive and the real deadline disagree; not measuring")
            return
        }
        let count = 2_000
        let naiveEight = Harness.measure("naive minute stepping, 8 business hours", operations: 20) {
            for offset in 0..<20 { blackHole(naive.deadline(start: start + Double(offset * 60), minutes: eight)) }
        }
        let ourEight = Harness.measure("BusinessCalendar.deadline, 8 business hours", operations: count) {
            for offset in 0..<count { blackHole(calendar.deadline(start: start + Double(offset * 60), minutes: eight)) }
        }
        let ourFourThousand = Harness.measure("BusinessCalendar.deadline, 4,000 business hours", operations: count) {
            for offset in 0..<count { blackHole(calendar.deadline(start: start + Double(offset * 60), minutes: fourThousand)) }
        }
        let naiveFourThousand = Harness.measure("naive minute stepping, 4,000 business hours", rounds: 3) {
            blackHole(naive.deadline(start: start, minutes: fourThousand))
        }
        Harness.report(
            "Business-time deadlines (America/New_York, 38 h week, 18 holidays)",
            [naiveEight, ourEight, ourFourThousand, naiveFourThousand],
            note: "Baseline: a naive deadline that asks the time zone about every minute from the start. "
                + "Both implementations are checked to agree before measuring.")

        let yearEnd = try RFC3339.parse("2027-11-20T15:00:00-05:00")
        let always = BusinessCalendar.twentyFourSeven
        let elapsedYear = Harness.measure("BusinessCalendar.elapsed over one year", operations: count) {
            for offset in 0..<count { blackHole(calendar.elapsed(from: start + Double(offset * 60), to: yearEnd)) }
        }
        let twentyFourSeven = Harness.measure("twentyFourSeven.deadline, 4,000 hours", operations: count) {
            for offset in 0..<count { blackHole(always.deadline(start: start + Double(offset * 60), minutes: fourThousand)) }
        }
        let bytes = Array(calendarJSON.utf8)
        let decode = try Harness.measure("decode and validate the calendar JSON", operations: 200) {
            for _ in 0..<200 { blackHole(try BusinessCalendar(json: bytes)) }
        }
        Harness.report(
            "Business calendars: other operations", [ourEight, elapsedYear, twentyFourSeven, decode],
            note: "Baseline: `deadline` for 8 business hours, from the table above.")
    }
}

/// The obvious implementation: walk forward one minute at a time, ask the time zone for the
/// local time and look the minute up in the day's windows. Right for minute-aligned starts away
/// from ambiguous local times; here only to show what the real arithmetic saves.
struct NaiveMinuteStepper {
    let calendar: BusinessCalendar

    func deadline(start: Date, minutes: Int) -> Date {
        var minute = Int64((start.timeIntervalSince1970 / 60).rounded(.down))
        var remaining = minutes
        while remaining > 0 {
            if isOpen(minute: minute) { remaining -= 1 }
            minute += 1
        }
        return Date(timeIntervalSince1970: Double(minute * 60))
    }

    func isOpen(minute: Int64) -> Bool {
        let offset = Int64(calendar.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(minute * 60)))) / 60
        let local = minute + offset
        let day = local >= 0 ? local / 1440 : (local - 1439) / 1440
        let minuteOfDay = Int(local - day * 1440)
        return calendar.windows(on: LocalDate(daysSinceEpoch: Int(day))).contains {
            $0.start.minutesSinceMidnight <= minuteOfDay && minuteOfDay < $0.end.minutesSinceMidnight
        }
    }
}
