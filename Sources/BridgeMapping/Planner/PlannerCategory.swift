import BridgeModels

/// One of a Planner plan's 25 label slots, `category1` … `category25`.
///
/// Planner tasks carry labels as `appliedCategories` keyed by slot (`{"category3": true}`); the
/// label names live in the plan details. Graph v1.0's `plannerAppliedCategories` page still says
/// six, while `plannerCategoryDescriptions` and the CSDL have 25 (planner-api.md §3).
public struct PlannerCategory: RawRepresentable, Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The slot number, 1…25.
    public let number: Int

    /// The slot `number` (1…25), or `nil` outside that range.
    public init?(number: Int) {
        guard (1...25).contains(number) else { return nil }
        self.number = number
    }

    /// Parses `category1` … `category25`; `nil` for anything else (including `category01`).
    public init?(rawValue: String) {
        guard rawValue.hasPrefix("category") else { return nil }
        let digits = rawValue.dropFirst("category".count)
        guard let first = digits.first, first != "0", digits.count <= 2, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let number = Int(digits)
        else { return nil }
        self.init(number: number)
    }

    /// `categoryN`.
    public var rawValue: String { "category\(number)" }

    /// `categoryN`.
    public var description: String { rawValue }

    /// Orders by slot number.
    public static func < (lhs: PlannerCategory, rhs: PlannerCategory) -> Bool { lhs.number < rhs.number }

    /// Decodes `categoryN`, refusing other text with the accepted form.
    public init(from decoder: any Decoder) throws {
        self = try PlannerCategory.parse(try decoder.singleValueContainer().decode(String.self), at: decoder.jsonPath)
    }

    /// Parses `categoryN` found at `path`.
    static func parse(_ text: String, at path: JSONPath) throws(InputError) -> PlannerCategory {
        guard let value = PlannerCategory(rawValue: text) else {
            throw InputError(path: path, reason: .invalidFormat(expected: "category1 … category25"))
        }
        return value
    }

    /// Encodes `categoryN`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
