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
/// one returns `true`. ``forgetDelivery(of:)`` removes a key again (a delivery the host could
/// not accept, which ClickUp will retry); forgetting an unknown key does nothing.
public protocol WebhookDeliveryLedger: Sendable {
    /// Records `key` and returns `true` if it had not been recorded before (the delivery is
    /// new), `false` if it had (a duplicate).
    func recordFirstDelivery(of key: String) async throws -> Bool

    /// Forgets `key`, so the next delivery carrying it counts as new.
    ///
    /// ``ClickUpWebhookReceiver`` calls it for the keys of a delivery it recorded but could not
    /// hand over (the ledger failed halfway, or the host's handler threw), so ClickUp's retry of
    /// that delivery is processed instead of being dropped as a duplicate.
    func forgetDelivery(of key: String) async throws
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

    /// Forgets `key`; the next ``recordFirstDelivery(of:)`` with it returns `true`.
    public func forgetDelivery(of key: String) {
        state.withLock { state in
            // Its entry in `order` now has an outdated stamp and is skipped.
            state.lastSeen[key] = nil
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
///     try await receiver.receive(body: bytes, fields: fields) { delivery in
///         try await queue.enqueue(delivery.newHistoryItems)
///     }
///     return 200
/// } catch let error as WebhookError {
///     return error.suggestedResponseStatus.code   // 403 / 400 / 200, never 401 or 410
/// } catch {
///     return 503                                  // not accepted: ClickUp retries, and the retry counts as new
/// }
/// ```
///
/// Items are recorded as handled when they are received. Hand them over inside
/// ``receive(body:fields:handle:)`` (enqueue them durably there): when the handler throws, the
/// delivery's keys are forgotten again, so answering non-2xx makes ClickUp's retry count as new.
/// With ``receive(body:fields:)`` a failure after it returns leaves the items recorded, and the
/// retry is dropped as a duplicate.
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
    /// When the ledger fails halfway, the keys this call recorded are forgotten again before the
    /// error is thrown, so a retry of the delivery is processed in full.
    ///
    /// - Parameters:
    ///   - body: The request body exactly as received (the signature covers these bytes).
    ///   - fields: The request's header fields (`X-Signature`).
    /// - Returns: The delivery, with only its new history items.
    /// - Throws: ``WebhookError`` for a refused delivery; whatever the ledger throws.
    public func receive(body: [UInt8], fields: HTTPFields) async throws -> ClickUpWebhookDelivery {
        try await record(try verifier.verify(body: body, fields: fields)).delivery
    }

    /// Verifies a delivery, separates new history items from duplicates, and hands a delivery
    /// that is not a duplicate to `handle`; when `handle` throws, the delivery's new keys are
    /// forgotten again and the error is rethrown, so the host can answer non-2xx (503) and
    /// ClickUp's retry is processed instead of being dropped as a duplicate.
    ///
    /// ```swift
    /// let delivery = try await receiver.receive(body: bytes, fields: fields) { delivery in
    ///     try await queue.enqueue(delivery.newHistoryItems)      // durably, then answer 200
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - body: The request body exactly as received (the signature covers these bytes).
    ///   - fields: The request's header fields (`X-Signature`).
    ///   - handle: Called once with a delivery that has something new; not called for a
    ///     duplicate.
    /// - Returns: The delivery.
    /// - Throws: ``WebhookError`` for a refused delivery; whatever the ledger or `handle` throws.
    @discardableResult
    public func receive(
        body: [UInt8], fields: HTTPFields, handle: (ClickUpWebhookDelivery) async throws -> Void
    ) async throws -> ClickUpWebhookDelivery {
        let (delivery, recorded) = try await record(try verifier.verify(body: body, fields: fields))
        guard !delivery.isDuplicate else { return delivery }
        do {
            try await handle(delivery)
        } catch {
            await forget(recorded)
            throw error
        }
        return delivery
    }

    /// Records the event's keys; returns the delivery and the keys this call recorded first.
    private func record(_ event: ClickUpWebhookEvent) async throws -> (delivery: ClickUpWebhookDelivery, recorded: [String]) {
        var recorded: [String] = []
        var newItems: [ClickUpHistoryItem] = []
        let isDuplicate: Bool
        do {
            for item in event.historyItems where try await ledger.recordFirstDelivery(of: item.deduplicationKey) {
                recorded.append(item.deduplicationKey)
                newItems.append(item)
            }
            if event.historyItems.isEmpty, let key = event.bodyDeduplicationKey {
                isDuplicate = try await !ledger.recordFirstDelivery(of: key)
                if !isDuplicate { recorded.append(key) }
            } else {
                isDuplicate = newItems.isEmpty
            }
        } catch {
            await forget(recorded)
            throw error
        }
        return (ClickUpWebhookDelivery(event: event, newHistoryItems: newItems, isDuplicate: isDuplicate), recorded)
    }

    /// Forgets keys, best effort: if the ledger fails here too, the first error is the one that
    /// matters to the caller.
    private func forget(_ keys: [String]) async {
        for key in keys { try? await ledger.forgetDelivery(of: key) }
    }
}
