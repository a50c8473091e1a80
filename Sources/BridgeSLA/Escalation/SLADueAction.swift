#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// The id of a due action: stable across evaluations, so a host that stores the ids it handled
/// never acts twice (see ``SLADueAction/id``).
public typealias DueActionID = Identifier<SLADueAction>

/// What an escalation level asks the host to do, resolved for one case.
public enum EscalationStep: Hashable, Sendable {
    /// Route the work to this responder (chosen by the level's routing rules).
    case route(to: ResponderRole)
    /// Raise the case's priority.
    case raisePriority(from: Priority, to: Priority)
    /// Create an escalation task from the named template.
    case createTask(template: String)
    /// Create a group of escalation tasks, one per template.
    case createTaskGroup(templates: [String])
    /// Notify a responder.
    case notify(ResponderRole)
    /// Post an update to the partner from the named template.
    case notifyPartner(template: String)
}

/// Something an SLA clock asks the host to do because a point on the clock was reached: a
/// warning, the breach, an escalation step, a reminder.
///
/// Every due action has a stable ``id`` built from the clock, the cycle and the point, for
/// example `C-1001/resolution#1:breach` or `C-1001/resolution#2:level1:action2`. The same point
/// of the same cycle always yields the same id, so a host can evaluate overlapping intervals, or
/// re-run an interval after a crash, and drop what it has already handled.
public struct SLADueAction: Hashable, Sendable, Identifiable {
    /// What is due.
    public enum Kind: Hashable, Sendable {
        /// A warning threshold was reached.
        case warning(WarningThreshold)
        /// The clock breached (once per cycle).
        case breach
        /// An escalation level fired; one due action per action of the level.
        case escalation(level: Int, EscalationStep)
        /// A reminder of an escalation level that has not been acknowledged. Reminder 1 is
        /// due when the level fires, reminder `n` after `n - 1` intervals of the clock's
        /// business time. When several fell into one evaluated interval only the latest is
        /// returned, and `skipped` says how many earlier ones it stands for.
        case reminder(level: Int, number: Int, to: ResponderRole, skipped: Int)

        var rank: Int {
            switch self {
            case .warning: return 0
            case .breach: return 1
            case .escalation, .reminder: return 2
            }
        }
    }

    /// The stable id.
    public var id: DueActionID
    /// The clock that asks.
    public var clockId: SLAClockID
    /// The clock's case.
    public var caseId: CaseID
    /// The clock's metric.
    public var metric: SLAMetric
    /// The cycle (from 1).
    public var cycle: Int
    /// The instant the point was reached: where the clock's business time reached it under the
    /// target in force, or the instant of the target change that put it behind the time
    /// already used (see ``SLAClock/changeTarget(to:at:)``).
    public var dueAt: Date
    /// What is due.
    public var kind: Kind

    /// Orders by instant; at the same instant warnings, then the breach, then escalation steps
    /// and reminders; then by id, for stable output.
    static func ordered(_ lhs: SLADueAction, _ rhs: SLADueAction) -> Bool {
        (lhs.dueAt, lhs.kind.rank, lhs.id.rawValue) < (rhs.dueAt, rhs.kind.rank, rhs.id.rawValue)
    }
}

// MARK: - Evaluation

/// The points of one cycle, with the escalation context; shared by the interval query (what
/// became due in `(from, to]`) and the next-due query (the earliest instant after `t`).
///
/// Warnings, the breach and levels are reached under the target in force (see
/// ``TargetSchedule``). A level's reminders count from when it fired: reminder 1 is due when it
/// fires, with elapsed business time `e`, reminder `n` when the elapsed time reaches
/// `e + (n-1)·interval`. Without target changes `e` is the level's point.
private struct CyclePlan<Calendar: BusinessTimeMeasuring> {
    let clock: SLAClock
    let cycle: SLACycle
    let timeline: CycleTimeline<Calendar>
    let schedule: TargetSchedule
    let ladder: EscalationLadder?

    init(clock: SLAClock, cycle: SLACycle, calendar: Calendar, ladder: EscalationLadder?) {
        self.clock = clock
        self.cycle = cycle
        self.timeline = CycleTimeline(cycle, calendar: calendar)
        self.schedule = TargetSchedule(cycle, timeline: timeline)
        self.ladder = ladder
    }

    func prefix() -> String { "\(clock.id.rawValue)#\(cycle.number):" }

    func action(_ suffix: String, at instant: Int64, _ kind: SLADueAction.Kind) -> SLADueAction {
        SLADueAction(
            id: DueActionID(rawValue: prefix() + suffix), clockId: clock.id, caseId: clock.caseId, metric: clock.metric,
            cycle: cycle.number, dueAt: Millis.date(instant), kind: kind)
    }

    /// The elapsed business time at which a level fired in segment `index` at its point
    /// `point`: the point, or more when a target change made it due at once.
    func firedElapsed(_ first: (index: Int, point: Int64)) -> Int64 {
        max(first.point, schedule.segment(first.index).elapsedAtStart)
    }

    /// The reminder numbers of a level that an acknowledgement has not stopped: all numbers up
    /// to the returned one (`Int64.max` when no acknowledgement applies).
    ///
    /// An acknowledgement at instant `a` stops the level's reminders due at or after `a` if the
    /// level had fired by `a` (a level a target change fired at `a` fires after it). Reminder 1 is
    /// due when the level fires, reminder `n` at `crossing(e + (n-1)·interval)`, which is before
    /// `a` exactly when `elapsed(a - 1 ms) >= e + (n-1)·interval`.
    func lastUnacknowledgedReminder(firing: TargetReaching, interval: Int64) -> Int64 {
        guard
            let acknowledgement = cycle.acknowledgementMillis.first(where: {
                $0 > firing.instant || ($0 == firing.instant && !firing.atChange)
            })
        else { return .max }
        guard acknowledgement > firing.instant else { return 0 }
        return (timeline.elapsed(at: acknowledgement - 1) - firing.elapsed) / interval + 1
    }

    /// The last reminder number that an acknowledgement has not stopped, for a level that
    /// fired in `first`; computes the firing instant only when an acknowledgement may apply.
    func reminderLimit(_ first: (index: Int, point: Int64), interval: Int64) -> Int64 {
        guard !cycle.acknowledgementMillis.isEmpty else { return .max }
        guard let firing = schedule.reaching(first.point, inSegment: first.index, on: timeline) else { return .max }
        return lastUnacknowledgedReminder(firing: firing, interval: interval)
    }

    /// Appends the due actions reached in `(from, to]` (`from == nil`: since the start).
    func collect(from: Int64?, to: Int64, profile: CaseProfile?, into result: inout [SLADueAction]) {
        if let from, from >= to { return }
        let high = schedule.reach(through: to, includingChangesAt: false, on: timeline)
        let low = from.map { schedule.reach(through: $0, includingChangesAt: false, on: timeline) }
        func due(_ point: TargetPoint) -> TargetReaching? {
            guard let first = schedule.firstSegment(reaching: point, within: high), !schedule.isReached(point, within: low)
            else { return nil }
            return schedule.reaching(first.point, inSegment: first.index, on: timeline)
        }
        for threshold in clock.warnings.thresholds {
            if let reached = due(.warning(threshold)) {
                result.append(action("warning:\(threshold)", at: reached.instant, .warning(threshold)))
            }
        }
        if let reached = due(.breach) { result.append(action("breach", at: reached.instant, .breach)) }
        guard let ladder, let profile else { return }
        for (levelIndex, level) in ladder.levels.enumerated() {
            let number = levelIndex + 1
            let point = TargetPoint.level(level.trigger)
            guard let first = schedule.firstSegment(reaching: point, within: high) else { continue }
            let firedBefore = schedule.isReached(point, within: low)
            var firing: TargetReaching?
            if !firedBefore {
                firing = schedule.reaching(first.point, inSegment: first.index, on: timeline)
                if let firing {
                    for (actionIndex, action) in level.actions.enumerated() {
                        guard let step = action.step(for: profile) else { continue }
                        result.append(
                            self.action(
                                "level\(number):action\(actionIndex + 1)", at: firing.instant, .escalation(level: number, step)))
                    }
                }
            }
            guard let (responder, minutes) = level.reminder else { continue }
            let interval = Millis.minutes(minutes)
            let fired = firedElapsed(first)
            // Reminder n lies at fired + (n-1)·interval; those reached in (from, to]:
            let firstNumber = firedBefore ? ((low?.elapsed ?? 0) - fired) / interval + 2 : 1
            let lastNumber = min((high.elapsed - fired) / interval + 1, reminderLimit(first, interval: interval))
            guard lastNumber >= firstNumber else { continue }
            let instant =
                lastNumber == 1
                ? (firing ?? schedule.reaching(first.point, inSegment: first.index, on: timeline))?.instant
                : timeline.crossing(of: fired + (lastNumber - 1) * interval)
            guard let instant else { continue }
            result.append(
                self.action(
                    "level\(number):reminder\(lastNumber)", at: instant,
                    .reminder(level: number, number: Int(lastNumber), to: responder, skipped: Int(lastNumber - firstNumber))))
        }
    }

    /// The earliest instant `to` after `instant` for which ``collect(from:to:profile:into:)``
    /// from `instant` finds something: a warning, the breach, a level, an unacknowledged
    /// reminder.
    func nextDue(after instant: Int64) -> Int64? {
        let reach = schedule.reach(through: instant, includingChangesAt: false, on: timeline)
        let levels = ladder?.levels ?? []
        let thresholds = clock.warnings.thresholds
        var points: [TargetPoint] = []
        points.reserveCapacity(thresholds.count + 1 + levels.count)
        for threshold in thresholds { points.append(.warning(threshold)) }
        points.append(.breach)
        for level in levels { points.append(.level(level.trigger)) }
        var best = schedule.nextReport(of: points, after: reach, on: timeline)
        for level in levels {
            guard let (_, minutes) = level.reminder,
                let first = schedule.firstSegment(reaching: .level(level.trigger), within: reach)
            else { continue }
            let interval = Millis.minutes(minutes)
            let fired = firedElapsed(first)
            let next = (reach.elapsed - fired) / interval + 2
            guard next <= reminderLimit(first, interval: interval),
                let due = timeline.crossing(of: fired + (next - 1) * interval)
            else { continue }
            if best.map({ due < $0 }) ?? true { best = due }
        }
        return best
    }
}

extension EscalationAction {
    /// The step this action asks for on a case, or `nil` when it has nothing to do: a route
    /// without a matching rule or fallback, a priority already at the top, a reminder (reported
    /// as ``SLADueAction/Kind/reminder(level:number:to:skipped:)``).
    func step(for profile: CaseProfile) -> EscalationStep? {
        switch self {
        case .route(let routing): return routing.responder(for: profile).map { .route(to: $0) }
        case .raisePriority(let steps):
            // Decoded steps are 1–3; ones built in code are clamped, so a huge count cannot
            // overflow and a count below one cannot lower the priority.
            let raised = profile.priority.raised(by: min(max(steps, 0), 3))
            return raised == profile.priority ? nil : .raisePriority(from: profile.priority, to: raised)
        case .createTask(let template): return .createTask(template: template)
        case .createTaskGroup(let templates): return .createTaskGroup(templates: templates)
        case .notify(let responder): return .notify(responder)
        case .notifyPartner(let template): return .notifyPartner(template: template)
        case .remind: return nil
        }
    }
}

extension SLAClock {
    /// The warnings and breaches that became due in the interval `(from, to]`, ordered by
    /// instant then id. See ``dueActions(from:to:calendar:ladder:profile:)`` for escalations too.
    ///
    /// - Parameters:
    ///   - from: The previous evaluation's instant, exclusive; `nil` for "since the start".
    ///   - to: The current instant, inclusive.
    ///   - calendar: The calendar named by ``calendarName``.
    public func dueActions(from: Date?, to: Date, calendar: some BusinessTimeMeasuring) -> [SLADueAction] {
        collectDueActions(from: from, to: to, calendar: calendar, escalation: nil)
    }

    /// Everything that became due in the interval `(from, to]`: warnings, the breach, and the
    /// ladder's escalation steps and reminders, ordered by instant (at one instant: warnings,
    /// breach, escalations), then id.
    ///
    /// Pass the instant of the previous evaluation as `from` (or `nil` for the first
    /// evaluation, which then includes everything up to `to`, for example the breach of a
    /// clock started retroactively long ago). Successive intervals that share their ends report
    /// every point exactly once; overlapping intervals report some twice, with the same
    /// ``SLADueAction/id``.
    ///
    /// Points are reached under the target in force (``SLAClock/changeTarget(to:at:)``). What a
    /// target change at `c` makes due at once is due at `c` and reported by the interval with
    /// `from <= c < to` (one that ends at `c` reports it only on the next call), so it is
    /// reported exactly once whether the change was recorded before or after an evaluation up
    /// to `c`.
    ///
    /// - Parameters:
    ///   - from: The previous evaluation's instant, exclusive; `nil` for "since the start".
    ///   - to: The current instant, inclusive.
    ///   - calendar: The calendar named by ``calendarName``.
    ///   - ladder: The ladder named by ``ladderName``; `nil` for warnings and breaches only.
    ///   - profile: The case's current facts, for routing and priority steps.
    public func dueActions(
        from: Date?, to: Date, calendar: some BusinessTimeMeasuring, ladder: EscalationLadder?, profile: CaseProfile
    ) -> [SLADueAction] {
        collectDueActions(from: from, to: to, calendar: calendar, escalation: ladder.map { ($0, profile) })
    }

    private func collectDueActions(
        from: Date?, to: Date, calendar: some BusinessTimeMeasuring, escalation: (EscalationLadder, CaseProfile)?
    ) -> [SLADueAction] {
        let fromMillis = from.map(Millis.of)
        let toMillis = Millis.of(to)
        var result: [SLADueAction] = []
        for cycle in cycles {
            if cycle.startMillis > toMillis { break }
            // A cycle that ended at `from` may still report what a target change at its end made
            // due at once.
            if let fromMillis, let end = cycle.endMillis, end < fromMillis { continue }
            let plan = CyclePlan(clock: self, cycle: cycle, calendar: calendar, ladder: escalation?.0)
            plan.collect(from: fromMillis, to: toMillis, profile: escalation?.1, into: &result)
        }
        return result.sorted(by: SLADueAction.ordered)
    }

    /// The earliest instant after `instant` at which something becomes due (a warning, the
    /// breach, an escalation level, a reminder), or `nil` when nothing can: the cycle ended, or
    /// the clock is paused (its future depends on when it resumes), or every point is past and
    /// every reminder acknowledged.
    ///
    /// Precisely: the earliest `to` for which ``dueActions(from:to:calendar:ladder:profile:)``
    /// from `instant` reports something. For what a target change at `c >= instant` makes due at
    /// once (due at `c`, reported by intervals ending after `c`) that is `c` + 1 ms, so a clock a
    /// change breached stays in the index, paused or not, until the breach is reported.
    ///
    /// This is the key of the clock in a ``DueActionIndex``. Recompute it after every
    /// transition and after handling its due actions.
    public func nextDueDate(after instant: Date, calendar: some BusinessTimeMeasuring, ladder: EscalationLadder? = nil)
        -> Date?
    {
        let at = Millis.of(instant)
        var best: Int64?
        for cycle in cycles.reversed() {
            if let end = cycle.endMillis, end < at { break }
            let plan = CyclePlan(clock: self, cycle: cycle, calendar: calendar, ladder: ladder)
            guard let due = plan.nextDue(after: at), due > at else { continue }
            if best.map({ due < $0 }) ?? true { best = due }
        }
        return best.map(Millis.date)
    }
}

extension EscalationLadder {
    /// The escalation steps and reminders of `clock` that became due in `(from, to]`, ordered
    /// by instant then id (the warnings and breach are left out; see
    /// ``SLAClock/dueActions(from:to:calendar:ladder:profile:)`` for everything at once).
    ///
    /// Each level fires once per cycle, when the clock's business time reaches its trigger under
    /// the target in force (see ``SLAClock/changeTarget(to:at:)``). A level's reminders repeat every
    /// `everyMinutes` of the clock's business time from when it fired (so they stop while the
    /// clock is paused) until an acknowledgement at or after the level fired
    /// (``SLAClock/acknowledge(at:)``), or the cycle ends.
    ///
    /// - Parameters:
    ///   - clock: The clock.
    ///   - profile: The case's current facts, for routing and priority steps.
    ///   - calendar: The calendar the clock measures in.
    ///   - from: The previous evaluation's instant, exclusive; `nil` for "since the start".
    ///   - to: The current instant, inclusive.
    public func actionsDue(
        for clock: SLAClock, profile: CaseProfile, calendar: some BusinessTimeMeasuring, from: Date?, to: Date
    ) -> [SLADueAction] {
        clock.dueActions(from: from, to: to, calendar: calendar, ladder: self, profile: profile).filter { action in
            switch action.kind {
            case .escalation, .reminder: return true
            case .warning, .breach: return false
            }
        }
    }
}
