import BridgeMapping
import Foundation

/// What a CommonMark reader sees in escaped inline text: backslash escapes of ASCII punctuation
/// resolved (CommonMark §2.4), everything else literal.
func markdownResolved(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var scalars = Array(text.unicodeScalars)[...]
    while let scalar = scalars.popFirst() {
        if scalar == "\\", let next = scalars.first, next.isASCII, isASCIIPunctuation(next) {
            out.append(next)
            scalars = scalars.dropFirst()
        } else {
            out.append(scalar)
        }
    }
    return String(out)
}

/// ``markdownResolved(_:)`` without the zero-width spaces the escaping inserts: the original
/// (cleaned) text.
func markdownUnescaped(_ text: String) -> String {
    String(String.UnicodeScalarView(markdownResolved(text).unicodeScalars.filter { $0 != "\u{200B}" }))
}

func isASCIIPunctuation(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return (0x21...0x2F).contains(v) || (0x3A...0x40).contains(v) || (0x5B...0x60).contains(v) || (0x7B...0x7E).contains(v)
}

/// The ways escaped inline Markdown text could still act as Markdown, HTML, a link or a mention;
/// empty when it is inert.
func markdownHazards(_ text: String) -> [String] {
    var hazards: [String] = []
    var scalars = Array(text.unicodeScalars)[...]
    while let scalar = scalars.popFirst() {
        if scalar == "\\" {
            guard let next = scalars.first, next.isASCII, isASCIIPunctuation(next) else {
                hazards.append("a backslash that escapes nothing")
                continue
            }
            scalars = scalars.dropFirst()
        } else if scalar.isASCII && isASCIIPunctuation(scalar) {
            hazards.append("unescaped \(scalar)")
        } else if scalar == "\n" || scalar == "\r" || scalar.value == 0x2028 || scalar.value == 0x2029 {
            hazards.append("a line break inside inline text")
        } else if (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) {
            hazards.append("a bidirectional control")
        } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            hazards.append("a control character")
        }
    }
    let seen = markdownResolved(text)
    let lower = seen.lowercased()
    for pattern in ["://", "//", "www."] where lower.contains(pattern) { hazards.append("link pattern \(pattern)") }
    let characters = Array(seen)
    for index in characters.indices {
        if characters[index] == "@" || characters[index] == "\u{FF20}", index + 1 < characters.count, characters[index + 1] != "\u{200B}" {
            hazards.append("@ followed by a name")
        }
        if characters[index] == ".", index > 0, index + 1 < characters.count {
            let before = characters[index - 1], after = characters[index + 1]
            if (before.isLetter || before.isNumber) && (after.isLetter || after.isNumber) && !(before.isWholeNumber && after.isWholeNumber) {
                hazards.append("domain-like dot")
            }
        }
    }
    if let first = text.unicodeScalars.first, first.properties.isWhitespace { hazards.append("leading whitespace") }
    return hazards
}

/// Whether `result` is `original` cut on a character boundary: a prefix of whole characters
/// (trailing whitespace trimmed) followed by the ellipsis, or `original` itself.
func isCharacterBoundaryTruncation(_ result: String, of original: String) -> Bool {
    if result == original { return true }
    guard result.last == TextBudget.ellipsis else { return false }
    let kept = Array(result.dropLast())
    let source = Array(original)
    guard kept.count <= source.count, Array(source.prefix(kept.count)) == kept else { return false }
    return true
}
