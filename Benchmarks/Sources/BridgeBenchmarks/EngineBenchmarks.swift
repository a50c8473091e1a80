import BridgeTesting
import Foundation
import TradingGridBridge

/// The sync engine end to end against the fakes: each `case.opened` event makes a Planner task
/// (create, read details, write details) and a ClickUp task (read the list's statuses, create,
/// upload one document), starts two SLA clocks and publishes one post, with every state change
/// written to an `InMemoryStore` (outbox entries, claims, completions, links, clocks). The
/// baseline is translating the same events into work items (routing, priority, SLA due date,
/// descriptions) without doing anything.
enum EngineBenchmarks {
    static let suite = Suite(name: "engine") { try run() }

    static let planId = "xqQg5FS2LkCp935s-FIFm2QAFkHM"
    static let listId = "901100200300"
    static let configurationJSON = """
        {"teams": {
           "logistics": {"tracker": "planner", "departments": ["logistics"],
             "planner": {"planId": "\(planId)", "bucketId": "hsOf2dhOJkqyYYZEtdzDe2QAIUCR", "assignees": [], "categories": {}}},
           "accounts-payable": {"tracker": "clickup", "departments": ["accountsPayable"],
             "clickup": {"listId": "\(listId)", "assignees": [183], "statuses": {"open": "to do"},
                         "customFields": {"caseId": "03efda77-c7a0-42d3-8afd-fd546353c2f5"}}}},
         "routing": [{"name": "split", "events": ["case.opened"], "teams": ["logistics"], "perDepartment": true}],
         "defaultRoute": {"teams": ["logistics"]},
         "sla": {"policies": [{"name": "standard", "targets": {"firstResponse": 60, "resolution": 240}, "escalation": "ladder"}],
                 "ladders": {"ladder": {"levels": [{"percentOfTarget": 75, "actions": [{"type": "notify", "to": "assignee"}]}]}}},
         "statusMaps": {"clickup": {"byName": {"to do": "open"},
                                    "byType": {"open": "open", "custom": "inProgress", "done": "resolved", "closed": "closed"}}},
         "clickupFields": ["caseId"]}
        """

    /// The fakes, a store and an engine, ready for events.
    struct World: Sendable {
        let clock: ManualClock
        let engine: BridgeEngine
        let planner: PlannerFake

        static func make(configuration: BridgeConfiguration) throws -> World {
            try runBlocking {
                let clock = ManualClock(startDate: Fixtures.referenceDate)
                let planner = PlannerFake(seed: 1, wallClock: clock.wallClock)
                await planner.addPlan(id: planId, bucketIds: ["hsOf2dhOJkqyYYZEtdzDe2QAIUCR"])
                let clickUp = ClickUpFake(
                    clock: clock, configuration: ClickUpFake.Configuration(requestsPerWindow: Int.max / 2))
                await clickUp.addWorkspace("9011000000")
                await clickUp.addToken("pk_1_BENCH", user: ClickUpFake.User(id: 183, username: "bench"))
                await clickUp.addList(
                    ClickUpFake.List(
                        id: listId, workspaceId: "9011000000",
                        customFields: [ClickUpFake.CustomField(id: "03efda77-c7a0-42d3-8afd-fd546353c2f5", name: "Case", type: "short_text")]))
                let community = InMemoryCommunityAdapter()
                await community.addDocument("D-501", bytes: Array(repeating: 0x25, count: 48_213), name: "receiving-report.pdf")
                var settings = ClickUpClient.Configuration(boundaries: .seeded(1))
                settings.wallClock = clock.wallClock
                let engine = try BridgeEngine(
                    configuration: configuration, store: InMemoryStore(), community: community,
                    planner: PlannerClient(transport: planner, clock: clock, wallClock: clock.wallClock),
                    clickUp: ClickUpClient(
                        transport: clickUp.with(AuthorizationMiddleware(scheme: .clickUp, token: Secret("pk_1_BENCH"))),
                        configuration: settings),
                    wallClock: clock.wallClock, instanceId: "bench")
                return World(clock: clock, engine: engine, planner: planner)
            }
        }
    }

    static func run() throws {
        let configuration = try BridgeConfiguration.load(configurationJSON)
        let translator = WorkTranslator(configuration: configuration)
        let perRound = 200
        var factory = FixtureFactory()
        let world = try World.make(configuration: configuration)
        var rounds: [[CommunityEvent]] = []
        for _ in 0..<8 {
            rounds.append((0..<perRound).map { _ in factory.caseOpened(departments: ["logistics", "accountsPayable"]) })
        }
        let sample = rounds[0]

        let baseline = try Harness.measure("WorkTranslator.assignedWork: 2 work items per event (baseline)", operations: perRound) {
            for event in sample { blackHole(try translator.assignedWork(for: event)) }
        }
        var next = 0
        let handled = try Harness.measure("engine.handle: 2 tasks, 2 clocks, 1 post per event", operations: perRound) {
            let events = rounds[next]
            next += 1
            try runBlocking {
                for event in events {
                    let outcome = try await world.engine.handle(event)
                    precondition(outcome.createdTasks.count == 2 && outcome.publishedPosts.count == 1)
                }
            }
        }
        let replayed = try Harness.measure("engine.handle: a replayed event (de-duplicated)", operations: perRound) {
            try runBlocking {
                for event in sample {
                    let outcome = try await world.engine.handle(event)
                    precondition(outcome.disposition == .duplicate)
                }
            }
        }
        Harness.report(
            "Sync engine: events against the Planner and ClickUp fakes", [baseline, handled, replayed],
            note: "Per event: 3 Planner and 3 ClickUp requests (one a 48 KB multipart upload), an outbox of three "
                + "operations, the case record, two clocks and a post, all in an `InMemoryStore`.")

        let cases = rounds.count * perRound
        let poll = try Harness.measure("engine.pollPlanner: \(cases) tasks, none changed (digest)") {
            try runBlocking { blackHole(try await world.engine.pollPlanner()) }
        }
        let quietTick = try Harness.measure("engine.tick: \(cases * 2) clocks, none due") {
            try runBlocking { blackHole(try await world.engine.tick(now: Fixtures.referenceDate)) }
        }
        // Acting on due clocks changes them, so this one is timed once rather than by median.
        let stopwatch = ContinuousClock()
        let later = Fixtures.referenceDate.addingTimeInterval(30 * 86_400)
        var acted = 0
        let elapsed = try stopwatch.measure {
            acted = try runBlocking { try await world.engine.tick(now: later).actions.count }
        }
        let dueTick = Measurement(
            name: "engine.tick: every clock breached at once, per action (\(acted) actions, one run)",
            nanosecondsPerOperation: (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9)
                / Double(max(1, acted)))
        Harness.report(
            "Sync engine: polling and SLA ticks over \(cases) cases", [poll, quietTick, dueTick],
            note: "Polling lists the plan through the Planner client; ticks use the due-action index. The first "
                + "row is the baseline.")
    }
}
