import BridgeConnectors
import BridgeModels
import Testing

@Suite struct StoreKeyTests {
    @Test(arguments: [
        "../etc/passwd", "a/../b", "./a", "a/.", "/absolute", "trailing/", "a//b", "back\\slash", "", " padded",
    ])
    func refusesUnsafeKeys(_ text: String) {
        #expect(throws: InputError.self) { try StoreKey(text) }
    }

    @Test func refusesControlInvisibleAndOversizeKeys() {
        for text in [
            "nul\u{0}byte", "line\nbreak", "bidi\u{202E}override", "zero\u{200B}width", String(repeating: "x", count: 1_025),
            String(repeating: "\u{E9}", count: 513),
        ] {
            #expect(throws: InputError.self) { try StoreKey(text) }
        }
    }

    @Test func acceptsOrdinaryKeys() throws {
        for text in ["ACME/C-1001", "a", "clickup/86b1x2", "東京/案件", "a..b/...", String(repeating: "x", count: 1_024)] {
            #expect(try StoreKey(text).rawValue == text)
        }
    }

    @Test func errorsNameTheKeyAndTheRule() {
        do {
            _ = try StoreKey("../secrets")
            Issue.record("accepted a '..' segment")
        } catch {
            #expect(error.path.description == "$.key")
            #expect(error.reason == .invalidFormat(expected: "no '.' or '..' segments"))
        }
    }

    @Test func segmentsAreEscapedSoHostileIdsStayInTheirPartition() throws {
        let key = try StoreKey(segments: ["A/B", "..", "50%", "x y", "."])
        #expect(key.rawValue == "A%2FB/%2E%2E/50%25/x%20y/%2E")
        #expect(key.segments == ["A/B", "..", "50%", "x y", "."])
        #expect(!key.hasBytePrefix(StoreKey.prefix(["A"])))
        #expect(try StoreKey(segments: ["ACME", "C-1"]).hasBytePrefix(StoreKey.prefix(["ACME"])))
        #expect(!(try StoreKey(segments: ["ACME-2", "C-1"]).hasBytePrefix(StoreKey.prefix(["ACME"]))))
    }

    @Test func escapedSegmentsRoundTripUnicodeAndControls() throws {
        let segments = ["Grüße", "tab\there", "\u{202E}rtl", "ok"]
        let key = try StoreKey(segments: segments)
        #expect(key.segments == segments)
        #expect(!key.rawValue.contains("\t"))
    }

    @Test func emptySegmentsAndEmptyListsAreRefused() {
        #expect(throws: InputError.self) { try StoreKey(segments: []) }
        #expect(throws: InputError.self) { try StoreKey(segments: ["ACME", ""]) }
    }

    @Test func equalityAndOrderUseBytes() throws {
        let composed = try StoreKey("caf\u{E9}")
        let decomposed = try StoreKey("cafe\u{301}")
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed]).count == 2)
        #expect(decomposed < composed)  // "e" (0x65) sorts before 0xC3
        #expect(try StoreKey("Z") < StoreKey("a"))
    }

    @Test func collectionNamesAreValidated() {
        for bad in ["", "Upper", "1st", "has space", "dot.name", "../x", "slash/", String(repeating: "a", count: 65)] {
            #expect(throws: InputError.self, "\(bad)") { try StoreCollection(bad) }
        }
        #expect((try? StoreCollection("my-collection_2"))?.name == "my-collection_2")
    }
}
