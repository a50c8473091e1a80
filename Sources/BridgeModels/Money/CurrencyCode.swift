/// An ISO 4217 alphabetic currency code, such as `USD`, `EUR` or `JPY`.
///
/// Decoding accepts the codes of the current ISO 4217 list (amendment of 2025, including
/// `XCG` and `ZWG`) and a few recently withdrawn codes that still appear on historical invoices
/// (`HRK`, `BGN`, `ANG`, `SLL`, `CUC`, `ZWL`). It refuses `XXX` ("no currency") and `XTS`
/// ("testing"), which never denote money, and anything that is not three uppercase ASCII letters.
public struct CurrencyCode: RawRepresentable, Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The three-letter code.
    public let rawValue: String

    /// Creates a code if `rawValue` is an accepted ISO 4217 code.
    public init?(rawValue: String) {
        guard CurrencyCode.minorUnitsTable[rawValue] != nil else { return nil }
        self.rawValue = rawValue
    }

    /// Creates a code if `code` is an accepted ISO 4217 code.
    public init?(_ code: String) {
        self.init(rawValue: code)
    }

    /// The number of minor-unit digits (2 for USD, 0 for JPY, 3 for KWD; 0 for precious
    /// metals and other units without minor units).
    public var minorUnits: Int { CurrencyCode.minorUnitsTable[rawValue] ?? 2 }

    /// The code.
    public var description: String { rawValue }

    /// Orders alphabetically.
    public static func < (lhs: CurrencyCode, rhs: CurrencyCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// US dollar.
    public static let usd = CurrencyCode(unchecked: "USD")
    /// Euro.
    public static let eur = CurrencyCode(unchecked: "EUR")
    /// Pound sterling.
    public static let gbp = CurrencyCode(unchecked: "GBP")
    /// Japanese yen.
    public static let jpy = CurrencyCode(unchecked: "JPY")
    /// Canadian dollar.
    public static let cad = CurrencyCode(unchecked: "CAD")

    init(unchecked code: String) { self.rawValue = code }

    /// Every accepted code.
    public static var all: [CurrencyCode] {
        minorUnitsTable.keys.sorted().map(CurrencyCode.init(unchecked:))
    }

    /// Decodes and validates a code.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = CurrencyCode(rawValue: text) else {
            throw InputError(path: decoder.jsonPath, reason: .invalidCurrency(text))
        }
        self = code
    }

    /// Encodes the code.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    // ISO 4217 list one (current) with minor units; "N.A." entries (metals, SDR, units of
    // account) have 0. Source: the ISO 4217 maintenance agency's list one, amendments through
    // 2025 (XCG replaced ANG; ZWG replaced ZWL; SLE replaced SLL; VED added).
    static let minorUnitsTable: [String: Int] = {
        var table: [String: Int] = [:]
        let two = """
            AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN BZD \
            CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP \
            GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK \
            LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO \
            NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS \
            SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST \
            XCD XCG YER ZAR ZMW ZWG \
            HRK BGN ANG SLL CUC ZWL
            """
        for code in two.split(separator: " ") where !code.isEmpty { table[String(code)] = 2 }
        for code in "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split(separator: " ") {
            table[String(code)] = 0
        }
        for code in "BHD IQD JOD KWD LYD OMR TND".split(separator: " ") { table[String(code)] = 3 }
        for code in "CLF UYW".split(separator: " ") { table[String(code)] = 4 }
        for code in "XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XUA".split(separator: " ") { table[String(code)] = 0 }
        return table
    }()
}
