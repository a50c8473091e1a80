import BridgeMapping
import BridgeConnectors
import BridgeModels
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct WebhookDeduplicatorTests {
    let clock = ManualClock()

    @Test func remembersKeysUntilTheirTimeToLive() {
        let ledger = InMemoryWebhookDeduplicator(capacity: 10, timeToLive: .seconds(60), clock: clock)
        #expect(ledger.recordFirstDelivery(of: "w:1"))
        #expect(!ledger.recordFirstDelivery(of: "w:1"))
        clock.advance(by: .seconds(59))
        #expect(ledger.contains("w:1"))
        clock.advance(by: .seconds(1))
        #expect(!ledger.contains("w:1"))
        #expect(ledger.recordFirstDelivery(of: "w:1"))
    }

    @Test func aDuplicateRefreshesTheKey() {
        let ledger = InMemoryWebhookDeduplicator(capacity: 10, timeToLive: .seconds(60), clock: clock)
        _ = ledger.recordFirstDelivery(of: "w:1")
        clock.advance(by: .seconds(50))
        #expect(!ledger.recordFirstDelivery(of: "w:1"))
        clock.advance(by: .seconds(50))
        #expect(ledger.contains("w:1"), "seen again at 50 s, so kept until 110 s")
    }

    @Test func evictsTheLeastRecentlySeenBeyondCapacity() {
        let ledger = InMemoryWebhookDeduplicator(capacity: 3, clock: clock)
        for key in ["a", "b", "c"] { _ = ledger.recordFirstDelivery(of: key) }
        _ = ledger.recordFirstDelivery(of: "a")  // a is now the most recent
        _ = ledger.recordFirstDelivery(of: "d")  // evicts b
        #expect(ledger.count == 3)
        #expect(ledger.contains("a") && !ledger.contains("b") && ledger.contains("c") && ledger.contains("d"))
    }

    @Test func staysBoundedUnderLoad() {
        let ledger = InMemoryWebhookDeduplicator(capacity: 1000, clock: clock)
        for index in 0..<50_000 { _ = ledger.recordFirstDelivery(of: "w:\(index)") }
        #expect(ledger.count == 1000)
        #expect(ledger.contains("w:49999") && !ledger.contains("w:48999"))
    }

    @Test func concurrentRecordersAgreeOnOneFirstDelivery() async {
        let ledger = InMemoryWebhookDeduplicator(clock: clock)
        let firsts = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 { group.addTask { ledger.recordFirstDelivery(of: "w:same") } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(firsts == 1)
    }
}

@Suite struct ClickUpWebhookReceiverTests {
    let now = Date(epochMilliseconds: WebhookFixtures.statusUpdatedMilliseconds + 5_000)

    func receiver(ledger: any WebhookDeliveryLedger = InMemoryWebhookDeduplicator()) -> ClickUpWebhookReceiver {
        ClickUpWebhookReceiver(
            verifier: ClickUpWebhookVerifier(secret: Secret(WebhookFixtures.secret), wallClock: .constant(now)),
            ledger: ledger)
    }

    func deliver(_ receiver: ClickUpWebhookReceiver, _ body: String) async throws -> ClickUpWebhookDelivery {
        try await receiver.receive(body: Array(body.utf8), fields: [.xSignature: WebhookFixtures.sign(body)])
    }

    @Test func aRedeliveryIsADuplicate() async throws {
        let receiver = receiver()
        let first = try await deliver(receiver, WebhookFixtures.statusUpdated)
        #expect(!first.isDuplicate)
        #expect(first.newHistoryItems.map(\.id) == ["2800787326392370170"])
        let second = try await deliver(receiver, WebhookFixtures.statusUpdated)
        #expect(second.isDuplicate)
        #expect(second.newHistoryItems.isEmpty)
        #expect(second.event == first.event)
    }

    @Test func theTaskUpdatedTwinOfASpecificEventIsADuplicate() async throws {
        let receiver = receiver()
        let twin = WebhookFixtures.statusUpdated.replacing("taskStatusUpdated", with: "taskUpdated")
        #expect(!(try await deliver(receiver, WebhookFixtures.statusUpdated)).isDuplicate)
        let delivery = try await deliver(receiver, twin)
        #expect(delivery.event.name == .taskUpdated)
        #expect(delivery.isDuplicate)
    }

    @Test func onlyNewItemsOfAMixedDeliveryAreReturned() async throws {
        let receiver = receiver()
        let recent = { (id: String) in
            #"{"id":"\#(id)","date":"\#(WebhookFixtures.statusUpdatedMilliseconds)","field":"tag"}"#
        }
        _ = try await deliver(receiver, WebhookFixtures.payload(item: recent("1")))
        let mixed = WebhookFixtures.payload(item: recent("1") + "," + recent("2"))
        let delivery = try await deliver(receiver, mixed)
        #expect(!delivery.isDuplicate)
        #expect(delivery.newHistoryItems.map(\.id) == ["2"])
    }

    @Test func refusedDeliveriesRecordNothing() async throws {
        let ledger = InMemoryWebhookDeduplicator()
        let receiver = receiver(ledger: ledger)
        await #expect(throws: WebhookError.self) {
            try await receiver.receive(body: Array(WebhookFixtures.statusUpdated.utf8), fields: [.xSignature: String(repeating: "0", count: 64)])
        }
        #expect(ledger.count == 0)
    }

    @Test func aHostLedgerIsUsed() async throws {
        actor Ledger: WebhookDeliveryLedger {
            var keys: [String] = []
            func recordFirstDelivery(of key: String) async throws -> Bool {
                defer { keys.append(key) }
                return !keys.contains(key)
            }
            func forgetDelivery(of key: String) async throws { keys.removeAll { $0 == key } }
        }
        let ledger = Ledger()
        _ = try await deliver(receiver(ledger: ledger), WebhookFixtures.statusUpdated)
        #expect(await ledger.keys == ["7fa3ec74-69a8-4530-a251-8a13730bd204:2800787326392370170"])
    }

    /// A ledger that fails once, on its `failAt`-th record.
    actor FlakyLedger: WebhookDeliveryLedger {
        struct Down: Error {}
        let inner = InMemoryWebhookDeduplicator()
        var failAt: Int?
        var records = 0
        init(failAt: Int?) { self.failAt = failAt }
        func recordFirstDelivery(of key: String) async throws -> Bool {
            records += 1
            if records == failAt {
                failAt = nil
                throw Down()
            }
            return inner.recordFirstDelivery(of: key)
        }
        func forgetDelivery(of key: String) async throws { inner.forgetDelivery(of: key) }
    }

    func twoItems() -> String {
        let item = { (id: String) in
            #"{"id":"\#(id)","date":"\#(WebhookFixtures.statusUpdatedMilliseconds)","field":"tag"}"#
        }
        return WebhookFixtures.payload(item: item("1") + "," + item("2"))
    }

    @Test func aLedgerFailureHalfwayForgetsWhatItRecordedSoTheRetryIsProcessed() async throws {
        let ledger = FlakyLedger(failAt: 2)
        let receiver = receiver(ledger: ledger)
        await #expect(throws: FlakyLedger.Down.self) { try await deliver(receiver, twoItems()) }
        // ClickUp retries the delivery: nothing of it was handled, so all of it is new.
        let retry = try await deliver(receiver, twoItems())
        #expect(!retry.isDuplicate)
        #expect(retry.newHistoryItems.map(\.id) == ["1", "2"])
    }

    @Test func aDeliveryTheHostCouldNotAcceptIsProcessedWhenRetried() async throws {
        struct QueueDown: Error {}
        let receiver = receiver()
        let body = Array(twoItems().utf8)
        let fields: HTTPFields = [.xSignature: WebhookFixtures.sign(twoItems())]
        await #expect(throws: QueueDown.self) {
            try await receiver.receive(body: body, fields: fields) { _ in throw QueueDown() }
        }
        let handled = EventLog()
        let retry = try await receiver.receive(body: body, fields: fields) { delivery in
            for item in delivery.newHistoryItems { handled.append(item.id) }
        }
        #expect(!retry.isDuplicate)
        #expect(handled.all == ["1", "2"])
        // Accepted once: a third delivery is a duplicate and is not handed to the host again.
        let third = try await receiver.receive(body: body, fields: fields) { _ in handled.append("again") }
        #expect(third.isDuplicate)
        #expect(handled.all == ["1", "2"])
    }

    @Test func forgettingAKeyMakesItNewAgain() {
        let ledger = InMemoryWebhookDeduplicator()
        #expect(ledger.recordFirstDelivery(of: "w:1"))
        ledger.forgetDelivery(of: "w:1")
        #expect(!ledger.contains("w:1"))
        #expect(ledger.recordFirstDelivery(of: "w:1"))
        ledger.forgetDelivery(of: "w:unknown")
        #expect(ledger.count == 1)
    }
}
