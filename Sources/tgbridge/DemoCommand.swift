#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BridgeTesting
import TradingGridBridge

/// `tgbridge demo [--config FILE] [--events FILE]`: the whole bridge, offline, on the shipped
/// examples. The real engine and the real Planner and ClickUp clients run against the
/// in-memory fakes of `BridgeTesting`, with an in-memory store and community and a manual
/// clock that starts at the first event; people in the trackers are simulated. The narration
/// is deterministic: the same input prints the same lines.
enum DemoCommand {
    static func run(_ arguments: Arguments, out: inout some TextOutputStream, err: inout some TextOutputStream) async
        -> Int32
    {
        var arguments = arguments
        let configPath: String
        let eventsPath: String
        do {
            configPath = try arguments.option("config") ?? "Examples/bridge-config.json"
            eventsPath = try arguments.option("events") ?? "Examples/events.jsonl"
        } catch {
            print("tgbridge: \(error.message)", to: &err)
            return ExitStatus.usage
        }
        guard arguments.remaining.isEmpty else {
            print("tgbridge: demo takes only --config FILE and --events FILE", to: &err)
            return ExitStatus.usage
        }
        let configBytes: [UInt8]
        var lines: [[UInt8]] = []
        do {
            configBytes = try readWholeFile(configPath)
            var splitter = JSONLinesSplitter()
            let feed: (JSONLinesSplitter.Line) -> Void = { line in
                if case .complete(_, let bytes) = line, !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { lines.append(bytes) }
            }
            splitter.feed(try readWholeFile(eventsPath), feed)
            splitter.finish(feed)
        } catch {
            print("tgbridge: \(error)", to: &err)
            return ExitStatus.usage
        }
        guard let configuration = loadConfiguration(configBytes, path: configPath, err: &err) else {
            return ExitStatus.invalidInput
        }
        do {
            let demo = try await Demo(configuration: configuration, lines: lines, eventsName: eventsPath)
            for line in try await demo.run() { print(line, to: &out) }
            return ExitStatus.success
        } catch {
            print("tgbridge: the demo stopped: \(error)", to: &err)
            return ExitStatus.invalidInput
        }
    }
}

/// Loads a command's configuration; when it does not load, prints every problem with its JSON
/// path (exit status 1 follows).
func loadConfiguration(_ bytes: [UInt8], path: String, err: inout some TextOutputStream) -> BridgeConfiguration? {
    do {
        return try BridgeConfiguration.load(bytes)
    } catch {
        print("tgbridge: \(path) is not a valid configuration (run tgbridge config validate):", to: &err)
        for problem in error.problems { print("  \(problem)", to: &err) }
        return nil
    }
}

/// One run of the demo: the fakes, the engine, and the narration.
final class Demo {
    let configuration: BridgeConfiguration
    let lines: [[UInt8]]
    let eventsName: String
    let clock: ManualClock
    let planner: PlannerFake
    let clickUp: ClickUpFake
    let community = InMemoryCommunityAdapter()
    let store = InMemoryStore()
    let observer = EngineEventRecorder()
    let engine: BridgeEngine
    let receiver: ClickUpWebhookReceiver
    var output: [String] = []

    init(configuration: BridgeConfiguration, lines: [[UInt8]], eventsName: String) async throws {
        self.configuration = configuration
        self.lines = lines
        self.eventsName = eventsName.split(separator: "/").last.map(String.init) ?? eventsName
        let events = lines.compactMap { try? CommunityEventDecoder().decode($0) }
        clock = ManualClock(startDate: events.map(\.occurredAt).min() ?? Date(epochMilliseconds: 1_795_183_380_000))
        planner = PlannerFake(seed: 2026, wallClock: clock.wallClock)
        clickUp = ClickUpFake(clock: clock)
        let token = "pk_0_DEMO"
        let workspace = configuration.teams.values.compactMap { $0.clickUp?.teamId }.sorted().first ?? "9011000000"
        await clickUp.addWorkspace(workspace)
        await clickUp.addToken(token, user: ClickUpFake.User(id: 183, username: "bridge"))
        for name in configuration.teams.keys.sorted() {
            guard let team = configuration.teams[name] else { continue }
            if let settings = team.planner {
                await planner.addPlan(id: settings.planId, bucketIds: settings.bucketId.map { [$0] } ?? [])
            }
            if let settings = team.clickUp {
                await clickUp.addList(
                    ClickUpFake.List(
                        id: settings.listId, name: name, workspaceId: workspace,
                        statuses: Demo.statuses(of: settings, configuration), customFields: Demo.fields(of: settings)))
            }
        }
        // The example events give the SHA-256 of the four bytes "test" for their documents: serve
        // every document the events mention with those bytes, so the digests check out.
        for event in events {
            for document in Demo.documents(of: event) {
                await community.addDocument(document.id, bytes: Array("test".utf8), name: document.name, mediaType: document.mediaType)
            }
        }
        var clickUpConfiguration = ClickUpClient.Configuration(boundaries: .seeded(2026))
        clickUpConfiguration.wallClock = clock.wallClock
        let clickUpClient = ClickUpClient(
            transport: clickUp.with(AuthorizationMiddleware(scheme: .clickUp, token: Secret(token), connector: .clickUp)),
            configuration: clickUpConfiguration)
        let webhook = try await clickUpClient.createWebhook(
            inWorkspace: workspace, ClickUpWebhookCreate(endpoint: "https://bridge.example.com/webhooks/clickup", events: ["*"]))
        receiver = ClickUpWebhookReceiver(verifier: ClickUpWebhookVerifier(secret: webhook.secret, wallClock: clock.wallClock))
        engine = try BridgeEngine(
            configuration: configuration, store: store, community: community,
            planner: PlannerClient(transport: planner, clock: clock, wallClock: clock.wallClock), clickUp: clickUpClient,
            wallClock: clock.wallClock, instanceId: "demo", observer: observer)
    }

    /// The list's statuses: ClickUp's defaults plus every name the configuration writes or
    /// reads, closed for finished work.
    static func statuses(of settings: ClickUpDestination, _ configuration: BridgeConfiguration) -> [ClickUpFake.Status] {
        var statuses = ClickUpFake.Status.defaults
        let named = settings.statuses.map { ($0.value, $0.key) } + configuration.clickUpStatus.byName.map { ($0.key, $0.value) }
        for (name, status) in named.sorted(by: { $0.0 < $1.0 })
        where !statuses.contains(where: { $0.name.lowercased() == name.lowercased() }) {
            statuses.append(ClickUpFake.Status(name, type: status.isDone ? "closed" : status == .open ? "open" : "custom"))
        }
        return statuses
    }

    static func fields(of settings: ClickUpDestination) -> [ClickUpFake.CustomField] {
        settings.customFields.sorted { $0.key.rawValue < $1.key.rawValue }.map { key, id in
            let type = key == .amount ? "currency" : key == .slaDue ? "date" : "short_text"
            return ClickUpFake.CustomField(id: id, name: key.rawValue, type: type)
        }
    }

    static func documents(of event: CommunityEvent) -> [Document] {
        switch event.body {
        case .caseOpened(let partnerCase): return partnerCase.documents
        case .documentUploaded(let upload): return [upload.document]
        case .requestSubmitted(let request): return request.documents
        case .messagePosted(let posted): return posted.message.documents
        default: return []
        }
    }

    // MARK: - The story

    func run() async throws -> [String] {
        say("TradingGridBridge demo: \(lines.count) events from \(eventsName), Planner and ClickUp fakes behind the real clients")
        var firstCase: (partner: PartnerID, caseId: CaseID)?
        var lastEvent = clock.date
        for (index, line) in lines.enumerated() {
            let event = try? CommunityEventDecoder().decode(line)
            if let at = event?.occurredAt {
                advance(to: at)
                lastEvent = max(lastEvent, at)
            }
            let outcome = try await engine.handle(bytes: line, source: "\(eventsName):\(index + 1)")
            narrate(outcome, event)
            await narrateObserver()
            guard let event else { continue }
            switch event.type {
            case .acknowledgementReceived:
                if let receipt = event.acknowledgement,
                    let recorded = try await engine.acknowledgement(of: receipt.noticeId, by: receipt.partnerId)
                {
                    say("    acknowledgement of \(recorded.noticeId) recorded\(recorded.by.map { " (by \($0))" } ?? "")")
                }
            case .caseOpened where firstCase == nil:
                firstCase = (event.partner.id, subject(of: event))
                if let firstCase { try await plannerProgress(firstCase, at: event.occurredAt.addingTimeInterval(27 * 60)) }
            case .caseUpdated:
                if let firstCase { try await clickUpReview(firstCase, at: event.occurredAt.addingTimeInterval(20 * 60)) }
            case .actionItemIdentified:
                if let firstCase {
                    try await clickUpComments(firstCase, at: event.occurredAt.addingTimeInterval(15 * 60))
                    try await tick(at: event.occurredAt.addingTimeInterval(5 * 3_600))
                }
            default:
                break
            }
        }
        try await tick(at: lastEvent.addingTimeInterval(25 * 3_600))
        try await summary()
        return output
    }

    func subject(of event: CommunityEvent) -> CaseID {
        event.caseId ?? CaseID(event.id.rawValue)
    }

    /// A person in Planner moves the first case's Planner task to 50 %; the poll finds it.
    func plannerProgress(_ subject: (partner: PartnerID, caseId: CaseID), at instant: Date) async throws {
        guard let link = try await links(subject).first(where: { $0.tracker == .planner }) else { return }
        advance(to: instant)
        try await planner.humanEdit(task: link.taskId) { $0.percentComplete = 50 }
        say("\(Demo.time(clock.date))  person in Planner: the \(subject.caseId) task goes to 50 %")
        let report = try await engine.pollPlanner()
        say("    poll: \(report.plans.count) plans listed, \(report.changes.count) bridge task changed\(posted(report.changes))")
    }

    /// A person in ClickUp moves the first case's ClickUp task to "in review"; the signed
    /// webhook comes in twice (ClickUp's duplicate) and makes one post.
    func clickUpReview(_ subject: (partner: PartnerID, caseId: CaseID), at instant: Date) async throws {
        guard let link = try await links(subject).first(where: { $0.tracker == .clickUp }) else { return }
        advance(to: instant)
        try await clickUp.humanChangesStatus(of: link.taskId, to: "in review")
        say("\(Demo.time(clock.date))  person in ClickUp: the \(subject.caseId) task goes to \"in review\"")
        let (deliveries, outcomes) = try await deliverWebhooks()
        say("    webhook: \(deliveries) signed deliveries (ClickUp's duplicates and the bridge's own writes among them)\(posted(outcomes))")
    }

    /// A person comments twice on the first case's ClickUp task: internally, then in public.
    func clickUpComments(_ subject: (partner: PartnerID, caseId: CaseID), at instant: Date) async throws {
        guard let link = try await links(subject).first(where: { $0.tracker == .clickUp }) else { return }
        advance(to: instant)
        try await clickUp.humanPostsComment(on: link.taskId, text: "Carrier confirms 8 units short; ask @dana for the BOL")
        try await clickUp.humanPostsComment(on: link.taskId, text: "[public] The carrier confirmed the shortage; a credit note follows.")
        say("\(Demo.time(clock.date))  person in ClickUp: an internal comment, then a [public] one on \(subject.caseId)")
        let (deliveries, outcomes) = try await deliverWebhooks()
        let kept = outcomes.filter { $0.ignoredBecause?.hasSuffix("is internal") == true }.count
        say("    webhook: \(deliveries) deliveries, \(kept) comment kept internal\(posted(outcomes))")
    }

    func links(_ subject: (partner: PartnerID, caseId: CaseID)) async throws -> [TrackerLink] {
        try await store.caseRecord(partner: subject.partner, case: subject.caseId)?.value.links ?? []
    }

    func deliverWebhooks() async throws -> (Int, [TrackerChangeOutcome]) {
        let collected = Collected()
        let receiver = receiver
        let engine = engine
        await clickUp.setWebhookReceiver { delivery in
            do {
                let verified = try await receiver.receive(body: delivery.body, fields: delivery.fields)
                await collected.add(try await engine.receive(clickUpWebhook: verified))
                return .ok
            } catch {
                return .serviceUnavailable
            }
        }
        let deliveries = await clickUp.deliverPendingWebhooks()
        return (deliveries, await collected.outcomes.filter { $0.caseId != nil })
    }

    func tick(at instant: Date) async throws {
        advance(to: instant)
        let report = try await engine.tick()
        say("\(Demo.time(clock.date))  tick: \(report.clocksDue) SLA clocks due, \(report.actions.count) actions")
        for performed in report.actions {
            let action = performed.action
            let effects = performed.effects.map(Demo.describe).joined(separator: "; ")
            say("    \(performed.partnerId) \(action.caseId) \(action.metric)#\(action.cycle): \(effects)")
        }
        for result in report.operations { narrate(result) }
        await narrateObserver()
    }

    func summary() async throws {
        let posts = await community.posts
        say("Partner posts published (\(posts.count)):")
        for post in posts {
            let label = post.status.map { "\($0)" } ?? "\(post.kind)"
            say("  \(post.partnerId) \(post.caseId.map { "\($0)" } ?? "-") [\(label)] \(post.text)")
        }
        let metrics = try await engine.serviceMetrics()
        say("Service metrics at \(Demo.time(clock.date)): \(metrics.caseCount) cases, \(metrics.openCount) open, \(metrics.overdueCount) overdue")
        if let first = metrics.timeToFirstResponse.business {
            say("  first response (business time): \(first.count) answered, median \(Demo.duration(first.median))")
        }
        let compliance = metrics.compliance
        say("  SLA clocks: \(compliance.met) met, \(compliance.breached) breached")
        say("  open by partner: " + metrics.openByPartner.map { "\($0.value) \($0.count)" }.joined(separator: ", "))
        let pending = try await store.outboxEntries(SyncOperation.self).count
        let failed = try await store.outboxEntries(SyncOperation.self, states: [.failed]).count
        let letters = try await store.deadLetters().count
        say("  outbox: \(pending) pending, \(failed) failed; dead letters: \(letters)")
    }

    // MARK: - Narration

    func say(_ line: String) {
        output.append(line)
    }

    func advance(to instant: Date) {
        let gap = instant.epochMilliseconds - clock.date.epochMilliseconds
        if gap > 0 { clock.advance(by: .milliseconds(gap)) }
    }

    func narrate(_ outcome: EventOutcome, _ event: CommunityEvent?) {
        let what = event.map { "\($0.type) \($0.id) (\($0.partner.id)\($0.caseId.map { ", \($0)" } ?? ""))" } ?? "unreadable line"
        say("\(Demo.time(clock.date))  \(what)")
        switch outcome.disposition {
        case .duplicate: say("    already handled: nothing to do")
        case .deadLettered(_, let reason): say("    dead-lettered: \(reason)")
        case .handled: break
        }
        if !outcome.startedClocks.isEmpty {
            say("    SLA clocks started: \(outcome.startedClocks.map { $0.rawValue.split(separator: "/").last.map(String.init) ?? "" }.joined(separator: ", "))")
        }
        for result in outcome.operations { narrate(result) }
    }

    func narrate(_ result: OperationResult) {
        switch result.state {
        case .done(let effect):
            if let line = Demo.describe(effect) { say("    " + line) }
        case .retryScheduled(let retryAt, let reason):
            say("    \(result.operation): retry at \(Demo.time(retryAt)) (\(reason))")
        case .failed(let reason):
            say("    \(result.operation) failed for good: \(reason)")
        case .leaseLost:
            say("    \(result.operation): taken over by another instance")
        }
    }

    func narrateObserver() async {
        for event in await observer.drain() {
            switch event {
            case .attachmentFailed(_, let marker, let reason): say("    task \(marker) created without a document: \(reason)")
            case .operationFailed(_, _, let operation, let reason): say("    ! \(operation): \(reason)")
            case .clockNotUpdated(_, let clock, let reason): say("    ! clock \(clock): \(reason)")
            default: break
            }
        }
    }

    func posted(_ outcomes: [TrackerChangeOutcome]) -> String {
        let posts = outcomes.compactMap(\.post)
        guard !posts.isEmpty else { return "; nothing for the partner" }
        return " → post " + posts.map { $0.status.map { "\($0)" } ?? "\($0.kind)" }.joined(separator: ", ")
    }

    static func describe(_ effect: OperationResult.Effect) -> String? {
        switch effect {
        case .taskCreated(let task, let found):
            return "\(found ? "found" : "created") \(task.tracker) task \(task.taskId) in \(place(task.destination)) for \(task.team), "
                + "priority \(task.priority)\(task.dueAt.map { ", due \(time($0))" } ?? "")"
        case .taskUpdated(let task, let requests):
            return "updated \(task.tracker) task \(task.taskId) (\(requests) request\(requests == 1 ? "" : "s"))"
        case .statusSet(let task, let status):
            return "set \(task.tracker) task \(task.taskId) to \(status)"
        case .commentAdded(let task, _):
            return "partner message added to \(task.tracker) task \(task.taskId) as a comment"
        case .published(let post, _):
            return "→ post to \(post.partnerId): \(post.status.map { "\($0)" } ?? "\(post.kind)")"
        case .nothingToDo:
            return nil
        }
    }

    static func describe(_ effect: PerformedDueAction.Effect) -> String {
        switch effect {
        case .reported(let event):
            switch event {
            case .slaWarning(_, let threshold): return "warning \(threshold)"
            case .slaBreached: return "BREACHED"
            case .notify(_, let role, let responder): return "notify \(role) (\(responder))"
            case .remind(_, let role, let responder, let number, _): return "remind \(role) (\(responder)), reminder \(number)"
            case .route(_, _, let responder): return "route to \(responder)"
            default: return "reported"
            }
        case .priorityRaised(let from, let to): return "priority \(from) → \(to)"
        case .escalationTaskQueued(_, let team): return "escalation task for \(team)"
        case .partnerNotified: return "message to the partner"
        case .failed(let reason): return "failed: \(reason)"
        }
    }

    static func place(_ destination: WorkDestination) -> String {
        switch destination {
        case .planner(let plan, _): return "plan \(plan)"
        case .clickUp(let list): return "list \(list)"
        }
    }

    /// `Fri 11-20 14:03Z`.
    static func time(_ date: Date) -> String {
        let text = Array(RFC3339.string(from: date))
        let days = Int((date.epochMilliseconds - (date.epochMilliseconds % 86_400_000 + 86_400_000) % 86_400_000) / 86_400_000)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        return "\(weekday) \(String(text[5..<10])) \(String(text[11..<16]))Z"
    }

    /// `27m`, `2h05m`.
    static func duration(_ duration: Duration) -> String {
        let minutes = Int(duration.components.seconds / 60)
        return minutes < 60 ? "\(minutes)m" : "\(minutes / 60)h\(minutes % 60 < 10 ? "0" : "")\(minutes % 60)m"
    }
}

/// Collects what the engine did with webhook deliveries made inside the fake's receiver.
actor Collected {
    var outcomes: [TrackerChangeOutcome] = []
    func add(_ more: [TrackerChangeOutcome]) { outcomes += more }
}
