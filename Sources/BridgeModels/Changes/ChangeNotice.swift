#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A change the business rolls out to partners (a new routing guide, an EDI map version, a
/// label standard) that partners must acknowledge.
public struct ChangeNotice: Hashable, Sendable, Codable {
    /// The notice id; `acknowledgement.received` events name it.
    public var id: NoticeID
    /// One-line title.
    public var title: String
    /// What changes and what partners must do.
    public var detail: String
    /// The day the change takes effect.
    public var effectiveOn: LocalDate?
    /// When acknowledgements are due.
    public var acknowledgeBy: Date?
    /// Partners the notice is for, by id. Together with ``tiers``; both empty means everyone.
    public var partners: [PartnerID]
    /// Partner tiers the notice is for.
    public var tiers: [PartnerTier]
    /// Whether partners must acknowledge it.
    public var requiresAcknowledgement: Bool

    /// Creates a notice.
    public init(
        id: NoticeID, title: String, detail: String, effectiveOn: LocalDate? = nil, acknowledgeBy: Date? = nil,
        partners: [PartnerID] = [], tiers: [PartnerTier] = [], requiresAcknowledgement: Bool = true
    ) {
        self.id = id
        self.title = title
        self.detail = detail
        self.effectiveOn = effectiveOn
        self.acknowledgeBy = acknowledgeBy
        self.partners = partners
        self.tiers = tiers
        self.requiresAcknowledgement = requiresAcknowledgement
    }

    enum CodingKeys: String, CodingKey {
        case id, title, detail, effectiveOn, acknowledgeBy, partners, tiers, requiresAcknowledgement
    }

    /// Decodes and validates a notice; `partners` and `tiers` default to none (everyone) and
    /// `requiresAcknowledgement` to `true`.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(NoticeID.self, .id)
        title = try c.text(.title, .line, limit: limits.line)
        detail = try c.text(.detail, .multiline, limit: limits.text)
        effectiveOn = try c.optional(LocalDate.self, .effectiveOn)
        acknowledgeBy = try c.optionalTimestamp(.acknowledgeBy)
        partners = try c.list(.partners, limit: 100_000)
        tiers = try c.list(.tiers, limit: 100)
        requiresAcknowledgement = try c.optional(Bool.self, .requiresAcknowledgement) ?? true
    }

    /// Encodes the notice.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(detail, forKey: .detail)
        try c.encodeIfPresent(effectiveOn, forKey: .effectiveOn)
        try c.encodeTimestampIfPresent(acknowledgeBy, forKey: .acknowledgeBy)
        try c.encodeUnlessEmpty(partners, forKey: .partners)
        try c.encodeUnlessEmpty(tiers, forKey: .tiers)
        try c.encode(requiresAcknowledgement, forKey: .requiresAcknowledgement)
    }

    /// Whether the notice is addressed to `partner`.
    public func isAddressed(to partner: Partner) -> Bool {
        if partners.isEmpty && tiers.isEmpty { return true }
        if partners.contains(partner.id) { return true }
        if let tier = partner.tier, tiers.contains(tier) { return true }
        return false
    }

    /// The addressed partners that have not acknowledged yet, in the order given.
    public func pendingPartners(among community: [Partner], acknowledgements: [Acknowledgement]) -> [Partner] {
        guard requiresAcknowledgement else { return [] }
        let acknowledged = Set(acknowledgements.filter { $0.noticeId == id }.map(\.partnerId))
        return community.filter { isAddressed(to: $0) && !acknowledged.contains($0.id) }
    }
}

/// A change notice's id.
public typealias NoticeID = Identifier<ChangeNotice>

/// A partner's acknowledgement of a ``ChangeNotice`` (`acknowledgement.received`).
public struct Acknowledgement: Hashable, Sendable, Codable {
    /// The notice acknowledged.
    public var noticeId: NoticeID
    /// The partner that acknowledged (from the event envelope).
    public var partnerId: PartnerID
    /// When.
    public var acknowledgedAt: Date
    /// Who, as the community shows them.
    public var by: String?

    /// Creates an acknowledgement.
    public init(noticeId: NoticeID, partnerId: PartnerID, acknowledgedAt: Date, by: String? = nil) {
        self.noticeId = noticeId
        self.partnerId = partnerId
        self.acknowledgedAt = acknowledgedAt
        self.by = by
    }

    enum CodingKeys: String, CodingKey { case noticeId, partnerId, acknowledgedAt, by }

    /// Decodes and validates an acknowledgement.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        noticeId = try c.required(NoticeID.self, .noticeId)
        partnerId = try c.required(PartnerID.self, .partnerId)
        acknowledgedAt = try c.timestamp(.acknowledgedAt)
        by = try c.optionalText(.by, .line, limit: decoder.inputLimits.line)
    }

    /// Encodes the acknowledgement.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(noticeId, forKey: .noticeId)
        try c.encode(partnerId, forKey: .partnerId)
        try c.encodeTimestamp(acknowledgedAt, forKey: .acknowledgedAt)
        try c.encodeIfPresent(by, forKey: .by)
    }
}
