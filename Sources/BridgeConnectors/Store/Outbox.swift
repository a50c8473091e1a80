#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// Where an outbox entry is in its life.
public enum OutboxState: String, ClosedSetValue, CustomStringConvertible {
    /// Waiting to run, or running under a lease.
    case pending
    /// Ran successfully.
    case done
    /// Failed for good (no retry was scheduled); waits for an operator.
    case failed

    /// The raw value.
    public var description: String { rawValue }
}

/// The right of one engine instance to run an outbox entry until ``expiresAt``.
public struct OutboxLease: Hashable, Sendable, Codable {
    /// Who holds the lease (an engine instance id).
    public var owner: String
    /// When the lease ends; after that another owner may claim the entry.
    public var expiresAt: Date

    /// Creates a lease.
    public init(owner: String, expiresAt: Date) {
        self.owner = owner
        self.expiresAt = expiresAt
    }
}

/// One intended operation in the write-ahead outbox.
///
/// The engine appends what it is about to do (create a task, post to the partner) before doing
/// it, with the idempotency ``marker``; an instance claims the entry with a lease, runs it, and
/// marks it done or failed. After a crash the entry is still there: its lease expires, another
/// claim runs it again, and the marker lets the tracker client find a task an earlier attempt
/// may already have created.
public struct OutboxEntry<Operation: Codable & Sendable>: Sendable, Codable {
    /// The partner the operation is for (the entry's partition).
    public var partnerId: PartnerID
    /// The entry's position in the partner's outbox, from 1, increasing in append order.
    public var sequence: UInt64
    /// What to do; the engine's own type.
    public var operation: Operation
    /// The idempotency marker of what the operation creates, if it creates something.
    public var marker: IdempotencyMarker?
    /// When it was appended.
    public var createdAt: Date
    /// Where the entry is in its life.
    public var state: OutboxState
    /// How many times it was claimed.
    public var attempts: Int
    /// Not to be claimed before this instant (a scheduled retry).
    public var notBefore: Date?
    /// Who is running it, until when.
    public var lease: OutboxLease?
    /// The log-safe description of the last failure.
    public var lastError: String?
    /// When it reached ``OutboxState/done`` or ``OutboxState/failed``.
    public var finishedAt: Date?

    /// Creates an entry (``BridgeStore/appendOperation(_:partner:marker:at:)`` creates them for you).
    public init(
        partnerId: PartnerID, sequence: UInt64, operation: Operation, marker: IdempotencyMarker? = nil,
        createdAt: Date, state: OutboxState = .pending, attempts: Int = 0, notBefore: Date? = nil,
        lease: OutboxLease? = nil, lastError: String? = nil, finishedAt: Date? = nil
    ) {
        self.partnerId = partnerId
        self.sequence = sequence
        self.operation = operation
        self.marker = marker
        self.createdAt = createdAt
        self.state = state
        self.attempts = attempts
        self.notBefore = notBefore
        self.lease = lease
        self.lastError = lastError
        self.finishedAt = finishedAt
    }

    /// Whether an owner may claim the entry at `now`: pending, not scheduled for later, and not
    /// under a lease that is still running.
    public func isClaimable(at now: Date) -> Bool {
        guard state == .pending else { return false }
        if let notBefore, notBefore > now { return false }
        if let lease, lease.expiresAt > now { return false }
        return true
    }
}

extension OutboxEntry: Equatable where Operation: Equatable {}
extension OutboxEntry: Hashable where Operation: Hashable {}

/// An outbox entry claimed by one owner: run ``entry``'s operation, then pass this value to
/// ``BridgeStore/completeOperation(_:at:)`` or
/// ``BridgeStore/failOperation(_:reason:at:retryAt:)``.
public struct ClaimedOperation<Operation: Codable & Sendable>: Sendable {
    /// The entry as claimed (lease set, attempts counted).
    public var entry: OutboxEntry<Operation>
    /// The entry record's version after the claim.
    public var version: RecordVersion
    /// The entry record's key.
    public var key: StoreKey

    /// The owner holding the lease.
    public var owner: String { entry.lease?.owner ?? "" }
}

struct OutboxSequence: Hashable, Sendable, Codable {
    var last: UInt64
}

extension StoreCollection {
    /// The outbox (``OutboxEntry``), keyed `<partner>/<20-digit sequence>`: entries waiting or
    /// running.
    public static let outbox = StoreCollection(unchecked: "outbox")
    /// Finished outbox entries (done, or failed for good), moved out of ``outbox`` so claims only
    /// scan live entries; same keys. Pruned with ``BridgeStore/pruneOutbox(_:finishedBefore:partner:includingFailed:)``.
    public static let outboxHistory = StoreCollection(unchecked: "outbox-history")
    /// The last outbox sequence number handed out per partner, keyed `<partner>`.
    public static let outboxSequences = StoreCollection(unchecked: "outbox-sequences")
}

extension StoreKey {
    /// The key of an outbox entry: `<partner>/<sequence as 20 digits>`, so keys sort in append
    /// order.
    public static func outboxEntry(partner: PartnerID, sequence: UInt64) throws(InputError) -> StoreKey {
        let digits = String(sequence)
        return try StoreKey(segments: [partner.rawValue, String(repeating: "0", count: 20 - digits.count) + digits])
    }
}

extension Date {
    /// This instant moved by a `Duration`.
    fileprivate func adding(_ duration: Duration) -> Date {
        let (seconds, attoseconds) = duration.components
        return addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
    }
}

extension BridgeStore {
    /// Appends an operation to a partner's outbox (write-ahead: before running it).
    ///
    /// Entries of one partner keep their append order (``OutboxEntry/sequence``), also when
    /// several engine instances append concurrently.
    ///
    /// - Parameters:
    ///   - operation: What to do.
    ///   - partner: The partner (the outbox partition).
    ///   - marker: The idempotency marker of what the operation creates, if anything.
    ///   - now: The append time.
    /// - Returns: The stored entry.
    @discardableResult
    public func appendOperation<Operation: Codable & Sendable>(
        _ operation: Operation, partner: PartnerID, marker: IdempotencyMarker? = nil, at now: Date
    ) async throws -> OutboxEntry<Operation> {
        let sequenceKey = try StoreKey(segments: [partner.rawValue])
        var sequence: UInt64 = 0
        var claimed = false
        for _ in 0..<64 where !claimed {
            let current = try await readValue(OutboxSequence.self, key: sequenceKey, in: .outboxSequences)
            sequence = (current?.value.last ?? 0) + 1
            do {
                try await writeValue(
                    OutboxSequence(last: sequence), to: sequenceKey, in: .outboxSequences, expecting: current?.version)
                claimed = true
            } catch is StoreConflict {
                continue
            }
        }
        guard claimed else {
            throw StoreError(code: .contention, detail: "could not reserve an outbox sequence number for \(sequenceKey)")
        }
        let entry = OutboxEntry(partnerId: partner, sequence: sequence, operation: operation, marker: marker, createdAt: now)
        try await writeValue(entry, to: .outboxEntry(partner: partner, sequence: sequence), in: .outbox, expecting: nil)
        return entry
    }

    /// Lists outbox entries in order (one partner's, or every partner's grouped by partner).
    ///
    /// Pending entries come from ``StoreCollection/outbox``, finished ones from
    /// ``StoreCollection/outboxHistory``.
    ///
    /// - Parameters:
    ///   - type: The operation type the engine stores.
    ///   - partner: Only this partner's entries; `nil` for all.
    ///   - states: Only entries in these states (default: pending, which includes entries
    ///     running under a lease).
    ///   - limit: The most entries to return.
    public func outboxEntries<Operation: Codable & Sendable>(
        _ type: Operation.Type, partner: PartnerID? = nil, states: Set<OutboxState> = [.pending], limit: Int = 100
    ) async throws -> [Versioned<OutboxEntry<Operation>>] {
        var found: [StoreKey: Versioned<OutboxEntry<Operation>>] = [:]
        try await forEachOutboxEntry(type, in: .outbox, partner: partner) { entry, record in
            if states.contains(entry.state) { found[record.key] = Versioned(value: entry, version: record.version) }
            return states != [.pending] || found.count < limit
        }
        if states.contains(.done) || states.contains(.failed) {
            try await forEachOutboxEntry(type, in: .outboxHistory, partner: partner) { entry, record in
                if states.contains(entry.state) { found[record.key] = Versioned(value: entry, version: record.version) }
                return true
            }
        }
        return found.keys.sorted().prefix(max(0, limit)).compactMap { found[$0] }
    }

    /// Claims the first claimable entry (see ``OutboxEntry/isClaimable(at:)``) in outbox order,
    /// for `owner`, until `now + leaseDuration`.
    ///
    /// The claim is compare-and-swap: of several owners claiming at once, one gets each entry.
    /// The entry's ``OutboxEntry/attempts`` grows by one.
    ///
    /// - Parameters:
    ///   - type: The operation type the engine stores.
    ///   - partner: Only this partner's outbox; `nil` for all.
    ///   - owner: The claiming engine instance.
    ///   - now: The current time.
    ///   - leaseDuration: How long the owner may run the operation before others may take over.
    /// - Returns: The claimed entry, or `nil` when none is claimable.
    /// - Throws: `InputError` when `owner` is not a valid identifier; the store's errors.
    public func claimNextOperation<Operation: Codable & Sendable>(
        _ type: Operation.Type, partner: PartnerID? = nil, owner: String, now: Date, leaseDuration: Duration
    ) async throws -> ClaimedOperation<Operation>? {
        _ = try TextRules.check(owner, .identifier, limit: InputLimits.default.identifier, path: [.key("owner")])
        var claimed: ClaimedOperation<Operation>?
        try await forEachOutboxEntry(type, in: .outbox, partner: partner) { entry, record in
            guard entry.isClaimable(at: now) else { return true }
            var next = entry
            next.attempts += 1
            next.lease = OutboxLease(owner: owner, expiresAt: now.adding(leaseDuration))
            do {
                let version = try await writeValue(next, to: record.key, in: .outbox, expecting: record.version)
                claimed = ClaimedOperation(entry: next, version: version, key: record.key)
                return false
            } catch is StoreConflict {
                return true  // another owner took it; try the next one
            }
        }
        return claimed
    }

    /// Extends the lease of a claimed entry to `now + leaseDuration`.
    ///
    /// - Returns: The claim with its new version.
    /// - Throws: ``StoreError`` with ``StoreError/Code/leaseLost`` when another owner took the
    ///   entry over.
    public func extendLease<Operation: Codable & Sendable>(
        _ claimed: ClaimedOperation<Operation>, now: Date, leaseDuration: Duration
    ) async throws -> ClaimedOperation<Operation> {
        var next = claimed.entry
        next.lease = OutboxLease(owner: claimed.owner, expiresAt: now.adding(leaseDuration))
        let version = try await replaceClaimed(claimed, with: next)
        return ClaimedOperation(entry: next, version: version, key: claimed.key)
    }

    /// Marks a claimed entry done and moves it to ``StoreCollection/outboxHistory``.
    ///
    /// - Throws: ``StoreError`` with ``StoreError/Code/leaseLost`` when another owner took the
    ///   entry over (its lease expired); the other owner's attempt decides.
    @discardableResult
    public func completeOperation<Operation: Codable & Sendable>(_ claimed: ClaimedOperation<Operation>, at now: Date)
        async throws -> OutboxEntry<Operation>
    {
        var next = claimed.entry
        next.state = .done
        next.lease = nil
        next.notBefore = nil
        next.finishedAt = now
        let version = try await replaceClaimed(claimed, with: next)
        await archive(next, key: claimed.key, version: version)
        return next
    }

    /// Records a failed attempt of a claimed entry: pending again from `retryAt`, or failed for
    /// good when `retryAt` is `nil` (and then moved to ``StoreCollection/outboxHistory``, where
    /// an operator finds it).
    ///
    /// - Parameters:
    ///   - claimed: The claim.
    ///   - reason: A log-safe description of the failure (kept, at most 2,000 characters).
    ///   - now: The current time.
    ///   - retryAt: When to try again; `nil` gives up (state ``OutboxState/failed``).
    /// - Throws: ``StoreError`` with ``StoreError/Code/leaseLost`` when another owner took the
    ///   entry over.
    @discardableResult
    public func failOperation<Operation: Codable & Sendable>(
        _ claimed: ClaimedOperation<Operation>, reason: String, at now: Date, retryAt: Date?
    ) async throws -> OutboxEntry<Operation> {
        var next = claimed.entry
        next.lease = nil
        next.lastError = String(reason.prefix(2_000))
        if let retryAt {
            next.state = .pending
            next.notBefore = retryAt
        } else {
            next.state = .failed
            next.notBefore = nil
            next.finishedAt = now
        }
        let version = try await replaceClaimed(claimed, with: next)
        if retryAt == nil { await archive(next, key: claimed.key, version: version) }
        return next
    }

    /// Deletes finished entries (done, and failed when `includingFailed`) that finished before
    /// `cutoff` from ``StoreCollection/outboxHistory``. Finished entries a crash left in
    /// ``StoreCollection/outbox`` are moved to the history first.
    ///
    /// - Returns: How many entries were deleted.
    @discardableResult
    public func pruneOutbox<Operation: Codable & Sendable>(
        _ type: Operation.Type, finishedBefore cutoff: Date, partner: PartnerID? = nil, includingFailed: Bool = false
    ) async throws -> Int {
        var leftovers: [(OutboxEntry<Operation>, StoredRecord)] = []
        try await forEachOutboxEntry(type, in: .outbox, partner: partner) { entry, record in
            if entry.state != .pending { leftovers.append((entry, record)) }
            return true
        }
        for (entry, record) in leftovers { await archive(entry, key: record.key, version: record.version) }
        var stale: [StoredRecord] = []
        try await forEachOutboxEntry(type, in: .outboxHistory, partner: partner) { entry, record in
            let finished = entry.state == .done || (includingFailed && entry.state == .failed)
            if finished, let finishedAt = entry.finishedAt, finishedAt < cutoff { stale.append(record) }
            return true
        }
        return try await deleteUnchanged(stale, in: .outboxHistory)
    }

    /// Copies a finished entry to the history and removes it from the outbox. Best effort: if a
    /// step fails, the finished entry stays in the outbox, where claims skip it and
    /// ``pruneOutbox(_:finishedBefore:partner:includingFailed:)`` finishes the move.
    private func archive<Operation: Codable & Sendable>(_ entry: OutboxEntry<Operation>, key: StoreKey, version: RecordVersion)
        async
    {
        do {
            try await writeValue(entry, to: key, in: .outboxHistory, expecting: nil)
        } catch is StoreConflict {
            // Already copied by an earlier, interrupted move.
        } catch {
            return
        }
        try? await delete(key, in: .outbox, expecting: version)
    }

    @discardableResult
    private func replaceClaimed<Operation: Codable & Sendable>(
        _ claimed: ClaimedOperation<Operation>, with next: OutboxEntry<Operation>
    ) async throws -> RecordVersion {
        do {
            return try await writeValue(next, to: claimed.key, in: .outbox, expecting: claimed.version)
        } catch let conflict as StoreConflict {
            throw StoreError(
                code: .leaseLost,
                detail: "outbox entry \(claimed.key) changed since \(TextSanitizer.quotedFragment(claimed.owner, limit: 60)) "
                    + "claimed it (now version \(conflict.currentVersion.map(String.init(describing:)) ?? "none"))")
        }
    }

    private func forEachOutboxEntry<Operation: Codable & Sendable>(
        _ type: Operation.Type, in collection: StoreCollection, partner: PartnerID?,
        _ body: (OutboxEntry<Operation>, StoredRecord) async throws -> Bool
    ) async throws {
        let prefix = partner.map { StoreKey.prefix([$0.rawValue]) } ?? ""
        try await forEachRecord(in: collection, prefix: prefix) { record in
            try await body(try StoreCodec.decode(OutboxEntry<Operation>.self, from: record, in: collection), record)
        }
    }
}
