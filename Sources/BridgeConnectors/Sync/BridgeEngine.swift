#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import BridgeMapping
public import BridgeModels
import BridgeSLA

/// The sync engine: runs every workflow of the bridge between a Trading Grid community and the
/// trackers, keeping all of its state in a ``BridgeStore``.
///
/// ```swift
/// let engine = try BridgeEngine(
///     configuration: configuration, store: store, community: community,
///     planner: PlannerClient(transport: graph), clickUp: ClickUpClient(transport: clickUp),
///     instanceId: "bridge-1")
/// let outcome = try await engine.handle(bytes: line, source: "mailbox:2026-11-20.jsonl:14")
/// try await engine.receive(clickUpWebhook: delivery)   // from ClickUpWebhookReceiver
/// try await engine.pollPlanner()                       // every minute or so
/// try await engine.tick()                              // SLA warnings, breaches, escalations, retries
/// ```
///
/// - **Events** (``handle(_:)``, ``handle(bytes:source:)``): decoded or dead-lettered,
///   de-duplicated by id, translated through the configuration, written ahead to the outbox
///   (one operation per task to create, with its idempotency marker), then run: tasks created
///   (looked up by marker first when an earlier attempt's outcome is unknown), links and etags
///   saved, SLA clocks started retroactively from the event's `occurredAt`, the partner told.
/// - **Back from the trackers** (``receive(clickUpWebhook:)``, ``pollPlanner(now:)``,
///   ``apply(change:tracker:taskId:reference:)``): status changes and public comments become
///   partner posts through the templates, and move the case's SLA clocks. The engine's own
///   writes read back as no change, so two-way sync never loops.
/// - **Time** (``tick(now:)``): the SLA clocks that are due act (warnings, breaches, escalation
///   ladders), and outbox operations whose retry time has come run again.
///
/// Several engines can share one store: every write is compare-and-swap, outbox operations
/// are claimed with a lease, and SLA intervals are claimed before they are acted on, so no
/// operation or due action is carried out twice. Nothing the engine cannot use is dropped: it
/// is dead-lettered with its reason, or left in the outbox history as failed. Secrets never
/// appear in its errors, outcomes or observer events.
///
/// See `Documentation/Engine.md` for every workflow in detail.
public actor BridgeEngine {
    /// Bounds and policies of the engine.
    public struct Options: Sendable {
        /// How long a claimed outbox operation belongs to this instance. Default 5 minutes.
        public var leaseDuration: Duration
        /// The wait before a failed operation is tried again (by attempt). Default 30 seconds,
        /// doubling, at most an hour.
        public var retryBackoff: Backoff
        /// How many attempts an operation gets before it fails for good. Default 10.
        public var maxAttempts: Int
        /// The most outbox operations one run executes. Default 1,000.
        public var operationsPerRun: Int
        /// Whether ``BridgeEngine/handle(_:)`` runs the partner's outbox right away (default);
        /// when `false`, operations wait for ``BridgeEngine/runOutbox(now:)`` or a tick.
        public var runsOutboxAfterEachEvent: Bool
        /// How often the in-memory due-action index is rebuilt from the store, so clocks another
        /// instance started are seen. Default 5 minutes.
        public var indexRefreshInterval: Duration
        /// What a ClickUp update does with a field a person changed meanwhile. Default: keep it.
        public var remoteEditPolicy: ClickUpRemoteEditPolicy

        /// Creates options.
        public init(
            leaseDuration: Duration = .seconds(300),
            retryBackoff: Backoff = Backoff(initial: .seconds(30), multiplier: 2, maximum: .seconds(3_600), jitter: .none),
            maxAttempts: Int = 10, operationsPerRun: Int = 1_000, runsOutboxAfterEachEvent: Bool = true,
            indexRefreshInterval: Duration = .seconds(300), remoteEditPolicy: ClickUpRemoteEditPolicy = .keepRemoteEdits
        ) {
            self.leaseDuration = leaseDuration
            self.retryBackoff = retryBackoff
            self.maxAttempts = max(1, maxAttempts)
            self.operationsPerRun = max(1, operationsPerRun)
            self.runsOutboxAfterEachEvent = runsOutboxAfterEachEvent
            self.indexRefreshInterval = indexRefreshInterval
            self.remoteEditPolicy = remoteEditPolicy
        }
    }

    /// The bridge configuration.
    public let configuration: BridgeConfiguration
    /// Where all state lives.
    public let store: any BridgeStore
    /// The community: partner posts and documents.
    public let community: any CommunityAdapter
    /// The Planner client, or `nil` when no work goes to Planner.
    public let planner: PlannerClient?
    /// The ClickUp client, or `nil` when no work goes to ClickUp.
    public let clickUp: ClickUpClient?
    /// The current time.
    public let wallClock: WallClock
    /// This instance's id: the owner of its outbox leases.
    public let instanceId: String
    /// Receives internal notifications.
    public let observer: any BridgeEngineObserver
    /// Bounds and policies.
    public let options: Options

    let translator: WorkTranslator
    let sync: TrackerSync
    let composer: PartnerPostComposer
    var dueIndex: DueActionIndex?
    var dueIndexBuiltAt: Date?
    /// Index id (the clock's store key) → partner and clock id.
    var dueIndexClocks: [SLAClockID: (partner: PartnerID, clockId: String)] = [:]
    /// Decoded subjects by store key, with the version they were decoded from.
    var subjectCache: [StoreKey: Versioned<SyncSubject>] = [:]

    /// Creates an engine.
    ///
    /// - Parameters:
    ///   - configuration: The bridge configuration (validated by `BridgeConfiguration.load`).
    ///   - store: Where all state lives; several engines may share it.
    ///   - community: Publishes partner posts and serves documents.
    ///   - planner: The Planner client, or `nil`: events routed to Planner are dead-lettered.
    ///   - clickUp: The ClickUp client, or `nil`: events routed to ClickUp are dead-lettered.
    ///   - wallClock: The current time; inject a fixed or manual clock in tests.
    ///   - instanceId: This instance's id, unique among the engines sharing the store (letters,
    ///     digits and punctuation, no surrounding whitespace).
    ///   - observer: Receives internal notifications; by default they are ignored.
    ///   - options: Bounds and policies.
    /// - Throws: `InputError` at `$.instanceId` when the id is not a valid identifier.
    public init(
        configuration: BridgeConfiguration, store: any BridgeStore, community: any CommunityAdapter,
        planner: PlannerClient? = nil, clickUp: ClickUpClient? = nil, wallClock: WallClock = .system,
        instanceId: String, observer: any BridgeEngineObserver = IgnoringEngineObserver(), options: Options = Options()
    ) throws(InputError) {
        _ = try TextRules.check(instanceId, .identifier, limit: InputLimits.default.identifier, path: [.key("instanceId")])
        self.configuration = configuration
        self.store = store
        self.community = community
        self.planner = planner
        self.clickUp = clickUp
        self.wallClock = wallClock
        self.instanceId = instanceId
        self.observer = observer
        self.options = options
        self.translator = WorkTranslator(configuration: configuration)
        self.sync = TrackerSync(configuration: configuration)
        self.composer = configuration.postComposer
    }

    // MARK: - Shared helpers

    /// The partner-safe facts of a subject for posts and titles.
    func postContext(_ subject: SyncSubject, threadId: ThreadID?, team: String?) -> PostContext {
        var reference: TransactionReference?
        switch subject.origin.body {
        case .caseOpened(let partnerCase): reference = partnerCase.keyReference
        case .requestSubmitted(let request): reference = request.references.min { $0.type.prominence < $1.type.prominence }
        default: reference = nil
        }
        let teamName = team ?? subject.workTasks.first?.team
        let due = subject.workTasks.compactMap(\.item.dueAt).min()
        return PostContext(
            partner: subject.partner, caseId: subject.subjectId, threadId: threadId ?? subject.origin.threadId,
            kind: subject.kind, keyReference: reference,
            teamPublicName: teamName.flatMap { configuration.teams[$0]?.publicName },
            dueDate: due.map { partnerDate($0, partner: subject.partner.id) })
    }

    /// The calendar date of `instant` in the partner's calendar's time zone (UTC without one).
    func partnerDate(_ instant: Date, partner: PartnerID) -> LocalDate {
        let zone = configuration.partners[partner]?.calendar.flatMap { configuration.calendars[$0]?.timeZone }
        let offset = zone.map { $0.secondsFromGMT(for: instant) } ?? 0
        let localMillis = instant.epochMilliseconds + Int64(offset) * 1_000
        let day = localMillis >= 0 ? localMillis / 86_400_000 : (localMillis - 86_399_999) / 86_400_000
        return LocalDate(daysSinceEpoch: Int(day))
    }

    /// The case profile of a subject now, for SLA policies and escalation routing.
    func profile(_ subject: SyncSubject) -> CaseProfile {
        var profile =
            translator.subject(for: subject.origin)?.profile
            ?? CaseProfile(kind: subject.kind, partnerTier: subject.partner.tier)
        profile.kind = subject.kind
        profile.priority = subject.priority
        profile.partnerTier = subject.partner.tier
        return profile
    }

    /// A log-safe description of any error: the library's errors describe themselves without
    /// secrets; anything else is named by its type only, as it may carry text we cannot vet.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as ConnectorError: return error.description
        case let error as InputError: return error.description
        case let error as StoreError: return error.description
        case let error as StoreConflict: return error.description
        case let error as CommunityAdapterError: return error.description
        case let error as SLAClockError: return error.description
        case let error as TranslationError: return error.description
        case let error as UnknownCalendarError: return error.description
        case let error as EngineRejection: return error.description
        case let error as WaitingForTask: return error.description
        default: return "\(type(of: error))"
        }
    }

    /// The link of a task in a case record.
    func link(_ record: CaseRecord?, _ marker: IdempotencyMarker) -> TrackerLink? {
        record?.link(marker: marker)
    }

    /// The work status a tracker reads back for the state the engine left a task in.
    func readBackStatus(_ facts: TrackerStatusFacts?) -> WorkStatus? {
        facts.flatMap(sync.workStatus)
    }
}

/// Why the engine could not use a valid event: the reason it is dead-lettered with.
struct EngineRejection: Error, Hashable, Sendable, CustomStringConvertible {
    var path: JSONPath
    var reason: String

    init(_ path: JSONPath = .root, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    var description: String { "\(path): \(reason)" }

    var inputError: InputError { InputError(path: path, reason: .inconsistent(reason)) }
}
