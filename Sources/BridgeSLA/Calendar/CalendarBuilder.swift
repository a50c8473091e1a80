import BridgeModels
import Foundation

extension BusinessCalendar {
    /// The most windows one day may have (one every 15 minutes).
    public static let maximumWindowsPerDay = 96
    /// The most holidays a calendar may list (27 years of daily holidays).
    public static let maximumHolidays = 10_000
    /// The most exceptions a calendar may list.
    public static let maximumExceptions = 10_000
}

/// Collects a calendar's parts, checks each as it arrives and reports every problem with the
/// JSON path it has (or would have) in the calendar format. Both the JSON reader and the
/// programmatic initializer feed it, so both report identical problems.
struct CalendarBuilder {
    typealias Window = BusinessCalendar.Window

    let root: JSONPath
    private(set) var problems: [InputError] = []
    private var timeZone: (identifier: String, zone: TimeZone)?
    var sawTimeZone = false
    var sawWeeklyHours = false
    /// Whether a weekly-hours object was read (only then can the week be judged empty).
    var readWeeklyHours = false
    private var weeklyProblems = false
    private var weekly: [Weekday: [Window]] = [:]
    private var holidayIndex: [LocalDate: Int] = [:]
    private var exceptions: [(index: Int, exception: BusinessCalendar.Exception)] = []
    private var exceptionIndex: [LocalDate: Int] = [:]

    init(root: JSONPath) {
        self.root = root
    }

    var timeZonePath: JSONPath { root.appending(key: "timeZone") }
    var weeklyHoursPath: JSONPath { root.appending(key: "weeklyHours") }
    var holidaysPath: JSONPath { root.appending(key: "holidays") }
    var exceptionsPath: JSONPath { root.appending(key: "exceptions") }

    mutating func report(_ path: JSONPath, _ reason: InputError.Reason) {
        problems.append(InputError(path: path, reason: reason))
        if path.components.starts(with: weeklyHoursPath.components) { weeklyProblems = true }
    }

    // MARK: Parts

    /// A time zone from its identifier: IANA names such as `America/New_York`, `UTC`, `Etc/GMT+5`.
    mutating func setTimeZone(identifier: String) {
        sawTimeZone = true
        let expected = "an IANA time zone identifier such as America/New_York"
        let allowed = identifier.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "-")
        }
        guard !identifier.isEmpty, identifier.utf8.count <= 64, allowed else {
            report(timeZonePath, .invalidFormat(expected: expected))
            return
        }
        guard let zone = TimeZone(identifier: identifier) else {
            report(
                timeZonePath,
                .invalidFormat(
                    expected: expected + " (\"\(TextSanitizer.quotedFragment(identifier, limit: 64))\" is unknown)"))
            return
        }
        timeZone = (identifier, zone)
    }

    /// A time zone given in code.
    mutating func setTimeZone(_ zone: TimeZone) {
        sawTimeZone = true
        timeZone = (zone.identifier, zone)
    }

    /// The windows of one weekday, with their positions in the list.
    mutating func addWeekday(_ weekday: Weekday, windows: [(index: Int, window: Window)]) {
        let path = weeklyHoursPath.appending(key: weekday.rawValue)
        let checked = checkWindows(windows, at: path)
        if !checked.isEmpty { weekly[weekday] = checked }
    }

    /// Checks the windows of one day: `start` is not `24:00`, `end` is after `start`, no two
    /// overlap. Returns the valid windows, sorted.
    mutating func checkWindows(_ windows: [(index: Int, window: Window)], at path: JSONPath) -> [Window] {
        if windows.count > BusinessCalendar.maximumWindowsPerDay {
            report(path, .tooManyItems(limit: BusinessCalendar.maximumWindowsPerDay, count: windows.count))
            return []
        }
        var valid: [(index: Int, window: Window)] = []
        for (index, window) in windows {
            let windowPath = path.appending(index: index)
            if window.start == .endOfDay {
                report(windowPath.appending(index: 0), .outOfRange("24:00 is allowed only as a window end"))
            } else if window.end <= window.start {
                let hint =
                    window.end < window.start
                    ? "; a window cannot cross midnight: split it into \(window.start)–24:00 and 00:00–\(window.end) of the next day"
                    : ""
                report(windowPath, .inconsistent("window \(window) does not end after it starts" + hint))
            } else {
                valid.append((index, window))
            }
        }
        valid.sort { $0.window < $1.window }
        // Report each window that overlaps one that starts before it (the later of the two in
        // the list is named, so a list in time order names the second window).
        var latestEnd: (index: Int, window: Window)?
        for entry in valid {
            if let previous = latestEnd, entry.window.start < previous.window.end {
                let (first, second) = previous.index < entry.index ? (previous, entry) : (entry, previous)
                report(
                    path.appending(index: second.index),
                    .inconsistent("window \(second.window) overlaps window [\(first.index)] \(first.window)"))
            }
            if latestEnd.map({ entry.window.end > $0.window.end }) ?? true { latestEnd = entry }
        }
        return valid.map(\.window)
    }

    /// Whether a list of `count` items is within `limit`; reports it at `path` otherwise.
    mutating func accepts(count: Int, limit: Int, at path: JSONPath) -> Bool {
        guard count > limit else { return true }
        report(path, .tooManyItems(limit: limit, count: count))
        return false
    }

    /// A holiday at position `index` of the list.
    mutating func addHoliday(_ date: LocalDate, index: Int) {
        if let first = holidayIndex[date] {
            report(holidaysPath.appending(index: index), .inconsistent("\(date) repeats holidays[\(first)]"))
            return
        }
        holidayIndex[date] = index
    }

    /// An exception at position `index` of the list; `nil` parts were already reported.
    mutating func addException(date: LocalDate?, windows: [(index: Int, window: Window)]?, index: Int) {
        let path = exceptionsPath.appending(index: index)
        let checked = windows.map { checkWindows($0, at: path.appending(key: "windows")) }
        guard let date else { return }
        if let first = exceptionIndex[date] {
            report(path.appending(key: "date"), .inconsistent("\(date) repeats exceptions[\(first)]"))
            return
        }
        exceptionIndex[date] = index
        if let checked { exceptions.append((index, BusinessCalendar.Exception(date: date, windows: checked))) }
    }

    // MARK: Result

    /// The calendar, or every problem found.
    mutating func build() throws(CalendarValidationError) -> BusinessCalendar {
        if !sawTimeZone { report(timeZonePath, .missing) }
        if !sawWeeklyHours { report(weeklyHoursPath, .missing) }
        for (index, exception) in exceptions {
            if let holiday = holidayIndex[exception.date] {
                report(
                    exceptionsPath.appending(index: index).appending(key: "date"),
                    .inconsistent("\(exception.date) is also holidays[\(holiday)]; list it in one place only"))
            }
        }
        let weeklyMinutes = weekly.values.joined().reduce(0) { $0 + $1.minutes }
        if readWeeklyHours && !weeklyProblems && weeklyMinutes == 0 {
            report(
                weeklyHoursPath,
                .inconsistent("the week has no opening window, so business time could never pass"))
        }
        guard problems.isEmpty, let timeZone else {
            throw CalendarValidationError(problems: problems)
        }
        return BusinessCalendar(
            unchecked: timeZone.identifier, timeZone.zone, weeklyHours: weekly,
            holidays: holidayIndex.keys.sorted(),
            exceptions: exceptions.map(\.exception).sorted { $0.date < $1.date })
    }
}
