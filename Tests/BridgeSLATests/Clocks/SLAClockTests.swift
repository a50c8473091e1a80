import BridgeModels
import BridgeSLA
import Foundation
import Testing

/// Hand-checked clock arithmetic, in 24/7 time and on the even-hours fake (business time only in
/// even UTC hours: 00–01, 02–03, 04–05, …).
@Suite struct SLAClockTests {
    let allDay = BusinessCalendar.twentyFourSeven
    let evenHours = EvenHoursCalendar()

    func clock(target: Duration, start: String, warnings: WarningThresholds = .standard) -> SLAClock {
        SLAClock(caseId: "C-1", metric: .resolution, target: target, startedAt: at(start), warnings: warnings)
    }

    // MARK: 24/7

    @Test func runningClockInPlainTime() {
        let clock = clock(target: hours(4), start: "2026-03-02T09:00:00Z")
        let status = clock.status(at: at("2026-03-02T10:00:00Z"), calendar: allDay)
        // 09:00 → 10:00 = 1 h of 4 h: 25 %, 3 h left, breach at 09:00 + 4 h = 13:00.
        #expect(status.state == .running)
        #expect(status.elapsed == hours(1))
        #expect(status.remaining == hours(3))
        #expect(status.percentUsed == 25)
        #expect(status.deadline == at("2026-03-02T13:00:00Z"))
        #expect(status.breachedAt == nil)
        #expect(status.wallClockElapsed == hours(1))
        #expect(clock.id == "C-1/resolution")
    }

    @Test func pauseAndResumeMoveTheDeadlineByThePause() throws {
        var clock = clock(target: hours(4), start: "2026-03-02T09:00:00Z")
        try clock.pause(at: at("2026-03-02T10:00:00Z"))
        let paused = clock.status(at: at("2026-03-02T10:30:00Z"), calendar: allDay)
        // Paused at 10:00 after 1 h: elapsed stays 1 h, no deadline while paused.
        #expect(paused.state == .paused)
        #expect(paused.elapsed == hours(1))
        #expect(paused.deadline == nil)
        #expect(paused.pausedTime == minutes(30))
        try clock.resume(at: at("2026-03-02T11:30:00Z"))
        let resumed = clock.status(at: at("2026-03-02T12:00:00Z"), calendar: allDay)
        // 1 h before the pause + 30 min since 11:30 = 1.5 h; the 1.5 h pause moves 13:00 to 14:30.
        #expect(resumed.elapsed == minutes(90))
        #expect(resumed.deadline == at("2026-03-02T14:30:00Z"))
        #expect(resumed.pausedTime == minutes(90))
        #expect(resumed.wallClockElapsed == minutes(90))
        // Evaluated in the past, the clock answers as it stood then: paused, no deadline.
        #expect(clock.status(at: at("2026-03-02T11:00:00Z"), calendar: allDay).state == .paused)
    }

    @Test func breachIsExactlyAtTheDeadlineInstant() throws {
        let clock = clock(target: hours(4), start: "2026-03-02T09:00:00Z")
        let before = clock.status(at: at("2026-03-02T12:59:59.999Z"), calendar: allDay)
        #expect(before.state == .atRisk)
        #expect(before.remaining == .milliseconds(1))
        let onTime = clock.status(at: at("2026-03-02T13:00:00Z"), calendar: allDay)
        #expect(onTime.state == .breached)
        #expect(onTime.breachedAt == at("2026-03-02T13:00:00Z"))
        #expect(onTime.remaining == .zero)
        // A stop 1 ms before the deadline meets the target; a stop at the deadline is too late.
        var early = clock
        try early.stop(at: at("2026-03-02T12:59:59.999Z"))
        #expect(early.status(at: at("2026-03-03T00:00:00Z"), calendar: allDay).state == .met)
        var late = clock
        try late.stop(at: at("2026-03-02T13:00:00Z"))
        let lateStatus = late.status(at: at("2026-03-03T00:00:00Z"), calendar: allDay)
        #expect(lateStatus.state == .breached)
        #expect(lateStatus.hasEnded)
        #expect(lateStatus.elapsed == hours(4))
    }

    @Test func retroactiveStartReportsWhatIsAlreadyDue() {
        // Issue raised at 08:00 (the event's occurredAt), registered at 10:00 with a 1 h target.
        let clock = clock(target: hours(1), start: "2026-03-02T08:00:00Z")
        let status = clock.status(at: at("2026-03-02T10:00:00Z"), calendar: allDay)
        #expect(status.state == .breached)
        #expect(status.breachedAt == at("2026-03-02T09:00:00Z"))
        #expect(status.remaining == hours(-1))
        #expect(status.percentUsed == 200)
        let due = clock.dueActions(from: nil, to: at("2026-03-02T10:00:00Z"), calendar: allDay)
        // 50 % of 60 min at 08:30, 75 % at 08:45, breach at 09:00.
        #expect(due.map(\.kind) == [.warning(.percentOfTarget(50)), .warning(.percentOfTarget(75)), .breach])
        #expect(due.map(\.dueAt) == [at("2026-03-02T08:30:00Z"), at("2026-03-02T08:45:00Z"), at("2026-03-02T09:00:00Z")])
        #expect(due.map(\.id.rawValue) == ["C-1/resolution#1:warning:50%", "C-1/resolution#1:warning:75%", "C-1/resolution#1:breach"])
    }

    @Test func reopeningStartsANewCycleAndKeepsHistory() throws {
        var clock = clock(target: hours(2), start: "2026-03-02T09:00:00Z")
        try clock.stop(at: at("2026-03-02T10:00:00Z"))
        #expect(throws: SLAClockError.cycleEnded(.stopped)) { try clock.pause(at: at("2026-03-02T10:30:00Z")) }
        try clock.startNewCycle(at: at("2026-03-02T12:00:00Z"))
        #expect(clock.cycles.count == 2)
        #expect(clock.currentCycle.number == 2)
        let second = clock.status(at: at("2026-03-02T13:00:00Z"), calendar: allDay)
        // The second cycle counts from 12:00: 1 h of 2 h, breach at 14:00.
        #expect(second.cycle == 2)
        #expect(second.elapsed == hours(1))
        #expect(second.deadline == at("2026-03-02T14:00:00Z"))
        let first = clock.status(at: at("2026-03-02T13:00:00Z"), calendar: allDay, cycle: 1)
        #expect(first.state == .met)
        #expect(first.elapsed == hours(1))
        // The breach of cycle 2 has its own id; cycle 1 never breached.
        let due = clock.dueActions(from: nil, to: at("2026-03-02T15:00:00Z"), calendar: allDay)
        #expect(due.filter { $0.kind == .breach }.map(\.id.rawValue) == ["C-1/resolution#2:breach"])
        #expect(throws: SLAClockError.cycleInProgress) { try clock.startNewCycle(at: at("2026-03-02T16:00:00Z")) }
    }

    @Test func cancelEndsTheMeasurement() throws {
        var clock = clock(target: hours(2), start: "2026-03-02T09:00:00Z")
        #expect(try clock.cancel(at: at("2026-03-02T09:30:00Z")))
        #expect(try clock.cancel(at: at("2026-03-02T09:40:00Z")) == false)
        #expect(throws: SLAClockError.alreadyEnded(.cancelled)) { try clock.stop(at: at("2026-03-02T09:45:00Z")) }
        let status = clock.status(at: at("2026-03-02T12:00:00Z"), calendar: allDay)
        #expect(status.state == .cancelled)
        #expect(status.elapsed == minutes(30))
        #expect(status.deadline == nil)
        #expect(clock.dueActions(from: at("2026-03-02T09:30:00Z"), to: at("2026-03-03T00:00:00Z"), calendar: allDay).isEmpty)
        #expect(clock.nextDueDate(after: at("2026-03-02T09:30:00Z"), calendar: allDay) == nil)
    }

    @Test func stopAfterBreachStaysBreached() throws {
        var clock = clock(target: hours(1), start: "2026-03-02T09:00:00Z")
        try clock.stop(at: at("2026-03-02T11:00:00Z"))
        let status = clock.status(at: at("2026-03-02T12:00:00Z"), calendar: allDay)
        #expect(status.state == .breached)
        #expect(status.breachedAt == at("2026-03-02T10:00:00Z"))
        #expect(status.endedAt == at("2026-03-02T11:00:00Z"))
        #expect(status.elapsed == hours(2))
        #expect(clock.nextDueDate(after: at("2026-03-02T11:00:00Z"), calendar: allDay) == nil)
        #expect(try clock.stop(at: at("2026-03-02T11:30:00Z")) == false)
        #expect(throws: SLAClockError.alreadyEnded(.stopped)) { try clock.cancel(at: at("2026-03-02T11:30:00Z")) }
    }

    @Test func repeatedTransitionsAreNoOpsAndTimeMustNotGoBack() throws {
        var clock = clock(target: hours(1), start: "2026-03-02T09:00:00Z")
        #expect(try clock.resume(at: at("2026-03-02T09:05:00Z")) == false)
        #expect(try clock.pause(at: at("2026-03-02T09:10:00Z")))
        #expect(try clock.pause(at: at("2026-03-02T09:20:00Z")) == false)
        #expect(clock.currentCycle.pauses.count == 1)
        #expect(throws: SLAClockError.instantBeforeLastTransition(last: at("2026-03-02T09:10:00Z"))) {
            try clock.resume(at: at("2026-03-02T09:00:00Z"))
        }
        #expect(try clock.resume(at: at("2026-03-02T09:30:00Z")))
        // A stop while paused ends the pause at the stop.
        try clock.pause(at: at("2026-03-02T09:40:00Z"))
        try clock.stop(at: at("2026-03-02T09:50:00Z"))
        #expect(clock.currentCycle.pauses.last?.end == at("2026-03-02T09:50:00Z"))
        // 09:00–09:10 + 09:30–09:40 = 20 min.
        #expect(clock.status(at: at("2026-03-02T10:00:00Z"), calendar: allDay).elapsed == minutes(20))
    }

    @Test func atRiskFromTheFirstWarning() {
        let clock = clock(target: hours(4), start: "2026-03-02T09:00:00Z")
        #expect(clock.status(at: at("2026-03-02T10:59:59.999Z"), calendar: allDay).state == .running)
        #expect(clock.status(at: at("2026-03-02T11:00:00Z"), calendar: allDay).state == .atRisk)
        let quiet = self.clock(target: hours(4), start: "2026-03-02T09:00:00Z", warnings: .none)
        #expect(quiet.status(at: at("2026-03-02T12:00:00Z"), calendar: allDay).state == .running)
    }

    @Test func absoluteWarningsBeforeBreach() {
        let clock = clock(
            target: hours(4), start: "2026-03-02T09:00:00Z",
            warnings: WarningThresholds(percentages: [50], minutesBeforeBreach: [30, 300]))
        let due = clock.dueActions(from: nil, to: at("2026-03-02T13:00:00Z"), calendar: allDay)
        // 50 % at 11:00, 30 min before the 13:00 breach at 12:30; 300 min exceeds the 4 h target and is skipped.
        #expect(due.map(\.kind) == [.warning(.percentOfTarget(50)), .warning(.minutesBeforeBreach(30)), .breach])
        #expect(due[1].dueAt == at("2026-03-02T12:30:00Z"))
        #expect(due[1].id.rawValue == "C-1/resolution#1:warning:30m-before-breach")
    }

    @Test func changingTheTargetKeepsElapsedTime() throws {
        var clock = clock(target: hours(4), start: "2026-03-02T09:00:00Z")
        try clock.changeTarget(to: hours(2), at: at("2026-03-02T09:00:00Z"))
        let status = clock.status(at: at("2026-03-02T10:00:00Z"), calendar: allDay)
        #expect(status.elapsed == hours(1))
        #expect(status.deadline == at("2026-03-02T11:00:00Z"))
    }

    // MARK: Even-hours fake timeline

    @Test func businessTimeOnTheFakeTimeline() {
        // Start 00:30 (open), target 120 min: 00:30–01:00 (30) + 02:00–03:00 (60) + 04:00–04:30 (30).
        let clock = clock(target: minutes(120), start: "2026-03-02T00:30:00Z")
        let status = clock.status(at: at("2026-03-02T03:30:00Z"), calendar: evenHours)
        // At 03:30 (closed hour): 30 + 60 = 90 min = 75 %; wall-clock time 3 h.
        #expect(status.elapsed == minutes(90))
        #expect(status.percentUsed == 75)
        #expect(status.state == .atRisk)
        #expect(status.deadline == at("2026-03-02T04:30:00Z"))
        #expect(status.wallClockElapsed == hours(3))
    }

    @Test func pauseArithmeticOnTheFakeTimeline() throws {
        var clock = clock(target: minutes(120), start: "2026-03-02T00:30:00Z")
        try clock.pause(at: at("2026-03-02T02:15:00Z"))
        try clock.resume(at: at("2026-03-02T05:00:00Z"))
        let status = clock.status(at: at("2026-03-02T06:30:00Z"), calendar: evenHours)
        // Before the pause: 00:30–01:00 (30) + 02:00–02:15 (15) = 45. After 05:00: 05–06 closed,
        // 06:00–06:30 (30). Elapsed 75, 45 left: 06:30–07:00 (30), closed 07–08, 08:00–08:15 (15).
        #expect(status.elapsed == minutes(75))
        #expect(status.deadline == at("2026-03-02T08:15:00Z"))
        // The pause held 02:15–03:00 (45) + 04:00–05:00 (60) = 105 business minutes; the
        // unpaused deadline 04:30 plus 105 business minutes is 08:15 again.
        #expect(evenHours.deadline(start: at("2026-03-02T04:30:00Z"), adding: minutes(105)) == at("2026-03-02T08:15:00Z"))
    }

    @Test func targetCompletingAtAWindowEndBreachesThere() {
        // 60 minutes from 00:00 end exactly at 01:00, the window's end: the breach is 01:00, not 02:00.
        let clock = clock(target: minutes(60), start: "2026-03-02T00:00:00Z")
        #expect(clock.status(at: at("2026-03-02T00:59:59.999Z"), calendar: evenHours).state == .atRisk)
        let status = clock.status(at: at("2026-03-02T01:30:00Z"), calendar: evenHours)
        #expect(status.state == .breached)
        #expect(status.breachedAt == at("2026-03-02T01:00:00Z"))
        #expect(status.remaining == .zero)
    }

    @Test func startOutsideBusinessHoursCountsFromTheNextWindow() {
        // 01:10 is closed; 30 business minutes run 02:00–02:30.
        let clock = clock(target: minutes(30), start: "2026-03-02T01:10:00Z")
        let status = clock.status(at: at("2026-03-02T01:50:00Z"), calendar: evenHours)
        #expect(status.elapsed == .zero)
        #expect(status.deadline == at("2026-03-02T02:30:00Z"))
        // 50 % is 15 business minutes: 02:15.
        let due = clock.dueActions(from: nil, to: at("2026-03-02T03:00:00Z"), calendar: evenHours)
        #expect(due.first?.dueAt == at("2026-03-02T02:15:00Z"))
    }

    @Test func pausedClockNeverBreachesAndHasNoDeadline() throws {
        var clock = clock(target: minutes(60), start: "2026-03-02T00:00:00Z")
        try clock.pause(at: at("2026-03-02T00:40:00Z"))
        let status = clock.status(at: at("2026-03-05T00:00:00Z"), calendar: evenHours)
        #expect(status.state == .paused)
        #expect(status.elapsed == minutes(40))
        #expect(status.deadline == nil)
        #expect(clock.nextDueDate(after: at("2026-03-02T00:40:00Z"), calendar: evenHours) == nil)
        // Resumed at 03:30 (closed): the remaining 20 minutes run 04:00–04:20.
        try clock.resume(at: at("2026-03-02T03:30:00Z"))
        #expect(clock.status(at: at("2026-03-02T03:30:00Z"), calendar: evenHours).deadline == at("2026-03-02T04:20:00Z"))
    }

    // MARK: Following work statuses

    @Test func followsWorkStatuses() throws {
        var clock = clock(target: hours(8), start: "2026-03-02T09:00:00Z")
        #expect(try clock.apply(status: .inProgress, at: at("2026-03-02T09:10:00Z")) == .unchanged)
        #expect(try clock.apply(status: .awaitingPartner, at: at("2026-03-02T09:20:00Z")) == .paused)
        #expect(try clock.apply(status: .awaitingDocuments, at: at("2026-03-02T09:30:00Z")) == .unchanged)
        #expect(try clock.apply(status: .inReview, at: at("2026-03-02T10:20:00Z")) == .resumed)
        #expect(try clock.apply(status: .resolved, at: at("2026-03-02T11:00:00Z")) == .stopped)
        #expect(try clock.apply(status: .closed, at: at("2026-03-02T11:10:00Z")) == .unchanged)
        #expect(try clock.apply(status: .awaitingPartner, at: at("2026-03-02T12:00:00Z")) == .newCycle(paused: true))
        #expect(clock.currentCycle.isPaused)
        #expect(try clock.apply(status: .cancelled, at: at("2026-03-02T12:30:00Z")) == .cancelled)
        // Only the statuses in pauseOn pause the clock.
        var strict = self.clock(target: hours(8), start: "2026-03-02T09:00:00Z")
        #expect(try strict.apply(status: .awaitingPartner, at: at("2026-03-02T09:20:00Z"), pauseOn: [.blocked]) == .unchanged)
        #expect(try strict.apply(status: .blocked, at: at("2026-03-02T09:30:00Z"), pauseOn: [.blocked]) == .paused)
        // A first response is measured once: reopening does not start a new cycle.
        var response = SLAClock(caseId: "C-1", metric: .firstResponse, target: hours(1), startedAt: at("2026-03-02T09:00:00Z"))
        try response.apply(status: .resolved, at: at("2026-03-02T09:30:00Z"))
        #expect(try response.apply(status: .inProgress, at: at("2026-03-02T10:00:00Z")) == .unchanged)
        #expect(response.cycles.count == 1)
    }

    @Test func periodicUpdateCycles() throws {
        var clock = SLAClock(caseId: "C-1", metric: .partnerUpdate, target: hours(4), startedAt: at("2026-03-02T09:00:00Z"))
        try clock.stopAndStartNewCycle(at: at("2026-03-02T12:00:00Z"))
        try clock.stopAndStartNewCycle(at: at("2026-03-02T17:00:00Z"))
        #expect(clock.cycles.map(\.number) == [1, 2, 3])
        // Cycle 2 ran 12:00–17:00 = 5 h > 4 h: breached at 16:00; cycle 1 met.
        #expect(clock.status(at: at("2026-03-02T18:00:00Z"), calendar: allDay, cycle: 1).state == .met)
        #expect(clock.status(at: at("2026-03-02T18:00:00Z"), calendar: allDay, cycle: 2).breachedAt == at("2026-03-02T16:00:00Z"))
        #expect(clock.status(at: at("2026-03-02T18:00:00Z"), calendar: allDay).deadline == at("2026-03-02T21:00:00Z"))
    }
}
