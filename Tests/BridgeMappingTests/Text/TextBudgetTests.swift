import BridgeMapping
import BridgeModels
import Testing

@Suite struct TextBudgetTests {
    @Test func textThatFitsIsUnchanged() {
        #expect(TextBudget(5, .characters).truncated("Hello") == "Hello")
        #expect(TextBudget(5, .characters).truncating("Hello").wasTruncated == false)
        #expect(TextBudget(0, .characters).truncated("") == "")
    }

    @Test func cutsEndWithAnEllipsisAndDropTrailingSpace() {
        let result = TextBudget(10, .characters).truncating("Carton short by eight")
        #expect(result.text == "Carton sh…")
        #expect(result.wasTruncated)
        #expect(TextBudget(8, .characters).truncated("Carton short") == "Carton…")
    }

    @Test func aZWJFamilyIsNeverSplit() {
        // 👨‍👩‍👧 is one character of 8 UTF-16 code units; it cannot fit beside "Carton " and "…".
        #expect(TextBudget(10, .utf16CodeUnits).truncated("Carton 👨‍👩‍👧 short") == "Carton…")
        #expect(TextBudget(16, .utf16CodeUnits).truncated("Carton 👨‍👩‍👧 short") == "Carton 👨‍👩‍👧…")
        #expect(TextBudget(15, .utf16CodeUnits).truncated("Carton 👨‍👩‍👧 short") == "Carton…")
    }

    @Test func flagsStayPairsOfRegionalIndicators() {
        let result = TextBudget(4, .characters).truncated("ab🇺🇸🇩🇪🇫🇷")
        #expect(result == "ab🇺🇸…")
        let indicators = result.unicodeScalars.filter { (0x1F1E6...0x1F1FF).contains($0.value) }
        #expect(indicators.count % 2 == 0)
        // In UTF-8 a flag is 8 bytes: with 10 bytes, "ab" + "…" fit, the flag does not.
        #expect(TextBudget(10, .utf8Bytes).truncated("ab🇺🇸🇩🇪") == "ab…")
    }

    @Test func combiningMarksStayWithTheirLetter() {
        let text = "e\u{301}e\u{301}e\u{301}e\u{301}"
        let result = TextBudget(6, .utf8Bytes).truncated(text)
        #expect(result == "e\u{301}…")
        // Stacked marks (zalgo) are one character.
        let zalgo = "Z\u{351}\u{34B}\u{34C}\u{35B}a"
        #expect(TextBudget(2, .characters).truncated(zalgo) == "Z\u{351}\u{34B}\u{34C}\u{35B}a")
        #expect(TextBudget(1, .characters).truncated(zalgo + "bc") == "…")
    }

    @Test func unitsCountDifferently() {
        let text = "日本語"
        #expect(TextBudget(3, .characters).fits(text))
        #expect(TextBudget(3, .utf16CodeUnits).fits(text))
        #expect(!TextBudget(8, .utf8Bytes).fits(text))
        #expect(TextBudget(8, .utf8Bytes).truncated(text) == "日…")
    }

    @Test func aBudgetTooSmallForTheEllipsisGivesNothing() {
        #expect(TextBudget(2, .utf8Bytes).truncated("abcdef") == "")
        #expect(TextBudget(-5, .characters).limit == 0)
    }

    @Test func randomHostileTextAlwaysFitsAndCutsOnCharacterBoundaries() {
        var random = WireRandom(seed: 7)
        for round in 0..<500 {
            let text = WireGenerators.text(&random, words: Int.random(in: 0...40, using: &random))
            let unit = TextBudget.Unit.allCases[round % 3]
            let budget = TextBudget(Int.random(in: 0...120, using: &random), unit)
            let result = budget.truncated(text)
            #expect(budget.fits(result), "\(budget) exceeded by \(result.debugDescription)")
            #expect(isCharacterBoundaryTruncation(result, of: text) || result.isEmpty)
        }
    }
}
