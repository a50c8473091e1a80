import Foundation
import TradingGridBridge

/// Attachment uploads: what `ClickUpClient.uploadAttachment` adds to reading a community
/// document (assembling the `multipart/form-data` body, checking that the boundary does not occur
/// in the file, optionally hashing), against a transport that answers at once.
///
/// Baseline: `DocumentContent.collect(maxBytes:)`, which only reads the chunks into one array.
enum ClickUpClientBenchmarks {
    static let suite = Suite(name: "clickup-client") { try run() }

    /// Serves one document from memory in 64 KiB chunks, as a streaming community would.
    struct MemoryCommunity: CommunityAdapter {
        let bytes: [UInt8]
        let chunkSize = 64 << 10

        func publish(_ post: PartnerPost) async throws -> PublishOutcome { .published }
        func requestAcknowledgement(_ request: AcknowledgementRequest) async throws -> PublishOutcome { .published }
        func fetchDocument(_ id: DocumentID) async throws -> DocumentContent {
            let chunks = stride(from: 0, to: bytes.count, by: chunkSize).map {
                Array(bytes[$0..<min($0 + chunkSize, bytes.count)])
            }
            return DocumentContent(
                documentId: id, name: "scan.pdf", mediaType: "application/pdf", size: Int64(bytes.count),
                chunks: DocumentChunks(chunks))
        }
    }

    /// Answers every upload with an attachment, without looking at the body.
    struct AnsweringTransport: HTTPTransport {
        func send(_ request: ConnectorRequest) async throws -> ConnectorResponse {
            ConnectorResponse(status: .ok, text: #"{"id":"b1c2.pdf","title":"scan.pdf","extension":"pdf"}"#)
        }
    }

    static func run() throws {
        let size = 16 << 20
        var generator = SeededRandomNumberGenerator(seed: 11)
        var bytes = [UInt8](repeating: 0, count: size)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: generator.next()) }
        let community = MemoryCommunity(bytes: bytes)
        // The library's SHA-256 is not public; a digest that cannot match still makes the client
        // hash every byte before it refuses the document, which is the cost measured.
        let digest = String(repeating: "0", count: 64)
        let client = ClickUpClient(
            transport: AnsweringTransport(), configuration: ClickUpClient.Configuration(boundaries: .seeded(1)))

        let results = [
            try Harness.measure("read 16 MiB in 64 KiB chunks (collect, baseline)", rounds: 5) {
                _ = try runBlocking { try await community.fetchDocument("D-1").collect(maxBytes: size) }
            },
            try Harness.measure("uploadAttachment 16 MiB (multipart body, boundary check)", rounds: 5) {
                _ = try runBlocking { try await client.uploadAttachment(to: "86abc", document: "D-1", from: community) }
            },
            try Harness.measure("uploadAttachment 16 MiB with SHA-256 check (refused after hashing)", rounds: 5) {
                _ = try runBlocking {
                    do {
                        _ = try await client.uploadAttachment(to: "86abc", document: "D-1", from: community, sha256: digest)
                    } catch let error as CommunityAdapterError where error.code == .integrityMismatch {}
                    return 0
                }
            },
        ]
        Harness.report(
            "ClickUp attachment uploads", results,
            note: "One 16 MiB document of random bytes served in 64 KiB chunks; the transport answers at once, so the "
                + "times are the client's own work. Throughput: "
                + results.map { "\(Harness.format(Double(size) / $0.nanosecondsPerOperation * 1e9 / 1_048_576)) MiB/s" }
                .joined(separator: ", ") + ".")
    }
}
