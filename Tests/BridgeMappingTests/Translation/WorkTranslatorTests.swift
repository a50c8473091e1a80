import BridgeMapping
import BridgeModels
import BridgeSLA
import Foundation
import Testing

@Suite struct WorkTranslatorTests {
    func items(_ index: Int) throws -> [WorkItem] {
        try WorkTranslator(configuration: try exampleConfiguration()).workItems(for: try exampleEvents()[index])
    }

    @Test func aMultiDepartmentCaseMakesOneTaskPerDepartment() throws {
        let tasks = try items(0)
        #expect(tasks.count == 2)
        let logistics = tasks[0]
        #expect(logistics.title == "Acme Retail · Shipment discrepancy · PO PO-4471")
        #expect(logistics.destination == .planner(planId: "xqQg5FS2LkCp935s-FIFm2QAFkHM", bucketId: "hsOf2dhOJkqyYYZEtdzDe2QAIUCR"))
        #expect(logistics.marker == IdempotencyMarker(partner: "ACME", case: "C-1001", suffix: "logistics"))
        #expect(tasks[1].marker == IdempotencyMarker(partner: "ACME", case: "C-1001", suffix: "accounts-payable-accountsPayable"))
        #expect(tasks[1].destination == .clickUp(listId: "901100200300"))
        // high from the partner, raised by the strategic tier rule.
        #expect(tasks.allSatisfy { $0.priority == .urgent })
        #expect(logistics.assigneeIDs == ["fbab97d0-4932-4511-b675-204639209557"])
        #expect(tasks[1].assigneeIDs == ["183", "4412"])
        #expect(logistics.labels == ["dispute"])
        #expect(logistics.checklist.map(\.title) == ["Compare the ASN with the receiving report", "Re-count the affected cartons", "Reply to the partner with the finding"])
        #expect(logistics.documents.map(\.documentId) == ["D-501"])
        #expect(logistics.partnerId == "ACME" && logistics.caseId == "C-1001")
        #expect(logistics.fields[.caseId] == .text("C-1001"))
        #expect(logistics.fields[.transactionReference] == .text("PO PO-4471"))
        #expect(logistics.fields[.amount] == .money(Money("1250.00", currency: .usd)!))
        #expect(logistics.fields[.partner] == .text("Acme Retail (ACME)"))
        #expect(logistics.dueAt != nil && logistics.fields[.slaDue] == logistics.dueAt.map(WorkFieldValue.date))
    }

    @Test func theDescriptionCarriesThePartnerFacts() throws {
        let description = try items(0)[0].description
        #expect(description.first == .heading("Shipment discrepancy reported by Acme Retail"))
        #expect(description.contains(.field(label: "Department", value: "logistics")))
        #expect(description.contains(.field(label: "Partner", value: "Acme Retail (ACME, strategic, EDI 01:123456789)")))
        #expect(description.contains(.bullets(["PO PO-4471", "ASN SH-99812", "ISA13 000004471"])))
        #expect(description.contains(.field(label: "Amount", value: "1250.00 USD")))
        #expect(description.contains(.paragraph("Carton 00012345678901234567 was received with 40 units; the ASN says 48.")))
        #expect(description.contains(.link(title: "receiving-report.pdf", url: "https://community.example.com/docs/D-501")))
        #expect(description.contains { if case .field("SLA", let value) = $0 { return value.hasPrefix("policy strategic, calendar us-east") } else { return false } })
    }

    @Test func eventsThatChangeExistingWorkMakeNoTasks() throws {
        for index in [1, 2, 4, 7, 9] {  // updated, message, withdrawn, requirement completed, acknowledgement
            #expect(try items(index).isEmpty)
        }
    }

    @Test func actionItemsDocumentsRequestsOnboardingAndCompliance() throws {
        let action = try #require(try items(3).first)
        #expect(action.title == "Acme Retail · Action: Re-count carton 00012345678901234567 at DC 4")
        #expect(action.marker == IdempotencyMarker(partner: "ACME", namespace: .actionItem, subject: "AI-1"))
        let document = try #require(try items(5).first)
        #expect(document.title == "Initech GmbH · Review compliance certificate · ISO-9001-certificate.pdf")
        #expect(document.destination == .clickUp(listId: "901100200400"))
        #expect(document.checklist.map(\.title).contains("Check the expiry date (2027-06-30)"))
        let onboarding = try #require(try items(6).first)
        #expect(onboarding.title == "Umbrella Logistics · Onboarding · Standard EDI onboarding")
        #expect(onboarding.checklist.count == 5)
        #expect(onboarding.destination == .planner(planId: "pQrS5FS2LkCp935s-FIFm2QAFkHM", bucketId: nil))
        let request = try #require(try items(8).first)
        #expect(request.title == "Acme Retail · Approve pricing exception · Promotional price for SKU 88123 in December")
        // normal, raised to high by the strategic rule (18,400 USD is under the 50,000 USD rule);
        // the route's atLeast high leaves it there.
        #expect(request.priority == .high)
        let compliance = try #require(try items(10).first)
        #expect(compliance.title == "Initech GmbH · Compliance · Renew ISO 9001 certificate")
    }

    /// An action item's title is its first line whatever the line break (a CR LF pair is one
    /// `Character` in Swift, so splitting on "\n" alone kept the whole text).
    @Test func anActionItemTitleIsItsFirstLine() throws {
        for text in [#"Call the carrier\r\nabout PO 4471"#, #"\n\nCall the carrier\rabout PO 4471"#] {
            let event = try CommunityEventDecoder().decode(
                #"{"id":"evt-ai","type":"case.actionItemIdentified","occurredAt":"2026-11-20T16:05:00Z","partner":{"id":"ACME"},"caseId":"C-1001","actionItem":{"id":"AI-9","text":"\#(text)"}}"#)
            let item = try #require(try WorkTranslator(configuration: try exampleConfiguration()).workItems(for: event).first)
            #expect(item.title == "Acme Retail · Action: Call the carrier", "\(text)")
        }
    }

    @Test func translationIsDeterministic() throws {
        let translator = WorkTranslator(configuration: try exampleConfiguration())
        for event in try exampleEvents() {
            #expect(try translator.workItems(for: event) == (try translator.workItems(for: event)))
        }
    }

    @Test func anUnknownProgrammeIsATypedError() throws {
        var event = try exampleEvents()[6]
        event.body = .partnerAdded(PartnerAdded(program: "Premium onboarding"))
        #expect(throws: TranslationError(reason: .unknownProgram("Premium onboarding"), eventId: "evt-000129")) {
            try WorkTranslator(configuration: try exampleConfiguration()).workItems(for: event)
        }
    }
}
