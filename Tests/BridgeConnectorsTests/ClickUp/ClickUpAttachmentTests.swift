import BridgeConnectors
import BridgeMapping
import BridgeModels
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct ClickUpAttachmentTests {
    typealias World = ClickUpWorld

    /// Bytes that cover every byte value, including CR, LF and `-`.
    static let pdf: [UInt8] = Array("%PDF-1.7\r\n".utf8) + (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }

    func community(_ bytes: [UInt8] = pdf, name: String = "POD-4471.pdf", chunkSize: Int = 1_000) async -> InMemoryCommunityAdapter {
        let community = InMemoryCommunityAdapter()
        await community.addDocument("D-501", bytes: bytes, name: name, mediaType: "application/pdf", chunkSize: chunkSize)
        return community
    }

    @Test func uploadsTheDocumentAsOneMultipartPartNamedAttachment() async throws {
        let world = await World.make()
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        let community = await community()
        let digest = SHA256Hasher.hex(SHA256Hasher.hash(Self.pdf))
        let attachment = try await world.client.uploadAttachment(to: ClickUpTaskID(id), document: "D-501", from: community, sha256: digest)

        let stored = try #require(await world.fake.attachments(on: id).first)
        #expect(attachment.id == stored.id)
        #expect(attachment.title == "POD-4471.pdf")
        #expect(attachment.fileExtension == "pdf")
        #expect(stored.bytes == Self.pdf)
        #expect(stored.fileName == "POD-4471.pdf")
        #expect(stored.mediaType == "application/pdf")
        #expect(stored.fieldName == "attachment")
        #expect(
            stored.partHeaderLines == [
                #"Content-Disposition: form-data; name="attachment"; filename="POD-4471.pdf""#, "Content-Type: application/pdf",
            ])
        let request = try #require(world.recorder.requests.last)
        #expect(request.url.absoluteString == "https://api.clickup.com/api/v2/task/\(id)/attachment")
        let contentType = try #require(request.fields[.contentType])
        #expect(contentType.hasPrefix("multipart/form-data; boundary=TGBridge-"))
        let boundary = String(contentType.dropFirst("multipart/form-data; boundary=".count))
        #expect(boundary.count == 41)
        #expect(request.body.starts(with: Array("--\(boundary)\r\n".utf8)))
        #expect(request.body.suffix(boundary.utf8.count + 8).elementsEqual(Array("\r\n--\(boundary)--\r\n".utf8)))
        #expect(request.isIdempotent == false)
    }

    @Test func aHostileFileNameCannotEndTheQuotedValueOrAddHeaders() async throws {
        let world = await World.make()
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        let hostile = "inv\"oice\\\".pdf\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>\u{202E}fdp.exe"
        let community = await community(name: hostile)
        _ = try await world.client.uploadAttachment(to: ClickUpTaskID(id), document: "D-501", from: community, mediaType: "text/html\r\nX-Evil: 1")

        let stored = try #require(await world.fake.attachments(on: id).first)
        #expect(stored.partHeaderLines.count == 2)
        #expect(stored.partHeaderLines[1] == "Content-Type: application/octet-stream")
        #expect(stored.fileName == "inv%22oice%5C%22.pdf Content-Type: text/html <script>alert(1)</script>\u{FFFD}fdp.exe")
        #expect(stored.mediaType == "application/octet-stream")
        #expect(stored.bytes == Self.pdf)
        // Quotes, backslashes and control characters are escaped even where the name is not
        // cleaned first.
        #expect(MultipartFormBody.escapedParameter("a\"b\\c\r\nd\u{0}e\u{7F}é") == "a%22b%5Cc%0D%0Ad%00e%7Fé")
        #expect(MultipartFormBody.safeMediaType("Application/PDF; name=x") == "application/pdf")
        #expect(MultipartFormBody.safeMediaType("text/html\r\nX: 1") == "application/octet-stream")
        #expect(MultipartFormBody.safeMediaType("pdf") == "application/octet-stream")
    }

    @Test func aDocumentAboveTheLimitIsRefusedBeforeAnythingIsSent() async throws {
        let world = await World.make(configuration: ClickUpClient.Configuration(maxAttachmentBytes: 4_096))
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        let declared = await caught(CommunityAdapterError.self) {
            _ = try await world.client.uploadAttachment(to: ClickUpTaskID(id), document: "D-501", from: await community())
        }
        #expect(declared?.code == .documentTooLarge)
        #expect(declared?.documentId == "D-501")

        // A community that does not announce the size is stopped while reading.
        let unsized = InMemoryCommunityAdapter()
        let chunks = LockedValue([[UInt8]](repeating: [UInt8](repeating: 1, count: 1_000), count: 10))
        let streaming = StreamingCommunity(base: unsized) {
            chunks.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        }
        let read = await caught(CommunityAdapterError.self) {
            _ = try await world.client.uploadAttachment(to: ClickUpTaskID(id), document: "D-9", from: streaming)
        }
        #expect(read?.code == .documentTooLarge)
        #expect(chunks.withLock { $0.count } == 5)
        #expect(world.recorder.requests.isEmpty)
        #expect(await world.fake.attachments(on: id).isEmpty)
        #expect(ClickUpClient.Configuration().maxAttachmentBytes == 100 << 20)
    }

    @Test func bytesThatDoNotMatchTheCommunityDigestAreNotUploaded() async throws {
        let world = await World.make()
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        let error = await caught(CommunityAdapterError.self) {
            _ = try await world.client.uploadAttachment(
                to: ClickUpTaskID(id), document: "D-501", from: await community(), sha256: String(repeating: "ab", count: 32))
        }
        #expect(error?.code == .integrityMismatch)
        #expect(world.recorder.requests.isEmpty)
    }

    @Test func aBoundaryFoundInTheFileIsRedrawn() async throws {
        let first = "CollidingBoundary"
        let drawn = LockedValue([first, "FreshBoundary"])
        let generator = MultipartBoundaryGenerator { drawn.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] } }
        let world = await World.make(configuration: ClickUpClient.Configuration(boundaries: generator))
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        let content = Array("line one\r\n--\(first)\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nsmuggled".utf8)
        _ = try await world.client.uploadAttachment(to: ClickUpTaskID(id), document: "D-501", from: await community(content))
        #expect(world.recorder.requests.last?.fields[.contentType] == "multipart/form-data; boundary=FreshBoundary")
        let stored = try #require(await world.fake.attachments(on: id).first)
        #expect(stored.bytes == content)

        // A constant boundary that occurs in the file cannot be replaced: the upload is refused.
        let pinned = await World.make(configuration: ClickUpClient.Configuration(boundaries: .constant(first)))
        let task = try await pinned.fake.humanCreatesTask(inList: World.listId, name: "Task")
        let error = await caught(ConnectorError.self) {
            _ = try await pinned.client.uploadAttachment(to: ClickUpTaskID(task), document: "D-501", from: await community(content))
        }
        #expect(error?.code == .invalidRequest)
        #expect(pinned.recorder.requests.isEmpty)
        let invalid = await World.make(configuration: ClickUpClient.Configuration(boundaries: .constant("has\"quote")))
        let other = try await invalid.fake.humanCreatesTask(inList: World.listId, name: "Task")
        let refused = await caught(ConnectorError.self) {
            _ = try await invalid.client.uploadAttachment(to: ClickUpTaskID(other), document: "D-501", from: await community())
        }
        #expect(refused?.message?.contains("RFC 2046") == true)
    }

    @Test func seededBoundariesRepeatAndRandomOnesDiffer() {
        let a = MultipartBoundaryGenerator.seeded(42)
        let b = MultipartBoundaryGenerator.seeded(42)
        #expect((0..<3).map { _ in a.next() } == (0..<3).map { _ in b.next() })
        let random = MultipartBoundaryGenerator.random
        #expect(random.next() != random.next())
        #expect(random.next().count == 41)
    }

    @Test func aFullWorkspaceRefusesAttachmentsWithGBUSED005() async throws {
        let world = await World.make(storageLimitBytes: 15_000)
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        _ = try await world.client.uploadAttachment(to: ClickUpTaskID(id), document: "D-501", from: await community())
        let error = await caught(ConnectorError.self) {
            _ = try await world.client.uploadAttachment(to: ClickUpTaskID(id), document: "D-501", from: await community())
        }
        #expect(error?.clickUpCode == .storageLimitExceeded)
        #expect(error?.clickUpCode?.kind == .storageLimitExceeded)
        #expect(await world.fake.attachments(on: id).count == 1)
    }
}

/// A community whose one document streams from a closure and announces no size.
struct StreamingCommunity: CommunityAdapter {
    let base: InMemoryCommunityAdapter
    let next: @Sendable () async throws -> [UInt8]?

    func publish(_ post: PartnerPost) async throws -> PublishOutcome { try await base.publish(post) }
    func requestAcknowledgement(_ request: AcknowledgementRequest) async throws -> PublishOutcome {
        try await base.requestAcknowledgement(request)
    }
    func fetchDocument(_ id: DocumentID) async throws -> DocumentContent {
        DocumentContent(documentId: id, name: "stream.bin", chunks: DocumentChunks(next: next))
    }
}
