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
struct PlannerTaskPagesTests {
    @Test func listsEveryTaskAcrossPages() async throws {
        let harness = await PlannerHarness.make(pageSize: 3)
        for index in 0..<8 {
            _ = try await harness.fake.humanCreateTask(title: "task \(index)", inPlan: harness.plan.id)
        }
        let planner = harness.client()
        let tasks = try await planner.tasks(inPlan: harness.plan.id)
        #expect(tasks.map(\.title) == (0..<8).map { "task \($0)" })
        #expect(harness.recorder.summary.count == 3)
        #expect(harness.recorder.requests[1].url.absoluteString.contains("$skiptoken=3"))

        var pageSizes: [Int] = []
        for try await page in planner.taskPages(inPlan: harness.plan.id) { pageSizes.append(page.tasks.count) }
        #expect(pageSizes == [3, 3, 2])
    }

    @Test func stopsAtThePageLimitInsteadOfReturningAPartialList() async throws {
        let harness = await PlannerHarness.make(pageSize: 2)
        for index in 0..<5 {
            _ = try await harness.fake.humanCreateTask(title: "task \(index)", inPlan: harness.plan.id)
        }
        let error = await expectConnectorError {
            _ = try await harness.client().tasks(inPlan: harness.plan.id, pageLimit: 2)
        }
        #expect(error?.code == .invalidResponse)
        #expect(error?.message?.contains("page limit") == true)
        #expect(harness.recorder.requests.count == 2)
    }

    @Test func neverFollowsANextLinkOffGraph() async throws {
        let recorder = RecordingTransport(responses: [
            ConnectorResponse(
                status: .ok,
                text:
                    #"{"value":[],"@odata.nextLink":"https://evil.example.com/v1.0/planner/plans/p/tasks?$skiptoken=1"}"#
            )
        ])
        let error = await expectConnectorError { _ = try await PlannerClient(transport: recorder).tasks(inPlan: "p") }
        #expect(error?.code == .invalidResponse)
        #expect(recorder.requests.count == 1)
    }

    @Test func aRepeatedNextLinkIsAnError() async throws {
        let page = ConnectorResponse(
            status: .ok,
            text:
                #"{"value":[],"@odata.nextLink":"https://graph.microsoft.com/v1.0/planner/plans/p/tasks?$skiptoken=1"}"#
        )
        let recorder = RecordingTransport(responses: [page, page, page])
        let error = await expectConnectorError { _ = try await PlannerClient(transport: recorder).tasks(inPlan: "p") }
        #expect(error?.message?.contains("repeated") == true)
        #expect(recorder.requests.count == 2)
    }

    @Test func findsATaskByItsMarkerOnALaterPage() async throws {
        let harness = await PlannerHarness.make(pageSize: 2)
        for index in 0..<5 {
            _ = try await harness.fake.humanCreateTask(
                title: "task \(index) [TG-ACME-C-\(index)]", inPlan: harness.plan.id)
        }
        let planner = harness.client()
        let found = try await planner.findTask(
            marker: IdempotencyMarker(rawValue: "TG-ACME-C-4"), inPlan: harness.plan.id)
        #expect(found?.title == "task 4 [TG-ACME-C-4]")
        // The marker must end the title: "TG-ACME-C-1" is not "TG-ACME-C-10", and a marker in the middle does not count.
        _ = try await harness.fake.humanCreateTask(title: "[TG-ACME-C-7] moved to the front", inPlan: harness.plan.id)
        #expect(
            try await planner.findTask(marker: IdempotencyMarker(rawValue: "TG-ACME-C-7"), inPlan: harness.plan.id)
                == nil)
        #expect(
            try await planner.findTask(marker: IdempotencyMarker(rawValue: "TG-ACME-C-40"), inPlan: harness.plan.id)
                == nil)
    }

    @Test func duplicatesResolveToTheEarliestThenTheSmallestId() async throws {
        let harness = await PlannerHarness.make()
        let first = try await harness.fake.humanCreateTask(title: "one [TG-ACME-C-1]", inPlan: harness.plan.id)
        let second = try await harness.fake.humanCreateTask(title: "two [TG-ACME-C-1]", inPlan: harness.plan.id)
        harness.clock.advance(by: .seconds(5))
        _ = try await harness.fake.humanCreateTask(title: "three [TG-ACME-C-1]", inPlan: harness.plan.id)
        let found = try await harness.client().findTask(
            marker: IdempotencyMarker(rawValue: "TG-ACME-C-1"), inPlan: harness.plan.id)
        // The first two were created at the same instant: the smaller id wins, whichever is listed first.
        #expect(found?.id == min(first.id, second.id))
    }
}
