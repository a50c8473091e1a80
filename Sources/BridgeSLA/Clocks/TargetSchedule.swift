/// A point of a cycle that depends on its target: a warning, the breach, an escalation level.
enum TargetPoint: Hashable {
    case warning(WarningThreshold)
    case breach
    case level(EscalationTrigger)

    /// The elapsed business time at which the point lies under `target`, or `nil` when it does
    /// not apply to that target (an absolute warning at least as long as the target).
    func elapsed(target: Int64) -> Int64? {
        switch self {
        case .warning(let threshold): return threshold.elapsedPoint(target: target)
        case .breach: return target
        case .level(let trigger): return trigger.elapsedPoint(target: target)
        }
    }
}

/// A span of a cycle with one target: from a change (or the cycle's start) to the next change.
struct TargetSegment {
    /// When the segment's target took effect.
    let start: Int64
    /// The target in force.
    let target: Int64
    /// The elapsed business time at `start`.
    let elapsedAtStart: Int64
}

/// When a point was first reached.
struct TargetReaching {
    /// The instant.
    let instant: Int64
    /// The elapsed business time then: the point itself, or more when a change made it due.
    let elapsed: Int64
    /// Whether a target change made it due at once (at its phase *after*).
    let atChange: Bool
}

/// How far an evaluation reached: the elapsed time at `instant`, and which segments had begun
/// by then.
struct TargetReach {
    let instant: Int64
    /// The number of segments that had begun.
    let segmentCount: Int
    let elapsed: Int64
}

/// One cycle's targets over time on top of its ``CycleTimeline``: when each point that depends on
/// the target is first reached.
///
/// The target changes split the cycle into segments; segment `j` starts at its change (the
/// first at the cycle's start) and lasts until the next change. A point is reached at the first
/// instant at which the elapsed business time reaches it under the target in force then.
///
/// At a change instant `c` time has two phases: *before* the change, the old target is still in
/// force (the old segment includes `c`); *after* it, the new one is. An evaluation up to `t`
/// (``reach(through:includingChangesAt:on:)`` without the changes at `t`) covers everything up to
/// `t` before the changes at `t`, so recording a change at `t` before or after that evaluation
/// does not change what it sees. A point the new target puts at or behind the time already used
/// is reached *at the change*, after its phase *before*: it belongs to intervals `(from, to]`
/// with `from <= c < to`.
///
/// Every point lies at 1 ms of elapsed time or later, so nothing is reached at a cycle's start,
/// and the phase of a change at the start does not matter.
///
/// The schedule is not generic: the methods that measure take the cycle's timeline, so that the
/// unspecialized code a host's calendar type runs through does not look up and copy one more
/// generic type per clock.
struct TargetSchedule {
    /// The segments in order of `start`: `initial`, then `later` (empty, and not allocated,
    /// without changes). A change followed by another at the same instant is never in force
    /// and has no segment.
    private let initial: TargetSegment
    private let later: [TargetSegment]

    /// The schedule of `cycle`, whose timeline is `timeline`.
    init(_ cycle: SLACycle, timeline: CycleTimeline<some BusinessTimeMeasuring>) {
        var initial = TargetSegment(start: cycle.startMillis, target: cycle.targetMillis, elapsedAtStart: 0)
        var later: [TargetSegment] = []
        for change in cycle.changes {
            let segment = TargetSegment(
                start: change.atMillis, target: change.targetMillis,
                elapsedAtStart: change.atMillis <= cycle.startMillis ? 0 : timeline.elapsed(at: change.atMillis))
            if let last = later.indices.last {
                if later[last].start == change.atMillis { later[last] = segment } else { later.append(segment) }
            } else if initial.start == change.atMillis {
                initial = segment
            } else {
                later.append(segment)
            }
        }
        self.initial = initial
        self.later = later
    }

    /// The number of segments.
    var segmentCount: Int { later.count + 1 }

    /// Segment `index`, from 0.
    func segment(_ index: Int) -> TargetSegment { index == 0 ? initial : later[index - 1] }

    /// The target in force after the last change.
    var currentTarget: Int64 { later.last?.target ?? initial.target }

    /// The elapsed business time at the end of segment `index`, or at `instant` if that comes
    /// first.
    private func highest(inSegment index: Int, _ reach: TargetReach) -> Int64 {
        index + 1 < reach.segmentCount ? segment(index + 1).elapsedAtStart : reach.elapsed
    }

    /// What an evaluation up to `instant` covers: everything before the changes at `instant`,
    /// and the changes at `instant` too when `includingChangesAt` (the state after every
    /// transition recorded at `instant`, as ``SLAClock/status(at:calendar:cycle:)`` reports it).
    func reach(
        through instant: Int64, includingChangesAt: Bool, on timeline: CycleTimeline<some BusinessTimeMeasuring>
    ) -> TargetReach {
        var count = 0
        while count < segmentCount {
            let start = segment(count).start
            guard start < instant || (start == instant && (includingChangesAt || count == 0)) else { break }
            count += 1
        }
        return TargetReach(instant: instant, segmentCount: count, elapsed: count == 0 ? 0 : timeline.elapsed(at: instant))
    }

    /// The first segment in which `point` is reached within `reach`, and the point's elapsed
    /// value there.
    func firstSegment(reaching point: TargetPoint, within reach: TargetReach) -> (index: Int, point: Int64)? {
        for index in 0..<reach.segmentCount {
            if let value = point.elapsed(target: segment(index).target), highest(inSegment: index, reach) >= value {
                return (index, value)
            }
        }
        return nil
    }

    /// Whether `point` was reached within `reach` (never within `nil`, "before the start").
    func isReached(_ point: TargetPoint, within reach: TargetReach?) -> Bool {
        reach.map { firstSegment(reaching: point, within: $0) != nil } ?? false
    }

    /// When `value` (a point's elapsed value in segment `index`, where it is reached) was
    /// reached: at the segment's start if the time used there was already past it, else where
    /// the elapsed time crosses it.
    func reaching(
        _ value: Int64, inSegment index: Int, on timeline: CycleTimeline<some BusinessTimeMeasuring>
    ) -> TargetReaching? {
        let segment = self.segment(index)
        if segment.elapsedAtStart >= value {
            return TargetReaching(instant: segment.start, elapsed: segment.elapsedAtStart, atChange: true)
        }
        return timeline.crossing(of: value).map { TargetReaching(instant: $0, elapsed: value, atChange: false) }
    }

    /// When `point` was first reached within `reach`, if it was.
    func firstReaching(
        _ point: TargetPoint, within reach: TargetReach, on timeline: CycleTimeline<some BusinessTimeMeasuring>
    ) -> TargetReaching? {
        firstSegment(reaching: point, within: reach).flatMap { reaching($0.point, inSegment: $0.index, on: timeline) }
    }

    /// The earliest instant `to` after `reach` at which an evaluation from `reach` to `to` finds
    /// one of `points` reached, among those not reached within `reach`; `nil` when the recorded
    /// history reaches none of them.
    ///
    /// A point a change at `c` makes due at once is found by an evaluation to `c + 1 ms`.
    func nextReport(
        of points: [TargetPoint], after reach: TargetReach, on timeline: CycleTimeline<some BusinessTimeMeasuring>
    ) -> Int64? {
        // Segments in order; in each, the smallest pending point comes first. Segments that
        // ended before `reach` only hold points that are reached or never will be there.
        for index in max(0, reach.segmentCount - 1)..<segmentCount {
            let segment = self.segment(index)
            var smallest: Int64?
            for point in points {
                guard let value = point.elapsed(target: segment.target), smallest.map({ value < $0 }) ?? true,
                    firstSegment(reaching: point, within: reach) == nil
                else { continue }
                smallest = value
            }
            guard let smallest else { continue }
            if index > 0, segment.elapsedAtStart >= smallest, segment.start >= reach.instant {
                return segment.start + 1
            }
            guard let instant = timeline.crossing(of: smallest) else { continue }
            let end = index + 1 < segmentCount ? self.segment(index + 1).start : nil
            if instant > reach.instant, end.map({ instant <= $0 }) ?? true { return instant }
        }
        return nil
    }
}
