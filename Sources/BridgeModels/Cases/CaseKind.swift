/// What kind of partner issue a case is. Configuration decides what each kind routes to.
///
/// The well-known kinds follow the B2B exception taxonomy (see
/// `Documentation/CommunityEvents.md`); hosts add their own with `CaseKind(rawValue:)`.
public struct CaseKind: OpenSetValue {
    /// The kind's token.
    public let rawValue: String
    /// Creates a kind from its token.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Shipment contents or counts differ from the ASN (856) or the order.
    public static let shipmentDiscrepancy: CaseKind = "shipmentDiscrepancy"
    /// An invoice (810) does not match the order (850) or the receipt (three-way match).
    public static let invoiceMismatch: CaseKind = "invoiceMismatch"
    /// A compliance exception: labelling, packaging, OTIF, certificates.
    public static let complianceException: CaseKind = "complianceException"
    /// A dispute, typically of a deduction or chargeback.
    public static let dispute: CaseKind = "dispute"
    /// Documents of one transaction disagree (ASN vs PO vs invoice).
    public static let documentMismatch: CaseKind = "documentMismatch"
    /// An ASN is missing or late.
    public static let missingASN: CaseKind = "missingASN"
    /// A functional acknowledgement (997/999/TA1) rejected a transmission.
    public static let ediRejection: CaseKind = "ediRejection"
    /// Item, price-list or vendor master data is wrong.
    public static let masterData: CaseKind = "masterData"
    /// A routing-guide violation (carrier, mode, pallet build).
    public static let routingViolation: CaseKind = "routingViolation"
    /// A chargeback or deduction was taken.
    public static let chargeback: CaseKind = "chargeback"
    /// Anything else.
    public static let other: CaseKind = "other"

    /// The kinds the library knows by name.
    public static let wellKnown: [CaseKind] = [
        .shipmentDiscrepancy, .invoiceMismatch, .complianceException, .dispute, .documentMismatch,
        .missingASN, .ediRejection, .masterData, .routingViolation, .chargeback, .other,
    ]
}

/// The urgency the partner (or a rule) gives a case: `urgent`, `high`, `normal`, `low`.
///
/// Ordered by urgency: `urgent > high > normal > low`.
public enum Priority: String, ClosedSetValue, Comparable, CustomStringConvertible {
    /// Needs attention now.
    case urgent
    /// Important.
    case high
    /// The default.
    case normal
    /// Can wait.
    case low

    var rank: Int {
        switch self {
        case .urgent: return 3
        case .high: return 2
        case .normal: return 1
        case .low: return 0
        }
    }

    /// Orders by urgency, `low` lowest.
    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }

    /// The priority `steps` levels more urgent, capped at `urgent` (negative steps lower it,
    /// floored at `low`).
    public func raised(by steps: Int = 1) -> Priority {
        let target = min(3, max(0, rank + steps))
        return Priority.allCases.first { $0.rank == target } ?? self
    }

    /// The raw value.
    public var description: String { rawValue }
}

/// A department of the business, for multi-department exceptions and routing.
public struct Department: OpenSetValue {
    /// The department's token.
    public let rawValue: String
    /// Creates a department from its token.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Warehouse, transportation and logistics.
    public static let logistics: Department = "logistics"
    /// Accounts payable.
    public static let accountsPayable: Department = "accountsPayable"
    /// Accounts receivable and deductions.
    public static let accountsReceivable: Department = "accountsReceivable"
    /// Compliance and deductions.
    public static let compliance: Department = "compliance"
    /// EDI operations and mapping.
    public static let ediOperations: Department = "ediOperations"
    /// Item and vendor master data.
    public static let masterData: Department = "masterData"
    /// Buying and category management.
    public static let purchasing: Department = "purchasing"
    /// Customer service and sales operations.
    public static let customerService: Department = "customerService"
    /// Legal and contracts.
    public static let legal: Department = "legal"
}
