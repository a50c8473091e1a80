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

@Suite struct ClickUpWorkTests {
    typealias World = ClickUpWorld

    static let pdf = Array("%PDF-1.7 proof of delivery".utf8)
    static let csv = Array("sku,qty\r\nA-1,40\r\n".utf8)
    static let documents = [
        DocumentLink(documentId: "D-501", name: "POD-4471.pdf", mediaType: "application/pdf", size: Int64(pdf.count)),
        DocumentLink(documentId: "D-502", name: "receipt.csv", mediaType: "text/csv", size: Int64(csv.count)),
    ]

    func community() async -> InMemoryCommunityAdapter {
        let community = InMemoryCommunityAdapter()
        await community.addDocument("D-501", bytes: Self.pdf, name: "POD-4471.pdf", mediaType: "application/pdf")
        await community.addDocument("D-502", bytes: Self.csv, name: "receipt.csv", mediaType: "text/csv")
        return community
    }

    func tasks(_ world: World, marker: String) async -> [ClickUpFake.StoredTask] {
        await world.fake.tasks.filter { $0.name.hasSuffix("[\(marker)]") }
    }

    @Test func createsTheTaskThenUploadsEachDocumentAsPlanned() async throws {
        let world = await World.make()
        let item = World.item(documents: Self.documents)
        let digests: [DocumentID: String] = ["D-501": SHA256Hasher.hex(SHA256Hasher.hash(Self.pdf))]
        let created = try await world.client.createWork(item, in: World.destination, community: await community(), documentDigests: digests)

        #expect(!created.foundExisting)
        #expect(created.createRequestsSent == 1)
        #expect(world.recorder.operations == ["readList", "createTask", "uploadAttachment", "uploadAttachment"])
        let plan = try ClickUpRequests.creating(item, in: World.destination)
        let sentCreate = world.recorder.requests[1]
        #expect(sentCreate.url.absoluteString == plan[0].url)
        #expect(sentCreate.body == (try ConnectorRequest(plan[0])).body)
        for (index, upload) in world.recorder.requests.dropFirst(2).enumerated() {
            #expect(upload.url.absoluteString == (try plan[index + 1].resolving(["taskId": created.taskId, "multipartBoundary": "x"])).url)
        }

        let task = try #require(await world.fake.task(created.taskId))
        #expect(task.customFieldValues[World.caseIdField] == .string("TG-ACME-C-1001-b52f960dcdad"))
        let attachments = await world.fake.attachments(on: created.taskId)
        #expect(attachments.map(\.id) == created.attachmentIds)
        #expect(attachments.map(\.fileName) == ["POD-4471.pdf", "receipt.csv"])
        #expect(attachments.map(\.mediaType) == ["application/pdf", "text/csv"])
        #expect(attachments.map(\.bytes) == [Self.pdf, Self.csv])
    }

    @Test func anAmbiguousCreateLeavesExactlyOneTask() async throws {
        let world = await World.make()
        await world.fake.inject(.dropConnectionAfterApplying, on: "createTask")
        let item = World.item(documents: [Self.documents[0]])
        let created = try await world.client.createWork(item, in: World.destination, community: await community())

        #expect(created.foundExisting)
        #expect(created.createRequestsSent == 1)
        #expect(await tasks(world, marker: "TG-ACME-C-1001-b52f960dcdad").map(\.id) == [created.taskId])
        #expect(await world.fake.tasks.count == 1)
        #expect(await world.fake.attachments(on: created.taskId).count == 1)
        #expect(world.recorder.operations == ["readList", "createTask", "listTasks", "readTask", "uploadAttachment"])
        // The look-up used the caseId custom field, closed tasks and subtasks included.
        let lookUp = try #require(world.recorder.requests.first { $0.operation == "listTasks" })
        #expect(lookUp.url.query?.contains("include_closed=true&subtasks=true&custom_fields=") == true)
    }

    @Test func withoutACaseIdFieldTheMarkerIsFoundInTheNamesAcrossPages() async throws {
        let world = await World.make()
        var destination = World.destination
        destination.customFields = [:]
        await world.fake.inject(.dropConnectionAfterApplying, on: "createTask")
        let created = try await world.client.createWork(World.item(), in: destination, community: await community())
        #expect(created.foundExisting)
        #expect(world.recorder.requests.filter { $0.operation == "listTasks" }.map { $0.url.query ?? "" } == ["page=0&include_closed=true&subtasks=true"])

        // People add 150 tasks; a replay must page past them (newest first) to find the task.
        for index in 0..<150 { try await world.fake.humanCreatesTask(inList: World.listId, name: "Other \(index)") }
        world.recorder.clear()
        let replay = try await world.client.createWork(World.item(), in: destination, community: await community(), lookUpExistingFirst: true)
        #expect(replay.taskId == created.taskId)
        #expect(world.recorder.operations == ["listTasks", "listTasks"])
        #expect(await tasks(world, marker: "TG-ACME-C-1001-b52f960dcdad").count == 1)
        #expect(await world.fake.tasks.count == 151)
    }

    @Test func aBadGatewayAfterTheServiceActedIsResolvedByTheMarker() async throws {
        let world = await World.make(middlewares: { clock in [RetryMiddleware(clock: clock, wallClock: clock.wallClock)] })
        await world.fake.inject(.status(.badGateway, applied: true), on: "createTask")
        let created = try await drive(world.clock) {
            try await world.client.createWork(World.item(), in: World.destination, community: await self.community())
        }
        #expect(created.foundExisting)
        #expect(await world.fake.tasks.count == 1)
        #expect(await world.fake.receivedRequests.filter { $0.operation == "createTask" }.count == 1)
    }

    @Test func anAmbiguousCreateThatDidNotHappenIsSentAgainOnce() async throws {
        let world = await World.make()
        await world.fake.inject(.status(.badGateway, applied: false), on: "createTask")
        let created = try await world.client.createWork(World.item(), in: World.destination, community: await community())
        #expect(!created.foundExisting)
        #expect(created.createRequestsSent == 2)
        #expect(await world.fake.tasks.map(\.id) == [created.taskId])
    }

    @Test func whenTheLookUpCannotReadTheWholeListNothingIsCreatedAgain() async throws {
        let world = await World.make(configuration: ClickUpClient.Configuration(maxPages: 1))
        for index in 0..<150 { try await world.fake.humanCreatesTask(inList: World.listId, name: "Other \(index)") }
        var destination = World.destination
        destination.customFields = [:]
        await world.fake.inject(.status(.badGateway, applied: false), on: "createTask")
        let error = await caught(ConnectorError.self) {
            _ = try await world.client.createWork(World.item(), in: destination, community: await community())
        }
        #expect(error?.isAmbiguous == true)
        #expect(error?.status == .badGateway)
        #expect(await world.fake.tasks.count == 150)
    }

    @Test func whenTheLookUpFirstCannotReadTheWholeListNothingIsCreated() async throws {
        // A replay asks to look first; the list is longer than maxPages, so the absence of the
        // marker cannot be shown: creating now could duplicate the task an earlier run made.
        let world = await World.make(configuration: ClickUpClient.Configuration(maxPages: 1))
        for index in 0..<150 { try await world.fake.humanCreatesTask(inList: World.listId, name: "Other \(index)") }
        var destination = World.destination
        destination.customFields = [:]
        let error = await caught(ConnectorError.self) {
            _ = try await world.client.createWork(
                World.item(), in: destination, community: await community(), lookUpExistingFirst: true)
        }
        #expect(error?.isAmbiguous == true)
        #expect(error?.operation == "createTask")
        #expect(await world.fake.tasks.count == 150)
        #expect(!world.recorder.operations.contains("createTask"))
    }

    @Test func failuresThatSentNothingAreRetriedByTheMiddlewareAndOthersSurface() async throws {
        let bare = await World.make()
        await bare.fake.inject(.connectionRefused, on: "createTask")
        let refused = await caught(ConnectorError.self) {
            _ = try await bare.client.createWork(World.item(), in: World.destination, community: await community())
        }
        #expect(refused?.code == .connectionFailed)
        #expect(refused?.isAmbiguous == false)
        #expect(await bare.fake.tasks.isEmpty)

        let retrying = await World.make(middlewares: { clock in
            [RetryMiddleware(clock: clock, wallClock: clock.wallClock, randomNumberGenerator: SeededRandomNumberGenerator(seed: 1))]
        })
        await retrying.fake.inject(.connectionRefused, on: "createTask")
        await retrying.fake.inject(.status(.serviceUnavailable, applied: false), on: "createTask")
        let created = try await drive(retrying.clock) {
            try await retrying.client.createWork(World.item(), in: World.destination, community: await self.community())
        }
        #expect(!created.foundExisting)
        #expect(await retrying.fake.tasks.count == 1)
        #expect(await retrying.fake.receivedRequests.filter { $0.operation == "createTask" }.map(\.status) == [nil, 503, 200])
    }

    @Test func anAmbiguousUploadIsNotRepeatedWhenTheFileArrived() async throws {
        let world = await World.make()
        await world.fake.inject(.dropConnectionAfterApplying, on: "uploadAttachment")
        let created = try await world.client.createWork(
            World.item(documents: Self.documents), in: World.destination, community: await community())
        let attachments = await world.fake.attachments(on: created.taskId)
        #expect(attachments.map(\.fileName) == ["POD-4471.pdf", "receipt.csv"])
        #expect(created.attachmentIds == attachments.map(\.id))
        #expect(world.recorder.operations == ["readList", "createTask", "uploadAttachment", "readTask", "uploadAttachment"])
    }

    @Test func replayingACreationFindsTheTaskAndItsAttachments() async throws {
        let world = await World.make()
        let item = World.item(documents: Self.documents)
        let first = try await world.client.createWork(item, in: World.destination, community: await community())
        world.recorder.clear()
        let again = try await world.client.createWork(item, in: World.destination, community: await community(), lookUpExistingFirst: true)
        #expect(again.taskId == first.taskId)
        #expect(again.attachmentIds == first.attachmentIds)
        #expect(again.foundExisting)
        #expect(again.createRequestsSent == 0)
        #expect(world.recorder.operations == ["listTasks", "readTask"])
        #expect(await world.fake.tasks.count == 1)
        #expect(await world.fake.attachments(on: first.taskId).count == 2)
    }

    // MARK: - Updates

    func changed(_ item: WorkItem) -> WorkItem {
        var new = item
        new.title = "ASN short by 8 units"
        new.priority = .urgent
        new.dueAt = nil
        new.assigneeIDs = ["185"]
        new.labels = ["urgent"]
        new.fields[.amount] = .number(Decimal(string: "1300")!)
        return new
    }

    @Test func updateSendsThePlannedRequestsAfterReReadingTheTask() async throws {
        let world = await World.make()
        let old = World.item()
        let created = try await world.client.createWork(old, in: World.destination, community: await community())
        world.recorder.clear()
        let new = changed(old)
        let update = try await world.client.updateWork(from: old, to: new, in: World.destination, taskId: created.taskId)

        #expect(update.sent == (try ClickUpRequests.updating(from: old, to: new, in: World.destination, taskId: created.taskId)))
        #expect(update.alreadyCurrent.isEmpty)
        #expect(update.keptRemoteEdits.isEmpty)
        #expect(world.recorder.operations == ["readTask", "updateTask", "setCustomField", "addTag", "removeTag"])
        let task = try #require(await world.fake.task(created.taskId))
        #expect(task.name == "ASN short by 8 units [TG-ACME-C-1001-b52f960dcdad]")
        #expect(task.priority == 1)
        #expect(task.dueDate == nil)
        #expect(task.assignees == [183, 185])
        #expect(task.tags == ["urgent"])
        #expect(task.customFieldValues[World.amountField] == .number("1300"))

        world.recorder.clear()
        let nothing = try await world.client.updateWork(from: new, to: new, in: World.destination, taskId: created.taskId)
        #expect(nothing.sent.isEmpty)
        #expect(world.recorder.requests.isEmpty)
    }

    @Test func changesPeopleMadeInClickUpAreKeptOrOverwrittenAsAsked() async throws {
        let world = await World.make()
        let old = World.item()
        let created = try await world.client.createWork(old, in: World.destination, community: await community())
        try await world.fake.humanChangesPriority(of: created.taskId, to: 4)
        let readd = ClickUpTaskUpdate(assignees: ClickUpAssigneeChanges(add: [185], rem: []))
        _ = try await world.client.updateTask(ClickUpTaskID(created.taskId), readd)
        try await world.client.addTag("urgent", to: ClickUpTaskID(created.taskId))
        world.recorder.clear()

        let new = changed(old)
        let kept = try await world.client.updateWork(from: old, to: new, in: World.destination, taskId: created.taskId)
        #expect(kept.keptRemoteEdits == ["priority"])
        #expect(kept.alreadyCurrent == ["tag:urgent"])
        #expect(await world.fake.task(created.taskId)?.priority == 4)
        let body = bodyText(try #require(world.recorder.requests.first { $0.operation == "updateTask" }))
        #expect(body == #"{"assignees":{"add":[],"rem":[184]},"due_date":null,"name":"ASN short by 8 units [TG-ACME-C-1001-b52f960dcdad]"}"#)
        #expect(await world.fake.task(created.taskId)?.assignees == [183, 185])

        try await world.fake.humanChangesPriority(of: created.taskId, to: 4)
        let overwritten = try await world.client.updateWork(from: old, to: new, in: World.destination, taskId: created.taskId, policy: .overwrite)
        #expect(overwritten.keptRemoteEdits.isEmpty)
        #expect(overwritten.alreadyCurrent.contains("name"))
        #expect(overwritten.alreadyCurrent.contains("custom_field:" + World.amountField))
        #expect(await world.fake.task(created.taskId)?.priority == 1)
    }
}

@Suite(.timeLimit(.minutes(1)))
struct ClickUpUnflaggedTimeoutTests {
    @Test func aTimedOutCreateIsLookedUpEvenWhenTheTransportDidNotFlagIt() async throws {
        let world = await ClickUpWorld.make(middlewares: { _ in [UnflaggedTimeoutMiddleware()] })
        await world.fake.inject(.dropConnectionAfterApplying, on: "createTask")
        let created = try await world.client.createWork(
            ClickUpWorld.item(), in: ClickUpWorld.destination, community: InMemoryCommunityAdapter())
        #expect(created.foundExisting)
        #expect(await world.fake.tasks.count == 1)
    }
}

@Suite(.timeLimit(.minutes(1)))
struct ClickUpSameNamedDocumentsTests {
    /// Refuses the `n`-th upload with a connection failure (nothing sent).
    struct RefuseUpload: TransportMiddleware {
        let number: Int
        let seen = LockedValue(0)
        func intercept(
            _ request: ConnectorRequest, next: @Sendable (ConnectorRequest) async throws -> ConnectorResponse
        ) async throws -> ConnectorResponse {
            if request.operation == "uploadAttachment", seen.withLock({ $0 += 1; return $0 }) == number {
                throw ConnectorError(code: .connectionFailed, connector: request.connector, operation: request.operation)
            }
            return try await next(request)
        }
    }

    @Test func aReplayUploadsTheSecondOfTwoSameNamedDocuments() async throws {
        let world = await ClickUpWorld.make(middlewares: { _ in [RefuseUpload(number: 2)] })
        let community = InMemoryCommunityAdapter()
        await community.addDocument("D-601", bytes: Array("first scan".utf8), name: "scan.pdf", mediaType: "application/pdf")
        await community.addDocument("D-602", bytes: Array("second scan".utf8), name: "scan.pdf", mediaType: "application/pdf")
        let item = ClickUpWorld.item(documents: [
            DocumentLink(documentId: "D-601", name: "scan.pdf", mediaType: "application/pdf"),
            DocumentLink(documentId: "D-602", name: "scan.pdf", mediaType: "application/pdf"),
        ])
        // The second upload fails: the engine replays the operation.
        await #expect(throws: ConnectorError.self) {
            _ = try await world.client.createWork(item, in: ClickUpWorld.destination, community: community)
        }
        let replay = try await world.client.createWork(
            item, in: ClickUpWorld.destination, community: community, lookUpExistingFirst: true)
        #expect(replay.foundExisting)
        let attachments = await world.fake.attachments(on: replay.taskId)
        #expect(attachments.map { String(decoding: $0.bytes, as: UTF8.self) } == ["first scan", "second scan"])
        #expect(replay.attachmentIds == attachments.map(\.id))
    }
}
