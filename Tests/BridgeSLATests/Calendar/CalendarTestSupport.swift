import BridgeModels
import BridgeSLA
import Foundation
import Testing

/// An instant from RFC 3339 text.
func instant(_ text: String) throws -> Date {
    try RFC3339.parse(text)
}

/// A validated calendar from JSON text.
func calendar(_ json: String) throws -> BusinessCalendar {
    try BusinessCalendar(json: json)
}

/// `RFC3339.string(from:)` of a deadline, for readable expectations.
func utc(_ date: Date) -> String {
    RFC3339.string(from: date)
}

/// The time zone, or a test failure.
func zone(_ identifier: String) throws -> TimeZone {
    try #require(TimeZone(identifier: identifier))
}

/// The project's seeded generator (SplitMix64), so every "random" test case is the same on
/// every run and machine.
typealias CalendarTestRandom = SeededRandomNumberGenerator

extension SeededRandomNumberGenerator {
    /// A uniformly chosen integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// `true` with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool {
        int(0...99) < percent
    }
}

/// A deliberately naive implementation of the calendar semantics, for cross-checking: it looks
/// at every minute of a span, one by one.
///
/// It knows nothing of segments, runs or week arithmetic. For each minute `u` of the span it asks
/// the time zone for the local time; a window bound at local time `L` is then, by definition,
/// - a *start*: the first minute whose local time is `>= L` (the first occurrence, or the first
///   minute after a skipped hour);
/// - an *end*: the last minute whose local time is exactly `L` (the second occurrence), or the
///   start rule when `L` never occurs.
/// Every window of every local day is marked minute by minute in an "open" array (so time that
/// two windows cover counts once), and `elapsed` / `deadline` count open minutes (through
/// prefix sums of that array, so many questions about one span stay cheap).
///
/// Only for zones with whole-minute offsets and minute-aligned instants.
struct MinuteSteppingReference {
    let firstMinute: Int  // epoch minute of open[0]
    /// `openBefore[i]`: how many of the minutes `0 ..< i` are open.
    private var openBefore: [Int] = [0]

    init(calendar: BusinessCalendar, from spanStart: Date, to spanEnd: Date) {
        let margin = 3 * 1440
        let first = Int(spanStart.timeIntervalSince1970 / 60) - margin
        let last = Int(spanEnd.timeIntervalSince1970 / 60) + margin
        firstMinute = first
        let count = last - first + 1
        var local = [Int](repeating: 0, count: count)
        for index in 0..<count {
            let minute = first + index
            let offset = calendar.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(minute) * 60))
            local[index] = minute + offset / 60
        }
        var open = [Bool](repeating: false, count: count)
        defer {
            openBefore.reserveCapacity(count + 1)
            for flag in open { openBefore.append(openBefore[openBefore.count - 1] + (flag ? 1 : 0)) }
        }

        // The first minute whose local time is >= L is the first minute where the running
        // maximum of the local time reaches L (a binary search); the last occurrence of L lies
        // within a day after that (UTC offsets change by less than a day).
        var runningMax = local
        for index in 1..<count { runningMax[index] = max(runningMax[index - 1], local[index]) }
        func startIndex(_ target: Int) -> Int? {
            var low = 0
            var high = count
            while low < high {
                let middle = (low + high) / 2
                if runningMax[middle] >= target { high = middle } else { low = middle + 1 }
            }
            return low < count ? low : nil
        }
        func endIndex(_ target: Int) -> Int? {
            guard let first = startIndex(target) else { return nil }
            let limit = min(count, first + 1440)
            return (first..<limit).last { local[$0] == target } ?? first
        }
        let firstDay = Self.floorDivide(local[0], 1440) + 1
        let lastDay = Self.floorDivide(local[count - 1], 1440) - 1
        guard firstDay <= lastDay else { return }
        for day in firstDay...lastDay {
            for window in calendar.windows(on: LocalDate(daysSinceEpoch: day)) {
                guard let start = startIndex(day * 1440 + window.start.minutesSinceMidnight),
                    let end = endIndex(day * 1440 + window.end.minutesSinceMidnight), end > start
                else { continue }
                for index in start..<end { open[index] = true }
            }
        }
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    /// Open minutes in `[start, end)`, in seconds. Both must be whole minutes inside the span.
    func elapsedSeconds(from start: Date, to end: Date) -> Int {
        let first = Int(start.timeIntervalSince1970 / 60) - firstMinute
        let last = Int(end.timeIntervalSince1970 / 60) - firstMinute
        guard last > first else { return 0 }
        return (openBefore[last] - openBefore[first]) * 60
    }

    /// The end of the `minutes`-th open minute at or after `start`, or `nil` past the span.
    func deadline(start: Date, minutes: Int) -> Date? {
        if minutes <= 0 { return start }
        let first = Int(start.timeIntervalSince1970 / 60) - firstMinute
        let wanted = openBefore[first] + minutes
        // The first prefix that reaches the count (prefix sums of the open minutes).
        var low = first + 1
        var high = openBefore.count - 3 * 1440
        guard high > low, openBefore[high - 1] >= wanted else { return nil }
        while low < high {
            let middle = (low + high) / 2
            if openBefore[middle] >= wanted { high = middle } else { low = middle + 1 }
        }
        return Date(timeIntervalSince1970: Double(firstMinute + low) * 60)
    }
}
