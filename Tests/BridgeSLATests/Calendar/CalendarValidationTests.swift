import BridgeModels
import BridgeSLA
import Foundation
import Testing

/// Validation reports every problem, each with its exact JSON path and reason.
@Suite struct CalendarValidationTests {
    /// The problems of an invalid calendar, as `<path>: <reason>` lines.
    func problems(_ json: String) -> [String] {
        do {
            _ = try BusinessCalendar(json: json)
            Issue.record("expected the calendar to be refused")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    func calendarJSON(weekly: String, extra: String = "") -> String {
        #"{"timeZone": "America/New_York", "weeklyHours": {\#(weekly)}\#(extra)}"#
    }

    @Test func overlappingWindowsNameTheLaterWindow() {
        #expect(
            problems(calendarJSON(weekly: #""monday": [["09:00", "12:00"], ["11:00", "13:00"]]"#)) == [
                "$.weeklyHours.monday[1]: inconsistent: window 11:00–13:00 overlaps window [0] 09:00–12:00"
            ])
        // Listed out of order, the later list entry is still the one named.
        #expect(
            problems(calendarJSON(weekly: #""tuesday": [["10:00", "13:00"], ["09:00", "12:00"]]"#)) == [
                "$.weeklyHours.tuesday[1]: inconsistent: window 09:00–12:00 overlaps window [0] 10:00–13:00"
            ])
        // One long window overlapping two others reports both.
        #expect(
            problems(calendarJSON(weekly: #""friday": [["08:00", "18:00"], ["09:00", "10:00"], ["12:00", "13:00"]]"#)) == [
                "$.weeklyHours.friday[1]: inconsistent: window 09:00–10:00 overlaps window [0] 08:00–18:00",
                "$.weeklyHours.friday[2]: inconsistent: window 12:00–13:00 overlaps window [0] 08:00–18:00",
            ])
    }

    @Test func touchingWindowsAreFine() throws {
        let calendar = try BusinessCalendar(
            json: calendarJSON(weekly: #""monday": [["12:00", "17:00"], ["09:00", "12:00"]]"#))
        // Stored sorted.
        #expect(calendar.weeklyHours[.monday]?.map(\.description) == ["09:00–12:00", "12:00–17:00"])
    }

    @Test func badTimesOfDay() {
        #expect(
            problems(
                calendarJSON(
                    weekly: #""monday": [["9:00", "17:00"], ["09:00", "25:00"], ["24:00", "24:00"], ["12:60", "13:00"], [9, "10:00"]]"#
                )) == [
                    "$.weeklyHours.monday[0][0]: invalid format: expected HH:mm, a 24-hour time such as 09:30",
                    "$.weeklyHours.monday[1][1]: out of range: 25:00 is not a time of day between 00:00 and 24:00",
                    "$.weeklyHours.monday[3][0]: out of range: 12:60 is not a time of day between 00:00 and 24:00",
                    "$.weeklyHours.monday[4][0]: expected string \"HH:mm\", found number",
                    "$.weeklyHours.monday[2][0]: out of range: 24:00 is allowed only as a window end",
                ])
    }

    @Test func windowsMustEndAfterTheyStart() {
        #expect(
            problems(calendarJSON(weekly: #""monday": [["22:00", "06:00"]], "tuesday": [["09:00", "09:00"]]"#)) == [
                "$.weeklyHours.monday[0]: inconsistent: window 22:00–06:00 does not end after it starts; a window cannot cross midnight: split it into 22:00–24:00 and 00:00–06:00 of the next day",
                "$.weeklyHours.tuesday[0]: inconsistent: window 09:00–09:00 does not end after it starts",
            ])
    }

    @Test func windowShapes() {
        #expect(
            problems(calendarJSON(weekly: #""monday": [["09:00"], "09:00-17:00"], "tuesday": "09:00-17:00""#)) == [
                "$.weeklyHours.monday[0]: invalid format: expected [\"HH:mm\", \"HH:mm\"], a start and an end",
                "$.weeklyHours.monday[1]: expected array [\"HH:mm\", \"HH:mm\"], found string",
                "$.weeklyHours.tuesday: expected array of [\"HH:mm\", \"HH:mm\"] windows, found string",
            ])
    }

    @Test func unknownWeekdaysAndKeys() {
        #expect(
            problems(calendarJSON(weekly: #""monday": [["09:00", "17:00"]], "funday": [], "Monday": []"#, extra: #", "holiday": []"#))
                == [
                    "$.weeklyHours.funday: unknown value \"funday\" (expected one of: monday, tuesday, wednesday, thursday, friday, saturday, sunday)",
                    "$.weeklyHours.Monday: unknown value \"Monday\" (expected one of: monday, tuesday, wednesday, thursday, friday, saturday, sunday)",
                    "$.holiday: unknown value \"holiday\" (expected one of: timeZone, weeklyHours, holidays, exceptions)",
                ])
    }

    @Test func timeZones() {
        let weekly = #""weeklyHours": {"monday": [["09:00", "17:00"]]}"#
        #expect(
            problems(#"{"timeZone": "Mars/Olympus", \#(weekly)}"#) == [
                "$.timeZone: invalid format: expected an IANA time zone identifier such as America/New_York (\"Mars/Olympus\" is unknown)"
            ])
        #expect(
            problems(#"{"timeZone": "America/New York", \#(weekly)}"#) == [
                "$.timeZone: invalid format: expected an IANA time zone identifier such as America/New_York"
            ])
        #expect(problems(#"{"timeZone": 5, \#(weekly)}"#) == ["$.timeZone: expected string, found number"])
        #expect(problems(#"{"timeZone": null, \#(weekly)}"#) == ["$.timeZone: missing required field"])
        #expect(problems(#"{\#(weekly)}"#) == ["$.timeZone: missing required field"])
    }

    @Test func holidays() {
        #expect(
            problems(
                calendarJSON(
                    weekly: #""monday": [["09:00", "17:00"]]"#,
                    extra: #", "holidays": ["2026-12-25", "2026-02-30", "2026-12-25", "12/31/2026", 20261231]"#)) == [
                    "$.holidays[1]: not a valid date: day 30 out of range for 2026-02 (expected YYYY-MM-DD)",
                    "$.holidays[2]: inconsistent: 2026-12-25 repeats holidays[0]",
                    "$.holidays[3]: not a valid date: expected 4 digits for the year (expected YYYY-MM-DD)",
                    "$.holidays[4]: expected string \"YYYY-MM-DD\", found number",
                ])
        #expect(
            problems(calendarJSON(weekly: #""monday": [["09:00", "17:00"]]"#, extra: #", "holidays": "2026-12-25""#)) == [
                "$.holidays: expected array of \"YYYY-MM-DD\" dates, found string"
            ])
    }

    @Test func exceptions() {
        let json = calendarJSON(
            weekly: #""monday": [["09:00", "17:00"]]"#,
            extra: #"""
                , "holidays": ["2026-12-25"],
                "exceptions": [
                  {"date": "2026-12-24", "windows": [["09:00", "12:00"], ["11:00", "14:00"]]},
                  {"date": "2026-12-24", "windows": []},
                  {"date": "2026-12-25", "windows": [["10:00", "12:00"]]},
                  {"windows": [], "note": "x"},
                  {"date": "2026-12-31"},
                  "2027-01-01"
                ]
                """#)
        #expect(
            problems(json) == [
                "$.exceptions[0].windows[1]: inconsistent: window 11:00–14:00 overlaps window [0] 09:00–12:00",
                "$.exceptions[1].date: inconsistent: 2026-12-24 repeats exceptions[0]",
                "$.exceptions[3].note: unknown value \"note\" (expected one of: date, windows)",
                "$.exceptions[3].date: missing required field",
                "$.exceptions[4].windows: missing required field",
                "$.exceptions[5]: expected object, found string",
                "$.exceptions[2].date: inconsistent: 2026-12-25 is also holidays[0]; list it in one place only",
            ])
    }

    @Test func aWeekWithoutOpenTimeIsRefused() {
        // Deadlines could never be reached: refused, so `deadline` is total.
        #expect(
            problems(calendarJSON(weekly: "")) == [
                "$.weeklyHours: inconsistent: the week has no opening window, so business time could never pass"
            ])
        #expect(
            problems(
                calendarJSON(
                    weekly: #""monday": []"#, extra: #", "exceptions": [{"date": "2026-12-24", "windows": [["09:00", "12:00"]]}]"#)
            ) == ["$.weeklyHours: inconsistent: the week has no opening window, so business time could never pass"])
        #expect(problems(#"{"timeZone": "UTC"}"#) == ["$.weeklyHours: missing required field"])
        #expect(problems(#"{"timeZone": "UTC", "weeklyHours": []}"#) == ["$.weeklyHours: expected object, found array"])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let json = #"""
            {"timeZone": "Nowhere/Land",
             "weeklyHours": {"monday": [["09:00", "12:00"], ["11:00", "13:00"]], "tuesday": [["7", "8"]], "someday": []},
             "holidays": ["2026-12-25", "2026-12-25"],
             "exceptions": [{"date": "2026-12-24", "windows": [["24:00", "24:00"]]}]}
            """#
        #expect(
            problems(json) == [
                "$.timeZone: invalid format: expected an IANA time zone identifier such as America/New_York (\"Nowhere/Land\" is unknown)",
                "$.weeklyHours.monday[1]: inconsistent: window 11:00–13:00 overlaps window [0] 09:00–12:00",
                "$.weeklyHours.tuesday[0][0]: invalid format: expected HH:mm, a 24-hour time such as 09:30",
                "$.weeklyHours.tuesday[0][1]: invalid format: expected HH:mm, a 24-hour time such as 09:30",
                "$.weeklyHours.someday: unknown value \"someday\" (expected one of: monday, tuesday, wednesday, thursday, friday, saturday, sunday)",
                "$.holidays[1]: inconsistent: 2026-12-25 repeats holidays[0]",
                "$.exceptions[0].windows[0][0]: out of range: 24:00 is allowed only as a window end",
            ])
    }

    @Test func malformedJSONIsOneProblem() {
        #expect(
            problems(#"{"timeZone": "UTC", "timeZone": "UTC", "weeklyHours": {}}"#).map { $0.hasPrefix("$: duplicate key") }
                == [true])
        #expect(problems("[1, 2]") == ["$: expected object, found array"])
        #expect(problems(#"{"timeZone": "UTC", "weeklyHours": {"#).count == 1)
    }

    @Test func hostileTextIsQuotedSafely() {
        let problems = problems(calendarJSON(weekly: #""monday\u202E": [["09:00", "17:00"]]"#))
        #expect(problems.count == 1)
        #expect(problems.first?.contains("\u{202E}") == false)
        #expect(problems.first?.contains("\\u{202E}") == true)
    }

    @Test func listLimits() {
        let windows = (0..<97).map { _ in #"["09:00", "10:00"]"# }.joined(separator: ", ")
        #expect(
            problems(calendarJSON(weekly: #""monday": [\#(windows)]"#)) == [
                "$.weeklyHours.monday: too many items: 97, limit 96"
            ])
        let holidays = (0..<10_001).map { _ in #""2026-01-01""# }.joined(separator: ",")
        #expect(
            problems(calendarJSON(weekly: #""monday": [["09:00", "10:00"]]"#, extra: #", "holidays": [\#(holidays)]"#)) == [
                "$.holidays: too many items: 10001, limit 10000"
            ])
    }

    @Test func errorsAreCappedForHostileDocuments() {
        let holidays = (0..<300).map { _ in #""x""# }.joined(separator: ",")
        do {
            _ = try BusinessCalendar(json: calendarJSON(weekly: #""monday": [["09:00", "10:00"]]"#, extra: #", "holidays": [\#(holidays)]"#))
            Issue.record("expected the calendar to be refused")
        } catch {
            #expect(error.problems.count == CalendarValidationError.maximumReported)
            #expect(error.omittedCount == 200)
            #expect(error.description.hasSuffix("… and 200 more problems"))
        }
    }

    @Test func calendarsBuiltInCodeReportTheSamePaths() throws {
        typealias Window = BusinessCalendar.Window
        let nineToNoon = try #require(Window("09:00", "12:00"))
        let elevenToOne = try #require(Window("11:00", "13:00"))
        let christmas = try #require(LocalDate("2026-12-25"))
        let berlin = try zone("Europe/Berlin")
        do {
            _ = try BusinessCalendar(
                timeZone: berlin, weeklyHours: [.monday: [nineToNoon, elevenToOne], .friday: []],
                holidays: [christmas, christmas],
                exceptions: [.init(date: christmas, windows: [Window(start: .endOfDay, end: .endOfDay)])])
            Issue.record("expected the calendar to be refused")
        } catch {
            #expect(
                error.problems.map(\.description) == [
                    "$.weeklyHours.monday[1]: inconsistent: window 11:00–13:00 overlaps window [0] 09:00–12:00",
                    "$.holidays[1]: inconsistent: 2026-12-25 repeats holidays[0]",
                    "$.exceptions[0].windows[0][0]: out of range: 24:00 is allowed only as a window end",
                    "$.exceptions[0].date: inconsistent: 2026-12-25 is also holidays[0]; list it in one place only",
                ])
        }
        #expect(throws: CalendarValidationError.self) {
            try BusinessCalendar(timeZone: try zone("UTC"), weeklyHours: [:])
        }
    }

    @Test func timesOfDay() {
        #expect(BusinessCalendar.TimeOfDay("00:00")?.minutesSinceMidnight == 0)
        #expect(BusinessCalendar.TimeOfDay("24:00") == .endOfDay)
        #expect(BusinessCalendar.TimeOfDay("23:59")?.description == "23:59")
        #expect(BusinessCalendar.TimeOfDay("24:01") == nil)
        #expect(BusinessCalendar.TimeOfDay("7:30") == nil)
        #expect(BusinessCalendar.TimeOfDay("07:30:00") == nil)
        #expect(BusinessCalendar.TimeOfDay("０７:30") == nil)
        #expect(BusinessCalendar.TimeOfDay(hour: 9, minute: 5)?.description == "09:05")
        #expect(BusinessCalendar.TimeOfDay(hour: -1, minute: 0) == nil)
    }
}
