/// A reference to a business transaction or EDI envelope that a case is about.
///
/// Envelope control numbers are checked against X12: an interchange control number (ISA13) is
/// exactly 9 digits, a group control number (GS06) 1–9 digits, a transaction set control number
/// (ST02) 4–9 characters.
public struct TransactionReference: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What the reference identifies.
    public enum Kind: String, ClosedSetValue, CustomStringConvertible {
        /// A purchase order number (850 BEG03, 810 BIG04).
        case purchaseOrder
        /// An invoice number (810 BIG02).
        case invoice
        /// An advance ship notice / shipment id (856 BSN02).
        case asn
        /// A bill of lading number (REF*BM).
        case billOfLading
        /// An interchange control number (ISA13).
        case interchangeControl
        /// A functional group control number (GS06).
        case groupControl
        /// A transaction set control number (ST02).
        case transactionSet
        /// A contract or agreement number.
        case contract
        /// Anything else.
        case other

        /// A short human label, e.g. `PO` or `Invoice`.
        public var label: String {
            switch self {
            case .purchaseOrder: return "PO"
            case .invoice: return "Invoice"
            case .asn: return "ASN"
            case .billOfLading: return "BOL"
            case .interchangeControl: return "ISA13"
            case .groupControl: return "GS06"
            case .transactionSet: return "ST02"
            case .contract: return "Contract"
            case .other: return "Ref"
            }
        }

        /// The raw value.
        public var description: String { rawValue }

        /// How prominent a reference of this kind is in titles: lower is more important.
        public var prominence: Int {
            switch self {
            case .purchaseOrder: return 0
            case .invoice: return 1
            case .asn: return 2
            case .billOfLading: return 3
            case .contract: return 4
            case .interchangeControl: return 5
            case .groupControl: return 6
            case .transactionSet: return 7
            case .other: return 8
            }
        }
    }

    /// What the reference identifies.
    public var type: Kind
    /// The reference value.
    public var value: String

    /// Creates a reference.
    public init(type: Kind, value: String) {
        self.type = type
        self.value = value
    }

    /// `PO 4471`.
    public var description: String { "\(type.label) \(value)" }

    enum CodingKeys: String, CodingKey { case type, value }

    /// Decodes and validates a reference.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.required(Kind.self, .type)
        value = try c.text(.value, .identifier, limit: decoder.inputLimits.referenceValue)
        let digits = value.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        switch type {
        case .interchangeControl where !(digits && value.utf8.count == 9):
            throw InputError(path: c.path(.value), reason: .invalidFormat(expected: "an ISA13 control number: 9 digits"))
        case .groupControl where !(digits && (1...9).contains(value.utf8.count)):
            throw InputError(path: c.path(.value), reason: .invalidFormat(expected: "a GS06 control number: 1-9 digits"))
        case .transactionSet where !(4...9).contains(value.unicodeScalars.count):
            throw InputError(
                path: c.path(.value), reason: .invalidFormat(expected: "an ST02 control number: 4-9 characters"))
        default:
            break
        }
    }
}
