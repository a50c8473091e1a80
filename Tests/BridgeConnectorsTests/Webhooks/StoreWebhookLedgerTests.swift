import BridgeConnectors
import BridgeModels
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct StoreWebhookLedgerTests {
    let clock = ManualClock(startDate: Date(timeIntervalSince1970: 1_800_000_000))

    @Test func aKeyIsNewOnceAndForgettingMakesItNewAgain() async throws {
        let ledger = StoreWebhookLedger(store: InMemoryStore(), wallClock: clock.wallClock)
        #expect(try await ledger.recordFirstDelivery(of: "wh-1:2800787326392370170"))
        #expect(!(try await ledger.recordFirstDelivery(of: "wh-1:2800787326392370170")))
        #expect(try await ledger.recordFirstDelivery(of: "wh-2:2800787326392370170"))
        try await ledger.forgetDelivery(of: "wh-1:2800787326392370170")
        #expect(!(try await ledger.contains("wh-1:2800787326392370170")))
        #expect(try await ledger.recordFirstDelivery(of: "wh-1:2800787326392370170"))
        try await ledger.forgetDelivery(of: "wh-9:unknown")  // nothing to forget: no error
        #expect(try await ledger.contains("wh-2:2800787326392370170"))
    }

    @Test func keysThatLookLikePathsStayDistinct() async throws {
        let ledger = StoreWebhookLedger(store: InMemoryStore(), wallClock: clock.wallClock)
        for key in ["a/b:1", "a:b/1", "a%2Fb:1", "a:b%2F1"] {
            #expect(try await ledger.recordFirstDelivery(of: key), "\(key)")
        }
        #expect(!(try await ledger.recordFirstDelivery(of: "a/b:1")))
    }

    @Test func anEmptyKeyIsATypedError() async throws {
        let ledger = StoreWebhookLedger(store: InMemoryStore(), wallClock: clock.wallClock)
        await #expect(throws: InputError.self) { try await ledger.recordFirstDelivery(of: "") }
    }

    @Test func instancesSharingAStoreAgreeOnOneFirstDelivery() async throws {
        let store = InMemoryStore()
        let wallClock = clock.wallClock
        let firsts = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<40 {
                // A ledger per task: as separate instances would hold.
                group.addTask { try await StoreWebhookLedger(store: store, wallClock: wallClock).recordFirstDelivery(of: "wh:1") }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(firsts == 1)
    }

    @Test func pruningRemovesOnlyKeysRecordedBeforeTheCutoff() async throws {
        let ledger = StoreWebhookLedger(store: InMemoryStore(), wallClock: clock.wallClock)
        _ = try await ledger.recordFirstDelivery(of: "wh:old")
        clock.advance(by: .seconds(86_400))
        _ = try await ledger.recordFirstDelivery(of: "wh:new")
        let removed = try await ledger.prune(recordedBefore: clock.date.addingTimeInterval(-3_600))
        #expect(removed == 1)
        #expect(!(try await ledger.contains("wh:old")))
        #expect(try await ledger.contains("wh:new"))
    }

    @Test func keysSurviveARestartOfTheFileStore() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let store = try FileStore(directory: directory.path)
            #expect(try await StoreWebhookLedger(store: store, wallClock: clock.wallClock).recordFirstDelivery(of: "wh:1"))
            await store.close()
        }
        let reopened = try FileStore(directory: directory.path)
        #expect(!(try await StoreWebhookLedger(store: reopened, wallClock: clock.wallClock).recordFirstDelivery(of: "wh:1")))
        await reopened.close()
    }

    @Test func twoReceiversOnOneStoreHandAClickUpRetryToTheHostOnce() async throws {
        let store = InMemoryStore()
        let now = Date(epochMilliseconds: WebhookFixtures.statusUpdatedMilliseconds + 5_000)
        func receiver() -> ClickUpWebhookReceiver {
            ClickUpWebhookReceiver(
                verifier: ClickUpWebhookVerifier(secret: Secret(WebhookFixtures.secret), wallClock: .constant(now)),
                ledger: StoreWebhookLedger(store: store, wallClock: .constant(now)))
        }
        let body = Array(WebhookFixtures.statusUpdated.utf8)
        let fields: HTTPFields = [.xSignature: WebhookFixtures.sign(WebhookFixtures.statusUpdated)]
        let first = try await receiver().receive(body: body, fields: fields)
        let retry = try await receiver().receive(body: body, fields: fields)
        #expect(!first.isDuplicate && first.newHistoryItems.count == 1)
        #expect(retry.isDuplicate && retry.newHistoryItems.isEmpty)
    }
}
