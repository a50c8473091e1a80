public import BridgeMapping

/// Remembers which webhook deliveries were already handled, so duplicates are dropped.
///
/// ClickUp sends duplicates by design (every specific task event also arrives as
/// `taskUpdated` with the same history item, and failed deliveries are retried) and prescribes
/// `webhook_id:history_item_id` as the key. The in-memory ``InMemoryWebhookDeduplicator`` suits
/// one process; a host running several instances conforms its shared store to this protocol
/// (an insert-if-absent on the key), so every instance sees every key.
///
/// ### Implementation requirements
///
/// ``recordFirstDelivery(of:)`` must be atomic: when two calls race with the same key, exactly
/// one returns `true`.
public protocol WebhookDeliveryLedger: Sendable {
    /// Records `key` and returns `true` if it had not been recorded before (the delivery is
    /// new), `false` if it had (a duplicate).
    func recordFirstDelivery(of key: String) async throws -> Bool
}

/// A bounded in-memory de-duplicator: remembers at most ``capacity`` keys, each for at most
/// ``timeToLive`` since it was last seen, evicting the least recently seen first.
///
/// Memory stays bounded however many deliveries arrive; a duplicate that arrives after its key
/// was evicted is treated as new, so choose a time to live longer than ClickUp's retry period
/// (the default is a day) and a capacity above a day's deliveries.
public final class InMemoryWebhookDeduplicator: WebhookDeliveryLedger {
    private struct State {
        /// key → the stamp of its latest sighting
        var lastSeen: [String: (stamp: UInt64, at: Duration)] = [:]
        /// sightings in order, oldest first; entries whose stamp is outdated are skipped
        var order: [(key: String, stamp: UInt64)] = []
        var head = 0
        var nextStamp: UInt64 = 0
    }

    /// The most keys remembered.
    public let capacity: Int
    /// How long a key is remembered after it was last seen.
    public let timeToLive: Duration
    private let elapsed: @Sendable () -> Duration
    private let state = LockedValue(State())

    /// Creates a de-duplicator.
    ///
    /// - Parameters:
    ///   - capacity: The most keys remembered (≥ 1). Default 100,000.
    ///   - timeToLive: How long a key is remembered after it was last seen. Default one day.
    ///   - clock: The clock that measures the time to live; inject a manual clock in tests.
    public init(
        capacity: Int = 100_000, timeToLive: Duration = .seconds(86_400), clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.capacity = max(1, capacity)
        self.timeToLive = timeToLive
        self.elapsed = InMemoryWebhookDeduplicator.stopwatch(clock)
    }

    private static func stopwatch<C: Clock<Duration>>(_ clock: C) -> @Sendable () -> Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }

    /// Records `key`; `true` when it was not remembered (new), `false` for a duplicate.
    public func recordFirstDelivery(of key: String) -> Bool {
        let now = elapsed()
        return state.withLock { state in
            evict(&state, now: now)
            let isNew = state.lastSeen[key] == nil
            state.nextStamp += 1
            state.lastSeen[key] = (state.nextStamp, now)
            state.order.append((key, state.nextStamp))
            while state.lastSeen.count > capacity { dropOldest(&state) }
            compact(&state)
            return isNew
        }
    }

    /// Whether `key` is remembered, without recording it.
    public func contains(_ key: String) -> Bool {
        let now = elapsed()
        return state.withLock { state in
            evict(&state, now: now)
            return state.lastSeen[key] != nil
        }
    }

    /// How many keys are remembered.
    public var count: Int {
        let now = elapsed()
        return state.withLock { state in
            evict(&state, now: now)
            return state.lastSeen.count
        }
    }

    private func evict(_ state: inout State, now: Duration) {
        while state.head < state.order.count {
            let entry = state.order[state.head]
            guard let seen = state.lastSeen[entry.key], seen.stamp == entry.stamp else {
                state.head += 1
                continue
            }
            guard now - seen.at >= timeToLive else { break }
            state.lastSeen[entry.key] = nil
            state.head += 1
        }
    }

    private func dropOldest(_ state: inout State) {
        while state.head < state.order.count {
            let entry = state.order[state.head]
            state.head += 1
            if let seen = state.lastSeen[entry.key], seen.stamp == entry.stamp {
                state.lastSeen[entry.key] = nil
                return
            }
        }
    }

    private func compact(_ state: inout State) {
        if state.head > 1024 && state.head * 2 > state.order.count {
            state.order.removeFirst(state.head)
            state.head = 0
        }
    }
}

/// A verified, de-duplicated ClickUp webhook delivery.
public struct ClickUpWebhookDelivery: Hashable, Sendable {
    /// The parsed event, with every history item.
    public var event: ClickUpWebhookEvent
    /// The history items not seen before, in payload order: the ones to process.
    public var newHistoryItems: [ClickUpHistoryItem]
    /// Whether everything in the delivery was seen before (drop it, answer 200).
    public var isDuplicate: Bool
}

/// Verifies ClickUp webhook deliveries and drops what was already handled.
///
/// ```swift
/// let receiver = ClickUpWebhookReceiver(verifier: ClickUpWebhookVerifier(secret: secret))
/// // in the route:
/// do {
///     let delivery = try await receiver.receive(body: bytes, fields: fields)
///     if !delivery.isDuplicate { enqueue(delivery.newHistoryItems) }
///     return 200
/// } catch let error as WebhookError {
///     return error.suggestedResponseStatus.code   // 403 / 400 / 200, never 401 or 410
/// }
/// ```
///
/// Items are recorded as handled when they are received; a host that may fail after receiving
/// should enqueue durably before answering 200, or record in its own store only after
/// processing (by passing its store as the ``WebhookDeliveryLedger``).
public struct ClickUpWebhookReceiver: Sendable {
    /// The verifier.
    public let verifier: ClickUpWebhookVerifier
    /// Where handled keys are recorded.
    public let ledger: any WebhookDeliveryLedger

    /// Creates a receiver.
    ///
    /// - Parameters:
    ///   - verifier: Checks signature, payload and replay window.
    ///   - ledger: Records handled keys; default a fresh ``InMemoryWebhookDeduplicator``.
    public init(verifier: ClickUpWebhookVerifier, ledger: any WebhookDeliveryLedger = InMemoryWebhookDeduplicator()) {
        self.verifier = verifier
        self.ledger = ledger
    }

    /// Verifies a delivery and separates new history items from duplicates.
    ///
    /// - Throws: ``WebhookError`` for a refused delivery; whatever the ledger throws.
    public func receive(body: [UInt8], fields: HTTPFields) async throws -> ClickUpWebhookDelivery {
        let event = try verifier.verify(body: body, fields: fields)
        var newItems: [ClickUpHistoryItem] = []
        for item in event.historyItems where try await ledger.recordFirstDelivery(of: item.deduplicationKey) {
            newItems.append(item)
        }
        let isDuplicate: Bool
        if event.historyItems.isEmpty, let key = event.bodyDeduplicationKey {
            isDuplicate = try await !ledger.recordFirstDelivery(of: key)
        } else {
            isDuplicate = newItems.isEmpty
        }
        return ClickUpWebhookDelivery(event: event, newHistoryItems: newItems, isDuplicate: isDuplicate)
    }
}
