#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import BridgeMapping
public import BridgeModels
public import BridgeSLA

extension BridgeEngine {
    // MARK: - Tick

    /// Acts on everything that became due up to `now`: the SLA warnings, breaches, escalation
    /// steps and reminders of every clock in the store, then the outbox operations whose retry
    /// time has come.
    ///
    /// Clocks are found through an in-memory `DueActionIndex`, built from the store on first
    /// use and rebuilt every ``Options/indexRefreshInterval`` (so clocks another instance
    /// started are seen). For each due clock the engine claims the interval since its last
    /// evaluation in the store (compare-and-swap, with a lease) before it acts, and records each
    /// action it carried out, so neither a second engine nor a restart acts twice, and a crash
    /// mid-way resumes where it stopped:
    ///
    /// - warnings, breaches, `notify`, `remind` and `route` go to the observer, with the
    ///   responder resolved through the configuration's `roles`;
    /// - `raisePriority` raises the priority of the case's tasks;
    /// - `createTask` / `createTaskGroup` create escalation tasks in their team's tracker, under
    ///   a marker derived from the action id;
    /// - `notifyPartner` posts the named message to the partner.
    ///
    /// - Parameter now: The instant to evaluate up to; the wall clock's time by default.
    /// - Returns: What was done.
    /// - Throws: The store's errors.
    @discardableResult
    public func tick(now: Date? = nil) async throws -> TickReport {
        let now = now ?? wallClock.now
        if dueIndex == nil || dueIndexBuiltAt.map({ Self.instant($0, plus: options.indexRefreshInterval) <= now }) ?? true {
            try await rebuildDueIndex(at: now)
        }
        let due = dueIndex?.due(upTo: now) ?? []
        var actions: [PerformedDueAction] = []
        for entry in due {
            guard let clock = dueIndexClocks[entry.clockId] else {
                dueIndex?.remove(entry.clockId)
                continue
            }
            actions += try await evaluate(clock.clockId, partner: clock.partner, now: now)
        }
        let operations = try await runOutbox(partner: nil, now: now)
        return TickReport(now: now, clocksDue: due.count, actions: actions, operations: operations)
    }

    /// Rebuilds the due-action index from every clock in the store.
    func rebuildDueIndex(at now: Date) async throws {
        var entries: [DueActionIndex.Entry] = []
        var clocks: [SLAClockID: (partner: PartnerID, clockId: String)] = [:]
        var after: StoreKey?
        while true {
            let page = try await store.slaClocks(SyncClockRecord.self, after: after, limit: 512)
            for stored in page {
                let key = try Self.indexKey(partner: stored.partnerId, clockId: stored.clockId)
                clocks[key] = (stored.partnerId, stored.clockId)
                if let due = nextDue(stored.clock) { entries.append(DueActionIndex.Entry(clockId: key, dueAt: due)) }
            }
            guard page.count == 512, let last = page.last else { break }
            after = try StoreKey(segments: [last.partnerId.rawValue, last.clockId])
        }
        dueIndex = DueActionIndex(entries: entries)
        dueIndexClocks = clocks
        dueIndexBuiltAt = now
    }

    /// The clock's key in the index: its store key, which is unique across partners.
    static func indexKey(partner: PartnerID, clockId: String) throws -> SLAClockID {
        SLAClockID(rawValue: try StoreKey(segments: [partner.rawValue, clockId]).rawValue)
    }

    static func instant(_ date: Date, plus duration: Duration) -> Date {
        let (seconds, attoseconds) = duration.components
        return date.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
    }

    func calendar(of clock: SLAClock) -> BusinessCalendar {
        clock.calendarName.flatMap { configuration.calendars[$0] } ?? .twentyFourSeven
    }

    func ladder(of clock: SLAClock) -> EscalationLadder? {
        clock.ladderName.flatMap { configuration.sla.ladders[$0] }
    }

    /// When the clock next needs the engine: now for an interval still being acted on, else its
    /// next due point after the last evaluation.
    func nextDue(_ record: SyncClockRecord) -> Date? {
        if let inFlight = record.inFlight { return inFlight.to }
        let after = record.evaluatedThrough ?? record.clock.cycles[0].startedAt.addingTimeInterval(-0.001)
        return record.clock.nextDueDate(after: after, calendar: calendar(of: record.clock), ladder: ladder(of: record.clock))
    }

    /// Keeps the index in step with a stored clock (`nil`: the clock is gone).
    func reindex(partner: PartnerID, clockId: String, record: SyncClockRecord?) {
        guard dueIndex != nil, let key = try? Self.indexKey(partner: partner, clockId: clockId) else { return }
        dueIndexClocks[key] = (partner, clockId)
        dueIndex?.update(key, nextDue: record.flatMap(nextDue))
    }

    // MARK: - Clocks

    /// Saves new clocks (a clock that exists already is kept as it is) and indexes them.
    func startClocks(_ clocks: [SLAClock], partner: PartnerID, subject: CaseID, pauseOn: [WorkStatus]) async throws
        -> [SLAClockID]
    {
        var started: [SLAClockID] = []
        for clock in clocks {
            let record = SyncClockRecord(clock: clock, subjectId: subject, pauseOn: pauseOn)
            do {
                try await store.saveSLAClock(record, partner: partner, id: clock.id.rawValue, expecting: nil)
                started.append(clock.id)
                reindex(partner: partner, clockId: clock.id.rawValue, record: record)
            } catch is StoreConflict {
                continue
            }
        }
        return started
    }

    /// Re-targets running clocks to the targets of a newly applied SLA (priority or policy
    /// changed), keeping their elapsed time.
    ///
    /// The change is recorded at `now` (when the bridge learnt of it), never before the instant
    /// the clock was last evaluated through: a target lowered below the time already used makes
    /// the breach and its escalations due at the change, and an interval the tick has already
    /// evaluated would never report them.
    func retarget(_ clockIds: [String], partner: PartnerID, to applied: AppliedSLA, at now: Date) async throws {
        for clockId in clockIds {
            try await transitionClock(clockId, partner: partner) { record in
                record.pauseOn = applied.pauseOn
                if let target = applied.targets[record.clock.metric], !record.clock.currentCycle.hasEnded,
                    record.clock.currentCycle.target != target
                {
                    try record.clock.changeTarget(to: target, at: max(now, record.evaluatedThrough ?? now))
                }
                return .unchanged
            }
        }
    }

    /// Changes a stored clock (compare-and-swap, read again and retried on conflicts) and
    /// re-indexes it. A transition the clock refuses is reported to the observer, not thrown.
    @discardableResult
    func transitionClock(
        _ clockId: String, partner: PartnerID, _ change: (inout SyncClockRecord) throws -> SLAClockChange
    ) async throws -> SLAClockChange? {
        for _ in 0..<16 {
            guard let stored = try await store.slaClock(SyncClockRecord.self, partner: partner, id: clockId) else {
                reindex(partner: partner, clockId: clockId, record: nil)
                return nil
            }
            var record = stored.value
            let result: SLAClockChange
            do {
                result = try change(&record)
            } catch {
                await observer.observe(.clockNotUpdated(partnerId: partner, clockId: clockId, reason: Self.describe(error)))
                return nil
            }
            if record != stored.value {
                do {
                    try await store.saveSLAClock(record, partner: partner, id: clockId, expecting: stored.version)
                } catch is StoreConflict {
                    continue
                }
            }
            reindex(partner: partner, clockId: clockId, record: record)
            return result
        }
        throw StoreError(code: .contention, detail: "gave up changing SLA clock \(clockId) of \(partner) after 16 conflicts")
    }

    /// Moves a subject's clocks with its status: a partner post by a person stops the first
    /// response clock and starts the next partner-update cycle; then the status pauses,
    /// resumes, stops, cancels or reopens them (`SLAClock.apply(status:at:pauseOn:)`).
    func moveClocks(of subject: SyncSubject, to status: WorkStatus, partnerWasAnswered: Bool, at now: Date) async throws
        -> [SLAClockID: SLAClockChange]
    {
        var changes: [SLAClockID: SLAClockChange] = [:]
        for clockId in subject.sla?.clockIds ?? [] {
            let change = try await transitionClock(clockId, partner: subject.partner.id) { record in
                var answered = SLAClockChange.unchanged
                if partnerWasAnswered && !status.isDone && !record.clock.currentCycle.hasEnded {
                    switch record.clock.metric {
                    case .firstResponse:
                        if try record.clock.stop(at: now) { answered = .stopped }
                    case .partnerUpdate:
                        try record.clock.stopAndStartNewCycle(at: now)
                        answered = .newCycle(paused: false)
                    default:
                        break
                    }
                }
                let moved = try record.clock.apply(status: status, at: now, pauseOn: record.pauseOn)
                return moved == .unchanged ? answered : moved
            }
            if let change, change != .unchanged { changes[SLAClockID(rawValue: clockId)] = change }
        }
        return changes
    }

    /// Records that the escalations of a case were acknowledged: reminders of every level that
    /// had fired stop (a level that fires later reminds again).
    ///
    /// - Parameters:
    ///   - partner: The case's partner.
    ///   - caseId: The case (or request, document, onboarding) id.
    ///   - instant: When; the wall clock's time by default.
    /// - Returns: The clocks whose running cycle recorded the acknowledgement.
    /// - Throws: The store's errors.
    @discardableResult
    public func acknowledgeEscalations(partner: PartnerID, caseId: CaseID, at instant: Date? = nil) async throws
        -> [SLAClockID]
    {
        let now = instant ?? wallClock.now
        guard let subject = try await subject(partner: partner, id: caseId)?.value else { return [] }
        var acknowledged: [SLAClockID] = []
        for clockId in subject.sla?.clockIds ?? [] {
            var recorded = false
            try await transitionClock(clockId, partner: partner) { record in
                recorded = false
                guard !record.clock.currentCycle.hasEnded else { return .unchanged }
                recorded = try record.clock.acknowledge(at: now)
                return .unchanged
            }
            if recorded { acknowledged.append(SLAClockID(rawValue: clockId)) }
        }
        return acknowledged
    }

    // MARK: - Acting on due actions

    /// Claims and acts on a clock's due actions up to `now`, resuming an interval a crash or a
    /// failure left unfinished.
    private func evaluate(_ clockId: String, partner: PartnerID, now: Date) async throws -> [PerformedDueAction] {
        var performed: [PerformedDueAction] = []
        while true {
            guard let stored = try await store.slaClock(SyncClockRecord.self, partner: partner, id: clockId) else {
                reindex(partner: partner, clockId: clockId, record: nil)
                return performed
            }
            var record = stored.value
            let interval: SyncClockRecord.DueInterval
            if let inFlight = record.inFlight {
                if inFlight.owner != instanceId && inFlight.expiresAt > now {
                    return performed  // another instance is acting on it
                }
                interval = inFlight
                if inFlight.owner != instanceId {
                    record.inFlight?.owner = instanceId
                    record.inFlight?.expiresAt = Self.instant(now, plus: options.leaseDuration)
                    do {
                        try await store.saveSLAClock(record, partner: partner, id: clockId, expecting: stored.version)
                    } catch is StoreConflict {
                        continue
                    }
                }
            } else {
                if let through = record.evaluatedThrough, through >= now {
                    reindex(partner: partner, clockId: clockId, record: record)
                    return performed
                }
                interval = SyncClockRecord.DueInterval(
                    from: record.evaluatedThrough, to: now, owner: instanceId,
                    expiresAt: Self.instant(now, plus: options.leaseDuration))
                record.inFlight = interval
                record.evaluatedThrough = now
                do {
                    try await store.saveSLAClock(record, partner: partner, id: clockId, expecting: stored.version)
                } catch is StoreConflict {
                    continue
                }
            }
            let subject = try await subject(partner: partner, id: record.subjectId)?.value
            let calendar = calendar(of: record.clock)
            let due =
                if let subject {
                    record.clock.dueActions(
                        from: interval.from, to: interval.to, calendar: calendar, ladder: ladder(of: record.clock),
                        profile: profile(subject))
                } else {
                    record.clock.dueActions(from: interval.from, to: interval.to, calendar: calendar)
                }
            for action in due where !interval.done.contains(action.id.rawValue) {
                let effects = try await perform(action, partner: partner, subjectId: record.subjectId)
                performed.append(PerformedDueAction(partnerId: partner, action: action, effects: effects))
                try await store.updateSyncClock(partner: partner, id: clockId) { current in
                    if current?.inFlight?.to == interval.to { current?.inFlight?.done.append(action.id.rawValue) }
                }
            }
            let finished = try await store.updateSyncClock(partner: partner, id: clockId) { current in
                if current?.inFlight?.to == interval.to { current?.inFlight = nil }
            }
            reindex(partner: partner, clockId: clockId, record: finished?.value)
            if interval.to >= now { return performed }
        }
    }

    /// Carries out one due action.
    private func perform(_ action: SLADueAction, partner: PartnerID, subjectId: CaseID) async throws
        -> [PerformedDueAction.Effect]
    {
        let notice = SLANotice(
            actionId: action.id, partnerId: partner, caseId: subjectId, metric: action.metric, cycle: action.cycle,
            dueAt: action.dueAt)
        let subject = try await subject(partner: partner, id: subjectId)?.value
        func report(_ event: EngineEvent) async -> [PerformedDueAction.Effect] {
            await observer.observe(event)
            return [.reported(event)]
        }
        switch action.kind {
        case .warning(let threshold):
            return await report(.slaWarning(notice, threshold: threshold))
        case .breach:
            return await report(.slaBreached(notice))
        case .reminder(_, let number, let role, let skipped):
            return await report(
                .remind(notice, role: role, responder: responder(role, subject), number: number, skipped: skipped))
        case .escalation(_, let step):
            switch step {
            case .notify(let role):
                return await report(.notify(notice, role: role, responder: responder(role, subject)))
            case .route(let role):
                return await report(.route(notice, role: role, responder: responder(role, subject)))
            case .raisePriority(_, let to):
                return try await raisePriority(to: to, notice: notice)
            case .createTask(let template):
                return [try await queueEscalationTask(template, notice: notice, subject: subject)]
            case .createTaskGroup(let templates):
                var effects: [PerformedDueAction.Effect] = []
                for template in templates {
                    effects.append(try await queueEscalationTask(template, notice: notice, subject: subject))
                }
                return effects
            case .notifyPartner(let template):
                return [try await notifyPartner(template, notice: notice, subject: subject)]
            }
        }
    }

    /// Who an escalation step's role stands for.
    func responder(_ role: ResponderRole, _ subject: SyncSubject?) -> EscalationResponder {
        if role == .assignee {
            var ids: [String] = []
            for id in subject?.workTasks.flatMap(\.item.assigneeIDs) ?? [] where !ids.contains(id) { ids.append(id) }
            return .assignees(ids)
        }
        if let team = configuration.roles[role] { return .team(team) }
        if configuration.teams[role.rawValue] != nil { return .team(role.rawValue) }
        return .unresolved(role)
    }

    private func failed(_ notice: SLANotice, _ reason: String) async -> PerformedDueAction.Effect {
        await observer.observe(.escalationFailed(notice, reason: reason))
        return .failed(reason)
    }

    private func raisePriority(to target: Priority, notice: SLANotice) async throws -> [PerformedDueAction.Effect] {
        var from: Priority?
        var markers: [IdempotencyMarker] = []
        try await updateSubject(partner: notice.partnerId, id: notice.caseId) { current in
            guard var subject = current, subject.priority < target else { return }
            from = subject.priority
            subject.priority = target
            markers = subject.workTasks.map(\.marker)
            for marker in markers { subject.updateTask(marker) { $0.item.priority = target } }
            current = subject
        }
        guard let from else { return [] }
        for marker in markers {
            let operation = SyncOperation(notice.caseId, .syncTask(marker))
            try await store.appendOperation(operation, partner: notice.partnerId, marker: marker, at: wallClock.now)
        }
        return [.priorityRaised(from: from, to: target)]
    }

    private func queueEscalationTask(_ name: String, notice: SLANotice, subject: SyncSubject?) async throws
        -> PerformedDueAction.Effect
    {
        guard let subject else { return await failed(notice, "the bridge has no state for \(notice.caseId)") }
        guard let template = configuration.escalationTasks[name] else {
            return await failed(notice, "no escalation task template \(TextSanitizer.quotedFragment(name, limit: 64))")
        }
        guard let team = configuration.teams[template.team] else {
            return await failed(notice, "escalation task \(name) names team \(template.team), which is not configured")
        }
        let destination: WorkDestination
        let assignees: [String]
        switch team.tracker {
        case .planner:
            guard planner != nil, let settings = team.planner else {
                return await failed(notice, "team \(template.team) works in planner, and the engine has no planner client")
            }
            destination = .planner(planId: settings.planId, bucketId: settings.bucketId)
            assignees = settings.assignees
        case .clickUp:
            guard clickUp != nil, let settings = team.clickUp else {
                return await failed(notice, "team \(template.team) works in clickup, and the engine has no clickup client")
            }
            destination = .clickUp(listId: settings.listId)
            assignees = settings.assignees.map(String.init)
        }
        let record = try await store.caseRecord(partner: notice.partnerId, case: notice.caseId)?.value
        let context = postContext(subject, threadId: record?.threadId, team: template.team)
        let marker = IdempotencyMarker(partner: notice.partnerId, namespace: .escalation, subject: notice.actionId.rawValue, suffix: name)
        let partnerName = subject.partner.name ?? subject.partner.id.rawValue
        let item = WorkItem(
            title: template.title.render(composer.placeholderValues(context)),
            description: [
                .heading("SLA escalation"), .field(label: "Case", value: notice.caseId.rawValue),
                .field(label: "Partner", value: "\(partnerName) (\(subject.partner.id))"),
                .field(label: "Clock", value: "\(notice.metric), cycle \(notice.cycle)"),
                .field(label: "Due", value: RFC3339.string(from: notice.dueAt)),
                .field(label: "Escalation", value: notice.actionId.rawValue),
            ],
            priority: template.priority ?? subject.priority.raised(by: 1), assigneeIDs: assignees,
            checklist: template.checklist.map { ChecklistEntry(title: $0) }, destination: destination, marker: marker,
            fields: [.partner: .text("\(partnerName) (\(subject.partner.id))"), .caseId: .text(notice.caseId.rawValue)],
            partnerId: notice.partnerId, caseId: notice.caseId)
        var added = false
        try await updateSubject(partner: notice.partnerId, id: notice.caseId) { current in
            added = false
            guard current?.task(marker) == nil else { return }
            current?.tasks.append(
                SyncTask(marker: marker, team: template.team, role: .escalation(actionId: notice.actionId.rawValue), item: item))
            added = current != nil
        }
        if added {
            try await store.appendOperation(
                SyncOperation(notice.caseId, .createTask(marker)), partner: notice.partnerId, marker: marker, at: wallClock.now)
        }
        return .escalationTaskQueued(marker: marker, team: template.team)
    }

    private func notifyPartner(_ name: String, notice: SLANotice, subject: SyncSubject?) async throws
        -> PerformedDueAction.Effect
    {
        guard let subject else { return await failed(notice, "the bridge has no state for \(notice.caseId)") }
        let record = try await store.caseRecord(partner: notice.partnerId, case: notice.caseId)?.value
        let context = postContext(subject, threadId: record?.threadId, team: nil)
        let cause = PostCause(change: "sla", reference: notice.actionId.rawValue)
        guard let post = composer.messagePost(context, named: name, cause: cause) else {
            return await failed(notice, "no message named \(TextSanitizer.quotedFragment(name, limit: 64)) in the templates")
        }
        try await store.appendOperation(
            SyncOperation(notice.caseId, .publish(post)), partner: notice.partnerId, at: wallClock.now)
        return .partnerNotified(post)
    }
}
