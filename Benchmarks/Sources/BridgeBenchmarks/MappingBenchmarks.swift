import Foundation
import TradingGridBridge

/// Work item → tracker requests: the Planner and ClickUp request plans (payload building, text
/// cleaning, Markdown escaping, truncation, deterministic checklist keys, JSON encoding) against
/// Foundation's `JSONEncoder` encoding the community event the work item comes from.
enum MappingBenchmarks {
    static let suite = Suite(name: "mapping") { try run() }

    static func run() throws {
        let event = try CommunityEventDecoder().decode(ModelsBenchmarks.sampleLine)
        let item = workItem(destination: .planner(planId: "xqQg5FS2LkCp935s-FIFm2QAFkHM", bucketId: nil))
        var clickUpItem = item
        clickUpItem.destination = .clickUp(listId: "901")
        clickUpItem.assigneeIDs = ["184"]
        let planner = PlannerDestination(
            planId: "xqQg5FS2LkCp935s-FIFm2QAFkHM", bucketId: "hsOf2dhOJkqyYYZEtdzDe2QAIUCR",
            assignees: ["fbab97d0-4932-4511-b675-204639209557"],
            categories: ["logistics": PlannerCategory(number: 3)!, "accountsPayable": PlannerCategory(number: 5)!])
        let clickUp = ClickUpDestination(
            listId: "901", assignees: [183], statuses: [.open: "to do"],
            customFields: [
                .caseId: "0a52c486-5f05-403b-b4fd-c512ff05131c", .amount: "03efda77-c7a0-42d3-8afd-fd546353c2f5",
                .slaDue: "5c1f3a2e-7b8d-4e6f-9a0b-1c2d3e4f5a6b",
            ])
        let count = 2_000
        let encoder = JSONEncoder()
        let baseline = try Harness.measure("Foundation JSONEncoder → the case.opened event", operations: count) {
            for _ in 0..<count { blackHole(try encoder.encode(event)) }
        }
        let itemEncoding = try Harness.measure("Foundation JSONEncoder → the work item", operations: count) {
            for _ in 0..<count { blackHole(try encoder.encode(item)) }
        }
        let plannerPlan = try Harness.measure("PlannerRequests.creating (create + details bodies)", operations: count) {
            for _ in 0..<count { blackHole(try PlannerRequests.creating(item, in: planner)) }
        }
        let clickUpPlan = try Harness.measure("ClickUpRequests.creating (create body + 1 upload)", operations: count) {
            for _ in 0..<count { blackHole(try ClickUpRequests.creating(clickUpItem, in: clickUp)) }
        }
        let bytes = plannerBytes(try PlannerRequests.creating(item, in: planner))
        Harness.report(
            "Work item → request plan (\(bytes) bytes of Planner JSON)", [baseline, itemEncoding, plannerPlan, clickUpPlan],
            note: "Baseline: Foundation's JSONEncoder encoding the `case.opened` event the work item is made from.")

        let huge = String(repeating: "Carton 00012345678901234567 short by **8** units, see https://evil.example @everyone 👨‍👩‍👧\n", count: 1_200)
        let big = [DescriptionBlock.paragraph(huge)]
        let hugeData = Data(huge.utf8)
        let rounds = 20
        let copy = try Harness.measure("Foundation JSONEncoder → the same text as a string", operations: rounds) {
            for _ in 0..<rounds { blackHole(try encoder.encode([huge])) }
        }
        let markdown = Harness.measure("DescriptionRenderer.markdown (escape + defang + cut to 200,000 B)", operations: rounds) {
            for _ in 0..<rounds { blackHole(DescriptionRenderer.markdown(big, budget: ClickUpLimits.markdownContent)) }
        }
        let plain = Harness.measure("DescriptionRenderer.plainText (clean + cut to 25,000 UTF-16)", operations: rounds) {
            for _ in 0..<rounds { blackHole(DescriptionRenderer.plainText(big, budget: PlannerLimits.description)) }
        }
        Harness.report(
            "Hostile description (\(hugeData.count / 1024) KiB)", [copy, markdown, plain],
            note: "Baseline: JSONEncoder writing the same text as one JSON string.")
    }

    static func plannerBytes(_ plan: [PlannedRequest]) -> Int {
        plan.reduce(0) { total, request in
            if case .json(let bytes)? = request.body { return total + bytes.count }
            return total
        }
    }

    /// The work item the lead's case mapping makes from the sample `case.opened` event.
    static func workItem(destination: WorkDestination) -> WorkItem {
        let due = try! RFC3339.parse("2026-11-27T22:00:00Z")
        return WorkItem(
            title: "ASN quantity does not match receipt for PO 4471",
            description: [
                .heading("Shipment discrepancy"),
                .paragraph("Carton 00012345678901234567 was received with 40 units; the ASN says 48."),
                .field(label: "Partner", value: "Acme Retail (ACME)"),
                .bullets(["Purchase order PO-4471", "ASN SH-99812", "Interchange 000004471"]),
                .link(title: "receiving-report.pdf", url: "https://community.example.com/docs/D-501"),
            ],
            priority: .high, dueAt: due, assigneeIDs: ["9e0a8b3c-1d2f-4a5b-8c7d-6e5f4a3b2c1d"],
            labels: ["logistics", "accountsPayable"],
            checklist: [
                ChecklistEntry(title: "Re-count carton 00012345678901234567"), ChecklistEntry(title: "Logistics: confirm receipt"),
                ChecklistEntry(title: "Accounts payable: hold invoice"), ChecklistEntry(title: "Reply to partner"),
            ],
            documents: [
                DocumentLink(
                    documentId: "D-501", name: "receiving-report.pdf", kind: .proofOfDelivery,
                    url: "https://community.example.com/docs/D-501", mediaType: "application/pdf", size: 48213)
            ],
            destination: destination, marker: IdempotencyMarker(partner: "ACME", case: "C-1001"),
            fields: [
                .partner: .text("Acme Retail (ACME)"), .caseId: .text("C-1001"), .transactionReference: .text("PO-4471"),
                .amount: .money(Money("1250.00", currency: .usd)!), .slaDue: .date(due),
            ],
            partnerId: "ACME", caseId: "C-1001")
    }
}
