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

@Suite struct ClickUpPacingTests {
    typealias World = ClickUpWorld

    static func pacing(_ clock: ManualClock) -> [any TransportMiddleware] {
        [
            RetryMiddleware(clock: clock, wallClock: clock.wallClock, randomNumberGenerator: SeededRandomNumberGenerator(seed: 3)),
            RateLimitMiddleware(policy: .clickUp(.freeForever), connectors: [.clickUp], clock: clock, wallClock: clock.wallClock),
        ]
    }

    @Test func pacedRequestsNeverRunIntoTheLimit() async throws {
        let world = await World.make(middlewares: Self.pacing)
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Busy")
        let start = world.clock.now
        try await drive(world.clock) {
            for index in 0..<250 {
                if index % 2 == 0 {
                    _ = try await world.client.task(ClickUpTaskID(id))
                } else {
                    try await world.client.setCustomField(World.amountField, of: ClickUpTaskID(id), to: .number(Decimal(index)))
                }
            }
        }
        let received = await world.fake.receivedRequests
        #expect(received.count == 250)
        #expect(received.allSatisfy { $0.status == .ok })
        #expect(await world.fake.rateLimitedCount == 0)
        // 100 at once, the next 100 a minute later, the last 50 a minute after that.
        #expect(start.duration(to: world.clock.now) == .seconds(120))
        #expect(await world.fake.task(id)?.customFieldValues[World.amountField] == .number("249"))
    }

    @Test func withoutPacingTheHundredAndFirstRequestIsRefusedWithTheLimitFields() async throws {
        let world = await World.make()
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Busy")
        for _ in 0..<100 { _ = try await world.client.task(ClickUpTaskID(id)) }
        let error = await caught(ConnectorError.self) { _ = try await world.client.task(ClickUpTaskID(id)) }
        #expect(error?.code == .rateLimited)
        #expect(error?.clickUpCode?.kind == .rateLimited)
        #expect(error?.retryAfter == .seconds(60))
        #expect(await world.fake.rateLimitedCount == 1)

        let raw = try ConnectorRequest(ClickUpRequests.readTask(.id(id)))
        let response = try await world.client.transport.send(raw)
        #expect(response.status == .tooManyRequests)
        #expect(response.fields[.xRateLimitLimit] == "100")
        #expect(response.fields[.xRateLimitRemaining] == "0")
        #expect(response.fields[.xRateLimitReset] == String(Int64(world.clock.date.timeIntervalSince1970) + 60))

        world.clock.advance(by: .seconds(60))
        #expect(try await world.client.task(ClickUpTaskID(id)).id == id)
    }

    @Test func aRetryWaitsForTheResetTheServiceAnnounces() async throws {
        let world = await World.make(middlewares: { clock in
            [RetryMiddleware(clock: clock, wallClock: clock.wallClock, randomNumberGenerator: SeededRandomNumberGenerator(seed: 3))]
        })
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Busy")
        for _ in 0..<100 { _ = try await world.client.task(ClickUpTaskID(id)) }
        world.clock.advance(by: .seconds(20))
        let start = world.clock.now
        let task = try await drive(world.clock) { try await world.client.task(ClickUpTaskID(id)) }
        #expect(task.id == id)
        #expect(start.duration(to: world.clock.now) == .seconds(40))
        #expect(await world.fake.rateLimitedCount == 1)
    }

    @Test func injected429sAndServerErrorsAreRetried() async throws {
        let world = await World.make(middlewares: Self.pacing)
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        await world.fake.inject(.rateLimited, on: "readTask")
        await world.fake.inject(.status(.internalServerError, applied: false), on: "readTask")
        let task = try await drive(world.clock) { try await world.client.task(ClickUpTaskID(id)) }
        #expect(task.id == id)
        #expect(await world.fake.receivedRequests.map(\.status) == [429, 500, 200])
    }
}

@Suite struct ClickUpWebhookTests {
    typealias World = ClickUpWorld
    static let endpoint = "https://bridge.example.com/hooks/clickup"

    @Test func registersAWebhookWithItsSecretOnce() async throws {
        let world = await World.make()
        let body = ClickUpWebhookCreate(endpoint: Self.endpoint, events: [.taskStatusUpdated, .taskUpdated], scope: .list(World.listId))
        let registration = try await world.client.createWebhook(inWorkspace: World.workspace, body)
        let stored = try #require(await world.fake.webhooks.first)
        #expect(registration.id == stored.id)
        #expect(registration.secret == stored.secret)
        #expect(!registration.secret.isEmpty)
        #expect(registration.endpoint == Self.endpoint)
        #expect(registration.events == [.taskStatusUpdated, .taskUpdated])
        #expect(registration.status == "active")
        #expect(registration.failCount == 0)
        let leaks = "\(registration)".contains(stored.secret.reveal())
        #expect(!leaks)
        #expect(bodyText(try #require(world.recorder.requests.last)) == #"{"endpoint":"https://bridge.example.com/hooks/clickup","events":["taskStatusUpdated","taskUpdated"],"list_id":901}"#)

        let duplicate = await caught(ConnectorError.self) { _ = try await world.client.createWebhook(inWorkspace: World.workspace, body) }
        #expect(duplicate?.clickUpCode == .webhookAlreadyExists)
        #expect(duplicate?.clickUpCode?.kind == .webhookAlreadyExists)
        #expect(await world.fake.webhooks.count == 1)

        let insecure = await caught(InputError.self) {
            _ = try await world.client.createWebhook(inWorkspace: World.workspace, ClickUpWebhookCreate(endpoint: "http://x", events: ["*"]))
        }
        #expect(insecure?.path.description == "$.endpoint")

        try await world.client.updateWebhook(registration.id, ClickUpWebhookUpdate(endpoint: Self.endpoint, events: ["*"], status: "suspended"))
        #expect(await world.fake.webhooks.first?.status == "suspended")
        #expect(await world.fake.webhooks.first?.events == ["*"])
        try await world.client.deleteWebhook(registration.id)
        #expect(await world.fake.webhooks.isEmpty)
    }

    @Test func deliveriesAreVerifiedAndDeDuplicatedByTheReceiver() async throws {
        let world = await World.make()
        let registration = try await world.client.createWebhook(
            inWorkspace: World.workspace,
            ClickUpWebhookCreate(
                endpoint: Self.endpoint, events: [.taskStatusUpdated, .taskCommentPosted, .taskUpdated], scope: .list(World.listId)))
        let receiver = ClickUpWebhookReceiver(
            verifier: ClickUpWebhookVerifier(secret: registration.secret, wallClock: world.clock.wallClock),
            ledger: InMemoryWebhookDeduplicator(clock: world.clock))
        let received = LockedValue<[(ClickUpWebhookEvent.Name, ClickUpWebhookDelivery)]>([])
        await world.fake.setWebhookReceiver { delivery in
            do {
                let outcome = try await receiver.receive(body: delivery.body, fields: delivery.fields)
                received.withLock { $0.append((delivery.event, outcome)) }
                return .ok
            } catch let error as WebhookError {
                return error.suggestedResponseStatus
            } catch {
                return .internalServerError
            }
        }

        // A task created through the API, then moved and commented on by people in ClickUp.
        let created = try await world.client.createTask(inList: World.listId, ClickUpTaskCreate(name: "Short shipment"))
        world.clock.advance(by: .seconds(30))
        try await world.fake.humanChangesStatus(of: created.id, to: "in review", by: 184)
        _ = try await world.fake.humanPostsComment(on: created.id, text: "Carrier confirms 8 units missing", by: 184)
        #expect(await world.fake.deliverPendingWebhooks() == 7)

        let log = received.withLock { $0 }
        #expect(log.map(\.0) == [.taskUpdated, .taskStatusUpdated, .taskUpdated, .taskStatusUpdated, .taskUpdated, .taskCommentPosted, .taskUpdated])
        #expect(log.map(\.1.isDuplicate) == [false, false, true, false, true, false, true])
        let fresh = log.filter { !$0.1.isDuplicate }.flatMap(\.1.newHistoryItems)
        #expect(fresh.count == 4)
        guard case .status(let from, let to) = fresh[2].change else {
            Issue.record("expected a status change, got \(fresh[2].change)")
            return
        }
        #expect(from?.name == "to do")
        #expect(to?.name == "in review")
        #expect(to?.isClosed == false)
        #expect(fresh[2].userID == "184")
        #expect(fresh[2].parentID == World.listId)
        guard case .comment(let comment) = fresh[3].change else {
            Issue.record("expected a comment, got \(fresh[3].change)")
            return
        }
        #expect(comment.text == "Carrier confirms 8 units missing")
        #expect(await world.fake.deliveredWebhooks.allSatisfy { $0.status == .ok })
    }

    @Test func aReceiverWithTheWrongSecretRefusesAndTheWebhookHealthCounts() async throws {
        let world = await World.make()
        _ = try await world.client.createWebhook(inWorkspace: World.workspace, ClickUpWebhookCreate(endpoint: Self.endpoint, events: ["*"]))
        let receiver = ClickUpWebhookReceiver(verifier: ClickUpWebhookVerifier(secret: Secret("not-the-secret"), wallClock: world.clock.wallClock))
        await world.fake.setWebhookReceiver { delivery in
            do {
                _ = try await receiver.receive(body: delivery.body, fields: delivery.fields)
                return .ok
            } catch let error as WebhookError {
                return error.suggestedResponseStatus
            } catch {
                return .internalServerError
            }
        }
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        try await world.fake.humanChangesStatus(of: id, to: "complete")
        let delivered = await world.fake.deliverPendingWebhooks()
        #expect(delivered == 6)
        #expect(await world.fake.deliveredWebhooks.allSatisfy { $0.status == .forbidden })
        #expect(await world.fake.webhooks.first?.failCount == 6)
        #expect(await world.fake.webhooks.first?.status == "active")
    }
}
