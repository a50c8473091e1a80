#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The type of a community event, as the `type` field of the envelope names it.
public enum CommunityEventType: String, ClosedSetValue, CustomStringConvertible {
    /// A partner opened a case.
    case caseOpened = "case.opened"
    /// A case's fields changed.
    case caseUpdated = "case.updated"
    /// A message was posted in a case's thread.
    case messagePosted = "case.messagePosted"
    /// An action item was identified in a discussion.
    case actionItemIdentified = "case.actionItemIdentified"
    /// The partner withdrew a case.
    case caseWithdrawn = "case.withdrawn"
    /// A partner uploaded a document.
    case documentUploaded = "document.uploaded"
    /// A partner joined the community and starts an onboarding programme.
    case partnerAdded = "partner.added"
    /// A partner completed an onboarding requirement.
    case requirementCompleted = "onboarding.requirementCompleted"
    /// A partner submitted a request for approval.
    case requestSubmitted = "request.submitted"
    /// A partner acknowledged a change notice.
    case acknowledgementReceived = "acknowledgement.received"
    /// A compliance requirement was triggered for a partner.
    case complianceRequirementTriggered = "compliance.requirementTriggered"

    /// The wire name, e.g. `case.opened`.
    public var description: String { rawValue }
}

/// One event from the Trading Grid community, in the neutral format v1 that TradingGridBridge
/// owns (see `Documentation/CommunityEvents.md`).
///
/// The host translates whatever its tenant delivers (a middleware webhook, a mailbox file, a
/// portal export) into these events. Decode untrusted input with ``CommunityEventDecoder``;
/// encode with ``StableJSON`` for stable bytes.
public struct CommunityEvent: Hashable, Sendable, Codable {
    /// Unique per event; the de-duplication key.
    public var id: EventID
    /// When it happened in the community (the retroactive start of SLA clocks).
    public var occurredAt: Date
    /// The partner the event is about.
    public var partner: Partner
    /// The type-specific content.
    public var body: Body

    /// Creates an event.
    public init(id: EventID, occurredAt: Date, partner: Partner, body: Body) {
        self.id = id
        self.occurredAt = occurredAt
        self.partner = partner
        self.body = body
    }

    /// The event type, derived from ``body``.
    public var type: CommunityEventType { body.type }

    /// The content of an event, one case per ``CommunityEventType``.
    public enum Body: Hashable, Sendable {
        /// `case.opened`: the new case.
        case caseOpened(PartnerCase)
        /// `case.updated`: the changed fields.
        case caseUpdated(CaseUpdate)
        /// `case.messagePosted`: a message in a case thread.
        case messagePosted(MessagePosted)
        /// `case.actionItemIdentified`: an action item from a discussion.
        case actionItemIdentified(ActionItemIdentified)
        /// `case.withdrawn`: the partner withdrew the case.
        case caseWithdrawn(CaseWithdrawal)
        /// `document.uploaded`: a shared document.
        case documentUploaded(DocumentUpload)
        /// `partner.added`: the partner joined and starts a programme.
        case partnerAdded(PartnerAdded)
        /// `onboarding.requirementCompleted`: a completed requirement.
        case requirementCompleted(CompletedRequirement)
        /// `request.submitted`: a request for approval.
        case requestSubmitted(PartnerRequest)
        /// `acknowledgement.received`: a change notice was acknowledged.
        case acknowledgementReceived(AcknowledgementReceipt)
        /// `compliance.requirementTriggered`: a compliance requirement.
        case complianceRequirementTriggered(ComplianceRequirement)

        /// The event type of this body.
        public var type: CommunityEventType {
            switch self {
            case .caseOpened: return .caseOpened
            case .caseUpdated: return .caseUpdated
            case .messagePosted: return .messagePosted
            case .actionItemIdentified: return .actionItemIdentified
            case .caseWithdrawn: return .caseWithdrawn
            case .documentUploaded: return .documentUploaded
            case .partnerAdded: return .partnerAdded
            case .requirementCompleted: return .requirementCompleted
            case .requestSubmitted: return .requestSubmitted
            case .acknowledgementReceived: return .acknowledgementReceived
            case .complianceRequirementTriggered: return .complianceRequirementTriggered
            }
        }
    }

    /// The case the event concerns, when it names one.
    public var caseId: CaseID? {
        switch body {
        case .caseOpened(let partnerCase): return partnerCase.id
        case .caseUpdated(let update): return update.id
        case .messagePosted(let posted): return posted.caseId
        case .actionItemIdentified(let identified): return identified.caseId
        case .caseWithdrawn(let withdrawal): return withdrawal.caseId
        case .documentUploaded(let upload): return upload.caseId
        default: return nil
        }
    }

    /// The discussion thread the event concerns, when it names one.
    public var threadId: ThreadID? {
        switch body {
        case .caseOpened(let partnerCase): return partnerCase.threadId
        case .caseUpdated(let update): return update.threadId
        case .messagePosted(let posted): return posted.threadId
        case .actionItemIdentified(let identified): return identified.threadId
        default: return nil
        }
    }

    /// For `acknowledgement.received`, the acknowledgement with the envelope's partner.
    public var acknowledgement: Acknowledgement? {
        guard case .acknowledgementReceived(let receipt) = body else { return nil }
        return Acknowledgement(
            noticeId: receipt.noticeId, partnerId: partner.id, acknowledgedAt: receipt.acknowledgedAt, by: receipt.by)
    }

    enum CodingKeys: String, CodingKey {
        case id, type, occurredAt, partner
        case `case`, caseId, threadId, message, actionItem, reason, document, program, requirement, request
        case noticeId, acknowledgedAt, by
    }

    /// Decodes and validates an event: the envelope first (`id`, `type`, `occurredAt`,
    /// `partner`), then the body of its type. Unknown fields are ignored; an unknown `type` fails
    /// with ``InputError/Reason/unknownEventType(_:)``.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(EventID.self, .id)
        let typeName = try c.text(.type, .identifier, limit: limits.token)
        guard let type = CommunityEventType(rawValue: typeName) else {
            throw InputError(path: c.path(.type), reason: .unknownEventType(typeName))
        }
        occurredAt = try c.timestamp(.occurredAt)
        partner = try c.required(Partner.self, .partner)

        switch type {
        case .caseOpened:
            body = .caseOpened(try c.required(PartnerCase.self, .case))
        case .caseUpdated:
            body = .caseUpdated(try c.required(CaseUpdate.self, .case))
        case .messagePosted:
            body = .messagePosted(
                MessagePosted(
                    caseId: try c.required(CaseID.self, .caseId),
                    threadId: try c.optional(ThreadID.self, .threadId),
                    message: try c.required(DiscussionMessage.self, .message)))
        case .actionItemIdentified:
            let caseId = try c.optional(CaseID.self, .caseId)
            let threadId = try c.optional(ThreadID.self, .threadId)
            if caseId == nil && threadId == nil {
                throw InputError(path: c.path(.caseId), reason: .missingOneOf(["caseId", "threadId"]))
            }
            body = .actionItemIdentified(
                ActionItemIdentified(
                    caseId: caseId, threadId: threadId, actionItem: try c.required(ActionItem.self, .actionItem)))
        case .caseWithdrawn:
            body = .caseWithdrawn(
                CaseWithdrawal(
                    caseId: try c.required(CaseID.self, .caseId),
                    reason: try c.optionalText(.reason, .multiline, limit: limits.line * 4)))
        case .documentUploaded:
            body = .documentUploaded(
                DocumentUpload(
                    document: try c.required(Document.self, .document),
                    caseId: try c.optional(CaseID.self, .caseId)))
        case .partnerAdded:
            if partner.name == nil {
                throw InputError(path: c.path(.partner).appending(key: "name"), reason: .missing)
            }
            body = .partnerAdded(PartnerAdded(program: try c.text(.program, .line, limit: limits.line)))
        case .requirementCompleted:
            body = .requirementCompleted(try c.required(CompletedRequirement.self, .requirement))
        case .requestSubmitted:
            body = .requestSubmitted(try c.required(PartnerRequest.self, .request))
        case .acknowledgementReceived:
            body = .acknowledgementReceived(
                AcknowledgementReceipt(
                    noticeId: try c.required(NoticeID.self, .noticeId),
                    acknowledgedAt: try c.timestamp(.acknowledgedAt),
                    by: try c.optionalText(.by, .line, limit: limits.line)))
        case .complianceRequirementTriggered:
            body = .complianceRequirementTriggered(try c.required(ComplianceRequirement.self, .requirement))
        }
    }

    /// Encodes the envelope and the body's fields, omitting absent ones.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type.rawValue, forKey: .type)
        try c.encodeTimestamp(occurredAt, forKey: .occurredAt)
        try c.encode(partner, forKey: .partner)
        switch body {
        case .caseOpened(let partnerCase):
            try c.encode(partnerCase, forKey: .case)
        case .caseUpdated(let update):
            try c.encode(update, forKey: .case)
        case .messagePosted(let posted):
            try c.encode(posted.caseId, forKey: .caseId)
            try c.encodeIfPresent(posted.threadId, forKey: .threadId)
            try c.encode(posted.message, forKey: .message)
        case .actionItemIdentified(let identified):
            try c.encodeIfPresent(identified.caseId, forKey: .caseId)
            try c.encodeIfPresent(identified.threadId, forKey: .threadId)
            try c.encode(identified.actionItem, forKey: .actionItem)
        case .caseWithdrawn(let withdrawal):
            try c.encode(withdrawal.caseId, forKey: .caseId)
            try c.encodeIfPresent(withdrawal.reason, forKey: .reason)
        case .documentUploaded(let upload):
            try c.encode(upload.document, forKey: .document)
            try c.encodeIfPresent(upload.caseId, forKey: .caseId)
        case .partnerAdded(let added):
            try c.encode(added.program, forKey: .program)
        case .requirementCompleted(let requirement):
            try c.encode(requirement, forKey: .requirement)
        case .requestSubmitted(let request):
            try c.encode(request, forKey: .request)
        case .acknowledgementReceived(let receipt):
            try c.encode(receipt.noticeId, forKey: .noticeId)
            try c.encodeTimestamp(receipt.acknowledgedAt, forKey: .acknowledgedAt)
            try c.encodeIfPresent(receipt.by, forKey: .by)
        case .complianceRequirementTriggered(let requirement):
            try c.encode(requirement, forKey: .requirement)
        }
    }
}

/// A community event's id, the de-duplication key.
public typealias EventID = Identifier<CommunityEvent>

/// The body of `case.messagePosted`.
public struct MessagePosted: Hashable, Sendable {
    /// The case whose thread received the message.
    public var caseId: CaseID
    /// The thread.
    public var threadId: ThreadID?
    /// The message.
    public var message: DiscussionMessage

    /// Creates the body.
    public init(caseId: CaseID, threadId: ThreadID? = nil, message: DiscussionMessage) {
        self.caseId = caseId
        self.threadId = threadId
        self.message = message
    }
}

/// The body of `case.actionItemIdentified`: at least one of ``caseId`` and ``threadId``.
public struct ActionItemIdentified: Hashable, Sendable {
    /// The case the discussion belongs to.
    public var caseId: CaseID?
    /// The thread the action item came from.
    public var threadId: ThreadID?
    /// The action item.
    public var actionItem: ActionItem

    /// Creates the body.
    public init(caseId: CaseID? = nil, threadId: ThreadID? = nil, actionItem: ActionItem) {
        self.caseId = caseId
        self.threadId = threadId
        self.actionItem = actionItem
    }
}

/// The body of `case.withdrawn`.
public struct CaseWithdrawal: Hashable, Sendable {
    /// The withdrawn case.
    public var caseId: CaseID
    /// The partner's reason.
    public var reason: String?

    /// Creates the body.
    public init(caseId: CaseID, reason: String? = nil) {
        self.caseId = caseId
        self.reason = reason
    }
}

/// The body of `document.uploaded`.
public struct DocumentUpload: Hashable, Sendable {
    /// The document.
    public var document: Document
    /// The case it belongs to, if any.
    public var caseId: CaseID?

    /// Creates the body.
    public init(document: Document, caseId: CaseID? = nil) {
        self.document = document
        self.caseId = caseId
    }
}

/// The body of `partner.added`: the envelope carries the full partner.
public struct PartnerAdded: Hashable, Sendable {
    /// The onboarding programme the partner starts (an ``OnboardingProgram`` name).
    public var program: String

    /// Creates the body.
    public init(program: String) {
        self.program = program
    }
}

/// The body of `acknowledgement.received`; the envelope names the partner.
public struct AcknowledgementReceipt: Hashable, Sendable {
    /// The acknowledged notice.
    public var noticeId: NoticeID
    /// When the partner acknowledged it.
    public var acknowledgedAt: Date
    /// Who acknowledged it.
    public var by: String?

    /// Creates the body.
    public init(noticeId: NoticeID, acknowledgedAt: Date, by: String? = nil) {
        self.noticeId = noticeId
        self.acknowledgedAt = acknowledgedAt
        self.by = by
    }
}
