import BridgeConnectors
import BridgeModels
import BridgeTesting
import Foundation
import Testing

@Suite struct JSONLinesCommunityAdapterTests {
    @Test func postsRoundTripAsStableJSONLines() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let adapter = JSONLinesCommunityAdapter(directory: directory.path)
        let received = Fixtures.statusPost()
        let inReview = Fixtures.statusPost(
            status: .inReview, text: "Our logistics team is reviewing case C-1001.\nWe will update you by Friday.",
            cause: PostCause(tracker: .clickUp, taskId: "86b1x2", change: "status", reference: "h-1"))
        #expect(try await adapter.publish(received) == .published)
        #expect(try await adapter.publish(inReview) == .published)

        #expect(try await adapter.publishedPosts() == [received, inReview])
        let text = try String(contentsOfFile: directory.file("posts.jsonl"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty, "two lines, each ending in a newline")
        #expect(String(lines[0]) == (try StableJSON.string(received)))
        #expect(lines[0].hasPrefix("{\"caseId\":\"C-1001\",\"cause\":"), "keys are sorted")
    }

    @Test func publishingTheSamePostAgainIsANoOp() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let post = Fixtures.statusPost()
        let adapter = JSONLinesCommunityAdapter(directory: directory.path)
        #expect(try await adapter.publish(post) == .published)
        #expect(try await adapter.publish(post) == .alreadyPublished)
        var retried = post
        retried.text = "Edited template text, same cause"
        retried.id = PartnerPost.makeID(partnerId: post.partnerId, caseId: post.caseId, kind: post.kind, status: post.status, cause: post.cause)
        #expect(try await adapter.publish(retried) == .alreadyPublished, "the id, not the text, identifies a post")

        // Another adapter (another process) on the same files sees what was published.
        let other = JSONLinesCommunityAdapter(directory: directory.path)
        #expect(try await other.publish(post) == .alreadyPublished)
        let next = Fixtures.statusPost(status: .resolved, cause: PostCause(change: "status", reference: "h-2"))
        #expect(try await other.publish(next) == .published)
        #expect(try await adapter.publish(next) == .alreadyPublished, "the first adapter catches up with the second")
        #expect(try await adapter.publishedPosts().map(\.id) == [post.id, next.id])
    }

    @Test func concurrentPublishersWriteEachPostOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let adapters = (0..<4).map { _ in JSONLinesCommunityAdapter(directory: directory.path, syncsWrites: false) }
        let posts = (0..<10).map { Fixtures.statusPost(cause: PostCause(change: "status", reference: "r\($0)")) }
        let published = try await withThrowingTaskGroup(of: Int.self) { group in
            for adapter in adapters {
                group.addTask {
                    var count = 0
                    for post in posts where try await adapter.publish(post) == .published { count += 1 }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(published == 10)
        #expect(try await adapters[0].publishedPosts().count == 10)
    }

    @Test func aLineTornByACrashIsCutBeforeTheNextAppend() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = Fixtures.statusPost()
        let adapter = JSONLinesCommunityAdapter(directory: directory.path)
        _ = try await adapter.publish(first)
        let path = directory.file("posts.jsonl")
        let torn = try StableJSON.string(Fixtures.statusPost(status: .closed)).prefix(40)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(torn.utf8))
        try handle.close()

        let second = Fixtures.statusPost(status: .resolved, cause: PostCause(change: "status", reference: "h-9"))
        let restarted = JSONLinesCommunityAdapter(directory: directory.path)
        #expect(try await restarted.publish(second) == .published)
        #expect(try await restarted.publishedPosts() == [first, second])
    }

    @Test func aRotatedFileIsReadAfreshWhileEarlierIdsAreRemembered() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let adapter = JSONLinesCommunityAdapter(directory: directory.path)
        let first = Fixtures.statusPost()
        let second = Fixtures.statusPost(status: .resolved, cause: PostCause(change: "status", reference: "h-2"))
        _ = try await adapter.publish(first)
        _ = try await adapter.publish(second)
        try FileManager.default.moveItem(atPath: directory.file("posts.jsonl"), toPath: directory.file("posts-1.jsonl"))
        // The new file is already longer than the old one: only its identity shows it is new.
        let other = JSONLinesCommunityAdapter(postsFile: directory.file("posts.jsonl"), acknowledgementRequestsFile: directory.file("a.jsonl"), documentsDirectory: directory.path)
        for index in 0..<3 {
            _ = try await other.publish(Fixtures.statusPost(cause: PostCause(change: "status", reference: "o-\(index)")))
        }
        let third = Fixtures.statusPost(status: .closed, cause: PostCause(change: "status", reference: "h-3"))
        #expect(try await adapter.publish(third) == .published)
        #expect(try await adapter.publish(first) == .alreadyPublished)
        let othersFirst = Fixtures.statusPost(cause: PostCause(change: "status", reference: "o-0"))
        #expect(try await adapter.publish(othersFirst) == .alreadyPublished, "the new file was read from its start")
        #expect(try await adapter.publishedPosts().count == 4)
        #expect(try await adapter.publishedPosts().last == third)
    }

    @Test func anUnreadableLineIsReportedWithItsNumber() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try "{\"not\":\"a post\"}\n".write(toFile: directory.file("posts.jsonl"), atomically: true, encoding: .utf8)
        let adapter = JSONLinesCommunityAdapter(directory: directory.path)
        await #expect {
            _ = try await adapter.publishedPosts()
        } throws: { error in
            let error = error as? CommunityAdapterError
            return error?.code == .unreadableRecord && error?.detail.hasPrefix("line 1 of") == true
        }
        // Publishing still works: a line without an id is simply not a published post.
        #expect(try await adapter.publish(Fixtures.statusPost()) == .published)
    }

    @Test func acknowledgementRequestsRoundTripAndAreIdempotent() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let adapter = JSONLinesCommunityAdapter(directory: directory.path)
        let notice = Fixtures.changeNotice()
        let acme = AcknowledgementRequest(notice: notice, partner: "ACME")
        let globex = AcknowledgementRequest(notice: notice, partner: "GLOBEX")
        #expect(acme.id != globex.id)
        #expect(acme.id == AcknowledgementRequest(notice: notice, partner: "ACME").id)
        #expect(acme.id.hasPrefix("ackreq-") && acme.id.count == 39)
        #expect(try await adapter.requestAcknowledgement(acme) == .published)
        #expect(try await adapter.requestAcknowledgement(globex) == .published)
        #expect(try await adapter.requestAcknowledgement(acme) == .alreadyPublished)
        #expect(try await adapter.acknowledgementRequests() == [acme, globex])
        #expect(try await adapter.publishedPosts().isEmpty, "requests and posts live in separate files")
    }

    @Test func documentsAreStreamedInChunksWithTheirMetadata() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let documents = directory.file("documents")
        try FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: documents + "/D-501"))
        try #"{"name":"receiving-report.pdf","mediaType":"application/pdf"}"#.write(
            toFile: documents + "/D-501.meta.json", atomically: true, encoding: .utf8)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: documents + "/D-502"))

        let adapter = JSONLinesCommunityAdapter(directory: directory.path, chunkSize: 4_096)
        let content = try await adapter.fetchDocument("D-501")
        #expect(content.size == 10_000)
        #expect(content.name == "receiving-report.pdf")
        #expect(content.mediaType == "application/pdf")
        var chunkSizes: [Int] = []
        var collected: [UInt8] = []
        for try await chunk in content.chunks {
            chunkSizes.append(chunk.count)
            collected += chunk
        }
        #expect(chunkSizes == [4_096, 4_096, 1_808])
        #expect(collected == bytes)

        let plain = try await adapter.fetchDocument("D-502")
        #expect(plain.mediaType == nil && plain.name == nil && plain.size == 3)
        #expect(try await plain.collect(maxBytes: 3) == [1, 2, 3])
    }

    @Test func collectEnforcesTheSizeLimitAndTheDigest() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let documents = directory.file("documents")
        try FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
        try Data("abc".utf8).write(to: URL(fileURLWithPath: documents + "/D-1"))
        let adapter = JSONLinesCommunityAdapter(directory: directory.path)
        let digest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  // SHA-256("abc"), FIPS 180-4
        #expect(try await adapter.fetchDocument("D-1").collect(maxBytes: 10, sha256: digest) == Array("abc".utf8))
        await #expect {
            _ = try await adapter.fetchDocument("D-1").collect(maxBytes: 2)
        } throws: { ($0 as? CommunityAdapterError)?.code == .documentTooLarge }
        await #expect {
            _ = try await adapter.fetchDocument("D-1").collect(maxBytes: 10, sha256: String(repeating: "0", count: 64))
        } throws: { ($0 as? CommunityAdapterError)?.code == .integrityMismatch }
    }

    @Test(arguments: ["../posts.jsonl", "../../etc/passwd", "/etc/passwd", "a/b", "a\\b", ".hidden", "..", "D-501.meta.json"])
    func pathTraversalAttemptsAreRefused(_ id: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.file("documents"), withIntermediateDirectories: true)
        try "secret".write(toFile: directory.file("posts.jsonl"), atomically: true, encoding: .utf8)
        let adapter = JSONLinesCommunityAdapter(directory: directory.path)
        await #expect {
            _ = try await adapter.fetchDocument(DocumentID(id))
        } throws: { error in
            let error = error as? CommunityAdapterError
            return error?.code == .invalidDocumentID && error?.documentId == DocumentID(id)
        }
    }

    @Test func controlCharactersInIdsAreRefused() async throws {
        let adapter = JSONLinesCommunityAdapter(directory: "/nonexistent")
        for id in ["D-1\u{0}", "D\n1", "\u{202E}1-D", " D-1", ""] {
            await #expect {
                _ = try await adapter.fetchDocument(DocumentID(id))
            } throws: { ($0 as? CommunityAdapterError)?.code == .invalidDocumentID }
        }
    }

    @Test func symbolicLinksAndDirectoriesAreNotServed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let documents = directory.file("documents")
        try FileManager.default.createDirectory(atPath: documents + "/folder", withIntermediateDirectories: true)
        try "secret".write(toFile: directory.file("outside.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: documents + "/D-link", withDestinationPath: directory.file("outside.txt"))
        let adapter = JSONLinesCommunityAdapter(directory: directory.path)
        for id: DocumentID in ["D-link", "folder", "missing"] {
            await #expect("\(id)") {
                _ = try await adapter.fetchDocument(id)
            } throws: { ($0 as? CommunityAdapterError)?.code == .documentNotFound }
        }
    }

    /// A named pipe in the documents directory: opening it for reading would block until a
    /// writer appears, stalling the adapter (an actor) and every publish behind it.
    @Test(.timeLimit(.minutes(1)))
    func namedPipesAreRefusedWithoutBlocking() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let documents = directory.file("documents")
        try FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
        #expect(mkfifo(documents + "/D-pipe", 0o644) == 0)
        #expect(mkfifo(documents + "/D-file.meta.json", 0o644) == 0)
        try "bytes".write(toFile: documents + "/D-file", atomically: true, encoding: .utf8)
        let adapter = JSONLinesCommunityAdapter(directory: directory.path)
        await #expect {
            _ = try await adapter.fetchDocument("D-pipe")
        } throws: { ($0 as? CommunityAdapterError)?.code == .documentNotFound }
        // A pipe in place of the metadata file is refused too, not read.
        await #expect {
            _ = try await adapter.fetchDocument("D-file")
        } throws: { ($0 as? CommunityAdapterError)?.code == .unreadableRecord }
    }

    @Test func errorsAreLogSafe() {
        let error = CommunityAdapterError(code: .documentNotFound, detail: "no such document", documentId: "D-\u{202E}1\n")
        #expect(error.description == "community documentNotFound: no such document (document \"D-\\u{202E}1\\u{000A}\")")
    }
}
