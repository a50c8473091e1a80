/// How important a trading partner is to the business: `strategic`, `preferred`, `standard`,
/// or any tier the host's configuration defines.
///
/// Routing rules, SLA policies and escalation ladders match on the tier.
public struct PartnerTier: OpenSetValue {
    /// The tier's token.
    public let rawValue: String
    /// Creates a tier from its token.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A strategic partner: the shortest targets, escalated first.
    public static let strategic: PartnerTier = "strategic"
    /// A preferred partner.
    public static let preferred: PartnerTier = "preferred"
    /// A standard partner.
    public static let standard: PartnerTier = "standard"
}

/// A trading partner in the community.
///
/// The partner's EDI identity follows X12 practice: an interchange ID qualifier (ISA05/ISA07,
/// e.g. `01` DUNS, `08` UCC, `12` phone, `ZZ` mutually defined) and an interchange ID
/// (ISA06/ISA08, at most 15 characters). Both are optional but come together.
public struct Partner: Hashable, Sendable, Codable {
    /// The partner's id in the community (required).
    public var id: PartnerID
    /// The partner's display name.
    public var name: String?
    /// The partner's tier, if the community or the host assigns one.
    public var tier: PartnerTier?
    /// X12 interchange ID qualifier (two characters, e.g. `01`, `ZZ`).
    public var ediQualifier: String?
    /// X12 interchange ID (1–15 characters).
    public var ediId: String?
    /// The partner's preferred locale as a BCP 47 tag (e.g. `en-US`, `de-DE`), used to pick
    /// message templates.
    public var locale: String?

    /// Creates a partner.
    public init(
        id: PartnerID, name: String? = nil, tier: PartnerTier? = nil, ediQualifier: String? = nil,
        ediId: String? = nil, locale: String? = nil
    ) {
        self.id = id
        self.name = name
        self.tier = tier
        self.ediQualifier = ediQualifier
        self.ediId = ediId
        self.locale = locale
    }

    /// The EDI address `qualifier:id` (e.g. `01:123456789`), when both parts are known.
    public var ediAddress: String? {
        guard let ediQualifier, let ediId else { return nil }
        return "\(ediQualifier):\(ediId)"
    }

    enum CodingKeys: String, CodingKey {
        case id, name, tier, ediQualifier, ediId, locale
    }

    /// Decodes and validates a partner.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(PartnerID.self, .id)
        name = try c.optionalText(.name, .line, limit: limits.line)
        tier = try c.optional(PartnerTier.self, .tier)
        ediQualifier = try c.optionalText(.ediQualifier, .identifier, limit: 2)
        ediId = try c.optionalText(.ediId, .identifier, limit: 15)
        locale = try c.optionalText(.locale, .identifier, limit: 35)
        if let ediQualifier, !Partner.isEDIQualifier(ediQualifier) {
            throw InputError(
                path: c.path(.ediQualifier),
                reason: .invalidFormat(expected: "two characters, digits or uppercase letters (X12 ISA05)"))
        }
        if let ediId, !ediId.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            throw InputError(path: c.path(.ediId), reason: .invalidFormat(expected: "printable ASCII (X12 ISA06)"))
        }
        switch (ediQualifier, ediId) {
        case (nil, .some): throw InputError(path: c.path(.ediQualifier), reason: .missing)
        case (.some, nil): throw InputError(path: c.path(.ediId), reason: .missing)
        default: break
        }
        if let locale, !Partner.isLocaleTag(locale) {
            throw InputError(path: c.path(.locale), reason: .invalidFormat(expected: "a BCP 47 language tag such as en-US"))
        }
    }

    /// Encodes the partner, omitting absent fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(tier, forKey: .tier)
        try c.encodeIfPresent(ediQualifier, forKey: .ediQualifier)
        try c.encodeIfPresent(ediId, forKey: .ediId)
        try c.encodeIfPresent(locale, forKey: .locale)
    }

    static func isEDIQualifier(_ text: String) -> Bool {
        text.utf8.count == 2 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
    }

    /// `^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`
    static func isLocaleTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.utf8.count),
            language.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) })
        else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.utf8.count)
                && part.utf8.allSatisfy {
                    ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                }
        }
    }
}

/// A partner's id in the community.
public typealias PartnerID = Identifier<Partner>
