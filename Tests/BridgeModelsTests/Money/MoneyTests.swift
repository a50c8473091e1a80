import BridgeModels
import Foundation
import Testing

@Suite struct MoneyTests {
    func money(_ json: String) throws -> Money {
        try StrictJSONDecoder().decode(Money.self, from: json)
    }

    @Test func decimalStringsAreExact() throws {
        let m = try money(#"{"value":"0.10","currency":"USD"}"#)
        #expect(m.value * 3 == Decimal(string: "0.3"))
        #expect(try money(#"{"value":"123456789012345678.12345678","currency":"EUR"}"#).value
            == Decimal(string: "123456789012345678.12345678"))
    }

    @Test func formattingUsesMinorUnits() throws {
        #expect(try money(#"{"value":"1250","currency":"USD"}"#).formattedValue == "1250.00")
        #expect(try money(#"{"value":"1250","currency":"JPY"}"#).formattedValue == "1250")
        #expect(try money(#"{"value":"1.5","currency":"KWD"}"#).formattedValue == "1.500")
        #expect(try money(#"{"value":"0.1234","currency":"USD"}"#).formattedValue == "0.1234")
        #expect(try money(#"{"value":"1250.5","currency":"USD"}"#).description == "1250.50 USD")
    }

    @Test func encodingWritesTheFormattedString() throws {
        let m = try money(#"{"value":"7.5","currency":"GBP"}"#)
        #expect(try StableJSON.string(m) == #"{"currency":"GBP","value":"7.50"}"#)
        #expect(try money(StableJSON.string(m)) == m)
    }

    @Test func currencyCodes() {
        #expect(CurrencyCode("USD")?.minorUnits == 2)
        #expect(CurrencyCode("JPY")?.minorUnits == 0)
        #expect(CurrencyCode("BHD")?.minorUnits == 3)
        #expect(CurrencyCode("CLF")?.minorUnits == 4)
        #expect(CurrencyCode("XCG") != nil)  // 2025 successor of ANG
        #expect(CurrencyCode("HRK") != nil)  // withdrawn 2023, still on historical invoices
        #expect(CurrencyCode("XXX") == nil)
        #expect(CurrencyCode("XTS") == nil)
        #expect(CurrencyCode("usd") == nil)
        #expect(CurrencyCode("US") == nil)
        #expect(CurrencyCode.all.count > 170)
        #expect(CurrencyCode.all == CurrencyCode.all.sorted())
    }

    @Test func plainInitialiserRefusesWhatDecodingRefuses() {
        #expect(Money("12.30", currency: .eur)?.value == Decimal(string: "12.3"))
        for bad in ["-1", "1e2", "01", "1.", ".5", "1,5", " 1", "1234567890123456789", "1.123456789"] {
            #expect(Money(bad, currency: .eur) == nil, "\(bad)")
        }
    }
}
