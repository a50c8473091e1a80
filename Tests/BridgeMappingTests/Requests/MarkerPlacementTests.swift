import BridgeMapping
import BridgeModels
import Testing

@Suite struct MarkerPlacementTests {
    let marker = IdempotencyMarker(rawValue: "TG-ACME-C-1001")

    @Test func theMarkerEndsTheTitle() throws {
        #expect(try MarkerPlacement.title("ASN short", marker: marker, budget: PlannerLimits.title) == "ASN short [TG-ACME-C-1001]")
        #expect(try MarkerPlacement.title(" \n ", marker: marker, budget: PlannerLimits.title) == "[TG-ACME-C-1001]")
    }

    @Test func longTitlesAreCutButTheMarkerStays() throws {
        for title in [String(repeating: "Carton ", count: 100), String(repeating: "👨‍👩‍👧", count: 100), String(repeating: "e\u{301}", count: 300)] {
            let planner = try MarkerPlacement.title(title, marker: marker, budget: PlannerLimits.title)
            #expect(PlannerLimits.title.fits(planner))
            #expect(planner.hasSuffix("… [TG-ACME-C-1001]"))
            #expect(isCharacterBoundaryTruncation(String(planner.dropLast(" [TG-ACME-C-1001]".count)), of: TrackerText.line(title)))
            let clickUp = try MarkerPlacement.title(title, marker: marker, budget: ClickUpLimits.name)
            #expect(MarkerPlacement.marker(inTitle: clickUp) == marker)
        }
        #expect(try MarkerPlacement.title("abcdef", marker: marker, budget: TextBudget(19, .characters)) == "a… [TG-ACME-C-1001]")
        #expect(try MarkerPlacement.title("abcdef", marker: marker, budget: TextBudget(17, .characters)) == "[TG-ACME-C-1001]")
    }

    @Test func markersThatCouldNotBeFoundAgainAreRefused() {
        let tooSmall = expectInputError { try MarkerPlacement.title("x", marker: marker, budget: TextBudget(10, .characters)) }
        #expect(tooSmall?.path.description == "$.marker")
        #expect(tooSmall?.reason == .tooLong(limit: 10, length: 16))
        for raw in ["", "TG-", "ACME-C-1", "TG-a b", "TG-a]b", "TG-é"] {
            #expect(expectInputError { try MarkerPlacement.title("x", marker: IdempotencyMarker(rawValue: raw), budget: PlannerLimits.title) }?.path.description == "$.marker")
        }
    }

    @Test func extractionTakesOnlyAValidMarkerAtTheEnd() {
        #expect(MarkerPlacement.marker(inTitle: "ASN short [TG-ACME-C-1001]") == marker)
        #expect(MarkerPlacement.marker(inTitle: "ASN short [TG-ACME-C-1001]  ") == marker)
        // A marker a partner typed into the title is not at the end, so the bridge's own wins.
        #expect(MarkerPlacement.marker(inTitle: "Copy of [TG-OTHER-C-9] [TG-ACME-C-1001]") == marker)
        #expect(MarkerPlacement.marker(inTitle: "[TG-OTHER-C-9] edited by hand") == nil)
        #expect(MarkerPlacement.marker(inTitle: "Budget [Q4]") == nil)
        #expect(MarkerPlacement.marker(inTitle: "x [TG-a b]") == nil)
        #expect(MarkerPlacement.marker(inTitle: "") == nil)
        #expect(MarkerPlacement.marker(in: PlannerTask(id: "t", planId: "p", title: "x [TG-ACME-C-1001-logistics]"))?.rawValue == "TG-ACME-C-1001-logistics")
    }

    @Test func everyGeneratedTitleGivesItsMarkerBack() throws {
        var random = WireRandom(seed: 99)
        for _ in 0..<300 {
            let item = WireGenerators.item(&random, tracker: .planner)
            #expect(MarkerPlacement.marker(inTitle: try PlannerPayloads.title(for: item)) == item.marker)
            #expect(MarkerPlacement.marker(inTitle: try ClickUpPayloads.name(for: item)) == item.marker)
        }
    }
}
