public import BridgeModels

/// How a work item's internal fields read as text, where a tracker has no field for them
/// (always in Planner; in ClickUp for fields without a mapped custom field).
public enum WorkFieldText: Sendable {
    /// The well-known keys in the order the description lists them; other keys follow in
    /// alphabetical order.
    public static let order: [WorkFieldKey] = [.partner, .caseId, .transactionReference, .amount, .slaDue]

    /// The label for a key: `Partner`, `Case`, `Transaction reference`, `Amount`, `SLA due`;
    /// the key's token for other keys.
    public static func label(for key: WorkFieldKey) -> String {
        switch key {
        case .partner: return "Partner"
        case .caseId: return "Case"
        case .transactionReference: return "Transaction reference"
        case .amount: return "Amount"
        case .slaDue: return "SLA due"
        default: return key.rawValue
        }
    }

    /// The value as text: text as is, numbers as plain decimals, money as `1250.00 USD`, dates
    /// as RFC 3339 in UTC.
    public static func text(for value: WorkFieldValue) -> String {
        switch value {
        case .text(let text): return text
        case .number(let number): return Money.plainString(number, minimumFractionDigits: 0)
        case .money(let money): return money.description
        case .date(let date): return RFC3339.string(from: date)
        }
    }

    /// The fields in ``order``, restricted to `keys` when given.
    public static func ordered(
        _ fields: [WorkFieldKey: WorkFieldValue], only keys: Set<WorkFieldKey>? = nil
    ) -> [(key: WorkFieldKey, value: WorkFieldValue)] {
        let known = order.filter { fields[$0] != nil }
        let others = fields.keys.filter { !order.contains($0) }.sorted()
        return (known + others).compactMap { key in
            guard let value = fields[key], keys?.contains(key) ?? true else { return nil }
            return (key, value)
        }
    }

    /// A `Details` heading and one field block per field, or nothing when there are none.
    public static func blocks(_ fields: [(key: WorkFieldKey, value: WorkFieldValue)], heading: String = "Details")
        -> [DescriptionBlock]
    {
        guard !fields.isEmpty else { return [] }
        return [.heading(heading)] + fields.map { .field(label: label(for: $0.key), value: text(for: $0.value)) }
    }
}
