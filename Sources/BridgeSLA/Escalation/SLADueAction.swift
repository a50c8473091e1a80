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
    /// The instant the point was reached.
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

/// The elapsed points of one cycle, with the escalation context; shared by the interval query
/// (what became due in `(from, to]`) and the next-due query (the earliest instant after `t`).
private struct CyclePlan<Calendar: BusinessTimeMeasuring> {
    let clock: SLAClock
    let cycle: SLACycle
    let timeline: CycleTimeline<Calendar>
    let ladder: EscalationLadder?

    init(clock: SLAClock, cycle: SLACycle, calendar: Calendar, ladder: EscalationLadder?) {
        self.clock = clock
        self.cycle = cycle
        self.timeline = CycleTimeline(cycle, calendar: calendar)
        self.ladder = ladder
    }

    var target: Int64 { cycle.targetMillis }

    func prefix() -> String { "\(clock.id.rawValue)#\(cycle.number):" }

    func action(_ suffix: String, at instant: Int64, _ kind: SLADueAction.Kind) -> SLADueAction {
        SLADueAction(
            id: DueActionID(rawValue: prefix() + suffix), clockId: clock.id, caseId: clock.caseId, metric: clock.metric,
            cycle: cycle.number, dueAt: Millis.date(instant), kind: kind)
    }

    /// The reminder numbers of `level` that an acknowledgement has not stopped: all numbers up
    /// to the returned one (`Int64.max` when no acknowledgement applies).
    ///
    /// An acknowledgement at instant `a` stops the level's reminders due at or after `a` if the
    /// level had fired by `a`. Reminder `n` is due at `crossing(point + (n-1)·interval)`, which
    /// is before `a` exactly when `elapsed(a - 1 ms) >= point + (n-1)·interval`.
    func lastUnacknowledgedReminder(levelPoint: Int64, interval: Int64) -> Int64 {
        guard !cycle.acknowledgementMillis.isEmpty, let fired = timeline.crossing(of: levelPoint),
            let acknowledgement = cycle.acknowledgementMillis.first(where: { $0 >= fired })
        else { return .max }
        let before = timeline.elapsed(at: acknowledgement - 1)
        guard before >= levelPoint else { return 0 }
        return (before - levelPoint) / interval + 1
    }

    /// Appends the due actions whose points lie in `(low, high]` of elapsed business time.
    func collect(low: Int64, high: Int64, profile: CaseProfile?, into result: inout [SLADueAction]) {
        guard high > low else { return }
        for (threshold, point) in clock.warnings.points(target: target) where point > low && point <= high {
            if let at = timeline.crossing(of: point) { result.append(action("warning:\(threshold)", at: at, .warning(threshold))) }
        }
        if target > low && target <= high, let at = timeline.crossing(of: target) {
            result.append(action("breach", at: at, .breach))
        }
        guard let ladder, let profile else { return }
        for (levelIndex, level) in ladder.levels.enumerated() {
            let number = levelIndex + 1
            let point = level.trigger.elapsedPoint(target: target)
            if point > low && point <= high, let at = timeline.crossing(of: point) {
                for (actionIndex, action) in level.actions.enumerated() {
                    guard let step = action.step(for: profile) else { continue }
                    result.append(
                        self.action("level\(number):action\(actionIndex + 1)", at: at, .escalation(level: number, step)))
                }
            }
            guard let (responder, minutes) = level.reminder, high >= point else { continue }
            let interval = Millis.minutes(minutes)
            // Reminder n lies at point + (n-1)·interval; those in (low, high]:
            let first = low < point ? 1 : (low - point) / interval + 2
            let last = min((high - point) / interval + 1, lastUnacknowledgedReminder(levelPoint: point, interval: interval))
            guard last >= first, let at = timeline.crossing(of: point + (last - 1) * interval) else { continue }
            result.append(
                self.action(
                    "level\(number):reminder\(last)", at: at,
                    .reminder(level: number, number: Int(last), to: responder, skipped: Int(last - first))))
        }
    }

    /// The smallest elapsed point above `low`, among warnings, the breach, levels and
    /// unacknowledged reminders.
    func nextPoint(above low: Int64) -> Int64? {
        var best: Int64?
        func consider(_ point: Int64) {
            if point > low, best.map({ point < $0 }) ?? true { best = point }
        }
        for (_, point) in clock.warnings.points(target: target) { consider(point) }
        consider(target)
        guard let ladder else { return best }
        for level in ladder.levels {
            let point = level.trigger.elapsedPoint(target: target)
            consider(point)
            guard let (_, minutes) = level.reminder else { continue }
            let interval = Millis.minutes(minutes)
            let next = low < point ? 1 : (low - point) / interval + 2
            if next <= lastUnacknowledgedReminder(levelPoint: point, interval: interval) {
                consider(point + (next - 1) * interval)
            }
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
            if let fromMillis, let end = cycle.endMillis, end <= fromMillis { continue }
            let plan = CyclePlan(clock: self, cycle: cycle, calendar: calendar, ladder: escalation?.0)
            let low = fromMillis.map { plan.timeline.elapsed(at: $0) } ?? 0
            let high = plan.timeline.elapsed(at: toMillis)
            plan.collect(low: low, high: high, profile: escalation?.1, into: &result)
        }
        return result.sorted(by: SLADueAction.ordered)
    }

    /// The earliest instant after `instant` at which something becomes due (a warning, the
    /// breach, an escalation level, a reminder), or `nil` when nothing can: the cycle ended, or
    /// the clock is paused (its future depends on when it resumes), or every point is past and
    /// every reminder acknowledged.
    ///
    /// This is the key of the clock in a ``DueActionIndex``. Recompute it after every
    /// transition and after handling its due actions.
    public func nextDueDate(after instant: Date, calendar: some BusinessTimeMeasuring, ladder: EscalationLadder? = nil)
        -> Date?
    {
        let at = Millis.of(instant)
        var best: Int64?
        for cycle in cycles.reversed() {
            if let end = cycle.endMillis, end <= at { break }
            let plan = CyclePlan(clock: self, cycle: cycle, calendar: calendar, ladder: ladder)
            let low = plan.timeline.elapsed(at: at)
            guard let point = plan.nextPoint(above: low), let due = plan.timeline.crossing(of: point), due > at else {
                continue
            }
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
    /// Each level fires once per cycle, when the clock's business time reaches its trigger.
    /// A level's reminders repeat every `everyMinutes` of the clock's business time (so they
    /// stop while the clock is paused) until an acknowledgement at or after the level fired
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
