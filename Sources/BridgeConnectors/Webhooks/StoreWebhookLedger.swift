#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A ``WebhookDeliveryLedger`` kept in a ``BridgeStore``: every engine instance sharing the
/// store sees every delivery key, and the keys survive restarts.
///
/// Use it instead of ``InMemoryWebhookDeduplicator`` when several instances receive ClickUp's
/// webhooks behind one load balancer, or when a restart must not let a retried delivery through
/// again. (The engine does not depend on it for correctness: a duplicate history item finds its
/// status already synced or its comment already handled. The ledger saves that work and keeps
/// the host's own handlers from seeing duplicates.)
///
/// ```swift
/// let receiver = ClickUpWebhookReceiver(
///     verifier: ClickUpWebhookVerifier(secret: webhookSecret),
///     ledger: StoreWebhookLedger(store: store))
/// // once a day:
/// try await ledger.prune(recordedBefore: Date().addingTimeInterval(-7 * 86_400))
/// ```
///
/// Keys are recorded with an insert-if-absent write (`expecting: nil`), so of two instances
/// recording the same key at once exactly one gets `true`. Records live in the
/// ``StoreCollection/webhookDeliveries`` collection until ``prune(recordedBefore:)`` removes
/// them; keep them longer than ClickUp retries a delivery.
public struct StoreWebhookLedger: WebhookDeliveryLedger {
    /// One recorded delivery key.
    public struct Record: Hashable, Sendable, Codable {
        /// The key (`webhook_id:history_item_id`).
        public var key: String
        /// When it was recorded.
        public var recordedAt: Date

        /// Creates a record.
        public init(key: String, recordedAt: Date) {
            self.key = key
            self.recordedAt = recordedAt
        }
    }

    /// The store holding the keys.
    public let store: any BridgeStore
    /// The clock stamping each record.
    public let wallClock: WallClock

    /// Creates a ledger over `store`.
    ///
    /// - Parameters:
    ///   - store: The store; share it between the instances that receive webhooks.
    ///   - wallClock: Stamps each record, for ``prune(recordedBefore:)``; inject a manual clock
    ///     in tests.
    public init(store: any BridgeStore, wallClock: WallClock = .system) {
        self.store = store
        self.wallClock = wallClock
    }

    /// Records `key`; `true` when it is new, `false` when any instance recorded it before.
    ///
    /// - Throws: `InputError` at `$.key` when the key is empty or longer than a store key may
    ///   be; the store's errors.
    public func recordFirstDelivery(of key: String) async throws -> Bool {
        do {
            try await store.writeValue(
                Record(key: key, recordedAt: wallClock.now), to: StoreKey(segments: [key]), in: .webhookDeliveries,
                expecting: nil)
            return true
        } catch is StoreConflict {
            return false
        }
    }

    /// Forgets `key`, so ClickUp's retry of a delivery the host could not take counts as new.
    /// Forgetting an unknown key does nothing.
    public func forgetDelivery(of key: String) async throws {
        try await store.update(Record.self, key: StoreKey(segments: [key]), in: .webhookDeliveries) { $0 = nil }
    }

    /// Whether `key` is recorded.
    public func contains(_ key: String) async throws -> Bool {
        try await store.read(StoreKey(segments: [key]), in: .webhookDeliveries) != nil
    }

    /// Deletes the keys recorded before `cutoff`.
    ///
    /// - Returns: How many keys were deleted.
    @discardableResult
    public func prune(recordedBefore cutoff: Date) async throws -> Int {
        var stale: [StoredRecord] = []
        try await store.forEachRecord(in: .webhookDeliveries, prefix: "") { record in
            let delivery = try StoreCodec.decode(Record.self, from: record, in: .webhookDeliveries)
            if delivery.recordedAt < cutoff { stale.append(record) }
            return true
        }
        return try await store.deleteUnchanged(stale, in: .webhookDeliveries)
    }
}

extension StoreCollection {
    /// ClickUp webhook delivery keys (``StoreWebhookLedger/Record``), keyed by the delivery key.
    public static let webhookDeliveries = StoreCollection(unchecked: "webhook-deliveries")
}
