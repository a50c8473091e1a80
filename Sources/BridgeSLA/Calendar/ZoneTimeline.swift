import BridgeModels
import Foundation

/// A stretch of a time zone as consecutive segments of constant UTC offset.
///
/// Segment `k` covers the instants `[starts[k], starts[k + 1])` (the last one up to `upcoming`)
/// with offset `offsets[k]` in milliseconds (local = instant + offset). `starts[0]` is where the
/// discovery began, not a real transition; every later start is one.
struct ZoneSegments: Sendable {
    var starts: [Int64]
    var offsets: [Int64]
    /// Where the segment after the last one starts; `Int64.max` when the zone never changes
    /// again.
    var upcoming: Int64

    /// A single segment covering all time, for zones whose offset never changes.
    init(fixedOffset: Int64) {
        starts = [.min]
        offsets = [fixedOffset]
        upcoming = .max
    }

    /// The segments from `instant` on, up to the first transition after it.
    init(timeZone: TimeZone, from instant: Int64) {
        starts = [instant]
        offsets = [Self.offset(of: timeZone, at: instant)]
        upcoming = Self.transition(of: timeZone, after: instant)
    }

    /// Discovers transitions until every one up to `instant` is known.
    mutating func extend(timeZone: TimeZone, through instant: Int64) {
        while upcoming <= instant {
            starts.append(upcoming)
            offsets.append(Self.offset(of: timeZone, at: upcoming))
            upcoming = Self.transition(of: timeZone, after: upcoming)
        }
    }

    /// Discovers the transitions between `instant` and the current first start, so the
    /// segments begin at `instant`.
    mutating func extend(timeZone: TimeZone, backTo instant: Int64) {
        guard instant < starts[0] else { return }
        var earlier = ZoneSegments(timeZone: timeZone, from: instant)
        while earlier.upcoming <= starts[0] {
            earlier.starts.append(earlier.upcoming)
            earlier.offsets.append(Self.offset(of: timeZone, at: earlier.upcoming))
            earlier.upcoming = Self.transition(of: timeZone, after: earlier.upcoming)
        }
        // The last earlier segment runs through the old first start, whose offset it has.
        starts = earlier.starts + starts.dropFirst()
        offsets = earlier.offsets + offsets.dropFirst()
    }

    private static func offset(of timeZone: TimeZone, at instant: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(epochMilliseconds: instant))) * 1000
    }

    private static func transition(of timeZone: TimeZone, after instant: Int64) -> Int64 {
        guard let next = timeZone.nextDaylightSavingTimeTransition(after: Date(epochMilliseconds: instant)) else {
            return .max
        }
        let milliseconds = BusinessTimeMath.milliseconds(of: next)
        // Strictly increasing, so discovery always terminates.
        return milliseconds > instant ? milliseconds : .max
    }
}

/// The offset segments of one calendar's time zone discovered so far, shared by every copy of
/// the calendar, so repeated arithmetic over the same years asks the time zone nothing.
///
/// The segments only grow (backwards or forwards) to cover what walks ask for, at most every
/// transition between years 1 and 4001 (a few thousand entries for a zone with daylight saving
/// time). Lookups hand out copy-on-write snapshots, so walks never read shared mutable storage.
final class ZoneTransitionCache: @unchecked Sendable {
    // @unchecked Sendable is safe: `timeZone` is immutable and Sendable, and the only mutable
    // state, `segments`, is read and written only while `lock` is held; callers receive value
    // copies of it.
    private let timeZone: TimeZone
    private let lock = NSLock()
    private var segments: ZoneSegments?

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// Segments covering at least `start ... end`.
    func segments(from start: Int64, through end: Int64) -> ZoneSegments {
        lock.lock()
        defer { lock.unlock() }
        var current = segments ?? ZoneSegments(timeZone: timeZone, from: start)
        current.extend(timeZone: timeZone, backTo: start)
        current.extend(timeZone: timeZone, through: end)
        segments = current
        return current
    }
}

/// A walk's view of its calendar's time zone: offset segments, extended on demand, and the
/// rules that turn a local wall-clock time into an instant.
struct ZoneTimeline {
    private let cache: ZoneTransitionCache?
    private var segments: ZoneSegments

    /// How far around a local time its solutions can lie: UTC offsets stay within ±1 day.
    static let reach: Int64 = 2 * BusinessTimeMath.day

    init(schedule: CompiledSchedule, from instant: Int64) {
        cache = schedule.transitions
        if let cache {
            segments = cache.segments(from: instant, through: instant)
        } else {
            segments = ZoneSegments(fixedOffset: schedule.fixedOffset ?? 0)
        }
    }

    var starts: [Int64] { segments.starts }

    /// Makes sure every transition up to `instant` is known.
    @inline(__always)
    mutating func extend(through instant: Int64) {
        if segments.upcoming <= instant, let cache {
            segments = cache.segments(from: segments.starts[0], through: instant)
        }
    }

    /// The exclusive end of segment `index`.
    @inline(__always)
    func end(ofSegment index: Int) -> Int64 {
        index + 1 < segments.starts.count ? segments.starts[index + 1] : segments.upcoming
    }

    /// The last segment starting at or before `instant` (the first segment for earlier instants).
    func segment(containing instant: Int64) -> Int {
        let starts = segments.starts
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
        forEachSegment(around: local) { start, end, offset in
            let candidate = max(start, local - offset)
            if candidate < end { best = min(best, candidate) }
        }
        return best
    }

    /// The instant a window *end* at local time `local` falls on: its second (last) occurrence
    /// when the local time is ambiguous, and the first instant that exists after it when the
    /// local time is skipped.
    func resolveEnd(_ local: Int64) -> Int64 {
        var last = Int64.min
        forEachSegment(around: local) { start, end, offset in
            let candidate = local - offset
            if candidate >= start && candidate < end { last = max(last, candidate) }
        }
        return last == .min ? resolveStart(local) : last
    }

    /// Calls `body` with the start, end and offset of every segment that can hold an instant
    /// of local time `local`.
    @inline(__always)
    private func forEachSegment(around local: Int64, _ body: (Int64, Int64, Int64) -> Void) {
        let starts = segments.starts
        let offsets = segments.offsets
        var index = segment(containing: local - Self.reach)
        while index < starts.count && starts[index] <= local + Self.reach {
            body(starts[index], end(ofSegment: index), offsets[index])
            index += 1
        }
    }

    /// The local wall-clock range `[low, high]` that a transition at the start of segment
    /// `index` skips or repeats.
    func affectedLocalRange(ofTransition index: Int) -> (low: Int64, high: Int64) {
        let instant = segments.starts[index]
        let before = segments.offsets[index - 1]
        let after = segments.offsets[index]
        return (instant + min(before, after), instant + max(before, after))
    }
}
