import BridgeConnectors
import BridgeMapping
import BridgeModels
import BridgeSLA
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A whole bridge against the fakes: a Planner plan and a ClickUp list for two teams, a third
/// team for escalation tasks, an in-memory store and community, a manual clock at the fixtures'
/// reference date, and a signed ClickUp webhook wired to an engine. Time is 24/7, so SLA
/// points are plain minutes after the event.
struct EngineWorld {
    static let planId = "xqQg5FS2LkCp935s-FIFm2QAFkHM"
    static let workBucket = "hsOf2dhOJkqyYYZEtdzDe2QAIUCR"
    static let escalationBucket = "escBkt2dhOJkqyYYZEtdzDe2QAIU"
    static let listId = "901100200300"
    static let workspace = "9011000000"
    static let token = "pk_TEST-placeholder-engine-0002"
    static let caseIdField = "03efda77-c7a0-42d3-8afd-fd546353c2f5"
    static let assignee = "fbab97d0-4932-4511-b675-204639209557"

    static let configurationJSON = """
        {
          "partners": {"ACME": {"name": "Acme Retail", "tier": "strategic", "locale": "en-US"}},
          "teams": {
            "logistics": {"publicName": "logistics", "tracker": "planner", "departments": ["logistics"],
              "planner": {"planId": "\(planId)", "bucketId": "\(workBucket)", "assignees": ["\(assignee)"], "categories": {}}},
            "accounts-payable": {"publicName": "accounts payable", "tracker": "clickup", "departments": ["accountsPayable"],
              "clickup": {"listId": "\(listId)", "assignees": [183],
                "statuses": {"open": "to do", "inProgress": "in progress", "inReview": "in review", "resolved": "complete"},
                "customFields": {"caseId": "\(caseIdField)"}}},
            "leads": {"tracker": "planner",
              "planner": {"planId": "\(planId)", "bucketId": "\(escalationBucket)", "assignees": [], "categories": {}}}
          },
          "routing": [
            {"name": "exceptions", "events": ["case.opened"], "match": {"kinds": ["shipmentDiscrepancy"]},
             "teams": ["logistics"], "perDepartment": true},
            {"name": "invoices", "events": ["case.opened"], "match": {"kinds": ["invoiceMismatch"]}, "teams": ["accounts-payable"]},
            {"name": "onboarding", "events": ["partner.added"], "teams": ["logistics"]}
          ],
          "defaultRoute": {"teams": ["logistics"]},
          "sla": {
            "policies": [{"name": "standard", "match": {"kinds": ["shipmentDiscrepancy", "invoiceMismatch"]},
                          "targets": {"firstResponse": 60, "resolution": {"minutes": 240, "byPriority": {"urgent": 120}}},
                          "escalation": "ladder"}],
            "ladders": {"ladder": {"levels": [
              {"percentOfTarget": 75, "actions": [{"type": "notify", "to": "assignee"}]},
              {"minutesAfterBreach": 0, "actions": [
                {"type": "raisePriority", "steps": 1}, {"type": "createTask", "template": "breach-review"},
                {"type": "notifyPartner", "template": "delay"}, {"type": "remind", "to": "manager", "everyMinutes": 60}]}]}}
          },
          "roles": {"manager": "leads"},
          "escalationTasks": {"breach-review": {"title": "SLA breached: {caseId} ({reference})", "team": "leads",
                              "checklist": ["Call the partner"], "priority": "urgent"}},
          "templates": {"defaultLocale": "en-US", "locales": {"en-US": {
            "status": {"received": "We received your case {caseId} ({reference}).", "inReview": "Case {caseId} is in review by our {team} team.",
                       "inProgress": "We are working on case {caseId}.", "awaitingDocuments": "Case {caseId} needs documents.",
                       "blocked": "Case {caseId} is on hold.", "escalated": "Case {caseId} was escalated.",
                       "approved": "Request {caseId} was approved.", "rejected": "Request {caseId} was not approved.",
                       "resolved": "Case {caseId} is resolved.", "closed": "Case {caseId} is closed."},
            "decision": {"approved": "Approved: {caseId}. {text}", "rejected": "Rejected: {caseId}. {text}"},
            "comment": "Update on case {caseId}: {text}", "document": "We shared {documentName}. {text}",
            "reminder": "Reminder about {caseId}: {text}", "notice": "{noticeTitle}: {text}",
            "onboardingStatus": "Onboarding ({program}): {percentComplete}% complete. {text}", "scorecard": "{text}",
            "messages": {"delay": "Case {caseId} ({reference}) is taking longer than we promised."}}}},
          "statusMaps": {"clickup": {
            "byName": {"to do": "open", "in progress": "inProgress", "in review": "inReview",
                       "waiting on partner": "awaitingPartner", "complete": "resolved"},
            "byType": {"open": "open", "custom": "inProgress", "done": "resolved", "closed": "closed"}}},
          "clickupFields": ["caseId"],
          "programs": {"EDI": {"name": "EDI", "steps": [
            {"id": "profile", "kind": "profile", "title": "Complete the company profile"},
            {"id": "agreement", "kind": "agreement", "title": "Sign the trading partner agreement"}]}}
        }
        """

    let clock: ManualClock
    let planner: PlannerFake
    let clickUp: ClickUpFake
    let store: any BridgeStore
    let community: InMemoryCommunityAdapter
    let observer: EngineEventRecorder
    let configuration: BridgeConfiguration
    let plannerClient: PlannerClient
    let clickUpClient: ClickUpClient
    let webhookSecret: Secret

    static func make(store: (any BridgeStore)? = nil) async throws -> EngineWorld {
        let clock = ManualClock(startDate: Fixtures.referenceDate)
        let planner = PlannerFake(seed: 7, wallClock: clock.wallClock)
        await planner.addPlan(id: planId, bucketIds: [workBucket, escalationBucket])
        let clickUp = ClickUpFake(clock: clock)
        await clickUp.addWorkspace(workspace)
        await clickUp.addToken(token, user: ClickUpFake.User(id: 183, username: "ops"))
        await clickUp.addList(
            ClickUpFake.List(
                id: listId, workspaceId: workspace,
                customFields: [ClickUpFake.CustomField(id: caseIdField, name: "Case", type: "short_text")]))
        let community = InMemoryCommunityAdapter()
        await community.addDocument("D-501", bytes: Array("%PDF-1.7 receiving report".utf8), name: "receiving-report.pdf")
        var clickUpConfiguration = ClickUpClient.Configuration(boundaries: .seeded(7))
        clickUpConfiguration.wallClock = clock.wallClock
        let clickUpClient = ClickUpClient(
            transport: clickUp.with(AuthorizationMiddleware(scheme: .clickUp, token: Secret(token), connector: .clickUp)),
            configuration: clickUpConfiguration)
        let registration = try await clickUpClient.createWebhook(
            inWorkspace: workspace, ClickUpWebhookCreate(endpoint: "https://bridge.example.com/clickup", events: ["*"]))
        return EngineWorld(
            clock: clock, planner: planner, clickUp: clickUp, store: store ?? InMemoryStore(), community: community,
            observer: EngineEventRecorder(), configuration: try BridgeConfiguration.load(configurationJSON),
            plannerClient: PlannerClient(transport: planner, clock: clock, wallClock: clock.wallClock),
            clickUpClient: clickUpClient, webhookSecret: registration.secret)
    }

    func engine(_ id: String = "engine-1", options: BridgeEngine.Options = BridgeEngine.Options()) throws -> BridgeEngine {
        try BridgeEngine(
            configuration: configuration, store: store, community: community, planner: plannerClient, clickUp: clickUpClient,
            wallClock: clock.wallClock, instanceId: id, observer: observer, options: options)
    }

    /// Hands every pending ClickUp webhook delivery to `engine` through a verifying,
    /// de-duplicating receiver (one ledger per call unless one is passed), and returns what the
    /// engine did with each new history item.
    @discardableResult
    func deliverWebhooks(to engine: BridgeEngine, ledger: any WebhookDeliveryLedger = InMemoryWebhookDeduplicator())
        async -> [TrackerChangeOutcome]
    {
        let receiver = ClickUpWebhookReceiver(
            verifier: ClickUpWebhookVerifier(secret: webhookSecret, wallClock: clock.wallClock), ledger: ledger)
        let outcomes = OutcomeBox()
        await clickUp.setWebhookReceiver { delivery in
            do {
                let verified = try await receiver.receive(body: delivery.body, fields: delivery.fields)
                await outcomes.add(try await engine.receive(clickUpWebhook: verified))
                return .ok
            } catch {
                return .serviceUnavailable
            }
        }
        await clickUp.deliverPendingWebhooks()
        return await outcomes.outcomes
    }

    /// The partner's posts, in order.
    var posts: [PartnerPost] {
        get async { await community.posts }
    }

    /// The work items the test configuration makes for an event.
    func work(for event: CommunityEvent) throws -> [AssignedWork] {
        try WorkTranslator(configuration: configuration).assignedWork(for: event)
    }

    /// A case the test configuration splits into a Planner task (logistics) and a ClickUp task
    /// (accounts payable).
    static func twoTeamCase(priority: Priority = .high) -> CommunityEvent {
        Fixtures.caseOpened(case: Fixtures.partnerCase(priority: priority, departments: ["logistics", "accountsPayable"]))
    }
}

actor OutcomeBox {
    var outcomes: [TrackerChangeOutcome] = []
    func add(_ more: [TrackerChangeOutcome]) { outcomes += more }
}
