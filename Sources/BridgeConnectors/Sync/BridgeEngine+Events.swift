#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BridgeMapping
public import BridgeModels
import BridgeSLA

/// What an event asks for: the operations to write ahead, and the clocks it started.
struct EventPlan {
    var operations: [SyncOperation] = []
    var startedClocks: [SLAClockID] = []
}

extension BridgeEngine {
    // MARK: - Entry points

    /// Decodes one community event (one JSON Lines line) and handles it; bytes that do not
    /// decode are kept as a dead letter with the JSON path and the reason.
    ///
    /// - Parameters:
    ///   - bytes: The event's JSON.
    ///   - source: Where it came from (a file and line, a webhook route), kept with a dead letter.
    /// - Returns: What was done; ``EventOutcome/Disposition/deadLettered(id:reason:)`` for bad input.
    /// - Throws: The store's errors only: nothing about the input throws.
    public func handle(bytes: [UInt8], source: String) async throws -> EventOutcome {
        switch CommunityEventDecoder().decodeOrDeadLetter(bytes, receivedAt: wallClock.now, source: source) {
        case .success(let event):
            return try await handle(event)
        case .failure(let letter):
            let id = try await keep(letter)
            return EventOutcome(
                eventId: nil, partnerId: nil, disposition: .deadLettered(id: id, reason: "\(letter.path): \(letter.reason)"),
                startedClocks: [], operations: [])
        }
    }

    /// Handles one community event: de-duplicates it by id, plans its work through the
    /// configuration, writes every operation ahead to the outbox, then runs the partner's outbox
    /// (unless ``Options/runsOutboxAfterEachEvent`` is off).
    ///
    /// | event | what happens |
    /// |---|---|
    /// | `case.opened`, `document.uploaded`, `request.submitted`, `case.actionItemIdentified`, `partner.added`, `compliance.requirementTriggered` | one task per routed team (or department), SLA clocks started retroactively, the partner told ("received", or onboarding progress) |
    /// | `case.updated` | the case's tasks updated (only what changed), clocks re-targeted |
    /// | `case.messagePosted` | the message added to each task: a ClickUp comment, or the Planner description |
    /// | `case.withdrawn` | tasks cancelled, clocks cancelled, the partner told "closed" |
    /// | `onboarding.requirementCompleted` | the checklist item checked, onboarding progress posted |
    /// | `acknowledgement.received` | the acknowledgement recorded |
    ///
    /// An event the engine cannot use (a programme or case it does not know, a tracker without
    /// a client) is dead-lettered with the reason.
    ///
    /// - Returns: What was done.
    /// - Throws: The store's errors only.
    public func handle(_ event: CommunityEvent) async throws -> EventOutcome {
        let partnerId = event.partner.id
        var outcome = EventOutcome(
            eventId: event.id, partnerId: partnerId, disposition: .duplicate, startedClocks: [], operations: [])
        if try await store.isEventProcessed(event.id, partner: partnerId) { return outcome }
        let now = wallClock.now
        let plan: EventPlan
        do {
            plan = try await planEvent(event, now: now)
        } catch let rejection as EngineRejection {
            outcome.disposition = try await deadLetter(event, rejection.inputError, now: now)
            return outcome
        } catch let error as TranslationError {
            var path = JSONPath.root
            if case .unknownProgram = error.reason { path = path.appending(key: "program") }
            outcome.disposition = try await deadLetter(event, InputError(path: path, reason: .inconsistent(error.description)), now: now)
            return outcome
        }
        for operation in plan.operations {
            try await store.appendOperation(operation, partner: partnerId, marker: operation.marker, at: now)
        }
        outcome.startedClocks = plan.startedClocks
        // Recorded once its operations are durable: a crash before this line lets a redelivery
        // plan again (the plan converges: tasks already linked or queued are not queued again).
        if try await store.markEventProcessed(event.id, partner: partnerId, at: now) {
            outcome.disposition = .handled
        }
        if options.runsOutboxAfterEachEvent {
            outcome.operations = try await runOutbox(partner: partnerId, now: now)
        }
        return outcome
    }

    // MARK: - Dead letters

    func keep(_ letter: DeadLetter) async throws -> StoreKey {
        let id = try await store.addDeadLetter(letter)
        await observer.observe(.deadLettered(id: id, reason: "\(letter.path): \(letter.reason)"))
        return id
    }

    private func deadLetter(_ event: CommunityEvent, _ error: InputError, now: Date) async throws -> EventOutcome.Disposition {
        let payload = (try? StableJSON.encode(event)) ?? Data()
        let letter = DeadLetter(payload: payload, error: error, receivedAt: now, source: "engine:\(event.type)")
        return .deadLettered(id: try await keep(letter), reason: "\(letter.path): \(letter.reason)")
    }

    // MARK: - Planning

    private func planEvent(_ event: CommunityEvent, now: Date) async throws -> EventPlan {
        switch event.body {
        case .caseOpened, .documentUploaded, .requestSubmitted, .actionItemIdentified, .partnerAdded,
            .complianceRequirementTriggered:
            return try await planWork(event, now: now)
        case .caseUpdated(let update):
            return try await planUpdate(event, update, now: now)
        case .messagePosted(let posted):
            return try await planMessage(event, posted)
        case .caseWithdrawn(let withdrawal):
            return try await planWithdrawal(event, withdrawal, now: now)
        case .requirementCompleted(let requirement):
            return try await planRequirement(event, requirement)
        case .acknowledgementReceived:
            try await recordAcknowledgement(event)
            return EventPlan()
        }
    }

    /// The subject an event's work belongs to: the case, or the request, document, action
    /// item, onboarding programme or requirement when there is no case.
    func subjectId(for event: CommunityEvent) -> CaseID {
        switch event.body {
        case .caseOpened(let partnerCase): return partnerCase.id
        case .documentUploaded(let upload): return upload.caseId ?? CaseID(upload.document.id.rawValue)
        case .requestSubmitted(let request): return CaseID(request.id.rawValue)
        case .actionItemIdentified(let identified): return identified.caseId ?? CaseID(identified.actionItem.id.rawValue)
        case .partnerAdded(let added): return CaseID("onboarding-" + added.program)
        case .complianceRequirementTriggered(let requirement): return CaseID(requirement.id.rawValue)
        case .caseUpdated(let update): return update.id
        case .messagePosted(let posted): return posted.caseId
        case .caseWithdrawn(let withdrawal): return withdrawal.caseId
        case .requirementCompleted, .acknowledgementReceived: return CaseID(event.id.rawValue)
        }
    }

    private func requireClient(for work: AssignedWork) throws(EngineRejection) {
        let configured = work.assignment.tracker == .planner ? planner != nil : clickUp != nil
        guard configured else {
            throw EngineRejection(
                .root, "team \(work.assignment.team) works in \(work.assignment.tracker), and the engine has no \(work.assignment.tracker) client")
        }
    }

    private func unknownSubject(_ event: CommunityEvent, _ id: CaseID, key: String) -> EngineRejection {
        EngineRejection(
            JSONPath.root.appending(key: key),
            "the bridge has no case \(TextSanitizer.quotedFragment(id.rawValue, limit: 80)) of partner \(event.partner.id)")
    }

    /// Events that create work: route, translate, start the SLA, queue one create per task and
    /// the partner's first post.
    private func planWork(_ event: CommunityEvent, now: Date) async throws -> EventPlan {
        let work = try translator.assignedWork(for: event)
        guard let routing = translator.subject(for: event), let first = work.first else { return EventPlan() }
        for assigned in work { try requireClient(for: assigned) }
        let partnerId = event.partner.id
        let subjectId = subjectId(for: event)
        let applied = try translator.appliedSLA(
            for: routing, priority: first.item.priority, team: first.assignment.team, eventId: event.id)
        let clocks = applied?.startClocks(for: subjectId, at: event.occurredAt) ?? []
        var startsSLA = false
        let fresh = SyncSubject(
            partner: configuration.partner(event.partner), subjectId: subjectId, kind: routing.profile.kind, origin: event,
            priority: first.item.priority, openedAt: event.occurredAt)
        let subject = try await updateSubject(partner: partnerId, id: subjectId) { current in
            var subject = current ?? fresh
            for assigned in work where subject.task(assigned.item.marker) == nil {
                subject.tasks.append(
                    SyncTask(marker: assigned.item.marker, team: assigned.assignment.team, role: .work, item: assigned.item))
            }
            if case .partnerAdded(let added) = event.body { subject.onboardingProgram = added.program }
            startsSLA = subject.sla == nil && applied != nil
            if startsSLA, let applied {
                subject.sla = SyncSLA(
                    policyName: applied.policyName, calendarName: applied.calendarName, pauseOn: applied.pauseOn,
                    clockIds: clocks.map(\.id.rawValue))
            }
            current = subject
        }
        let record = try await store.updateCaseRecord(partner: partnerId, case: subjectId) { current in
            if current == nil {
                current = CaseRecord(partnerId: partnerId, caseId: subjectId, threadId: event.threadId, createdAt: now)
            } else if current?.threadId == nil, let thread = event.threadId {
                current?.threadId = thread
            }
        }
        var plan = EventPlan()
        // The event that set the SLA starts its clocks; saving is insert-if-absent, so a
        // redelivery after a crash starts the ones that were not saved yet.
        if let applied, startsSLA || subject?.value.origin.id == event.id {
            plan.startedClocks = try await startClocks(clocks, partner: partnerId, subject: subjectId, pauseOn: applied.pauseOn)
        }
        let queued = try await queuedCreates(partner: partnerId)
        for assigned in work
        where record?.value.link(marker: assigned.item.marker) == nil && !queued.contains(assigned.item.marker) {
            plan.operations.append(SyncOperation(subjectId, .createTask(assigned.item.marker)))
        }
        guard let subject = subject?.value, record?.value.partnerFacingStatus == nil else { return plan }
        let context = postContext(subject, threadId: record?.value.threadId, team: first.assignment.team)
        switch event.body {
        case .partnerAdded(let added):
            if let program = configuration.programs[added.program] {
                let cause = PostCause(change: "onboarding", reference: "\(subjectId):started")
                plan.operations.append(
                    SyncOperation(
                        subjectId,
                        .publish(
                            composer.onboardingPost(
                                partner: subject.partner, program: program.name, progress: program.progress(completed: []),
                                note: nil, cause: cause))))
            }
        case .complianceRequirementTriggered:
            break  // raised on our side: the partner has not asked for anything to be received
        default:
            let cause = PostCause(change: "received", reference: subjectId.rawValue)
            plan.operations.append(SyncOperation(subjectId, .publish(composer.receivedPost(context, cause: cause))))
        }
        return plan
    }

    /// Markers with a create already waiting in the partner's outbox.
    private func queuedCreates(partner: PartnerID) async throws -> Set<IdempotencyMarker> {
        let pending = try await store.outboxEntries(SyncOperation.self, partner: partner, states: [.pending], limit: 100_000)
        return Set(
            pending.compactMap { entry in
                if case .createTask(let marker) = entry.value.operation.action { return marker }
                return nil
            })
    }

    /// `case.updated`: apply the change to the stored case, translate again, queue an update
    /// per task (only what changed is sent) and re-target the clocks.
    private func planUpdate(_ event: CommunityEvent, _ update: CaseUpdate, now: Date) async throws -> EventPlan {
        let partnerId = event.partner.id
        guard let existing = try await subject(partner: partnerId, id: update.id)?.value else {
            throw unknownSubject(event, update.id, key: "case")
        }
        guard case .caseOpened(let old) = existing.origin.body else {
            throw EngineRejection(JSONPath.root.appending(key: "case"), "\(update.id) is not a case (it came from \(existing.origin.type))")
        }
        if existing.isWithdrawn { return EventPlan() }
        let origin = CommunityEvent(
            id: existing.origin.id, occurredAt: existing.origin.occurredAt, partner: existing.origin.partner,
            body: .caseOpened(update.applied(to: old)))
        let work = try translator.assignedWork(for: origin)
        guard let routing = translator.subject(for: origin), let first = work.first else { return EventPlan() }
        for assigned in work { try requireClient(for: assigned) }
        let applied = try translator.appliedSLA(
            for: routing, priority: first.item.priority, team: first.assignment.team, eventId: event.id)
        var plan = EventPlan()
        let subject = try await updateSubject(partner: partnerId, id: update.id) { current in
            guard var subject = current else { return }
            plan.operations = []
            subject.origin = origin
            subject.kind = routing.profile.kind
            subject.priority = update.priority != nil ? first.item.priority : max(subject.priority, first.item.priority)
            for assigned in work {
                var item = assigned.item
                item.priority = subject.priority
                if let task = subject.task(item.marker) {
                    item.description += task.appendedBlocks
                    guard item != task.item else { continue }
                    subject.updateTask(item.marker) { $0.item = item }
                    plan.operations.append(SyncOperation(update.id, .syncTask(item.marker)))
                } else {
                    subject.tasks.append(SyncTask(marker: item.marker, team: assigned.assignment.team, role: .work, item: item))
                    plan.operations.append(SyncOperation(update.id, .createTask(item.marker)))
                }
            }
            if let applied, subject.sla != nil {
                subject.sla?.policyName = applied.policyName
                subject.sla?.pauseOn = applied.pauseOn
            }
            current = subject
        }
        if let applied, let clockIds = subject?.value.sla?.clockIds {
            try await retarget(clockIds, partner: partnerId, to: applied, at: now)
        }
        return plan
    }

    /// `case.messagePosted`: forward the partner's message to every task of the case.
    private func planMessage(_ event: CommunityEvent, _ posted: MessagePosted) async throws -> EventPlan {
        let partnerId = event.partner.id
        guard let existing = try await subject(partner: partnerId, id: posted.caseId)?.value else {
            throw unknownSubject(event, posted.caseId, key: "caseId")
        }
        if existing.isWithdrawn { return EventPlan() }
        let message = posted.message
        var text = "\(message.author): \(message.text)"
        if !message.documents.isEmpty { text += "\n(attached: \(message.documents.map(\.name).joined(separator: ", ")))" }
        var plan = EventPlan()
        try await updateSubject(partner: partnerId, id: posted.caseId) { current in
            guard var subject = current else { return }
            plan.operations = []
            for task in subject.workTasks where !task.forwardedMessages.contains(message.id.rawValue) {
                switch task.tracker {
                case .clickUp:
                    plan.operations.append(
                        SyncOperation(posted.caseId, .addComment(task.marker, messageId: message.id.rawValue, text: text)))
                case .planner:
                    // Graph v1.0 has no Planner comments: the message goes into the description.
                    let block = DescriptionBlock.paragraph("Partner message, \(RFC3339.string(from: message.postedAt)). \(text)")
                    subject.updateTask(task.marker) { task in
                        task.appendedBlocks.append(block)
                        task.item.description.append(block)
                        task.forwardedMessages.append(message.id.rawValue)
                    }
                    plan.operations.append(SyncOperation(posted.caseId, .syncTask(task.marker)))
                }
            }
            current = subject
        }
        return plan
    }

    /// `case.withdrawn`: cancel every task and clock, and tell the partner the case is closed.
    private func planWithdrawal(_ event: CommunityEvent, _ withdrawal: CaseWithdrawal, now: Date) async throws -> EventPlan {
        let partnerId = event.partner.id
        guard try await subject(partner: partnerId, id: withdrawal.caseId) != nil else {
            throw unknownSubject(event, withdrawal.caseId, key: "caseId")
        }
        var wasWithdrawn = false
        let subject = try await updateSubject(partner: partnerId, id: withdrawal.caseId) { current in
            wasWithdrawn = current?.isWithdrawn ?? false
            current?.isWithdrawn = true
            current?.status = .cancelled
        }
        guard let subject = subject?.value, !wasWithdrawn else { return EventPlan() }
        var plan = EventPlan()
        for task in subject.tasks {
            plan.operations.append(SyncOperation(withdrawal.caseId, .setStatus(task.marker, .cancelled)))
        }
        for clockId in subject.sla?.clockIds ?? [] {
            try await transitionClock(clockId, partner: partnerId) { record in
                try record.clock.apply(status: .cancelled, at: now, pauseOn: record.pauseOn)
            }
        }
        let record = try await store.caseRecord(partner: partnerId, case: withdrawal.caseId)?.value
        let context = postContext(subject, threadId: record?.threadId, team: nil)
        let cause = PostCause(change: "withdrawn", reference: event.id.rawValue)
        if let post = composer.statusPost(context, status: .cancelled, lastPosted: record?.partnerFacingStatus, cause: cause) {
            plan.operations.append(SyncOperation(withdrawal.caseId, .publish(post)))
        }
        return plan
    }

    /// `onboarding.requirementCompleted`: check the step on the onboarding task and post the
    /// progress.
    private func planRequirement(_ event: CommunityEvent, _ requirement: CompletedRequirement) async throws -> EventPlan {
        let partnerId = event.partner.id
        let onboarding = try await store.syncSubjects(partner: partnerId).first { subject in
            guard let name = subject.onboardingProgram, let program = configuration.programs[name] else { return false }
            return program.steps.contains { $0.id == requirement.id }
        }
        guard let onboarding, let name = onboarding.onboardingProgram, let program = configuration.programs[name],
            let step = program.steps.first(where: { $0.id == requirement.id })
        else {
            throw EngineRejection(
                JSONPath.root.appending(key: "requirement").appending(key: "id"),
                "partner \(partnerId) has no onboarding programme with a step \(TextSanitizer.quotedFragment(requirement.id.rawValue, limit: 80))")
        }
        var plan = EventPlan()
        var completed: [RequirementID] = []
        try await updateSubject(partner: partnerId, id: onboarding.subjectId) { current in
            guard var subject = current else { return }
            plan.operations = []
            if !subject.completedRequirements.contains(requirement.id) { subject.completedRequirements.append(requirement.id) }
            completed = subject.completedRequirements
            for task in subject.workTasks {
                guard let index = task.item.checklist.firstIndex(where: { $0.title == step.title && !$0.isChecked }) else {
                    continue
                }
                subject.updateTask(task.marker) { $0.item.checklist[index].isChecked = true }
                plan.operations.append(SyncOperation(onboarding.subjectId, .syncTask(task.marker)))
            }
            current = subject
        }
        let progress = program.progress(completed: Set(completed))
        let cause = PostCause(change: "onboarding", reference: "\(onboarding.subjectId):\(requirement.id)")
        let post = composer.onboardingPost(partner: onboarding.partner, program: program.name, progress: progress, note: nil, cause: cause)
        plan.operations.append(SyncOperation(onboarding.subjectId, .publish(post)))
        return plan
    }
}
