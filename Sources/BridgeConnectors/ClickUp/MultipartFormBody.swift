import BridgeModels
import BridgeMapping

/// Chooses the boundary of a `multipart/form-data` body.
///
/// The body builder checks that the boundary does not occur in the file's bytes and draws
/// another one when it does, so a file can never end its own part early. Use ``random`` in
/// production, ``seeded(_:)`` for reproducible tests, and ``constant(_:)`` to pin the exact
/// bytes of a body in a golden test.
public struct MultipartBoundaryGenerator: Sendable {
    private let make: @Sendable () -> String

    /// Creates a generator from a function that returns a fresh boundary on each call.
    ///
    /// A boundary must be 1–70 characters from RFC 2046's `bchars` (letters, digits and
    /// `'()+_,-./:=?` and space, not ending in a space); the body builder refuses others.
    public init(_ make: @escaping @Sendable () -> String) {
        self.make = make
    }

    /// The next boundary.
    public func next() -> String { make() }

    /// `TGBridge-` followed by 32 random letters and digits from the system's secure generator.
    public static var random: MultipartBoundaryGenerator {
        MultipartBoundaryGenerator {
            var generator = SystemRandomNumberGenerator()
            return MultipartBoundaryGenerator.boundary(using: &generator)
        }
    }

    /// Boundaries shaped like ``random``'s, drawn from a `SeededRandomNumberGenerator`, so a test
    /// gets the same sequence on every run.
    public static func seeded(_ seed: UInt64) -> MultipartBoundaryGenerator {
        let state = LockedValue(SeededRandomNumberGenerator(seed: seed))
        return MultipartBoundaryGenerator { state.withLock { MultipartBoundaryGenerator.boundary(using: &$0) } }
    }

    /// Always `boundary` (for golden tests). When the file contains it, the upload fails with
    /// ``ConnectorError/Code/invalidRequest``, since no other boundary can be drawn.
    public static func constant(_ boundary: String) -> MultipartBoundaryGenerator {
        MultipartBoundaryGenerator { boundary }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    static func boundary(using generator: inout some RandomNumberGenerator) -> String {
        var bytes = Array("TGBridge-".utf8)
        for _ in 0..<32 { bytes.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `text` is a valid RFC 2046 boundary.
    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...70).contains(bytes.count), bytes.last != 0x20 else { return false }
        return bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || Array("'()+_,-./:=? ".utf8).contains(byte)
        }
    }
}

/// A `multipart/form-data` body with one file part (RFC 7578), assembled from a community
/// document read chunk by chunk.
///
/// - The document's bytes are read once, straight into the body buffer; the upload stops as
///   soon as the declared size or the bytes read exceed the limit.
/// - The SHA-256 is computed while reading and compared with the community's when given.
/// - The boundary is drawn from a ``MultipartBoundaryGenerator`` and redrawn while it occurs in
///   the file's bytes.
/// - The part's `Content-Disposition` parameters are escaped the way browsers do (WHATWG HTML,
///   "multipart/form-data encoding algorithm"): `"` → `%22`, CR → `%0D`, LF → `%0A`, and also
///   `\` → `%5C` and other control characters → `%XX`, so a hostile file name can neither end
///   the quoted value nor start a header line. The part's media type must be `type/subtype`
///   made of token characters, else `application/octet-stream` is sent.
package struct MultipartFormBody: Sendable {
    /// The complete body.
    package var bytes: [UInt8]
    /// The boundary used; the request's `Content-Type` is
    /// `multipart/form-data; boundary=<boundary>`.
    package var boundary: String
    /// The file's size in bytes.
    package var fileByteCount: Int
    /// The escaped file name as sent in `Content-Disposition`.
    package var sentFileName: String
    /// The media type sent in the part's `Content-Type`.
    package var sentMediaType: String

    /// How many boundaries are drawn before giving up (a random 32-character boundary
    /// colliding even once is practically impossible; a constant one can collide forever).
    static let boundaryAttempts = 8

    /// Reads `content` and assembles the body.
    ///
    /// - Parameters:
    ///   - fieldName: The form field name (ClickUp: `attachment`).
    ///   - fileName: The file name; cleaned to one line and escaped.
    ///   - mediaType: The part's media type, when known.
    ///   - content: The document as the community serves it.
    ///   - maxBytes: The largest file accepted.
    ///   - sha256: The expected SHA-256 (hex), when the community gave one.
    ///   - boundaries: Where boundaries come from.
    /// - Throws: `CommunityAdapterError` with `documentTooLarge` or `integrityMismatch`, what
    ///   reading the chunks throws, or `MultipartFormBody.BoundaryError` when no usable
    ///   boundary could be drawn.
    package static func assemble(
        fieldName: String, fileName: String, mediaType: String?, content: DocumentContent, maxBytes: Int,
        sha256: String?, boundaries: MultipartBoundaryGenerator
    ) async throws -> MultipartFormBody {
        if let size = content.size, size > Int64(maxBytes) {
            throw CommunityAdapterError.tooLarge(content.documentId, limit: maxBytes)
        }
        let escapedName = escapedParameter(cleanedFileName(fileName, fallback: content.documentId.rawValue))
        let sentType = safeMediaType(mediaType)
        var boundary = try drawBoundary(boundaries)
        var head = partHead(
            boundary: boundary, fieldName: escapedParameter(fieldName), fileName: escapedName, mediaType: sentType)
        var body = head
        body.reserveCapacity(head.count + Int(min(content.size ?? 0, Int64(maxBytes))) + boundary.utf8.count + 8)
        var hasher = SHA256Hasher()
        var fileBytes = 0
        for try await chunk in content.chunks {
            guard fileBytes + chunk.count <= maxBytes else {
                throw CommunityAdapterError.tooLarge(content.documentId, limit: maxBytes)
            }
            body.append(contentsOf: chunk)
            fileBytes += chunk.count
            if sha256 != nil { hasher.update(chunk) }
        }
        if let sha256, SHA256Hasher.hex(hasher.finalize()) != sha256.lowercased() {
            throw CommunityAdapterError(
                code: .integrityMismatch, detail: "the bytes do not match the document's SHA-256",
                documentId: content.documentId)
        }
        var attempts = 1
        while occurs(Array(boundary.utf8), in: body, from: head.count) {
            guard attempts < boundaryAttempts else { throw BoundaryError.occursInContent }
            attempts += 1
            boundary = try drawBoundary(boundaries)
            let newHead = partHead(
                boundary: boundary, fieldName: escapedParameter(fieldName), fileName: escapedName, mediaType: sentType)
            body.replaceSubrange(0..<head.count, with: newHead)
            head = newHead
        }
        body.append(contentsOf: Array("\r\n--\(boundary)--\r\n".utf8))
        return MultipartFormBody(
            bytes: body, boundary: boundary, fileByteCount: fileBytes, sentFileName: escapedName, sentMediaType: sentType)
    }

    /// Why no boundary could be used.
    package enum BoundaryError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The generator returned text that is not an RFC 2046 boundary.
        case invalid
        /// Every boundary drawn occurs in the file's bytes.
        case occursInContent

        /// A log-safe explanation.
        package var description: String {
            switch self {
            case .invalid: return "the multipart boundary is not 1-70 RFC 2046 characters"
            case .occursInContent: return "every multipart boundary drawn occurs in the file's bytes"
            }
        }
    }

    private static func drawBoundary(_ boundaries: MultipartBoundaryGenerator) throws(BoundaryError) -> String {
        let boundary = boundaries.next()
        guard MultipartBoundaryGenerator.isValid(boundary) else { throw .invalid }
        return boundary
    }

    private static func partHead(boundary: String, fieldName: String, fileName: String, mediaType: String) -> [UInt8] {
        Array(
            ("--\(boundary)\r\n" + "Content-Disposition: form-data; name=\"\(fieldName)\"; filename=\"\(fileName)\"\r\n"
                + "Content-Type: \(mediaType)\r\n\r\n").utf8)
    }

    /// The file name on one line (`TrackerText.line`), or `fallback` when nothing is left.
    static func cleanedFileName(_ name: String, fallback: String) -> String {
        let line = TrackerText.line(name)
        if !line.isEmpty { return line }
        let cleanedFallback = TrackerText.line(fallback)
        return cleanedFallback.isEmpty ? "attachment" : cleanedFallback
    }

    /// A `Content-Disposition` parameter value, escaped for use inside double quotes: `"`, `\`,
    /// CR, LF, other C0 controls and DEL become `%XX`; everything else (UTF-8 included) is
    /// kept, as browsers send it.
    package static func escapedParameter(_ value: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            if byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(UInt8(ascii: "%"))
                out.append(contentsOf: Array(hexByte(byte).utf8))
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `type/subtype` when `mediaType`'s essence is two RFC 9110 tokens, else
    /// `application/octet-stream` (parameters are dropped).
    package static func safeMediaType(_ mediaType: String?) -> String {
        let fallback = "application/octet-stream"
        guard let mediaType else { return fallback }
        let essence = mediaType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = essence.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ part in !part.isEmpty && part.utf8.allSatisfy(isTokenByte) }) else {
            return fallback
        }
        return essence.lowercased()
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }

    /// Whether `needle` occurs in `haystack` at or after `start`.
    static func occurs(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Bool {
        guard let first = needle.first, haystack.count - start >= needle.count else { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                var index = start
                let last = hay.count - pin.count
                while index <= last {
                    if hay[index] == first {
                        var matched = 1
                        while matched < pin.count && hay[index + matched] == pin[matched] { matched += 1 }
                        if matched == pin.count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }
}
