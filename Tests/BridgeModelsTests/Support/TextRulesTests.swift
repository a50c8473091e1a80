import BridgeModels
import Testing

@Suite struct TextRulesTests {
    @Test(arguments: [
        ("shipmentDiscrepancy", true), ("missingASN", true), ("a.b_c-d9", true), ("9lives", false),
        ("", false), ("with space", false), ("ünicode", false), ("-dash", false),
    ])
    func tokens(_ text: String, _ valid: Bool) {
        #expect(TextRules.isToken(text) == valid)
    }

    @Test func multilineAllowsLineBreaksAndTabsButLineDoesNot() throws {
        let path = JSONPath.root
        #expect(try TextRules.check("a\n\tb\r\nc", .multiline, limit: 100, path: path) == "a\n\tb\r\nc")
        #expect(throws: InputError(path: path, reason: .forbiddenCharacter(scalar: 0x0A))) {
            try TextRules.check("a\nb", .line, limit: 100, path: path)
        }
    }

    @Test func rightToLeftTextWithMarksIsFine() throws {
        let hebrew = "הזמנה \u{200F}4471"
        #expect(try TextRules.check(hebrew, .line, limit: 100, path: .root) == hebrew)
    }

    @Test func lengthCountsUnicodeScalars() throws {
        let flag = "🇺🇸"  // one Character, two scalars
        #expect(throws: InputError(path: .root, reason: .tooLong(limit: 1, length: 2))) {
            try TextRules.check(flag, .line, limit: 1, path: .root)
        }
        #expect(try TextRules.check(flag, .line, limit: 2, path: .root) == flag)
    }

    @Test func sanitizerEscapesAndTruncates() {
        #expect(TextSanitizer.quotedFragment("a\u{1B}[31m\"b\\", limit: 100) == #"a\u{001B}[31m\"b\\"#)
        #expect(TextSanitizer.quotedFragment(String(repeating: "x", count: 50), limit: 5) == "xxxxx…")
    }

    @Test func sanitizerEscapesLineAndParagraphSeparators() {
        // Many log viewers and terminals break lines at U+2028/U+2029, so an unescaped one in
        // a quoted value or a key would forge a log line.
        #expect(TextSanitizer.quotedFragment("a\u{2028}b\u{2029}c", limit: 100) == #"a\u{2028}b\u{2029}c"#)
        let path = JSONPath.root.appending(key: "x\u{2028}FAKE")
        #expect(!path.description.unicodeScalars.contains { $0.value == 0x2028 })
    }

    @Test func pathsRenderLikeJSONPath() {
        let path = JSONPath.root.appending(key: "case").appending(key: "references").appending(index: 2).appending(key: "odd key")
        #expect(path.description == #"$.case.references[2]["odd key"]"#)
        #expect(path.field == "odd key")
        #expect(JSONPath.root.description == "$")
        #expect(JSONPath([.index(0)]).field == "$")
    }
}
