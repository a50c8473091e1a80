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
struct BridgeEngineOutboxTests {
    func plannerCase() -> CommunityEvent {
        Fixtures.caseOpened(case: Fixtures.partnerCase(departments: ["logistics"]))
    }

    @Test func anAmbiguousCreateStillLeavesExactlyOneTaskAfterTheRetry() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        // The create reaches Planner, the answer is lost, and the client's own look-up fails
        // too: the outcome stays unknown, so the engine retries later, looking first.
        await world.planner.inject(.dropConnectionAfterApplying, on: .createTask)
        await world.planner.inject(.serverError, on: .listTasks)
        let first = try await engine.handle(plannerCase())
        #expect(await world.planner.tasks.count == 1)
        let create = try #require(first.operations.first)
        guard case .retryScheduled(let retryAt, let reason) = create.state else {
            Issue.record("the create was not rescheduled: \(create.state)")
            return
        }
        #expect(retryAt == world.clock.date.addingTimeInterval(30))
        #expect(reason.contains("createTask"))
        #expect(try await world.store.caseRecord(partner: "ACME", case: "C-1001")?.value.links.isEmpty == true)

        // Not before its time.
        #expect(try await engine.runOutbox().isEmpty)
        world.clock.advance(by: .seconds(30))
        let retried = try await engine.runOutbox()
        #expect(retried.first?.attempt == 2)
        guard case .done(.taskCreated(let task, let foundExisting))? = retried.first?.state else {
            Issue.record("the retry did not create: \(String(describing: retried.first?.state))")
            return
        }
        #expect(foundExisting)
        #expect(await world.planner.tasks.map(\.id) == [task.taskId])
        #expect(try await world.store.caseRecord(partner: "ACME", case: "C-1001")?.value.links.map(\.taskId) == [task.taskId])
        // The "received" post waited for nothing: it went out with the first run.
        #expect(await world.posts.count == 1)
    }

    @Test func anAmbiguousClickUpCreateIsResolvedByItsMarker() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        await world.clickUp.inject(.dropConnectionAfterApplying, on: "createTask")
        let outcome = try await engine.handle(Fixtures.caseOpened(case: Fixtures.partnerCase(kind: .invoiceMismatch)))
        #expect(outcome.createdTasks.count == 1)
        #expect(await world.clickUp.tasks.count == 1)
    }

    @Test func twoEnginesOnOneStoreNeverRunOneOperationTwice() async throws {
        let world = try await EngineWorld.make()
        let queueOnly = BridgeEngine.Options(runsOutboxAfterEachEvent: false)
        let first = try world.engine("engine-a", options: queueOnly)
        let second = try world.engine("engine-b", options: queueOnly)
        for number in 1...4 {
            let event = Fixtures.caseOpened(
                id: EventID("evt-\(number)"),
                case: Fixtures.partnerCase(id: CaseID("C-\(number)"), threadId: ThreadID("T-\(number)"), departments: ["logistics", "accountsPayable"]))
            _ = try await (number.isMultiple(of: 2) ? first : second).handle(event)
        }
        #expect(try await world.store.outboxEntries(SyncOperation.self).count == 12)

        async let a = first.runOutbox()
        async let b = second.runOutbox()
        let results = try await a + b
        let done = results.filter { if case .done = $0.state { return true } else { return false } }
        #expect(done.count == 12)
        #expect(Set(done.map(\.sequence)).count == 12)
        #expect(await world.planner.tasks.count == 4)
        #expect(await world.clickUp.tasks.count == 4)
        #expect(await world.posts.count == 4)
        let history = try await world.store.outboxEntries(SyncOperation.self, states: [.done], limit: 100)
        #expect(history.count == 12 && history.allSatisfy { $0.value.attempts == 1 })
    }

    @Test func anOperationThatCannotSucceedFailsForGoodAndIsReported() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        await world.clickUp.inject(.status(403, applied: false), on: "createTask")
        let outcome = try await engine.handle(Fixtures.caseOpened(case: Fixtures.partnerCase(kind: .invoiceMismatch)))
        guard case .failed(let reason)? = outcome.operations.first?.state else {
            Issue.record("not failed: \(String(describing: outcome.operations.first?.state))")
            return
        }
        #expect(!reason.contains(EngineWorld.token))
        #expect(!String(describing: outcome).contains(EngineWorld.token))
        #expect(!String(describing: await world.observer.events).contains(EngineWorld.token))
        let failed = try await world.store.outboxEntries(SyncOperation.self, states: [.failed])
        let marker = IdempotencyMarker(partner: "ACME", case: "C-1001")
        #expect(failed.map(\.value.operation.description) == ["create task \(marker)"])
        #expect(await world.observer.events.contains { event in
            if case .operationFailed(_, _, let operation, _) = event { return operation.marker == marker }
            return false
        })
    }

    @Test func aCommunityOutageIsRetriedWithTheSamePostId() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        await world.community.failNext(.publish, count: 1)
        let outcome = try await engine.handle(plannerCase())
        #expect(outcome.unfinishedOperations.count == 1)
        #expect(await world.posts.isEmpty)
        world.clock.advance(by: .seconds(30))
        _ = try await engine.tick()
        let posts = await world.posts
        #expect(posts.count == 1 && posts[0].status == .received)
    }

    @Test func anUnusableAttachmentDoesNotKeepTheTaskFromExisting() async throws {
        let world = try await EngineWorld.make()
        let engine = try world.engine()
        let document = Fixtures.document(sha256: String(repeating: "0", count: 64))
        let outcome = try await engine.handle(
            Fixtures.caseOpened(case: Fixtures.partnerCase(kind: .invoiceMismatch, documents: [document])))
        #expect(outcome.createdTasks.count == 1)
        let task = try #require(await world.clickUp.tasks.first)
        #expect(await world.clickUp.attachments(on: task.id).isEmpty)
        #expect(await world.observer.events.contains { event in
            if case .attachmentFailed(_, let marker, _) = event { return marker == IdempotencyMarker(partner: "ACME", case: "C-1001") }
            return false
        })
    }
}
