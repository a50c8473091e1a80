import BridgeConnectors
import BridgeMapping
import BridgeModels
import BridgeTesting
import Testing

/// Throttling of whole requests is the retry middleware's job; these tests show it composed with
/// the Planner client over the fake, waiting exactly as Graph's `Retry-After` asks.
@Suite(.timeLimit(.minutes(1)))
struct PlannerThrottlingTests {
    @Test func createWorkWaitsExactlyAsRetryAfterAsks() async throws {
        let harness = await PlannerHarness.make()
        await harness.fake.inject(.throttled(retryAfterSeconds: 10), on: .createTask)
        await harness.fake.inject(.serviceUnavailable(retryAfterSeconds: 3), on: .readTaskDetails)
        let planner = harness.client([harness.retry()])
        let start = harness.clock.now
        let work = Task { try await planner.createWork(harness.item(), in: harness.destination) }

        await harness.clock.waitForSleepers(count: 1)
        #expect(harness.clock.pendingDeadlines == [start.advanced(by: .seconds(10))])
        harness.clock.advance(by: .seconds(10))
        await harness.clock.waitForSleepers(count: 1)
        #expect(harness.clock.pendingDeadlines == [start.advanced(by: .seconds(13))])
        harness.clock.advance(by: .seconds(3))
        let created = try await work.value

        #expect(await harness.fake.tasks.count == 1)
        #expect(created.details?.checklist.count == 2)
        #expect(
            harness.recorder.statuses == ["429", "201", "503", "200", "200"])
    }

    @Test func aThrottledPatchIsResentWithTheSameETag() async throws {
        let harness = await PlannerHarness.make()
        let task = try await harness.createTask()
        await harness.fake.inject(.throttled(retryAfterSeconds: 2), on: .updateTask, times: 2)
        let planner = harness.client([harness.retry()])
        let update = Task {
            try await planner.updateTask(id: task.id, PlannerTaskUpdate(priority: 1), etag: try #require(task.etag))
        }
        for _ in 0..<2 {
            await harness.clock.waitForSleepers(count: 1)
            #expect(harness.clock.nextDeadline == harness.clock.now.advanced(by: .seconds(2)))
            harness.clock.advance(by: .seconds(2))
        }
        let updated = try await update.value
        #expect(updated.priority == 1)
        let patches = harness.recorder.requests.filter { $0.method == .patch }
        #expect(patches.count == 3 && Set(patches.map { $0.fields[.ifMatch] }).count == 1)
    }

    @Test func withoutARetryMiddlewareThe429IsThrownWithItsWait() async throws {
        let harness = await PlannerHarness.make()
        await harness.fake.inject(.throttled(retryAfterSeconds: 10), on: .listTasks)
        let error = await expectConnectorError { _ = try await harness.client().tasks(inPlan: harness.plan.id) }
        #expect(error?.code == .rateLimited)
        #expect(error?.retryAfter == .seconds(10))
        #expect(error?.plannerErrorCode == "TooManyRequests")
    }
}
