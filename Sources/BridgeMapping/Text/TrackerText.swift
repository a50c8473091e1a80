import BridgeModels

/// Cleaning of untrusted text before it goes into a tracker field.
///
/// Partner-supplied text may hold anything: control characters, bidirectional overrides that
/// make a title read differently from what it contains ("Trojan Source"), line separators, CR
/// LF pairs. The trackers render some of these, choke on others, and show reordered text for
/// the bidirectional ones. Cleaning keeps the text readable and makes it inert:
///
/// - C0 and C1 control characters and DEL are removed, except line breaks and tabs where the
///   field allows several lines (line breaks normalise to `\n`, tabs become spaces);
/// - bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are
///   replaced by U+FFFD, so their presence stays visible without reordering anything;
/// - U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR become line breaks;
/// - everything else, including zero-width joiners inside emoji and combining marks, is kept.
public enum TrackerText: Sendable {
    /// One line of text: line breaks and tabs become spaces, runs of whitespace collapse to one
    /// space, and leading and trailing whitespace is removed.
    public static func line(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isBidiControl(scalar) {
                if pendingSpace && !scalars.isEmpty { scalars.append(" ") }
                pendingSpace = false
                scalars.append(replacement)
                continue
            }
            if scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar.value == 0x2028 || scalar.value == 0x2029
                || scalar.properties.isWhitespace
            {
                pendingSpace = true
                continue
            }
            if isControl(scalar) { continue }
            if pendingSpace && !scalars.isEmpty { scalars.append(" ") }
            pendingSpace = false
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Several lines of text: line breaks normalise to `\n`, tabs become spaces, other controls
    /// are removed, trailing whitespace is removed from each line, more than one empty line in a
    /// row collapses to one, and leading and trailing empty lines are removed.
    public static func multiline(_ text: String) -> String {
        lines(text).joined(separator: "\n")
    }

    /// The lines of ``multiline(_:)``; an empty string stands for an empty line.
    ///
    /// Works on UTF-8 bytes: every character it changes (C0/C1 controls, DEL, CR, LF, tab,
    /// U+2028, U+2029 and the bidirectional controls) is recognisable from its bytes, and
    /// everything else is copied unchanged.
    static func lines(_ text: String) -> [String] {
        var text = text
        var splitter = LineSplitter()
        text.withUTF8 { splitter.split($0) }
        while splitter.lines.last?.isEmpty == true { splitter.lines.removeLast() }
        return splitter.lines
    }

    /// The byte loop of ``lines(_:)``, kept in a struct so its state is not captured by a
    /// closure (captured variables pay a dynamic exclusivity check on every access).
    private struct LineSplitter {
        var lines: [String] = []
        var current: [UInt8] = []

        mutating func endLine() {
            var line = String(decoding: current, as: UTF8.self)
            while let last = line.unicodeScalars.last, last.properties.isWhitespace {
                line.unicodeScalars.removeLast()
            }
            if !(line.isEmpty && (lines.last?.isEmpty ?? true)) { lines.append(line) }
            current.removeAll(keepingCapacity: true)
        }

        mutating func split(_ bytes: UnsafeBufferPointer<UInt8>) {
            let count = bytes.count
            var index = 0
            var afterCR = false
            while index < count {
                let byte = bytes[index]
                if byte < 0x80 {
                    switch byte {
                    case 0x0A:
                        if !afterCR { endLine() }  // CR LF is one break
                    case 0x0D:
                        endLine()
                    case 0x09:
                        current.append(0x20)
                    case 0x00..<0x20, 0x7F:
                        break
                    default:
                        current.append(byte)
                    }
                    afterCR = byte == 0x0D
                    index += 1
                    continue
                }
                afterCR = false
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                let second = index + 1 < count ? bytes[index + 1] : 0
                let third = index + 2 < count ? bytes[index + 2] : 0
                if byte == 0xC2 && second >= 0x80 && second <= 0x9F {
                    // C1 control: removed.
                } else if byte == 0xE2 && second == 0x80 && (third == 0xA8 || third == 0xA9) {
                    endLine()  // U+2028, U+2029
                } else if byte == 0xE2
                    && ((second == 0x80 && third >= 0xAA && third <= 0xAE) || (second == 0x81 && third >= 0xA6 && third <= 0xA9))
                {
                    current.append(contentsOf: [0xEF, 0xBF, 0xBD])  // bidirectional control → U+FFFD
                } else {
                    current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<min(index + length, count)]))
                }
                index += length
            }
            endLine()
        }
    }

    /// U+FFFD REPLACEMENT CHARACTER, which stands in for removed bidirectional controls.
    static let replacement: Unicode.Scalar = "\u{FFFD}"

    static func isControl(_ scalar: Unicode.Scalar) -> Bool { TextRules.isControl(scalar) }

    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool { TextRules.isBidiControl(scalar) }
}
