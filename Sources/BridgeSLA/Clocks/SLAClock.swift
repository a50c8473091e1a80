#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// The id of an SLA clock; by convention `<case id>/<metric>` (see
/// ``SLAClock/id(case:metric:)``).
public typealias SLAClockID = Identifier<SLAClock>

/// Why an SLA clock refused a transition.
public enum SLAClockError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The current cycle has ended (stopped or cancelled); start a new cycle first.
    case cycleEnded(SLACycleEnd)
    /// The current cycle is still running or paused, so a new cycle cannot start.
    case cycleInProgress
    /// The transition's instant lies before the clock's last recorded transition. Transitions
    /// must come in time order; the clock does not rewrite its history.
    case instantBeforeLastTransition(last: Date)
    /// A cancelled cycle cannot be stopped, and a stopped one cannot be cancelled.
    case alreadyEnded(SLACycleEnd)
    /// The history is full: the current cycle already has `limit` pauses, acknowledgements or
    /// target changes, or the clock `limit` cycles, the most a persisted clock may hold. The transition is
    /// refused and the clock is unchanged, so it still decodes after the store saves it.
    case historyFull(limit: Int)

    /// A description of the refusal.
    public var description: String {
        switch self {
        case .cycleEnded(let end): return "the current cycle has ended (\(end)); start a new cycle first"
        case .cycleInProgress: return "the current cycle is still running or paused"
        case .instantBeforeLastTransition(let last):
            return "the instant lies before the last transition at \(RFC3339.string(from: last))"
        case .alreadyEnded(let end): return "the current cycle has already ended (\(end))"
        case .historyFull(let limit): return "the clock's history is full (at most \(limit) entries)"
        }
    }
}

/// One SLA clock: the measurement of one metric (first response, resolution, partner update)
/// of one case, as a `Codable` value a store persists.
///
/// A clock is a pure value. Time is always an argument: transitions take the instant they
/// happened at, evaluation takes the instant to evaluate at and the business calendar to measure
/// in, so nothing sleeps and every result can be recomputed from the persisted value.
///
/// ### Transitions
///
/// | call | running | paused | stopped | cancelled |
/// |---|---|---|---|---|
/// | ``pause(at:)`` | pauses | no-op | error | error |
/// | ``resume(at:)`` | no-op | resumes | error | error |
/// | ``stop(at:)`` | stops | stops (the pause ends) | no-op | error |
/// | ``cancel(at:)`` | cancels | cancels | error | no-op |
/// | ``startNewCycle(at:target:)`` | error | error | new cycle | new cycle |
/// | ``changeTarget(to:at:)`` | re-targets | re-targets | error | error |
///
/// A repeated transition is a no-op that returns `false`, so replayed events are harmless. A
/// transition that cannot apply throws ``SLAClockError``, as does an instant before the last
/// recorded transition (the history is append-only).
///
/// ### Time and breach
///
/// The clock counts business time while it runs: the calendar's open time between the start
/// and now, minus the paused spans. It **breaches at its deadline instant**, the earliest
/// instant at which the elapsed business time reaches the target; at that instant and after,
/// ``SLAClockStatus/state`` is ``SLAState/breached``, and a stop at that instant is too late.
/// While a clock is paused it has no deadline (``SLAClockStatus/deadline`` is `nil`): the
/// breach instant depends on when it resumes.
///
/// ### Target changes
///
/// ``changeTarget(to:at:)`` records when the target changed, and every point that depends on
/// the target (warnings, the breach, escalation levels) is reached at the first instant at which
/// the business time used reaches it **under the target in force at that instant**. Lowering the
/// target below the time already used makes the breach (and whatever else the new target puts
/// behind the time used) due at the change; raising it after a breach un-breaches nothing. See
/// ``changeTarget(to:at:)``.
///
/// The warnings and names are fixed when the clock starts; the calendar and ladder are looked
/// up by name at each evaluation, so an edited calendar or ladder applies to running clocks,
/// including to the time they already used. Unlike a target change, such an edit is not
/// recorded in the clock: a point it moves before the host's last evaluation is not reported
/// by the next interval. After editing a calendar or ladder, evaluate the clocks that use it
/// once from the start of their current cycle and drop the ids already handled.
public struct SLAClock: Hashable, Sendable {
    /// The clock's id.
    public let id: SLAClockID
    /// The case it measures.
    public let caseId: CaseID
    /// What it measures.
    public let metric: SLAMetric
    /// The name of the business calendar it measures in; `nil` for 24/7 time.
    public var calendarName: String?
    /// The name of the escalation ladder that applies; `nil` for none.
    public var ladderName: String?
    /// When it warns before breaching.
    public var warnings: WarningThresholds
    /// Every cycle so far, oldest first; never empty. The last is the current one.
    public private(set) var cycles: [SLACycle]

    /// The longest accepted target: ten years of 24/7 time. Longer targets are shortened to it.
    public static let maximumTarget: Duration = .seconds(Int64(SLALimits.maximumMinutes) * 60)

    /// Starts a clock at `start`, which may lie in the past (a retroactive start from the
    /// moment the partner raised the issue, say the event's `occurredAt`).
    ///
    /// - Parameters:
    ///   - id: The clock's id; ``id(case:metric:)`` gives the conventional one.
    ///   - caseId: The case measured.
    ///   - metric: What is measured.
    ///   - target: The business time allowed, clamped to 1 ms ... ``maximumTarget``.
    ///   - start: When the first cycle starts.
    ///   - calendarName: The calendar it measures in (`nil`: 24/7).
    ///   - ladderName: The escalation ladder (`nil`: none).
    ///   - warnings: When it warns.
    public init(
        id: SLAClockID? = nil, caseId: CaseID, metric: SLAMetric, target: Duration, startedAt start: Date,
        calendarName: String? = nil, ladderName: String? = nil, warnings: WarningThresholds = .standard
    ) {
        self.id = id ?? SLAClock.id(case: caseId, metric: metric)
        self.caseId = caseId
        self.metric = metric
        self.calendarName = calendarName
        self.ladderName = ladderName
        self.warnings = warnings
        self.cycles = [SLACycle(number: 1, startMillis: Millis.of(start), targetMillis: SLAClock.clampTarget(target))]
    }

    /// The conventional id of a case's clock for a metric: `<case id>/<metric>`.
    public static func id(case caseId: CaseID, metric: SLAMetric) -> SLAClockID {
        SLAClockID(rawValue: "\(caseId.rawValue)/\(metric.rawValue)")
    }

    /// The most characters ``id(case:metric:)`` adds to a case id: the separator and the longest
    /// metric name.
    static let idSuffixLimit = 1 + SLAMetric.allCases.map(\.rawValue.count).reduce(0, max)

    /// The current (last) cycle.
    public var currentCycle: SLACycle { cycles[cycles.count - 1] }

    static func clampTarget(_ target: Duration) -> Int64 {
        min(max(1, Millis.of(target)), Millis.of(maximumTarget))
    }

    // MARK: Transitions

    /// Pauses the running clock at `instant`.
    ///
    /// - Returns: `true` if the clock paused, `false` if it was already paused.
    /// - Throws: ``SLAClockError`` if the cycle has ended or `instant` precedes the last
    ///   transition, ``SLAClockError/historyFull(limit:)`` if the cycle already has 10,000
    ///   pauses.
    @discardableResult
    public mutating func pause(at instant: Date) throws(SLAClockError) -> Bool {
        let cycle = currentCycle
        if let end = cycle.end { throw .cycleEnded(end) }
        if cycle.isPaused { return false }
        let at = try checkedInstant(instant)
        try SLAClock.checkRoom(cycle.pauseSpans.count, limit: SLALimits.entriesPerCycle)
        cycles[cycles.count - 1].openPause(at: at)
        return true
    }

    /// Resumes the paused clock at `instant`.
    ///
    /// - Returns: `true` if the clock resumed, `false` if it was already running.
    /// - Throws: ``SLAClockError`` if the cycle has ended or `instant` precedes the last
    ///   transition.
    @discardableResult
    public mutating func resume(at instant: Date) throws(SLAClockError) -> Bool {
        let cycle = currentCycle
        if let end = cycle.end { throw .cycleEnded(end) }
        guard cycle.isPaused else { return false }
        let at = try checkedInstant(instant)
        cycles[cycles.count - 1].closePause(at: at)
        return true
    }

    /// Stops the current cycle at `instant`: the response was given, the case resolved, the
    /// update posted. Whether the target was met depends on the instant (a stop at or after
    /// the deadline is a breach). A paused clock's pause ends at `instant`.
    ///
    /// - Returns: `true` if the cycle stopped, `false` if it was already stopped.
    /// - Throws: ``SLAClockError`` if the cycle was cancelled or `instant` precedes the last
    ///   transition.
    @discardableResult
    public mutating func stop(at instant: Date) throws(SLAClockError) -> Bool {
        try finish(.stopped, at: instant)
    }

    /// Cancels the current cycle at `instant`: the measurement no longer applies. Cancelled
    /// cycles count neither as met nor as breached and emit nothing more.
    ///
    /// - Returns: `true` if the cycle was cancelled, `false` if it already was.
    /// - Throws: ``SLAClockError`` if the cycle was stopped or `instant` precedes the last
    ///   transition.
    @discardableResult
    public mutating func cancel(at instant: Date) throws(SLAClockError) -> Bool {
        try finish(.cancelled, at: instant)
    }

    private mutating func finish(_ how: SLACycleEnd, at instant: Date) throws(SLAClockError) -> Bool {
        if let end = currentCycle.end {
            if end == how { return false }
            throw .alreadyEnded(end)
        }
        let at = try checkedInstant(instant)
        cycles[cycles.count - 1].finish(how, at: at)
        return true
    }

    /// Starts a new cycle at `instant` after the current one ended: a resolved case was
    /// reopened, or a periodic partner update was posted and the next one is due. The ended
    /// cycles stay in ``cycles``.
    ///
    /// - Parameters:
    ///   - instant: When the new cycle starts.
    ///   - target: Its target; `nil` keeps the target in force at the end of the current cycle.
    /// - Throws: ``SLAClockError/cycleInProgress`` if the current cycle has not ended,
    ///   ``SLAClockError/historyFull(limit:)`` if the clock already has 10,000 cycles, or an
    ///   error if `instant` precedes the last transition.
    public mutating func startNewCycle(at instant: Date, target: Duration? = nil) throws(SLAClockError) {
        guard currentCycle.hasEnded else { throw .cycleInProgress }
        let at = try checkedInstant(instant)
        try SLAClock.checkRoom(cycles.count, limit: SLALimits.cycles)
        let targetMillis = target.map(SLAClock.clampTarget) ?? currentCycle.currentTargetMillis
        cycles.append(SLACycle(number: currentCycle.number + 1, startMillis: at, targetMillis: targetMillis))
    }

    /// Records that the escalations of the current cycle were acknowledged at `instant`.
    ///
    /// An acknowledgement stops the reminders of every escalation level that fired at or
    /// before it; a level that fires later reminds again until it is acknowledged in turn.
    ///
    /// - Returns: `true` if recorded, `false` if an acknowledgement at or after `instant` is
    ///   already recorded (a replay).
    /// - Throws: ``SLAClockError/cycleEnded(_:)`` if the cycle has ended,
    ///   ``SLAClockError/historyFull(limit:)`` if it already has 10,000 acknowledgements.
    @discardableResult
    public mutating func acknowledge(at instant: Date) throws(SLAClockError) -> Bool {
        if let end = currentCycle.end { throw .cycleEnded(end) }
        let at = max(Millis.of(instant), currentCycle.startMillis)
        if let last = currentCycle.acknowledgementMillis.last, last >= at { return false }
        try SLAClock.checkRoom(currentCycle.acknowledgementMillis.count, limit: SLALimits.entriesPerCycle)
        cycles[cycles.count - 1].acknowledgementMillis.append(at)
        return true
    }

    /// Changes the current cycle's target at `instant`, keeping the business time already used
    /// (as Zendesk does when a ticket's priority changes): from `instant` on, the cycle may take
    /// `target` of business time, counted from its start.
    ///
    /// The change is recorded in ``SLACycle/targetChanges``, so evaluation knows which target
    /// was in force when. A point that depends on the target (a warning, the breach, an
    /// escalation level) is reached at the first instant at which the business time used
    /// reaches it under the target in force at that instant:
    ///
    /// - **Lowered below the time used**: every point the new target puts at or behind the time
    ///   already used becomes due **at the change**, once: the breach and the breach levels of
    ///   a priority raised to urgent are not lost. The cycle is breached since `instant`
    ///   (``SLAClockStatus/breachedAt``), even while paused: the new target was already
    ///   exceeded.
    /// - **Lowered, still above the time used**: the remaining points move earlier.
    /// - **Raised**: what was reached under the old target stays reached and is not reported
    ///   again (a breach stays a breach, with its instant); the points not yet reached move to
    ///   the new target.
    ///
    /// Due action ids do not change (`<clock>#<cycle>:breach` is the same breach whatever the
    /// target), and a point reported under one target is never reported again under another.
    /// A level's reminders count from when the level fired, so a later change does not move
    /// them.
    ///
    /// What a change makes due at once is due at `instant`, and is reported by the first
    /// ``dueActions(from:to:calendar:ladder:profile:)`` interval that starts at or before
    /// `instant` and ends after it (`from <= instant < to`), so it is reported exactly once
    /// whether the host evaluated up to `instant` before or after recording the change. Pass the
    /// instant the change is recorded (now): a change dated before the host's last evaluation
    /// lands in an interval already evaluated; evaluate again from before it and drop the ids
    /// already handled.
    ///
    /// - Parameters:
    ///   - target: The new target, clamped to 1 ms ... ``maximumTarget``.
    ///   - instant: When the change takes effect.
    /// - Returns: `true` if the change was recorded, `false` if `target` is the target in force
    ///   already (a replay; nothing changes).
    /// - Throws: ``SLAClockError/cycleEnded(_:)`` if the cycle has ended,
    ///   ``SLAClockError/instantBeforeLastTransition(last:)`` if `instant` precedes the last
    ///   transition, ``SLAClockError/historyFull(limit:)`` if the cycle already has 10,000
    ///   target changes.
    @discardableResult
    public mutating func changeTarget(to target: Duration, at instant: Date) throws(SLAClockError) -> Bool {
        let cycle = currentCycle
        if let end = cycle.end { throw .cycleEnded(end) }
        let targetMillis = SLAClock.clampTarget(target)
        if targetMillis == cycle.currentTargetMillis { return false }
        let at = try checkedInstant(instant)
        try SLAClock.checkRoom(cycle.changes.count, limit: SLALimits.entriesPerCycle)
        cycles[cycles.count - 1].changes.append(SLATargetChange(atMillis: at, targetMillis: targetMillis))
        return true
    }

    /// Refuses to grow a history of `count` entries past `limit`, what the decoder accepts.
    static func checkRoom(_ count: Int, limit: Int) throws(SLAClockError) {
        if count >= limit { throw .historyFull(limit: limit) }
    }

    private func checkedInstant(_ instant: Date) throws(SLAClockError) -> Int64 {
        let at = Millis.of(instant)
        let last = currentCycle.lastTransitionMillis
        guard at >= last else { throw .instantBeforeLastTransition(last: Millis.date(last)) }
        return at
    }
}

// MARK: - Coding

extension SLAClock: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, caseId, metric, calendar, escalation, warnings, cycles
    }

    /// Decodes a persisted clock and validates every cycle.
    ///
    /// - Throws: `InputError` with the path of the first problem.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let limits = decoder.inputLimits
        // Whatever the API can build must decode again. The conventional id is
        // `<case id>/<metric>`, longer than the longest case id by the separator and the metric.
        id = SLAClockID(rawValue: try c.text(.id, .identifier, limit: limits.identifier + SLAClock.idSuffixLimit))
        caseId = try c.required(CaseID.self, .caseId)
        metric = try c.required(SLAMetric.self, .metric)
        // Team and partner calendar names come from the host's calendar dictionary, not from the
        // token-checked configuration, so any one-line name is kept.
        calendarName = try c.optionalText(.calendar, .line, limit: limits.identifier)
        ladderName = try c.optionalText(.escalation, .line, limit: limits.identifier)
        warnings = try c.optional(WarningThresholds.self, .warnings) ?? .standard
        cycles = try c.list(.cycles, limit: SLALimits.cycles)
        if cycles.isEmpty { throw InputError(path: c.path(.cycles), reason: .empty) }
        for index in cycles.indices {
            let path = c.path(.cycles).appending(index: index)
            guard cycles[index].number == index + 1 else {
                throw InputError(path: path.appending(key: "number"), reason: .inconsistent("cycles are numbered 1, 2, 3, …"))
            }
            if index > 0 {
                guard let previousEnd = cycles[index - 1].endMillis else {
                    throw InputError(path: c.path(.cycles).appending(index: index - 1).appending(key: "end"), reason: .missing)
                }
                guard cycles[index].startMillis >= previousEnd else {
                    throw InputError(path: path.appending(key: "startedAt"), reason: .inconsistent("a cycle starts before the previous one ended"))
                }
            }
        }
    }

    /// Encodes the clock with RFC 3339 instants.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(caseId, forKey: .caseId)
        try c.encode(metric, forKey: .metric)
        try c.encodeIfPresent(calendarName, forKey: .calendar)
        try c.encodeIfPresent(ladderName, forKey: .escalation)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(cycles, forKey: .cycles)
    }
}
