public import BridgeConnectors
public import BridgeModels

/// A `CommunityAdapter` in memory for tests: it records what the bridge publishes, serves
/// scripted documents, and can be told to fail.
///
/// Publishing is idempotent by id, like a real adapter must be: ``posts`` holds each post once,
/// while ``publishAttempts`` counts every call. Failures are scripted per operation: a failure
/// either refuses the call (nothing is recorded) or, with `applied: true`, records it and then
/// throws, the ambiguous case of a post the community took but whose answer was lost.
///
/// ```swift
/// let community = InMemoryCommunityAdapter()
/// await community.addDocument("D-501", bytes: pdf, mediaType: "application/pdf")
/// await community.failNext(.publish)           // the next publish throws `unavailable`
/// ```
public actor InMemoryCommunityAdapter: CommunityAdapter {
    /// The adapter's operations, for scripting failures.
    public enum Operation: String, Hashable, Sendable, CaseIterable {
        /// `CommunityAdapter/publish(_:)`.
        case publish
        /// `CommunityAdapter/fetchDocument(_:)`.
        case fetchDocument
        /// `CommunityAdapter/requestAcknowledgement(_:)`.
        case requestAcknowledgement
    }

    /// A scripted failure.
    public struct Failure: Sendable {
        /// What the call throws.
        public var error: any Error
        /// Whether the call takes effect before throwing (an ambiguous failure).
        public var applied: Bool

        /// Creates a failure.
        public init(error: any Error = CommunityAdapterError(code: .unavailable, detail: "scripted failure"), applied: Bool = false) {
            self.error = error
            self.applied = applied
        }
    }

    private struct ScriptedDocument {
        var bytes: [UInt8]
        var name: String?
        var mediaType: String?
        var chunkSize: Int
        var failsAfterChunks: Int?
    }

    /// Every post published, once per id, in publish order.
    public private(set) var posts: [PartnerPost] = []
    /// Every acknowledgement request, once per id, in order.
    public private(set) var acknowledgementRequests: [AcknowledgementRequest] = []
    /// How many times ``publish(_:)`` was called, duplicates and failures included.
    public private(set) var publishAttempts = 0
    /// The documents fetched, in order (including fetches that failed).
    public private(set) var fetchedDocuments: [DocumentID] = []

    private var documents: [DocumentID: ScriptedDocument] = [:]
    private var scriptedFailures: [Operation: [Failure]] = [:]
    private var permanentFailures: [Operation: Failure] = [:]

    /// Creates an adapter with no documents and no scripted failures.
    public init() {}

    /// Serves `bytes` as document `id`, in chunks of `chunkSize` bytes.
    ///
    /// - Parameters:
    ///   - id: The document id.
    ///   - bytes: The document's content.
    ///   - name: The file name to report.
    ///   - mediaType: The media type to report.
    ///   - chunkSize: The size of each chunk served.
    ///   - failsAfterChunks: When set, reading throws an `io` `CommunityAdapterError` after this
    ///     many chunks, as a dropped connection would.
    public func addDocument(
        _ id: DocumentID, bytes: [UInt8], name: String? = nil, mediaType: String? = nil, chunkSize: Int = 4_096,
        failsAfterChunks: Int? = nil
    ) {
        documents[id] = ScriptedDocument(
            bytes: bytes, name: name, mediaType: mediaType, chunkSize: max(1, chunkSize), failsAfterChunks: failsAfterChunks)
    }

    /// Makes the next `count` calls of `operation` fail.
    public func failNext(_ operation: Operation, count: Int = 1, with failure: Failure = Failure()) {
        scriptedFailures[operation, default: []] += Array(repeating: failure, count: max(0, count))
    }

    /// Makes every call of `operation` fail until ``stopFailing(_:)``.
    public func failAlways(_ operation: Operation, with failure: Failure = Failure()) {
        permanentFailures[operation] = failure
    }

    /// Ends scripted and permanent failures of `operation`.
    public func stopFailing(_ operation: Operation) {
        scriptedFailures[operation] = nil
        permanentFailures[operation] = nil
    }

    /// Records the post unless one with its id was recorded.
    ///
    /// - Throws: A scripted failure.
    public func publish(_ post: PartnerPost) throws -> PublishOutcome {
        publishAttempts += 1
        return try recordOnce(post, id: \.id, in: &posts, operation: .publish)
    }

    /// Records the request unless one with its id was recorded.
    ///
    /// - Throws: A scripted failure.
    public func requestAcknowledgement(_ request: AcknowledgementRequest) throws -> PublishOutcome {
        try recordOnce(request, id: \.id, in: &acknowledgementRequests, operation: .requestAcknowledgement)
    }

    /// Appends `item` to `list` unless an item with its id is there, applying the next scripted
    /// failure of `operation`: before recording (refused) or after it (applied, answer lost).
    private func recordOnce<Item>(
        _ item: Item, id: KeyPath<Item, String>, in list: inout [Item], operation: Operation
    ) throws -> PublishOutcome {
        let failure = nextFailure(operation)
        if let failure, !failure.applied { throw failure.error }
        let outcome: PublishOutcome
        if list.contains(where: { $0[keyPath: id] == item[keyPath: id] }) {
            outcome = .alreadyPublished
        } else {
            list.append(item)
            outcome = .published
        }
        if let failure { throw failure.error }
        return outcome
    }

    /// Serves a scripted document.
    ///
    /// - Throws: `CommunityAdapterError/Code/documentNotFound` for an unknown id, or a
    ///   scripted failure.
    public func fetchDocument(_ id: DocumentID) throws -> DocumentContent {
        fetchedDocuments.append(id)
        if let failure = nextFailure(.fetchDocument) { throw failure.error }
        guard let document = documents[id] else {
            throw CommunityAdapterError(code: .documentNotFound, detail: "no such document", documentId: id)
        }
        var chunks: [[UInt8]] = []
        var start = 0
        while start < document.bytes.count {
            let end = min(start + document.chunkSize, document.bytes.count)
            chunks.append(Array(document.bytes[start..<end]))
            start = end
        }
        let sequence: DocumentChunks
        if let limit = document.failsAfterChunks {
            let cursor = ChunkCursor(chunks: chunks, failsAfter: limit, documentId: id)
            sequence = DocumentChunks { try await cursor.next() }
        } else {
            sequence = DocumentChunks(chunks)
        }
        return DocumentContent(
            documentId: id, name: document.name, mediaType: document.mediaType, size: Int64(document.bytes.count),
            chunks: sequence)
    }

    /// Forgets every recorded post, request, attempt and fetch (documents and failures stay).
    public func reset() {
        posts = []
        acknowledgementRequests = []
        publishAttempts = 0
        fetchedDocuments = []
    }

    private func nextFailure(_ operation: Operation) -> Failure? {
        if var queue = scriptedFailures[operation], !queue.isEmpty {
            let failure = queue.removeFirst()
            scriptedFailures[operation] = queue
            return failure
        }
        return permanentFailures[operation]
    }
}

/// Hands out chunks and fails after a number of them.
private actor ChunkCursor {
    private var chunks: [[UInt8]]
    private var served = 0
    private let failsAfter: Int
    private let documentId: DocumentID

    init(chunks: [[UInt8]], failsAfter: Int, documentId: DocumentID) {
        self.chunks = chunks
        self.failsAfter = failsAfter
        self.documentId = documentId
    }

    func next() throws -> [UInt8]? {
        if served >= failsAfter {
            throw CommunityAdapterError(code: .io, detail: "scripted failure while reading", documentId: documentId)
        }
        guard !chunks.isEmpty else { return nil }
        served += 1
        return chunks.removeFirst()
    }
}
