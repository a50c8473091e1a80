/// What a partner post is.
public enum PostKind: String, ClosedSetValue, CustomStringConvertible {
    /// A status change of the case (carries a ``PartnerFacingStatus``).
    case status
    /// A public comment from the team.
    case comment
    /// An approval or rejection decision.
    case decision
    /// A document shared with the partner.
    case document
    /// A service scorecard (metrics for the partner).
    case scorecard
    /// A change notice or announcement.
    case notice
    /// A reminder (an overdue acknowledgement, documents still owed).
    case reminder
    /// Onboarding progress.
    case onboardingStatus

    /// The raw value.
    public var description: String { rawValue }
}

/// What caused a partner post: a tracker change, an SLA event or the bridge itself.
public struct PostCause: Hashable, Sendable, Codable {
    /// The tracker whose change caused the post, if any.
    public var tracker: Tracker?
    /// The tracker task id, if any. Never shown to the partner: it identifies the cause for
    /// de-duplication only.
    public var taskId: String?
    /// What changed: `status`, `comment`, `created`, `slaWarning`, `reminder`, …
    public var change: String
    /// A discriminator that makes two causes of the same kind distinct (a tracker history item
    /// id, a comment id, an event id, a reminder number).
    public var reference: String?

    /// Creates a cause.
    public init(tracker: Tracker? = nil, taskId: String? = nil, change: String, reference: String? = nil) {
        self.tracker = tracker
        self.taskId = taskId
        self.change = change
        self.reference = reference
    }
}

/// A message the bridge posts to a partner's case thread through the community adapter.
///
/// A post never carries internal-only data: assignee names, internal comments, internal custom
/// fields, tracker URLs, other partners' data. Its ``id`` is derived from its cause, so a retried
/// post has the same id and the community adapter (or the host) can recognise and drop the
/// duplicate.
public struct PartnerPost: Hashable, Sendable, Codable {
    /// Deterministic from the cause: `post-` and 32 hex digits.
    public var id: String
    /// The partner the post is for.
    public var partnerId: PartnerID
    /// The thread to post in.
    public var threadId: ThreadID?
    /// The case the post is about.
    public var caseId: CaseID?
    /// What the post is.
    public var kind: PostKind
    /// The partner-facing status, for ``PostKind/status`` and ``PostKind/decision`` posts.
    public var status: PartnerFacingStatus?
    /// The rendered text.
    public var text: String
    /// Documents shared with the partner.
    public var documents: [DocumentLink]
    /// What caused it.
    public var cause: PostCause

    /// Creates a post whose id is derived from its partner, case, kind, status and cause.
    public init(
        partnerId: PartnerID, threadId: ThreadID? = nil, caseId: CaseID? = nil, kind: PostKind,
        status: PartnerFacingStatus? = nil, text: String, documents: [DocumentLink] = [], cause: PostCause
    ) {
        self.id = PartnerPost.makeID(partnerId: partnerId, caseId: caseId, kind: kind, status: status, cause: cause)
        self.partnerId = partnerId
        self.threadId = threadId
        self.caseId = caseId
        self.kind = kind
        self.status = status
        self.text = text
        self.documents = documents
        self.cause = cause
    }

    /// The deterministic id of a post: `post-` followed by the first 32 hex digits of the
    /// SHA-256 of its identifying fields. The text is not part of it, so a template edit does
    /// not make a retried post look new.
    public static func makeID(
        partnerId: PartnerID, caseId: CaseID?, kind: PostKind, status: PartnerFacingStatus?, cause: PostCause
    ) -> String {
        let parts = [
            "v1", partnerId.rawValue, caseId?.rawValue ?? "", kind.rawValue, status?.rawValue ?? "",
            cause.tracker?.rawValue ?? "", cause.taskId ?? "", cause.change, cause.reference ?? "",
        ]
        // Length-prefix every part so no two different tuples join to the same text.
        let canonical = parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return "post-" + String(SHA256Hasher.hexDigest(canonical).prefix(32))
    }

    enum CodingKeys: String, CodingKey {
        case id, partnerId, threadId, caseId, kind, status, text, documents, cause
    }

    /// Decodes a post.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id, .identifier, limit: decoder.inputLimits.identifier)
        partnerId = try c.required(PartnerID.self, .partnerId)
        threadId = try c.optional(ThreadID.self, .threadId)
        caseId = try c.optional(CaseID.self, .caseId)
        kind = try c.required(PostKind.self, .kind)
        status = try c.optional(PartnerFacingStatus.self, .status)
        text = try c.text(.text, .multiline, limit: decoder.inputLimits.text)
        documents = try c.list(.documents, limit: decoder.inputLimits.documents)
        cause = try c.required(PostCause.self, .cause)
    }

    /// Encodes a post (`documents` always present, possibly empty, as the format shows).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(partnerId, forKey: .partnerId)
        try c.encodeIfPresent(threadId, forKey: .threadId)
        try c.encodeIfPresent(caseId, forKey: .caseId)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encode(text, forKey: .text)
        try c.encode(documents, forKey: .documents)
        try c.encode(cause, forKey: .cause)
    }
}
