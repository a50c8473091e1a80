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
struct BridgeEngineEventTests {
    @Test func aCaseCreatesItsTasksLinksClocksAndOneReceivedPost() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        let event = EngineWorld.twoTeamCase()
        let outcome = try await engine.handle(event)

        #expect(outcome.disposition == .handled)
        let planned = try world.work(for: event)
        #expect(planned.map(\.assignment.tracker) == [.planner, .clickUp])
        let plannerTasks = await world.planner.tasks
        let clickUpTasks = await world.clickUp.tasks
        #expect(plannerTasks.count == 1 && clickUpTasks.count == 1)
        #expect(plannerTasks[0].title.hasSuffix("[\(planned[0].item.marker)]"))
        #expect(plannerTasks[0].bucketId == EngineWorld.workBucket)
        #expect(clickUpTasks[0].name.hasSuffix("[\(planned[1].item.marker)]"))
        #expect(clickUpTasks[0].customFieldValues[EngineWorld.caseIdField] == .string(planned[1].item.marker.rawValue))
        #expect(await world.clickUp.attachments(on: clickUpTasks[0].id).map(\.fileName) == ["receiving-report.pdf"])

        // Links with task ids, etags, markers and the status the tracker shows.
        let record = try #require(try await world.store.caseRecord(partner: "ACME", case: "C-1001")?.value)
        #expect(record.threadId == "T-77")
        let plannerLink = try #require(record.link(marker: planned[0].item.marker))
        #expect(plannerLink.taskId == plannerTasks[0].id && plannerLink.taskETag == plannerTasks[0].etag)
        #expect(plannerLink.detailsETag == (await world.planner.details(ofTask: plannerTasks[0].id))?.etag)
        #expect(plannerLink.lastSyncedStatus == .open)
        let clickUpLink = try #require(record.link(marker: planned[1].item.marker))
        #expect(clickUpLink.taskId == clickUpTasks[0].id && clickUpLink.lastSyncedStatus == .open)
        #expect(try await world.store.caseRecord(tracker: .clickUp, taskId: clickUpTasks[0].id)?.value.caseId == "C-1001")
        #expect(Set(outcome.createdTasks.map(\.taskId)) == [plannerTasks[0].id, clickUpTasks[0].id])

        // Clocks started retroactively at the event's occurredAt.
        let clocks = try await world.store.slaClocks(SLAClockProbe.self, partner: "ACME")
        #expect(clocks.map(\.clockId) == ["C-1001/firstResponse", "C-1001/resolution"])
        #expect(clocks.allSatisfy { $0.clock.clock.cycles[0].startedAt == event.occurredAt })
        #expect(outcome.startedClocks.map(\.rawValue) == ["C-1001/firstResponse", "C-1001/resolution"])

        let posts = await world.posts
        #expect(posts.map(\.status) == [.received])
        #expect(posts[0].text == "We received your case C-1001 (PO PO-4471).")
        #expect(posts[0].threadId == "T-77")
        #expect(record.partnerFacingStatus == .received && record.lastPostId == posts[0].id)
    }

    @Test func aReplayedEventDoesNothing() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        let event = EngineWorld.twoTeamCase()
        _ = try await engine.handle(event)
        let plannerRequests = await world.planner.requests.count
        let clickUpRequests = await world.clickUp.receivedRequests.count

        let replay = try await engine.handle(event)
        #expect(replay.disposition == .duplicate)
        #expect(replay.operations.isEmpty)
        // A second engine on the same store sees the same record.
        #expect(try await world.engine("engine-2").handle(event).disposition == .duplicate)
        #expect(await world.planner.requests.count == plannerRequests)
        #expect(await world.clickUp.receivedRequests.count == clickUpRequests)
        #expect(await world.posts.count == 1)
        #expect(try await world.store.outboxEntries(SyncOperation.self, states: [.pending, .done, .failed]).count == 3)
    }

    @Test func bytesThatDoNotDecodeAreDeadLetteredWithTheirPath() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        let line = #"{"id":"evt-1","type":"case.opened","occurredAt":"2026-11-20T14:03:00Z","partner":{"id":"ACME"},"case":{"id":"C-1","kind":"shipmentDiscrepancy","title":"x","amount":{"value":"1","currency":"XXY"}}}"#
        let outcome = try await engine.handle(bytes: Array(line.utf8), source: "events.jsonl:3")
        guard case .deadLettered(let id, let reason) = outcome.disposition else {
            Issue.record("not dead-lettered: \(outcome.disposition)")
            return
        }
        #expect(reason.hasPrefix("$.case.amount.currency: "))
        let letters = try await world.store.deadLetters()
        #expect(letters.map(\.id) == [id])
        #expect(letters[0].letter.source == "events.jsonl:3" && letters[0].letter.payload == Data(line.utf8))
        #expect(await world.observer.events == [.deadLettered(id: id, reason: reason)])
        #expect(await world.planner.tasks.isEmpty)
        #expect(await world.clickUp.tasks.isEmpty)
    }

    @Test func eventsTheEngineCannotUseAreDeadLetteredNotDropped() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        // An update of a case the bridge never saw.
        let update = CommunityEvent(
            id: "evt-9", occurredAt: Fixtures.referenceDate, partner: Fixtures.partner(),
            body: .caseUpdated(CaseUpdate(id: "C-404", priority: .urgent)))
        guard case .deadLettered(_, let reason) = try await engine.handle(update).disposition else {
            Issue.record("the update was not dead-lettered")
            return
        }
        #expect(reason == "$.case: inconsistent: the bridge has no case C-404 of partner ACME")
        // A programme the configuration does not define.
        let added = CommunityEvent(
            id: "evt-10", occurredAt: Fixtures.referenceDate, partner: Fixtures.partner(id: "UMBRELLA"),
            body: .partnerAdded(PartnerAdded(program: "Unknown programme")))
        guard case .deadLettered(_, let programReason) = try await engine.handle(added).disposition else {
            Issue.record("the partner was not dead-lettered")
            return
        }
        #expect(programReason.hasPrefix("$.program: "))
        // Work for a tracker the engine has no client for.
        let plannerOnly = try BridgeEngine(
            configuration: world.configuration, store: world.store, community: world.community,
            planner: world.plannerClient, wallClock: world.clock.wallClock, instanceId: "planner-only")
        let invoice = Fixtures.caseOpened(id: "evt-11", case: Fixtures.partnerCase(id: "C-2", kind: .invoiceMismatch))
        guard case .deadLettered(_, let trackerReason) = try await plannerOnly.handle(invoice).disposition else {
            Issue.record("the invoice was not dead-lettered")
            return
        }
        #expect(trackerReason.contains("no clickup client"))
        #expect(try await world.store.deadLetters().count == 3)
        // Dead-lettered events are not marked processed: once the problem is fixed they replay.
        #expect(try await !world.store.isEventProcessed("evt-11", partner: "ACME"))
        #expect(await world.clickUp.tasks.isEmpty)
        #expect(await world.planner.tasks.isEmpty)
    }

    @Test func anUpdateSendsOnlyWhatChangedAndRetargetsTheClocks() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        _ = try await engine.handle(EngineWorld.twoTeamCase())
        await world.planner.clearLog()
        let before = await world.clickUp.receivedRequests.count
        let update = CommunityEvent(
            id: "evt-2", occurredAt: Fixtures.referenceDate.addingTimeInterval(600), partner: Fixtures.partner(),
            body: .caseUpdated(CaseUpdate(id: "C-1001", priority: .urgent)))
        let outcome = try await engine.handle(update)

        #expect(outcome.disposition == .handled)
        let plannerTask = try #require(await world.planner.tasks.first)
        #expect(plannerTask.bridgePriority == .urgent)
        #expect(await world.clickUp.tasks.first?.priority == 1)  // ClickUp's urgent
        // Planner: a task PATCH (priority, due date) and a details write (the SLA line moved).
        #expect(await world.planner.exchanges.map(\.method).filter { $0 != "GET" } == ["PATCH", "PATCH"])
        let clickUpOperations = await world.clickUp.receivedRequests.dropFirst(before).map(\.operation)
        #expect(clickUpOperations.contains("updateTask"))
        // The urgent target (120 minutes) replaces 240, keeping the elapsed time.
        let resolution = try #require(
            try await world.store.slaClock(SLAClockProbe.self, partner: "ACME", id: "C-1001/resolution")?.value)
        #expect(resolution.clock.currentCycle.target == .seconds(120 * 60))
        #expect(resolution.clock.cycles[0].startedAt == Fixtures.referenceDate)
        // A replay of the update changes nothing more.
        let requests = await world.planner.requests.count
        #expect(try await engine.handle(update).disposition == .duplicate)
        #expect(await world.planner.requests.count == requests)
    }

    @Test func aPartnerMessageBecomesAClickUpCommentAndAPlannerDescriptionLine() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        _ = try await engine.handle(EngineWorld.twoTeamCase())
        let message = Fixtures.messagePosted(
            id: "evt-3", text: "Attached the signed proof of delivery. See https://evil.example.com/x @everyone")
        let outcome = try await engine.handle(message)
        #expect(outcome.unfinishedOperations.isEmpty)

        let clickUpTask = try #require(await world.clickUp.tasks.first)
        let comments = await world.clickUp.comments(on: clickUpTask.id)
        #expect(comments.count == 1)
        #expect(comments[0].text.hasPrefix("Jane Buyer: Attached the signed proof of delivery."))
        #expect(!comments[0].text.contains("https://evil.example.com"))  // defanged: no live link
        let plannerTask = try #require(await world.planner.tasks.first)
        let details = try #require(await world.planner.details(ofTask: plannerTask.id))
        #expect(details.description.contains("Jane Buyer: Attached the signed proof of delivery."))

        // The engine's own comment comes back by webhook and is never posted to the partner.
        let outcomes = await world.deliverWebhooks(to: engine)
        #expect(outcomes.contains { $0.ignoredBecause == "comment \(comments[0].id) already handled" })
        #expect(await world.posts.count == 1)
        // Handled once: a redelivered message (new event id, same message id) adds nothing.
        _ = try await engine.handle(Fixtures.messagePosted(id: "evt-4", text: "Attached the signed proof of delivery."))
        #expect(await world.clickUp.comments(on: clickUpTask.id).count == 1)
    }

    @Test func onboardingChecksTheStepAndPostsProgress() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        let partner = Fixtures.partner(id: "UMBRELLA", name: "Umbrella Logistics", tier: .standard)
        _ = try await engine.handle(
            CommunityEvent(id: "evt-20", occurredAt: Fixtures.referenceDate, partner: partner, body: .partnerAdded(PartnerAdded(program: "EDI"))))
        let completed = CommunityEvent(
            id: "evt-21", occurredAt: Fixtures.referenceDate, partner: Fixtures.partner(id: "UMBRELLA"),
            body: .requirementCompleted(CompletedRequirement(id: "agreement", kind: .agreement, completedAt: Fixtures.referenceDate)))
        let outcome = try await engine.handle(completed)
        #expect(outcome.disposition == .handled)

        let task = try #require(await world.planner.tasks.first)
        let checklist = try #require(await world.planner.details(ofTask: task.id)).checklist
        #expect(checklist.map(\.title) == ["Complete the company profile", "Sign the trading partner agreement"])
        #expect(checklist.map(\.isChecked) == [false, true])
        #expect(await world.posts.map(\.text) == [
            "Onboarding (EDI): 0% complete.", "Onboarding (EDI): 50% complete.",
        ])
    }

    @Test func acknowledgementsAreRecordedAndStopTheNoticeReminders() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        let notice = Fixtures.changeNotice(tiers: [], partners: ["ACME", "GLOBEX"])
        let partners = [Fixtures.partner(), Fixtures.partner(id: "GLOBEX", name: "Globex Supply", tier: .standard)]
        #expect(try await engine.remindUnacknowledged(notice, partners: partners, round: 1).map(\.partnerId) == ["ACME", "GLOBEX"])

        _ = try await engine.handle(Fixtures.acknowledgementReceived(noticeId: notice.id))
        #expect(try await engine.acknowledgement(of: notice.id, by: "ACME")?.by == "Jane Buyer")
        #expect(try await engine.acknowledgement(of: notice.id, by: "GLOBEX") == nil)
        let second = try await engine.remindUnacknowledged(notice, partners: partners, round: 2)
        #expect(second.map(\.partnerId) == ["GLOBEX"])
        #expect(second[0].text == "Reminder about N-2026-07: Please acknowledge \"New carton label standard\" by 2026-12-04.")
        // Repeating a round posts nothing new.
        _ = try await engine.remindUnacknowledged(notice, partners: partners, round: 2)
        #expect(await world.posts.count == 3)
    }
}

/// Reads the engine's stored clocks without knowing its record type: only the clock.
struct SLAClockProbe: Codable, Sendable {
    var clock: SLAClock
}
