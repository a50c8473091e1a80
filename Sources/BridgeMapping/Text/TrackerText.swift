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
public enum TrackerText {
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
    static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        func endLine() {
            var line = String(current)
            while let last = line.unicodeScalars.last, last.properties.isWhitespace {
                line.unicodeScalars.removeLast()
            }
            if !(line.isEmpty && (lines.last?.isEmpty ?? true)) { lines.append(line) }
            current = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            switch scalar.value {
            case 0x0A:
                if previous == "\r" { continue }  // CR LF is one break
                endLine()
            case 0x0D, 0x2028, 0x2029:
                endLine()
            case 0x09:
                current.append(" ")
            default:
                if isBidiControl(scalar) {
                    current.append(replacement)
                } else if !isControl(scalar) {
                    current.append(scalar)
                }
            }
        }
        endLine()
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// U+FFFD REPLACEMENT CHARACTER, which stands in for removed bidirectional controls.
    static let replacement: Unicode.Scalar = "\u{FFFD}"

    static func isControl(_ scalar: Unicode.Scalar) -> Bool { TextRules.isControl(scalar) }

    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool { TextRules.isBidiControl(scalar) }
}
