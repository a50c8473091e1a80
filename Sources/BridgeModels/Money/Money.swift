#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An amount of money: an exact `Decimal` and an ISO 4217 currency, never a `Double`.
///
/// On the wire it is `{"value": "1250.00", "currency": "USD"}`, the value a decimal string
/// (digits, an optional `.` and fraction; no sign, exponent, grouping or leading zeros), so no
/// producer or consumer rounds it through binary floating point. Amounts in the community format
/// are never negative: a credit is a separate case kind, not a negative invoice amount.
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The amount, exact.
    public var value: Decimal
    /// The currency.
    public var currency: CurrencyCode

    /// Creates an amount.
    public init(value: Decimal, currency: CurrencyCode) {
        self.value = value
        self.currency = currency
    }

    /// Creates an amount from a decimal string such as `"1250.10"`, or `nil` if the text is not
    /// a plain non-negative decimal.
    public init?(_ text: String, currency: CurrencyCode) {
        guard let value = Money.parseDecimal(text) else { return nil }
        self.init(value: value, currency: currency)
    }

    /// The amount as a plain decimal string with at least the currency's minor-unit digits
    /// (`1250` USD → `1250.00`, `1250` JPY → `1250`, `0.1234` USD → `0.1234`).
    public var formattedValue: String {
        Money.plainString(value, minimumFractionDigits: currency.minorUnits)
    }

    /// `1250.00 USD`.
    public var description: String { "\(formattedValue) \(currency.rawValue)" }

    enum CodingKeys: String, CodingKey { case value, currency }

    /// Decodes and validates an amount.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let path = c.path(.value)
        guard try c.has(.value) else { throw InputError(path: path, reason: .missing) }
        let text: String
        do {
            text = try c.decode(String.self, forKey: .value)
        } catch let error as InputError {
            if case .wrongType(_, let found) = error.reason {
                throw InputError(path: path, reason: .wrongType(expected: "decimal string such as \"1250.00\"", found: found))
            }
            throw error
        }
        if text.hasPrefix("-"), Money.parseDecimal(String(text.dropFirst())) != nil {
            throw InputError(path: path, reason: .outOfRange("amounts must not be negative"))
        }
        guard let value = Money.parseDecimal(text) else {
            throw InputError(
                path: path,
                reason: .invalidFormat(expected: "a decimal string: 1-18 digits, optionally '.' and 1-8 digits"))
        }
        self.value = value
        self.currency = try c.required(CurrencyCode.self, .currency)
    }

    /// Encodes the amount with its decimal string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formattedValue, forKey: .value)
        try c.encode(currency, forKey: .currency)
    }

    /// Parses an optionally negative plain decimal (see ``parseDecimal(_:)``).
    package static func parseSignedDecimal(_ text: String) -> Decimal? {
        if text.hasPrefix("-") {
            return parseDecimal(String(text.dropFirst())).map { -$0 }
        }
        return parseDecimal(text)
    }

    /// Parses `0|[1-9][0-9]{0,17}` optionally followed by `.` and 1–8 digits.
    static func parseDecimal(_ text: String) -> Decimal? {
        let bytes = Array(text.utf8)
        var index = 0
        var integerDigits = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            index += 1
            integerDigits += 1
        }
        guard (1...18).contains(integerDigits), !(integerDigits > 1 && bytes[0] == 0x30) else { return nil }
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: ".") else { return nil }
            index += 1
            let fractionStart = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard (1...8).contains(index - fractionStart), index == bytes.count else { return nil }
        }
        // Exact: accumulate the digits in Decimal (38 significant digits), never via Double.
        var significand = Decimal(0)
        var exponent = 0
        var afterPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                afterPoint = true
                continue
            }
            significand = significand * 10 + Decimal(Int(byte - 0x30))
            if afterPoint { exponent -= 1 }
        }
        return Decimal(sign: .plus, exponent: exponent, significand: significand)
    }

    /// A decimal as a plain string (no exponent, no grouping, `.` separator) with at least
    /// `minimumFractionDigits` fraction digits.
    package static func plainString(_ value: Decimal, minimumFractionDigits: Int) -> String {
        var text = value.description
        if text.contains("e") || text.contains("E") {
            // Decimal's description never uses exponents in practice; keep a safe fallback.
            text = "\(value)"
        }
        let fractionDigits: Int
        if let dot = text.firstIndex(of: ".") {
            fractionDigits = text.distance(from: dot, to: text.endIndex) - 1
        } else {
            fractionDigits = 0
            if minimumFractionDigits > 0 { text += "." }
        }
        if fractionDigits < minimumFractionDigits {
            text += String(repeating: "0", count: minimumFractionDigits - fractionDigits)
        }
        return text
    }
}
