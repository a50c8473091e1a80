import BridgeModels
import Testing

@Suite struct PartnerTests {
    let decoder = StrictJSONDecoder()

    @Test func decodesTheFullPartner() throws {
        let partner = try decoder.decode(
            Partner.self,
            from: #"{"id":"ACME","name":"Acme Retail","tier":"strategic","ediQualifier":"ZZ","ediId":"ACME 01","locale":"zh-Hant-TW"}"#)
        #expect(partner.tier == .strategic)
        #expect(partner.ediAddress == "ZZ:ACME 01")
        #expect(partner.locale == "zh-Hant-TW")
    }

    @Test func openTiersAreAccepted() throws {
        let partner = try decoder.decode(Partner.self, from: #"{"id":"A","tier":"platinum-plus"}"#)
        #expect(partner.tier == PartnerTier(rawValue: "platinum-plus"))
        #expect(partner.tier != .strategic)
    }

    @Test func ediIdWithoutQualifierIsMissingTheQualifier() {
        #expect(throws: InputError(path: [.key("ediQualifier")], reason: .missing)) {
            try decoder.decode(Partner.self, from: #"{"id":"A","ediId":"123"}"#)
        }
    }

    @Test func identifiersAreTypedAndValidated() throws {
        let id = try PartnerID.validated("ACME")
        #expect(id.rawValue == "ACME")
        #expect(throws: InputError(path: .root, reason: .forbiddenCharacter(scalar: 0x202E))) {
            try PartnerID.validated("AC\u{202E}ME")
        }
        #expect(throws: InputError(path: .root, reason: .empty)) { try CaseID.validated("") }
        #expect(["b", "a"].map(CaseID.init(rawValue:)).sorted() == ["a", "b"])
    }
}
