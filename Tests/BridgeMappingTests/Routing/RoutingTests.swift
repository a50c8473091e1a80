import BridgeMapping
import BridgeModels
import BridgeSLA
import Testing

@Suite struct RoutingTests {
    func subject(_ type: CommunityEventType, kind: CaseKind, tier: PartnerTier? = nil, amount: Money? = nil, departments: [Department] = [],
                 documentKind: DocumentKind? = nil, requestKind: RequestKind? = nil, owner: String? = nil, partner: PartnerID = "P") -> RoutingSubject {
        RoutingSubject(
            eventType: type, partner: Partner(id: partner, tier: tier),
            profile: CaseProfile(kind: kind, partnerTier: tier, departments: departments, amount: amount),
            documentKind: documentKind, requestKind: requestKind, owner: owner)
    }

    @Test func firstMatchingRuleWinsElseTheDefault() throws {
        let translator = WorkTranslator(configuration: try exampleConfiguration())
        #expect(try translator.route(subject(.caseOpened, kind: .invoiceMismatch), eventId: "e").ruleName == "invoice-disputes")
        #expect(try translator.route(subject(.caseOpened, kind: .masterData), eventId: "e").ruleName == nil)
        #expect(try translator.route(subject(.caseOpened, kind: .masterData), eventId: "e").assignments.map(\.team) == ["logistics"])
        #expect(try translator.route(subject(.documentUploaded, kind: .documentReview, documentKind: .complianceCertificate), eventId: "e").ruleName == "certificates")
        #expect(try translator.route(subject(.requestSubmitted, kind: "pricingException", requestKind: .pricingException), eventId: "e").ruleName == "pricing-approvals")
        #expect(try translator.route(subject(.requestSubmitted, kind: "shipmentChange", requestKind: .shipmentChange), eventId: "e").ruleName == nil)
        #expect(try translator.route(subject(.actionItemIdentified, kind: .actionItem, owner: "Warehouse"), eventId: "e").ruleName == "logistics-action-items")
        #expect(try translator.route(subject(.actionItemIdentified, kind: .actionItem, owner: "finance"), eventId: "e").ruleName == nil)
    }

    @Test func ruleConditionsCombine() {
        let rule = RoutingRule(
            name: "big-strategic", events: [.caseOpened],
            match: CaseConditions(kinds: [.dispute], tiers: [.strategic], minimumValue: [Money("10000", currency: .usd)!]),
            partners: ["ACME"], target: RouteTarget(teams: ["t"]))
        let big = Money("12000", currency: .usd)
        #expect(rule.matches(subject(.caseOpened, kind: .dispute, tier: .strategic, amount: big, partner: "ACME")))
        #expect(!rule.matches(subject(.caseOpened, kind: .dispute, tier: .strategic, amount: big, partner: "OTHER")))
        #expect(!rule.matches(subject(.caseOpened, kind: .dispute, tier: .preferred, amount: big, partner: "ACME")))
        #expect(!rule.matches(subject(.caseOpened, kind: .dispute, tier: .strategic, amount: Money("9999.99", currency: .usd), partner: "ACME")))
        #expect(!rule.matches(subject(.caseOpened, kind: .dispute, tier: .strategic, amount: Money("12000", currency: .eur), partner: "ACME")))
        #expect(!rule.matches(subject(.documentUploaded, kind: .dispute, tier: .strategic, amount: big, partner: "ACME")))
    }

    @Test func perDepartmentRoutingSplitsByServingTeam() throws {
        let translator = WorkTranslator(configuration: try exampleConfiguration())
        let route = try translator.route(
            subject(.caseOpened, kind: .shipmentDiscrepancy, departments: [.logistics, .accountsPayable, .legal]), eventId: "e")
        #expect(route.ruleName == "multi-department-exceptions")
        #expect(route.assignments.map(\.team) == ["logistics", "accounts-payable", "logistics"])
        #expect(route.assignments.map(\.department) == [.logistics, .accountsPayable, .legal])
        #expect(route.assignments.map(\.tracker) == [.planner, .clickUp, .planner])
    }

    @Test func prioritiesApplyGlobalRulesThenTheRoute() throws {
        let translator = WorkTranslator(configuration: try exampleConfiguration())
        let strategic = subject(.caseOpened, kind: .masterData, tier: .strategic)
        let route = try translator.route(strategic, eventId: "e")
        #expect(translator.priority(for: strategic, route: route) == .high)  // normal raised by the strategic rule
        let bigEuro = subject(.caseOpened, kind: .masterData, amount: Money("45000", currency: .eur))
        #expect(translator.priority(for: bigEuro, route: try translator.route(bigEuro, eventId: "e")) == .high)
        let pricing = subject(.requestSubmitted, kind: "pricingException", requestKind: .pricingException)
        #expect(translator.priority(for: pricing, route: try translator.route(pricing, eventId: "e")) == .high)
    }

    @Test func adjustmentsDecode() throws {
        let decoder = StrictJSONDecoder()
        #expect(try decoder.decode(PriorityAdjustment.self, from: #""urgent""#) == .set(.urgent))
        #expect(try decoder.decode(PriorityAdjustment.self, from: #"{"raise":2}"#) == .raise(2))
        #expect(try decoder.decode(PriorityAdjustment.self, from: #"{"atLeast":"high"}"#) == .atLeast(.high))
        #expect(PriorityAdjustment.atLeast(.high).applied(to: .urgent) == .urgent)
        #expect(throws: InputError(path: [.key("raise")], reason: .outOfRange("1-3 levels"))) {
            try decoder.decode(PriorityAdjustment.self, from: #"{"raise":9}"#)
        }
    }
}
