import BridgeConnectors
import BridgeMapping
import BridgeModels
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite(.timeLimit(.minutes(1)))
struct PlannerBatchTests {
    func update(_ task: PlannerTask, priority: Int, etag: String? = nil) throws -> PlannedRequest {
        try PlannerRequests.updateTask(.id(task.id), PlannerTaskUpdate(priority: priority), etag: etag ?? task.etag)
    }

    @Test func aPartialFailureReportsEveryPartAndDependentsGet424() async throws {
        let harness = await PlannerHarness.make()
        let first = try await harness.createTask(title: "one")
        let second = try await harness.createTask(title: "two")
        let third = try await harness.createTask(title: "three")
        let parts = [
            PlannerBatchPart(id: "1", request: try update(first, priority: 1)),
            PlannerBatchPart(id: "2", request: try update(second, priority: 9, etag: "W/\"stale\"")),
            PlannerBatchPart(id: "3", request: PlannerRequests.readTask(.id(second.id)), dependsOn: ["2"]),
            PlannerBatchPart(id: "4", request: try PlannerRequests.deleteTask(.id("missing-task-id"), etag: "W/\"x\"")),
            PlannerBatchPart(id: "5", request: PlannerRequests.readTaskDetails(.id(third.id)), dependsOn: ["1"]),
        ]
        let result = try await harness.client().batch(parts)

        // The fake answers in reverse order; the result is in part order.
        #expect(result.items.map(\.id) == ["1", "2", "3", "4", "5"])
        #expect(result.items.map(\.status.code) == [200, 412, 424, 404, 200])
        #expect(result.rounds == 1)
        #expect(result.failures.map(\.id) == ["2", "3", "4"])
        #expect(try result["1"]?.decode(PlannerTask.self).priority == 1)
        #expect(try result["5"]?.decode(PlannerTaskDetails.self).id == third.id)
        #expect(result["2"]?.error?.code == .preconditionFailed)
        #expect(result["2"]?.error?.operation == "updateTask")
        #expect(result["3"]?.error?.plannerErrorCode == "FailedDependency")
        #expect(result["4"]?.error?.code == .notFound)
        #expect(throws: ConnectorError.self) { try result["3"]?.decode(PlannerTask.self) }
        #expect(await harness.fake.task(second.id)?.priority == second.priority)

        // Exactly the planned batch was sent.
        let sent = try #require(harness.recorder.requests.last)
        let planned = try ConnectorRequest(try PlannerRequests.batch(parts))
        #expect(sent.url.absoluteString == "https://graph.microsoft.com/v1.0/$batch")
        #expect(sent.body == planned.body && sent.fields == planned.fields)
        #expect(!sent.isIdempotent)
    }

    @Test func throttledPartsAndTheirDependentsAreSentAgainAfterRetryAfter() async throws {
        let harness = await PlannerHarness.make()
        let first = try await harness.createTask(title: "one")
        let second = try await harness.createTask(title: "two")
        await harness.fake.inject(.throttled(retryAfterSeconds: 7), on: .updateTask)
        let parts = [
            PlannerBatchPart(id: "a", request: try update(first, priority: 1)),
            PlannerBatchPart(id: "b", request: PlannerRequests.readTask(.id(first.id)), dependsOn: ["a"]),
            PlannerBatchPart(id: "c", request: PlannerRequests.readTask(.id(second.id))),
        ]
        let planner = harness.client()
        let start = harness.clock.now
        let batch = Task { try await planner.batch(parts) }
        await harness.clock.waitForSleepers(count: 1)
        #expect(harness.clock.pendingDeadlines == [start.advanced(by: .seconds(7))])
        harness.clock.advance(by: .seconds(7))
        let result = try await batch.value

        #expect(result.rounds == 2)
        #expect(result.items.map(\.status.code) == [200, 200, 200])
        #expect(result.items.map(\.attempts) == [2, 2, 1])
        #expect(try result["b"]?.decode(PlannerTask.self).priority == 1)
        // The second batch carries only the throttled part and its dependent, still ordered.
        let retried = try #require(harness.recorder.requests.last)
        let expected = try PlannerRequests.batch([parts[0], parts[1]])
        #expect(retried.body == Array(try #require(expected.body?.jsonText).utf8))
        #expect(await harness.fake.exchanges.filter(\.inBatch).map(\.status) == [429, 424, 200, 200, 200])
    }

    @Test func throttlingWithoutRetryAfterBacksOffAndGivesUpAfterTheRetries() async throws {
        let harness = await PlannerHarness.make()
        let task = try await harness.createTask()
        await harness.fake.inject(.throttled(retryAfterSeconds: nil), on: .readTask, times: 5)
        let planner = harness.client(options: PlannerClient.Options(batchRetries: 2))
        let batch = Task {
            try await planner.batch([PlannerBatchPart(id: "1", request: PlannerRequests.readTask(.id(task.id)))])
        }
        var waits: [Duration] = []
        for _ in 0..<2 {
            await harness.clock.waitForSleepers(count: 1)
            let deadline = try #require(harness.clock.nextDeadline)
            waits.append(harness.clock.now.duration(to: deadline))
            harness.clock.advanceToNextDeadline()
        }
        let result = try await batch.value
        #expect(waits == [.milliseconds(500), .seconds(1)])
        #expect(result.rounds == 3)
        #expect(result["1"]?.status == .tooManyRequests && result["1"]?.attempts == 3)
        #expect(result["1"]?.error?.code == .rateLimited)
    }

    @Test func invalidBatchesAreRefusedBeforeSending() async throws {
        let harness = await PlannerHarness.make()
        let planner = harness.client()
        let read = PlannerRequests.readTask(.id("abc"))
        let tooMany = (0..<21).map { PlannerBatchPart(id: String($0), request: read) }
        let duplicate = [PlannerBatchPart(id: "1", request: read), PlannerBatchPart(id: "1", request: read)]
        let forward = [
            PlannerBatchPart(id: "1", request: read, dependsOn: ["2"]), PlannerBatchPart(id: "2", request: read),
        ]
        let unresolved = [PlannerBatchPart(id: "1", request: PlannerRequests.readTaskDetails(.createdByPlan))]
        for parts in [[], tooMany, duplicate, forward, unresolved] {
            let error = await expectConnectorError { _ = try await planner.batch(parts) }
            #expect(error?.code == .invalidRequest)
        }
        #expect(harness.recorder.requests.isEmpty)
    }

    @Test func anAnswerThatDoesNotMatchThePartsIsAnInvalidResponse() async throws {
        let read = PlannerRequests.readTask(.id("abc"))
        let parts = [PlannerBatchPart(id: "1", request: read), PlannerBatchPart(id: "2", request: read)]
        for body in [
            #"{"responses":[{"id":"1","status":200,"body":{}}]}"#,
            #"{"responses":[{"id":"1","status":200},{"id":"9","status":200}]}"#,
            #"{"responses":[{"id":"1","status":200},{"id":"1","status":200},{"id":"2","status":200}]}"#,
            #"{"value":[]}"#,
        ] {
            let planner = PlannerClient(transport: MockTransport.successful(status: .ok, body: Array(body.utf8)))
            let error = await expectConnectorError { _ = try await planner.batch(parts) }
            #expect(error?.code == .invalidResponse)
        }
    }

    /// A PATCH with If-Match is idempotent (a replay meets a changed ETag and fails with 412), so
    /// a part answered 500 is sent again like a read, as `send` treats the same request outside a
    /// batch; and its error, if it stays, is not reported as possibly applied.
    @Test func aPatchWithIfMatchAnswered500IsSentAgain() async throws {
        let harness = await PlannerHarness.make()
        let task = try await harness.createTask(title: "one")
        await harness.fake.inject(.serverError, on: .updateTask)
        let parts = [PlannerBatchPart(id: "p", request: try update(task, priority: 1))]
        let planner = harness.client()
        let result = try await drive(harness.clock) { try await planner.batch(parts) }
        #expect(result.rounds == 2)
        #expect(result["p"]?.status == .ok)
        #expect(result["p"]?.request.isIdempotent == true)
        #expect(await harness.fake.task(task.id)?.priority == 1)

        await harness.fake.inject(.serverError, on: .updateTask)
        let once = try await harness.client(options: PlannerClient.Options(batchRetries: 0)).batch(
            [PlannerBatchPart(id: "q", request: try update(try #require(await harness.fake.task(task.id)), priority: 3))])
        #expect(once["q"]?.status == .internalServerError)
        #expect(once["q"]?.error?.isAmbiguous == false)
    }
}
