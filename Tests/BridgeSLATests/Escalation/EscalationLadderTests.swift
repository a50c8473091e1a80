import BridgeModels
import BridgeSLA
import Foundation
import Testing

/// Hand-checked ladders on a 24/7 clock: start 09:00, target 4 h, so 50 % is 11:00 and the
/// breach 13:00.
@Suite struct EscalationLadderTests {
    let calendar = BusinessCalendar.twentyFourSeven

    static let routing = EscalationRouting(
        rules: [
            .init(CaseConditions(tiers: [.strategic], minimumValue: [Money("10000", currency: .usd)!]), to: "key-account-desk"),
            .init(CaseConditions(kinds: [.missingASN, .shipmentDiscrepancy]), to: "logistics-leads"),
        ],
        fallback: "service-leads")

    let ladder = EscalationLadder(levels: [
        EscalationLevel(at: .percentOfTarget(50), [.notify(.assignee), .remind(.assignee, everyMinutes: 30)]),
        EscalationLevel(
            at: .minutesAfterBreach(0),
            [.route(routing), .raisePriority(steps: 1), .createTask(template: "breach-review"), .remind(.manager, everyMinutes: 60)]),
        EscalationLevel(
            at: .minutesAfterBreach(120),
            [.createTaskGroup(templates: ["finance-review", "logistics-review"]), .notifyPartner(template: "delay")]),
    ])

    let profile = CaseProfile(kind: .dispute, priority: .normal, partnerTier: .standard)

    func clock() -> SLAClock {
        SLAClock(caseId: "C-1", metric: .resolution, target: hours(4), startedAt: at("2026-03-02T09:00:00Z"))
    }

    func due(_ clock: SLAClock, _ from: String?, _ to: String, profile: CaseProfile? = nil) -> [SLADueAction] {
        ladder.actionsDue(for: clock, profile: profile ?? self.profile, calendar: calendar, from: from.map(at), to: at(to))
    }

    @Test func levelsFireOnceWithStableIds() {
        let clock = clock()
        let first = due(clock, nil, "2026-03-02T11:00:00Z")
        #expect(first.map(\.kind) == [.escalation(level: 1, .notify(.assignee)), .reminder(level: 1, number: 1, to: .assignee, skipped: 0)])
        #expect(first.map(\.id.rawValue) == ["C-1/resolution#1:level1:action1", "C-1/resolution#1:level1:reminder1"])
        #expect(first.allSatisfy { $0.dueAt == at("2026-03-02T11:00:00Z") })
        // The same instant again: nothing new.
        #expect(due(clock, "2026-03-02T11:00:00Z", "2026-03-02T11:00:00Z").isEmpty)
        // At the breach (13:00) level 2 fires: route, raise priority, task, first manager reminder;
        // level 1, never acknowledged, reminds for the 5th time (11:00 + 4 × 30 min).
        let breach = due(clock, "2026-03-02T12:59:00Z", "2026-03-02T13:00:00Z")
        #expect(
            breach.map(\.kind) == [
                .reminder(level: 1, number: 5, to: .assignee, skipped: 0),
                .escalation(level: 2, .route(to: "service-leads")),
                .escalation(level: 2, .raisePriority(from: .normal, to: .high)),
                .escalation(level: 2, .createTask(template: "breach-review")),
                .reminder(level: 2, number: 1, to: .manager, skipped: 0),
            ])
        #expect(breach[1].id.rawValue == "C-1/resolution#1:level2:action1")
        #expect(breach[4].id.rawValue == "C-1/resolution#1:level2:reminder1")
        // Level 3 at 13:00 + 120 min = 15:00.
        let third = due(clock, "2026-03-02T14:59:00Z", "2026-03-02T15:00:00Z").filter {
            if case .escalation = $0.kind { return true } else { return false }
        }
        #expect(
            third.map(\.kind) == [
                .escalation(level: 3, .createTaskGroup(templates: ["finance-review", "logistics-review"])),
                .escalation(level: 3, .notifyPartner(template: "delay")),
            ])
        // Over the whole day every level's actions appear exactly once.
        let day = due(clock, nil, "2026-03-03T00:00:00Z").filter { if case .escalation = $0.kind { return true } else { return false } }
        #expect(day.count == 1 + 3 + 2)
        #expect(Set(day.map(\.id)).count == day.count)
    }

    @Test func remindersRepeatUntilAcknowledged() throws {
        var clock = clock()
        // 11:00 (level 1, reminder 1), 11:30 (2), 12:00 (3): one interval coalesces 2 and 3.
        let noon = due(clock, "2026-03-02T11:00:00Z", "2026-03-02T12:00:00Z")
        #expect(noon.map(\.kind) == [.reminder(level: 1, number: 3, to: .assignee, skipped: 1)])
        #expect(noon.first?.dueAt == at("2026-03-02T12:00:00Z"))
        #expect(clock.nextDueDate(after: at("2026-03-02T12:00:00Z"), calendar: calendar, ladder: ladder) == at("2026-03-02T12:30:00Z"))
        // Acknowledged at 11:45: reminder 2 (11:30) was due before, 3 (12:00) and later are not.
        try clock.acknowledge(at: at("2026-03-02T11:45:00Z"))
        #expect(due(clock, "2026-03-02T11:00:00Z", "2026-03-02T12:59:00Z").map(\.kind) == [
            .reminder(level: 1, number: 2, to: .assignee, skipped: 0)
        ])
        // Next: the 75 % warning at 12:00, then level 2 at the 13:00 breach (level 1 stays quiet).
        #expect(clock.nextDueDate(after: at("2026-03-02T11:45:00Z"), calendar: calendar, ladder: ladder) == at("2026-03-02T12:00:00Z"))
        #expect(clock.nextDueDate(after: at("2026-03-02T12:00:00Z"), calendar: calendar, ladder: ladder) == at("2026-03-02T13:00:00Z"))
        // Level 2 fired after the acknowledgement, so it reminds: 13:00, 14:00, …
        let afternoon = due(clock, "2026-03-02T13:30:00Z", "2026-03-02T14:00:00Z")
        #expect(afternoon.map(\.kind) == [.reminder(level: 2, number: 2, to: .manager, skipped: 0)])
        try clock.acknowledge(at: at("2026-03-02T14:30:00Z"))
        let later = due(clock, "2026-03-02T14:00:00Z", "2026-03-02T20:00:00Z")
        #expect(!later.contains { if case .reminder = $0.kind { return true } else { return false } })
        // Only level 3 (15:00) was left.
        #expect(later.count == 2)
        #expect(clock.nextDueDate(after: at("2026-03-02T15:00:00Z"), calendar: calendar, ladder: ladder) == nil)
    }

    @Test func remindersCountTheClocksBusinessTime() throws {
        var clock = clock()
        try clock.pause(at: at("2026-03-02T11:10:00Z"))
        // While paused nothing is due, however long.
        #expect(due(clock, "2026-03-02T11:10:00Z", "2026-03-03T11:10:00Z").isEmpty)
        try clock.resume(at: at("2026-03-02T12:10:00Z"))
        // Reminder 2 is 30 clock minutes after 11:00: 10 before the pause, 20 after 12:10 → 12:30.
        #expect(clock.nextDueDate(after: at("2026-03-02T12:10:00Z"), calendar: calendar, ladder: ladder) == at("2026-03-02T12:30:00Z"))
        // The breach moved by the hour too: 14:00.
        #expect(clock.status(at: at("2026-03-02T12:10:00Z"), calendar: calendar).deadline == at("2026-03-02T14:00:00Z"))
    }

    @Test func longOutageYieldsOneCoalescedReminder() {
        // 11:00 + 18 × 30 min = 20:00: reminders 1…19 fell due; one action stands for them.
        let reminders = due(clock(), nil, "2026-03-02T20:00:00Z").filter { $0.kind == .reminder(level: 1, number: 19, to: .assignee, skipped: 18) }
        #expect(reminders.count == 1)
        #expect(reminders.first?.dueAt == at("2026-03-02T20:00:00Z"))
    }

    @Test func stoppedClockEscalatesNoFurther() throws {
        var clock = clock()
        try clock.stop(at: at("2026-03-02T12:00:00Z"))
        #expect(due(clock, "2026-03-02T12:00:00Z", "2026-03-03T00:00:00Z").isEmpty)
        #expect(throws: SLAClockError.cycleEnded(.stopped)) { try clock.acknowledge(at: at("2026-03-02T12:30:00Z")) }
    }

    @Test func routingByKindTierAndValue() {
        let highValueStrategic = CaseProfile(kind: .dispute, partnerTier: .strategic, amount: Money("12500", currency: .usd))
        #expect(Self.routing.responder(for: highValueStrategic) == "key-account-desk")
        let lowValueStrategic = CaseProfile(kind: .dispute, partnerTier: .strategic, amount: Money("900", currency: .usd))
        #expect(Self.routing.responder(for: lowValueStrategic) == "service-leads")
        let logistics = CaseProfile(kind: .missingASN, partnerTier: .strategic)
        #expect(Self.routing.responder(for: logistics) == "logistics-leads")
        // First rule wins: a high-value strategic shipment case goes to the key-account desk.
        let both = CaseProfile(kind: .shipmentDiscrepancy, partnerTier: .strategic, amount: Money("20000", currency: .usd))
        #expect(Self.routing.responder(for: both) == "key-account-desk")
        let breach = due(clock(), "2026-03-02T12:59:00Z", "2026-03-02T13:00:00Z", profile: logistics)
        #expect(breach.contains { $0.kind == .escalation(level: 2, .route(to: "logistics-leads")) })
        // No match and no fallback: the route step is skipped.
        let strict = EscalationRouting(rules: Self.routing.rules)
        #expect(strict.responder(for: CaseProfile(kind: .dispute)) == nil)
    }

    @Test func raisingPriorityStopsAtUrgent() {
        let urgent = CaseProfile(kind: .dispute, priority: .urgent)
        let breach = due(clock(), "2026-03-02T12:59:00Z", "2026-03-02T13:00:00Z", profile: urgent)
        #expect(!breach.contains { if case .escalation(_, .raisePriority) = $0.kind { return true } else { return false } })
        let low = CaseProfile(kind: .dispute, priority: .low)
        let raised = due(clock(), "2026-03-02T12:59:00Z", "2026-03-02T13:00:00Z", profile: low)
        #expect(raised.contains { $0.kind == .escalation(level: 2, .raisePriority(from: .low, to: .normal)) })
    }

    /// Steps built in code are not range-checked like decoded ones (1–3): a huge count raises
    /// to urgent without overflowing, and a count below one never lowers the priority.
    @Test func raisePriorityStepsOutOfRangeNeitherCrashNorLower() {
        let ladder = EscalationLadder(levels: [
            EscalationLevel(at: .percentOfTarget(50), [.raisePriority(steps: .max), .raisePriority(steps: -2), .raisePriority(steps: 0)])
        ])
        let due = ladder.actionsDue(
            for: clock(), profile: CaseProfile(kind: .dispute, priority: .normal), calendar: calendar, from: nil,
            to: at("2026-03-02T11:00:00Z"))
        #expect(due.map(\.kind) == [.escalation(level: 1, .raisePriority(from: .normal, to: .urgent))])
    }

    @Test func dueActionsCombineWarningsBreachAndLadder() {
        let all = clock().dueActions(
            from: at("2026-03-02T12:59:00Z"), to: at("2026-03-02T13:00:00Z"), calendar: calendar, ladder: ladder, profile: profile)
        // Breach, level 1 reminder 5, level 2's three steps and first reminder, all at 13:00.
        #expect(all.first?.kind == .breach)
        #expect(all.count == 6)
        #expect(all.allSatisfy { $0.dueAt == at("2026-03-02T13:00:00Z") })
        // At one instant the breach comes before the escalation steps and reminders.
        #expect(all.dropFirst().allSatisfy { if case .breach = $0.kind { return false } else { return true } })
    }
}
