import BridgeModels
import Foundation
import Testing

@Suite struct CommunityEventTests {
    let decoder = CommunityEventDecoder()

    @Test func eventTypesDecodedOnTheirOwnAreAClosedSet() throws {
        // A list of event types in a host's configuration: an unknown one is unknownValue with
        // the accepted list, not a generic malformed-JSON error.
        #expect(throws: InputError(path: [.index(1)], reason: .unknownValue("case.escalated", allowed: CommunityEventType.allCases.map(\.rawValue)))) {
            try StrictJSONDecoder().decode([CommunityEventType].self, from: #"["case.opened","case.escalated"]"#)
        }
        #expect(try StrictJSONDecoder().decode([CommunityEventType].self, from: #"["case.withdrawn"]"#) == [.caseWithdrawn])
    }

    @Test func transactionSetControlNumbersCountCharacters() throws {
        // 4-9 characters, as the schema says: five 2-byte characters are 10 bytes but fine.
        let event = try decoder.decode(caseOpened(#""references":[{"type":"transactionSet","value":"ÄÖÜÄÖ"}]"#))
        guard case .caseOpened(let partnerCase) = event.body else {
            Issue.record("expected case.opened")
            return
        }
        #expect(partnerCase.references.map(\.value) == ["ÄÖÜÄÖ"])
    }

    @Test func examplesCoverEveryEventType() throws {
        let types = try exampleEventLines().map { try decoder.decode($0).type }
        #expect(Set(types) == Set(CommunityEventType.allCases))
        #expect(types.count == CommunityEventType.allCases.count)
    }

    @Test(arguments: try exampleEventLines())
    func roundTripsThroughStableJSON(_ line: String) throws {
        let event = try decoder.decode(line)
        let encoded = try StableJSON.string(event)
        let again = try decoder.decode(encoded)
        #expect(again == event)
        // Encoding is stable: the same value gives the same bytes, keys sorted.
        #expect(try StableJSON.string(again) == encoded)
    }

    @Test(arguments: try exampleEventLines())
    func foundationJSONDecoderAgreesWithTheStrictDecoder(_ line: String) throws {
        let strict = try decoder.decode(line)
        let foundation = try JSONDecoder().decode(CommunityEvent.self, from: Data(line.utf8))
        #expect(foundation == strict)
    }

    @Test func caseOpenedDecodesEveryField() throws {
        let event = try decoder.decode(try exampleEventLines()[0])
        #expect(event.id == "evt-000123")
        #expect(event.occurredAt == Date(timeIntervalSince1970: 1_795_183_380))
        #expect(event.partner == Partner(id: "ACME", name: "Acme Retail", tier: .strategic, ediQualifier: "01", ediId: "123456789", locale: "en-US"))
        #expect(event.partner.ediAddress == "01:123456789")
        guard case .caseOpened(let c) = event.body else {
            Issue.record("expected case.opened")
            return
        }
        #expect(c.id == "C-1001")
        #expect(c.kind == .shipmentDiscrepancy)
        #expect(c.priority == .high)
        #expect(c.threadId == "T-77")
        #expect(c.references.map(\.type) == [.purchaseOrder, .asn, .interchangeControl])
        #expect(c.keyReference == TransactionReference(type: .purchaseOrder, value: "PO-4471"))
        #expect(c.amount == Money(value: Decimal(string: "1250")!, currency: .usd))
        #expect(c.documents.first?.kind == .proofOfDelivery)
        #expect(c.documents.first?.size == 48_213)
        // 2026-11-27T17:00:00-05:00 is 22:00 UTC.
        #expect(c.dueBy.map(RFC3339.string(from:)) == "2026-11-27T22:00:00Z")
        #expect(c.departments == [.logistics, .accountsPayable])
        #expect(event.caseId == "C-1001")
        #expect(event.threadId == "T-77")
    }

    @Test func goldenEncodingIsSortedAndUsesUTC() throws {
        let event = CommunityEvent(
            id: "evt-9", occurredAt: try RFC3339.parse("2026-11-20T09:03:00.250-05:00"),
            partner: Partner(id: "ACME", tier: .preferred),
            body: .caseWithdrawn(CaseWithdrawal(caseId: "C-9", reason: "duplicate")))
        #expect(
            try StableJSON.string(event)
                == #"{"caseId":"C-9","id":"evt-9","occurredAt":"2026-11-20T14:03:00.250Z","partner":{"id":"ACME","tier":"preferred"},"reason":"duplicate","type":"case.withdrawn"}"#
        )
    }

    @Test func unknownFieldsAreIgnored() throws {
        let line = #"{"id":"e1","type":"case.withdrawn","occurredAt":"2026-11-20T14:03:00Z","partner":{"id":"A","vip":true},"caseId":"C","futureField":{"nested":[1,2,3]}}"#
        let event = try decoder.decode(line)
        #expect(event.body == .caseWithdrawn(CaseWithdrawal(caseId: "C")))
    }

    @Test func priorityDefaultsToNormalAndListsToEmpty() throws {
        let event = try decoder.decode(caseOpened())
        guard case .caseOpened(let c) = event.body else {
            Issue.record("expected case.opened")
            return
        }
        #expect(c.priority == .normal)
        #expect(c.references.isEmpty && c.documents.isEmpty && c.departments.isEmpty)
        #expect(c.keyReference == nil)
    }

    @Test func caseUpdateAppliesOnlyChangedFields() throws {
        let opened = try decoder.decode(try exampleEventLines()[0])
        let updated = try decoder.decode(try exampleEventLines()[1])
        guard case .caseOpened(let original) = opened.body, case .caseUpdated(let update) = updated.body else {
            Issue.record("unexpected bodies")
            return
        }
        let merged = update.applied(to: original)
        #expect(merged.priority == .urgent)
        #expect(merged.amount?.value == Decimal(string: "1480.5"))
        #expect(merged.title == original.title)
        #expect(merged.references == original.references)
    }

    @Test func acknowledgementTakesThePartnerFromTheEnvelope() throws {
        let event = try decoder.decode(try exampleEventLines()[9])
        let acknowledgement = try #require(event.acknowledgement)
        #expect(acknowledgement.partnerId == "INITECH")
        #expect(acknowledgement.noticeId == "N-2026-11-routing-guide")
        #expect(RFC3339.string(from: acknowledgement.acknowledgedAt) == "2026-11-22T12:55:00Z")
    }

    @Test func actionItemNeedsOnlyOneOfCaseAndThread() throws {
        let line = #"{"id":"e1","type":"case.actionItemIdentified","occurredAt":"2026-11-20T14:03:00Z","partner":{"id":"A"},"threadId":"T-1","actionItem":{"id":"AI","text":"call the carrier"}}"#
        let event = try decoder.decode(line)
        #expect(event.caseId == nil)
        #expect(event.threadId == "T-1")
    }

    @Test func byteOrderMarkAtTheStartIsSkipped() throws {
        let event = try decoder.decode([0xEF, 0xBB, 0xBF] + Array(caseOpened().utf8))
        #expect(event.id == "e1")
    }

    @Test func deadLetterKeepsPayloadAndReason() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let bad = Array(#"{"id":"e1","type":"case.escalated","occurredAt":"2026-11-20T14:03:00Z"}"#.utf8)
        guard case .failure(let letter) = decoder.decodeOrDeadLetter(bad, receivedAt: now, source: "mailbox:7") else {
            Issue.record("expected a dead letter")
            return
        }
        #expect(letter.payload == Data(bad))
        #expect(letter.path == "$.type")
        #expect(letter.reason == #"unknown event type "case.escalated""#)
        #expect(letter.source == "mailbox:7")
        #expect(!letter.isTruncated)
        let stored = try StableJSON.encode(letter)
        #expect(try StrictJSONDecoder().decode(DeadLetter.self, from: Array(stored)) == letter)
    }

    @Test func deadLetterTruncatesHugePayloads() throws {
        let huge = Data(repeating: 0x41, count: DeadLetter.payloadLimit + 10)
        let letter = DeadLetter(payload: huge, error: InputError(path: .root, reason: .empty), receivedAt: Date(timeIntervalSince1970: 0), source: "s")
        #expect(letter.payload.count == DeadLetter.payloadLimit)
        #expect(letter.payloadSize == DeadLetter.payloadLimit + 10)
        #expect(letter.isTruncated)
    }
}
