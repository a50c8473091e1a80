#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// Ready-made sample values for tests: partners, cases, documents, events, posts, change
/// notices and dead letters that pass validation, with fixed dates so tests are deterministic.
///
/// Every builder takes the fields tests usually vary as parameters with sensible defaults:
///
/// ```swift
/// let event = Fixtures.caseOpened(case: Fixtures.partnerCase(kind: .invoiceMismatch, priority: .urgent))
/// ```
///
/// Use ``FixtureFactory`` for many distinct events.
public enum Fixtures: Sendable {
    /// 2026-11-20T14:03:00Z, the time every fixture uses unless told otherwise.
    public static let referenceDate = Date(epochMilliseconds: 1_795_183_380_000)

    /// A partner: `ACME`, "Acme Retail", strategic, DUNS `01:123456789`, `en-US`.
    public static func partner(
        id: PartnerID = "ACME", name: String? = "Acme Retail", tier: PartnerTier? = .strategic,
        ediQualifier: String? = "01", ediId: String? = "123456789", locale: String? = "en-US"
    ) -> Partner {
        Partner(id: id, name: name, tier: tier, ediQualifier: ediQualifier, ediId: ediId, locale: locale)
    }

    /// A document: `D-501`, a proof-of-delivery PDF.
    public static func document(
        id: DocumentID = "D-501", name: String = "receiving-report.pdf", kind: DocumentKind = .proofOfDelivery,
        mediaType: String? = "application/pdf", size: Int64? = 48_213,
        url: String? = "https://community.example.com/docs/D-501", sha256: String? = nil, expiresOn: LocalDate? = nil
    ) -> Document {
        Document(id: id, name: name, kind: kind, mediaType: mediaType, size: size, url: url, sha256: sha256, expiresOn: expiresOn)
    }

    /// A case: `C-1001`, a shipment discrepancy on PO-4471 worth 1,250.00 USD, in thread `T-77`.
    public static func partnerCase(
        id: CaseID = "C-1001", kind: CaseKind = .shipmentDiscrepancy,
        title: String = "ASN quantity does not match receipt for PO 4471",
        detail: String? = "Carton 00012345678901234567 was received with 40 units; the ASN says 48.",
        priority: Priority = .high, threadId: ThreadID? = "T-77",
        references: [TransactionReference] = [
            TransactionReference(type: .purchaseOrder, value: "PO-4471"), TransactionReference(type: .asn, value: "SH-99812"),
        ],
        amount: Money? = Money("1250.00", currency: .usd),
        documents: [Document] = [Fixtures.document()], dueBy: Date? = nil, departments: [Department] = []
    ) -> PartnerCase {
        PartnerCase(
            id: id, kind: kind, title: title, detail: detail, priority: priority, threadId: threadId, references: references,
            amount: amount, documents: documents, dueBy: dueBy, departments: departments)
    }

    /// A `case.opened` event.
    public static func caseOpened(
        id: EventID = "evt-000123", partner: Partner = Fixtures.partner(), case partnerCase: PartnerCase = Fixtures.partnerCase(),
        occurredAt: Date = Fixtures.referenceDate
    ) -> CommunityEvent {
        CommunityEvent(id: id, occurredAt: occurredAt, partner: partner, body: .caseOpened(partnerCase))
    }

    /// A `case.messagePosted` event: the partner replies in the case thread.
    public static func messagePosted(
        id: EventID = "evt-000124", partner: Partner = Fixtures.partner(), caseId: CaseID = "C-1001",
        threadId: ThreadID? = "T-77", messageId: MessageID = "M-1", author: String = "Jane Buyer",
        text: String = "Attached the corrected packing list.", documents: [Document] = [],
        occurredAt: Date = Fixtures.referenceDate
    ) -> CommunityEvent {
        let message = DiscussionMessage(id: messageId, author: author, text: text, postedAt: occurredAt, documents: documents)
        return CommunityEvent(
            id: id, occurredAt: occurredAt, partner: partner,
            body: .messagePosted(MessagePosted(caseId: caseId, threadId: threadId, message: message)))
    }

    /// A `document.uploaded` event.
    public static func documentUploaded(
        id: EventID = "evt-000125", partner: Partner = Fixtures.partner(), document: Document = Fixtures.document(),
        caseId: CaseID? = "C-1001", occurredAt: Date = Fixtures.referenceDate
    ) -> CommunityEvent {
        CommunityEvent(
            id: id, occurredAt: occurredAt, partner: partner, body: .documentUploaded(DocumentUpload(document: document, caseId: caseId)))
    }

    /// A `case.withdrawn` event.
    public static func caseWithdrawn(
        id: EventID = "evt-000126", partner: Partner = Fixtures.partner(), caseId: CaseID = "C-1001",
        reason: String? = "Resolved with the carrier.", occurredAt: Date = Fixtures.referenceDate
    ) -> CommunityEvent {
        CommunityEvent(
            id: id, occurredAt: occurredAt, partner: partner, body: .caseWithdrawn(CaseWithdrawal(caseId: caseId, reason: reason)))
    }

    /// An `acknowledgement.received` event.
    public static func acknowledgementReceived(
        id: EventID = "evt-000127", partner: Partner = Fixtures.partner(), noticeId: NoticeID = "N-2026-07",
        by: String? = "Jane Buyer", occurredAt: Date = Fixtures.referenceDate
    ) -> CommunityEvent {
        CommunityEvent(
            id: id, occurredAt: occurredAt, partner: partner,
            body: .acknowledgementReceived(AcknowledgementReceipt(noticeId: noticeId, acknowledgedAt: occurredAt, by: by)))
    }

    /// A status post: "received" for case `C-1001`.
    public static func statusPost(
        partnerId: PartnerID = "ACME", caseId: CaseID = "C-1001", threadId: ThreadID? = "T-77",
        status: PartnerFacingStatus = .received,
        text: String = "We received your case C-1001 (PO-4471) and are looking into it.",
        cause: PostCause = PostCause(change: "created", reference: "evt-000123")
    ) -> PartnerPost {
        PartnerPost(partnerId: partnerId, threadId: threadId, caseId: caseId, kind: .status, status: status, text: text, cause: cause)
    }

    /// A change notice that strategic partners must acknowledge by the reference date plus 14 days.
    public static func changeNotice(
        id: NoticeID = "N-2026-07", title: String = "New carton label standard",
        detail: String = "From 2027-01-01 every carton carries a GS1-128 label with the SSCC.",
        tiers: [PartnerTier] = [.strategic], partners: [PartnerID] = []
    ) -> ChangeNotice {
        ChangeNotice(
            id: id, title: title, detail: detail, effectiveOn: LocalDate(year: 2027, month: 1, day: 1),
            acknowledgeBy: referenceDate.addingTimeInterval(14 * 86_400), partners: partners, tiers: tiers)
    }

    /// A dead letter: a line whose event type this version does not know.
    public static func deadLetter(
        payload: String = #"{"id":"evt-9","type":"case.exploded"}"#, receivedAt: Date = Fixtures.referenceDate,
        source: String = "events.jsonl:7"
    ) -> DeadLetter {
        DeadLetter(
            payload: Data(payload.utf8), error: InputError(path: [.key("type")], reason: .unknownEventType("case.exploded")),
            receivedAt: receivedAt, source: source)
    }
}

/// Makes many distinct, valid events: each call takes the next sequence number for its ids
/// (`evt-000001`, `C-000001`, `T-000001`) and moves the clock on.
///
/// ```swift
/// var factory = FixtureFactory()
/// let events = (0..<100).map { _ in factory.caseOpened() }
/// ```
public struct FixtureFactory: Sendable {
    /// The time of the next event.
    public var now: Date
    /// How far the clock moves per event.
    public var secondsBetweenEvents: Double
    /// The last sequence number handed out.
    public private(set) var sequence = 0

    /// Starts at `start` (``Fixtures/referenceDate`` by default).
    public init(start: Date = Fixtures.referenceDate, secondsBetweenEvents: Double = 60) {
        self.now = start
        self.secondsBetweenEvents = secondsBetweenEvents
    }

    /// The next sequence number as six digits, e.g. `000042`.
    public mutating func nextNumber() -> String {
        sequence += 1
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    private mutating func tick() -> Date {
        defer { now = now.addingTimeInterval(secondsBetweenEvents) }
        return now
    }

    /// A `case.opened` event with new event, case and thread ids.
    public mutating func caseOpened(
        partner: Partner = Fixtures.partner(), kind: CaseKind = .shipmentDiscrepancy, priority: Priority = .normal,
        departments: [Department] = []
    ) -> CommunityEvent {
        let number = nextNumber()
        let partnerCase = Fixtures.partnerCase(
            id: CaseID("C-\(number)"), kind: kind, title: "Case \(number) (\(kind))", priority: priority,
            threadId: ThreadID("T-\(number)"), departments: departments)
        return Fixtures.caseOpened(id: EventID("evt-\(number)"), partner: partner, case: partnerCase, occurredAt: tick())
    }

    /// A `case.messagePosted` event with a new event and message id.
    public mutating func messagePosted(
        caseId: CaseID, partner: Partner = Fixtures.partner(), text: String = "Any update on this case?"
    ) -> CommunityEvent {
        let number = nextNumber()
        return Fixtures.messagePosted(
            id: EventID("evt-\(number)"), partner: partner, caseId: caseId, threadId: nil, messageId: MessageID("M-\(number)"),
            text: text, occurredAt: tick())
    }

    /// A `document.uploaded` event with a new event and document id.
    public mutating func documentUploaded(
        caseId: CaseID? = nil, partner: Partner = Fixtures.partner(), kind: DocumentKind = .complianceCertificate
    ) -> CommunityEvent {
        let number = nextNumber()
        let document = Fixtures.document(
            id: DocumentID("D-\(number)"), name: "document-\(number).pdf", kind: kind, url: "https://community.example.com/docs/D-\(number)")
        return Fixtures.documentUploaded(id: EventID("evt-\(number)"), partner: partner, document: document, caseId: caseId, occurredAt: tick())
    }
}
