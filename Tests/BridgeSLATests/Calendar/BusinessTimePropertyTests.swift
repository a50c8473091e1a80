import BridgeModels
import BridgeSLA
import Foundation
import Testing

/// Seeded property tests: random calendars in zones with every kind of offset change (spring
/// forward, fall back, at 02:00, at midnight, at 24:00, half-hour changes, a skipped day, a
/// standard-offset change), random spans near transitions, checked against the naive
/// minute-stepping reference and against the algebraic properties of business time.
@Suite struct BusinessTimePropertyTests {
    typealias Window = BusinessCalendar.Window

    static let zones = [
        "America/New_York", "Australia/Sydney", "Europe/London", "Atlantic/Azores", "America/Havana",
        "America/Santiago", "Australia/Lord_Howe", "Asia/Kolkata", "Asia/Kathmandu", "UTC", "Pacific/Apia",
        "Europe/Moscow", "America/St_Johns", "Africa/Casablanca",
    ]

    /// Window bounds that sit on or next to common transition times, plus ordinary ones.
    static let interestingMinutes = [0, 30, 60, 90, 120, 150, 180, 210, 240, 1380, 1410, 1440]

    struct Case {
        var calendar: BusinessCalendar
        var spanStart: Date
        var spanEnd: Date
    }

    static func randomWindows(_ random: inout CalendarTestRandom, maximum: Int) -> [Window] {
        let count = random.int(0...maximum)
        var bounds = Set<Int>()
        while bounds.count < count * 2 {
            let minute =
                random.chance(50)
                ? interestingMinutes[random.int(0...interestingMinutes.count - 1)]
                : random.int(0...96) * 15
            bounds.insert(minute)
        }
        let sorted = bounds.sorted()
        return stride(from: 0, to: sorted.count, by: 2).map { index in
            Window(start: BusinessCalendar.TimeOfDay(hour: sorted[index] / 60, minute: sorted[index] % 60)!,
                end: BusinessCalendar.TimeOfDay(hour: sorted[index + 1] / 60, minute: sorted[index + 1] % 60)!)
        }
    }

    static func randomCase(_ random: inout CalendarTestRandom) throws -> Case {
        let zone = try #require(TimeZone(identifier: zones[random.int(0...zones.count - 1)]))
        // A span of 1 to 21 days that starts up to 10 days before an offset change (or anywhere
        // in 2010–2030 for zones without one).
        let base = Date(timeIntervalSince1970: Double(random.int(1_262_304_000...1_893_456_000)))
        let transition = zone.nextDaylightSavingTimeTransition(after: base) ?? base
        let startMinute = Int(transition.timeIntervalSince1970 / 60) - random.int(0...(10 * 1440))
        let spanStart = Date(timeIntervalSince1970: Double(startMinute) * 60)
        let spanEnd = spanStart.addingTimeInterval(Double(random.int(1...21) * 86_400))

        var weekly: [Weekday: [Window]] = [:]
        repeat {
            for weekday in Weekday.allCases where random.chance(70) {
                weekly[weekday] = randomWindows(&random, maximum: 3)
            }
        } while weekly.values.allSatisfy(\.isEmpty)
        let firstDay = Int(spanStart.timeIntervalSince1970 / 86_400) - 1
        var holidays = Set<LocalDate>()
        for _ in 0..<random.int(0...3) {
            holidays.insert(LocalDate(daysSinceEpoch: firstDay + random.int(0...22)))
        }
        var exceptions: [LocalDate: [Window]] = [:]
        for _ in 0..<random.int(0...2) {
            let date = LocalDate(daysSinceEpoch: firstDay + random.int(0...22))
            if !holidays.contains(date) { exceptions[date] = randomWindows(&random, maximum: 2) }
        }
        let calendar = try BusinessCalendar(
            timeZone: zone, weeklyHours: weekly, holidays: Array(holidays),
            exceptions: exceptions.map { BusinessCalendar.Exception(date: $0.key, windows: $0.value) })
        return Case(calendar: calendar, spanStart: spanStart, spanEnd: spanEnd)
    }

    static func minute(in testCase: Case, _ random: inout CalendarTestRandom) -> Date {
        let first = Int(testCase.spanStart.timeIntervalSince1970 / 60)
        let last = Int(testCase.spanEnd.timeIntervalSince1970 / 60)
        return Date(timeIntervalSince1970: Double(random.int(first...last)) * 60)
    }

    @Test func agreesWithTheMinuteSteppingReference() throws {
        var random = CalendarTestRandom(seed: 0x5EED_CA1E)
        for caseNumber in 0..<160 {
            let testCase = try Self.randomCase(&random)
            let reference = MinuteSteppingReference(
                calendar: testCase.calendar, from: testCase.spanStart, to: testCase.spanEnd)
            for _ in 0..<6 {
                let a = Self.minute(in: testCase, &random)
                let b = Self.minute(in: testCase, &random)
                let (from, to) = a < b ? (a, b) : (b, a)
                let expected = reference.elapsedSeconds(from: from, to: to)
                let actual = testCase.calendar.elapsed(from: from, to: to)
                #expect(
                    actual == .seconds(expected),
                    "case \(caseNumber) \(testCase.calendar) elapsed \(utc(from)) → \(utc(to))")

                let minutes = random.int(0...(random.chance(50) ? 180 : 6000))
                if let expectedDeadline = reference.deadline(start: from, minutes: minutes) {
                    let actualDeadline = testCase.calendar.deadline(start: from, minutes: minutes)
                    #expect(
                        utc(actualDeadline) == utc(expectedDeadline),
                        "case \(caseNumber) \(testCase.calendar) deadline \(utc(from)) + \(minutes) min")
                }
                #expect(
                    testCase.calendar.isOpen(at: from) == (reference.elapsedSeconds(from: from, to: from.addingTimeInterval(60)) == 60),
                    "case \(caseNumber) \(testCase.calendar) isOpen \(utc(from))")
            }
        }
    }

    /// Windows that hug midnight and the usual transition hours, every day, with the offset
    /// change in the middle of a two-week span (where the arithmetic skips plain days), for
    /// three transitions of every zone plus the odd ones (a skipped day in Samoa, Moscow's
    /// standard-offset changes).
    @Test(arguments: [
        [["00:00", "24:00"]], [["22:00", "24:00"], ["00:00", "02:00"]], [["00:30", "01:30"]],
        [["01:00", "03:00"], ["23:30", "24:00"]], [["00:00", "00:30"], ["02:00", "02:30"], ["23:00", "24:00"]],
    ])
    func transitionsInsideLongSpansAgreeWithTheReference(_ pairs: [[String]]) throws {
        let windows = try pairs.map { try #require(Window($0[0], $0[1])) }
        var checked = 0
        for identifier in Self.zones {
            let zone = try zone(identifier)
            let calendar = try BusinessCalendar(
                timeZone: zone, weeklyHours: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, windows) }))
            var transitions: [Date] = [
                try instant("2011-12-29T10:00:00Z"), try instant("2011-03-26T23:00:00Z"), try instant("2014-10-25T22:00:00Z"),
            ]
            var cursor = try instant("2026-01-01T00:00:00Z")
            for _ in 0..<3 {
                guard let next = zone.nextDaylightSavingTimeTransition(after: cursor) else { break }
                transitions.append(next)
                cursor = next
            }
            for transition in transitions {
                let spanStart = Date(timeIntervalSince1970: (transition.timeIntervalSince1970 / 60).rounded(.down) * 60 - 6 * 86_400)
                let spanEnd = spanStart.addingTimeInterval(12 * 86_400)
                let reference = MinuteSteppingReference(calendar: calendar, from: spanStart, to: spanEnd)
                for hours in stride(from: 24, through: 12 * 24, by: 7) {
                    let end = spanStart.addingTimeInterval(Double(hours) * 3600)
                    #expect(
                        calendar.elapsed(from: spanStart, to: end) == .seconds(reference.elapsedSeconds(from: spanStart, to: end)),
                        "\(identifier) \(pairs) elapsed \(utc(spanStart)) → \(utc(end))")
                    let minutes = reference.elapsedSeconds(from: spanStart, to: end) / 60 - 1
                    if let expected = reference.deadline(start: spanStart, minutes: minutes) {
                        #expect(
                            utc(calendar.deadline(start: spanStart, minutes: minutes)) == utc(expected),
                            "\(identifier) \(pairs) deadline \(utc(spanStart)) + \(minutes) min")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 1000)
    }

    @Test func elapsedUntilTheDeadlineIsTheTarget() throws {
        var random = CalendarTestRandom(seed: 42)
        for _ in 0..<200 {
            let testCase = try Self.randomCase(&random)
            // Millisecond-precision starts, targets up to about two years of business time.
            let start = Self.minute(in: testCase, &random).addingTimeInterval(Double(random.int(0...59_999)) / 1000)
            let minutes = random.chance(70) ? random.int(0...3000) : random.int(0...600_000)
            let deadline = testCase.calendar.deadline(start: start, minutes: minutes)
            #expect(deadline >= start)
            let startMilliseconds = Date(epochMilliseconds: start.epochMilliseconds)
            #expect(
                testCase.calendar.elapsed(from: startMilliseconds, to: deadline) == .seconds(minutes * 60),
                "\(testCase.calendar) \(utc(start)) + \(minutes) min = \(utc(deadline))")
            // Earliest: one millisecond less is not enough.
            if minutes > 0 {
                let before = Date(epochMilliseconds: deadline.epochMilliseconds - 1)
                #expect(testCase.calendar.elapsed(from: startMilliseconds, to: before) < .seconds(minutes * 60))
            }
        }
    }

    @Test func deadlineIsMonotoneInTargetAndStart() throws {
        var random = CalendarTestRandom(seed: 7)
        for _ in 0..<150 {
            let testCase = try Self.randomCase(&random)
            let start = Self.minute(in: testCase, &random)
            var previous = testCase.calendar.deadline(start: start, minutes: 0)
            var minutes = 0
            for _ in 0..<8 {
                minutes += random.int(0...900)
                let next = testCase.calendar.deadline(start: start, minutes: minutes)
                #expect(next >= previous, "\(testCase.calendar) \(utc(start)) + \(minutes) min")
                previous = next
            }
            let target = random.int(1...2400)
            var previousStart = start
            var previousDeadline = testCase.calendar.deadline(start: start, minutes: target)
            for _ in 0..<8 {
                let later = previousStart.addingTimeInterval(Double(random.int(0...(36 * 3600))))
                let deadline = testCase.calendar.deadline(start: later, minutes: target)
                #expect(deadline >= previousDeadline, "\(testCase.calendar) \(utc(later)) + \(target) min")
                previousStart = later
                previousDeadline = deadline
            }
        }
    }

    @Test func elapsedIsAdditiveOverSplitPoints() throws {
        var random = CalendarTestRandom(seed: 2026)
        for _ in 0..<200 {
            let testCase = try Self.randomCase(&random)
            var points = (0..<4).map { _ in
                Self.minute(in: testCase, &random).addingTimeInterval(Double(random.int(0...59_999)) / 1000)
            }
            points.sort()
            let whole = testCase.calendar.elapsed(from: points[0], to: points[3])
            let parts =
                testCase.calendar.elapsed(from: points[0], to: points[1])
                + testCase.calendar.elapsed(from: points[1], to: points[2])
                + testCase.calendar.elapsed(from: points[2], to: points[3])
            #expect(whole == parts, "\(testCase.calendar) \(points.map(utc))")
            #expect(whole <= .milliseconds(points[3].epochMilliseconds - points[0].epochMilliseconds))
        }
    }

    /// Copies of one calendar share their discovered offset changes; tasks that use it at the
    /// same time, walking forwards and backwards over different years, get the answers a fresh
    /// calendar gives one call at a time.
    @Test func concurrentUseOfOneCalendarAgreesWithSequentialUse() async throws {
        let json = #"{"timeZone": "America/New_York", "weeklyHours": {"sunday": [["00:00", "06:00"]], "monday": [["09:00", "17:00"]]}}"#
        let shared = try BusinessCalendar(json: json)
        var random = CalendarTestRandom(seed: 11)
        let questions = (0..<400).map { _ in
            (Date(timeIntervalSince1970: Double(random.int(946_684_800...4_102_444_800))), random.int(0...100_000))
        }
        let answers = await withTaskGroup(of: (Int, Date).self) { group in
            for (index, question) in questions.enumerated() {
                group.addTask { (index, shared.deadline(start: question.0, minutes: question.1)) }
            }
            var answers = [Date?](repeating: nil, count: questions.count)
            for await (index, answer) in group { answers[index] = answer }
            return answers
        }
        for (index, question) in questions.enumerated() {
            let fresh = try BusinessCalendar(json: json)
            #expect(answers[index] == fresh.deadline(start: question.0, minutes: question.1))
        }
    }

    @Test func aTwentyFourSevenCalendarInAnyZoneIsRealTime() throws {
        var random = CalendarTestRandom(seed: 99)
        for identifier in Self.zones {
            let calendar = try BusinessCalendar(
                timeZone: try zone(identifier),
                weeklyHours: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [Window.allDay]) }))
            for _ in 0..<20 {
                let start = Date(epochMilliseconds: Int64(random.int(1_262_304_000_000...1_893_456_000_000)))
                let milliseconds = Int64(random.int(0...(400 * 86_400_000)))
                let deadline = calendar.deadline(start: start, adding: .milliseconds(milliseconds))
                #expect(deadline.epochMilliseconds - start.epochMilliseconds == milliseconds, "\(identifier) \(utc(start))")
                #expect(calendar.elapsed(from: start, to: deadline) == .milliseconds(milliseconds), "\(identifier)")
            }
        }
    }
}
