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

/// The fake, spoken to in raw HTTP as ClickUp would be.
@Suite struct ClickUpFakeTests {
    static let token = "pk_7_FAKE"
    static let dropDown = "6f2c0d1e-3a4b-4c5d-9e8f-7a6b5c4d3e2f"
    static let options = [
        ClickUpFake.Option(id: "11111111-1111-4111-8111-111111111111", name: "Gold"),
        ClickUpFake.Option(id: "22222222-2222-4222-8222-222222222222", name: "Silver"),
    ]

    let clock = ManualClock()
    let fake: ClickUpFake

    init() async {
        fake = ClickUpFake(clock: clock)
        await fake.addWorkspace("1", customTaskIDPrefix: "OPS")
        await fake.addToken(Self.token, user: ClickUpFake.User(id: 7, username: "bridge"))
        await fake.addList(
            ClickUpFake.List(
                id: "900", workspaceId: "1",
                statuses: [ClickUpFake.Status("new", type: "open"), ClickUpFake.Status("done", type: "closed")],
                customFields: [ClickUpFake.CustomField(id: Self.dropDown, name: "Tier", type: "drop_down", options: Self.options)]))
    }

    func send(
        _ method: HTTPMethod, _ path: String, json: String? = nil, body: [UInt8]? = nil, contentType: String? = nil,
        authorization: String? = ClickUpFakeTests.token, operation: String = "test"
    ) async throws -> ConnectorResponse {
        var fields = HTTPFields()
        if let authorization { fields[.authorization] = authorization }
        if let contentType { fields[.contentType] = contentType } else if json != nil { fields[.contentType] = "application/json" }
        let request = try ConnectorRequest(
            method: method, url: URL(string: "https://api.clickup.com/api/v2" + path)!, fields: fields,
            body: body ?? Array((json ?? "").utf8), connector: .clickUp, operation: operation)
        return try await fake.send(request)
    }

    func code(_ response: ConnectorResponse) -> String? {
        guard case .object(let object)? = try? StrictJSONParser().parse(response.body), case .string(let code)? = object["ECODE"] else {
            return nil
        }
        return code
    }

    func json(_ response: ConnectorResponse) throws -> JSONObject {
        guard case .object(let object) = try StrictJSONParser().parse(response.body) else { throw InputError(path: .root, reason: .missing) }
        return object
    }

    @Test func refusesWhatClickUpRefuses() async throws {
        let noAuth = try await send(.get, "/list/900", authorization: nil)
        #expect(noAuth.status == .unauthorized)
        #expect(code(noAuth) == "OAUTH_017")
        #expect(code(try await send(.get, "/list/900", authorization: "Bearer " + Self.token)) == "OAUTH_019")
        #expect(code(try await send(.get, "/list/900", authorization: "pk_unknown")) == "OAUTH_019")

        let badStatus = try await send(.post, "/list/900/task", json: #"{"name":"x","status":"in progress"}"#)
        #expect(badStatus.status == .badRequest)
        #expect(code(badStatus) == "ITEM_114")
        #expect(code(try await send(.post, "/list/900/task", json: #"{"name":"x","markdown_description":"y"}"#)) == "FAKE_BODY")
        #expect(code(try await send(.post, "/list/900/task", json: #"{"name":""}"#)) == "FAKE_BODY")
        #expect(code(try await send(.post, "/list/900/task", json: #"{"name":"x","priority":5}"#)) == "FAKE_BODY")
        let label = #"{"name":"x","custom_fields":[{"id":"\#(Self.dropDown)","value":"Gold"}]}"#
        #expect(code(try await send(.post, "/list/900/task", json: label)) == "FIELD_011")
        let unknownField = #"{"name":"x","custom_fields":[{"id":"33333333-3333-4333-8333-333333333333","value":"a"}]}"#
        #expect(code(try await send(.post, "/list/900/task", json: unknownField)) == "FAKE_FIELD")
        #expect(code(try await send(.get, "/list/901")) == "FAKE_LIST")
        #expect(code(try await send(.get, "/task/86none")) == "ITEM_013")
        #expect(code(try await send(.get, "/nowhere")) == "FAKE_ROUTE")
        #expect(await fake.tasks.isEmpty)
    }

    @Test func createsAndReadsTasksShapedLikeClickUps() async throws {
        let create = #"{"name":"Check ASN","status":"NEW","priority":2,"due_date":1767830400000,"due_date_time":true,"tags":["edi"],"custom_fields":[{"id":"\#(Self.dropDown)","value":"22222222-2222-4222-8222-222222222222"}]}"#
        let created = try await send(.post, "/list/900/task", json: create)
        #expect(created.status == .ok)
        let task = try StrictJSONDecoder().decode(ClickUpTask.self, from: created.body)
        #expect(task.name == "Check ASN")
        #expect(task.status?.name == "new")
        #expect(task.priority == .high)
        #expect(task.dueDate == Date(epochMilliseconds: 1_767_830_400_000))
        #expect(task.tags == ["edi"])
        #expect(task.customId == "OPS-1")
        #expect(task.customFields.first?.value == .integer(1))
        #expect(task.id.hasPrefix("86") && task.id.count == 9)
        let raw = try json(created)
        #expect(raw["date_created"] == .string(String(clock.date.epochMilliseconds)))
        #expect(raw["markdown_description"] == nil)

        let read = try await send(.get, "/task/\(task.id)?include_markdown_description=true")
        #expect(try json(read)["markdown_description"] == .string(""))
        let byCustomId = try await send(.get, "/task/OPS-1?custom_task_ids=true&team_id=1")
        #expect(try StrictJSONDecoder().decode(ClickUpTask.self, from: byCustomId.body).id == task.id)
        let withoutTeam = try await send(.get, "/task/OPS-1?custom_task_ids=true")
        #expect(withoutTeam.status == .unauthorized)
        #expect(code(withoutTeam) == "OAUTH_027")

        // The same seed gives the same ids.
        let twin = ClickUpFake(clock: ManualClock())
        await twin.addWorkspace("1")
        await twin.addList(ClickUpFake.List(id: "900", workspaceId: "1"))
        #expect(try await twin.humanCreatesTask(inList: "900", name: "a") == task.id)
    }

    @Test func updateTaskRefusesTagsAndCustomFieldsLikeClickUp() async throws {
        let id = try await fake.humanCreatesTask(inList: "900", name: "Task")
        #expect(code(try await send(.put, "/task/\(id)", json: #"{"tags":["a"]}"#)) == "FAKE_BODY")
        #expect(code(try await send(.put, "/task/\(id)", json: #"{"custom_fields":[]}"#)) == "FAKE_BODY")
        #expect(code(try await send(.put, "/task/\(id)", json: #"{"assignees":{"add":[1]}}"#)) == "FAKE_BODY")
        let cleared = try await send(.put, "/task/\(id)", json: #"{"priority":null,"due_date":null,"status":"done"}"#)
        #expect(cleared.status == .ok)
        #expect(await fake.task(id)?.status.name == "done")
        #expect(await fake.task(id)?.dateClosed == clock.date)
    }

    @Test func parsesMultipartBodiesStrictly() async throws {
        let id = try await fake.humanCreatesTask(inList: "900", name: "Task")
        func upload(_ text: String, boundary: String = "b0undary") async throws -> ConnectorResponse {
            try await send(
                .post, "/task/\(id)/attachment", body: Array(text.utf8), contentType: "multipart/form-data; boundary=\(boundary)")
        }
        let good = "--b0undary\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
            + "--b0undary\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"a \\\"quoted\\\" name.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\nline1\r\nline2\r\n--b0undary--\r\n"
        let response = try await upload(good)
        #expect(response.status == .ok)
        let stored = try #require(await fake.attachments(on: id).first)
        #expect(stored.fileName == "a \"quoted\" name.txt")
        #expect(stored.bytes == Array("line1\r\nline2".utf8))
        #expect(stored.mediaType == "text/plain")
        #expect(try json(response)["title"] == .string("a \"quoted\" name.txt"))

        #expect(code(try await upload("--b0undary\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"x\"\r\n\r\nno end")) == "FAKE_BODY")
        #expect(code(try await upload("--other\r\n\r\n--other--\r\n")) == "FAKE_BODY")
        #expect(code(try await upload("--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\ny\r\n--b0undary--\r\n")) == "FAKE_BODY")
        #expect(code(try await send(.post, "/task/\(id)/attachment", json: "{}")) == "FAKE_BODY")
        #expect(await fake.attachments(on: id).count == 1)
    }

    @Test func limitsRequestsPerTokenPerMinute() async throws {
        for _ in 0..<100 { #expect(try await send(.get, "/list/900").status == .ok) }
        let limited = try await send(.get, "/list/900")
        #expect(limited.status == .tooManyRequests)
        #expect(code(limited) == "APP_002")
        #expect(limited.fields[.xRateLimitRemaining] == "0")
        #expect(await fake.rateLimitedCount == 1)
        clock.advance(by: .seconds(59))
        #expect(try await send(.get, "/list/900").status == .tooManyRequests)
        clock.advance(by: .seconds(1))
        let again = try await send(.get, "/list/900")
        #expect(again.status == .ok)
        #expect(again.fields[.xRateLimitRemaining] == "99")
    }

    @Test func pagesBeyondTheEndAreEmptyWhateverTheirNumber() async throws {
        for index in 0..<3 { try await fake.humanCreatesTask(inList: "900", name: "task \(index)") }
        for page in ["1", "92233720368547758", "9223372036854775807"] {
            let response = try await send(.get, "/list/900/task?page=\(page)")
            #expect(response.status == .ok)
            let object = try json(response)
            #expect(object["tasks"] == .array([]))
            #expect(object["last_page"] == .bool(true))
        }
        let unlimited = ClickUpFake(clock: clock, configuration: .init(taskPageSize: .max))
        await unlimited.addWorkspace("1")
        await unlimited.addToken(Self.token, user: ClickUpFake.User(id: 7, username: "bridge"))
        await unlimited.addList(ClickUpFake.List(id: "900", workspaceId: "1"))
        try await unlimited.humanCreatesTask(inList: "900", name: "only")
        let request = try ConnectorRequest(
            method: .get, url: try #require(URL(string: "https://api.clickup.com/api/v2/list/900/task?page=1")),
            fields: [.authorization: Self.token], connector: .clickUp, operation: "test")
        let second = try await unlimited.send(request)
        #expect(try json(second)["tasks"] == .array([]))
        #expect(try json(second)["last_page"] == .bool(true))
    }

    @Test func anInjected429SaysNoRequestIsLeft() async throws {
        #expect(try await send(.get, "/list/900").fields[.xRateLimitRemaining] == "99")
        await fake.inject(.rateLimited)
        let limited = try await send(.get, "/list/900")
        #expect(limited.status == .tooManyRequests)
        #expect(limited.fields[.xRateLimitRemaining] == "0")
        #expect(limited.fields[.xRateLimitLimit] == "100")
        #expect(limited.fields[.xRateLimitReset] == String(Int64(clock.date.timeIntervalSince1970) + 60))
    }

    @Test func getTasksListsNewestFirstUnlessReversed() async throws {
        for index in 0..<5 {
            try await fake.humanCreatesTask(inList: "900", name: "task \(index)")
            clock.advance(by: .seconds(1))
        }
        func names(_ query: String) async throws -> [String] {
            guard case .array(let tasks)? = try json(try await send(.get, "/list/900/task\(query)"))["tasks"] else { return [] }
            return tasks.compactMap { task -> String? in
                guard case .object(let object) = task, case .string(let name)? = object["name"] else { return nil }
                return name
            }
        }
        #expect(try await names("") == ["task 4", "task 3", "task 2", "task 1", "task 0"])
        #expect(try await names("?reverse=true") == ["task 0", "task 1", "task 2", "task 3", "task 4"])
    }

    @Test func injectedFaultsApplyOrNotAsAsked() async throws {
        await fake.inject(.dropConnectionAfterApplying, on: "createTask")
        await #expect(throws: ClickUpFake.DroppedConnection.self) {
            _ = try await send(.post, "/list/900/task", json: #"{"name":"a"}"#, operation: "createTask")
        }
        #expect(await fake.tasks.count == 1)
        await fake.inject(.status(.badGateway, applied: false))
        #expect(try await send(.post, "/list/900/task", json: #"{"name":"b"}"#).status == .badGateway)
        #expect(await fake.tasks.count == 1)
        await fake.inject(.status(.badGateway, applied: true), count: 2)
        #expect(try await send(.post, "/list/900/task", json: #"{"name":"c"}"#).status == .badGateway)
        #expect(try await send(.post, "/list/900/task", json: #"{"name":"d"}"#).status == .badGateway)
        #expect(await fake.tasks.map(\.name) == ["a", "c", "d"])
        await fake.inject(.connectionRefused)
        await #expect(throws: ConnectorError.self) { _ = try await send(.get, "/list/900") }
        #expect(try await send(.get, "/list/900").status == .ok)
        #expect(await fake.receivedRequests.map(\.status) == [nil, 502, 502, 502, nil, 200])
    }

    @Test func signsDeliveriesAndReportsHealth() async throws {
        let created = try await send(
            .post, "/team/1/webhook", json: #"{"endpoint":"https://hooks.example.com/cu","events":["taskStatusUpdated"],"list_id":900}"#)
        let registration = try json(created)
        guard case .object(let webhook)? = registration["webhook"], case .string(let secret)? = webhook["secret"] else {
            Issue.record("no secret")
            return
        }
        #expect(code(try await send(.post, "/team/1/webhook", json: #"{"endpoint":"https://hooks.example.com/cu","events":["taskStatusUpdated"],"list_id":900}"#)) == "OAUTH_171")
        #expect(code(try await send(.post, "/team/1/webhook", json: #"{"endpoint":"https://hooks.example.com/cu","events":["taskFlew"]}"#)) == "FAKE_BODY")

        let statuses = LockedValue<[HTTPStatus]>([.gone])
        await fake.setWebhookReceiver { _ in statuses.withLock { $0.isEmpty ? .ok : $0.removeFirst() } }
        let id = try await fake.humanCreatesTask(inList: "900", name: "Task")
        let pending = await fake.pendingDeliveries
        #expect(pending.map(\.event) == [.taskStatusUpdated])
        let delivery = try #require(pending.first)
        #expect(delivery.fields[.xSignature] == HMACSHA256.hexAuthenticationCode(for: delivery.body, key: Secret(secret)))
        #expect(delivery.fields[.contentType] == "application/json")
        let event = try ClickUpWebhookEvent(parsing: delivery.body)
        #expect(event.taskID == id)
        #expect(event.historyItems.map(\.field) == ["status"])
        #expect(await fake.deliverPendingWebhooks() == 1)
        #expect(await fake.webhooks.first?.status == "suspended")

        // A suspended webhook gets nothing until it is reactivated.
        try await fake.humanChangesStatus(of: id, to: "done")
        #expect(await fake.pendingDeliveries.isEmpty)
        guard case .string(let webhookId)? = registration["id"] else { return }
        let reactivated = try await send(.put, "/webhook/\(webhookId)", json: #"{"endpoint":"https://hooks.example.com/cu","events":"*","status":"active"}"#)
        #expect(reactivated.status == .ok)
        try await fake.humanChangesStatus(of: id, to: "new")
        #expect(await fake.pendingDeliveries.map(\.event) == [.taskStatusUpdated, .taskUpdated])
    }

    @Test func aWebhookSuspendedOrDeletedGetsNoneOfItsQueuedDeliveries() async throws {
        let body = #"{"endpoint":"https://hooks.example.com/cu","events":["taskStatusUpdated"]}"#
        guard case .string(let webhookId)? = try json(try await send(.post, "/team/1/webhook", json: body))["id"] else {
            Issue.record("no webhook id")
            return
        }
        let received = LockedValue(0)
        await fake.setWebhookReceiver { _ in
            received.withLock { $0 += 1 }
            return .gone
        }
        let id = try await fake.humanCreatesTask(inList: "900", name: "Task")
        try await fake.humanChangesStatus(of: id, to: "done")
        #expect(await fake.pendingDeliveries.count == 2)
        // The first answer (410) suspends the webhook at once: ClickUp sends it nothing more.
        #expect(await fake.deliverPendingWebhooks() == 1)
        #expect(received.withLock { $0 } == 1)
        #expect(await fake.pendingDeliveries.isEmpty)

        _ = try await send(.put, "/webhook/\(webhookId)", json: #"{"endpoint":"https://hooks.example.com/cu","events":"*","status":"active"}"#)
        try await fake.humanChangesStatus(of: id, to: "new")
        #expect(await fake.pendingDeliveries.count == 2)
        #expect(try await send(.delete, "/webhook/\(webhookId)").status == .ok)
        #expect(await fake.deliverPendingWebhooks() == 0)
        #expect(received.withLock { $0 } == 1)
    }

    @Test func humanActionsNeedExistingThings() async throws {
        await #expect(throws: ClickUpFake.HumanActionError.self) { try await fake.humanCreatesTask(inList: "nope", name: "x") }
        await #expect(throws: ClickUpFake.HumanActionError.self) { try await fake.humanCreatesTask(inList: "900", name: "x", status: "zzz") }
        await #expect(throws: ClickUpFake.HumanActionError.self) { try await fake.humanChangesStatus(of: "86nope", to: "new") }
        await #expect(throws: ClickUpFake.HumanActionError.self) { try await fake.humanPostsComment(on: "86nope", text: "x") }
    }
}
