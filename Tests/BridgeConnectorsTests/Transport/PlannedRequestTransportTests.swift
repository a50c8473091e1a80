import BridgeConnectors
import BridgeMapping
import BridgeModels
import Foundation
import Testing

@Suite struct PlannedRequestTransportTests {
    let item = WorkItem(
        title: "Acme Retail · Dispute · PO PO-1", description: [.paragraph("Short by 8 units.")],
        checklist: [ChecklistEntry(title: "Re-count")], destination: .planner(planId: "plan-1", bucketId: nil),
        marker: IdempotencyMarker(partner: "ACME", case: "C-1"), partnerId: "ACME")

    @Test func aPlannedCreateBecomesATransportRequestWithoutTheCredentialPlaceholder() throws {
        let plan = try PlannerRequests.creating(item, in: PlannerDestination(planId: "plan-1"))
        let create = try #require(plan.first)
        let request = try ConnectorRequest(create)
        #expect(request.method == .post)
        #expect(request.url.absoluteString == "https://graph.microsoft.com/v1.0/planner/tasks")
        #expect(request.connector == .planner && request.operation == "createTask")
        #expect(request.fields["Authorization"] == nil)
        #expect(request.fields["Content-Type"] == "application/json")
        #expect(request.body == Array(create.body?.jsonText?.utf8 ?? "".utf8))
        #expect(!request.isIdempotent)
    }

    @Test func unresolvedPlaceholdersAreRefused() throws {
        let plan = try PlannerRequests.creating(item, in: PlannerDestination(planId: "plan-1"))
        #expect(plan.count == 3)  // create, read details (for the etag), update details
        let details = try #require(plan.last)
        #expect(throws: ConnectorError.self) { try ConnectorRequest(details) }
        let resolved = try details.resolving(["taskId": "task/1", "detailsEtag": #"W/"JzEt""#])
        let request = try ConnectorRequest(resolved)
        #expect(request.url.absoluteString.hasSuffix("/planner/tasks/task%2F1/details"))
        #expect(request.fields["If-Match"] == #"W/"JzEt""#)
    }
}
