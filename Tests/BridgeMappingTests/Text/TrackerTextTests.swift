import BridgeMapping
import Testing

@Suite struct TrackerTextTests {
    @Test func oneLineCollapsesBreaksAndWhitespace() {
        #expect(TrackerText.line("  ASN\tshort\r\nby\u{2028}8   units \n") == "ASN short by 8 units")
        #expect(TrackerText.line("\u{0}\u{7}Carton\u{1B}[31m") == "Carton[31m")
        #expect(TrackerText.line("\u{85}next\u{9F}") == "next")
        #expect(TrackerText.line("   ") == "")
    }

    @Test func bidirectionalControlsBecomeVisible() {
        // "Trojan Source": the override would make the file name read "invoice.pdf".
        #expect(TrackerText.line("invoice\u{202E}fdp.exe") == "invoice\u{FFFD}fdp.exe")
        #expect(TrackerText.line("\u{2066}a\u{2069}") == "\u{FFFD}a\u{FFFD}")
    }

    @Test func multilineNormalisesBreaksAndKeepsEmojiAndMarks() {
        #expect(TrackerText.multiline("a\r\nb\rc\u{2029}d") == "a\nb\nc\nd")
        #expect(TrackerText.multiline("\n\n a  \n\n\n\nb\t\n\n") == " a\n\nb")
        #expect(TrackerText.multiline("👨‍👩‍👧 e\u{301} 🇺🇸") == "👨‍👩‍👧 e\u{301} 🇺🇸")
        #expect(TrackerText.multiline("x\u{0}y") == "xy")
    }
}
