import BridgeConnectors
import BridgeModels
import BridgeTesting
import Testing

@Suite struct InMemoryCommunityAdapterTests {
    @Test func recordsEachPostOnceAndCountsAttempts() async throws {
        let community = InMemoryCommunityAdapter()
        let post = Fixtures.statusPost()
        #expect(try await community.publish(post) == .published)
        #expect(try await community.publish(post) == .alreadyPublished)
        #expect(await community.posts == [post])
        #expect(await community.publishAttempts == 2)
    }

    @Test func aRefusedPublishRecordsNothingAndTheRetrySucceeds() async throws {
        let community = InMemoryCommunityAdapter()
        await community.failNext(.publish)
        let post = Fixtures.statusPost()
        await #expect {
            _ = try await community.publish(post)
        } throws: { ($0 as? CommunityAdapterError)?.code == .unavailable }
        #expect(await community.posts.isEmpty)
        #expect(try await community.publish(post) == .published)
        #expect(await community.posts == [post])
    }

    @Test func anAmbiguousFailureRecordsThePostAndTheRetryIsANoOp() async throws {
        struct ConnectionDropped: Error {}
        let community = InMemoryCommunityAdapter()
        await community.failNext(.publish, with: .init(error: ConnectionDropped(), applied: true))
        let post = Fixtures.statusPost()
        await #expect(throws: ConnectionDropped.self) { _ = try await community.publish(post) }
        #expect(await community.posts == [post])
        #expect(try await community.publish(post) == .alreadyPublished)
        #expect(await community.posts.count == 1)
    }

    @Test func permanentFailuresLastUntilStopped() async throws {
        let community = InMemoryCommunityAdapter()
        await community.failAlways(.requestAcknowledgement)
        let request = AcknowledgementRequest(notice: Fixtures.changeNotice(), partner: "ACME")
        for _ in 0..<3 {
            await #expect(throws: CommunityAdapterError.self) { _ = try await community.requestAcknowledgement(request) }
        }
        await community.stopFailing(.requestAcknowledgement)
        #expect(try await community.requestAcknowledgement(request) == .published)
        #expect(try await community.requestAcknowledgement(request) == .alreadyPublished)
        #expect(await community.acknowledgementRequests == [request])
    }

    @Test func servesScriptedDocumentsInChunks() async throws {
        let community = InMemoryCommunityAdapter()
        let bytes = Array("certificate of origin".utf8)
        await community.addDocument("D-9", bytes: bytes, name: "origin.pdf", mediaType: "application/pdf", chunkSize: 8)
        let content = try await community.fetchDocument("D-9")
        #expect(content.size == Int64(bytes.count) && content.mediaType == "application/pdf" && content.name == "origin.pdf")
        var chunks: [[UInt8]] = []
        for try await chunk in content.chunks { chunks.append(chunk) }
        #expect(chunks.map(\.count) == [8, 8, 5])
        #expect(chunks.flatMap { $0 } == bytes)
        await #expect {
            _ = try await community.fetchDocument("D-unknown")
        } throws: { ($0 as? CommunityAdapterError)?.code == .documentNotFound }
        #expect(await community.fetchedDocuments == ["D-9", "D-unknown"])
    }

    @Test func aDocumentCanFailPartWayThrough() async throws {
        let community = InMemoryCommunityAdapter()
        await community.addDocument("D-9", bytes: Array(repeating: 7, count: 100), chunkSize: 10, failsAfterChunks: 3)
        let content = try await community.fetchDocument("D-9")
        var received = 0
        do {
            for try await chunk in content.chunks { received += chunk.count }
            Issue.record("the read did not fail")
        } catch let error as CommunityAdapterError {
            #expect(error.code == .io)
        }
        #expect(received == 30)
    }

    @Test func resetForgetsRecordsButKeepsDocuments() async throws {
        let community = InMemoryCommunityAdapter()
        await community.addDocument("D-1", bytes: [1])
        _ = try await community.publish(Fixtures.statusPost())
        await community.reset()
        #expect(await community.posts.isEmpty)
        #expect(await community.publishAttempts == 0)
        #expect(try await community.fetchDocument("D-1").collect(maxBytes: 1) == [1])
    }
}
