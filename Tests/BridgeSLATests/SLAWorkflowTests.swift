import BridgeModels
import BridgeSLA
import Foundation
import Testing

/// From a community event to due actions, the way the sync engine uses the module (the DocC
/// landing page's usage example).
@Suite struct SLAWorkflowTests {
    static let event = """
        {"id":"evt-1","type":"case.opened","occurredAt":"2026-03-02T08:00:00Z",
         "partner":{"id":"ACME","tier":"strategic"},
         "case":{"id":"C-1001","kind":"invoiceMismatch","title":"Invoice 810 does not match PO","priority":"high",
                 "amount":{"value":"12500.00","currency":"USD"},"departments":["accountsPayable"]}}
        """

    static let configuration = """
        {"defaultCalendar": "ops",
         "policies": [
           {"name": "strategic-finance", "match": {"tiers": ["strategic"], "minimumValue": [{"value": "10000", "currency": "USD"}]},
            "targets": {"firstResponse": 60, "resolution": {"minutes": 480, "byPriority": {"urgent": 240}}},
            "escalation": {"resolution": "finance"}},
           {"name": "default", "targets": {"resolution": 2400}}],
         "ladders": {"finance": {"levels": [
           {"minutesAfterBreach": 0, "actions": [
             {"type": "route", "rules": [{"match": {"departments": ["accountsPayable"]}, "to": "ap-leads"}], "fallback": "service-leads"},
             {"type": "notifyPartner", "template": "sla-delay"}]}]}}}
        """

    @Test func eventToDueActions() throws {
        let event = try CommunityEventDecoder().decode(Self.event)
        guard case .caseOpened(let partnerCase) = event.body else {
            Issue.record("expected case.opened")
            return
        }
        let configuration = try StrictJSONDecoder().decode(SLAConfiguration.self, from: Self.configuration)
        let profile = CaseProfile(case: partnerCase, partner: event.partner)
        let calendars: [String: BusinessCalendar] = ["ops": .twentyFourSeven]
        let sla = try #require(try configuration.resolve(for: profile, calendars: calendars))
        #expect(sla.policyName == "strategic-finance")
        #expect(sla.calendarSource == .configurationDefault)
        // Registered at 08:30, but measured from the partner's 08:00.
        var clocks = sla.startClocks(for: partnerCase.id, at: event.occurredAt)
        #expect(clocks.map(\.id.rawValue) == ["C-1001/firstResponse", "C-1001/resolution"])
        let registeredAt = at("2026-03-02T08:30:00Z")
        var index = DueActionIndex(rebuildingFrom: clocks) { clock in
            clock.nextDueDate(after: registeredAt, calendar: sla.calendar, ladder: clock.ladderName.flatMap { configuration.ladders[$0] })
        }
        // First response: 50 % of 60 min was 08:30 (already reported at registration), 75 % at 08:45.
        #expect(index.earliest == DueActionIndex.Entry(clockId: "C-1001/firstResponse", dueAt: at("2026-03-02T08:45:00Z")))
        try clocks[0].stop(at: at("2026-03-02T08:50:00Z"))
        index.update(clocks[0].id, nextDue: clocks[0].nextDueDate(after: at("2026-03-02T08:50:00Z"), calendar: sla.calendar))
        // The partner is asked for documents 09:00–11:00: the 8 h resolution clock pauses for 2 h.
        try clocks[1].apply(status: .awaitingDocuments, at: at("2026-03-02T09:00:00Z"), pauseOn: sla.pauseOn)
        try clocks[1].apply(status: .inProgress, at: at("2026-03-02T11:00:00Z"), pauseOn: sla.pauseOn)
        let ladder = configuration.ladders["finance"]
        index.update(clocks[1].id, nextDue: clocks[1].nextDueDate(after: at("2026-03-02T11:00:00Z"), calendar: sla.calendar, ladder: ladder))
        // Breach: 08:00 + 8 h + 2 h paused = 18:00.
        #expect(clocks[1].status(at: at("2026-03-02T11:00:00Z"), calendar: sla.calendar).deadline == at("2026-03-02T18:00:00Z"))
        let tick = at("2026-03-02T18:00:00Z")
        let due = index.due(upTo: tick)
        #expect(due.map(\.clockId) == ["C-1001/resolution"])
        let actions = clocks[1].dueActions(
            from: at("2026-03-02T11:00:00Z"), to: tick, calendar: sla.calendar, ladder: ladder, profile: profile)
        #expect(
            actions.map(\.kind) == [
                .warning(.percentOfTarget(50)), .warning(.percentOfTarget(75)), .breach,
                .escalation(level: 1, .route(to: "ap-leads")), .escalation(level: 1, .notifyPartner(template: "sla-delay")),
            ])
        // 50 % = 4 h of business time: 08:00–09:00 and 11:00–14:00 → 14:00; 75 % = 6 h → 16:00.
        #expect(actions.map(\.dueAt).prefix(2) == [at("2026-03-02T14:00:00Z"), at("2026-03-02T16:00:00Z")])
        index.update(clocks[1].id, nextDue: clocks[1].nextDueDate(after: tick, calendar: sla.calendar, ladder: ladder))
        #expect(index.isEmpty)
    }
}
