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
struct PlannerClientTests {
    @Test func createsReadsUpdatesAndDeletesATask() async throws {
        let harness = await PlannerHarness.make()
        let planner = harness.client()
        let created = try await planner.createTask(
            PlannerTaskCreate(
                planId: harness.plan.id, bucketId: harness.plan.bucketIds[0], title: "Check the ASN [TG-ACME-C-1]",
                priority: 3,
                assignments: [PlannerHarness.alice: PlannerAssignment()]))
        #expect(created.id.utf8.count == 28)
        #expect(created.assigneeIds == [PlannerHarness.alice])
        let createdETag = try #require(created.etag)

        let read = try await planner.task(id: created.id)
        #expect(read == created)

        var update = PlannerTaskUpdate(percentComplete: 100)
        update.appliedCategories[PlannerCategory(number: 2)!] = true
        let updated = try await planner.updateTask(id: created.id, update, etag: createdETag)
        #expect(updated.isCompleted && updated.appliedCategories == [PlannerCategory(number: 2)!])
        #expect(updated.etag != createdETag)
        #expect(await harness.fake.task(created.id) == updated)

        let details = try await planner.taskDetails(id: created.id)
        #expect(details.etag != updated.etag)
        let written = try await planner.updateTaskDetails(
            id: created.id,
            PlannerTaskDetailsUpdate(
                description: "Count again",
                checklist: [
                    "95e27074-6c4a-447a-aa24-9d718a0b86fa": .set(
                        PlannerChecklistItemWrite(title: "Count", isChecked: false, orderHint: " !"))
                ]),
            etag: try #require(details.etag))
        #expect(written.description == "Count again")
        #expect(written.checklist.map(\.title) == ["Count"])
        #expect(written.etag != details.etag)

        try await planner.deleteTask(id: created.id, etag: try #require(updated.etag))
        #expect(await harness.fake.tasks.isEmpty)
        let gone = await expectConnectorError { _ = try await planner.task(id: created.id) }
        #expect(gone?.code == .notFound)
        #expect(gone?.operation == "readTask")
    }

    @Test func sendsThePlannedRequestsWithIdempotentWrites() async throws {
        let harness = await PlannerHarness.make()
        let task = try await harness.createTask()
        let etag = try #require(task.etag)
        let update = PlannerTaskUpdate(priority: 1)
        _ = try await harness.client().updateTask(id: task.id, update, etag: etag)
        let sent = try #require(harness.recorder.requests.last)
        let planned = try ConnectorRequest(try PlannerRequests.updateTask(.id(task.id), update, etag: etag))
        #expect(
            sent.method == planned.method && sent.url == planned.url && sent.fields == planned.fields
                && sent.body == planned.body)
        #expect(sent.fields[.prefer] == "return=representation")
        // A PATCH with If-Match cannot apply twice, so it is marked idempotent for the retry middleware.
        #expect(sent.isIdempotent)
        #expect(harness.recorder.requests.first?.isIdempotent == false)  // the POST
    }

    @Test func aWriteAnswered204IsFollowedByARead() async throws {
        let harness = await PlannerHarness.make()
        let task = try await harness.createTask()
        // A proxy that drops `Prefer`: Graph then answers 204 without the new ETag.
        struct DropPrefer: TransportMiddleware {
            func intercept(
                _ request: ConnectorRequest, next: @Sendable (ConnectorRequest) async throws -> ConnectorResponse
            ) async throws -> ConnectorResponse {
                var request = request
                request.fields[.prefer] = nil
                return try await next(request)
            }
        }
        let planner = harness.client([DropPrefer()])
        let updated = try await planner.updateTask(
            id: task.id, PlannerTaskUpdate(title: "Renamed"), etag: try #require(task.etag))
        #expect(updated.title == "Renamed")
        #expect(updated.etag == (await harness.fake.task(task.id))?.etag)
        #expect(
            harness.recorder.summary.suffix(2) == [
                "PATCH /planner/tasks/\(task.id) → 204", "GET /planner/tasks/\(task.id) → 200",
            ])
    }

    @Test func deletingWithAStaleETagIsRefusedNotMerged() async throws {
        let harness = await PlannerHarness.make()
        let task = try await harness.createTask()
        _ = try await harness.fake.humanEdit(task: task.id) { $0.percentComplete = 50 }
        let error = await expectConnectorError {
            try await harness.client().deleteTask(id: task.id, etag: try #require(task.etag))
        }
        #expect(error?.code == .preconditionFailed)
        #expect(await harness.fake.tasks.count == 1)
    }

    @Test func badRequestsAreTypedAndNothingIsSent() async throws {
        let harness = await PlannerHarness.make()
        let planner = harness.client()
        let injected = await expectConnectorError {
            _ = try await planner.updateTask(id: "abc", PlannerTaskUpdate(priority: 1), etag: "W/\"x\"\r\nX-Evil: 1")
        }
        #expect(injected?.code == .invalidRequest)
        #expect(harness.recorder.requests.isEmpty)

        // The service refuses: Graph's code and message come through.
        let refused = await expectConnectorError {
            _ = try await planner.createTask(
                PlannerTaskCreate(planId: harness.plan.id, bucketId: "no-such-bucket", title: "t"))
        }
        #expect(refused?.code == .badRequest)
        #expect(refused?.plannerErrorCode == "BadRequest")
        #expect(refused?.message?.contains("does not belong to the plan") == true)
    }

    @Test func anUnreadableAnswerIsAnInvalidResponse() async throws {
        let planner = PlannerClient(transport: MockTransport.successful(status: .ok, body: Array(#"{"id": 5}"#.utf8)))
        let error = await expectConnectorError { _ = try await planner.task(id: "abc") }
        #expect(error?.code == .invalidResponse)
        #expect(error?.operation == "readTask")
    }

    @Test func theTokenNeverAppearsInErrors() async throws {
        let clock = ManualClock()
        let token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.SECRET-GRAPH-TOKEN"
        let fake = PlannerFake(wallClock: clock.wallClock, acceptedToken: token)
        let plan = await fake.addPlan()
        let planner = PlannerClient(
            transport: fake.with(AuthorizationMiddleware(scheme: .bearer, token: Secret(token), connector: .planner)))
        let task = try await planner.createTask(PlannerTaskCreate(planId: plan.id, title: "t"))
        #expect(await fake.requests.last?.fields[.authorization] == "Bearer " + token)
        let error = await expectConnectorError {
            try await planner.deleteTask(id: task.id, etag: "W/\"stale\"")
        }
        #expect(error?.code == .preconditionFailed)
        let text = "\(String(describing: error)) \(String(reflecting: error)) \(await fake.requests.map(\.description))"
        #expect(!text.contains("SECRET-GRAPH-TOKEN"))
    }
}
