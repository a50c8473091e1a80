import BridgeModels
import BridgeSLA
import Foundation
import Testing

/// The worked examples of Documentation/SLA.md, checked so the documentation cannot drift.
@Suite struct DocumentationExamplesTests {
    let calendar = BusinessCalendar.twentyFourSeven

    @Test func policyMatchingTable() throws {
        let json = """
            {"policies": [
              {"name": "strategic-finance",
               "match": {"tiers": ["strategic"], "kinds": ["invoiceMismatch", "chargeback"],
                         "minimumValue": [{"value": "10000", "currency": "USD"}, {"value": "9000", "currency": "EUR"}]},
               "targets": {"resolution": 960}},
              {"name": "default", "targets": {"firstResponse": 240, "resolution": 2400}}]}
            """
        let configuration = try StrictJSONDecoder().decode(SLAConfiguration.self, from: json)
        func policy(_ kind: CaseKind, _ amount: Money?) -> String? {
            configuration.policy(for: CaseProfile(kind: kind, priority: .high, partnerTier: .strategic, amount: amount))?.policy.name
        }
        #expect(policy(.invoiceMismatch, Money("12500.00", currency: .usd)) == "strategic-finance")
        #expect(policy(.invoiceMismatch, Money("9200.00", currency: .eur)) == "strategic-finance")
        #expect(policy(.invoiceMismatch, Money("50000.00", currency: .gbp)) == "default")
        #expect(policy(.chargeback, nil) == "default")
        #expect(policy(.dispute, Money("20000.00", currency: .usd)) == "default")
    }

    @Test func clockTable() throws {
        var clock = SLAClock(caseId: "C-1", metric: .resolution, target: hours(4), startedAt: at("2026-03-02T09:00:00Z"))
        func row(_ time: String) -> (Duration, SLAState, Date?) {
            let status = clock.status(at: at("2026-03-02T\(time):00Z"), calendar: calendar)
            return (status.elapsed, status.state, status.deadline)
        }
        #expect(row("09:00") == (.zero, .running, at("2026-03-02T13:00:00Z")))
        try clock.pause(at: at("2026-03-02T10:00:00Z"))
        #expect(row("10:00") == (hours(1), .paused, nil))
        #expect(row("11:00") == (hours(1), .paused, nil))
        try clock.resume(at: at("2026-03-02T11:30:00Z"))
        #expect(row("11:30") == (hours(1), .running, at("2026-03-02T14:30:00Z")))
        #expect(row("12:15") == (minutes(105), .running, at("2026-03-02T14:30:00Z")))
        #expect(row("12:30") == (hours(2), .atRisk, at("2026-03-02T14:30:00Z")))
        #expect(row("13:30") == (hours(3), .atRisk, at("2026-03-02T14:30:00Z")))
        #expect(row("14:30") == (hours(4), .breached, at("2026-03-02T14:30:00Z")))
        try clock.stop(at: at("2026-03-02T15:00:00Z"))
        #expect(row("15:00") == (minutes(270), .breached, at("2026-03-02T14:30:00Z")))
    }

    @Test func escalationTable() throws {
        let ladder = EscalationLadder(levels: [
            EscalationLevel(at: .percentOfTarget(50), [.notify(.assignee), .remind(.assignee, everyMinutes: 30)]),
            EscalationLevel(
                at: .minutesAfterBreach(0),
                [
                    .route(EscalationRouting(rules: [], fallback: "service-leads")), .raisePriority(steps: 1),
                    .createTask(template: "sla-breach-review"), .remind(.manager, everyMinutes: 60),
                ]),
        ])
        let profile = CaseProfile(kind: .dispute)
        var clock = SLAClock(caseId: "C-1", metric: .resolution, target: hours(4), startedAt: at("2026-03-02T09:00:00Z"))
        func due(_ from: String?, _ to: String) -> [SLADueAction.Kind] {
            clock.dueActions(
                from: from.map { at("2026-03-02T\($0):00Z") }, to: at("2026-03-02T\(to):00Z"), calendar: calendar,
                ladder: ladder, profile: profile
            ).map(\.kind)
        }
        #expect(
            due(nil, "11:00") == [
                .warning(.percentOfTarget(50)), .escalation(level: 1, .notify(.assignee)),
                .reminder(level: 1, number: 1, to: .assignee, skipped: 0),
            ])
        #expect(due("11:00", "12:00") == [.warning(.percentOfTarget(75)), .reminder(level: 1, number: 3, to: .assignee, skipped: 1)])
        try clock.acknowledge(at: at("2026-03-02T12:10:00Z"))
        #expect(
            due("12:00", "13:00") == [
                .breach, .escalation(level: 2, .route(to: "service-leads")),
                .escalation(level: 2, .raisePriority(from: .normal, to: .high)),
                .escalation(level: 2, .createTask(template: "sla-breach-review")),
                .reminder(level: 2, number: 1, to: .manager, skipped: 0),
            ])
        #expect(due("13:00", "15:00") == [.reminder(level: 2, number: 3, to: .manager, skipped: 1)])
    }

    @Test func targetChangeTable() throws {
        let ladder = EscalationLadder(levels: [
            EscalationLevel(at: .minutesAfterBreach(0), [.notify(.manager), .remind(.manager, everyMinutes: 60)]),
            EscalationLevel(at: .minutesAfterBreach(120), [.createTask(template: "breach-review")]),
        ])
        let profile = CaseProfile(kind: .dispute)
        var clock = SLAClock(
            caseId: "C-1", metric: .resolution, target: hours(8), startedAt: at("2026-03-02T09:00:00Z"),
            warnings: WarningThresholds(percentages: [50, 75]))
        func time(_ text: String) -> Date { at("2026-03-02T\(text):00Z") }
        func tick(_ from: String?, _ to: String) -> [(String, SLADueAction.Kind)] {
            clock.dueActions(from: from.map(time), to: time(to), calendar: calendar, ladder: ladder, profile: profile)
                .map { (RFC3339.string(from: $0.dueAt), $0.kind) }
        }
        func row(_ text: String) -> (Duration, Duration, SLAState) {
            let status = clock.status(at: time(text), calendar: calendar)
            return (status.target, status.elapsed, status.state)
        }
        #expect(tick(nil, "13:00").map(\.1) == [.warning(.percentOfTarget(50))])
        #expect(row("13:00") == (hours(8), hours(4), .atRisk))
        #expect(tick("13:00", "14:00").isEmpty)
        #expect(row("14:00") == (hours(8), hours(5), .atRisk))
        try clock.changeTarget(to: hours(4), at: time("14:00"))
        #expect(row("14:00") == (hours(4), hours(5), .breached))
        #expect(clock.status(at: time("14:00"), calendar: calendar).breachedAt == time("14:00"))
        let atTheChange = tick("14:00", "14:05")
        #expect(atTheChange.allSatisfy { $0.0 == "2026-03-02T14:00:00Z" })
        #expect(
            atTheChange.map(\.1) == [
                .warning(.percentOfTarget(75)), .breach, .escalation(level: 1, .notify(.manager)),
                .reminder(level: 1, number: 1, to: .manager, skipped: 0),
            ])
        #expect(row("14:05") == (hours(4), minutes(305), .breached))
        let at15 = tick("14:05", "15:00")
        #expect(at15.allSatisfy { $0.0 == "2026-03-02T15:00:00Z" })
        #expect(
            at15.map(\.1) == [
                .reminder(level: 1, number: 2, to: .manager, skipped: 0), .escalation(level: 2, .createTask(template: "breach-review")),
            ])
        try clock.changeTarget(to: hours(8), at: time("15:30"))
        let raised = clock.status(at: time("15:30"), calendar: calendar)
        #expect((raised.target, raised.elapsed, raised.state) == (hours(8), minutes(390), .breached))
        #expect(raised.breachedAt == time("14:00"))
        #expect(raised.remaining == minutes(90))
        let at18 = tick("15:30", "18:00")
        #expect(at18.map(\.0) == ["2026-03-02T18:00:00Z"])
        #expect(at18.map(\.1) == [.reminder(level: 1, number: 5, to: .manager, skipped: 2)])
        #expect(row("18:00") == (hours(8), hours(9), .breached))

        // "Had the target been lowered to 6 hours instead, the breach would have moved to 15:00."
        var lowered = SLAClock(caseId: "C-1", metric: .resolution, target: hours(8), startedAt: at("2026-03-02T09:00:00Z"))
        try lowered.changeTarget(to: hours(6), at: time("14:00"))
        #expect(lowered.status(at: time("14:00"), calendar: calendar).deadline == time("15:00"))
    }

    @Test func percentileExample() throws {
        let statistics = try #require(DurationStatistics([minutes(10), minutes(20), minutes(30), minutes(120)]))
        #expect(statistics.median == minutes(20))
        #expect(statistics.p90 == minutes(120))
        #expect(statistics.mean == minutes(45))
    }
}
