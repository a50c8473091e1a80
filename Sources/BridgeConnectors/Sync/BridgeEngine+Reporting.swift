#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import BridgeMapping
public import BridgeModels
public import BridgeSLA

extension BridgeEngine {
    // MARK: - Change notices

    /// Records an `acknowledgement.received` event (the first acknowledgement of a notice by a
    /// partner is kept).
    func recordAcknowledgement(_ event: CommunityEvent) async throws {
        guard let acknowledgement = event.acknowledgement else { return }
        let key = try StoreKey(segments: [acknowledgement.partnerId.rawValue, acknowledgement.noticeId.rawValue])
        do {
            try await store.writeValue(acknowledgement, to: key, in: .acknowledgements, expecting: nil)
        } catch is StoreConflict {
            // Acknowledged before: the first acknowledgement stands.
        }
    }

    /// The partner's acknowledgement of a change notice, if it was received.
    ///
    /// - Throws: The store's errors.
    public func acknowledgement(of notice: NoticeID, by partner: PartnerID) async throws -> Acknowledgement? {
        let key = try StoreKey(segments: [partner.rawValue, notice.rawValue])
        return try await store.readValue(Acknowledgement.self, key: key, in: .acknowledgements)?.value
    }

    /// Reminds the partners a change notice is addressed to that have not acknowledged it:
    /// one reminder post each, through the outbox. Partners whose acknowledgement was received
    /// get none, so reminders stop once a partner acknowledges.
    ///
    /// - Parameters:
    ///   - notice: The notice.
    ///   - partners: The community's partners (the notice picks those it addresses).
    ///   - round: Which reminder this is (1, 2, …); part of each post's id, so repeating a round
    ///     posts nothing new.
    /// - Returns: The reminder posts, as published or queued for retry.
    /// - Throws: The store's errors.
    @discardableResult
    public func remindUnacknowledged(_ notice: ChangeNotice, partners: [Partner], round: Int) async throws -> [PartnerPost] {
        var acknowledgements: [Acknowledgement] = []
        for partner in partners {
            if let acknowledgement = try await acknowledgement(of: notice.id, by: partner.id) {
                acknowledgements.append(acknowledgement)
            }
        }
        let now = wallClock.now
        var posts: [PartnerPost] = []
        for partner in notice.pendingPartners(among: partners, acknowledgements: acknowledgements) {
            var text = "Please acknowledge \"\(notice.title)\""
            if let due = notice.acknowledgeBy { text += " by \(partnerDate(due, partner: partner.id))" }
            let subject = CaseID(notice.id.rawValue)
            let post = composer.reminderPost(
                PostContext(partner: configuration.partner(partner), caseId: subject), text: text + ".",
                cause: PostCause(change: "noticeReminder", reference: "\(notice.id)#\(round)"))
            try await store.appendOperation(SyncOperation(subject, .publish(post)), partner: partner.id, at: now)
            posts.append(post)
            _ = try await runOutbox(partner: partner.id, now: now)
        }
        return posts
    }

    // MARK: - Service metrics

    /// One service record per subject of work the engine handled (cases, requests, document
    /// reviews, onboardings, compliance requirements), with each SLA clock's state at `now`.
    ///
    /// - Throws: The store's errors.
    public func serviceRecords(at now: Date? = nil) async throws -> [CaseServiceRecord] {
        let now = now ?? wallClock.now
        var records: [CaseServiceRecord] = []
        for stored in try await store.allRecords(in: .syncSubjects) {
            let subject = try StoreCodec.decode(SyncSubject.self, from: stored, in: .syncSubjects)
            var states: [SLAMetric: SLAState] = [:]
            for clockId in subject.sla?.clockIds ?? [] {
                guard let clock = try await store.slaClock(SyncClockRecord.self, partner: subject.partner.id, id: clockId)
                else { continue }
                states[clock.value.clock.metric] = clock.value.clock.status(at: now, calendar: calendar(of: clock.value.clock)).state
            }
            records.append(
                CaseServiceRecord(
                    caseId: subject.subjectId, partner: subject.partner.id, partnerTier: subject.partner.tier,
                    kind: subject.kind, priority: subject.priority, openedAt: subject.openedAt,
                    firstResponseAt: subject.firstResponseAt, resolvedAt: subject.resolvedAt, status: subject.status,
                    slaStates: states, calendarName: subject.sla?.calendarName))
        }
        return records
    }

    /// Service metrics over everything the engine handled: time to first response and to
    /// resolution, open and overdue cases per partner, SLA compliance, ageing.
    ///
    /// - Parameters:
    ///   - now: The instant to measure to; the wall clock's time by default.
    ///   - metrics: The calculator (ageing buckets, recurring kinds).
    /// - Throws: The store's errors.
    public func serviceMetrics(at now: Date? = nil, metrics: ServiceMetrics = ServiceMetrics()) async throws
        -> ServiceMetricsReport
    {
        let now = now ?? wallClock.now
        let records = try await serviceRecords(at: now)
        return metrics.report(for: records, at: now) { record in
            record.calendarName.flatMap { configuration.calendars[$0] } ?? .twentyFourSeven
        }
    }
}
