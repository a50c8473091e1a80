#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BridgeMapping
import BridgeModels
import BridgeSLA

// The engine's own records, beside the public `CaseRecord` (links, etags, last synced and last
// posted statuses) that hosts read. Everything here is keyed like the case records
// (`<partner>/<subject>`), so a store partitioned by partner keeps it in the partner's
// partition too.

/// One tracker task the engine keeps for a subject: what it should hold (``item``) and what was
/// last written to it (``written``). Operations converge the task from one to the other, so a
/// repeated or late operation does no harm.
struct SyncTask: Hashable, Sendable, Codable {
    enum Role: Hashable, Sendable, Codable {
        /// Work for the partner's issue; its status is the partner's business.
        case work
        /// An internal escalation task an SLA ladder created; never reported to the partner.
        case escalation(actionId: String)
    }

    var marker: IdempotencyMarker
    var team: String
    var role: Role
    /// The task as the engine wants it now.
    var item: WorkItem
    /// The task as it was last written, `nil` until it is created.
    var written: WorkItem?
    /// Tracker comment ids already handled (the engine's own comments included), so they are
    /// never echoed to the partner.
    var handledCommentIds: [String] = []
    /// Community message ids already forwarded to this task.
    var forwardedMessages: [String] = []
    /// Description blocks the engine appended (partner messages on Planner tasks), kept when the
    /// work item is translated again after a `case.updated`.
    var appendedBlocks: [DescriptionBlock] = []

    var tracker: Tracker { item.destination.tracker }
    var isWork: Bool { role == .work }
}

/// The SLA a subject's clocks were started from.
struct SyncSLA: Hashable, Sendable, Codable {
    var policyName: String
    var calendarName: String?
    var pauseOn: [WorkStatus]
    var clockIds: [String]
}

/// What the engine keeps about one subject of work (a case, request, document review,
/// onboarding or compliance requirement): the event it came from, its tasks and SLA.
struct SyncSubject: Hashable, Sendable, Codable {
    var partner: Partner
    var subjectId: CaseID
    var kind: CaseKind
    /// The event whose work this is; for a case, with every `case.updated` applied.
    var origin: CommunityEvent
    /// The work's priority now (a partner's update or an escalation may change it).
    var priority: Priority
    var openedAt: Date
    var tasks: [SyncTask] = []
    var sla: SyncSLA?
    var status: WorkStatus = .open
    var isWithdrawn = false
    var firstResponseAt: Date?
    var resolvedAt: Date?
    var onboardingProgram: String?
    var completedRequirements: [RequirementID] = []

    func task(_ marker: IdempotencyMarker) -> SyncTask? {
        tasks.first { $0.marker == marker }
    }

    mutating func updateTask(_ marker: IdempotencyMarker, _ change: (inout SyncTask) -> Void) {
        guard let index = tasks.firstIndex(where: { $0.marker == marker }) else { return }
        change(&tasks[index])
    }

    var workTasks: [SyncTask] { tasks.filter(\.isWork) }
}

/// An SLA clock as the engine stores it: the clock, how far its due actions were evaluated, and
/// the interval being acted on (write-ahead, so a crash neither repeats nor skips an action).
struct SyncClockRecord: Hashable, Sendable, Codable {
    /// An interval of due actions claimed for acting by one engine instance until its lease
    /// expires, with the ids already acted on.
    struct DueInterval: Hashable, Sendable, Codable {
        var from: Date?
        var to: Date
        var owner: String
        var expiresAt: Date
        var done: [String] = []
    }

    var clock: SLAClock
    var subjectId: CaseID
    var pauseOn: [WorkStatus]
    /// Due actions up to this instant were claimed (and, unless ``inFlight`` says otherwise,
    /// acted on).
    var evaluatedThrough: Date?
    var inFlight: DueInterval?
}

extension StoreCollection {
    /// The sync engine's state per subject of work (its tasks as intended and as written, its
    /// SLA, onboarding progress), keyed `<partner>/<subject>` like ``cases``.
    public static let syncSubjects = StoreCollection(unchecked: "sync-subjects")
    /// Acknowledgements of change notices, keyed `<partner>/<notice>`.
    public static let acknowledgements = StoreCollection(unchecked: "acknowledgements")
}

extension BridgeStore {
    func syncSubjects(partner: PartnerID) async throws -> [SyncSubject] {
        try await allRecords(in: .syncSubjects, prefix: StoreKey.prefix([partner.rawValue])).map { record in
            try StoreCodec.decode(SyncSubject.self, from: record, in: .syncSubjects)
        }
    }

    @discardableResult
    func updateSyncClock(partner: PartnerID, id: String, _ transform: (inout SyncClockRecord?) throws -> Void)
        async throws -> Versioned<SyncClockRecord>?
    {
        try await update(SyncClockRecord.self, key: StoreKey(segments: [partner.rawValue, id]), in: .slaClocks, transform)
    }
}

extension BridgeEngine {
    /// Reads a subject. Decoding one is the engine's largest cost, and every write gives a
    /// record a version it never had before, so a decoded subject is kept with its version and
    /// reused while the stored version is the same (whoever wrote it).
    func subject(partner: PartnerID, id: CaseID) async throws -> Versioned<SyncSubject>? {
        let key = try StoreKey.caseRecord(partner: partner, case: id)
        guard let record = try await store.read(key, in: .syncSubjects) else {
            subjectCache[key] = nil
            return nil
        }
        if let cached = subjectCache[key], cached.version == record.version { return cached }
        return remember(
            Versioned(value: try StoreCodec.decode(SyncSubject.self, from: record, in: .syncSubjects), version: record.version),
            key: key)
    }

    /// Reads, changes and writes back a subject (compare-and-swap, read again and retried on a
    /// conflict); `transform` may run several times. Unchanged values are not written.
    @discardableResult
    func updateSubject(partner: PartnerID, id: CaseID, _ transform: (inout SyncSubject?) throws -> Void) async throws
        -> Versioned<SyncSubject>?
    {
        let key = try StoreKey.caseRecord(partner: partner, case: id)
        for _ in 0..<16 {
            let current = try await subject(partner: partner, id: id)
            var value = current?.value
            try transform(&value)
            guard let value else { return current }
            if let current, current.value == value { return current }
            do {
                let version = try await store.write(
                    try StoreCodec.encode(value), to: key, in: .syncSubjects, expecting: current?.version)
                return remember(Versioned(value: value, version: version), key: key)
            } catch is StoreConflict {
                continue
            }
        }
        throw StoreError(code: .contention, detail: "gave up on sync subject \(key) after 16 conflicting writes")
    }

    private func remember(_ subject: Versioned<SyncSubject>, key: StoreKey) -> Versioned<SyncSubject> {
        if subjectCache.count >= 4_096 { subjectCache.removeAll(keepingCapacity: true) }
        subjectCache[key] = subject
        return subject
    }
}
