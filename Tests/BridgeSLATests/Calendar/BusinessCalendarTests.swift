import BridgeModels
import BridgeSLA
import Foundation
import Testing

/// Hand-computed cases. Each expectation carries its arithmetic; offsets used:
/// America/New_York EST −05:00, EDT −04:00 (2026-03-08 02:00 EST → 03:00 EDT at 07:00Z;
/// 2026-11-01 02:00 EDT → 01:00 EST at 06:00Z); Australia/Sydney AEST +10:00, AEDT +11:00
/// (2026-04-05 03:00 AEDT → 02:00 AEST at 04-04 16:00Z; 2026-10-04 02:00 AEST → 03:00 AEDT at
/// 10-03 16:00Z).
@Suite struct BusinessCalendarTests {
    /// The calendar of `Documentation/BusinessCalendars.md`: Mon 09–12 + 13–17 (7 h), Tue–Thu
    /// 09–17 (8 h), Fri 09–16 (7 h) = 38 h a week; Thanksgiving and Christmas 2026 closed.
    static let newYorkJSON = """
        {
          "timeZone": "America/New_York",
          "weeklyHours": {
            "monday":    [["09:00", "12:00"], ["13:00", "17:00"]],
            "tuesday":   [["09:00", "17:00"]],
            "wednesday": [["09:00", "17:00"]],
            "thursday":  [["09:00", "17:00"]],
            "friday":    [["09:00", "16:00"]]
          },
          "holidays": ["2026-11-26", "2026-12-25"]
        }
        """

    let newYork: BusinessCalendar

    init() throws {
        newYork = try calendar(Self.newYorkJSON)
    }

    /// The New York calendar with extra JSON members spliced in.
    func newYork(_ extra: String) throws -> BusinessCalendar {
        try calendar(Self.newYorkJSON.replacingOccurrences(of: "\"holidays\"", with: extra + ", \"holidays\""))
    }

    /// A one-zone calendar with the given weekly hours.
    func weekly(_ zone: String, _ hours: String, holidays: String = "[]") throws -> BusinessCalendar {
        try calendar(#"{"timeZone": "\#(zone)", "weeklyHours": {\#(hours)}, "holidays": \#(holidays)}"#)
    }

    // MARK: Thanksgiving week (holiday Thu 2026-11-26, EST)

    @Test func thanksgivingIsSkipped() throws {
        // Wed 11-25 10:00 EST: 7 h left on Wednesday (10–17), Thursday closed, 1 h on Friday:
        // Fri 11-27 09:00 + 1 h = 10:00 EST = 15:00Z.
        let due = newYork.deadline(start: try instant("2026-11-25T10:00:00-05:00"), minutes: 8 * 60)
        #expect(utc(due) == "2026-11-27T15:00:00Z")
    }

    @Test func twentyHoursAcrossThanksgivingAndAWeekend() throws {
        // Wed 16:00: 1 h; Thu holiday; Fri 09–16: 7 h (8); weekend; Mon 11-30 09–12 + 13–17:
        // 7 h (15); Tue 12-01 09:00 + 5 h = 14:00 EST = 19:00Z.
        let due = newYork.deadline(start: try instant("2026-11-25T16:00:00-05:00"), minutes: 20 * 60)
        #expect(utc(due) == "2026-12-01T19:00:00Z")
    }

    @Test func elapsedOverThanksgivingWeek() throws {
        // Mon 7 + Tue 8 + Wed 8 + Thu 0 (holiday) + Fri 7 = 30 h = 108,000 s.
        let elapsed = newYork.elapsed(
            from: try instant("2026-11-23T00:00:00-05:00"), to: try instant("2026-11-30T00:00:00-05:00"))
        #expect(elapsed == .seconds(108_000))
    }

    @Test func aStartOnAHolidayWaitsForTheNextOpening() throws {
        // Thu 11-26 12:00 is Thanksgiving; counting starts Fri 09:00; + 1 h = 10:00 EST = 15:00Z.
        let due = newYork.deadline(start: try instant("2026-11-26T12:00:00-05:00"), minutes: 60)
        #expect(utc(due) == "2026-11-27T15:00:00Z")
    }

    @Test func zeroMinutesIsTheStartItselfEvenWhenClosed() throws {
        // minutes = 0 → start, even on a holiday, to the millisecond.
        let start = try instant("2026-11-26T12:00:00.123-05:00")
        #expect(newYork.deadline(start: start, minutes: 0) == start)
        #expect(newYork.deadline(start: start, adding: .zero) == start)
    }

    @Test func negativeTargetsGiveTheStart() throws {
        let start = try instant("2026-11-23T10:00:00-05:00")
        #expect(newYork.deadline(start: start, minutes: -30) == start)
        #expect(newYork.deadline(start: start, adding: .seconds(-5)) == start)
    }

    // MARK: Windows, split shifts, exact ends

    @Test func aStartDuringLunchBeginsAtTheAfternoonWindow() throws {
        // Mon 11-23 12:30 is between 12:00 and 13:00; 13:00 + 30 min = 13:30 EST = 18:30Z.
        let due = newYork.deadline(start: try instant("2026-11-23T12:30:00-05:00"), minutes: 30)
        #expect(utc(due) == "2026-11-23T18:30:00Z")
    }

    @Test func aTargetEndingAtAWindowEndIsThatEnd() throws {
        // Mon 09:00 + 180 min = exactly the 12:00 end of the morning window (17:00Z), not the
        // 13:00 reopening.
        let due = newYork.deadline(start: try instant("2026-11-23T09:00:00-05:00"), minutes: 180)
        #expect(utc(due) == "2026-11-23T17:00:00Z")
    }

    @Test func aTargetEndingAtTheDaysLastWindowEndIsThatEnd() throws {
        // Fri 11-27 09:00 + 7 h = 16:00 EST = 21:00Z (not Monday 09:00).
        let due = newYork.deadline(start: try instant("2026-11-27T09:00:00-05:00"), minutes: 7 * 60)
        #expect(utc(due) == "2026-11-27T21:00:00Z")
    }

    @Test func splitShiftsAreCountedWindowByWindow() throws {
        // UTC Monday 08–12, 13–17, 20–22. From 07:00: 4 h + 4 h = 8 h at 17:00, the 9th hour is
        // 20:00–21:00 → 21:00Z.
        let shifts = try weekly("UTC", #""monday": [["08:00", "12:00"], ["13:00", "17:00"], ["20:00", "22:00"]]"#)
        #expect(utc(shifts.deadline(start: try instant("2026-06-01T07:00:00Z"), minutes: 9 * 60)) == "2026-06-01T21:00:00Z")
        // 11:00 → 21:00: 1 h (11–12) + 4 h (13–17) + 1 h (20–21) = 6 h = 21,600 s.
        #expect(
            shifts.elapsed(from: try instant("2026-06-01T11:00:00Z"), to: try instant("2026-06-01T21:00:00Z"))
                == .seconds(21_600))
    }

    @Test func anOvernightShiftUsesTwentyFourHundred() throws {
        // Fri 18:00–24:00 and Sat 00:00–06:00 (UTC). Fri 23:00 + 2 h: 1 h to 24:00, then Sat
        // 00:00 + 1 h = 01:00Z.
        let night = try weekly("UTC", #""friday": [["18:00", "24:00"]], "saturday": [["00:00", "06:00"]]"#)
        #expect(utc(night.deadline(start: try instant("2026-06-05T23:00:00Z"), minutes: 120)) == "2026-06-06T01:00:00Z")
        // Fri 23:00 + 1 h ends exactly at the 24:00 end: Sat 00:00Z.
        #expect(utc(night.deadline(start: try instant("2026-06-05T23:00:00Z"), minutes: 60)) == "2026-06-06T00:00:00Z")
        // Whole shift Fri 18:00 → Sat 06:00 = 12 h = 43,200 s.
        #expect(
            night.elapsed(from: try instant("2026-06-05T12:00:00Z"), to: try instant("2026-06-06T12:00:00Z"))
                == .seconds(43_200))
    }

    @Test func aStartInsideAWindowCountsFromTheStart() throws {
        // UTC Mon–Fri 09–17; Mon 10:15:30 + 60 min = 11:15:30Z.
        let office = try weekly("UTC", Self.weekdays("09:00", "17:00"))
        #expect(utc(office.deadline(start: try instant("2026-06-01T10:15:30Z"), minutes: 60)) == "2026-06-01T11:15:30Z")
    }

    @Test func millisecondsArePreserved() throws {
        // UTC Mon–Fri 09–17: Mon 16:59:59.500 + 1 s = 0.5 s on Monday + 0.5 s from Tue 09:00 →
        // Tue 09:00:00.500Z.
        let office = try weekly("UTC", Self.weekdays("09:00", "17:00"))
        let due = office.deadline(start: try instant("2026-06-01T16:59:59.500Z"), adding: .seconds(1))
        #expect(utc(due) == "2026-06-02T09:00:00.500Z")
        // elapsed(Mon 16:59:59.250, Tue 09:00:00.001) = 0.750 s + 0.001 s = 751 ms.
        #expect(
            office.elapsed(from: try instant("2026-06-01T16:59:59.250Z"), to: try instant("2026-06-02T09:00:00.001Z"))
                == .milliseconds(751))
        // Sub-millisecond business time is dropped: 0.9 ms → 0 ms → the start.
        let start = try instant("2026-06-01T10:00:00Z")
        #expect(office.deadline(start: start, adding: .microseconds(900)) == start)
    }

    @Test func elapsedIsZeroWhenTheEndIsNotAfterTheStart() throws {
        let start = try instant("2026-11-23T10:00:00-05:00")
        #expect(newYork.elapsed(from: start, to: start) == .zero)
        #expect(newYork.elapsed(from: start, to: start.addingTimeInterval(-3600)) == .zero)
    }

    // MARK: Holidays next to weekends and at the year boundary

    @Test func christmasOnAFridayJoinsTheWeekend() throws {
        // Thu 12-24 16:00: 1 h (16–17); Fri 12-25 holiday; weekend; Mon 12-28 09:00 + 1 h =
        // 10:00 EST = 15:00Z.
        let due = newYork.deadline(start: try instant("2026-12-24T16:00:00-05:00"), minutes: 120)
        #expect(utc(due) == "2026-12-28T15:00:00Z")
    }

    @Test func aMondayHolidayAfterAWeekend() throws {
        // Labor Day Mon 2026-09-07 (EDT). Fri 09-04 16:00: 1 h; weekend; Monday holiday;
        // Tue 09-08 09:00 + 1 h = 10:00 EDT = 14:00Z.
        let office = try weekly("America/New_York", Self.weekdays("09:00", "17:00"), holidays: #"["2026-09-07"]"#)
        #expect(utc(office.deadline(start: try instant("2026-09-04T16:00:00-04:00"), minutes: 120)) == "2026-09-08T14:00:00Z")
    }

    @Test func holidaysAcrossTheYearBoundary() throws {
        // Holidays Thu 2026-12-31 and Fri 2027-01-01. Wed 12-30 15:00: 2 h (15–17); Thu, Fri
        // closed; weekend; Mon 2027-01-04 09:00 + 2 h = 11:00 EST = 16:00Z.
        let yearEnd = try calendar(
            Self.newYorkJSON.replacingOccurrences(
                of: #"["2026-11-26", "2026-12-25"]"#, with: #"["2026-12-31", "2027-01-01"]"#))
        #expect(utc(yearEnd.deadline(start: try instant("2026-12-30T15:00:00-05:00"), minutes: 240)) == "2027-01-04T16:00:00Z")
    }

    // MARK: Exceptions

    @Test func anExceptionShortensADay() throws {
        // Christmas Eve Thu 12-24 only 09–12. From 08:00: 3 h on Thursday; Fri holiday;
        // weekend; Mon 12-28 09:00 + 1 h = 10:00 EST = 15:00Z.
        let eve = try newYork(#""exceptions": [{"date": "2026-12-24", "windows": [["09:00", "12:00"]]}]"#)
        #expect(utc(eve.deadline(start: try instant("2026-12-24T08:00:00-05:00"), minutes: 240)) == "2026-12-28T15:00:00Z")
    }

    @Test func anExceptionOpensASaturday() throws {
        // Sat 11-28 opens 10–14. Fri 11-27 15:00: 1 h (15–16); Sat 10:00 + 2 h = 12:00 EST =
        // 17:00Z.
        let saturday = try newYork(#""exceptions": [{"date": "2026-11-28", "windows": [["10:00", "14:00"]]}]"#)
        #expect(utc(saturday.deadline(start: try instant("2026-11-27T15:00:00-05:00"), minutes: 180)) == "2026-11-28T17:00:00Z")
    }

    @Test func anExceptionWithNoWindowsClosesADay() throws {
        // Tue 11-24 closed. Mon 11-23 16:00: 1 h; Tuesday closed; Wed 09:00 + 1 h = 10:00 EST =
        // 15:00Z.
        let closed = try newYork(#""exceptions": [{"date": "2026-11-24", "windows": []}]"#)
        #expect(utc(closed.deadline(start: try instant("2026-11-23T16:00:00-05:00"), minutes: 120)) == "2026-11-25T15:00:00Z")
    }

    // MARK: Daylight saving time, America/New_York

    static let newYorkNights = #""sunday": [["00:00", "06:00"]], "monday": [["09:00", "17:00"]]"#

    @Test func springForwardShortensAWindowByAnHour() throws {
        // Sun 03-08 00:00–06:00: starts 00:00 EST = 05:00Z, ends 06:00 EDT = 10:00Z → 5 h real.
        let nights = try weekly("America/New_York", Self.newYorkNights)
        #expect(
            nights.elapsed(from: try instant("2026-03-07T12:00:00Z"), to: try instant("2026-03-08T12:00:00Z"))
                == .seconds(5 * 3600))
        // From 00:00 EST (05:00Z) + 3 h real: 05:00Z → 08:00Z (= 04:00 EDT); the clock jump at
        // 07:00Z does not count twice.
        #expect(utc(nights.deadline(start: try instant("2026-03-08T05:00:00Z"), minutes: 180)) == "2026-03-08T08:00:00Z")
    }

    @Test func aWindowStartInTheSkippedHourMovesToTheFirstInstantThatExists() throws {
        // Sunday 02:30–04:00. On 03-08, 02:30 does not exist: the start moves to 03:00 EDT =
        // 07:00Z; the end is 04:00 EDT = 08:00Z → 1 h real.
        let early = try weekly("America/New_York", #""sunday": [["02:30", "04:00"]], "monday": [["09:00", "17:00"]]"#)
        #expect(
            early.elapsed(from: try instant("2026-03-08T00:00:00Z"), to: try instant("2026-03-08T12:00:00Z"))
                == .seconds(3600))
        // Sat 12:00 + 30 min → 07:00Z + 30 min = 07:30Z.
        #expect(utc(early.deadline(start: try instant("2026-03-07T17:00:00Z"), minutes: 30)) == "2026-03-08T07:30:00Z")
        // A week later, an ordinary Sunday: 02:30–04:00 EDT = 1.5 h = 5,400 s.
        #expect(
            early.elapsed(from: try instant("2026-03-15T00:00:00Z"), to: try instant("2026-03-15T12:00:00Z"))
                == .seconds(5400))
    }

    @Test func fallBackLengthensAWindowByAnHour() throws {
        // Sun 11-01 00:00–06:00: starts 00:00 EDT = 04:00Z, ends 06:00 EST = 11:00Z → 7 h real.
        let nights = try weekly("America/New_York", Self.newYorkNights)
        #expect(
            nights.elapsed(from: try instant("2026-10-31T12:00:00Z"), to: try instant("2026-11-01T12:00:00Z"))
                == .seconds(7 * 3600))
    }

    @Test func anAmbiguousWindowEndIsItsSecondOccurrence() throws {
        // Sunday 00:00–01:30. On 11-01, 01:30 happens twice; the end is the second, 01:30 EST =
        // 06:30Z; the start is 00:00 EDT = 04:00Z → 2.5 h = 9,000 s.
        let short = try weekly("America/New_York", #""sunday": [["00:00", "01:30"]]"#)
        #expect(
            short.elapsed(from: try instant("2026-10-31T12:00:00Z"), to: try instant("2026-11-01T12:00:00Z"))
                == .seconds(9000))
        // Sat 10-31 12:00 EDT + 2 h: 04:00Z + 2 h = 06:00Z, still inside (the window runs to
        // 06:30Z); + 2.5 h is exactly the end, 06:30Z.
        #expect(utc(short.deadline(start: try instant("2026-10-31T16:00:00Z"), minutes: 120)) == "2026-11-01T06:00:00Z")
        #expect(utc(short.deadline(start: try instant("2026-10-31T16:00:00Z"), minutes: 150)) == "2026-11-01T06:30:00Z")
    }

    @Test func anAmbiguousWindowStartIsItsFirstOccurrence() throws {
        // Sunday 01:30–03:00. On 11-01 the start is the first 01:30 (EDT) = 05:30Z; the end
        // 03:00 EST = 08:00Z → 2.5 h = 9,000 s.
        let late = try weekly("America/New_York", #""sunday": [["01:30", "03:00"]]"#)
        #expect(
            late.elapsed(from: try instant("2026-11-01T00:00:00Z"), to: try instant("2026-11-01T12:00:00Z"))
                == .seconds(9000))
        #expect(late.nextOpening(atOrAfter: try instant("2026-11-01T00:00:00Z")) == (try instant("2026-11-01T05:30:00Z")))
    }

    @Test func weekdayHoursAcrossSpringForward() throws {
        // Fri 03-06 15:00 EST (20:00Z) → Mon 03-09 10:00 EDT (14:00Z): Fri 1 h (15–16) + Mon
        // 1 h (09–10 EDT) = 2 h.
        #expect(
            newYork.elapsed(from: try instant("2026-03-06T20:00:00Z"), to: try instant("2026-03-09T14:00:00Z"))
                == .seconds(7200))
        // Fri 15:00 EST + 2 h = Mon 10:00 EDT = 14:00Z (the offset changed over the weekend).
        #expect(utc(newYork.deadline(start: try instant("2026-03-06T20:00:00Z"), minutes: 120)) == "2026-03-09T14:00:00Z")
    }

    // MARK: Daylight saving time, Australia/Sydney (southern hemisphere)

    @Test func sydneyFallBackSundayHasTwentyFiveHours() throws {
        // Sunday 00:00–24:00 on 04-05: 00:00 AEDT = 04-04 13:00Z to 24:00 AEST = 04-05 14:00Z →
        // 25 h = 90,000 s.
        let sundays = try weekly("Australia/Sydney", #""sunday": [["00:00", "24:00"]], "monday": [["09:00", "17:00"]]"#)
        #expect(
            sundays.elapsed(from: try instant("2026-04-04T00:00:00Z"), to: try instant("2026-04-05T20:00:00Z"))
                == .seconds(90_000))
    }

    @Test func sydneySpringForwardSundayHasTwentyThreeHours() throws {
        // Sunday 10-04: 00:00 AEST = 10-03 14:00Z to 24:00 AEDT = 10-04 13:00Z → 23 h = 82,800 s.
        let sundays = try weekly("Australia/Sydney", #""sunday": [["00:00", "24:00"]], "monday": [["09:00", "17:00"]]"#)
        #expect(
            sundays.elapsed(from: try instant("2026-10-03T00:00:00Z"), to: try instant("2026-10-04T20:00:00Z"))
                == .seconds(82_800))
    }

    @Test func sydneyDeadlineAcrossSpringForward() throws {
        // Sunday 01:00–04:00. On 10-04: 01:00 AEST = 10-03 15:00Z; 02:00 AEST jumps to 03:00
        // AEDT at 16:00Z; 04:00 AEDT = 17:00Z → 2 h real. Sat 12:00 AEST (02:00Z) + 90 min:
        // 15:00Z + 1.5 h = 16:30Z (03:30 AEDT).
        let early = try weekly("Australia/Sydney", #""sunday": [["01:00", "04:00"]]"#)
        #expect(utc(early.deadline(start: try instant("2026-10-03T02:00:00Z"), minutes: 90)) == "2026-10-03T16:30:00Z")
        #expect(
            early.elapsed(from: try instant("2026-10-03T00:00:00Z"), to: try instant("2026-10-04T00:00:00Z"))
                == .seconds(7200))
    }

    // MARK: 24/7 and long spans

    @Test func twentyFourSevenIsWallClockTime() throws {
        let always = BusinessCalendar.twentyFourSeven
        // 06:30Z + 90 min = 08:00Z.
        #expect(utc(always.deadline(start: try instant("2026-03-08T06:30:00Z"), minutes: 90)) == "2026-03-08T08:00:00Z")
        // 2026 has 365 days = 31,536,000 s.
        #expect(
            always.elapsed(from: try instant("2026-01-01T00:00:00Z"), to: try instant("2027-01-01T00:00:00Z"))
                == .seconds(31_536_000))
        // 12:00:00.250 + 1.5 s = 12:00:01.750.
        #expect(
            utc(always.deadline(start: try instant("2026-06-01T12:00:00.250Z"), adding: .milliseconds(1500)))
                == "2026-06-01T12:00:01.750Z")
        #expect(always.businessTimePerWeek == .seconds(7 * 86_400))
    }

    @Test func aNewYorkTwentyFourSevenCalendarIsRealTimeAcrossBothChanges() throws {
        // All days 00:00–24:00 in New York: the lost hour in March and the extra one in November
        // cancel, so 2026 still has 365 × 24 h = 31,536,000 s.
        let always = try weekly("America/New_York", Self.allWeek("00:00", "24:00"))
        #expect(
            always.elapsed(from: try instant("2026-01-01T05:00:00Z"), to: try instant("2027-01-01T05:00:00Z"))
                == .seconds(31_536_000))
        // 06:00Z + 120 min crosses the 07:00Z jump: 08:00Z.
        #expect(utc(always.deadline(start: try instant("2026-03-08T06:00:00Z"), minutes: 120)) == "2026-03-08T08:00:00Z")
        // 05:00Z + 120 min crosses the 06:00Z fall back: 07:00Z.
        #expect(utc(always.deadline(start: try instant("2026-11-01T05:00:00Z"), minutes: 120)) == "2026-11-01T07:00:00Z")
    }

    @Test func fiveYearsOfOfficeHours() throws {
        // UTC Mon–Fri 09–17 = 40 h a week. 2024-01-01 (Mon) → 2029-01-01 (Mon) = 366 + 365 +
        // 365 + 365 + 366 = 1,827 days = 261 weeks → 261 × 40 h = 10,440 h = 37,584,000 s.
        let office = try weekly("UTC", Self.weekdays("09:00", "17:00"))
        #expect(
            office.elapsed(from: try instant("2024-01-01T00:00:00Z"), to: try instant("2029-01-01T00:00:00Z"))
                == .seconds(37_584_000))
    }

    @Test func fourThousandBusinessHours() throws {
        // 4,000 h / 40 h = 100 weeks exactly, so the target ends at the 100th Friday's 17:00:
        // Mon 2024-01-01 + 99 weeks + 4 days = + 697 days = 2025-11-28 (366 days to 2025-01-01,
        // then 331 days = Jan–Oct 304 + 27 → Nov 28), a Friday → 17:00Z.
        let office = try weekly("UTC", Self.weekdays("09:00", "17:00"))
        #expect(utc(office.deadline(start: try instant("2024-01-01T09:00:00Z"), minutes: 4000 * 60)) == "2025-11-28T17:00:00Z")
    }

    @Test func twentyWeeksInNewYorkAcrossSpringForward() throws {
        // 38 h a week, no holidays between January and May: 20 × 38 = 760 h end at the 20th
        // Friday's 16:00. Mon 2026-01-05 + 19 weeks + 4 days = + 137 days = 2026-05-22 (Fri),
        // 16:00 EDT = 20:00Z.
        #expect(utc(newYork.deadline(start: try instant("2026-01-05T09:00:00-05:00"), minutes: 760 * 60)) == "2026-05-22T20:00:00Z")
    }

    @Test func aYearInNewYork() throws {
        // 2026 = 52 weeks + 1 day (Thu 01-01 and Thu 12-31): 52 × 38 h + 8 h = 1,984 h; minus
        // Thanksgiving (Thu, 8 h) and Christmas (Fri, 7 h) = 1,969 h = 7,088,400 s. Windows
        // never touch 02:00, so the DST changes change nothing.
        #expect(
            newYork.elapsed(from: try instant("2026-01-01T00:00:00-05:00"), to: try instant("2027-01-01T00:00:00-05:00"))
                == .seconds(7_088_400))
    }

    @Test func holidaysCenturiesAwayCountLikeNearOnes() throws {
        // UTC Mon–Fri 09–17 with a holiday on Wed 2526-06-12. Tue 2526-06-11 16:00 + 2 h: 1 h
        // Tuesday, Wednesday closed, Thu 06-13 09:00 + 1 h = 10:00Z.
        let office = try weekly("UTC", Self.weekdays("09:00", "17:00"), holidays: #"["2526-06-12"]"#)
        #expect(utc(office.deadline(start: try instant("2526-06-11T16:00:00Z"), minutes: 120)) == "2526-06-13T10:00:00Z")
        // The week of Mon 2526-06-10: 5 days × 8 h − 8 h (the Wednesday holiday) = 32 h =
        // 115,200 s.
        #expect(
            office.elapsed(from: try instant("2526-06-10T00:00:00Z"), to: try instant("2526-06-17T00:00:00Z"))
                == .seconds(115_200))
        // From 2026 on: 500 years of weeks are multiplied, not walked, and the holiday still
        // counts. Mon 2026-06-01 → Mon 2526-06-01 = 500 × 365 + 121 leap days (125 years
        // 2028…2524 divisible by 4, minus 2100, 2200, 2300, 2500) = 182,621 days, + 16 days to
        // 06-17 = 182,637 days = 26,091 weeks exactly → 26,091 × 40 h − 8 h (holiday) =
        // 1,043,632 h = 3,757,075,200 s.
        #expect(
            office.elapsed(from: try instant("2026-06-01T00:00:00Z"), to: try instant("2526-06-17T00:00:00Z"))
                == .seconds(3_757_075_200))
    }

    // MARK: Opening queries

    @Test func openingQueries() throws {
        // Mon 11-23 12:30 EST: closed for lunch; opens 13:00 EST = 18:00Z.
        let lunch = try instant("2026-11-23T12:30:00-05:00")
        #expect(!newYork.isOpen(at: lunch))
        #expect(newYork.currentWindowEnd(at: lunch) == nil)
        #expect(newYork.nextOpening(atOrAfter: lunch) == (try instant("2026-11-23T18:00:00Z")))
        // 13:30: open until 17:00 EST = 22:00Z.
        let afternoon = try instant("2026-11-23T13:30:00-05:00")
        #expect(newYork.isOpen(at: afternoon))
        #expect(newYork.nextOpening(atOrAfter: afternoon) == afternoon)
        #expect(newYork.currentWindowEnd(at: afternoon) == (try instant("2026-11-23T22:00:00Z")))
        // [start, end): open at 09:00 exactly, closed at 17:00 exactly.
        #expect(newYork.isOpen(at: try instant("2026-11-24T09:00:00-05:00")))
        #expect(!newYork.isOpen(at: try instant("2026-11-24T17:00:00-05:00")))
        // Thanksgiving noon is closed; the next opening is Fri 09:00 EST = 14:00Z.
        #expect(!newYork.isOpen(at: try instant("2026-11-26T12:00:00-05:00")))
        #expect(newYork.nextOpening(atOrAfter: try instant("2026-11-26T12:00:00-05:00")) == (try instant("2026-11-27T14:00:00Z")))
        #expect(newYork.businessTimePerWeek == .seconds(38 * 3600))
    }

    @Test func windowsOfADate() throws {
        let eve = try newYork(#""exceptions": [{"date": "2026-12-24", "windows": [["09:00", "12:00"]]}]"#)
        // Exception, holiday, weekday, weekend.
        #expect(eve.windows(on: try #require(LocalDate("2026-12-24"))).map(\.description) == ["09:00–12:00"])
        #expect(eve.windows(on: try #require(LocalDate("2026-12-25"))).isEmpty)
        #expect(eve.windows(on: try #require(LocalDate("2026-12-28"))).map(\.description) == ["09:00–12:00", "13:00–17:00"])
        #expect(eve.windows(on: try #require(LocalDate("2026-12-27"))).isEmpty)
        #expect(eve.windows(on: try #require(LocalDate("2027-12-24"))).map(\.description) == ["09:00–16:00"])
    }

    @Test func extremeInstantsAreClampedNotTrapped() throws {
        let office = try weekly("UTC", Self.weekdays("09:00", "17:00"))
        let huge = Date(timeIntervalSince1970: 1e300)
        #expect(office.deadline(start: huge, minutes: 60) == .distantFuture)
        #expect(office.elapsed(from: Date(timeIntervalSince1970: -1e300), to: .distantPast) == .zero)
        #expect(office.deadline(start: try instant("2026-06-01T09:00:00Z"), minutes: .max) == .distantFuture)
        #expect(office.deadline(start: try instant("2026-06-01T09:00:00Z"), adding: .seconds(Int64.max)) == .distantFuture)
        #expect(!office.isOpen(at: Date(timeIntervalSince1970: .nan)))
    }

    // MARK: Helpers

    static func weekdays(_ start: String, _ end: String) -> String {
        ["monday", "tuesday", "wednesday", "thursday", "friday"]
            .map { #""\#($0)": [["\#(start)", "\#(end)"]]"# }.joined(separator: ", ")
    }

    static func allWeek(_ start: String, _ end: String) -> String {
        Weekday.allCases.map { #""\#($0.rawValue)": [["\#(start)", "\#(end)"]]"# }.joined(separator: ", ")
    }
}
