public import BridgeModels
// Full Foundation, not FoundationEssentials: on Linux only Foundation brings the IANA time zone
// database (with FoundationEssentials alone `TimeZone(identifier:)` knows nothing but GMT).
public import Foundation

/// Business hours in a time zone: weekly opening windows, holidays and dated exceptions, with
/// exact business-time arithmetic.
///
/// A calendar answers two questions for SLA targets: *how much business time lies between two
/// instants* (``elapsed(from:to:)``) and *when does a given amount of business time run out*
/// (``deadline(start:minutes:)``). The format and the semantics are fixed by
/// `Documentation/BusinessCalendars.md`:
///
/// - Windows are `[start, end)` in local wall-clock time of ``timeZone``; a weekday without
///   windows is closed; `24:00` ends a window at midnight.
/// - ``holidays`` close a local date all day; ``exceptions`` give a local date its own windows
///   (none closes it).
/// - Business time is *real elapsed time* inside the windows: on the day clocks spring forward a
///   window that spans the change is an hour shorter, on the day they fall back an hour longer.
/// - A window start on a local time that does not exist (spring forward) moves to the first
///   instant that exists; on an ambiguous local time (fall back) a window start is its first
///   occurrence and a window end its second.
///
/// ```swift
/// let calendar = try BusinessCalendar(json: """
///     {"timeZone": "America/New_York",
///      "weeklyHours": {"monday": [["09:00", "17:00"]], "tuesday": [["09:00", "17:00"]]},
///      "holidays": ["2026-11-26"]}
///     """)
/// let due = calendar.deadline(start: openedAt, minutes: 8 * 60)
/// ```
///
/// The arithmetic never steps minute by minute or day by day through long spans: whole runs of
/// ordinary days are counted arithmetically (business time per standard week, adjusted for the
/// holidays and exceptions in the run, found by binary search), and only the few days around a
/// daylight-saving transition are resolved one by one. A target of 4,000 business hours costs
/// about what an 8-hour one costs. Instants are handled with millisecond precision and clamped
/// to `Date.distantPast ... Date.distantFuture` (years 1 to 4000).
///
/// Every initializer validates: a calendar always has open time in its standard week, so
/// ``deadline(start:minutes:)`` is total and never loops.
public struct BusinessCalendar: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The time zone the windows, holidays and exceptions are expressed in.
    public let timeZone: TimeZone
    /// The time zone identifier as written in the calendar (for example `America/New_York`).
    public let timeZoneIdentifier: String
    /// The opening windows of each weekday, sorted; a weekday that is absent is closed.
    public let weeklyHours: [Weekday: [Window]]
    /// Local dates closed all day, sorted and without repeats.
    public let holidays: [LocalDate]
    /// Local dates with their own windows, sorted by date.
    public let exceptions: [Exception]

    let schedule: CompiledSchedule

    /// Plain wall-clock time: 24-hour windows all week, UTC, no holidays.
    ///
    /// Business time in this calendar is elapsed real time: `deadline(start:minutes:)` is
    /// `start + minutes × 60 s` and `elapsed(from:to:)` is `end − start`.
    public static let twentyFourSeven = BusinessCalendar(
        unchecked: "UTC", TimeZone.gmt,
        weeklyHours: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [Window.allDay]) }),
        holidays: [], exceptions: [])

    /// Creates a validated calendar.
    ///
    /// Windows of each day may be given in any order; they are stored sorted. Problems are
    /// reported with the JSON paths the same calendar would have in the JSON format (for example
    /// `$.weeklyHours.monday[1]` for the second Monday window).
    ///
    /// - Parameters:
    ///   - timeZone: The time zone of the windows and dates.
    ///   - weeklyHours: The windows of each weekday; absent or empty weekdays are closed.
    ///   - holidays: Local dates closed all day.
    ///   - exceptions: Local dates with their own windows.
    /// - Throws: ``CalendarValidationError`` listing every problem: an invalid window (`start`
    ///   of `24:00`, `end` not after `start`), overlapping windows of one day, a repeated holiday
    ///   or exception date, an exception on a holiday, or a week without any open time.
    public init(
        timeZone: TimeZone, weeklyHours: [Weekday: [Window]], holidays: [LocalDate] = [],
        exceptions: [Exception] = []
    ) throws(CalendarValidationError) {
        var builder = CalendarBuilder(root: .root)
        builder.setTimeZone(timeZone)
        builder.sawWeeklyHours = true
        builder.readWeeklyHours = true
        for weekday in Weekday.allCases {
            guard let windows = weeklyHours[weekday] else { continue }
            builder.addWeekday(weekday, windows: windows.enumerated().map { ($0.offset, $0.element) })
        }
        if builder.accepts(count: holidays.count, limit: Self.maximumHolidays, at: builder.holidaysPath) {
            for (index, date) in holidays.enumerated() {
                builder.addHoliday(date, index: index)
            }
        }
        if builder.accepts(count: exceptions.count, limit: Self.maximumExceptions, at: builder.exceptionsPath) {
            for (index, exception) in exceptions.enumerated() {
                builder.addException(
                    date: exception.date, windows: exception.windows.enumerated().map { ($0.offset, $0.element) },
                    index: index)
            }
        }
        self = try builder.build()
    }

    /// Decodes and validates a calendar from JSON text, reporting every problem.
    ///
    /// - Parameters:
    ///   - json: The calendar document (see `Documentation/BusinessCalendars.md`).
    ///   - limits: Size and nesting limits for the strict JSON parser.
    /// - Throws: ``CalendarValidationError``: one problem for malformed JSON (duplicate keys
    ///   included), otherwise every problem found, each with its JSON path.
    public init(json: String, limits: InputLimits = .default) throws(CalendarValidationError) {
        try self.init(json: Array(json.utf8), limits: limits)
    }

    /// Decodes and validates a calendar from JSON bytes, reporting every problem.
    ///
    /// - Throws: ``CalendarValidationError`` (see ``init(json:limits:)-(String,_)``).
    public init<Bytes: Collection<UInt8>>(json: Bytes, limits: InputLimits = .default)
        throws(CalendarValidationError)
    {
        let value: JSONValue
        do {
            value = try StrictJSONParser(limits: limits).parse(json)
        } catch {
            throw CalendarValidationError(problems: [error])
        }
        try self.init(jsonValue: value)
    }

    /// Validates a calendar from an already parsed JSON value, reporting every problem.
    ///
    /// - Parameters:
    ///   - jsonValue: The calendar object.
    ///   - path: Where the value sits in its document, so the problems name their full path
    ///     (for example `$.calendar` for a calendar embedded in a larger document).
    /// - Throws: ``CalendarValidationError`` listing every problem.
    public init(jsonValue: JSONValue, at path: JSONPath = .root) throws(CalendarValidationError) {
        var builder = CalendarBuilder(root: path)
        CalendarJSONReader.read(jsonValue, into: &builder)
        self = try builder.build()
    }

    init(
        unchecked identifier: String, _ timeZone: TimeZone, weeklyHours: [Weekday: [Window]], holidays: [LocalDate],
        exceptions: [Exception]
    ) {
        self.timeZone = timeZone
        self.timeZoneIdentifier = identifier
        self.weeklyHours = weeklyHours
        self.holidays = holidays
        self.exceptions = exceptions
        self.schedule = CompiledSchedule(
            timeZone: timeZone, weeklyHours: weeklyHours, holidays: holidays, exceptions: exceptions)
    }

    // MARK: Business-time arithmetic

    /// The earliest instant `t ≥ start` at which `elapsed(from: start, to: t)` equals
    /// `minutes × 60` seconds.
    ///
    /// So `minutes = 0` gives `start` itself, a start outside the windows begins counting at the
    /// next opening, and a target that completes exactly at a window's end is that window's end
    /// (not the next opening).
    ///
    /// - Parameters:
    ///   - start: When the clock starts.
    ///   - minutes: Business minutes; zero or negative returns `start`.
    /// - Returns: The deadline, with millisecond precision; `Date.distantFuture` if it would
    ///   fall after that (year 4001), which only absurdly large targets reach.
    public func deadline(start: Date, minutes: Int) -> Date {
        let (product, overflow) = Int64(clamping: minutes).multipliedReportingOverflow(by: 60_000)
        return deadline(start: start, milliseconds: overflow ? .max : product)
    }

    /// The earliest instant `t ≥ start` at which `elapsed(from: start, to: t)` equals
    /// `businessTime`.
    ///
    /// - Parameters:
    ///   - start: When the clock starts.
    ///   - businessTime: Business time to add, rounded down to whole milliseconds; zero or
    ///     negative returns `start`.
    /// - Returns: The deadline, with millisecond precision (see ``deadline(start:minutes:)``).
    public func deadline(start: Date, adding businessTime: Duration) -> Date {
        deadline(start: start, milliseconds: BusinessTimeMath.milliseconds(of: businessTime))
    }

    /// Business time inside `[start, end]`: the real time that lies inside opening windows.
    ///
    /// - Returns: Whole milliseconds; zero if `end <= start`.
    public func elapsed(from start: Date, to end: Date) -> Duration {
        let from = BusinessTimeMath.milliseconds(of: start)
        let to = BusinessTimeMath.milliseconds(of: end)
        guard to > from else { return .zero }
        var walker = BusinessTimeWalker(schedule: schedule, from: from, to: to)
        return .milliseconds(walker.measure())
    }

    /// Whether `date` lies inside an opening window.
    public func isOpen(at date: Date) -> Bool {
        let instant = BusinessTimeMath.milliseconds(of: date)
        return openInterval(containing: instant) != nil
    }

    /// The first instant at or after `date` that lies inside an opening window: `date` itself
    /// when the calendar is open then.
    ///
    /// - Returns: The opening, or `Date.distantFuture` if there is none before it (a validated
    ///   calendar opens every week, so only dates near the end of the supported range get it).
    public func nextOpening(atOrAfter date: Date) -> Date {
        let from = BusinessTimeMath.milliseconds(of: date)
        var walker = BusinessTimeWalker(schedule: schedule, from: from, to: BusinessTimeMath.latest)
        guard let reached = walker.advance(by: 1) else { return .distantFuture }
        return Date(epochMilliseconds: reached - 1)
    }

    /// The end of the opening window that contains `date`, or `nil` when the calendar is
    /// closed at `date`.
    ///
    /// Windows that touch (`09:00–12:00` then `12:00–17:00`, or `22:00–24:00` then the next
    /// day's `00:00–06:00`) are separate windows: the result is the end of the first one. Check
    /// ``isOpen(at:)`` at the result to see whether time keeps running.
    public func currentWindowEnd(at date: Date) -> Date? {
        let instant = BusinessTimeMath.milliseconds(of: date)
        return openInterval(containing: instant).map { Date(epochMilliseconds: $0) }
    }

    /// The windows of a local date: its exception's windows if it has one, none on a holiday,
    /// otherwise its weekday's.
    public func windows(on date: LocalDate) -> [Window] {
        if let index = Self.firstIndex(in: exceptions, atOrAfter: date, by: \.date), exceptions[index].date == date {
            return exceptions[index].windows
        }
        if let index = Self.firstIndex(in: holidays, atOrAfter: date, by: \.self), holidays[index] == date { return [] }
        return weeklyHours[date.weekday] ?? []
    }

    /// Binary search in a list sorted by `key`.
    private static func firstIndex<Element>(
        in list: [Element], atOrAfter date: LocalDate, by key: (Element) -> LocalDate
    ) -> Int? {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if key(list[middle]) < date { low = middle + 1 } else { high = middle }
        }
        return low < list.count ? low : nil
    }

    /// Business time in a standard week: the total length of ``weeklyHours`` in wall-clock time,
    /// before holidays, exceptions and daylight-saving changes. Always positive.
    public var businessTimePerWeek: Duration {
        .milliseconds(schedule.weekTotal)
    }

    /// A one-line summary, for example
    /// `BusinessCalendar(America/New_York, 40h/week, 2 holidays, 1 exception)`.
    public var description: String {
        let minutes = schedule.weekTotal / 60_000
        let hours = minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes / 60)h\(minutes % 60)m"
        let holidayText = holidays.count == 1 ? "1 holiday" : "\(holidays.count) holidays"
        let exceptionText = exceptions.count == 1 ? "1 exception" : "\(exceptions.count) exceptions"
        return "BusinessCalendar(\(timeZoneIdentifier), \(hours)/week, \(holidayText), \(exceptionText))"
    }

    func deadline(start: Date, milliseconds target: Int64) -> Date {
        guard target > 0 else { return start }
        let from = BusinessTimeMath.milliseconds(of: start)
        var walker = BusinessTimeWalker(schedule: schedule, from: from, to: BusinessTimeMath.latest)
        guard let reached = walker.advance(by: target) else { return .distantFuture }
        return Date(epochMilliseconds: reached)
    }

    /// The end of the window piece that contains `instant`, if any.
    func openInterval(containing instant: Int64) -> Int64? {
        var walker = BusinessTimeWalker(schedule: schedule, from: instant, to: instant + 1)
        return walker.intervalEnd(containing: instant)
    }

    // MARK: Hashable

    /// Calendars are equal when they have the same time zone identifier, windows, holidays and
    /// exceptions.
    public static func == (lhs: BusinessCalendar, rhs: BusinessCalendar) -> Bool {
        lhs.timeZoneIdentifier == rhs.timeZoneIdentifier && lhs.weeklyHours == rhs.weeklyHours
            && lhs.holidays == rhs.holidays && lhs.exceptions == rhs.exceptions
    }

    /// Hashes the time zone identifier, windows, holidays and exceptions.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(timeZoneIdentifier)
        hasher.combine(weeklyHours)
        hasher.combine(holidays)
        hasher.combine(exceptions)
    }
}

extension BusinessCalendar.Window {
    /// `00:00–24:00`, the whole day.
    public static let allDay = BusinessCalendar.Window(start: .startOfDay, end: .endOfDay)
}
