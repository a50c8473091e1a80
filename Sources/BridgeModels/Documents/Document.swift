/// What a document is, for routing document reviews and approvals.
public struct DocumentKind: OpenSetValue {
    /// The kind's token.
    public let rawValue: String
    /// Creates a kind from its token.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A compliance certificate (e.g. a safety or origin certificate); usually expires.
    public static let complianceCertificate: DocumentKind = "complianceCertificate"
    /// Shipping or routing instructions.
    public static let shippingInstructions: DocumentKind = "shippingInstructions"
    /// A contract or agreement.
    public static let contract: DocumentKind = "contract"
    /// An invoice.
    public static let invoice: DocumentKind = "invoice"
    /// A packing list.
    public static let packingList: DocumentKind = "packingList"
    /// A proof of delivery.
    public static let proofOfDelivery: DocumentKind = "proofOfDelivery"
    /// Evidence for a claim or dispute.
    public static let claimEvidence: DocumentKind = "claimEvidence"
    /// Anything else.
    public static let other: DocumentKind = "other"
}

/// A document a partner shared in the community: a file the bridge can link or attach.
///
/// The bytes stay in the community; the community adapter fetches them by ``id`` when a tracker
/// needs an attachment. ``url`` must be an absolute `https` (or `http`) URL, so a partner cannot
/// slip a `javascript:` or `file:` link into a task.
public struct Document: Hashable, Sendable, Codable {
    /// The document's id in the community.
    public var id: DocumentID
    /// The file name, e.g. `POD-4471.pdf`.
    public var name: String
    /// What the document is.
    public var kind: DocumentKind
    /// The media type, e.g. `application/pdf`.
    public var mediaType: String?
    /// The size in bytes.
    public var size: Int64?
    /// Where the community serves the document.
    public var url: String?
    /// The SHA-256 of the bytes, 64 lowercase hex digits.
    public var sha256: String?
    /// The last day the document is valid (certificates).
    public var expiresOn: LocalDate?

    /// Creates a document.
    public init(
        id: DocumentID, name: String, kind: DocumentKind = .other, mediaType: String? = nil, size: Int64? = nil,
        url: String? = nil, sha256: String? = nil, expiresOn: LocalDate? = nil
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.mediaType = mediaType
        self.size = size
        self.url = url
        self.sha256 = sha256
        self.expiresOn = expiresOn
    }

    enum CodingKeys: String, CodingKey {
        case id, name, kind, mediaType, size, url, sha256, expiresOn
    }

    /// Decodes and validates a document.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(DocumentID.self, .id)
        name = try c.text(.name, .line, limit: 255)
        kind = try c.required(DocumentKind.self, .kind)
        mediaType = try c.optionalText(.mediaType, .identifier, limit: 255)
        if let mediaType, !Document.isMediaType(mediaType) {
            throw InputError(path: c.path(.mediaType), reason: .invalidFormat(expected: "a media type such as application/pdf"))
        }
        size = try c.optional(Int64.self, .size)
        if let size, size < 0 {
            throw InputError(path: c.path(.size), reason: .outOfRange("size must not be negative"))
        }
        url = try c.optionalText(.url, .identifier, limit: limits.url)
        if let url, !Document.isWebURL(url) {
            throw InputError(path: c.path(.url), reason: .invalidFormat(expected: "an absolute https or http URL"))
        }
        if let digest = try c.optionalText(.sha256, .identifier, limit: 64) {
            guard digest.utf8.count == 64, digest.utf8.allSatisfy(Document.isHexDigit) else {
                throw InputError(path: c.path(.sha256), reason: .invalidFormat(expected: "64 hexadecimal digits"))
            }
            sha256 = digest.lowercased()
        } else {
            sha256 = nil
        }
        expiresOn = try c.optional(LocalDate.self, .expiresOn)
    }

    /// Encodes the document, omitting absent fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(mediaType, forKey: .mediaType)
        try c.encodeIfPresent(size, forKey: .size)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encodeIfPresent(sha256, forKey: .sha256)
        try c.encodeIfPresent(expiresOn, forKey: .expiresOn)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    /// `type/subtype` with RFC 6838 restricted-name characters, optional parameters after `;`.
    static func isMediaType(_ text: String) -> Bool {
        let essence = text.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = essence.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.utf8.count <= 127
                && part.utf8.allSatisfy { byte in
                    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                        || "!#$&-^_.+".utf8.contains(byte)
                }
        }
    }

    /// An absolute `http`/`https` URL with a host, no user info and no whitespace (Unicode
    /// `White_Space`, so no-break and ideographic spaces too), control characters, quotes, angle
    /// brackets or backslashes.
    package static func isWebURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = text.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            rest = text.dropFirst(7)
        } else {
            return false
        }
        guard let hostEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? Optional(rest.endIndex)
        else { return false }
        let authority = rest[rest.startIndex..<hostEnd]
        guard !authority.isEmpty, !authority.contains("@") else { return false }
        return text.unicodeScalars.allSatisfy {
            $0.value > 0x20 && $0.value != 0x7F && !$0.properties.isWhitespace && $0 != "\"" && $0 != "<" && $0 != ">"
                && $0 != "\\"
        }
    }
}

/// A document's id in the community.
public typealias DocumentID = Identifier<Document>
