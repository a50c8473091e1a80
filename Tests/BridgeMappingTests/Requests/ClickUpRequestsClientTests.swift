import BridgeMapping
import BridgeModels
import Foundation
import Testing

@Suite struct ClickUpRequestsClientTests {
    let base = "https://api.clickup.com/api/v2"

    @Test func listTasksCarriesEveryQueryOption() {
        #expect(
            ClickUpRequests.listTasks(listId: "901", page: 2, query: ClickUpTaskQuery()).url == base + "/list/901/task?page=2&include_closed=true")
        let updated = Date(epochMilliseconds: 1_767_225_600_123)
        let query = ClickUpTaskQuery(
            includeClosed: false, includeSubtasks: true, updatedAfter: updated, order: .updated, reverse: true,
            customFieldEquals: [ClickUpCustomFieldFilter(fieldId: "f-1", value: "TG-A-1")], includeMarkdownDescription: true)
        let planned = ClickUpRequests.listTasks(listId: "9 01", page: 0, query: query)
        #expect(
            planned.url
                == base + "/list/9%2001/task?page=0&date_updated_gt=1767225600123&subtasks=true&order_by=updated&reverse=true"
                + "&custom_fields=%5B%7B%22field_id%22%3A%22f-1%22%2C%22operator%22%3A%22%3D%22%2C%22value%22%3A%22TG-A-1%22%7D%5D"
                + "&include_markdown_description=true")
        #expect(planned.purpose == .listTasks)
        #expect(planned.method == "GET")
        #expect(planned.body == nil)
    }

    @Test func commentPagesContinueWithStartAndStartId() {
        let first = ClickUpRequests.listComments(.id("86abc"))
        #expect(first.url == base + "/task/86abc/comment")
        #expect(first.purpose == .listComments)
        let next = ClickUpRequests.listComments(.id("86abc"), before: (Date(epochMilliseconds: 1_767_225_600_000), "90000000042"))
        #expect(next.url == base + "/task/86abc/comment?start=1767225600000&start_id=90000000042")
        #expect(ClickUpRequests.listComments(.createdByPlan).placeholders == [.taskId])
    }

    @Test func webhookRequestsAndTheirBodies() throws {
        let create = try ClickUpRequests.createWebhook(
            teamId: "9012345",
            ClickUpWebhookCreate(endpoint: "https://hooks.example.com/cu", events: [.taskStatusUpdated], scope: .list("901")))
        #expect(create.method == "POST")
        #expect(create.url == base + "/team/9012345/webhook")
        #expect(create.body?.jsonText == #"{"endpoint":"https://hooks.example.com/cu","events":["taskStatusUpdated"],"list_id":901}"#)
        #expect(create.header("Content-Type") == "application/json")
        let task = try ClickUpRequests.createWebhook(
            teamId: "1", ClickUpWebhookCreate(endpoint: "https://h.example.com", events: ["*"], scope: .task("86abc")))
        #expect(task.body?.jsonText == #"{"endpoint":"https://h.example.com","events":["*"],"task_id":"86abc"}"#)
        let workspace = try ClickUpRequests.createWebhook(teamId: "1", ClickUpWebhookCreate(endpoint: "https://h.example.com", events: ["*"]))
        #expect(workspace.body?.jsonText == #"{"endpoint":"https://h.example.com","events":["*"]}"#)

        let update = try ClickUpRequests.updateWebhook(
            webhookId: "4b67ac88", ClickUpWebhookUpdate(endpoint: "https://h.example.com", events: [.taskCreated, .taskUpdated]))
        #expect(update.method == "PUT")
        #expect(update.url == base + "/webhook/4b67ac88")
        #expect(update.body?.jsonText == #"{"endpoint":"https://h.example.com","events":"taskCreated,taskUpdated","status":"active"}"#)
        let delete = ClickUpRequests.deleteWebhook(webhookId: "4b67ac88")
        #expect(delete.method == "DELETE")
        #expect(delete.purpose == .deleteWebhook)
    }

    @Test func webhookRequestsRefuseBadValues() {
        func error(_ body: ClickUpWebhookCreate) -> InputError? {
            do {
                _ = try ClickUpRequests.createWebhook(teamId: "1", body)
                return nil
            } catch {
                return error
            }
        }
        for endpoint in ["http://h.example.com", "https://", "https:///path", "https://h.example.com/a b", "ftp://h"] {
            #expect(error(ClickUpWebhookCreate(endpoint: endpoint, events: ["*"]))?.path.description == "$.endpoint", "\(endpoint)")
        }
        #expect(error(ClickUpWebhookCreate(endpoint: "https://h.example.com", events: []))?.reason == .empty)
        #expect(error(ClickUpWebhookCreate(endpoint: "https://h.example.com", events: ["*"], scope: .list("abc")))?.path.description == "$.list_id")
        #expect(error(ClickUpWebhookCreate(endpoint: "https://h.example.com", events: ["*"], scope: .space("")))?.path.description == "$.space_id")
        #expect(error(ClickUpWebhookCreate(endpoint: "https://h.example.com", events: ["*"], scope: .folder("12")) ) == nil)
    }

    @Test func customTaskIdsAddTheWorkspaceToTaskRoutesOnly() throws {
        let read = ClickUpRequests.addressingCustomTaskID(ClickUpRequests.readTask(.id("DEF-43")), teamId: "9012345")
        #expect(read.url == base + "/task/DEF-43?include_markdown_description=true&custom_task_ids=true&team_id=9012345")
        let tag = ClickUpRequests.addressingCustomTaskID(ClickUpRequests.addTag(.id("DEF-43"), tag: "x"), teamId: "9 1")
        #expect(tag.url == base + "/task/DEF-43/tag/x?custom_task_ids=true&team_id=9%201")
        let create = try ClickUpRequests.createTask(listId: "901", ClickUpTaskCreate(name: "n"))
        #expect(ClickUpRequests.addressingCustomTaskID(create, teamId: "1") == create)
        let webhook = ClickUpRequests.deleteWebhook(webhookId: "w")
        #expect(ClickUpRequests.addressingCustomTaskID(webhook, teamId: "1") == webhook)
    }
}
