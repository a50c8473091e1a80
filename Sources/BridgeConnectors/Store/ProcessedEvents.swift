#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// A community event the bridge has handled, kept for de-duplication until pruned.
public struct ProcessedEvent: Hashable, Sendable, Codable {
    /// The event's id.
    public var eventId: EventID
    /// The partner of the event.
    public var partnerId: PartnerID
    /// When the bridge recorded it.
    public var processedAt: Date

    /// Creates a record.
    public init(eventId: EventID, partnerId: PartnerID, processedAt: Date) {
        self.eventId = eventId
        self.partnerId = partnerId
        self.processedAt = processedAt
    }
}

extension StoreCollection {
    /// Processed event ids (``ProcessedEvent``), keyed `<partner>/<event id>`.
    public static let processedEvents = StoreCollection(unchecked: "processed-events")
}

extension BridgeStore {
    /// Records that an event was processed, atomically: of several callers (tasks, engine
    /// instances) recording the same id, exactly one gets `true`.
    ///
    /// This is the de-duplication step of the engine: a replayed or redelivered event finds its
    /// id and is skipped. Record the id once the event's effects are durable (its outbox entries
    /// written), so a crash before that point lets a redelivery do the work.
    ///
    /// - Returns: `true` when the id is new, `false` when it was already recorded.
    @discardableResult
    public func markEventProcessed(_ eventId: EventID, partner: PartnerID, at processedAt: Date) async throws -> Bool {
        let record = ProcessedEvent(eventId: eventId, partnerId: partner, processedAt: processedAt)
        do {
            try await writeValue(
                record, to: StoreKey(segments: [partner.rawValue, eventId.rawValue]), in: .processedEvents,
                expecting: nil)
            return true
        } catch is StoreConflict {
            return false
        }
    }

    /// Whether an event id was recorded with ``markEventProcessed(_:partner:at:)``.
    public func isEventProcessed(_ eventId: EventID, partner: PartnerID) async throws -> Bool {
        try await read(StoreKey(segments: [partner.rawValue, eventId.rawValue]), in: .processedEvents) != nil
    }

    /// Deletes processed-event records older than `cutoff`, for one partner or all.
    ///
    /// Keep records at least as long as the community may redeliver an event.
    ///
    /// - Returns: How many records were deleted.
    @discardableResult
    public func pruneProcessedEvents(processedBefore cutoff: Date, partner: PartnerID? = nil) async throws -> Int {
        let prefix = partner.map { StoreKey.prefix([$0.rawValue]) } ?? ""
        var stale: [StoredRecord] = []
        try await forEachRecord(in: .processedEvents, prefix: prefix) { record in
            let event = try StoreCodec.decode(ProcessedEvent.self, from: record, in: .processedEvents)
            if event.processedAt < cutoff { stale.append(record) }
            return true
        }
        return try await deleteUnchanged(stale, in: .processedEvents)
    }
}
