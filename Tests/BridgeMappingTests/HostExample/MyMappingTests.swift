// The test Documentation/TestingYourMappings.md shows, run as part of the project's suite: how a
// host unit-tests its own mapping with no network. Keep the two in step (a test checks it).
import BridgeMapping
import BridgeModels
import Foundation
import Testing

@Suite struct MyMappingTests {
    /// Your configuration, loaded once per test (it is a value: cheap to copy, safe to share).
    let configuration: BridgeConfiguration

    init() throws {
        let url = repositoryRoot.appendingPathComponent("Examples/bridge-config.json")
        configuration = try BridgeConfiguration.load(Array(try Data(contentsOf: url)))
    }

    /// A community event as your middleware would deliver it.
    func invoiceDispute(amount: String, tier: String) throws -> CommunityEvent {
        try CommunityEventDecoder().decode(
            """
            {"id": "evt-test-1", "type": "case.opened", "occurredAt": "2026-11-23T14:00:00Z",
             "partner": {"id": "GLOBEX", "tier": "\(tier)"},
             "case": {"id": "C-77", "kind": "invoiceMismatch", "title": "Invoice 88 price differs from PO 4502",
                      "threadId": "T-9", "priority": "normal",
                      "references": [{"type": "invoice", "value": "INV-88"}, {"type": "purchaseOrder", "value": "PO-4502"}],
                      "amount": {"value": "60000.00", "currency": "\(amount)"}}}
            """)
    }

    @Test func invoiceDisputesGoToAccountsPayableInClickUp() throws {
        let work = try WorkTranslator(configuration: configuration).assignedWork(for: try invoiceDispute(amount: "USD", tier: "standard"))
        #expect(work.count == 1)
        #expect(work[0].assignment.team == "accounts-payable")
        #expect(work[0].assignment.tracker == .clickUp)
        let item = work[0].item
        #expect(item.title == "Globex Supply · Invoice mismatch · PO PO-4502")
        #expect(item.priority == .high)  // normal, raised by the 50,000 USD priority rule
        #expect(item.labels == ["dispute"])
        // Standard policy: 2,400 business minutes (40 h) in us-east from Monday 23 Nov 09:00 EST:
        // Mon 7 h + Tue 8 h + Wed 8 h + Thanksgiving 0 h + Fri 7 h + Mon 7 h = 37 h, then 3 h on
        // Tuesday 1 Dec → 12:00 EST = 17:00Z.
        #expect(item.dueAt.map(RFC3339.string(from:)) == "2026-12-01T17:00:00Z")
    }

    @Test func amountsInOtherCurrenciesDoNotTripTheUSDThreshold() throws {
        let item = try #require(try WorkTranslator(configuration: configuration).workItems(for: try invoiceDispute(amount: "GBP", tier: "standard")).first)
        #expect(item.priority == .normal)
    }

    @Test func theClickUpRequestIsExactlyWhatWeExpect() throws {
        let requests = try MappingPreview(configuration: configuration).requests(for: try invoiceDispute(amount: "USD", tier: "standard"), tracker: .clickUp)
        #expect(requests.map(\.purpose) == [.createTask])
        let body = try #require(try requests[0].body?.jsonValue())
        guard case .object(let create) = body else {
            Issue.record("expected a JSON object")
            return
        }
        #expect(create["priority"] == .number("2"))  // ClickUp: 1 urgent, 2 high, 3 normal, 4 low
        #expect(create["status"] == .string("to do"))
        let marker = IdempotencyMarker(partner: "GLOBEX", case: "C-77")  // TG-GLOBEX-C-77-<hash>
        #expect(create["name"] == .string("Globex Supply · Invoice mismatch · PO PO-4502 [\(marker)]"))
        #expect(requests[0].rendered().contains("Authorization: <redacted>"))
    }

    @Test func partnersSeeReviewButNeverInternalNotes() throws {
        let sync = TrackerSync(configuration: configuration)
        let context = PostContext(
            partner: configuration.partner(Partner(id: "GLOBEX")), caseId: "C-77", threadId: "T-9",
            kind: .invoiceMismatch, keyReference: TransactionReference(type: .purchaseOrder, value: "PO-4502"),
            teamPublicName: "accounts payable")
        let state = TaskSyncState(tracker: .clickUp, taskId: "86x1", workStatus: .open, postedStatus: .received)
        let review = sync.interpret(.status(.clickUp(name: "in review", type: "custom")), state: state, context: context, reference: "h1")
        #expect(review.post?.text == "Your case C-77 (PO PO-4502) is being reviewed by our accounts payable team.")
        let note = sync.interpret(.comment(id: "c1", text: "Buyer says the promo was never approved"), state: review.state, context: context, reference: "c1")
        #expect(note.post == nil)
    }

    @Test func theConfigurationHasNoProblems() {
        #expect(configuration.validate().isEmpty)
    }
}

@Suite struct TestingYourMappingsGuideTests {
    @Test func theGuideShowsThisFileVerbatim() throws {
        let guide = try String(contentsOf: repositoryRoot.appendingPathComponent("Documentation/TestingYourMappings.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let start = try #require(source.range(of: "import BridgeMapping"))
        let end = try #require(source.range(of: "@Suite struct TestingYourMappingsGuideTests"))
        let example = source[start.lowerBound..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(guide.contains("```swift\n" + example + "\n```"))
    }
}
