#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import BridgeModels

/// Conditions on a case: used by SLA policies to pick targets and by escalation routing to pick
/// a responder.
///
/// Every condition that is given must hold; an absent condition (`nil`) accepts any case. Within
/// one list the case needs to match one element (`kinds: [.dispute, .chargeback]` accepts either
/// kind). So `CaseConditions()` accepts every case.
///
/// Transaction value thresholds are per currency: `minimumValue: [10000 USD, 9000 EUR]` accepts a
/// case of at least 10,000 USD or at least 9,000 EUR. There is no currency conversion: a case in a
/// currency the list has no threshold for (say 50,000 GBP) does **not** match, and neither does a
/// case without an amount. Add a threshold for every currency you trade in.
///
/// In JSON (`match` in a policy or a routing rule), every member is optional:
/// ```json
/// {"kinds": ["invoiceMismatch", "chargeback"], "tiers": ["strategic"], "priorities": ["urgent", "high"],
///  "departments": ["accountsPayable"],
///  "minimumValue": [{"value": "10000", "currency": "USD"}, {"value": "9000", "currency": "EUR"}]}
/// ```
/// A present list must not be empty or repeat a value; a currency may appear once.
public struct CaseConditions: Hashable, Sendable, Codable {
    /// Accepted case kinds, or `nil` for any kind.
    public var kinds: [CaseKind]?
    /// Accepted partner tiers, or `nil` for any tier (including none).
    public var tiers: [PartnerTier]?
    /// Accepted priorities, or `nil` for any priority.
    public var priorities: [Priority]?
    /// Departments of which the case must involve at least one, or `nil` for any.
    public var departments: [Department]?
    /// The smallest accepted transaction value per currency, or `nil` for any value (including
    /// none).
    public var minimumValue: [Money]?

    /// Creates conditions; every parameter defaults to "any".
    public init(
        kinds: [CaseKind]? = nil, tiers: [PartnerTier]? = nil, priorities: [Priority]? = nil,
        departments: [Department]? = nil, minimumValue: [Money]? = nil
    ) {
        self.kinds = kinds
        self.tiers = tiers
        self.priorities = priorities
        self.departments = departments
        self.minimumValue = minimumValue
    }

    /// Conditions that accept every case.
    public static let any = CaseConditions()

    /// Whether the case satisfies every given condition.
    public func matches(_ profile: CaseProfile) -> Bool {
        if let kinds, !kinds.contains(profile.kind) { return false }
        if let tiers {
            guard let tier = profile.partnerTier, tiers.contains(tier) else { return false }
        }
        if let priorities, !priorities.contains(profile.priority) { return false }
        if let departments, !profile.departments.contains(where: departments.contains) { return false }
        if let minimumValue {
            guard let amount = profile.amount,
                let threshold = minimumValue.first(where: { $0.currency == amount.currency }),
                amount.value >= threshold.value
            else { return false }
        }
        return true
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kinds, tiers, priorities, departments, minimumValue
    }

    /// Decodes and validates conditions.
    ///
    /// - Throws: `InputError` naming the member: an unknown member, an empty list, a repeated
    ///   value or currency, an unknown priority, a malformed amount.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kinds = try c.distinctList(.kinds, limit: SLALimits.listItems)
        tiers = try c.distinctList(.tiers, limit: SLALimits.listItems)
        priorities = try c.distinctList(.priorities, limit: SLALimits.listItems)
        departments = try c.distinctList(.departments, limit: SLALimits.listItems)
        minimumValue = try c.distinctList(.minimumValue, limit: SLALimits.listItems)
        if let minimumValue {
            try rejectRepeats(
                in: minimumValue, at: c.path(.minimumValue), by: \.currency, reason: { "a second threshold for \($0.currency)" })
        }
    }

    /// Encodes the given conditions only.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(kinds, forKey: .kinds)
        try c.encodeIfPresent(tiers, forKey: .tiers)
        try c.encodeIfPresent(priorities, forKey: .priorities)
        try c.encodeIfPresent(departments, forKey: .departments)
        try c.encodeIfPresent(minimumValue, forKey: .minimumValue)
    }
}
