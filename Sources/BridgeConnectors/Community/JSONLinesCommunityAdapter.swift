#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import BridgeModels
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A ``CommunityAdapter`` over files: posts and acknowledgement requests are appended to JSON
/// Lines files, documents are read from a directory.
///
/// It is what `tgbridge sync` uses, and a starting point for hosts whose middleware picks files
/// up (a mailbox, an SFTP drop, a log shipper).
///
/// - Posts go to ``postsFile``, one `PartnerPost` per line in `StableJSON` (sorted keys).
/// - Acknowledgement requests go to ``acknowledgementRequestsFile``, one
///   ``AcknowledgementRequest`` per line.
/// - Documents are read from ``documentsDirectory``: the file named exactly like the document id
///   holds the bytes; an optional `<id>.meta.json` (`{"name": …, "mediaType": …}`) gives the
///   name and media type. Ids containing `/` or `\`, starting with `.`, ending in `.meta.json` or
///   holding control characters are refused (``CommunityAdapterError/Code/invalidDocumentID``),
///   and symbolic links are not followed, so an id cannot reach outside the directory.
///
/// Publishing is idempotent by id, also across processes: each append takes an exclusive
/// `flock` on the file, reads what other writers appended since, skips ids already there, cuts
/// a line left incomplete by a crash, appends the line and (by default) syncs it, and syncs the
/// directory when the append created the file.
///
/// The file layout is documented in `Documentation/Community.md`.
public actor JSONLinesCommunityAdapter: CommunityAdapter {
    /// The JSON Lines file posts are appended to.
    public nonisolated let postsFile: String
    /// The JSON Lines file acknowledgement requests are appended to.
    public nonisolated let acknowledgementRequestsFile: String
    /// The directory documents are read from.
    public nonisolated let documentsDirectory: String
    /// Whether every append is synced to disk before it counts as published.
    public nonisolated let syncsWrites: Bool
    /// The size of the chunks documents are read in, in bytes.
    public nonisolated let chunkSize: Int

    private var postIndex = LineIndex()
    private var requestIndex = LineIndex()

    /// Uses `directory/posts.jsonl`, `directory/acknowledgement-requests.jsonl` and
    /// `directory/documents/`.
    public init(directory: String, syncsWrites: Bool = true, chunkSize: Int = 64 << 10) {
        self.init(
            postsFile: FileSystem.join(directory, "posts.jsonl"),
            acknowledgementRequestsFile: FileSystem.join(directory, "acknowledgement-requests.jsonl"),
            documentsDirectory: FileSystem.join(directory, "documents"), syncsWrites: syncsWrites, chunkSize: chunkSize)
    }

    /// Uses the given files and directory. The files are created on the first append.
    public init(
        postsFile: String, acknowledgementRequestsFile: String, documentsDirectory: String, syncsWrites: Bool = true,
        chunkSize: Int = 64 << 10
    ) {
        self.postsFile = postsFile
        self.acknowledgementRequestsFile = acknowledgementRequestsFile
        self.documentsDirectory = documentsDirectory
        self.syncsWrites = syncsWrites
        self.chunkSize = max(1, chunkSize)
    }

    /// Appends the post to ``postsFile`` unless a post with its id is there already.
    ///
    /// - Throws: ``CommunityAdapterError`` with ``CommunityAdapterError/Code/io``.
    public func publish(_ post: PartnerPost) throws -> PublishOutcome {
        let line = try encode(post)
        return try append(id: post.id, line: line, to: postsFile, index: &postIndex)
    }

    /// Appends the request to ``acknowledgementRequestsFile`` unless a request with its id is
    /// there already.
    ///
    /// - Throws: ``CommunityAdapterError`` with ``CommunityAdapterError/Code/io``.
    public func requestAcknowledgement(_ request: AcknowledgementRequest) throws -> PublishOutcome {
        let line = try encode(request)
        return try append(id: request.id, line: line, to: acknowledgementRequestsFile, index: &requestIndex)
    }

    /// Opens `documentsDirectory/<id>` for reading in chunks of ``chunkSize`` bytes.
    ///
    /// - Throws: ``CommunityAdapterError`` with ``CommunityAdapterError/Code/invalidDocumentID``
    ///   (an id that could leave the directory), ``CommunityAdapterError/Code/documentNotFound``
    ///   (no such regular file; symbolic links are not followed) or
    ///   ``CommunityAdapterError/Code/io``.
    public func fetchDocument(_ id: DocumentID) throws -> DocumentContent {
        try Self.validateDocumentID(id)
        let path = FileSystem.join(documentsDirectory, id.rawValue)
        let file: OpenFile
        do {
            // O_NONBLOCK: opening a named pipe for reading would otherwise wait for a writer,
            // stalling this actor; it is refused below as not a regular file. Reads of regular
            // files ignore the flag.
            file = try OpenFile.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        } catch {
            if error.code == ENOENT || error.code == ELOOP || error.code == ENOTDIR {
                throw CommunityAdapterError(
                    code: .documentNotFound,
                    detail: error.code == ELOOP ? "the document is a symbolic link, which is not followed" : "no such document",
                    documentId: id)
            }
            throw Self.ioError(error, document: id)
        }
        let size: Int64
        do {
            // Checked on the open descriptor, so the file cannot be swapped in between.
            guard try file.isRegularFile() else {
                throw CommunityAdapterError(code: .documentNotFound, detail: "the document is not a regular file", documentId: id)
            }
            size = try file.size()
        } catch let error as SystemCallError {
            throw Self.ioError(error, document: id)
        }
        let metadata = try readMetadata(of: id)
        let reader = FileChunkReader(file: file, chunkSize: chunkSize, documentId: id)
        return DocumentContent(
            documentId: id, name: metadata?.name, mediaType: metadata?.mediaType, size: size,
            chunks: DocumentChunks { try await reader.next() })
    }

    /// Every post in ``postsFile``, in order.
    ///
    /// - Throws: ``CommunityAdapterError`` with ``CommunityAdapterError/Code/unreadableRecord``
    ///   naming the line that does not decode, or ``CommunityAdapterError/Code/io``.
    public func publishedPosts() throws -> [PartnerPost] {
        try readAll(PartnerPost.self, from: postsFile)
    }

    /// Every request in ``acknowledgementRequestsFile``, in order.
    ///
    /// - Throws: As ``publishedPosts()``.
    public func acknowledgementRequests() throws -> [AcknowledgementRequest] {
        try readAll(AcknowledgementRequest.self, from: acknowledgementRequestsFile)
    }

    // MARK: Internals

    /// Refuses ids that could name something outside the documents directory or a metadata file.
    static func validateDocumentID(_ id: DocumentID) throws(CommunityAdapterError) {
        let text = id.rawValue
        func refuse(_ why: String) -> CommunityAdapterError {
            CommunityAdapterError(code: .invalidDocumentID, detail: why, documentId: id)
        }
        do {
            _ = try TextRules.check(text, .identifier, limit: 255, path: [.key("documentId")])
        } catch {
            throw refuse(error.reasonDescription)
        }
        if text.utf8.count > 255 { throw refuse("longer than 255 bytes") }
        if text.contains("/") || text.contains("\\") { throw refuse("contains a path separator") }
        if text.hasPrefix(".") { throw refuse("starts with '.'") }
        if text.hasSuffix(".meta.json") { throw refuse("ends in '.meta.json', the metadata file suffix") }
    }

    private struct DocumentMetadata: Decodable {
        var name: String?
        var mediaType: String?

        enum CodingKeys: String, CodingKey { case name, mediaType }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.optionalText(.name, .line, limit: 255)
            mediaType = try c.optionalText(.mediaType, .identifier, limit: 255)
        }
    }

    private func readMetadata(of id: DocumentID) throws(CommunityAdapterError) -> DocumentMetadata? {
        let path = FileSystem.join(documentsDirectory, id.rawValue + ".meta.json")
        let bytes: [UInt8]
        let isRegularFile: Bool
        do {
            // O_NONBLOCK and the regular-file check: a named pipe is refused, never waited on.
            let file = try OpenFile.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
            isRegularFile = try file.isRegularFile()
            bytes = isRegularFile ? try file.readBytes(at: 0, count: 64 << 10) : []
        } catch {
            if error.code == ENOENT { return nil }
            throw Self.ioError(error, document: id)
        }
        guard isRegularFile else {
            throw CommunityAdapterError(
                code: .unreadableRecord, detail: "the metadata file is not a regular file", documentId: id)
        }
        do throws(InputError) {
            return try StrictJSONDecoder().decode(DocumentMetadata.self, from: bytes)
        } catch {
            throw CommunityAdapterError(
                code: .unreadableRecord, detail: "the metadata file does not decode: \(error)", documentId: id)
        }
    }

    private func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        do {
            return Array(try StableJSON.encode(value))
        } catch {
            throw CommunityAdapterError(code: .unreadableRecord, detail: "the record does not encode as JSON")
        }
    }

    /// The ids found in a file and how far it was read.
    struct LineIndex {
        var ids: Set<String> = []
        var scannedBytes: Int64 = 0
        var file: FileIdentity?
    }

    private func append(id: String, line: [UInt8], to path: String, index: inout LineIndex) throws -> PublishOutcome {
        do throws(SystemCallError) {
            let file = try openForAppending(path)
            try file.lockExclusive()
            defer { file.unlock() }
            let size = try file.size()
            // Replaced (rotated) or cut by someone else: read the file from the start, but keep
            // remembering the ids seen before.
            let identity = try file.identity()
            if identity != index.file || size < index.scannedBytes {
                index.scannedBytes = 0
                index.file = identity
            }
            if size > index.scannedBytes {
                let complete = try catchUp(file, from: index.scannedBytes, size: size, into: &index.ids)
                index.scannedBytes = complete
                if complete < size {
                    // A line without its newline: a writer crashed in the middle of it.
                    try file.truncate(to: complete)
                    try file.sync()
                }
            }
            if index.ids.contains(id) { return .alreadyPublished }
            try file.writeAll(line + [0x0A])
            if syncsWrites { try file.sync() }
            index.scannedBytes += Int64(line.count + 1)
            index.ids.insert(id)
            return .published
        } catch {
            throw Self.ioError(error, document: nil)
        }
    }

    /// Opens `path` for appending, creating it when it is missing; a file this call creates has
    /// its directory synced (with ``syncsWrites``), so its entry survives a power loss like the
    /// lines synced into it.
    private func openForAppending(_ path: String) throws(SystemCallError) -> OpenFile {
        while true {
            do {
                return try OpenFile.open(path, O_RDWR | O_APPEND)
            } catch where error.code == ENOENT {
                do {
                    let file = try OpenFile.open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL)
                    if syncsWrites { try FileSystem.syncDirectory(FileSystem.parentDirectory(of: path)) }
                    return file
                } catch where error.code == EEXIST {
                    continue  // another writer created it first: open theirs
                }
            }
        }
    }

    /// Reads the complete lines of `file` from `offset`, adding their `id`s; returns the offset
    /// after the last complete line.
    private func catchUp(_ file: OpenFile, from offset: Int64, size: Int64, into ids: inout Set<String>) throws(SystemCallError)
        -> Int64
    {
        var complete = offset
        try forEachLine(file, from: offset, size: size) { line, end in
            if let id = Self.id(of: line) { ids.insert(id) }
            complete = end
        }
        return complete
    }

    /// Calls `body` with each complete line (without the newline) and the offset after it.
    /// Lines longer than 16 MiB are skipped.
    private func forEachLine(
        _ file: OpenFile, from start: Int64, size: Int64, _ body: ([UInt8], Int64) -> Void
    ) throws(SystemCallError) {
        var offset = start
        var partial: [UInt8] = []
        var oversized = false
        while offset < size {
            let chunk = try file.readBytes(at: offset, count: Int(min(Int64(1 << 20), size - offset)))
            if chunk.isEmpty { break }
            var lineStart = 0
            for index in chunk.indices where chunk[index] == 0x0A {
                if !oversized {
                    partial.append(contentsOf: chunk[lineStart..<index])
                    body(partial, offset + Int64(index) + 1)
                } else {
                    body([], offset + Int64(index) + 1)
                }
                partial.removeAll(keepingCapacity: true)
                oversized = false
                lineStart = index + 1
            }
            if !oversized {
                partial.append(contentsOf: chunk[lineStart...])
                if partial.count > InputLimits.default.maxDocumentBytes {
                    oversized = true
                    partial = []
                }
            }
            offset += Int64(chunk.count)
        }
    }

    /// The `id` member of a JSON object line, if it has one.
    static func id(of line: [UInt8]) -> String? {
        guard !line.isEmpty, case .object(let object)? = try? StrictJSONParser().parse(line),
            case .string(let id)? = object["id"]
        else { return nil }
        return id
    }

    private func readAll<T: Decodable>(_ type: T.Type, from path: String) throws -> [T] {
        let file: OpenFile
        do {
            file = try OpenFile.open(path, O_RDONLY)
        } catch {
            if error.code == ENOENT { return [] }
            throw Self.ioError(error, document: nil)
        }
        var values: [T] = []
        var failure: CommunityAdapterError?
        var lineNumber = 0
        do throws(SystemCallError) {
            try forEachLine(file, from: 0, size: try file.size()) { line, _ in
                lineNumber += 1
                guard failure == nil else { return }
                do throws(InputError) {
                    values.append(try StrictJSONDecoder().decode(type, from: line))
                } catch {
                    failure = CommunityAdapterError(code: .unreadableRecord, detail: "line \(lineNumber) of \(path): \(error)")
                }
            }
        } catch {
            throw Self.ioError(error, document: nil)
        }
        if let failure { throw failure }
        return values
    }

    static func ioError(_ error: SystemCallError, document: DocumentID?) -> CommunityAdapterError {
        CommunityAdapterError(
            code: .io, detail: "\(error.operation) of \(error.path) failed: \(error.message)", documentId: document,
            systemErrorNumber: error.code)
    }
}

/// Reads an open document file chunk by chunk; the file closes when the reader goes away.
actor FileChunkReader {
    private var file: OpenFile?
    private var offset: Int64 = 0
    private let chunkSize: Int
    private let documentId: DocumentID

    init(file: OpenFile, chunkSize: Int, documentId: DocumentID) {
        self.file = file
        self.chunkSize = chunkSize
        self.documentId = documentId
    }

    func next() throws -> [UInt8]? {
        guard let file else { return nil }
        do {
            let chunk = try file.readBytes(at: offset, count: chunkSize)
            if chunk.isEmpty {
                self.file = nil
                return nil
            }
            offset += Int64(chunk.count)
            return chunk
        } catch {
            self.file = nil
            throw JSONLinesCommunityAdapter.ioError(error, document: documentId)
        }
    }
}
