import BridgeModels
import Foundation

/// Millisecond helpers shared by the calendar arithmetic.
enum BusinessTimeMath {
    /// Milliseconds in a wall-clock day.
    static let day: Int64 = 86_400_000

    /// `Date.distantPast` (0001-01-01T00:00:00Z) in epoch milliseconds: the earliest instant the
    /// arithmetic handles.
    static let earliest: Int64 = Int64((Date.distantPast.timeIntervalSince1970 * 1000).rounded())
    /// `Date.distantFuture` (4001-01-01T00:00:00Z) in epoch milliseconds: the latest instant.
    static let latest: Int64 = Int64((Date.distantFuture.timeIntervalSince1970 * 1000).rounded())

    /// An instant in epoch milliseconds (rounded to the nearest), clamped to
    /// `earliest ... latest`; NaN counts as `earliest`.
    static func milliseconds(of date: Date) -> Int64 {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.toNearestOrAwayFromZero)
        guard milliseconds > Double(earliest) else { return earliest }
        guard milliseconds < Double(latest) else { return latest }
        return Int64(milliseconds)
    }

    /// A duration in whole milliseconds, rounded down; zero for negative durations and
    /// `Int64.max` for durations too long to count.
    static func milliseconds(of duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return .max }
        let (total, overflow2) = whole.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        return overflow2 ? .max : total
    }

    /// Division rounding toward negative infinity.
    @inline(__always)
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// A window in milliseconds since local midnight.
struct LocalSpan: Hashable, Sendable {
    var start: Int64
    var end: Int64

    init(_ window: BusinessCalendar.Window) {
        self.start = Int64(window.start.minutesSinceMidnight) * 60_000
        self.end = Int64(window.end.minutesSinceMidnight) * 60_000
    }
}

/// A calendar prepared for arithmetic: windows per weekday in milliseconds, weekly prefix sums,
/// and the holidays and exceptions as one sorted array of "special days" with prefix sums of how
/// much each changes its weekday's business time.
///
/// Days are counted from 1970-01-01 (day 0, a Thursday) in *local* wall-clock time.
struct CompiledSchedule: Sendable {
    let timeZone: TimeZone
    /// The zone's offset in milliseconds when it never changes (UTC, `Etc/GMT+5`); then the
    /// arithmetic asks the time zone nothing.
    let fixedOffset: Int64?
    /// The zone's transitions discovered so far (`nil` for fixed offsets), shared by every copy
    /// of the calendar.
    let transitions: ZoneTransitionCache?
    /// Windows of each weekday, Monday first.
    let weekly: [[LocalSpan]]
    /// `weekPrefix[i]` = business time of weekdays `0 ..< i` over two consecutive weeks (15
    /// entries), so any run of up to seven days starting on any weekday is one subtraction.
    let weekPrefix: [Int64]
    /// Business time of a standard week (wall-clock milliseconds).
    let weekTotal: Int64
    /// Holidays and exception dates, as local day numbers, sorted.
    let specialDays: [Int64]
    /// The windows of each special day (empty for holidays and closing exceptions).
    let specialSpans: [[LocalSpan]]
    /// `deltaPrefix[i]` = Σ over special days `0 ..< i` of (their business time − their
    /// weekday's business time).
    let deltaPrefix: [Int64]

    init(
        timeZone: TimeZone, weeklyHours: [Weekday: [BusinessCalendar.Window]], holidays: [LocalDate],
        exceptions: [BusinessCalendar.Exception]
    ) {
        self.timeZone = timeZone
        if timeZone.nextDaylightSavingTimeTransition(after: .distantPast) == nil {
            fixedOffset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 0))) * 1000
            transitions = nil
        } else {
            fixedOffset = nil
            transitions = ZoneTransitionCache(timeZone: timeZone)
        }
        let weekly = Weekday.allCases.map { (weeklyHours[$0] ?? []).map(LocalSpan.init) }
        let totals = weekly.map(Self.total)
        var prefix: [Int64] = [0]
        for index in 0..<14 { prefix.append(prefix[index] + totals[index % 7]) }
        self.weekly = weekly
        self.weekPrefix = prefix
        self.weekTotal = prefix[7]

        var special: [(day: Int64, spans: [LocalSpan])] = holidays.map { (Int64($0.daysSinceEpoch), []) }
        special += exceptions.map { (Int64($0.date.daysSinceEpoch), $0.windows.map(LocalSpan.init)) }
        special.sort { $0.day < $1.day }
        specialDays = special.map(\.day)
        specialSpans = special.map(\.spans)
        var deltas: [Int64] = [0]
        deltas.reserveCapacity(special.count + 1)
        for entry in special {
            let delta = Self.total(entry.spans) - totals[Self.weekdayIndex(ofDay: entry.day)]
            deltas.append(deltas[deltas.count - 1] + delta)
        }
        deltaPrefix = deltas
    }

    static func total(_ spans: [LocalSpan]) -> Int64 {
        spans.reduce(0) { $0 + ($1.end - $1.start) }
    }

    /// Monday 0 … Sunday 6. Day 0 (1970-01-01) was a Thursday.
    @inline(__always)
    static func weekdayIndex(ofDay day: Int64) -> Int {
        Int(((day % 7) + 7 + 3) % 7)
    }

    /// The first index in ``specialDays`` whose day is `>= day`.
    @inline(__always)
    func specialIndex(atOrAfter day: Int64) -> Int {
        var low = 0
        var high = specialDays.count
        while low < high {
            let middle = (low + high) / 2
            if specialDays[middle] < day { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The windows of a local day: an exception's, none for a holiday, else its weekday's.
    func spans(onDay day: Int64) -> [LocalSpan] {
        let index = specialIndex(atOrAfter: day)
        if index < specialDays.count && specialDays[index] == day { return specialSpans[index] }
        return weekly[Self.weekdayIndex(ofDay: day)]
    }

    /// Wall-clock business time of the local days `first ..< end`, holidays and exceptions
    /// included, in O(log(special days)).
    func wallClockBusinessTime(from first: Int64, to end: Int64) -> Int64 {
        let count = end - first
        let weekday = Self.weekdayIndex(ofDay: first)
        let remainder = Int(count % 7)
        var sum = (count / 7) * weekTotal + weekPrefix[weekday + remainder] - weekPrefix[weekday]
        sum += deltaPrefix[specialIndex(atOrAfter: end)] - deltaPrefix[specialIndex(atOrAfter: first)]
        return sum
    }
}
