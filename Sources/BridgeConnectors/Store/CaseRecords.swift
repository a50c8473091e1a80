#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// The link between a partner case and one tracker task, with what the bridge last synced.
///
/// One case has one link per task: a multi-department exception makes a task per department,
/// each with its own ``marker``.
public struct TrackerLink: Hashable, Sendable, Codable {
    /// Where the task lives (Planner plan and bucket, or ClickUp list).
    public var destination: WorkDestination
    /// The task's id in the tracker.
    public var taskId: String
    /// The idempotency marker placed on the task (title and custom field), so an ambiguous create
    /// can be resolved by looking it up.
    public var marker: IdempotencyMarker
    /// Planner: the `@odata.etag` of the task, for the next `If-Match`.
    public var taskETag: String?
    /// Planner: the `@odata.etag` of the task's details, for the next `If-Match`.
    public var detailsETag: String?
    /// The tracker status the bridge last saw or wrote, mapped to the neutral status.
    public var lastSyncedStatus: WorkStatus?
    /// When the link was last synced.
    public var lastSyncedAt: Date?

    /// Creates a link.
    public init(
        destination: WorkDestination, taskId: String, marker: IdempotencyMarker, taskETag: String? = nil,
        detailsETag: String? = nil, lastSyncedStatus: WorkStatus? = nil, lastSyncedAt: Date? = nil
    ) {
        self.destination = destination
        self.taskId = taskId
        self.marker = marker
        self.taskETag = taskETag
        self.detailsETag = detailsETag
        self.lastSyncedStatus = lastSyncedStatus
        self.lastSyncedAt = lastSyncedAt
    }

    /// The tracker of the task.
    public var tracker: Tracker { destination.tracker }
}

/// What the bridge knows about one partner case: its tracker tasks and what the partner was last
/// told.
public struct CaseRecord: Hashable, Sendable, Codable {
    /// The partner who raised the case.
    public var partnerId: PartnerID
    /// The case id in the community.
    public var caseId: CaseID
    /// The community thread partner posts go to.
    public var threadId: ThreadID?
    /// The tracker tasks of the case.
    public var links: [TrackerLink]
    /// The partner-facing status last posted to the partner.
    public var partnerFacingStatus: PartnerFacingStatus?
    /// The id of the last `PartnerPost` published for the case.
    public var lastPostId: String?
    /// When the bridge first saw the case.
    public var createdAt: Date
    /// When the record last changed.
    public var updatedAt: Date
    /// Extra values the engine or the host keeps with the case (short text).
    public var attributes: [String: String]

    /// Creates a record.
    public init(
        partnerId: PartnerID, caseId: CaseID, threadId: ThreadID? = nil, links: [TrackerLink] = [],
        partnerFacingStatus: PartnerFacingStatus? = nil, lastPostId: String? = nil, createdAt: Date,
        updatedAt: Date? = nil, attributes: [String: String] = [:]
    ) {
        self.partnerId = partnerId
        self.caseId = caseId
        self.threadId = threadId
        self.links = links
        self.partnerFacingStatus = partnerFacingStatus
        self.lastPostId = lastPostId
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.attributes = attributes
    }

    /// The link to the task `taskId` of `tracker`, if the case has one.
    public func link(tracker: Tracker, taskId: String) -> TrackerLink? {
        links.first { $0.tracker == tracker && $0.taskId == taskId }
    }

    /// The link carrying `marker`, if the case has one.
    public func link(marker: IdempotencyMarker) -> TrackerLink? {
        links.first { $0.marker == marker }
    }
}

/// The entry of the task index: which case a tracker task belongs to.
struct TaskIndexEntry: Hashable, Sendable, Codable {
    var partnerId: PartnerID
    var caseId: CaseID
}

extension StoreCollection {
    /// Case records (``CaseRecord``), keyed `<partner>/<case>`.
    public static let cases = StoreCollection(unchecked: "cases")
    /// The task index, keyed `<tracker>/<task id>`: which case a tracker task belongs to, for
    /// changes that arrive with only a task id (ClickUp webhooks, Planner polls).
    public static let caseTasks = StoreCollection(unchecked: "case-tasks")
}

extension StoreKey {
    /// The key of a case record: `<partner>/<case>`.
    public static func caseRecord(partner: PartnerID, case caseId: CaseID) throws(InputError) -> StoreKey {
        try StoreKey(segments: [partner.rawValue, caseId.rawValue])
    }

    static func task(_ tracker: Tracker, _ taskId: String) throws(InputError) -> StoreKey {
        try StoreKey(segments: [tracker.rawValue, taskId])
    }
}

extension BridgeStore {
    /// Reads a case record.
    ///
    /// - Returns: The record and its version, or `nil` when the bridge has none for the case.
    public func caseRecord(partner: PartnerID, case caseId: CaseID) async throws -> Versioned<CaseRecord>? {
        try await readValue(CaseRecord.self, key: .caseRecord(partner: partner, case: caseId), in: .cases)
    }

    /// Saves a case record if its version is `expected`, and indexes its tasks so
    /// ``caseRecord(tracker:taskId:)`` finds it.
    ///
    /// The task index is written first; a crash in between leaves at most an index entry that
    /// ``caseRecord(tracker:taskId:)`` ignores because the case does not link the task.
    ///
    /// - Parameters:
    ///   - record: The record to save.
    ///   - expected: The record's current version; `nil` to create it.
    /// - Returns: The record's new version.
    /// - Throws: ``StoreConflict`` when the version differs.
    @discardableResult
    public func saveCaseRecord(_ record: CaseRecord, expecting expected: RecordVersion?) async throws -> RecordVersion {
        let key = try StoreKey.caseRecord(partner: record.partnerId, case: record.caseId)
        let entry = TaskIndexEntry(partnerId: record.partnerId, caseId: record.caseId)
        // Keys first, outside the async loop: it is simpler, and Swift 6.3's optimizer crashes on
        // the switch over `WorkDestination` inside the loop in release builds.
        for taskKey in try Self.taskKeys(of: record) {
            try await update(TaskIndexEntry.self, key: taskKey, in: .caseTasks) { current in
                current = entry
            }
        }
        return try await writeValue(record, to: key, in: .cases, expecting: expected)
    }

    /// Reads, changes and saves a case record, retrying on conflicts (see
    /// ``update(_:key:in:maxAttempts:_:)``); the task index follows the links.
    ///
    /// - Parameters:
    ///   - partner: The case's partner.
    ///   - caseId: The case.
    ///   - maxAttempts: How many conflicts to tolerate before giving up.
    ///   - transform: Receives the record (`nil` when there is none) and changes it; may run
    ///     several times.
    /// - Returns: The saved record, or `nil` when `transform` left none.
    @discardableResult
    public func updateCaseRecord(
        partner: PartnerID, case caseId: CaseID, maxAttempts: Int = 16, _ transform: (inout CaseRecord?) throws -> Void
    ) async throws -> Versioned<CaseRecord>? {
        let key = try StoreKey.caseRecord(partner: partner, case: caseId)
        for _ in 0..<max(1, maxAttempts) {
            let current = try await caseRecord(partner: partner, case: caseId)
            var record = current?.value
            try transform(&record)
            do {
                guard let record else {
                    if let current { try await deleteCaseRecord(current.value, expecting: current.version) }
                    return nil
                }
                if let current, current.value == record { return current }
                let version = try await saveCaseRecord(record, expecting: current?.version)
                return Versioned(value: record, version: version)
            } catch is StoreConflict {
                continue
            }
        }
        throw StoreError(code: .contention, detail: "gave up on case record \(key) after \(max(1, maxAttempts)) conflicts")
    }

    /// Finds the case a tracker task belongs to.
    ///
    /// - Returns: The case record, or `nil` when no case links the task.
    public func caseRecord(tracker: Tracker, taskId: String) async throws -> Versioned<CaseRecord>? {
        guard let entry = try await readValue(TaskIndexEntry.self, key: .task(tracker, taskId), in: .caseTasks),
            let record = try await caseRecord(partner: entry.value.partnerId, case: entry.value.caseId),
            record.value.link(tracker: tracker, taskId: taskId) != nil
        else { return nil }
        return record
    }

    /// Deletes a case record if its version is `expected`, with its task index entries.
    ///
    /// - Throws: ``StoreConflict`` when the version differs.
    public func deleteCaseRecord(_ record: CaseRecord, expecting expected: RecordVersion) async throws {
        try await delete(.caseRecord(partner: record.partnerId, case: record.caseId), in: .cases, expecting: expected)
        for taskKey in try Self.taskKeys(of: record) {
            try await update(TaskIndexEntry.self, key: taskKey, in: .caseTasks) { current in
                if current?.partnerId == record.partnerId && current?.caseId == record.caseId { current = nil }
            }
        }
    }

    private static func taskKeys(of record: CaseRecord) throws -> [StoreKey] {
        try record.links.map { link in try StoreKey.task(link.tracker, link.taskId) }
    }

    /// Lists case records in key order: one partner's (`partner`) or everyone's.
    ///
    /// - Parameters:
    ///   - partner: Only this partner's cases; `nil` for all.
    ///   - after: Continue after this case (of the same partner when `partner` is set).
    ///   - limit: The most records to return.
    public func caseRecords(partner: PartnerID? = nil, after: StoreKey? = nil, limit: Int = 100) async throws
        -> [Versioned<CaseRecord>]
    {
        let prefix = partner.map { StoreKey.prefix([$0.rawValue]) } ?? ""
        return try await scan(.cases, prefix: prefix, after: after, limit: limit).map { record in
            Versioned(value: try StoreCodec.decode(CaseRecord.self, from: record, in: .cases), version: record.version)
        }
    }
}
