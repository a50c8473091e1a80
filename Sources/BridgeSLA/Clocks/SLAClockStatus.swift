#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// Where an SLA clock stands.
public enum SLAState: String, ClosedSetValue, CustomStringConvertible {
    /// Counting, and no warning threshold reached yet.
    case running
    /// Not counting: a pause condition holds (the partner owes us).
    case paused
    /// Counting, past its first warning threshold, not yet breached.
    case atRisk
    /// The elapsed business time reached the target in force: still running, paused or stopped
    /// too late. A cycle stays breached when its target is raised afterwards.
    case breached
    /// Stopped before the deadline.
    case met
    /// Cancelled; counts neither as met nor as breached.
    case cancelled

    /// The raw value.
    public var description: String { rawValue }
}

/// An SLA clock evaluated at an instant (one cycle of it).
///
/// Business-time figures come from the calendar passed to ``SLAClock/status(at:calendar:cycle:)``;
/// ``wallClockElapsed`` and ``pausedTime`` are plain 24×7 time, so both views are available
/// (ServiceNow's "business" and "actual" elapsed times).
public struct SLAClockStatus: Hashable, Sendable {
    /// The clock evaluated.
    public var clockId: SLAClockID
    /// The metric it measures.
    public var metric: SLAMetric
    /// The cycle evaluated (from 1).
    public var cycle: Int
    /// The instant evaluated at (never before the cycle's start).
    public var evaluatedAt: Date
    /// The state at that instant.
    public var state: SLAState
    /// Whether the clock was paused at that instant (also when ``state`` is `breached`).
    public var isPaused: Bool
    /// Whether the cycle had ended (stopped or cancelled) by that instant.
    public var hasEnded: Bool
    /// When the cycle started.
    public var startedAt: Date
    /// When it ended, if it had.
    public var endedAt: Date?
    /// The business time allowed: the target in force at ``evaluatedAt`` (after the target
    /// changes recorded at or before it).
    public var target: Duration
    /// The business time used, pauses excluded.
    public var elapsed: Duration
    /// `target - elapsed`: negative once the time used passes the target (by how much it is
    /// overdue). After a target raised past the time used it is positive again, though the
    /// cycle stays breached.
    public var remaining: Duration
    /// `elapsed / target × 100`: 100 or more once the time used reaches the target in force.
    public var percentUsed: Double
    /// The breach instant: for a running clock the instant its remaining business time runs
    /// out, for a breached clock the instant it breached. `nil` while paused (the breach
    /// instant depends on when it resumes) and for a cycle that ended before breaching.
    public var deadline: Date?
    /// The instant the clock breached, if it had by ``evaluatedAt``: the first instant at which
    /// the time used reached the target in force. A clock only counts while it runs, so it
    /// breaches while running, except when a target change lowers the target to or below the
    /// time already used: then it is breached since the change (even while paused), because the
    /// new target was already exceeded. Raising the target afterwards does not clear it.
    public var breachedAt: Date?
    /// Wall-clock time the cycle ran (24×7), pauses excluded.
    public var wallClockElapsed: Duration
    /// Wall-clock time the cycle was paused.
    public var pausedTime: Duration

    /// Whether the clock had breached by ``evaluatedAt``.
    public var hasBreached: Bool { breachedAt != nil }
}

extension SLAClock {
    /// Evaluates the clock at `instant`.
    ///
    /// The evaluation uses the history as it was known at `instant`: transitions recorded after
    /// it are ignored, so evaluating at a past instant answers "where did it stand then?", and
    /// transitions at `instant` count (a target lowered at `instant` below the time used makes
    /// the status breached at `instant`). An instant before the cycle's start evaluates at the
    /// start.
    ///
    /// - Parameters:
    ///   - instant: When to evaluate.
    ///   - calendar: The business calendar the clock measures in (the one named by
    ///     ``calendarName``).
    ///   - cycle: The cycle number to evaluate; `nil` for the current one. A number out of
    ///     range evaluates the current cycle.
    public func status(at instant: Date, calendar: some BusinessTimeMeasuring, cycle: Int? = nil) -> SLAClockStatus {
        let selected = cycle.flatMap { number in cycles.first { $0.number == number } } ?? currentCycle
        let at = max(Millis.of(instant), selected.startMillis)
        let known = selected.asKnown(at: at)
        let timeline = CycleTimeline(known, calendar: calendar)
        let schedule = TargetSchedule(known, timeline: timeline)
        let elapsed = timeline.elapsed(at: at)
        let target = schedule.currentTarget
        let reach = schedule.reach(through: at, includingChangesAt: true, on: timeline)
        let breachedAt = schedule.firstReaching(.breach, within: reach, on: timeline)?.instant
        let isPaused = known.isPaused
        let deadline = breachedAt ?? (known.end == nil && !isPaused ? timeline.crossing(of: target) : nil)
        let state: SLAState
        if known.end == .cancelled {
            state = .cancelled
        } else if breachedAt != nil {
            state = .breached
        } else if known.end == .stopped {
            state = .met
        } else if isPaused {
            state = .paused
        } else if let firstWarning = warnings.points(target: target).first, elapsed >= firstWarning.point {
            state = .atRisk
        } else {
            state = .running
        }
        let running = timeline.runningWallTime(at: at)
        let span = (known.endMillis ?? at) - known.startMillis
        return SLAClockStatus(
            clockId: id, metric: metric, cycle: known.number, evaluatedAt: Millis.date(at), state: state,
            isPaused: isPaused, hasEnded: known.end != nil, startedAt: known.startedAt, endedAt: known.endedAt,
            target: Millis.duration(target), elapsed: Millis.duration(elapsed), remaining: Millis.duration(target - elapsed),
            percentUsed: Double(elapsed) * 100 / Double(target), deadline: deadline.map(Millis.date),
            breachedAt: breachedAt.map(Millis.date), wallClockElapsed: Millis.duration(running),
            pausedTime: Millis.duration(max(0, span - running)))
    }
}
