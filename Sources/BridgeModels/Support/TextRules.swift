/// What a text field may contain. Each field of the community event format has one of these
/// shapes; ``InputLimits`` gives the lengths.
package enum TextShape: Sendable {
    /// An identifier chosen by another system (event id, case id, document id): no control,
    /// format or bidirectional characters, no leading or trailing whitespace.
    case identifier
    /// A value of an open set that configuration matches on (case kind, tier, document kind,
    /// department, request kind): a letter followed by letters, digits, `.`, `_` or `-`.
    case token
    /// One line of human text (titles, names): no control characters, no bidirectional
    /// embedding, override or isolate controls, no line or paragraph separators.
    case line
    /// Free text (details, messages): like ``line`` but tabs and line breaks are allowed.
    case multiline
}

package enum TextRules {
    /// C0 controls, DEL and C1 controls.
    @inline(__always)
    package static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F)
    }

    /// Bidirectional embedding, override and isolate controls (the "Trojan Source" set):
    /// U+202A–U+202E and U+2066–U+2069. The plain marks U+200E/U+200F (LRM/RLM) are allowed in
    /// human text because right-to-left languages use them legitimately.
    @inline(__always)
    package static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
    }

    /// Invisible characters that make two identifiers look equal: zero-width space/joiners,
    /// word joiner, the invisible operators (U+2061–U+2064, and the unassigned U+2065 between
    /// them and the isolates), byte-order mark, LRM/RLM/ALM. The same set as the JSON Schema's
    /// `identifier` pattern.
    @inline(__always)
    package static func isInvisibleFormat(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v >= 0x200B && v <= 0x200F) || (v >= 0x2060 && v <= 0x2065) || v == 0xFEFF || v == 0x061C
    }

    @inline(__always)
    static func isLineSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// Checks `text` against a shape and a length limit, returning the text unchanged.
    ///
    /// - Throws: ``InputError`` at `path` with ``InputError/Reason/empty``,
    ///   ``InputError/Reason/tooLong(limit:length:)``,
    ///   ``InputError/Reason/forbiddenCharacter(scalar:)`` or
    ///   ``InputError/Reason/invalidFormat(expected:)``.
    package static func check(_ text: String, _ shape: TextShape, limit: Int, path: JSONPath) throws(InputError)
        -> String
    {
        var length = 0
        var firstForbidden: Unicode.Scalar?
        var onlyWhitespace = true
        for scalar in text.unicodeScalars {
            length += 1
            if onlyWhitespace && !scalar.properties.isWhitespace { onlyWhitespace = false }
            if firstForbidden == nil && isForbidden(scalar, in: shape) { firstForbidden = scalar }
        }
        if length == 0 || onlyWhitespace { throw InputError(path: path, reason: .empty) }
        if length > limit { throw InputError(path: path, reason: .tooLong(limit: limit, length: length)) }
        if let scalar = firstForbidden {
            throw InputError(path: path, reason: .forbiddenCharacter(scalar: scalar.value))
        }
        switch shape {
        case .identifier:
            if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
                first.properties.isWhitespace || last.properties.isWhitespace
            {
                throw InputError(path: path, reason: .invalidFormat(expected: "no leading or trailing whitespace"))
            }
        case .token:
            if !isToken(text) {
                throw InputError(
                    path: path,
                    reason: .invalidFormat(expected: "a letter followed by letters, digits, '.', '_' or '-'"))
            }
        case .line, .multiline:
            break
        }
        return text
    }

    @inline(__always)
    static func isForbidden(_ scalar: Unicode.Scalar, in shape: TextShape) -> Bool {
        if isBidiControl(scalar) || isLineSeparator(scalar) { return true }
        switch shape {
        case .multiline:
            if scalar == "\n" || scalar == "\r" || scalar == "\t" { return false }
            return isControl(scalar)
        case .line:
            return isControl(scalar)
        case .identifier, .token:
            return isControl(scalar) || isInvisibleFormat(scalar)
        }
    }

    /// `^[A-Za-z][A-Za-z0-9._-]*$`
    package static func isToken(_ text: String) -> Bool {
        var first = true
        for byte in text.utf8 {
            let letter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            if first {
                guard letter else { return false }
                first = false
                continue
            }
            let ok = letter || (byte >= 0x30 && byte <= 0x39) || byte == 0x2E || byte == 0x5F || byte == 0x2D
            if !ok { return false }
        }
        return !first
    }
}
