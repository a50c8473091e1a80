#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// What ``SLAClock/apply(status:at:pauseOn:)`` did to a clock.
public enum SLAClockChange: Hashable, Sendable {
    /// Nothing: the clock was already in the state the status asks for.
    case unchanged
    /// The clock paused.
    case paused
    /// The clock resumed.
    case resumed
    /// The cycle stopped.
    case stopped
    /// The cycle was cancelled.
    case cancelled
    /// A new cycle started (the case was reopened); `paused` when it starts in a pause status.
    case newCycle(paused: Bool)
}

extension SLAClock {
    /// Follows a change of the case's work status, the way the sync engine does on every status
    /// change from a tracker.
    ///
    /// | new status | running | paused | ended |
    /// |---|---|---|---|
    /// | in `pauseOn` | pause | — | new cycle, paused ¹ |
    /// | `cancelled` | cancel | cancel | — |
    /// | another finished status (`resolved`, `closed`, `approved`, `rejected`) | stop | stop | — |
    /// | any other (`open`, `inProgress`, …) | — | resume | new cycle ¹ |
    ///
    /// ¹ Reopening starts a new cycle for ``SLAMetric/resolution`` and
    /// ``SLAMetric/partnerUpdate`` clocks; a ``SLAMetric/firstResponse`` clock measures the
    /// first response only once and stays ended.
    ///
    /// - Parameters:
    ///   - status: The case's new status.
    ///   - instant: When it changed.
    ///   - pauseOn: The statuses that pause the clock (``AppliedSLA/pauseOn``).
    /// - Returns: What changed.
    /// - Throws: ``SLAClockError/instantBeforeLastTransition(last:)`` for an instant before the
    ///   clock's last transition, ``SLAClockError/historyFull(limit:)`` when the clock cannot
    ///   record another pause or cycle.
    @discardableResult
    public mutating func apply(status: WorkStatus, at instant: Date, pauseOn: [WorkStatus] = SLAPolicy.defaultPauseStatuses)
        throws(SLAClockError) -> SLAClockChange
    {
        let pauses = pauseOn.contains(status) && !status.isDone
        if currentCycle.hasEnded {
            guard !status.isDone, metric != .firstResponse else { return .unchanged }
            try startNewCycle(at: instant)
            if pauses { try pause(at: instant) }
            return .newCycle(paused: pauses)
        }
        if status == .cancelled { return try cancel(at: instant) ? .cancelled : .unchanged }
        if status.isDone { return try stop(at: instant) ? .stopped : .unchanged }
        if pauses { return try pause(at: instant) ? .paused : .unchanged }
        return try resume(at: instant) ? .resumed : .unchanged
    }

    /// Stops the current cycle (if it runs) and starts the next one at the same instant: a
    /// periodic partner update was posted, so the next one is due a full target later.
    ///
    /// - Throws: ``SLAClockError/instantBeforeLastTransition(last:)`` for an instant before
    ///   the last transition, ``SLAClockError/historyFull(limit:)`` when the clock already has
    ///   10,000 cycles (then the current cycle is not stopped either).
    public mutating func stopAndStartNewCycle(at instant: Date) throws(SLAClockError) {
        try SLAClock.checkRoom(cycles.count, limit: SLALimits.cycles)
        if !currentCycle.hasEnded { try stop(at: instant) }
        try startNewCycle(at: instant)
    }
}
