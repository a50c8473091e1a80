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

    @Test func markersAreSearchableTokensWithADistinguishingHash() {
        let marker = IdempotencyMarker(partner: "ACME", case: "C-1001").rawValue
        #expect(marker.hasPrefix("TG-ACME-C-1001-"))
        #expect(marker.count == "TG-ACME-C-1001-".count + 12)
        #expect(marker.dropFirst("TG-ACME-C-1001-".count).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(IdempotencyMarker(partner: "Acme Retail/EU", case: "C 1/2", suffix: "logistics").rawValue.hasPrefix("TG-Acme_Retail_EU-C_1_2-logistics-"))
        // Deterministic: the same work always gets the same marker.
        #expect(IdempotencyMarker(partner: "ACME", case: "C-1001") == IdempotencyMarker(partner: "ACME", case: "C-1001"))
    }

    @Test func markersOfDifferentWorkNeverCollide() {
        // The readable parts coincide; the hash keeps them apart.
        let pairs: [(IdempotencyMarker, IdempotencyMarker)] = [
            (IdempotencyMarker(partner: "A-B", case: "C"), IdempotencyMarker(partner: "A", case: "B-C")),
            (IdempotencyMarker(partner: "ACME", case: "C/1"), IdempotencyMarker(partner: "ACME", case: "C_1")),
            (IdempotencyMarker(partner: "ACME", namespace: .document, subject: "D-1"), IdempotencyMarker(partner: "ACME", case: "D-1")),
            (IdempotencyMarker(partner: "ACME", case: "1", suffix: "ap-finance"), IdempotencyMarker(partner: "ACME", case: "1-ap", suffix: "finance")),
            (IdempotencyMarker(partner: "ACME", case: CaseID(String(repeating: "x", count: 80) + "1")),
             IdempotencyMarker(partner: "ACME", case: CaseID(String(repeating: "x", count: 80) + "2"))),
        ]
        for (first, second) in pairs {
            #expect(first != second, "\(first) collides with \(second)")
        }
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
