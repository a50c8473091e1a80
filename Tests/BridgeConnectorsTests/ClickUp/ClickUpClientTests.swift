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

@Suite struct ClickUpClientTests {
    typealias World = ClickUpWorld

    @Test func createsATaskWithCustomFieldsInlineAndReadsItBack() async throws {
        let world = await World.make()
        let body = try ClickUpPayloads.createTask(for: World.item(), in: World.destination)
        let created = try await world.client.createTask(inList: World.listId, body)

        let stored = try #require(await world.fake.task(created.id))
        #expect(stored.name == "ASN quantity does not match receipt for PO 4471 [TG-ACME-C-1001-b52f960dcdad]")
        #expect(stored.status.name == "to do")
        #expect(stored.priority == 2)
        #expect(stored.assignees == [183, 184])
        #expect(stored.tags == ["logistics"])
        #expect(stored.customFieldValues[World.caseIdField] == .string("TG-ACME-C-1001-b52f960dcdad"))
        #expect(stored.customFieldValues[World.amountField] == .number("1250.1"))
        #expect(world.recorder.operations == ["readList", "createTask"])
        #expect(bodyText(world.recorder.requests[1]) == bodyText(try ConnectorRequest(try ClickUpRequests.createTask(listId: World.listId, body))))

        let read = try await world.client.task(ClickUpTaskID(created.id))
        #expect(read.name == stored.name)
        #expect(read.priority == .high)
        #expect(read.markdownDescription == stored.markdown)
        #expect(read.listId == World.listId)
        #expect(MarkerPlacement.marker(in: read, caseIdFieldId: World.caseIdField)?.rawValue == "TG-ACME-C-1001-b52f960dcdad")
    }

    @Test func updateSendsOnlyTheChangedFieldsAndAssigneeChanges() async throws {
        let world = await World.make()
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Original")
        let update = ClickUpTaskUpdate(priority: .set(.urgent), assignees: ClickUpAssigneeChanges(add: [185, 186], rem: []))
        let first = try await world.client.updateTask(ClickUpTaskID(id), update)
        #expect(first.priority == .urgent)
        #expect(first.assignees.map(\.id) == [185, 186])
        #expect(bodyText(try #require(world.recorder.requests.last)) == #"{"assignees":{"add":[185,186],"rem":[]},"priority":1}"#)

        let second = try await world.client.updateTask(
            ClickUpTaskID(id), ClickUpTaskUpdate(assignees: ClickUpAssigneeChanges(add: [], rem: [185])))
        #expect(second.assignees.map(\.id) == [186])
        #expect(second.name == "Original")
        #expect(second.priority == .urgent)
    }

    @Test func statusNamesAreCheckedAgainstTheListWithACache() async throws {
        let world = await World.make()
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        _ = try await world.client.updateTask(ClickUpTaskID(id), ClickUpTaskUpdate(status: "in review"), inList: World.listId)
        _ = try await world.client.updateTask(ClickUpTaskID(id), ClickUpTaskUpdate(status: "complete"), inList: World.listId)
        #expect(world.recorder.operations == ["readList", "updateTask", "updateTask"])
        #expect(await world.fake.task(id)?.status.name == "complete")

        // A name the list lacks: the list is read once more, then the write is refused locally.
        world.recorder.clear()
        let error = await caught(InputError.self) {
            _ = try await world.client.updateTask(ClickUpTaskID(id), ClickUpTaskUpdate(status: "blocked"), inList: World.listId)
        }
        #expect(error?.path.description == "$.status")
        #expect(error?.reason == .unknownValue("blocked", allowed: ["to do", "in progress", "in review", "complete"]))
        #expect(world.recorder.operations == ["readList"])

        // Someone adds the status in ClickUp: the cache misses, refreshes and the write goes out.
        await world.fake.setStatuses(ClickUpFake.Status.defaults + [ClickUpFake.Status("blocked")], ofList: World.listId)
        world.recorder.clear()
        _ = try await world.client.updateTask(ClickUpTaskID(id), ClickUpTaskUpdate(status: "Blocked"), inList: World.listId)
        #expect(world.recorder.operations == ["readList", "updateTask"])
        #expect(await world.fake.task(id)?.status.name == "blocked")
        #expect(try await world.client.list(World.listId).statusNames.last == "blocked")

        // Forgetting the cache (after a listUpdated webhook, say) reads the list again.
        world.recorder.clear()
        _ = try await world.client.list(World.listId)
        await world.client.forgetCachedList(World.listId)
        _ = try await world.client.list(World.listId)
        await world.client.forgetCachedList()
        let list = try await world.client.list(World.listId)
        #expect(world.recorder.operations == ["readList", "readList"])
        #expect(list.id == World.listId)
        #expect(list.overrideStatuses == true)
        #expect(list.statuses.map(\.type) == ["open", "custom", "custom", "closed", "custom"])
    }

    @Test func theServiceRefusesAStatusTheClientWasNotAskedToCheck() async throws {
        let world = await World.make()
        // Without a list id the client reads the task to find its list; the fake also refuses
        // unknown names (ITEM_114) for a client that skips the check.
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        _ = try await world.client.updateTask(ClickUpTaskID(id), ClickUpTaskUpdate(status: "in progress"))
        #expect(world.recorder.operations == ["readTask", "readList", "updateTask"])
        let raw = try ConnectorRequest(try ClickUpRequests.updateTask(.id(id), ClickUpTaskUpdate(status: "nope")))
        let error = await caught(ConnectorError.self) { _ = try await world.client.transport.send(raw).ensureSuccess(for: raw) }
        #expect(error?.clickUpCode == .statusNotFound)
        #expect(error?.clickUpCode?.kind == .statusNotFound)
    }

    @Test func movesATaskToTheDestinationsStatusForANeutralStatus() async throws {
        let world = await World.make()
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        let moved = try await world.client.moveTask(ClickUpTaskID(id), to: .inReview, in: World.destination)
        #expect(moved.status?.name == "in review")
        let error = await caught(InputError.self) { _ = try await world.client.moveTask(ClickUpTaskID(id), to: .blocked, in: World.destination) }
        #expect(error?.path.description == "$.statuses.blocked")
    }

    @Test func setsAndClearsCustomFieldsWithDropDownsByOptionIdOrIndex() async throws {
        let world = await World.make()
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        let task = ClickUpTaskID(id)
        try await world.client.setCustomField(World.tierField, of: task, to: .text(World.silverOption))
        #expect(await world.fake.task(id)?.customFieldValues[World.tierField] == .number("1"))
        try await world.client.setCustomField(World.tierField, of: task, to: .number(0))
        #expect(await world.fake.task(id)?.customFieldValues[World.tierField] == .number("0"))
        #expect(world.recorder.requests.last?.isIdempotent == true)

        let error = await caught(ConnectorError.self) { try await world.client.setCustomField(World.tierField, of: task, to: .text("Gold")) }
        #expect(error?.code == .badRequest)
        #expect(error?.status == .badRequest)
        #expect(error?.clickUpCode == .invalidCustomFieldValue)
        #expect(error?.clickUpCode?.kind == .invalidCustomFieldValue)
        #expect(error?.message == "Value must be an option index or uuid")
        let outOfRange = await caught(ConnectorError.self) { try await world.client.setCustomField(World.tierField, of: task, to: .number(2)) }
        #expect(outOfRange?.clickUpCode == .invalidCustomFieldValue)
        let notANumber = await caught(ConnectorError.self) { try await world.client.setCustomField(World.amountField, of: task, to: .text("lots")) }
        #expect(notANumber?.clickUpCode == "FIELD_011")

        try await world.client.clearCustomField(World.tierField, of: task)
        #expect(await world.fake.task(id)?.customFieldValues[World.tierField] == nil)
        let read = try await world.client.task(task)
        #expect(read.customFields.first { $0.id == World.tierField }?.value == nil)
    }

    @Test func addsAndRemovesTags() async throws {
        let world = await World.make()
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        try await world.client.addTag("edi 856", to: ClickUpTaskID(id))
        try await world.client.addTag("urgent", to: ClickUpTaskID(id))
        #expect(await world.fake.task(id)?.tags == ["edi 856", "urgent"])
        #expect(world.recorder.requests.first?.url.absoluteString.hasSuffix("/tag/edi%20856") == true)
        try await world.client.removeTag("edi 856", from: ClickUpTaskID(id))
        #expect(try await world.client.task(ClickUpTaskID(id)).tags == ["urgent"])
    }

    @Test func customTaskIdsCarryTheWorkspace() async throws {
        let world = await World.make(customTaskIDPrefix: "DEF")
        let id = try await world.fake.humanCreatesTask(inList: World.listId, name: "Task")
        #expect(await world.fake.task(id)?.customId == "DEF-1")
        let custom = ClickUpTaskID.custom("DEF-1", teamId: World.workspace)
        let task = try await world.client.task(custom)
        #expect(task.id == id)
        #expect(task.customId == "DEF-1")
        #expect(
            world.recorder.requests.last?.url.absoluteString
                == "https://api.clickup.com/api/v2/task/DEF-1?include_markdown_description=true&custom_task_ids=true&team_id=9012345")
        try await world.client.addTag("x", to: custom)
        _ = try await world.client.addComment(to: custom, text: "hello")
        #expect(await world.fake.task(id)?.tags == ["x"])
        #expect(await world.fake.comments(on: id).count == 1)

        // Without team_id ClickUp answers a misleading 401.
        let raw = try ConnectorRequest(
            method: .get, url: URL(string: "https://api.clickup.com/api/v2/task/DEF-1?custom_task_ids=true")!,
            connector: .clickUp, operation: "readTask")
        let error = await caught(ConnectorError.self) { _ = try await world.client.transport.send(raw).ensureSuccess(for: raw) }
        #expect(error?.code == .unauthorized)
        #expect(error?.clickUpCode?.kind == .workspaceNotAuthorized)
        #expect(custom.description == "DEF-1 (custom id in workspace 9012345)")
    }

    @Test func unknownTasksAreTypedErrors() async throws {
        let world = await World.make()
        let error = await caught(ConnectorError.self) { _ = try await world.client.task("86nothere") }
        #expect(error?.code == .notFound)
        #expect(error?.clickUpCode?.kind == .taskNotFound)
        #expect(error?.description.contains("clickup.readTask failed: not_found") == true)
    }

    @Test func personalTokensGoRawAndOAuthTokensAsBearer() async throws {
        let clock = ManualClock()
        let fake = ClickUpFake(clock: clock)
        await fake.addWorkspace(ClickUpWorld.workspace)
        await fake.addList(ClickUpFake.List(id: ClickUpWorld.listId, workspaceId: ClickUpWorld.workspace))
        await fake.addToken("pk_1-personal", user: ClickUpFake.User(id: 1, username: "me"))
        await fake.addToken("oauth-token-1", user: ClickUpFake.User(id: 2, username: "app"))
        let seen = RecordingMiddleware()
        func client(_ scheme: AuthorizationMiddleware.Scheme, _ token: String) -> ClickUpClient {
            ClickUpClient(transport: fake.with(AuthorizationMiddleware(scheme: scheme, token: Secret(token)), seen))
        }

        _ = try await client(.clickUp, "pk_1-personal").list(ClickUpWorld.listId)
        _ = try await client(.clickUp, "oauth-token-1").list(ClickUpWorld.listId)
        #expect(seen.requests.map { $0.fields[.authorization] } == ["pk_1-personal", "Bearer oauth-token-1"])

        // The wrong form is refused like ClickUp refuses it.
        let bearerPersonal = await caught(ConnectorError.self) { _ = try await client(.bearer, "pk_1-personal").list(ClickUpWorld.listId) }
        #expect(bearerPersonal?.code == .unauthorized)
        #expect(bearerPersonal?.clickUpCode?.kind == .invalidToken)
        #expect(bearerPersonal?.description.contains("pk_1-personal") == false)
        let rawOAuth = await caught(ConnectorError.self) { _ = try await client(.raw, "oauth-token-1").list(ClickUpWorld.listId) }
        #expect(rawOAuth?.clickUpCode == .tokenNotFound)
        let none = await caught(ConnectorError.self) { _ = try await ClickUpClient(transport: fake).list(ClickUpWorld.listId) }
        #expect(none?.clickUpCode == .authorizationMissing)
        #expect(none?.clickUpCode?.kind == .authorizationMissing)
    }

    @Test func answersThatDoNotDecodeAreInvalidResponses() async throws {
        let transport = MockTransport.successful(body: Array(#"{"tasks": "nope"}"#.utf8))
        let client = ClickUpClient(transport: transport)
        let error = await caught(ConnectorError.self) { _ = try await client.taskPage(inList: "901", page: 0) }
        #expect(error?.code == .invalidResponse)
        #expect(error?.message?.contains("$.tasks") == true)
        #expect(error?.isAmbiguous == false)
    }

    @Test func transportFailuresAreWrappedOnce() async throws {
        let client = ClickUpClient(transport: MockTransport.failing)
        let read = await caught(ConnectorError.self) { _ = try await client.task("86abc") }
        #expect(read?.code == .transportFailed)
        #expect(read?.isAmbiguous == false)
        let write = await caught(ConnectorError.self) { _ = try await client.addComment(to: "86abc", text: "hi") }
        #expect(write?.isAmbiguous == true)
        #expect(write?.underlyingError is MockTransport.Failure)
    }

    @Test func errorCodesHaveKinds() {
        let kinds: [(ClickUpErrorCode, ClickUpErrorCode.Kind)] = [
            ("OAUTH_017", .authorizationMissing), ("OAUTH_018", .invalidToken), ("OAUTH_021", .invalidToken),
            ("OAUTH_077", .invalidToken), ("OAUTH_026", .workspaceNotAuthorized), ("OAUTH_033", .workspaceNotAuthorized),
            ("OAUTH_045", .workspaceNotAuthorized), ("OAUTH_046", .other), ("OAUTH_171", .webhookAlreadyExists),
            ("GBUSED_005", .storageLimitExceeded), ("FIELD_011", .invalidCustomFieldValue), ("ITEM_114", .statusNotFound),
            ("ITEM_013", .taskNotFound), ("APP_002", .rateLimited), ("SOMETHING_1", .other),
        ]
        for (code, kind) in kinds { #expect(code.kind == kind, "\(code)") }
        let planner = ConnectorError(code: .badRequest, connector: .planner, operation: "createTask", serviceCode: "FIELD_011")
        #expect(planner.clickUpCode == nil)
    }
}
