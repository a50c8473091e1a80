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
struct PlannerWorkTests {
    /// `METHOD URL`, header fields and body of a request, to compare sent with planned.
    func wire(_ request: ConnectorRequest) -> String {
        "\(request.method) \(request.url.absoluteString)\n\(request.fields)\n\(request.bodyText)"
    }

    @Test func createWorkSendsExactlyThePlannedRequests() async throws {
        let harness = await PlannerHarness.make()
        let item = harness.item()
        let created = try await harness.client().createWork(item, in: harness.destination)

        let task = try #require(await harness.fake.task(created.taskId))
        let details = try #require(await harness.fake.details(ofTask: created.taskId))
        #expect(task.title == "ASN quantity does not match receipt for PO 4471 [TG-ACME-C-1001-b52f960dcdad]")
        #expect(task.bucketId == harness.plan.bucketIds[0] && task.priority == 3)
        #expect(task.assigneeIds == [PlannerHarness.alice] && task.appliedCategories == [PlannerCategory(number: 3)!])
        #expect(details.description.contains("Carton 00012345678901234567"))
        #expect(details.checklist.map(\.title) == ["Count the cartons", "Call the carrier"])
        #expect(details.references.map(\.url) == ["https://community.example.com/docs/D-501"])
        #expect(!created.wasFoundByMarker)
        #expect(created.taskETag == task.etag && created.detailsETag == details.etag)
        #expect(created.details == details)

        let link = created.link(for: item)
        #expect(link.taskId == task.id && link.marker == item.marker && link.destination == item.destination)
        #expect(link.taskETag == task.etag && link.detailsETag == details.etag)

        // Every request is the plan's, with the placeholders filled from the earlier answers.
        let plan = try PlannerRequests.creating(item, in: harness.destination)
        let sent = harness.recorder.exchanges
        #expect(sent.count == 3)
        let readDetailsAnswer = try StrictJSONDecoder().decode(
            PlannerTaskDetails.self, from: try #require(sent[1].response).body)
        let values = ["taskId": task.id, "detailsEtag": try #require(readDetailsAnswer.etag)]
        for (planned, entry) in zip(plan, sent) {
            #expect(wire(entry.request) == wire(try ConnectorRequest(try planned.resolving(values))))
        }
    }

    @Test func lookingTheMarkerUpFirstCreatesWhenItIsAbsent() async throws {
        let harness = await PlannerHarness.make()
        let created = try await harness.client().createWork(
            harness.item(), in: harness.destination, lookUpMarkerFirst: true)
        #expect(!created.wasFoundByMarker)
        #expect(
            harness.recorder.summary.prefix(2) == [
                "GET /planner/plans/\(harness.plan.id)/tasks → 200", "POST /planner/tasks → 201",
            ])
    }

    @Test func anItemWithoutDetailsIsOneCreate() async throws {
        let harness = await PlannerHarness.make()
        var item = harness.item(checklist: [], documents: [])
        item.description = []
        let created = try await harness.client().createWork(item, in: harness.destination)
        #expect(created.details == nil && created.detailsETag == nil)
        #expect(harness.recorder.summary == ["POST /planner/tasks → 201"])
    }

    @Test func anAmbiguousCreateThatWasAppliedLeavesExactlyOneTask() async throws {
        let harness = await PlannerHarness.make(pageSize: 2)
        for index in 0..<3 {
            _ = try await harness.fake.humanCreateTask(title: "other \(index)", inPlan: harness.plan.id)
        }
        // The service creates the task, then the connection drops before the answer arrives.
        await harness.fake.inject(.dropConnectionAfterApplying, on: .createTask)
        let created = try await harness.client([harness.retry()]).createWork(harness.item(), in: harness.destination)

        let marked = await harness.fake.tasks.filter { $0.title.hasSuffix("[TG-ACME-C-1001-b52f960dcdad]") }
        #expect(marked.count == 1)
        #expect(created.wasFoundByMarker && created.taskId == marked.first?.id)
        #expect(await harness.fake.details(ofTask: created.taskId)?.checklist.count == 2)
        let plan = "/planner/plans/\(harness.plan.id)/tasks"
        let details = "/planner/tasks/\(created.taskId)/details"
        // The retry middleware does not resend the POST; the client looks the marker up first.
        #expect(
            harness.recorder.summary == [
                "POST /planner/tasks → error", "GET \(plan) → 200", "GET \(plan)?$skiptoken=2 → 200",
                "GET \(details) → 200",
                "PATCH \(details) → 200",
            ])
    }

    @Test func anAmbiguousCreateThatWasNotAppliedCreatesOnce() async throws {
        let harness = await PlannerHarness.make()
        await harness.fake.inject(.dropConnectionBeforeApplying, on: .createTask)
        let created = try await harness.client().createWork(harness.item(), in: harness.destination)
        #expect(await harness.fake.tasks.count == 1)
        #expect(!created.wasFoundByMarker)
        #expect(
            harness.recorder.summary.prefix(3) == [
                "POST /planner/tasks → error", "GET /planner/plans/\(harness.plan.id)/tasks → 200",
                "POST /planner/tasks → 201",
            ])
    }

    @Test func aGatewayErrorOnCreateIsAmbiguousToo() async throws {
        let harness = await PlannerHarness.make()
        await harness.fake.inject(
            .refusal(status: .badGateway, code: "BadGateway", message: "upstream failed"), on: .createTask)
        let created = try await harness.client().createWork(harness.item(), in: harness.destination)
        #expect(await harness.fake.tasks.count == 1)
        #expect(!created.wasFoundByMarker)
        #expect(
            harness.recorder.summary.prefix(3) == [
                "POST /planner/tasks → 502", "GET /planner/plans/\(harness.plan.id)/tasks → 200",
                "POST /planner/tasks → 201",
            ])
    }

    @Test func whenTheLookUpFailsTheCreateStaysAmbiguousAndIsNotRepeated() async throws {
        let harness = await PlannerHarness.make()
        await harness.fake.inject(.dropConnectionAfterApplying, on: .createTask)
        await harness.fake.inject(.throttled(retryAfterSeconds: 30), on: .listTasks)
        let error = await expectConnectorError {
            _ = try await harness.client().createWork(harness.item(), in: harness.destination)
        }
        #expect(error?.isAmbiguous == true)
        #expect(error?.operation == "createTask")
        #expect(await harness.fake.tasks.count == 1)
        #expect(harness.recorder.summary.filter { $0.hasPrefix("POST") }.count == 1)

        // Calling again (say, on the engine's next tick) with the marker looked up first finds the
        // task instead of creating another.
        let again = try await harness.client().createWork(
            harness.item(), in: harness.destination, lookUpMarkerFirst: true)
        #expect(again.wasFoundByMarker)
        #expect(await harness.fake.tasks.count == 1)
        #expect(harness.recorder.summary.filter { $0.hasPrefix("POST") }.count == 1)
        #expect(await harness.fake.details(ofTask: again.taskId)?.checklist.count == 2)
    }

    @Test func createAttemptsAreBounded() async throws {
        let harness = await PlannerHarness.make()
        await harness.fake.inject(.dropConnectionBeforeApplying, on: .createTask, times: 2)
        let planner = harness.client(options: PlannerClient.Options(createAttempts: 2))
        let error = await expectConnectorError {
            _ = try await planner.createWork(harness.item(), in: harness.destination)
        }
        #expect(error?.isAmbiguous == true)
        #expect(await harness.fake.tasks.isEmpty)
        #expect(harness.recorder.summary.filter { $0.hasPrefix("POST") }.count == 2)
    }

    @Test func anItemForAnotherTrackerIsRefusedBeforeSending() async throws {
        let harness = await PlannerHarness.make()
        var item = harness.item()
        item.destination = .clickUp(listId: "901")
        let error = await expectConnectorError {
            _ = try await harness.client().createWork(item, in: harness.destination)
        }
        #expect(error?.code == .invalidRequest)
        #expect(harness.recorder.requests.isEmpty)
    }

    @Test func updateWorkRunsTheUpdatingPlanAndMergesAPersonsEdits() async throws {
        let harness = await PlannerHarness.make()
        let planner = harness.client()
        let old = harness.item()
        let created = try await planner.createWork(old, in: harness.destination)
        // A person moves the task and checks the first checklist item.
        _ = try await harness.fake.humanEdit(task: created.taskId) { $0.bucketId = harness.plan.bucketIds[1] }
        _ = try await harness.fake.humanEditDetails(task: created.taskId) { details in
            details.checklist[0].isChecked = true
        }
        var new = old
        new.priority = .urgent
        new.labels.append("escalated")
        new.checklist.append(ChecklistEntry(title: "Issue a credit note"))

        let updated = try await planner.updateWork(
            from: old, to: new, in: harness.destination, taskId: created.taskId, taskETag: created.taskETag)
        #expect(updated.plannedRequests == 3)
        let task = try #require(await harness.fake.task(created.taskId))
        #expect(task.priority == 1 && task.bucketId == harness.plan.bucketIds[1])
        #expect(task.appliedCategories == [PlannerCategory(number: 1)!, PlannerCategory(number: 3)!])
        let details = try #require(await harness.fake.details(ofTask: created.taskId))
        #expect(details.checklist.map(\.title) == ["Count the cartons", "Call the carrier", "Issue a credit note"])
        #expect(details.checklist.map(\.isChecked) == [true, false, false])
        #expect(updated.taskETag == task.etag && updated.detailsETag == details.etag)
        // The task PATCH met the person's ETag and was merged; the details were read fresh.
        #expect(harness.recorder.statuses.suffix(5) == ["412", "200", "200", "200", "200"])
    }

    @Test func updateWorkReadsTheTaskWhenItsETagIsUnknown() async throws {
        let harness = await PlannerHarness.make()
        let planner = harness.client()
        let old = harness.item()
        let created = try await planner.createWork(old, in: harness.destination)
        var new = old
        new.title = "ASN short by 8 units"
        let updated = try await planner.updateWork(from: old, to: new, in: harness.destination, taskId: created.taskId)
        #expect(updated.task?.title == "ASN short by 8 units [TG-ACME-C-1001-b52f960dcdad]")
        #expect(updated.details == nil && updated.plannedRequests == 1)
        #expect(
            harness.recorder.summary.suffix(2) == [
                "GET /planner/tasks/\(created.taskId) → 200", "PATCH /planner/tasks/\(created.taskId) → 200",
            ])
    }

    @Test func anUnchangedItemSendsNothing() async throws {
        let harness = await PlannerHarness.make()
        let item = harness.item()
        let updated = try await harness.client().updateWork(
            from: item, to: item, in: harness.destination, taskId: "abc")
        #expect(updated.plannedRequests == 0 && updated.task == nil && updated.details == nil)
        #expect(harness.recorder.requests.isEmpty)
    }
}

/// A host transport that reports a timeout as a `ConnectorError` without saying whether the
/// request may have been applied (``ConnectorError/isAmbiguous`` left `false`).
struct UnflaggedTimeoutMiddleware: TransportMiddleware {
    func intercept(
        _ request: ConnectorRequest, next: @Sendable (ConnectorRequest) async throws -> ConnectorResponse
    ) async throws -> ConnectorResponse {
        do {
            return try await next(request)
        } catch {
            throw ConnectorError(code: .timedOut, connector: request.connector, operation: request.operation)
        }
    }
}

@Suite(.timeLimit(.minutes(1)))
struct PlannerUnflaggedTimeoutTests {
    @Test func aTimedOutCreateIsLookedUpEvenWhenTheTransportDidNotFlagIt() async throws {
        let harness = await PlannerHarness.make()
        await harness.fake.inject(.dropConnectionAfterApplying, on: .createTask)
        // No retry middleware: the client itself must treat the timed-out POST as ambiguous.
        let created = try await harness.client([UnflaggedTimeoutMiddleware()]).createWork(
            harness.item(), in: harness.destination)
        #expect(created.wasFoundByMarker)
        #expect(await harness.fake.tasks.count == 1)
    }

    @Test func aTimedOutCreateIsThrownAsAmbiguous() async throws {
        let harness = await PlannerHarness.make()
        await harness.fake.inject(.dropConnectionAfterApplying, on: .createTask)
        let error = await expectConnectorError {
            _ = try await harness.client([UnflaggedTimeoutMiddleware()]).createTask(
                PlannerTaskCreate(planId: harness.plan.id, bucketId: harness.plan.bucketIds[0], title: "x"))
        }
        #expect(error?.code == .timedOut)
        #expect(error?.isAmbiguous == true)
    }
}
