#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// The outbound side of the Trading Grid community: what the bridge sends to partners and what
/// it reads from the community.
///
/// OpenText Active Community / Trading Grid publishes no public API for community threads
/// (`Documentation/Community.md`), so the host implements this protocol with whatever its tenant
/// accepts: its middleware's API, a mailbox, a portal automation. Two implementations ship:
/// ``JSONLinesCommunityAdapter`` (files, used by `tgbridge sync`) and
/// `InMemoryCommunityAdapter` in `BridgeTesting`.
///
/// ### Implementation requirements
///
/// - ``publish(_:)`` is idempotent by `PartnerPost/id`: the engine retries after crashes and
///   ambiguous failures, and a post whose id was already published must not appear twice. Return
///   ``PublishOutcome/alreadyPublished`` for it.
/// - ``requestAcknowledgement(_:)`` is idempotent by ``AcknowledgementRequest/id`` in the same
///   way.
/// - ``fetchDocument(_:)`` returns promptly with the document's size and media type when known;
///   the bytes come through ``DocumentContent/chunks`` as they are read, so large documents never
///   sit in memory whole. A document id is untrusted text: never build a path or URL from it
///   without escaping or validating it.
/// - Errors are log-safe: no credentials, no post text.
public protocol CommunityAdapter: Sendable {
    /// Publishes a post to the partner's case thread.
    ///
    /// - Returns: ``PublishOutcome/published``, or ``PublishOutcome/alreadyPublished`` when a
    ///   post with the same id was published before (nothing is sent again).
    func publish(_ post: PartnerPost) async throws -> PublishOutcome

    /// Opens a document the partner shared, for reading in chunks.
    ///
    /// - Throws: ``CommunityAdapterError`` with ``CommunityAdapterError/Code/documentNotFound``
    ///   or ``CommunityAdapterError/Code/invalidDocumentID``, or the adapter's own errors.
    func fetchDocument(_ id: DocumentID) async throws -> DocumentContent

    /// Asks a partner to acknowledge a change notice.
    ///
    /// - Returns: ``PublishOutcome/published``, or ``PublishOutcome/alreadyPublished`` when the
    ///   same request (same id) was made before.
    func requestAcknowledgement(_ request: AcknowledgementRequest) async throws -> PublishOutcome
}

/// What a publish did.
public enum PublishOutcome: String, Hashable, Sendable, CustomStringConvertible {
    /// The post or request was new and is now published.
    case published
    /// One with the same id was published before; nothing was sent.
    case alreadyPublished

    /// The raw value.
    public var description: String { rawValue }
}

/// A request to one partner to acknowledge a `ChangeNotice`.
///
/// Its ``id`` is derived from the notice and the partner, so asking twice is recognised as the
/// same request.
public struct AcknowledgementRequest: Hashable, Sendable, Codable {
    /// `ackreq-` followed by 32 hex digits derived from the notice id and the partner id.
    public var id: String
    /// The notice to acknowledge.
    public var noticeId: NoticeID
    /// The partner asked.
    public var partnerId: PartnerID
    /// The notice's title.
    public var title: String
    /// What changes and what the partner must do.
    public var detail: String
    /// The day the change takes effect.
    public var effectiveOn: LocalDate?
    /// When the acknowledgement is due.
    public var acknowledgeBy: Date?

    /// Creates the request of `notice` to `partner`.
    public init(notice: ChangeNotice, partner: PartnerID) {
        self.id = AcknowledgementRequest.makeID(noticeId: notice.id, partnerId: partner)
        self.noticeId = notice.id
        self.partnerId = partner
        self.title = notice.title
        self.detail = notice.detail
        self.effectiveOn = notice.effectiveOn
        self.acknowledgeBy = notice.acknowledgeBy
    }

    /// The deterministic id: `ackreq-` and the first 32 hex digits of the SHA-256 of the
    /// length-prefixed notice and partner ids.
    public static func makeID(noticeId: NoticeID, partnerId: PartnerID) -> String {
        let canonical = ["v1", noticeId.rawValue, partnerId.rawValue].map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return "ackreq-" + String(SHA256Hasher.hexDigest(canonical).prefix(32))
    }

    enum CodingKeys: String, CodingKey {
        case id, noticeId, partnerId, title, detail, effectiveOn, acknowledgeBy
    }

    /// Decodes and validates a request.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id, .identifier, limit: limits.identifier)
        noticeId = try c.required(NoticeID.self, .noticeId)
        partnerId = try c.required(PartnerID.self, .partnerId)
        title = try c.text(.title, .line, limit: limits.line)
        detail = try c.text(.detail, .multiline, limit: limits.text)
        effectiveOn = try c.optional(LocalDate.self, .effectiveOn)
        acknowledgeBy = try c.optionalTimestamp(.acknowledgeBy)
    }

    /// Encodes the request.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(noticeId, forKey: .noticeId)
        try c.encode(partnerId, forKey: .partnerId)
        try c.encode(title, forKey: .title)
        try c.encode(detail, forKey: .detail)
        try c.encodeIfPresent(effectiveOn, forKey: .effectiveOn)
        try c.encodeTimestampIfPresent(acknowledgeBy, forKey: .acknowledgeBy)
    }
}

/// A document's bytes as the community serves them: what is known up front, and the chunks.
public struct DocumentContent: Sendable {
    /// The document.
    public var documentId: DocumentID
    /// The file name, when known.
    public var name: String?
    /// The media type, when known.
    public var mediaType: String?
    /// The size in bytes, when known before reading.
    public var size: Int64?
    /// The bytes, chunk by chunk. Read it once.
    public var chunks: DocumentChunks

    /// Creates content.
    public init(documentId: DocumentID, name: String? = nil, mediaType: String? = nil, size: Int64? = nil, chunks: DocumentChunks) {
        self.documentId = documentId
        self.name = name
        self.mediaType = mediaType
        self.size = size
        self.chunks = chunks
    }

    /// Reads every chunk into one array, refusing documents larger than `maxBytes` as soon as
    /// that is known, and checking the SHA-256 when `sha256` is given (as `Document/sha256`
    /// carries it).
    ///
    /// - Throws: ``CommunityAdapterError`` with ``CommunityAdapterError/Code/documentTooLarge``
    ///   or ``CommunityAdapterError/Code/integrityMismatch``, or what reading throws.
    public func collect(maxBytes: Int, sha256: String? = nil) async throws -> [UInt8] {
        if let size, size > Int64(maxBytes) { throw CommunityAdapterError.tooLarge(documentId, limit: maxBytes) }
        var bytes: [UInt8] = []
        var hasher = SHA256Hasher()
        for try await chunk in chunks {
            guard bytes.count + chunk.count <= maxBytes else {
                throw CommunityAdapterError.tooLarge(documentId, limit: maxBytes)
            }
            bytes.append(contentsOf: chunk)
            if sha256 != nil { hasher.update(chunk) }
        }
        if let sha256, SHA256Hasher.hex(hasher.finalize()) != sha256.lowercased() {
            throw CommunityAdapterError(
                code: .integrityMismatch, detail: "the bytes do not match the document's SHA-256", documentId: documentId)
        }
        return bytes
    }
}

/// The bytes of a document as an `AsyncSequence` of chunks.
///
/// Build one from a function that returns the next chunk (`nil` at the end), or from chunks in
/// memory.
public struct DocumentChunks: AsyncSequence, Sendable {
    /// One chunk of bytes.
    public typealias Element = [UInt8]

    fileprivate enum Source: Sendable {
        case producer(@Sendable () async throws -> [UInt8]?)
        case memory([[UInt8]])
    }

    private let source: Source

    /// Chunks from a function called for each next chunk until it returns `nil`.
    public init(next: @escaping @Sendable () async throws -> [UInt8]?) {
        source = .producer(next)
    }

    /// Chunks held in memory (empty chunks are skipped).
    public init(_ chunks: [[UInt8]]) {
        source = .memory(chunks.filter { !$0.isEmpty })
    }

    /// Reads the chunks in order.
    public struct AsyncIterator: Sendable, AsyncIteratorProtocol {
        fileprivate var source: Source

        /// The next chunk, or `nil` at the end.
        public mutating func next() async throws -> [UInt8]? {
            switch source {
            case .producer(let produce):
                return try await produce()
            case .memory(var chunks):
                guard !chunks.isEmpty else { return nil }
                let chunk = chunks.removeFirst()
                source = .memory(chunks)
                return chunk
            }
        }
    }

    /// Starts reading.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(source: source)
    }
}

/// A community adapter failure: a missing or invalid document, a document too large or not
/// matching its digest, an I/O error, or the community being unavailable.
///
/// The ``description`` is log-safe.
public struct CommunityAdapterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case documentNotFound, invalidDocumentID, documentTooLarge, integrityMismatch, io, unreadableRecord, unavailable
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No document with the id.
        public static let documentNotFound = Code(.documentNotFound)
        /// The id cannot name a document (a path separator, a leading `.`, control characters).
        public static let invalidDocumentID = Code(.invalidDocumentID)
        /// The document is larger than the caller accepts.
        public static let documentTooLarge = Code(.documentTooLarge)
        /// The bytes do not match the document's SHA-256.
        public static let integrityMismatch = Code(.integrityMismatch)
        /// A file could not be read or written.
        public static let io = Code(.io)
        /// A record (a line of an adapter's file, a metadata file) does not decode.
        public static let unreadableRecord = Code(.unreadableRecord)
        /// The community did not take the request (an outage, a refusal); retry later.
        public static let unavailable = Code(.unavailable)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A log-safe explanation.
    public var detail: String
    /// The document involved, if any.
    public var documentId: DocumentID?
    /// The operating system's `errno`, for ``Code/io``.
    public var systemErrorNumber: Int32?

    /// Creates an error.
    public init(code: Code, detail: String, documentId: DocumentID? = nil, systemErrorNumber: Int32? = nil) {
        self.code = code
        self.detail = detail
        self.documentId = documentId
        self.systemErrorNumber = systemErrorNumber
    }

    /// `community <code>: <detail> (document "<id>")`.
    public var description: String {
        var text = "community \(code): \(detail)"
        if let documentId { text += " (document \"\(TextSanitizer.quotedFragment(documentId.rawValue, limit: 120))\")" }
        return text
    }

    static func tooLarge(_ id: DocumentID, limit: Int) -> CommunityAdapterError {
        CommunityAdapterError(code: .documentTooLarge, detail: "the document is larger than \(limit) bytes", documentId: id)
    }
}
