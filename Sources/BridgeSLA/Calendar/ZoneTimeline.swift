import BridgeModels
import Foundation

/// A time zone as consecutive segments of constant UTC offset, discovered forward from an
/// instant and extended on demand.
///
/// Segment `k` covers the instants `[starts[k], end(ofSegment: k))` with offset `offsets[k]`
/// (milliseconds, local = instant + offset). The first segment's start is the instant the
/// timeline was created at, not the zone's real transition: callers only resolve local times
/// well after it. The time zone is asked for one offset and one next transition per segment,
/// so a walk costs O(transitions crossed), about two a year in zones with daylight saving time
/// and none at all in fixed-offset zones.
struct ZoneTimeline {
    private let timeZone: TimeZone
    private(set) var starts: [Int64]
    private(set) var offsets: [Int64]
    /// Where the segment after the last one starts; `Int64.max` when the zone has no further
    /// transitions.
    private(set) var upcoming: Int64

    /// How far around a local time its solutions can lie: UTC offsets stay within ±1 day.
    static let reach: Int64 = 2 * BusinessTimeMath.day

    init(schedule: CompiledSchedule, from instant: Int64) {
        timeZone = schedule.timeZone
        if let fixed = schedule.fixedOffset {
            starts = [.min]
            offsets = [fixed]
            upcoming = .max
        } else {
            starts = [instant]
            offsets = [Self.offset(of: schedule.timeZone, at: instant)]
            upcoming = Self.transition(of: schedule.timeZone, after: instant)
        }
    }

    private static func offset(of timeZone: TimeZone, at instant: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(epochMilliseconds: instant))) * 1000
    }

    private static func transition(of timeZone: TimeZone, after instant: Int64) -> Int64 {
        guard let next = timeZone.nextDaylightSavingTimeTransition(after: Date(epochMilliseconds: instant)) else {
            return .max
        }
        let milliseconds = BusinessTimeMath.milliseconds(of: next)
        // Strictly increasing, so extending always terminates.
        return milliseconds > instant ? milliseconds : .max
    }

    /// Makes sure every transition up to `instant` is known.
    mutating func extend(through instant: Int64) {
        while upcoming <= instant {
            starts.append(upcoming)
            offsets.append(Self.offset(of: timeZone, at: upcoming))
            upcoming = Self.transition(of: timeZone, after: upcoming)
        }
    }

    /// The exclusive end of segment `index`.
    @inline(__always)
    func end(ofSegment index: Int) -> Int64 {
        index + 1 < starts.count ? starts[index + 1] : upcoming
    }

    /// The last segment starting at or before `instant` (the first segment for earlier instants).
    func segment(containing instant: Int64) -> Int {
        var low = 0
        var high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        return max(0, low - 1)
    }

    /// The instant a window *start* at local time `local` (milliseconds of wall-clock time since
    /// 1970-01-01T00:00 local) falls on: its first occurrence when the local time is ambiguous,
    /// and the first instant that exists after it when the local time is skipped.
    ///
    /// That is the earliest instant whose local time is `>= local`. Requires the timeline to be
    /// extended through `local + reach`.
    func resolveStart(_ local: Int64) -> Int64 {
        var best = Int64.max
        var index = segment(containing: local - Self.reach)
        while index < starts.count && starts[index] <= local + Self.reach {
            let candidate = max(starts[index], local - offsets[index])
            if candidate < end(ofSegment: index) { best = min(best, candidate) }
            index += 1
        }
        return best
    }

    /// The instant a window *end* at local time `local` falls on: its second (last) occurrence
    /// when the local time is ambiguous, and the first instant that exists after it when the
    /// local time is skipped.
    func resolveEnd(_ local: Int64) -> Int64 {
        var last = Int64.min
        var index = segment(containing: local - Self.reach)
        while index < starts.count && starts[index] <= local + Self.reach {
            let candidate = local - offsets[index]
            if candidate >= starts[index] && candidate < end(ofSegment: index) { last = max(last, candidate) }
            index += 1
        }
        return last == .min ? resolveStart(local) : last
    }

    /// If every local time of `day` (and two days either side) lies in one segment, that
    /// segment's offset and the first day after `day` for which this stops being true
    /// (`Int64.max` when the zone never changes again). On such "plain" days a local time `L`
    /// is the instant `L − offset`, with no ambiguity.
    func plainRun(startingAt day: Int64) -> (offset: Int64, endDay: Int64)? {
        let dayStart = day * BusinessTimeMath.day
        let index = segment(containing: dayStart)
        let offset = offsets[index]
        let segmentEnd = end(ofSegment: index)
        guard starts[index] <= dayStart - offset - Self.reach else { return nil }
        guard segmentEnd != .max else { return (offset, .max) }
        // Day d is plain while (d + 1) * day - offset + reach < segmentEnd.
        let endDay = BusinessTimeMath.floorDivide(segmentEnd + offset - Self.reach - 1, BusinessTimeMath.day)
        return endDay > day ? (offset, endDay) : nil
    }
}
