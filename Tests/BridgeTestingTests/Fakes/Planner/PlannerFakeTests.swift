import BridgeConnectors
import BridgeMapping
import BridgeModels
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Requests written by hand (the fake must also refuse what the bridge's builders never send).
private enum Graph {
    static func request(
        _ method: HTTPMethod, _ path: String, body: String? = nil, ifMatch: String? = nil, prefer: Bool = true
    ) throws -> ConnectorRequest {
        var fields: HTTPFields = [:]
        if body != nil { fields[.contentType] = "application/json" }
        if let ifMatch { fields[.ifMatch] = ifMatch }
        if ifMatch != nil && prefer { fields[.prefer] = "return=representation" }
        return try ConnectorRequest(
            method: method, url: try #require(URL(string: PlannerWire.baseURL + path)), fields: fields,
            body: Array((body ?? "").utf8), connector: .planner, operation: "test")
    }

    static func json(_ response: ConnectorResponse) throws -> JSONValue {
        try StrictJSONParser().parse(response.body)
    }

    static func errorCode(_ response: ConnectorResponse) throws -> String? {
        guard case .object(let root) = try json(response), case .object(let error)? = root["error"],
            case .string(let code)? = error["code"]
        else { return nil }
        return code
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: ConnectorResponse) throws -> T {
        try StrictJSONDecoder().decode(type, from: response.body)
    }
}

@Suite struct PlannerFakeTests {
    let clock = ManualClock()
    static let alice = "fbab97d0-4932-4511-b675-204639209557"

    func fake(
        pageSize: Int = 100, limits: PlannerFake.Limits = PlannerFake.Limits(), stale: HTTPStatus = .preconditionFailed
    )
        -> PlannerFake
    {
        PlannerFake(seed: 7, wallClock: clock.wallClock, pageSize: pageSize, limits: limits, staleETagStatus: stale)
    }

    func create(_ fake: PlannerFake, in plan: PlannerFake.Plan, title: String = "Check ASN [TG-ACME-C-1]") async throws
        -> PlannerTask
    {
        let body = #"{"planId":"\#(plan.id)","bucketId":"\#(plan.bucketIds[0])","title":"\#(title)"}"#
        let response = try await fake.send(try Graph.request(.post, "/planner/tasks", body: body))
        #expect(response.status == .created)
        return try Graph.decode(PlannerTask.self, response)
    }

    @Test func createdTasksHave28CharacterIdsAndDetailsWithTheirOwnETag() async throws {
        let fake = fake()
        let plan = await fake.addPlan(bucketCount: 2)
        let task = try await create(fake, in: plan)
        #expect(task.id.utf8.count == 28)
        #expect(task.planId == plan.id && task.bucketId == plan.bucketIds[0])
        #expect(task.priority == 5 && task.percentComplete == 0)
        #expect(task.createdDateTime == clock.date)
        let taskETag = try #require(task.etag)
        #expect(taskETag.hasPrefix("W/\"") && taskETag.hasSuffix("\""))
        let detailsResponse = try await fake.send(try Graph.request(.get, "/planner/tasks/\(task.id)/details"))
        let details = try Graph.decode(PlannerTaskDetails.self, detailsResponse)
        #expect(details.id == task.id && details.description.isEmpty && details.checklist.isEmpty)
        #expect(details.etag != nil && details.etag != task.etag)
        // The representation the fake serves decodes to what it reports as its state.
        #expect(await fake.task(task.id) == task)
        #expect(await fake.details(ofTask: task.id) == details)
    }

    @Test func everyWriteChangesTheETagAndAStaleIfMatchGets412() async throws {
        let fake = fake()
        let plan = await fake.addPlan()
        let task = try await create(fake, in: plan)
        let first = try #require(task.etag)
        let patched = try await fake.send(
            try Graph.request(.patch, "/planner/tasks/\(task.id)", body: #"{"priority":1}"#, ifMatch: first))
        #expect(patched.status == .ok)
        let second = try #require(try Graph.decode(PlannerTask.self, patched).etag)
        #expect(second != first)
        let stale = try await fake.send(
            try Graph.request(.patch, "/planner/tasks/\(task.id)", body: #"{"priority":9}"#, ifMatch: first))
        #expect(stale.status == .preconditionFailed)
        #expect(try Graph.errorCode(stale) == "PreconditionFailed")
        #expect(await fake.task(task.id)?.priority == 1)
        // The task's ETag is no good for the details, and the other way round.
        let mixed = try await fake.send(
            try Graph.request(
                .patch, "/planner/tasks/\(task.id)/details", body: #"{"description":"x"}"#, ifMatch: second))
        #expect(mixed.status == .preconditionFailed)
        let detailsETag = try #require(await fake.details(ofTask: task.id)?.etag)
        let written = try await fake.send(
            try Graph.request(
                .patch, "/planner/tasks/\(task.id)/details", body: #"{"description":"x"}"#, ifMatch: detailsETag))
        #expect(written.status == .ok)
        #expect(try Graph.decode(PlannerTaskDetails.self, written).etag != detailsETag)
        #expect(await fake.task(task.id)?.etag == second)
    }

    @Test func aStaleIfMatchCanBeAnswered409() async throws {
        let fake = fake(stale: .conflict)
        let plan = await fake.addPlan()
        let task = try await create(fake, in: plan)
        _ = try await fake.humanEdit(task: task.id) { $0.percentComplete = 50 }
        let response = try await fake.send(
            try Graph.request(.patch, "/planner/tasks/\(task.id)", body: #"{"priority":1}"#, ifMatch: task.etag))
        #expect(response.status == .conflict)
        #expect(try Graph.errorCode(response) == "Conflict")
    }

    @Test func writesNeedIfMatch() async throws {
        let fake = fake()
        let plan = await fake.addPlan()
        let task = try await create(fake, in: plan)
        let patch = try await fake.send(
            try Graph.request(.patch, "/planner/tasks/\(task.id)", body: #"{"priority":1}"#))
        #expect(patch.status == .badRequest)
        let delete = try await fake.send(try Graph.request(.delete, "/planner/tasks/\(task.id)"))
        #expect(delete.status == .badRequest)
        #expect(await fake.tasks.count == 1)
        let deleted = try await fake.send(try Graph.request(.delete, "/planner/tasks/\(task.id)", ifMatch: task.etag))
        #expect(deleted.status == .noContent)
        #expect(await fake.tasks.isEmpty)
        #expect(try await fake.send(try Graph.request(.get, "/planner/tasks/\(task.id)")).status == .notFound)
    }

    @Test func withoutPreferReturnRepresentationAPatchAnswers204() async throws {
        let fake = fake()
        let plan = await fake.addPlan()
        let task = try await create(fake, in: plan)
        let response = try await fake.send(
            try Graph.request(
                .patch, "/planner/tasks/\(task.id)", body: #"{"title":"Renamed"}"#, ifMatch: task.etag, prefer: false))
        #expect(response.status == .noContent)
        #expect(response.body.isEmpty)
        #expect(await fake.task(task.id)?.title == "Renamed")
    }

    @Test func percentComplete100StampsCompletedDateTimeAndLessClearsIt() async throws {
        let fake = fake()
        let plan = await fake.addPlan()
        let task = try await create(fake, in: plan)
        clock.advance(by: .seconds(3_600))
        let done = try await fake.send(
            try Graph.request(
                .patch, "/planner/tasks/\(task.id)", body: #"{"percentComplete":100}"#, ifMatch: task.etag))
        let completed = try Graph.decode(PlannerTask.self, done)
        #expect(completed.isCompleted)
        #expect(completed.completedDateTime == clock.date)
        let reopened = try await fake.send(
            try Graph.request(
                .patch, "/planner/tasks/\(task.id)", body: #"{"percentComplete":50}"#, ifMatch: completed.etag))
        let open = try Graph.decode(PlannerTask.self, reopened)
        #expect(open.percentComplete == 50 && open.completedDateTime == nil)
    }

    static let refusedBodies: [(path: String, body: String, reason: String)] = [
        (
            "/planner/tasks", #"{"planId":"PLAN","title":"t","dueDate":"2026-01-01T00:00:00Z"}"#,
            "'dueDate' does not exist"
        ),
        (
            "/planner/tasks", #"{"planId":"PLAN","title":"t","details":{"description":"inline"}}"#,
            "'details' is read-only"
        ),
        ("/planner/tasks", #"{"planId":"PLAN","title":"t","id":"x"}"#, "'id' is read-only"),
        ("/planner/tasks", #"{"planId":"PLAN"}"#, "'title' property is required"),
        ("/planner/tasks", #"{"planId":"PLAN","title":"t","priority":11}"#, "'priority' must be within 0-10"),
        ("/planner/tasks", #"{"planId":"PLAN","title":"t","percentComplete":"50"}"#, "'Edm.Int32'"),
        (
            "/planner/tasks",
            #"{"planId":"PLAN","title":"t","assignments":{"alice":{"@odata.type":"microsoft.graph.plannerAssignment","orderHint":" !"}}}"#,
            "'alice' of 'assignments' is not a valid user id"
        ),
        (
            "/planner/tasks",
            #"{"planId":"PLAN","title":"t","assignments":{"fbab97d0-4932-4511-b675-204639209557":{"orderHint":" !"}}}"#,
            "must declare its @odata.type"
        ),
        (
            "/planner/tasks",
            #"{"planId":"PLAN","title":"t","assignments":{"fbab97d0-4932-4511-b675-204639209557":{"@odata.type":"microsoft.graph.plannerAssignment"}}}"#,
            "orderHint property on the assignment must be specified"
        ),
        (
            "/planner/tasks", #"{"planId":"PLAN","title":"t","appliedCategories":{"category26":true}}"#,
            "'category26' does not exist"
        ),
        (
            "/planner/tasks",
            #"{"planId":"PLAN","title":"t","startDateTime":"2026-02-01T00:00:00Z","dueDateTime":"2026-01-01T00:00:00Z"}"#,
            "logically inconsistent"
        ),
        (
            "/planner/tasks", #"{"planId":"PLAN","title":"t","bucketId":"not-a-bucket-of-this-plan"}"#,
            "does not belong to the plan"
        ),
        ("/planner/tasks", #"{"planId":"PLAN","title":"t","orderHint":"é"}"#, "printable ASCII"),
        ("/planner/tasks", #"[1,2]"#, "must be a JSON object"),
        ("/planner/tasks", #"{"planId":"PLAN","title":"t","#, "malformed JSON"),
    ]

    @Test(arguments: refusedBodies.indices)
    func refusesCreateBodiesTheServiceRefuses(_ index: Int) async throws {
        let fake = fake()
        let plan = await fake.addPlan()
        let body = PlannerFakeTests.refusedBodies[index].body.replacing("PLAN", with: plan.id)
        let response = try await fake.send(
            try Graph.request(.post, PlannerFakeTests.refusedBodies[index].path, body: body))
        #expect(response.status == .badRequest)
        #expect(try Graph.errorCode(response) == "BadRequest")
        #expect(response.bodyText.contains(PlannerFakeTests.refusedBodies[index].reason))
        #expect(await fake.tasks.isEmpty)
    }

    static let refusedDetails: [(body: String, reason: String)] = [
        (
            #"{"checklist":{"item-1":{"@odata.type":"microsoft.graph.plannerChecklistItem","title":"x"}}}"#,
            "keyed by GUIDs"
        ),
        (
            #"{"checklist":{"95e27074-6c4a-447a-aa24-9d718a0b86fa":{"title":"no type"}}}"#,
            "'95e27074-6c4a-447a-aa24-9d718a0b86fa' must declare its @odata.type"
        ),
        (
            #"{"checklist":{"95e27074-6c4a-447a-aa24-9d718a0b86fa":{"@odata.type":"microsoft.graph.plannerChecklistItem"}}}"#,
            "needs a title"
        ),
        (
            #"{"checklist":{"95e27074-6c4a-447a-aa24-9d718a0b86fa":{"@odata.type":"microsoft.graph.plannerChecklistItem","title":"x","isChecked":"yes"}}}"#,
            "'Edm.Boolean'"
        ),
        (
            #"{"references":{"https://example.com/a.pdf":{"@odata.type":"microsoft.graph.plannerExternalReference"}}}"#,
            "not a valid URL"
        ),
        (
            #"{"references":{"https%3A//example%2Ecom/a%2Epdf":{"alias":"no type"}}}"#,
            "'https%3A//example%2Ecom/a%2Epdf' must declare its @odata.type"
        ),
        (
            #"{"references":{"https%3A//example%2Ecom/a%2Epdf":{"@odata.type":"microsoft.graph.plannerExternalReference","type":"Pdf"}}}"#,
            "'Pdf' is not a valid reference type"
        ),
        (#"{"notes":{"content":"beta only"}}"#, "'notes' does not exist"),
        (#"{"previewType":"bigPicture"}"#, "'bigPicture' is not a valid plannerPreviewType"),
        (#"{}"#, "must change at least one property"),
    ]

    @Test(arguments: refusedDetails.indices)
    func refusesDetailsBodiesTheServiceRefuses(_ index: Int) async throws {
        let (body, reason) = PlannerFakeTests.refusedDetails[index]
        let fake = fake()
        let plan = await fake.addPlan()
        let task = try await create(fake, in: plan)
        let before = try #require(await fake.details(ofTask: task.id))
        let response = try await fake.send(
            try Graph.request(.patch, "/planner/tasks/\(task.id)/details", body: body, ifMatch: before.etag))
        #expect(response.status == .badRequest)
        #expect(response.bodyText.contains(reason))
        #expect(await fake.details(ofTask: task.id) == before)
    }

    @Test func theDocumentedLimitsAnswer403WithTheLimitCode() async throws {
        let fake = fake(limits: PlannerFake.Limits(checklistItems: 20, assignees: 2, references: 1))
        let plan = await fake.addPlan()
        let task = try await create(fake, in: plan)
        let detailsETag = try #require(await fake.details(ofTask: task.id)?.etag)
        let items = (0..<21).map { index in
            #""\#(guid(index))":{"@odata.type":"microsoft.graph.plannerChecklistItem","title":"item \#(index)"}"#
        }
        let checklist = try await fake.send(
            try Graph.request(
                .patch, "/planner/tasks/\(task.id)/details", body: #"{"checklist":{\#(items.joined(separator: ","))}}"#,
                ifMatch: detailsETag))
        #expect(checklist.status == .forbidden)
        #expect(try Graph.errorCode(checklist) == "MaximumChecklistItemsOnTask")
        #expect(await fake.details(ofTask: task.id)?.checklist.isEmpty == true)

        let twenty = try await fake.send(
            try Graph.request(
                .patch, "/planner/tasks/\(task.id)/details",
                body: #"{"checklist":{\#(items.prefix(20).joined(separator: ","))}}"#, ifMatch: detailsETag))
        #expect(twenty.status == .ok)
        #expect(await fake.details(ofTask: task.id)?.checklist.count == 20)

        let assignment = #"{"@odata.type":"microsoft.graph.plannerAssignment","orderHint":" !"}"#
        let assignees = (0..<3).map { #""\#(guid($0))":\#(assignment)"# }.joined(separator: ",")
        let tooMany = try await fake.send(
            try Graph.request(
                .patch, "/planner/tasks/\(task.id)", body: #"{"assignments":{\#(assignees)}}"#, ifMatch: task.etag))
        #expect(tooMany.status == .forbidden)
        #expect(try Graph.errorCode(tooMany) == "MaximumAssigneesInTasks")

        let reference = #"{"@odata.type":"microsoft.graph.plannerExternalReference","alias":"doc"}"#
        let references = try await fake.send(
            try Graph.request(
                .patch, "/planner/tasks/\(task.id)/details",
                body:
                    #"{"references":{"https%3A//a%2Eexample/1":\#(reference),"https%3A//a%2Eexample/2":\#(reference)}}"#,
                ifMatch: await fake.details(ofTask: task.id)?.etag))
        #expect(references.status == .forbidden)
        #expect(try Graph.errorCode(references) == "MaximumReferencesOnTask")
    }

    @Test func listsAPlanInPagesLinkedByNextLink() async throws {
        let fake = fake(pageSize: 2)
        let plan = await fake.addPlan()
        let other = await fake.addPlan()
        for index in 0..<5 { _ = try await fake.humanCreateTask(title: "task \(index)", inPlan: plan.id) }
        _ = try await fake.humanCreateTask(title: "elsewhere", inPlan: other.id)
        var titles: [String] = []
        var links: [String] = []
        var next: String? = PlannerWire.baseURL + "/planner/plans/\(plan.id)/tasks"
        while let url = next {
            let request = try ConnectorRequest(
                method: .get, url: try #require(URL(string: url)), connector: .planner, operation: "listTasks")
            let page = try Graph.decode(PlannerTaskPage.self, try await fake.send(request))
            titles += page.tasks.map(\.title)
            next = page.nextLink
            if let link = page.nextLink { links.append(link) }
        }
        #expect(titles == (0..<5).map { "task \($0)" })
        #expect(links.count == 2)
        #expect(links.allSatisfy { $0.hasPrefix(PlannerWire.baseURL + "/planner/plans/\(plan.id)/tasks?") })
        let unknown = try await fake.send(try Graph.request(.get, "/planner/plans/nope/tasks"))
        #expect(unknown.status == .notFound)
    }

    @Test func aPageSizeWithoutLimitDoesNotOverflowOnLaterPages() async throws {
        let fake = fake(pageSize: .max)
        let plan = await fake.addPlan()
        for index in 0..<3 { _ = try await fake.humanCreateTask(title: "task \(index)", inPlan: plan.id) }
        let rest = try await fake.send(try Graph.request(.get, "/planner/plans/\(plan.id)/tasks?$skiptoken=1"))
        #expect(rest.status == .ok)
        let page = try Graph.decode(PlannerTaskPage.self, rest)
        #expect(page.tasks.map(\.title) == ["task 1", "task 2"])
        #expect(page.nextLink == nil)
    }

    @Test func batchesRunDependenciesAnswer424ForFailedOnesAndAnswerOutOfOrder() async throws {
        let fake = fake()
        let plan = await fake.addPlan()
        let task = try await create(fake, in: plan)
        let etag = try #require(task.etag)
        let body = #"""
            {"requests":[
              {"id":"1","method":"PATCH","url":"/planner/tasks/\#(task.id)","headers":{"Content-Type":"application/json","If-Match":"\#(etag.replacing("\"", with: "\\\""))","Prefer":"return=representation"},"body":{"priority":1}},
              {"id":"2","method":"PATCH","url":"/planner/tasks/\#(task.id)","headers":{"Content-Type":"application/json","If-Match":"W/\"stale\""},"body":{"priority":9}},
              {"id":"3","method":"GET","url":"/planner/tasks/\#(task.id)","dependsOn":["2"]},
              {"id":"4","method":"GET","url":"planner/tasks/\#(task.id)/details","dependsOn":["1"]}
            ]}
            """#
        let response = try await fake.send(try Graph.request(.post, "/$batch", body: body))
        #expect(response.status == .ok)
        guard case .object(let root) = try Graph.json(response), case .array(let responses)? = root["responses"] else {
            Issue.record("no responses array")
            return
        }
        let pairs: [(String, String)] = responses.compactMap { element in
            guard case .object(let item) = element, case .string(let id)? = item["id"],
                case .number(let status)? = item["status"]
            else { return nil }
            return (id, status)
        }
        #expect(pairs.map(\.0) == ["4", "3", "2", "1"])
        #expect(Dictionary(uniqueKeysWithValues: pairs) == ["1": "200", "2": "412", "3": "424", "4": "200"])
        #expect(await fake.task(task.id)?.priority == 1)
        let log = await fake.exchanges.filter(\.inBatch).map(\.status)
        #expect(log == [200, 412, 424, 200])
    }

    @Test func batchesAreCheckedAsAWhole() async throws {
        let fake = fake()
        let read = #"{"id":"ID","method":"GET","url":"/planner/tasks/x"}"#
        let tooMany = (0..<21).map { read.replacing("ID", with: String($0)) }.joined(separator: ",")
        let duplicate = [read.replacing("ID", with: "1"), read.replacing("ID", with: "1")].joined(separator: ",")
        let unknownDependency = #"{"id":"1","method":"GET","url":"/planner/tasks/x","dependsOn":["9"]}"#
        let bodyWithoutContentType = #"{"id":"1","method":"PATCH","url":"/planner/tasks/x","body":{"title":"t"}}"#
        let dependencyNotAList = #"{"id":"0","method":"GET","url":"/planner/tasks/x"},"#
            + #"{"id":"1","method":"GET","url":"/planner/tasks/x","dependsOn":"0"}"#
        let cases = [
            (tooMany, "the limit is 20"), (duplicate, "'1' twice"), (unknownDependency, "depends on '9'"),
            (bodyWithoutContentType, "no Content-Type"), ("", "at least one request"),
            (dependencyNotAList, "'dependsOn' of batch request '1'"),
        ]
        for (requests, reason) in cases {
            let response = try await fake.send(
                try Graph.request(.post, "/$batch", body: #"{"requests":[\#(requests)]}"#))
            #expect(response.status == .badRequest)
            #expect(response.bodyText.contains(reason))
        }
    }

    @Test func injectedFaultsFireInOrderAndOnlyForTheirOperation() async throws {
        let fake = fake()
        let plan = await fake.addPlan()
        await fake.inject(.throttled(retryAfterSeconds: 7), on: .createTask)
        await fake.inject(.serviceUnavailable(retryAfterSeconds: nil), on: .createTask)
        let body = #"{"planId":"\#(plan.id)","title":"t"}"#
        let throttled = try await fake.send(try Graph.request(.post, "/planner/tasks", body: body))
        #expect(throttled.status == .tooManyRequests)
        #expect(throttled.fields[.retryAfter] == "7")
        #expect(try Graph.errorCode(throttled) == "TooManyRequests")
        let unavailable = try await fake.send(try Graph.request(.post, "/planner/tasks", body: body))
        #expect(unavailable.status == .serviceUnavailable)
        #expect(unavailable.fields[.retryAfter] == nil)
        #expect(await fake.tasks.isEmpty)
        #expect(try await fake.send(try Graph.request(.post, "/planner/tasks", body: body)).status == .created)
    }

    @Test func droppedConnectionsApplyTheWriteOrNot() async throws {
        let fake = fake()
        let plan = await fake.addPlan()
        let body = #"{"planId":"\#(plan.id)","title":"t"}"#
        await fake.inject(.dropConnectionAfterApplying, on: .createTask)
        await fake.inject(.dropConnectionBeforeApplying, on: .createTask)
        await fake.inject(.refuseConnection, on: .createTask)
        await #expect(throws: PlannerFake.ConnectionDropped(operation: .createTask, applied: true)) {
            _ = try await fake.send(try Graph.request(.post, "/planner/tasks", body: body))
        }
        #expect(await fake.tasks.count == 1)
        await #expect(throws: PlannerFake.ConnectionDropped(operation: .createTask, applied: false)) {
            _ = try await fake.send(try Graph.request(.post, "/planner/tasks", body: body))
        }
        #expect(await fake.tasks.count == 1)
        do {
            _ = try await fake.send(try Graph.request(.post, "/planner/tasks", body: body))
            Issue.record("expected a refused connection")
        } catch let error as ConnectorError {
            #expect(error.code == .connectionFailed)
        }
        #expect(await fake.tasks.count == 1)
        #expect(await fake.exchanges.map(\.status) == [nil, nil, nil])
    }

    @Test func aPersonCanEditTasksAndDetailsInPlanner() async throws {
        let fake = fake()
        let plan = await fake.addPlan(bucketCount: 2)
        let task = try await create(fake, in: plan)
        let detailsETag = await fake.details(ofTask: task.id)?.etag
        clock.advance(by: .seconds(60))
        let edited = try await fake.humanEdit(task: task.id) { task in
            task.bucketId = plan.bucketIds[1]
            task.percentComplete = 100
            task.appliedCategories.insert(PlannerCategory(number: 4)!)
            task.assigneeIds.append(PlannerFakeTests.alice)
        }
        #expect(edited.etag != task.etag)
        #expect(edited.bucketId == plan.bucketIds[1])
        #expect(edited.completedDateTime == clock.date)
        #expect(edited.appliedCategories == [PlannerCategory(number: 4)!])
        #expect(edited.assigneeIds == [PlannerFakeTests.alice])
        #expect(await fake.details(ofTask: task.id)?.etag == detailsETag)

        let details = try await fake.humanEditDetails(task: task.id) { details in
            details.description = "Call the carrier"
            details.checklist.append(PlannerChecklistItem(key: guid(1), title: "Call", isChecked: true))
        }
        #expect(details.etag != detailsETag)
        #expect(details.checklist.map(\.title) == ["Call"])
        #expect(await fake.task(task.id)?.etag == edited.etag)

        await #expect(throws: PlannerFake.SetupError.self) {
            try await fake.humanEdit(task: task.id) { $0.bucketId = "elsewhere" }
        }
        await #expect(throws: PlannerFake.SetupError.self) {
            try await fake.humanEdit(task: "missing") { $0.title = "x" }
        }
    }

    @Test func anAcceptedTokenIsRequiredWhenSet() async throws {
        let fake = PlannerFake(seed: 1, wallClock: clock.wallClock, acceptedToken: "graph-token")
        let plan = await fake.addPlan()
        let request = try Graph.request(.get, "/planner/plans/\(plan.id)/tasks")
        let refused = try await fake.send(request)
        #expect(refused.status == .unauthorized)
        let authorized = fake.with(AuthorizationMiddleware(scheme: .bearer, token: Secret("graph-token")))
        #expect(try await authorized.send(request).status == .ok)
    }
}

/// A GUID for `index`, e.g. `00000000-0000-4000-8000-000000000003`.
private func guid(_ index: Int) -> String {
    let digits = String(index)
    return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - digits.count) + digits
}
