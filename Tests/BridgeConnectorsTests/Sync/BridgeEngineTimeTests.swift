import BridgeConnectors
import BridgeMapping
import BridgeModels
import BridgeSLA
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite(.timeLimit(.minutes(1)))
struct BridgeEngineTimeTests {
    func ids(_ report: TickReport) -> [String] { report.actions.map(\.action.id.rawValue) }

    func escalationTasks(_ world: EngineWorld) async -> [PlannerTask] {
        await world.planner.tasks.filter { $0.bucketId == EngineWorld.escalationBucket }
    }

    @Test func aTargetLoweredBelowTheTimeUsedBreachesAtTheChangeOnce() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        _ = try await engine.handle(EngineWorld.twoTeamCase())  // high: resolution target 240 minutes
        let resolution = { (report: TickReport) in
            report.actions.map(\.action).filter { $0.clockId == SLAClockID(rawValue: "C-1001/resolution") }
        }
        world.clock.advance(by: .seconds(150 * 60))
        #expect(resolution(try await engine.tick()).map(\.id.rawValue) == ["C-1001/resolution#1:warning:50%"])

        // The partner raises the case to urgent (target 120 minutes): 150 minutes are used
        // already, so the case is breached from the moment the bridge learns of it.
        let changedAt = world.clock.date
        let update = CommunityEvent(
            id: "evt-2", occurredAt: changedAt.addingTimeInterval(-60), partner: Fixtures.partner(),
            body: .caseUpdated(CaseUpdate(id: "C-1001", priority: .urgent)))
        #expect(try await engine.handle(update).disposition == .handled)
        world.clock.advance(by: .seconds(60))
        let due = resolution(try await engine.tick())
        #expect(due.map(\.id.rawValue).contains("C-1001/resolution#1:breach"))
        #expect(due.map(\.id.rawValue).contains("C-1001/resolution#1:warning:75%"))
        #expect(due.allSatisfy { $0.dueAt == changedAt })
        let stored = try #require(try await world.store.slaClock(SLAClockProbe.self, partner: "ACME", id: "C-1001/resolution")?.value)
        #expect(stored.clock.status(at: world.clock.date, calendar: BusinessCalendar.twentyFourSeven).breachedAt == changedAt)

        // Reported once: later ticks do not repeat the breach.
        world.clock.advance(by: .seconds(60))
        #expect(!resolution(try await engine.tick()).map(\.id.rawValue).contains("C-1001/resolution#1:breach"))
    }

    @Test func timePastABreachActsOnceAcrossTicksAndRestarts() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        _ = try await engine.handle(EngineWorld.twoTeamCase(priority: .normal))

        // 30 minutes: the first response clock is at 50 %.
        world.clock.advance(by: .seconds(30 * 60))
        #expect(ids(try await engine.tick()) == ["C-1001/firstResponse#1:warning:50%"])

        // 5 hours: both clocks breached; everything due since the last tick, once.
        world.clock.advance(by: .seconds(270 * 60))
        let breach = try await engine.tick()
        #expect(
            ids(breach) == [
                "C-1001/firstResponse#1:warning:75%", "C-1001/firstResponse#1:level1:action1",
                "C-1001/firstResponse#1:breach", "C-1001/firstResponse#1:level2:action1",
                "C-1001/firstResponse#1:level2:action2", "C-1001/firstResponse#1:level2:action3",
                "C-1001/firstResponse#1:level2:reminder5",
                "C-1001/resolution#1:warning:50%", "C-1001/resolution#1:warning:75%", "C-1001/resolution#1:level1:action1",
                "C-1001/resolution#1:breach", "C-1001/resolution#1:level2:action1", "C-1001/resolution#1:level2:action2",
                "C-1001/resolution#1:level2:action3", "C-1001/resolution#1:level2:reminder2",
            ])
        // raisePriority twice (normal → high → urgent), one escalation task and one partner
        // notice per breached clock.
        let raises = breach.actions.flatMap(\.effects).compactMap { effect -> Priority? in
            if case .priorityRaised(_, let to) = effect { return to }
            return nil
        }
        #expect(raises == [.high, .urgent])
        #expect(await world.planner.tasks.first { $0.bucketId == EngineWorld.workBucket }?.bridgePriority == .urgent)
        #expect(await world.clickUp.tasks.first?.priority == 1)
        let escalations = await escalationTasks(world)
        #expect(escalations.count == 2)
        #expect(escalations.allSatisfy { $0.title.hasPrefix("SLA breached: C-1001 (PO PO-4471)") && $0.bridgePriority == .urgent })
        let delays = await world.posts.filter { $0.cause.change == "sla" }
        #expect(delays.map(\.text) == Array(repeating: "Case C-1001 (PO PO-4471) is taking longer than we promised.", count: 2))
        // Notifications resolve their responders through the configuration.
        let events = await world.observer.events
        #expect(events.contains { event in
            if case .notify(let notice, .assignee, .assignees(let ids)) = event {
                return notice.actionId == "C-1001/resolution#1:level1:action1" && ids == [EngineWorld.assignee, "183"]
            }
            return false
        })
        #expect(events.contains { event in
            if case .remind(let notice, "manager", .team("leads"), 5, 4) = event { return notice.metric == .firstResponse }
            return false
        })

        // Not again on the next tick, nor on a restarted engine over the same store.
        #expect(try await engine.tick().actions.isEmpty)
        let restarted = try world.engine("engine-restarted")
        #expect(try await restarted.tick().actions.isEmpty)
        #expect(await escalationTasks(world).count == 2)
        #expect(await world.posts.filter { $0.cause.change == "sla" }.count == 2)

        // An hour later only the managers' reminders are due.
        world.clock.advance(by: .seconds(3_600))
        #expect(ids(try await restarted.tick()) == ["C-1001/firstResponse#1:level2:reminder6", "C-1001/resolution#1:level2:reminder3"])
        // Acknowledged: the reminders stop.
        #expect(try await restarted.acknowledgeEscalations(partner: "ACME", caseId: "C-1001").count == 2)
        world.clock.advance(by: .seconds(3_600))
        #expect(try await restarted.tick().actions.isEmpty)
    }

    @Test func anIntervalCutShortByACrashResumesWithoutRepeating() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        _ = try await engine.handle(EngineWorld.twoTeamCase(priority: .normal))
        world.clock.advance(by: .seconds(300 * 60))
        // A crash in the middle of acting: the first engine claimed the interval and carried
        // out the first action, then died (its lease stands for five minutes).
        let partial = try #require(try await world.store.slaClock(ClockRecordProbe.self, partner: "ACME", id: "C-1001/resolution"))
        var record = partial.value
        let claimedAt = world.clock.date
        record.evaluatedThrough = claimedAt
        record.inFlight = ClockRecordProbe.Interval(
            from: nil, to: claimedAt, owner: "crashed", expiresAt: claimedAt.addingTimeInterval(300),
            done: ["C-1001/resolution#1:warning:50%"])
        try await world.store.saveSLAClock(record, partner: "ACME", id: "C-1001/resolution", expecting: partial.version)

        let survivor = try world.engine("engine-2")
        let whileLeased = try await survivor.tick()
        #expect(!ids(whileLeased).contains { $0.hasPrefix("C-1001/resolution") })
        world.clock.advance(by: .seconds(301))
        let resumed = ids(try await survivor.tick()).filter { $0.hasPrefix("C-1001/resolution") }
        #expect(resumed.first == "C-1001/resolution#1:warning:75%")
        #expect(!resumed.contains("C-1001/resolution#1:warning:50%"))
        #expect(resumed.filter { $0.hasSuffix(":breach") }.count == 1)
        #expect(await escalationTasks(world).count == 2)
    }

    @Test func twoEnginesTickingTogetherActOnEachDueActionOnce() async throws {
        let world = try await EngineWorld.make()
        let first = try world.engine("engine-a")
        let second = try world.engine("engine-b")
        _ = try await first.handle(EngineWorld.twoTeamCase(priority: .normal))
        world.clock.advance(by: .seconds(300 * 60))
        async let a = first.tick()
        async let b = second.tick()
        let acted = try await a.actions + b.actions
        let ids = acted.map(\.action.id.rawValue)
        #expect(ids.count == 16 && Set(ids).count == 16)
        #expect(await escalationTasks(world).count == 2)
        #expect(await world.posts.filter { $0.cause.change == "sla" }.count == 2)
    }

    @Test func pausedWhileWaitingOnThePartner() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        let invoice = Fixtures.caseOpened(case: Fixtures.partnerCase(kind: .invoiceMismatch, priority: .normal))
        _ = try await engine.handle(invoice)
        let task = try #require(await world.clickUp.tasks.first).id
        await world.clickUp.setStatuses(ClickUpFake.Status.defaults + [ClickUpFake.Status("waiting on partner")], ofList: EngineWorld.listId)
        world.clock.advance(by: .seconds(600))
        try await world.clickUp.humanChangesStatus(of: task, to: "waiting on partner")
        let outcomes = await world.deliverWebhooks(to: engine)
        #expect(outcomes.last?.newWorkStatus == .awaitingPartner)
        #expect(outcomes.last?.clockChanges[SLAClockID(rawValue: "C-1001/resolution")] == .paused)

        // A day later nothing is due: the clocks do not count while the partner owes us.
        world.clock.advance(by: .seconds(86_400))
        let tick = try await engine.tick()
        #expect(!ids(tick).contains { $0.hasPrefix("C-1001/resolution") })
    }
}

/// The engine's stored clock record, as far as a test needs to forge a crash.
struct ClockRecordProbe: Codable, Sendable {
    struct Interval: Codable, Sendable {
        var from: Date?
        var to: Date
        var owner: String
        var expiresAt: Date
        var done: [String]
    }

    var clock: SLAClock
    var subjectId: CaseID
    var pauseOn: [WorkStatus]
    var evaluatedThrough: Date?
    var inFlight: Interval?
}
