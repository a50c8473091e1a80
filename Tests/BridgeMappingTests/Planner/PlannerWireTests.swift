import BridgeMapping
import BridgeModels
import Testing

@Suite struct PlannerWireTests {
    @Test func prioritiesMapBothWays() {
        #expect(Priority.allCases.map(PlannerWire.priority) == [1, 3, 5, 9])
        #expect((0...10).map { PlannerWire.priority(fromWire: $0) } == [
            .urgent, .urgent, .high, .high, .high, .normal, .normal, .normal, .low, .low, .low,
        ])
        #expect(PlannerWire.priority(fromWire: 11) == nil)
        #expect(PlannerWire.priority(fromWire: -1) == nil)
        for priority in Priority.allCases {
            #expect(PlannerWire.priority(fromWire: PlannerWire.priority(priority)) == priority)
        }
    }

    @Test func orderHintsAscendInListOrderAndArePrintableASCII() {
        let hints = (0..<20).map(PlannerWire.orderHint(position:))
        #expect(hints[0] == " !")
        #expect(hints[1] == " ! !")
        #expect(hints == hints.sorted())
        #expect(hints.allSatisfy { $0.utf8.allSatisfy { (0x20...0x7E).contains($0) } })
    }

    @Test func referenceKeysEncodeTheFiveForbiddenCharactersPercentFirst() {
        #expect(
            PlannerWire.referenceKey(forURL: "https://contoso.sharepoint.com/teams/agile/documents/AnnualReport.pptx")
                == "https%3A//contoso%2Esharepoint%2Ecom/teams/agile/documents/AnnualReport%2Epptx")
        #expect(
            PlannerWire.referenceKey(forURL: "http://c.example:8080/a%20b/x@y.docx?q=1#frag")
                == "http%3A//c%2Eexample%3A8080/a%2520b/x%40y%2Edocx?q=1%23frag")
    }

    @Test func referenceKeysDecodeBackToTheURL() {
        var random = WireRandom(seed: 3)
        let alphabet = Array("abc.:%@#/?=&-_~XYZ019é")
        for _ in 0..<300 {
            let path = String((0..<Int.random(in: 0...30, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let url = "https://c.example/" + path
            let key = PlannerWire.referenceKey(forURL: url)
            #expect(PlannerWire.url(fromReferenceKey: key) == url)
            #expect(WireCheck.isEncodedReferenceKey(key))
        }
    }

    @Test func referenceKindsFollowMediaTypeThenExtension() {
        #expect(PlannerReferenceKind(fileName: "deck.bin", mediaType: "application/vnd.openxmlformats-officedocument.presentationml.presentation") == .powerPoint)
        #expect(PlannerReferenceKind(fileName: "x", mediaType: "application/msword") == .word)
        #expect(PlannerReferenceKind(fileName: "x", mediaType: "text/csv") == .excel)
        #expect(PlannerReferenceKind(fileName: "Claim.DOCX", mediaType: nil) == .word)
        #expect(PlannerReferenceKind(fileName: "asn.xlsx", mediaType: "application/octet-stream") == .excel)
        #expect(PlannerReferenceKind(fileName: "report.pdf", mediaType: "application/pdf") == .other)
        #expect(PlannerReferenceKind(fileName: "pptx", mediaType: nil) == .other)
    }

    @Test func categoriesAreTheTwentyFiveSlots() {
        #expect(PlannerCategory(rawValue: "category1")?.number == 1)
        #expect(PlannerCategory(rawValue: "category25")?.number == 25)
        for bad in ["category0", "category26", "category01", "Category1", "category", "category1a", "category+1"] {
            #expect(PlannerCategory(rawValue: bad) == nil, "\(bad)")
        }
        #expect(PlannerCategory(number: 26) == nil)
    }
}
