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
struct BridgeEngineSyncBackTests {
    /// A world with the two-team case handled, and the ids of its tasks.
    func opened() async throws -> (EngineWorld, BridgeEngine, plannerTask: String, clickUpTask: String) {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        _ = try await engine.handle(EngineWorld.twoTeamCase())
        // The creation's own webhooks ("to do") read back as the status the bridge stored.
        let creation = await world.deliverWebhooks(to: engine)
        #expect(creation.allSatisfy { $0.post == nil })
        let plannerTask = try #require(await world.planner.tasks.first).id
        let clickUpTask = try #require(await world.clickUp.tasks.first).id
        return (world, engine, plannerTask, clickUpTask)
    }

    @Test func aClickUpStatusChangeBecomesExactlyOnePost() async throws {
        let (world, engine, _, clickUpTask) = try await opened()
        world.clock.advance(by: .seconds(600))
        try await world.clickUp.humanChangesStatus(of: clickUpTask, to: "in review")
        #expect(await world.clickUp.pendingDeliveries.count == 2)  // taskStatusUpdated and taskUpdated
        let outcomes = await world.deliverWebhooks(to: engine)

        #expect(outcomes.count == 1)  // the duplicate delivery carried no new history item
        #expect(outcomes[0].newWorkStatus == .inReview)
        let posts = await world.posts
        #expect(posts.map(\.status) == [.received, .inReview])
        #expect(posts[1].text == "Case C-1001 is in review by our accounts payable team.")
        #expect(posts[1].cause.tracker == .clickUp && posts[1].cause.taskId == clickUpTask)
        let record = try #require(try await world.store.caseRecord(partner: "ACME", case: "C-1001")?.value)
        #expect(record.partnerFacingStatus == .inReview)
        #expect(record.link(tracker: .clickUp, taskId: clickUpTask)?.lastSyncedStatus == .inReview)
        // A person answered: the first response clock stopped, in time.
        #expect(outcomes[0].clockChanges[SLAClockID(rawValue: "C-1001/firstResponse")] == .stopped)

        // ClickUp retries a delivery the receiver already took: a fresh ledger lets it through,
        // and the engine still posts nothing new.
        let raw = try #require(await world.clickUp.deliveredWebhooks.last { $0.delivery.event == .taskStatusUpdated }?.delivery)
        let receiver = ClickUpWebhookReceiver(verifier: ClickUpWebhookVerifier(secret: world.webhookSecret, wallClock: world.clock.wallClock))
        let again = try await engine.receive(clickUpWebhook: try await receiver.receive(body: raw.body, fields: raw.fields))
        #expect(again.map(\.ignoredBecause) == ["status unchanged (inReview)"])
        #expect(await world.posts.count == 2)
    }

    @Test func aPlannerChangeFoundByPollingBecomesAPost() async throws {
        let (world, engine, plannerTask, _) = try await opened()
        let quiet = try await engine.pollPlanner()
        #expect(quiet.changes.isEmpty && quiet.plans == [EngineWorld.planId])

        try await world.planner.humanEdit(task: plannerTask) { $0.percentComplete = 50 }
        let report = try await engine.pollPlanner()
        #expect(report.changes.count == 1)
        #expect(report.changes[0].newWorkStatus == .inProgress)
        #expect(await world.posts.map(\.text).last == "We are working on case C-1001.")
        let link = try #require(try await world.store.caseRecord(partner: "ACME", case: "C-1001")?.value.link(tracker: .planner, taskId: plannerTask))
        #expect(link.taskETag == (await world.planner.task(plannerTask))?.etag)

        let again = try await engine.pollPlanner()
        #expect(again.unchangedPlans == [EngineWorld.planId] && again.changes.isEmpty)
        #expect(await world.posts.count == 2)
    }

    @Test func internalCommentsNeverReachThePartner() async throws {
        let (world, engine, _, clickUpTask) = try await opened()
        try await world.clickUp.humanPostsComment(on: clickUpTask, text: "Carrier says the pallet was short-shipped, ask @bob")
        try await world.clickUp.humanPostsComment(
            on: clickUpTask, text: "[public] We found the missing cartons at https://app.clickup.com/t/86abc.")
        let outcomes = await world.deliverWebhooks(to: engine)

        #expect(outcomes.map { $0.post == nil } == [true, false])
        #expect(outcomes[0].ignoredBecause?.hasSuffix("is internal") == true)
        let posts = await world.posts
        #expect(posts.count == 2)
        #expect(posts[1].kind == .comment)
        #expect(posts[1].text == "Update on case C-1001: We found the missing cartons at [link removed]")
        #expect(posts.allSatisfy { !$0.text.contains("Carrier") && !$0.text.contains("bob") })
    }

    @Test func aWithdrawnCaseCancelsItsTasksAndClocksAndTellsThePartner() async throws {
        let (world, engine, plannerTask, clickUpTask) = try await opened()
        let outcome = try await engine.handle(Fixtures.caseWithdrawn())

        #expect(outcome.unfinishedOperations.isEmpty)
        #expect(await world.planner.task(plannerTask)?.percentComplete == 100)
        #expect(await world.clickUp.task(clickUpTask)?.status.isClosed == true)
        for metric in ["firstResponse", "resolution"] {
            let clock = try #require(try await world.store.slaClock(SLAClockProbe.self, partner: "ACME", id: "C-1001/\(metric)")?.value)
            #expect(clock.clock.status(at: world.clock.date, calendar: BusinessCalendar.twentyFourSeven).state == .cancelled)
        }
        #expect(await world.posts.map(\.text) == ["We received your case C-1001 (PO PO-4471).", "Case C-1001 is closed."])

        // The engine's own writes come back (webhook, poll) and change nothing.
        _ = await world.deliverWebhooks(to: engine)
        _ = try await engine.pollPlanner()
        world.clock.advance(by: .seconds(86_400))
        let tick = try await engine.tick()
        #expect(tick.actions.isEmpty)
        #expect(await world.posts.count == 2)
    }

    @Test func aResolvedCaseThatReopensStartsANewResolutionCycle() async throws {
        let (world, engine, plannerTask, clickUpTask) = try await opened()
        try await world.planner.humanEdit(task: plannerTask) { $0.percentComplete = 100 }
        _ = try await engine.pollPlanner()
        try await world.clickUp.humanChangesStatus(of: clickUpTask, to: "complete")
        let resolved = await world.deliverWebhooks(to: engine)
        #expect(resolved.last?.clockChanges[SLAClockID(rawValue: "C-1001/resolution")] == .stopped)

        world.clock.advance(by: .seconds(300))
        try await world.clickUp.humanChangesStatus(of: clickUpTask, to: "in progress")
        let reopened = await world.deliverWebhooks(to: engine)
        #expect(reopened.last?.clockChanges[SLAClockID(rawValue: "C-1001/resolution")] == .newCycle(paused: false))
        let clock = try #require(try await world.store.slaClock(SLAClockProbe.self, partner: "ACME", id: "C-1001/resolution")?.value)
        #expect(clock.clock.cycles.count == 2)
    }

    @Test func oneTeamResolvingItsTaskDoesNotTellThePartnerTheCaseIsResolved() async throws {
        let (world, engine, plannerTask, clickUpTask) = try await opened()
        try await world.clickUp.humanChangesStatus(of: clickUpTask, to: "complete")
        let first = await world.deliverWebhooks(to: engine)

        // The Planner task is still "to do": the case as a whole is not resolved.
        #expect(first.count == 1 && first[0].newWorkStatus == .resolved && first[0].post == nil)
        #expect(first[0].ignoredBecause?.contains("the case as a whole") == true)
        #expect(await world.posts.map(\.status) == [.received])
        #expect(first[0].clockChanges[SLAClockID(rawValue: "C-1001/resolution")] == nil)
        let record = try #require(try await world.store.caseRecord(partner: "ACME", case: "C-1001")?.value)
        #expect(record.partnerFacingStatus == .received)
        #expect(record.link(tracker: .clickUp, taskId: clickUpTask)?.lastSyncedStatus == .resolved)

        // The other team finishes: now the partner hears "resolved", exactly once.
        try await world.planner.humanEdit(task: plannerTask) { $0.percentComplete = 100 }
        let report = try await engine.pollPlanner()
        #expect(report.changes.count == 1 && report.changes[0].post?.status == .resolved)
        #expect(await world.posts.map(\.status) == [.received, .resolved])
        #expect(report.changes[0].clockChanges[SLAClockID(rawValue: "C-1001/resolution")] == .stopped)
        #expect(try await engine.pollPlanner().changes.isEmpty)
        #expect(await world.posts.count == 2)
    }

    @Test func thePartnerHearsWhenOneTeamWaitsOnThemButTheClocksRunWhileAnotherWorks() async throws {
        let (world, engine, plannerTask, clickUpTask) = try await opened()
        await world.clickUp.setStatuses(
            ClickUpFake.Status.defaults + [ClickUpFake.Status("waiting on partner")], ofList: EngineWorld.listId)
        try await world.planner.humanEdit(task: plannerTask) { $0.percentComplete = 50 }
        _ = try await engine.pollPlanner()
        #expect(await world.posts.map(\.status) == [.received, .inProgress])

        try await world.clickUp.humanChangesStatus(of: clickUpTask, to: "waiting on partner")
        let outcomes = await world.deliverWebhooks(to: engine)
        #expect(outcomes.count == 1 && outcomes[0].newWorkStatus == .awaitingPartner)
        // The partner has something to do: they hear it, though the Planner team still works.
        #expect(await world.posts.map(\.text).last == "Case C-1001 is on hold.")
        // The bridge's clocks do not pause: one team is still working on the case.
        #expect(outcomes[0].clockChanges[SLAClockID(rawValue: "C-1001/resolution")] != .paused)
        let clock = try #require(try await world.store.slaClock(SLAClockProbe.self, partner: "ACME", id: "C-1001/resolution")?.value)
        #expect(clock.clock.status(at: world.clock.date, calendar: BusinessCalendar.twentyFourSeven).state == .running)

        // The other task moving back to "not started" while the partner still owes something is not news.
        try await world.planner.humanEdit(task: plannerTask) { $0.percentComplete = 0 }
        let report = try await engine.pollPlanner()
        #expect(report.changes.count == 1 && report.changes[0].post == nil)
        #expect(await world.posts.count == 3)
    }

    @Test func changesToTasksTheBridgeDidNotCreateAreIgnored() async throws {
        let (world, engine, _, _) = try await opened()
        let stranger = try await world.clickUp.humanCreatesTask(inList: EngineWorld.listId, name: "Team lunch")
        let outcome = try await engine.apply(
            change: .status(.clickUp(name: "complete", type: "closed")), tracker: .clickUp, taskId: stranger, reference: "h-1")
        #expect(outcome.ignoredBecause == "not a task the bridge created" && outcome.post == nil)
    }
}
