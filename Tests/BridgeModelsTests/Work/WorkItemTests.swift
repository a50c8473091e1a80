import BridgeModels
import Foundation
import Testing

@Suite struct WorkItemTests {
    func sample() throws -> WorkItem {
        WorkItem(
            title: "ACME · Shipment discrepancy · PO PO-4471",
            description: [
                .heading("Shipment discrepancy"), .paragraph("Carton short by 8 units.\nSee the POD."),
                .field(label: "Partner", value: "Acme Retail (ACME)"), .bullets(["PO PO-4471", "ASN SH-99812"]),
                .link(title: "receiving-report.pdf", url: "https://community.example.com/docs/D-501"),
            ],
            priority: .high, dueAt: try RFC3339.parse("2026-11-23T22:00:00Z"), assigneeIDs: ["u-1", "u-2"],
            labels: ["logistics"], checklist: [ChecklistEntry(title: "Re-count carton"), ChecklistEntry(title: "Reply", isChecked: true)],
            documents: [DocumentLink(documentId: "D-501", name: "receiving-report.pdf", kind: .proofOfDelivery)],
            destination: .planner(planId: "plan-1", bucketId: "bucket-2"),
            marker: IdempotencyMarker(partner: "ACME", case: "C-1001"),
            fields: [.amount: .money(Money("1250", currency: .usd)!), .slaDue: .date(try RFC3339.parse("2026-11-23T22:00:00Z")), .caseId: .text("C-1001"), .transactionReference: .number(Decimal(string: "-4.25")!)],
            partnerId: "ACME", caseId: "C-1001")
    }

    @Test func roundTripsThroughBothDecoders() throws {
        let item = try sample()
        let json = try StableJSON.encode(item)
        #expect(try StrictJSONDecoder().decode(WorkItem.self, from: Array(json)) == item)
        #expect(try JSONDecoder().decode(WorkItem.self, from: json) == item)
    }

    @Test func destinationsEncodeWithTheirTracker() throws {
        #expect(try StableJSON.string(WorkDestination.clickUp(listId: "901")) == #"{"listId":"901","tracker":"clickup"}"#)
        #expect(try StableJSON.string(WorkDestination.planner(planId: "p", bucketId: nil)) == #"{"planId":"p","tracker":"planner"}"#)
        #expect(WorkDestination.clickUp(listId: "1").tracker == .clickUp)
    }

    @Test func markersAreSearchableTokens() {
        #expect(IdempotencyMarker(partner: "ACME", case: "C-1001").rawValue == "TG-ACME-C-1001")
        #expect(IdempotencyMarker(partner: "Acme Retail/EU", case: "C 1/2", suffix: "logistics").rawValue == "TG-Acme_Retail_EU-C_1_2-logistics")
        #expect(IdempotencyMarker(partner: "ACME", subject: "R-3001").rawValue == "TG-ACME-R-3001")
    }

    @Test func statusesKnowWhenWorkIsDoneOrWaitingOnThePartner() {
        #expect(WorkStatus.allCases.filter(\.isDone) == [.approved, .rejected, .resolved, .closed, .cancelled])
        #expect(WorkStatus.allCases.filter(\.isWaitingOnPartner) == [.awaitingPartner, .awaitingDocuments])
        #expect(WorkStatus.open < WorkStatus.closed)
    }

    @Test func prioritiesOrderAndRaise() {
        #expect(Priority.allCases.sorted() == [.low, .normal, .high, .urgent])
        #expect(Priority.normal.raised() == .high)
        #expect(Priority.high.raised(by: 5) == .urgent)
        #expect(Priority.normal.raised(by: -3) == .low)
    }
}
