/// Walks business time forward from an instant, up to an instant, one local day at a time where
/// it must and one run of plain days at a time where it can.
///
/// The walk has three kinds of steps:
/// - *Exact days*: the days around the start and the end of the walk and the days around each
///   UTC offset change that a window touches. Every window of such a day is resolved to instants
///   with the rules of ``ZoneTimeline/resolveStart(_:)`` and ``ZoneTimeline/resolveEnd(_:)``,
///   and clipped so that real time covered by two windows (a fall-back hour can make windows of
///   neighbouring days overlap) counts once.
/// - *Plain runs*: maximal runs of days on which real business time equals wall-clock business
///   time: no offset change nearby, or only changes that skip or repeat local times no window
///   touches (02:00 on a Sunday, for office hours). Their business time is
///   ``CompiledSchedule/wallClockBusinessTime(from:to:)``: whole weeks by multiplication,
///   holidays and exceptions by binary search, in O(log n) however long the run.
/// - *Locating* the target inside a plain run: a binary search over the run's days, then a scan
///   of one day's windows.
///
/// Instants and local times are epoch milliseconds.
struct BusinessTimeWalker {
    private let schedule: CompiledSchedule
    private var timeline: ZoneTimeline
    private let from: Int64
    private let to: Int64
    /// Business time counted so far.
    private(set) var accumulated: Int64 = 0
    /// Real time before this instant is already counted (or before `from`).
    private var floor: Int64

    private static let day = BusinessTimeMath.day

    init(schedule: CompiledSchedule, from: Int64, to: Int64) {
        self.schedule = schedule
        self.from = from
        self.to = to
        self.floor = from
        self.timeline = ZoneTimeline(schedule: schedule, from: from - 2 * ZoneTimeline.reach)
    }

    /// Counts business time from `from` until `target` milliseconds have accumulated and
    /// returns that instant, or returns `nil` once `to` is reached first.
    mutating func advance(by target: Int64) -> Int64? {
        let day = Self.day
        let fromDay = BusinessTimeMath.floorDivide(from, day)
        let toDay = BusinessTimeMath.floorDivide(to, day)
        // Local days differ from UTC days by less than one day, so these ranges contain the
        // local days of `from` and `to` and one more on each side.
        let headEnd = fromDay + 2
        let tailStart = toDay - 1
        var current = fromDay - 2
        while current <= toDay + 2 {
            timeline.extend(through: current * day + 3 * ZoneTimeline.reach)
            let needed = target - accumulated
            if current >= headEnd && current < tailStart,
                let runEnd = plainRun(startingAt: current, limit: tailStart, enough: needed)
            {
                let total = schedule.wallClockBusinessTime(from: current, to: runEnd)
                if total >= needed {
                    return locate(needed, from: current, to: runEnd)
                }
                accumulated += total
                floor = max(floor, timeline.resolveStart(runEnd * day))
                current = runEnd
                continue
            }
            if let reached = walkExactDay(current, target: target) { return reached }
            current += 1
        }
        return nil
    }

    /// The business time between `from` and `to`.
    mutating func measure() -> Int64 {
        _ = advance(by: .max)
        return accumulated
    }

    /// The end of the first window that contains `instant` (`from` must be `instant`).
    mutating func intervalEnd(containing instant: Int64) -> Int64? {
        let instantDay = BusinessTimeMath.floorDivide(instant, Self.day)
        for current in (instantDay - 2)...(instantDay + 2) {
            timeline.extend(through: current * Self.day + 3 * ZoneTimeline.reach)
            let base = current * Self.day
            for span in schedule.spans(onDay: current) {
                let start = timeline.resolveStart(base + span.start)
                let end = timeline.resolveEnd(base + span.end)
                if start <= instant && instant < end { return end }
            }
        }
        return nil
    }

    /// Resolves and counts the windows of one local day.
    private mutating func walkExactDay(_ localDay: Int64, target: Int64) -> Int64? {
        let base = localDay * Self.day
        for span in schedule.spans(onDay: localDay) {
            let start = max(timeline.resolveStart(base + span.start), floor)
            let end = min(timeline.resolveEnd(base + span.end), to)
            guard end > start else { continue }
            let needed = target - accumulated
            if end - start >= needed { return start + needed }
            accumulated += end - start
            floor = end
        }
        return nil
    }

    /// The end (exclusive, at most `limit`) of the run of plain days that starts at `day`, or
    /// `nil` when `day` is not plain.
    ///
    /// A day is plain when every offset change within two days of it is *invisible*: it skips or
    /// repeats only local times that no window touches. Then every window bound has exactly one
    /// instant and every window lasts its wall-clock length in real time. The run crosses
    /// invisible changes only while it holds less than `enough` business time, so a deadline
    /// looks at most one offset change past its target.
    private mutating func plainRun(startingAt day: Int64, limit: Int64, enough: Int64) -> Int64? {
        let dayStart = day * Self.day
        let near = 3 * Self.day
        var index = timeline.segment(containing: dayStart)
        // Changes at or shortly before the day.
        var earlier = index
        while earlier > 0 && timeline.starts[earlier] > dayStart - near {
            guard isInvisible(transition: earlier) else { return nil }
            earlier -= 1
        }
        if earlier == 0 && timeline.starts[0] > dayStart - near { return nil }
        // Changes after the day: the run ends two days before the first visible one.
        while true {
            let segmentEnd = timeline.end(ofSegment: index)
            guard segmentEnd != .max else { return limit }
            let endDay = BusinessTimeMath.floorDivide(segmentEnd - near, Self.day)
            if endDay >= limit { return limit }
            if endDay > day && schedule.wallClockBusinessTime(from: day, to: endDay) >= enough { return endDay }
            timeline.extend(through: segmentEnd + 3 * ZoneTimeline.reach)
            guard isInvisible(transition: index + 1) else { return endDay > day ? endDay : nil }
            index += 1
        }
    }

    /// Whether no window of any day touches the local times skipped or repeated by the offset
    /// change that starts segment `index`.
    private func isInvisible(transition index: Int) -> Bool {
        let (low, high) = timeline.affectedLocalRange(ofTransition: index)
        let firstDay = BusinessTimeMath.floorDivide(low, Self.day) - 1
        let lastDay = BusinessTimeMath.floorDivide(high, Self.day) + 1
        for localDay in firstDay...lastDay {
            let base = localDay * Self.day
            for span in schedule.spans(onDay: localDay) where base + span.start <= high && base + span.end >= low {
                return false
            }
        }
        return true
    }

    /// The instant at which `needed` more business time has run out inside the plain run
    /// `first ..< end` (whose business time is at least `needed`).
    private func locate(_ needed: Int64, from first: Int64, to end: Int64) -> Int64 {
        // The first day whose end brings the total to `needed`.
        var low = first
        var high = end - 1
        while low < high {
            let middle = low + (high - low) / 2
            if schedule.wallClockBusinessTime(from: first, to: middle + 1) >= needed {
                high = middle
            } else {
                low = middle + 1
            }
        }
        var remaining = needed - schedule.wallClockBusinessTime(from: first, to: low)
        let base = low * Self.day
        for span in schedule.spans(onDay: low) {
            let length = span.end - span.start
            // On a plain day the local time has exactly one instant.
            if remaining <= length { return timeline.resolveStart(base + span.start + remaining) }
            remaining -= length
        }
        return timeline.resolveStart(base + Self.day)
    }
}
