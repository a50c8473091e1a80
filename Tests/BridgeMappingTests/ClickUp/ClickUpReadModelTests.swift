import BridgeMapping
import BridgeModels
import Foundation
import Testing

@Suite struct ClickUpReadModelTests {
    /// The Get Task example of ClickUp's OpenAPI document (trimmed), with a marker in the name.
    static let taskResponse = """
        {"id": "9hx", "custom_id": null, "custom_item_id": 0, "name": "Fix login bug [TG-ACME-C-1001]",
         "text_content": "Users are unable to log in when SSO is enabled.",
         "description": "Users are unable to log in when SSO is enabled.",
         "status": {"id": "p7001234_FxGmgrnk", "status": "in progress", "color": "#d3d3d3", "orderindex": 1, "type": "custom"},
         "orderindex": "1.00000000000000000000000000000000", "date_created": "1567780450202", "date_updated": "1567780450202",
         "date_closed": null, "date_done": null, "archived": false,
         "creator": {"id": 183, "username": "Alex Johnson", "color": "#827718", "email": "user@company.com"},
         "assignees": [{"id": 2772463, "username": "Alex Johnson", "color": "#FC575E", "initials": "AJ", "email": "user@company.com", "profilePicture": null}],
         "group_assignees": [], "watchers": [], "checklists": [],
         "tags": [{"name": "bug", "tag_fg": "#EA80FC", "tag_bg": "#EA80FC", "creator": 183}],
         "parent": null, "top_level_parent": null,
         "priority": {"color": "#f8ae00", "id": "3", "orderindex": "3", "priority": "normal"},
         "due_date": "1508369194377", "start_date": null, "points": 3, "time_estimate": "8640000", "time_spent": 0,
         "custom_fields": [
           {"id": "d2ab17e0-41d3-4d28-bdbb-f3f0f2c62f8b", "name": "Sprint Goal", "type": "short_text", "type_config": {}, "value": "Fix critical auth issues"},
           {"id": "1f3cc395-3448-4264-bedd-590a3b3fa178", "name": "Story Points", "type": "number", "type_config": {}, "value": "8"},
           {"id": "f4d2a20d-6759-4420-b897-222dbe2587d4", "name": "Assigned Reviewer", "type": "users", "value": [{"id": 2772463, "username": "Alex Johnson"}]},
           {"id": "b2e4be70-c4d3-4726-985b-46ac25375b28", "name": "Marketing Requirements", "type": "drop_down", "value": 2},
           {"id": "0a52c486-5f05-403b-b4fd-c512ff05131c", "name": "Case", "type": "short_text", "value": "TG-ACME-C-1002"},
           {"id": "e0e0e0e0-0000-4000-8000-000000000000", "name": "Empty", "type": "date"}
         ],
         "dependencies": [], "linked_tasks": [], "locations": [], "team_id": "1234567",
         "url": "https://app.clickup.com/t/9hx", "list": {"id": "123", "name": "List", "access": true},
         "folder": {"id": "456"}, "space": {"id": "789"}, "attachments": []}
        """

    @Test func decodesTheSpecExample() throws {
        let task = try StrictJSONDecoder().decode(ClickUpTask.self, from: Self.taskResponse)
        #expect(task.id == "9hx")
        #expect(task.customId == nil)
        #expect(task.status == ClickUpStatus(name: "in progress", type: "custom", color: "#d3d3d3"))
        #expect(task.status?.isClosed == false)
        #expect(task.priority == .normal)
        #expect(task.dueDate == Date(epochMilliseconds: 1_508_369_194_377))
        #expect(task.startDate == nil && task.dateClosed == nil)
        #expect(task.dateUpdated == Date(epochMilliseconds: 1_567_780_450_202))
        #expect(task.assignees == [ClickUpUser(id: 2_772_463, username: "Alex Johnson", email: "user@company.com")])
        #expect(task.tags == ["bug"])
        #expect(task.customFields.count == 6)
        #expect(task.customFields[1].value == .string("8"))
        #expect(task.customFields[2].value == .array([.object(["id": .integer(2_772_463), "username": .string("Alex Johnson")])]))
        #expect(task.customFields[3].value == .integer(2))
        #expect(task.customFields[5].value == nil)
        #expect(task.listId == "123")
        #expect(task.url == "https://app.clickup.com/t/9hx")
        #expect(task.archived == false)
        #expect(try JSONDecoder().decode(ClickUpTask.self, from: Data(Self.taskResponse.utf8)) == task)
    }

    @Test func findsTheMarkerInTheNameOrTheCaseField() throws {
        let task = try StrictJSONDecoder().decode(ClickUpTask.self, from: Self.taskResponse)
        #expect(MarkerPlacement.marker(in: task)?.rawValue == "TG-ACME-C-1001")
        var renamed = task
        renamed.name = "Renamed by an automation"
        #expect(MarkerPlacement.marker(in: renamed) == nil)
        #expect(MarkerPlacement.marker(in: renamed, caseIdFieldId: WireFixtures.caseIdField)?.rawValue == "TG-ACME-C-1002")
        #expect(MarkerPlacement.marker(in: renamed, caseIdFieldId: "d2ab17e0-41d3-4d28-bdbb-f3f0f2c62f8b") == nil)
    }

    @Test func readsLooseTypes() throws {
        let task = try StrictJSONDecoder().decode(
            ClickUpTask.self,
            from: #"{"id": 12345, "name": "x", "priority": null, "due_date": 1508369194377, "start_date": "", "tags": ["plain"], "assignees": [{"id": "183"}]}"#)
        #expect(task.id == "12345")
        #expect(task.priority == nil)
        #expect(task.dueDate == Date(epochMilliseconds: 1_508_369_194_377))
        #expect(task.startDate == nil)
        #expect(task.tags == ["plain"])
        #expect(task.assignees.map(\.id) == [183])
        let named = try StrictJSONDecoder().decode(ClickUpTask.self, from: #"{"id": "t", "priority": {"priority": "URGENT"}}"#)
        #expect(named.priority == .urgent)
    }

    @Test func decodesPagesListsAndErrors() throws {
        let page = try StrictJSONDecoder().decode(ClickUpTaskPage.self, from: #"{"tasks": [\#(Self.taskResponse)], "last_page": false}"#)
        #expect(page.tasks.count == 1 && !page.isLastPage)
        #expect(try StrictJSONDecoder().decode(ClickUpTaskPage.self, from: #"{"tasks": []}"#).isLastPage)
        let list = try StrictJSONDecoder().decode(
            ClickUpList.self,
            from: ##"{"id": "124", "name": "Updated List Name", "task_count": 10, "override_statuses": false, "statuses": [{"status": "to do", "orderindex": 0, "color": "#d3d3d3", "type": "open"}, {"status": "complete", "orderindex": 1, "color": "#6bc950", "type": "closed"}]}"##)
        #expect(list.statusNames == ["to do", "complete"])
        #expect(list.statuses[1].isClosed)
        let error = try StrictJSONDecoder().decode(ClickUpErrorResponse.self, from: #"{"err": "Value must be an option index or uuid", "ECODE": "FIELD_011"}"#)
        #expect(error.code == "FIELD_011")
        #expect(error.description == #"FIELD_011: "Value must be an option index or uuid""#)
        let template = try StrictJSONDecoder().decode(ClickUpErrorResponse.self, from: #"{"error": "Team not authorized\r\nX-Injected: 1"}"#)
        #expect(template.description == #"ClickUp error: "Team not authorized\u{000D}\u{000A}X-Injected: 1""#)
    }

    @Test(arguments: [
        (#"{"name": "x"}"#, "$.id", "missing"),
        (#"{"id": "t", "due_date": "soon"}"#, "$.due_date", "invalidFormat"),
        (#"{"id": "t", "due_date": true}"#, "$.due_date", "wrongType"),
        (#"{"id": "t", "priority": {"id": "9", "priority": "critical"}}"#, "$.priority", "invalidFormat"),
        (#"{"id": "t", "status": {"type": "open"}}"#, "$.status.status", "missing"),
        (#"{"id": "t", "assignees": [{"id": "abc"}]}"#, "$.assignees[0].id", "invalidFormat"),
        (#"{"id": "t", "custom_fields": [{"value": 1}]}"#, "$.custom_fields[0].id", "missing"),
        (##"{"id": "t", "tags": [{"tag_fg": "#fff"}]}"##, "$.tags[0].name", "missing"),
        (#"{"id": "t", "name": ["x"]}"#, "$.name", "wrongType"),
    ])
    func refusesMalformedTasksWithAPath(_ json: String, _ path: String, _ reason: String) {
        let error = expectInputError { try StrictJSONDecoder().decode(ClickUpTask.self, from: json) }
        #expect(error?.path.description == path)
        #expect(error.map { "\($0.reason)".hasPrefix(reason) } == true, "\(String(describing: error))")
    }

    /// A date ClickUp (or anything pretending to be it) sends near `Int64.max` would trap when
    /// written again, e.g. as the `date_updated_gt` of the next reconciliation poll; it is
    /// refused with its path, in responses, webhook deliveries and decoded request bodies.
    @Test func datesOutsideTheRFC3339RangeAreRefused() throws {
        for value in [#""9223372036854775807""#, "9223372036854775807", #""-9223372036854775808""#, "253402300800000"] {
            let error = expectInputError { try StrictJSONDecoder().decode(ClickUpTask.self, from: #"{"id": "t", "date_updated": \#(value)}"#) }
            #expect(error?.path.description == "$.date_updated", "\(value)")
            #expect(error.map { "\($0.reason)".hasPrefix("outOfRange") } == true, "\(value)")
        }
        let latest = try StrictJSONDecoder().decode(ClickUpTask.self, from: #"{"id": "t", "date_updated": "253402300799999"}"#)
        let poll = ClickUpRequests.listTasks(listId: "901", updatedAfter: latest.dateUpdated)
        #expect(poll.url.hasSuffix("&date_updated_gt=253402300799999"))

        let body = #"{"name": "n", "due_date": 9223372036854775807}"#
        #expect(expectInputError { try StrictJSONDecoder().decode(ClickUpTaskCreate.self, from: body) }?.path.description == "$.due_date")
        let update = #"{"start_date": -9223372036854775808}"#
        #expect(expectInputError { try StrictJSONDecoder().decode(ClickUpTaskUpdate.self, from: update) }?.path.description == "$.start_date")
        let field = #"{"value": 9223372036854775807, "value_options": {"time": true}}"#
        #expect(expectInputError { try StrictJSONDecoder().decode(ClickUpSetCustomFieldValue.self, from: field) }?.path.description == "$.value")
        let webhook = #"{"event": "taskUpdated", "webhook_id": "w", "task_id": "t", "history_items": [{"id": "h", "date": "999999999999999", "field": "name"}]}"#
        #expect(throws: InputError.self) { try ClickUpWebhookEvent(parsing: Array(webhook.utf8)) }
    }

    @Test func refusesMalformedPagesListsAndErrors() {
        #expect(expectInputError { try StrictJSONDecoder().decode(ClickUpTaskPage.self, from: #"{"last_page": true}"#) }?.path.description == "$.tasks")
        #expect(expectInputError { try StrictJSONDecoder().decode(ClickUpTaskPage.self, from: #"{"tasks": [{}]}"#) }?.path.description == "$.tasks[0].id")
        #expect(expectInputError { try StrictJSONDecoder().decode(ClickUpList.self, from: #"{"id": "1", "statuses": [{"type": "open"}]}"#) }?.path.description == "$.statuses[0].status")
        #expect(expectInputError { try StrictJSONDecoder().decode(ClickUpErrorResponse.self, from: #"{"ECODE": "X"}"#) }?.reason == .missingOneOf(["err", "error"]))
    }
}
