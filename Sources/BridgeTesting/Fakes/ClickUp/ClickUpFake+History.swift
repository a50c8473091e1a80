#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BridgeConnectors
import BridgeMapping
import BridgeModels

/// One history item the fake recorded: its id, its field and its JSON as webhooks carry it.
struct ClickUpFakeHistoryItem {
    var id: String
    var field: String
    var json: JSONValue
}

extension ClickUpFake {
    // MARK: - Changing tasks

    /// Stores a new task and returns it.
    func makeTask(
        in list: List, name: String, markdown: String, status: Status, priority: Int?, dueDate: Date?, startDate: Date?,
        assignees: [Int64], tags: [String], customFieldValues: [String: JSONValue], parent: String?, creator: Int64
    ) -> StoredTask {
        var id = ""
        repeat { id = "86" + randomText(7, alphabet: "0123456789abcdefghijklmnopqrstuvwxyz") } while taskStore[id] != nil
        var customId: String?
        if var workspace = workspaces[list.workspaceId], let prefix = workspace.customTaskIDPrefix {
            customId = "\(prefix)-\(workspace.nextCustomNumber)"
            workspace.nextCustomNumber += 1
            workspaces[list.workspaceId] = workspace
        }
        let now = clock.date
        let task = StoredTask(
            id: id, customId: customId, listId: list.id, name: name, markdown: markdown, status: status,
            priority: priority, dueDate: dueDate, startDate: startDate, assignees: assignees, tags: tags,
            customFieldValues: customFieldValues, parent: parent, archived: false, creatorId: creator, dateCreated: now,
            dateUpdated: now, dateClosed: status.isClosed ? now : nil)
        taskStore[id] = task
        taskOrder.append(id)
        return task
    }

    /// Publishes the creation of a task: a `task_creation` and a `status` history item.
    func recordCreation(of taskId: String, by userId: Int64) {
        guard let task = taskStore[taskId] else { return }
        publish(
            [
                history("task_creation", task: task, by: userId, before: nil, after: nil),
                history("status", task: task, by: userId, before: nil, after: statusJSON(task.status)),
            ], taskId: taskId)
    }

    /// Moves a task to `status` and returns the history item (none when it is there already).
    func applyStatus(_ status: Status, to taskId: String, by userId: Int64) -> [ClickUpFakeHistoryItem] {
        guard var task = taskStore[taskId], task.status.name != status.name else { return [] }
        let item = history("status", task: task, by: userId, before: statusJSON(task.status), after: statusJSON(status))
        task.status = status
        task.dateClosed = status.isClosed ? clock.date : nil
        task.dateUpdated = clock.date
        taskStore[taskId] = task
        return [item]
    }

    /// Adds a comment and returns it with its history item.
    func addComment(to task: StoredTask, text: String, notifyAll: Bool, by userId: Int64) -> (StoredComment, ClickUpFakeHistoryItem) {
        let comment = StoredComment(
            id: String(nextCommentNumber), taskId: task.id, text: text, userId: userId, date: clock.date, notifyAll: notifyAll)
        nextCommentNumber += 1
        commentStore[task.id, default: []].append(comment)
        taskStore[task.id]?.dateUpdated = clock.date
        let item = history(
            "comment", task: task, by: userId, before: nil, after: .string(comment.id),
            extra: [("comment", commentJSON(comment, inHistory: true))])
        return (comment, item)
    }

    // MARK: - History and webhooks

    /// A history item as webhooks carry it (developer.clickup.com/docs/webhooktaskpayloads).
    func history(
        _ field: String, task: StoredTask, by userId: Int64, before: JSONValue?, after: JSONValue?,
        extra: [(String, JSONValue)] = []
    ) -> ClickUpFakeHistoryItem {
        let id = String(nextHistoryNumber)
        nextHistoryNumber += 1
        var members: [(String, JSONValue)] = [
            ("id", .string(id)), ("type", .number("1")), ("date", milliseconds(clock.date)), ("field", .string(field)),
            ("parent_id", .string(task.listId)), ("data", .object(JSONObject())), ("source", .null),
            ("user", userJSON(userId)), ("before", before ?? .null), ("after", after ?? .null),
        ]
        members.append(contentsOf: extra)
        return ClickUpFakeHistoryItem(id: id, field: field, json: object(members))
    }

    /// The events a history item fires: the specific one and `taskUpdated` (ClickUp sends both,
    /// clickup-api.md §11).
    static func events(for field: String) -> [ClickUpWebhookEvent.Name] {
        switch field {
        case "task_creation": return [.taskCreated, .taskUpdated]
        case "status": return [.taskStatusUpdated, .taskUpdated]
        case "priority": return [.taskPriorityUpdated, .taskUpdated]
        case "due_date": return [.taskDueDateUpdated, .taskUpdated]
        case "assignee_add", "assignee_rem": return [.taskAssigneeUpdated, .taskUpdated]
        case "tag", "tag_removed": return [.taskTagUpdated, .taskUpdated]
        case "comment": return [.taskCommentPosted, .taskUpdated]
        default: return [.taskUpdated]
        }
    }

    /// Queues one signed delivery per history item, event and matching active webhook.
    func publish(_ items: [ClickUpFakeHistoryItem], taskId: String) {
        guard let task = taskStore[taskId], let list = lists[task.listId] else { return }
        for item in items {
            for event in ClickUpFake.events(for: item.field) {
                for webhook in webhooks where webhook.status == "active" && listens(webhook, to: event, task: task, list: list) {
                    let body = encode(
                        object([
                            ("event", .string(event.rawValue)), ("history_items", .array([item.json])),
                            ("task_id", .string(taskId)), ("webhook_id", .string(webhook.id)),
                        ]))
                    var fields = HTTPFields()
                    fields[.contentType] = "application/json"
                    fields[.xSignature] = HMACSHA256.hexAuthenticationCode(for: body, key: webhook.secret)
                    queuedDeliveries.append(
                        WebhookDelivery(
                            webhookId: webhook.id, endpoint: webhook.endpoint, event: event, body: body, fields: fields,
                            historyItemIds: [item.id]))
                }
            }
        }
    }

    private func listens(_ webhook: StoredWebhook, to event: ClickUpWebhookEvent.Name, task: StoredTask, list: List) -> Bool {
        guard webhook.workspaceId == list.workspaceId, webhook.events.contains("*") || webhook.events.contains(event.rawValue)
        else { return false }
        switch webhook.location {
        case nil: return true
        case ("task_id", let id)?: return task.id == id
        case ("list_id", let id)?: return list.id == id
        case ("folder_id", let id)?: return list.folderId == id
        case ("space_id", let id)?: return list.spaceId == id
        default: return false
        }
    }

    // MARK: - Small helpers

    func defaultStatus(of list: List) -> Status {
        list.statuses.first { $0.type == "open" } ?? list.statuses.first ?? Status("to do", type: "open")
    }

    func randomText(_ count: Int, alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters[Int(generator.next() % UInt64(characters.count))] })
    }

    /// A random UUID-shaped id (lower-case hex, 8-4-4-4-12).
    func randomUUID() -> String {
        let hex = randomText(32, alphabet: "0123456789abcdef")
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
