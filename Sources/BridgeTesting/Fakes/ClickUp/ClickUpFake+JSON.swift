#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BridgeConnectors
import BridgeModels

/// The JSON the fake answers with, shaped like ClickUp's (clickup-api.md §5–§11): dates as
/// millisecond strings, ids as strings (comment ids as numbers in create answers), priority as
/// an object or `null`.
extension ClickUpFake {
    func object(_ members: [(String, JSONValue)]) -> JSONValue {
        var object = JSONObject()
        for (key, value) in members { object.insert(value, forKey: key) }
        return .object(object)
    }

    func milliseconds(_ date: Date) -> JSONValue { .string(String(date.epochMilliseconds)) }

    func optionalMilliseconds(_ date: Date?) -> JSONValue { date.map(milliseconds) ?? .null }

    /// The JSON bytes of a value (the fake's values always encode).
    func encode(_ value: JSONValue) -> [UInt8] {
        (try? Array(StableJSON.encode(value))) ?? Array("{}".utf8)
    }

    func userJSON(_ id: Int64) -> JSONValue {
        let user = users[id]
        return object([
            ("id", .number(String(id))), ("username", user.map { .string($0.username) } ?? .null),
            ("email", user.map { .string($0.email) } ?? .null), ("color", .string("#7b68ee")),
            ("initials", .string(String((user?.username ?? "?").prefix(2)).uppercased())), ("profilePicture", .null),
        ])
    }

    func statusJSON(_ status: Status, orderindex: Int? = nil) -> JSONValue {
        object([
            ("status", .string(status.name)), ("color", .string(status.color)), ("type", .string(status.type)),
            ("orderindex", .number(String(orderindex ?? 0))),
        ])
    }

    func priorityJSON(_ priority: Int?) -> JSONValue {
        guard let priority else { return .null }
        let names = [1: ("urgent", "#f50000"), 2: ("high", "#ffcc00"), 3: ("normal", "#6fddff"), 4: ("low", "#d8d8d8")]
        let (name, color) = names[priority] ?? ("normal", "#6fddff")
        return object([
            ("id", .string(String(priority))), ("priority", .string(name)), ("color", .string(color)),
            ("orderindex", .string(String(priority))),
        ])
    }

    func tagJSON(_ name: String) -> JSONValue {
        object([("name", .string(name)), ("tag_fg", .string("#800000")), ("tag_bg", .string("#2ecd6f")), ("creator", .number("1"))])
    }

    func fieldDefinitionJSON(_ field: CustomField) -> JSONValue {
        var typeConfig: [(String, JSONValue)] = []
        if !field.options.isEmpty {
            typeConfig.append(
                (
                    "options",
                    .array(
                        field.options.enumerated().map { index, option in
                            object([
                                ("id", .string(option.id)), ("name", .string(option.name)),
                                ("orderindex", .number(String(index))), ("color", .null),
                            ])
                        })
                ))
        }
        return object([
            ("id", .string(field.id)), ("name", .string(field.name)), ("type", .string(field.type)),
            ("type_config", object(typeConfig)), ("date_created", .string("1767225600000")),
            ("hide_from_guests", .bool(false)), ("required", .bool(false)),
        ])
    }

    func taskJSON(_ task: StoredTask, markdown: Bool, attachments: Bool) -> JSONValue {
        let list = lists[task.listId]
        let index = list?.statuses.firstIndex { $0.name == task.status.name }
        var fields: [JSONValue] = []
        for field in list?.customFields ?? [] {
            guard case .object(var definition) = fieldDefinitionJSON(field) else { continue }
            if let value = task.customFieldValues[field.id] { definition.insert(value, forKey: "value") }
            fields.append(.object(definition))
        }
        var members: [(String, JSONValue)] = [
            ("id", .string(task.id)), ("custom_id", task.customId.map { .string($0) } ?? .null),
            ("custom_item_id", .number("0")), ("name", .string(task.name)), ("text_content", .string(task.markdown)),
            ("description", .string(task.markdown)), ("status", statusJSON(task.status, orderindex: index)),
            ("orderindex", .string("1.00000000000000000000000000000000")), ("date_created", milliseconds(task.dateCreated)),
            ("date_updated", milliseconds(task.dateUpdated)), ("date_closed", optionalMilliseconds(task.dateClosed)),
            ("date_done", optionalMilliseconds(task.dateClosed)), ("archived", .bool(task.archived)),
            ("creator", userJSON(task.creatorId)), ("assignees", .array(task.assignees.map(userJSON))),
            ("group_assignees", .array([])), ("watchers", .array([])), ("checklists", .array([])),
            ("tags", .array(task.tags.map(tagJSON))), ("parent", task.parent.map { .string($0) } ?? .null),
            ("top_level_parent", task.parent.map { .string($0) } ?? .null), ("priority", priorityJSON(task.priority)),
            ("due_date", optionalMilliseconds(task.dueDate)), ("start_date", optionalMilliseconds(task.startDate)),
            ("points", .null), ("time_estimate", .null), ("time_spent", .number("0")), ("custom_fields", .array(fields)),
            ("dependencies", .array([])), ("linked_tasks", .array([])), ("locations", .array([])),
            ("team_id", .string(list?.workspaceId ?? "")), ("url", .string("https://app.clickup.com/t/\(task.id)")),
            ("sharing", object([("public", .bool(false))])), ("permission_level", .string("create")),
            ("list", object([("id", .string(task.listId)), ("name", .string(list?.name ?? "")), ("access", .bool(true))])),
            ("project", object([("id", .string(list?.folderId ?? "0")), ("hidden", .bool(true)), ("access", .bool(true))])),
            ("folder", object([("id", .string(list?.folderId ?? "0")), ("hidden", .bool(true)), ("access", .bool(true))])),
            ("space", object([("id", .string(list?.spaceId ?? ""))])),
        ]
        if markdown { members.append(("markdown_description", .string(task.markdown))) }
        let files = attachmentStore[task.id] ?? []
        if attachments && !files.isEmpty { members.append(("attachments", .array(files.map(attachmentJSON)))) }
        return object(members)
    }

    func attachmentJSON(_ attachment: StoredAttachment) -> JSONValue {
        let fileExtension = attachment.fileName.split(separator: ".").count > 1
            ? attachment.fileName.split(separator: ".").last.map(String.init) ?? "" : ""
        return object([
            ("id", .string(attachment.id)), ("version", .string("0")), ("date", .number(String(attachment.date.epochMilliseconds))),
            ("title", .string(attachment.fileName)), ("extension", .string(fileExtension)),
            ("thumbnail_small", .null), ("thumbnail_large", .null),
            ("url", .string("https://t9012345.p.clickup-attachments.com/t9012345/\(attachment.id)")),
        ])
    }

    func commentJSON(_ comment: StoredComment, inHistory: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(comment.id)), ("comment", .array([object([("text", .string(comment.text))])])),
            ("comment_text", .string(comment.text)), ("user", userJSON(comment.userId)), ("resolved", .bool(false)),
            ("assignee", .null), ("assigned_by", .null), ("reactions", .array([])), ("date", milliseconds(comment.date)),
        ]
        if inHistory {
            members.append(("text_content", .string(comment.text)))
            members.append(("parent", .string(comment.taskId)))
        }
        return object(members)
    }

    func listJSON(_ list: List) -> JSONValue {
        let count = taskStore.values.filter { $0.listId == list.id }.count
        return object([
            ("id", .string(list.id)), ("name", .string(list.name)), ("orderindex", .number("0")),
            ("content", .string("")), ("status", .null), ("priority", .null), ("assignee", .null),
            ("task_count", .number(String(count))), ("due_date", .null), ("start_date", .null),
            ("folder", object([("id", .string(list.folderId ?? "0")), ("name", .string("hidden")), ("hidden", .bool(list.folderId == nil)), ("access", .bool(true))])),
            ("space", object([("id", .string(list.spaceId)), ("name", .string("Space")), ("access", .bool(true))])),
            ("archived", .bool(false)), ("override_statuses", .bool(true)),
            ("statuses", .array(list.statuses.enumerated().map { index, status in
                object([
                    ("id", .string("p\(list.spaceId)_\(index)")), ("status", .string(status.name)),
                    ("orderindex", .number(String(index))), ("color", .string(status.color)), ("type", .string(status.type)),
                ])
            })),
            ("inbound_address", .string("a.\(list.id).u-1.\(list.workspaceId)@tasks.clickup.com")),
            ("permission_level", .string("create")),
        ])
    }

    func webhookJSON(_ webhook: StoredWebhook) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(webhook.id)), ("userid", .number(String(webhook.userId))),
            ("team_id", .number(webhook.workspaceId.allSatisfy(\.isNumber) ? webhook.workspaceId : "0")),
            ("endpoint", .string(webhook.endpoint)), ("client_id", .string("FAKE_CLIENT")),
            ("events", .array(webhook.events.map { .string($0) })),
        ]
        for key in ["task_id", "list_id", "folder_id", "space_id"] {
            if let location = webhook.location, location.key == key {
                members.append((key, key == "task_id" ? .string(location.id) : .number(location.id)))
            } else {
                members.append((key, .null))
            }
        }
        members.append(
            ("health", object([("status", .string(webhook.status)), ("fail_count", .number(String(webhook.failCount)))])))
        members.append(("secret", .string(webhook.secret.reveal())))
        return object(members)
    }
}
