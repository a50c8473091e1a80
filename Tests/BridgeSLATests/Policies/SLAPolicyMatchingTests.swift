import BridgeModels
import BridgeSLA
import Foundation
import Testing

@Suite struct SLAPolicyMatchingTests {
    func usd(_ text: String) -> Money { Money(text, currency: .usd)! }
    func eur(_ text: String) -> Money { Money(text, currency: .eur)! }

    let base = CaseProfile(
        kind: .invoiceMismatch, priority: .high, partnerTier: .strategic, departments: [.accountsPayable, .purchasing],
        amount: Money("12500.00", currency: .usd))

    @Test func absentConditionsAcceptEveryCase() {
        #expect(CaseConditions.any.matches(base))
        #expect(CaseConditions.any.matches(CaseProfile(kind: .other)))
    }

    @Test func eachConditionOnItsOwn() {
        #expect(CaseConditions(kinds: [.invoiceMismatch, .dispute]).matches(base))
        #expect(!CaseConditions(kinds: [.dispute]).matches(base))
        #expect(CaseConditions(tiers: [.strategic]).matches(base))
        #expect(!CaseConditions(tiers: [.standard]).matches(base))
        // No tier never matches a tier condition.
        var untiered = base
        untiered.partnerTier = nil
        #expect(!CaseConditions(tiers: [.strategic, .standard]).matches(untiered))
        #expect(CaseConditions(priorities: [.urgent, .high]).matches(base))
        #expect(!CaseConditions(priorities: [.low]).matches(base))
        // One shared department is enough; a case without departments never matches.
        #expect(CaseConditions(departments: [.purchasing, .legal]).matches(base))
        #expect(!CaseConditions(departments: [.logistics]).matches(base))
        var noDepartments = base
        noDepartments.departments = []
        #expect(!CaseConditions(departments: [.purchasing]).matches(noDepartments))
    }

    @Test func valueThresholdsArePerCurrency() {
        let conditions = CaseConditions(minimumValue: [usd("10000"), eur("9000")])
        func matches(_ amount: Money?) -> Bool {
            var profile = base
            profile.amount = amount
            return conditions.matches(profile)
        }
        #expect(matches(usd("10000")))  // the threshold itself is enough (≥)
        #expect(matches(usd("10000.01")))
        #expect(!matches(usd("9999.99")))
        #expect(matches(eur("9000")))
        #expect(!matches(eur("8999.99")))
        // No conversion: a currency without a threshold does not match, however large.
        #expect(!matches(Money("50000", currency: .gbp)))
        #expect(!matches(nil))
    }

    @Test func combinationsNeedEveryCondition() {
        let conditions = CaseConditions(
            kinds: [.invoiceMismatch], tiers: [.strategic], priorities: [.high, .urgent], departments: [.accountsPayable],
            minimumValue: [usd("10000")])
        #expect(conditions.matches(base))
        var lowPriority = base
        lowPriority.priority = .normal
        #expect(!conditions.matches(lowPriority))
        var small = base
        small.amount = usd("500")
        #expect(!conditions.matches(small))
        var otherKind = base
        otherKind.kind = .chargeback
        #expect(!conditions.matches(otherKind))
    }

    let configuration = SLAConfiguration(
        policies: [
            SLAPolicy(
                name: "strategic-high-value", conditions: CaseConditions(tiers: [.strategic], minimumValue: [Money("10000", currency: .usd)!]),
                targets: [.resolution: SLATarget(minutes: 480)], calendar: "us-east"),
            SLAPolicy(
                name: "strategic", conditions: CaseConditions(tiers: [.strategic]),
                targets: [.firstResponse: SLATarget(minutes: 120, byPriority: [.urgent: 30]), .resolution: SLATarget(minutes: 960)]),
            SLAPolicy(
                name: "default", targets: [.firstResponse: SLATarget(minutes: 240), .resolution: SLATarget(minutes: 2400)],
                escalation: [.resolution: "standard"]),
        ],
        ladders: ["standard": EscalationLadder(levels: [EscalationLevel(at: .minutesAfterBreach(0), [.notify(.manager)])])],
        defaultCalendar: "eu-central")

    let calendars: [String: BusinessCalendar] = [
        "us-east": .twentyFourSeven, "eu-central": .twentyFourSeven, "team-a": .twentyFourSeven, "partner-x": .twentyFourSeven,
    ]

    @Test func firstMatchingPolicyWins() throws {
        #expect(configuration.policy(for: base)?.policy.name == "strategic-high-value")
        var small = base
        small.amount = Money("100", currency: .usd)
        #expect(configuration.policy(for: small)?.index == 1)
        var standard = base
        standard.partnerTier = .standard
        #expect(configuration.policy(for: standard)?.policy.name == "default")
        #expect(SLAConfiguration(policies: []).policy(for: base) == nil)
        #expect(try SLAConfiguration(policies: []).resolve(for: base, calendars: [:]) == nil)
    }

    @Test func targetsPerPriority() throws {
        var urgent = base
        urgent.amount = nil
        urgent.priority = .urgent
        let applied = try #require(try configuration.resolve(for: urgent, calendars: calendars))
        #expect(applied.policyName == "strategic")
        #expect(applied.targets == [.firstResponse: minutes(30), .resolution: minutes(960)])
        var normal = urgent
        normal.priority = .normal
        #expect(try configuration.resolve(for: normal, calendars: calendars)?.targets[.firstResponse] == minutes(120))
        // A target given only per priority has nothing for the other priorities.
        let onlyUrgent = SLATarget(minutes: nil, byPriority: [.urgent: 15])
        #expect(onlyUrgent.businessTime(for: .urgent) == minutes(15))
        #expect(onlyUrgent.businessTime(for: .low) == nil)
    }

    @Test func calendarPrecedencePolicyTeamPartnerDefault() throws {
        // The policy names us-east: it wins over team and partner.
        let first = try configuration.resolve(for: base, teamCalendar: "team-a", partnerCalendar: "partner-x", calendars: calendars)
        #expect(first?.calendarName == "us-east")
        #expect(first?.calendarSource == .policy)
        var standard = base
        standard.partnerTier = .standard
        let team = try configuration.resolve(for: standard, teamCalendar: "team-a", partnerCalendar: "partner-x", calendars: calendars)
        #expect(team?.calendarName == "team-a")
        #expect(team?.calendarSource == .team)
        let partner = try configuration.resolve(for: standard, partnerCalendar: "partner-x", calendars: calendars)
        #expect(partner?.calendarSource == .partner)
        let fallback = try configuration.resolve(for: standard, calendars: calendars)
        #expect(fallback?.calendarName == "eu-central")
        #expect(fallback?.calendarSource == .configurationDefault)
        var noDefault = configuration
        noDefault.defaultCalendar = nil
        let plain = try noDefault.resolve(for: standard, calendars: [:])
        #expect(plain?.calendarName == nil)
        #expect(plain?.calendarSource == .twentyFourSeven)
        #expect(plain?.calendar == .twentyFourSeven)
        #expect(throws: UnknownCalendarError(name: "team-z", source: .team)) {
            try configuration.resolve(for: standard, teamCalendar: "team-z", calendars: calendars)
        }
    }

    @Test func appliedPolicyStartsClocksRetroactively() throws {
        var standard = base
        standard.partnerTier = .standard
        let applied = try #require(try configuration.resolve(for: standard, calendars: calendars))
        let occurredAt = at("2026-03-02T08:00:00Z")
        let clocks = applied.startClocks(for: "C-9", at: occurredAt)
        #expect(clocks.map(\.metric) == [.firstResponse, .resolution])
        #expect(clocks.map(\.id.rawValue) == ["C-9/firstResponse", "C-9/resolution"])
        #expect(clocks.allSatisfy { $0.currentCycle.startedAt == occurredAt && $0.calendarName == "eu-central" })
        #expect(clocks.map(\.ladderName) == [nil, "standard"])
        #expect(clocks[1].currentCycle.target == minutes(2400))
        #expect(applied.pauseOn == [.awaitingPartner, .awaitingDocuments])
    }

    @Test func profileFromACommunityCase() {
        let partnerCase = PartnerCase(
            id: "C-1", kind: .chargeback, title: "Deduction", priority: .urgent, amount: Money("310.00", currency: .usd),
            departments: [.compliance])
        let profile = CaseProfile(case: partnerCase, partner: Partner(id: "ACME", tier: .preferred))
        #expect(profile == CaseProfile(kind: .chargeback, priority: .urgent, partnerTier: .preferred, departments: [.compliance], amount: Money("310.00", currency: .usd)))
    }
}
