import BridgeModels
import BridgeSLA
import Foundation
import Testing

/// `changeTarget(to:at:)`: points are reached under the target in force, what a lowered target
/// puts behind the time used is due at the change (once), and a raised target un-breaches
/// nothing. Hand-checked in 24/7 time and on the even-hours fake.
@Suite struct SLAClockTargetChangeTests {
    let allDay = BusinessCalendar.twentyFourSeven
    let profile = CaseProfile(kind: .dispute, priority: .normal)

    /// Breach: notify the manager and remind every 60 minutes; two hours after: a review task.
    let ladder = EscalationLadder(levels: [
        EscalationLevel(at: .minutesAfterBreach(0), [.notify(.manager), .remind(.manager, everyMinutes: 60)]),
        EscalationLevel(at: .minutesAfterBreach(120), [.createTask(template: "breach-review")]),
    ])

    func time(_ clock: String) -> Date { at("2026-03-02T\(clock)Z") }

    func clock(target: Duration, warnings: WarningThresholds = .standard) -> SLAClock {
        SLAClock(caseId: "C-1", metric: .resolution, target: target, startedAt: time("09:00:00"), warnings: warnings)
    }

    func due(_ clock: SLAClock, _ from: String?, _ to: String) -> [SLADueAction] {
        clock.dueActions(from: from.map(time), to: time(to), calendar: allDay, ladder: ladder, profile: profile)
    }

    func ids(_ actions: [SLADueAction]) -> [String] {
        actions.map { String($0.id.rawValue.dropFirst("C-1/resolution#1:".count)) }
    }

    /// What a lowered target makes due at 14:00: the 75 % warning (3 h of 4 h), the breach, the
    /// breach level and its first reminder. The 50 % warning was reported under 8 h at 13:00, and
    /// the breach+120 level lies at 6 h, 15:00.
    let dueAtTheChange = ["warning:75%", "breach", "level1:action1", "level1:reminder1"]

    // MARK: The reproduction

    /// An 8 h clock evaluated at 5 h (14:00), then lowered to 4 h: the breach and the breach
    /// level are due at the change, reported once, and the clock stays in the index.
    @Test func loweringBelowTheTimeUsedReportsTheBreachAtTheChange() throws {
        var clock = clock(target: hours(8))
        #expect(ids(due(clock, nil, "14:00:00")) == ["warning:50%"])
        #expect(try clock.changeTarget(to: hours(4), at: time("14:00:00")))

        let status = clock.status(at: time("14:00:00"), calendar: allDay)
        #expect(status.state == .breached)
        #expect(status.breachedAt == time("14:00:00"))
        #expect(status.deadline == time("14:00:00"))
        #expect(status.target == hours(4))
        #expect(status.remaining == hours(-1))

        // The change came after the evaluation up to 14:00: the next interval reports it.
        let next = try #require(clock.nextDueDate(after: time("14:00:00"), calendar: allDay, ladder: ladder))
        #expect(next == time("14:00:00.001"))
        var index = DueActionIndex()
        index.update(clock.id, nextDue: next)
        #expect(index.due(upTo: time("14:05:00")).map(\.clockId) == [clock.id])

        let reported = due(clock, "14:00:00", "14:05:00")
        #expect(ids(reported) == dueAtTheChange)
        #expect(reported.allSatisfy { $0.dueAt == time("14:00:00") })
        #expect(reported.map(\.kind).contains(.escalation(level: 1, .notify(.manager))))

        // Reported once: later intervals go on with the new target only.
        #expect(ids(due(clock, "14:05:00", "15:00:00")) == ["level1:reminder2", "level2:action1"])
        #expect(due(clock, "15:00:00", "15:00:00").isEmpty)
        // One interval over the whole span: the same points, the reminders folded into the latest.
        let whole = ids(due(clock, nil, "15:00:00"))
        #expect(whole == ["warning:50%", "warning:75%", "breach", "level1:action1", "level1:reminder2", "level2:action1"])
        #expect(clock.nextDueDate(after: time("15:00:00"), calendar: allDay, ladder: ladder) == time("16:00:00"))
    }

    /// The change recorded before the evaluation up to its instant: that evaluation does not
    /// report what the change made due, the next one does; the same as the other order.
    @Test func theOrderOfAChangeAndAnEvaluationAtTheSameInstantDoesNotMatter() throws {
        var clock = clock(target: hours(8))
        try clock.changeTarget(to: hours(4), at: time("14:00:00"))
        #expect(ids(due(clock, nil, "14:00:00")) == ["warning:50%"])
        #expect(clock.nextDueDate(after: time("14:00:00"), calendar: allDay, ladder: ladder) == time("14:00:00.001"))
        #expect(ids(due(clock, "14:00:00", "14:00:00.001")) == dueAtTheChange)
        // An interval that starts before the change and ends after it reports it too.
        #expect(ids(due(clock, "13:30:00", "14:30:00")) == dueAtTheChange)
        #expect(ids(due(clock, "13:30:00", "14:00:00")).isEmpty)
    }

    /// A change inside an interval: reported at the change by the interval that contains it.
    @Test func aChangeInsideAnIntervalIsReportedAtTheChange() throws {
        var clock = clock(target: hours(8))
        try clock.changeTarget(to: hours(4), at: time("14:30:00"))
        let reported = due(clock, "14:00:00", "14:45:00")
        #expect(ids(reported) == dueAtTheChange)
        #expect(reported.allSatisfy { $0.dueAt == time("14:30:00") })
        // The breach+120 level at 6 h: 15:00.
        #expect(ids(due(clock, "14:45:00", "15:00:00")) == ["level2:action1"])
        #expect(clock.status(at: time("14:29:59.999"), calendar: allDay).state == .atRisk)
        #expect(clock.status(at: time("14:30:00"), calendar: allDay).breachedAt == time("14:30:00"))
    }

    /// A change while paused that puts the breach behind the time used breaches at the change:
    /// the paused clock stays in the index until the breach is reported.
    @Test func aChangeWhilePausedBreachesAtTheChange() throws {
        var clock = clock(target: hours(8), warnings: .none)
        try clock.pause(at: time("14:00:00"))
        #expect(clock.nextDueDate(after: time("14:00:00"), calendar: allDay, ladder: ladder) == nil)
        try clock.changeTarget(to: hours(4), at: time("15:00:00"))
        let status = clock.status(at: time("15:30:00"), calendar: allDay)
        #expect(status.state == .breached)
        #expect(status.isPaused)
        #expect(status.breachedAt == time("15:00:00"))
        #expect(clock.nextDueDate(after: time("14:00:00"), calendar: allDay, ladder: ladder) == time("15:00:00.001"))
        #expect(ids(due(clock, "14:00:00", "16:00:00")) == ["breach", "level1:action1", "level1:reminder1"])
        // Nothing more while paused: the reminders count the clock's business time.
        #expect(clock.nextDueDate(after: time("16:00:00"), calendar: allDay, ladder: ladder) == nil)
        try clock.resume(at: time("17:00:00"))
        // Reminder 2 an hour of business time after the level fired (at 5 h): 18:00.
        #expect(clock.nextDueDate(after: time("17:00:00"), calendar: allDay, ladder: ladder) == time("18:00:00"))
    }

    /// Lowering a target still above the time used moves the breach earlier.
    @Test func loweringAboveTheTimeUsedMovesTheBreachEarlier() throws {
        var clock = clock(target: hours(8), warnings: .none)
        #expect(clock.status(at: time("14:00:00"), calendar: allDay).deadline == time("17:00:00"))
        try clock.changeTarget(to: hours(6), at: time("14:00:00"))
        let status = clock.status(at: time("14:00:00"), calendar: allDay)
        #expect(status.state == .running)
        #expect(status.deadline == time("15:00:00"))
        #expect(status.remaining == hours(1))
        #expect(clock.nextDueDate(after: time("14:00:00"), calendar: allDay) == time("15:00:00"))
        let reported = clock.dueActions(from: time("14:00:00"), to: time("16:00:00"), calendar: allDay)
        #expect(reported.map(\.kind) == [.breach])
        #expect(reported.first?.dueAt == time("15:00:00"))
        #expect(clock.status(at: time("15:00:00"), calendar: allDay).breachedAt == time("15:00:00"))
    }

    /// Raising the target after the breach: the breach stays (with its instant) and is not
    /// reported again; levels not yet reached use the new target; reminders of a level that
    /// fired go on from when it fired.
    @Test func raisingAfterTheBreachDoesNotReportItAgain() throws {
        var clock = clock(target: hours(4))
        #expect(
            ids(due(clock, nil, "13:30:00")) == ["warning:50%", "warning:75%", "breach", "level1:action1", "level1:reminder1"])
        #expect(try clock.changeTarget(to: hours(8), at: time("13:30:00")))

        let status = clock.status(at: time("13:30:00"), calendar: allDay)
        #expect(status.state == .breached)
        #expect(status.breachedAt == time("13:00:00"))
        #expect(status.target == hours(8))
        #expect(status.remaining == minutes(210))
        // Before the change the breach+120 level lay at 6 h (15:00); now at 10 h (19:00). The
        // breach level's reminders go on hourly from its firing at 4 h: reminder 7 at 10 h.
        let later = due(clock, "13:30:00", "19:00:00")
        #expect(ids(later) == ["level1:reminder7", "level2:action1"])
        #expect(later.map(\.dueAt) == [time("19:00:00"), time("19:00:00")])
        #expect(later.first?.kind == .reminder(level: 1, number: 7, to: .manager, skipped: 5))
        #expect(clock.status(at: time("19:00:00"), calendar: allDay).breachedAt == time("13:00:00"))
        // Over the whole span: each id once.
        let whole = due(clock, nil, "19:00:00")
        #expect(Set(whole.map(\.id)).count == whole.count)
        #expect(whole.filter { $0.kind == .breach }.map(\.dueAt) == [time("13:00:00")])
    }

    /// Raising before the breach: nothing reported under the old target is repeated, and the
    /// percentages not yet reached move to the new target.
    @Test func raisingBeforeTheBreachMovesThePointsNotYetReached() throws {
        var clock = clock(target: hours(4), warnings: WarningThresholds(percentages: [50, 75], minutesBeforeBreach: [30]))
        try clock.changeTarget(to: hours(8), at: time("11:30:00"))
        let reported = clock.dueActions(from: nil, to: time("18:00:00"), calendar: allDay)
        // 50 % at 11:00 under 4 h; 75 % at 6 h (15:00) and 30 min before breach at 7 h 30 (16:30) under 8 h.
        #expect(reported.map(\.kind) == [
            .warning(.percentOfTarget(50)), .warning(.percentOfTarget(75)), .warning(.minutesBeforeBreach(30)), .breach,
        ])
        #expect(reported.map(\.dueAt) == [time("11:00:00"), time("15:00:00"), time("16:30:00"), time("17:00:00")])
        #expect(clock.status(at: time("11:30:00"), calendar: allDay).state == .running)
    }

    /// Several changes: each point is reached once, under the target in force when it is.
    @Test func repeatedChangesReachEachPointOnce() throws {
        var clock = clock(target: hours(8))
        try clock.changeTarget(to: hours(6), at: time("10:00:00"))
        try clock.changeTarget(to: hours(12), at: time("11:00:00"))
        try clock.changeTarget(to: hours(2), at: time("12:00:00"))  // 3 h used: breached at once
        try clock.changeTarget(to: hours(10), at: time("13:00:00"))
        #expect(clock.currentCycle.targetChanges.map(\.target) == [hours(6), hours(12), hours(2), hours(10)])
        #expect(clock.currentCycle.initialTarget == hours(8))
        #expect(clock.currentCycle.target == hours(10))
        #expect(clock.currentCycle.target(at: time("12:30:00")) == hours(2))
        #expect(clock.currentCycle.target(at: time("10:00:00")) == hours(6))
        #expect(clock.currentCycle.target(at: time("09:59:59.999")) == hours(8))

        let reported = due(clock, nil, "20:00:00")
        // Nothing under 8 h, 6 h or 12 h (1, 2 and 3 h used). The 2 h target put 50 %, 75 %, the
        // breach and the breach level behind the 3 h used at 12:00; the breach+120 level (4 h)
        // was reached at 13:00, still under 2 h. The breach level reminds hourly from its firing
        // at 3 h: reminder 9 at 11 h, 20:00.
        #expect(
            ids(reported) == ["warning:50%", "warning:75%", "breach", "level1:action1", "level2:action1", "level1:reminder9"])
        #expect(reported.prefix(4).allSatisfy { $0.dueAt == time("12:00:00") })
        #expect(reported[4].dueAt == time("13:00:00"))
        #expect(reported[5].dueAt == time("20:00:00"))
        #expect(reported[5].kind == .reminder(level: 1, number: 9, to: .manager, skipped: 8))
        #expect(clock.nextDueDate(after: time("20:00:00"), calendar: allDay, ladder: ladder) == time("21:00:00"))
        let status = clock.status(at: time("20:00:00"), calendar: allDay)
        #expect(status.breachedAt == time("12:00:00"))
        #expect(status.target == hours(10))
        #expect(status.remaining == hours(-1))
    }

    /// Two changes at one instant: the first is never in force.
    @Test func ofTwoChangesAtOneInstantOnlyTheLastCounts() throws {
        var clock = clock(target: hours(8), warnings: .none)
        try clock.changeTarget(to: hours(2), at: time("14:00:00"))
        try clock.changeTarget(to: hours(6), at: time("14:00:00"))
        #expect(clock.currentCycle.targetChanges.count == 2)
        let status = clock.status(at: time("14:00:00"), calendar: allDay)
        #expect(status.state == .running)
        #expect(status.deadline == time("15:00:00"))
        #expect(clock.dueActions(from: nil, to: time("14:30:00"), calendar: allDay).isEmpty)
    }

    /// An acknowledgement at the change instant comes before the change: it does not stop the
    /// reminders of a level the change fired.
    @Test func anAcknowledgementAtTheChangeDoesNotCoverWhatTheChangeFired() throws {
        var clock = clock(target: hours(8), warnings: .none)
        try clock.changeTarget(to: hours(4), at: time("14:00:00"))
        try clock.acknowledge(at: time("14:00:00"))
        #expect(ids(due(clock, nil, "16:00:00")) == ["breach", "level1:action1", "level2:action1", "level1:reminder3"])
        try clock.acknowledge(at: time("16:30:00"))
        #expect(due(clock, "16:00:00", "20:00:00").isEmpty)
        #expect(clock.nextDueDate(after: time("20:00:00"), calendar: allDay, ladder: ladder) == nil)
    }

    /// On the even-hours fake: a change in a closed hour; the breach is due at the change, the
    /// next level in business time.
    @Test func loweringInAClosedHourOnTheFakeTimeline() throws {
        let evenHours = EvenHoursCalendar()
        // From 00:00, 4 business hours are used at 07:00 (00–01, 02–03, 04–05, 06–07).
        var clock = SLAClock(caseId: "C-1", metric: .resolution, target: hours(6), startedAt: at("2026-03-02T00:00:00Z"), warnings: .none)
        try clock.changeTarget(to: hours(3), at: at("2026-03-02T07:30:00Z"))
        let reported = clock.dueActions(
            from: at("2026-03-02T07:00:00Z"), to: at("2026-03-02T09:30:00Z"), calendar: evenHours, ladder: ladder, profile: profile)
        // Breach+120 and the second reminder lie at 5 h of business time: the end of 08:00–09:00.
        #expect(ids(reported) == ["breach", "level1:action1", "level1:reminder2", "level2:action1"])
        #expect(
            reported.map(\.dueAt) == [
                at("2026-03-02T07:30:00Z"), at("2026-03-02T07:30:00Z"), at("2026-03-02T09:00:00Z"), at("2026-03-02T09:00:00Z"),
            ])
        #expect(clock.status(at: at("2026-03-02T07:30:00Z"), calendar: evenHours).breachedAt == at("2026-03-02T07:30:00Z"))
    }

    // MARK: Transitions

    @Test func changeTargetFollowsTheTransitionRules() throws {
        var clock = clock(target: hours(8))
        #expect(try clock.changeTarget(to: hours(4), at: time("10:00:00")))
        // The target in force already: a replay, nothing recorded (even with an older instant).
        #expect(try clock.changeTarget(to: hours(4), at: time("09:30:00")) == false)
        #expect(clock.currentCycle.targetChanges.count == 1)
        #expect(throws: SLAClockError.instantBeforeLastTransition(last: time("10:00:00"))) {
            try clock.changeTarget(to: hours(2), at: time("09:59:59"))
        }
        #expect(throws: SLAClockError.instantBeforeLastTransition(last: time("10:00:00"))) {
            try clock.pause(at: time("09:59:59"))
        }
        // Clamped like the initial target.
        try clock.changeTarget(to: .zero, at: time("10:00:00"))
        #expect(clock.currentCycle.target == .milliseconds(1))
        try clock.stop(at: time("11:00:00"))
        #expect(throws: SLAClockError.cycleEnded(.stopped)) { try clock.changeTarget(to: hours(2), at: time("12:00:00")) }
        // A new cycle keeps the target in force at the end and no changes.
        try clock.startNewCycle(at: time("12:00:00"))
        #expect(clock.currentCycle.initialTarget == .milliseconds(1))
        #expect(clock.currentCycle.targetChanges.isEmpty)
    }

    @Test func targetChangesStopAtWhatDecodes() throws {
        let limit = 10_000
        var clock = clock(target: hours(8))
        for step in 0..<limit {
            try clock.changeTarget(to: step % 2 == 0 ? hours(4) : hours(8), at: time("10:00:00"))
        }
        let full = clock
        #expect(throws: SLAClockError.historyFull(limit: limit)) { try clock.changeTarget(to: hours(2), at: time("10:00:00")) }
        #expect(clock == full)
        #expect(try StrictJSONDecoder().decode(SLAClock.self, from: try StableJSON.string(clock)) == clock)
    }
}
