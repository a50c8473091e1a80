#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BridgeConnectors
import BridgeMapping
import BridgeModels

/// The JSON types a body member may have.
enum ClickUpFakeMember {
    case string, nonEmptyString, integer, number, bool, nullableInteger, nullableString, nullableNumber
    case integers, strings, object, array, any
}

extension ClickUpFake {
    // MARK: - Body checks

    /// Refuses members outside `allowed`, members of the wrong type and missing `required` ones.
    func check(_ body: JSONObject, _ allowed: [String: ClickUpFakeMember], required: Set<String> = []) throws(ClickUpFakeRefusal) {
        for key in required where body[key] == nil { throw ClickUpFakeRefusal.body("\(key) is required") }
        for key in body.keys {
            guard let kind = allowed[key] else { throw ClickUpFakeRefusal.body("\(key) is not a member of this body") }
            let value = body[key] ?? .null
            let fits: Bool
            switch (kind, value) {
            case (.any, _), (.string, .string), (.bool, .bool), (.object, .object), (.array, .array): fits = true
            case (.nonEmptyString, .string(let text)): fits = !text.isEmpty
            case (.number, .number), (.nullableNumber, .number), (.nullableNumber, .null): fits = true
            case (.integer, .number(let literal)), (.nullableInteger, .number(let literal)): fits = Int64(literal) != nil
            case (.nullableInteger, .null), (.nullableString, .null), (.nullableString, .string): fits = true
            case (.integers, .array(let items)): fits = items.allSatisfy { if case .number(let l) = $0 { Int64(l) != nil } else { false } }
            case (.strings, .array(let items)): fits = items.allSatisfy { if case .string = $0 { true } else { false } }
            default: fits = false
            }
            if !fits { throw ClickUpFakeRefusal.body("\(key) has the wrong type (\(value.typeName))") }
        }
    }

    func integer(_ value: JSONValue?) -> Int64? {
        if case .number(let literal)? = value { return Int64(literal) }
        return nil
    }

    func text(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    func texts(_ value: JSONValue?) -> [String] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap(text)
    }

    func integers(_ value: JSONValue?) -> [Int64] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap(integer)
    }

    /// The list's status with `name` (ignoring case), or `400 ITEM_114`.
    func status(_ name: String, in list: List) throws(ClickUpFakeRefusal) -> Status {
        guard let status = list.statuses.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw ClickUpFakeRefusal(status: .badRequest, code: "ITEM_114", message: "Status does not exist")
        }
        return status
    }

    /// A priority 1–4 or `null`.
    func priority(_ value: JSONValue?) throws(ClickUpFakeRefusal) -> Int? {
        guard let value, value != .null else { return nil }
        guard let number = integer(value), (1...4).contains(number) else { throw ClickUpFakeRefusal.body("priority must be 1-4 or null") }
        return Int(number)
    }

    func date(_ value: JSONValue?) -> Date? {
        integer(value).map(Date.init(epochMilliseconds:))
    }

    /// Checks a custom field value as ClickUp does for the field's type and returns what a task
    /// then reads back (a drop-down's option index, a date as a millisecond string).
    func fieldValue(_ value: JSONValue, for field: CustomField) throws(ClickUpFakeRefusal) -> JSONValue {
        func bad(_ message: String) -> ClickUpFakeRefusal { ClickUpFakeRefusal(status: .badRequest, code: "FIELD_011", message: message) }
        switch field.type {
        case "text", "short_text", "phone":
            guard case .string = value else { throw bad("Value must be a string") }
            return value
        case "email":
            guard let text = text(value), text.contains("@") else { throw bad("Value must be an email address") }
            return value
        case "url":
            guard let text = text(value), text.hasPrefix("https://") || text.hasPrefix("http://") else {
                throw bad("Value must be a URL")
            }
            return value
        case "number", "currency":
            guard case .number = value else { throw bad("Value must be a number") }
            return value
        case "date":
            guard let milliseconds = integer(value) else { throw bad("Value must be a date in milliseconds") }
            return .string(String(milliseconds))
        case "checkbox":
            guard case .bool = value else { throw bad("Value must be a boolean") }
            return value
        case "drop_down":
            if let index = integer(value), index >= 0, index < Int64(field.options.count) { return .number(String(index)) }
            if let id = text(value), let index = field.options.firstIndex(where: { $0.id == id }) {
                return .number(String(index))
            }
            throw bad("Value must be an option index or uuid")
        case "labels":
            guard case .array(let items) = value,
                items.allSatisfy({ item in text(item).map { id in field.options.contains { $0.id == id } } ?? false })
            else { throw bad("Value must be an array of label uuids") }
            return value
        default:
            return value
        }
    }

    // MARK: - Tasks

    private static let createMembers: [String: ClickUpFakeMember] = [
        "name": .nonEmptyString, "description": .string, "markdown_content": .string, "assignees": .integers,
        "group_assignees": .strings, "tags": .strings, "status": .string, "priority": .nullableInteger,
        "due_date": .nullableInteger, "due_date_time": .bool, "start_date": .nullableInteger, "start_date_time": .bool,
        "time_estimate": .nullableInteger, "points": .nullableNumber, "notify_all": .bool, "parent": .nullableString,
        "links_to": .nullableString, "check_required_custom_fields": .bool, "custom_item_id": .nullableNumber,
        "archived": .bool, "custom_fields": .array,
    ]

    func createTask(inList list: List, body: JSONObject, by user: Int64) throws(ClickUpFakeRefusal) -> JSONValue {
        try check(body, ClickUpFake.createMembers, required: ["name"])
        let chosen = try text(body["status"]).map { name throws(ClickUpFakeRefusal) in try status(name, in: list) } ?? defaultStatus(of: list)
        var values: [String: JSONValue] = [:]
        if case .array(let entries)? = body["custom_fields"] {
            for entry in entries {
                guard case .object(let member) = entry else { throw ClickUpFakeRefusal.body("custom_fields holds a non-object") }
                try check(member, ["id": .nonEmptyString, "value": .any, "value_options": .object], required: ["id", "value"])
                guard let id = text(member["id"]), let field = list.customFields.first(where: { $0.id == id }) else {
                    throw ClickUpFakeRefusal(status: .badRequest, code: "FAKE_FIELD", message: "Custom field not on this list")
                }
                if let value = member["value"], value != .null { values[id] = try fieldValue(value, for: field) }
            }
        }
        if let parent = text(body["parent"]), taskStore[parent]?.listId != list.id {
            throw ClickUpFakeRefusal(status: .badRequest, code: "ITEM_137", message: "Parent not child of list")
        }
        let task = makeTask(
            in: list, name: text(body["name"]) ?? "", markdown: text(body["markdown_content"]) ?? text(body["description"]) ?? "",
            status: chosen, priority: try priority(body["priority"]), dueDate: date(body["due_date"]),
            startDate: date(body["start_date"]), assignees: integers(body["assignees"]),
            tags: texts(body["tags"]),
            customFieldValues: values, parent: text(body["parent"]), creator: user)
        recordCreation(of: task.id, by: user)
        return taskJSON(task, markdown: false, attachments: false)
    }

    private static let updateMembers: [String: ClickUpFakeMember] = [
        "name": .nonEmptyString, "description": .string, "markdown_content": .string, "status": .string,
        "priority": .nullableInteger, "due_date": .nullableInteger, "due_date_time": .bool, "start_date": .nullableInteger,
        "start_date_time": .bool, "time_estimate": .nullableInteger, "points": .nullableNumber, "parent": .string,
        "archived": .bool, "custom_item_id": .nullableNumber, "assignees": .object, "group_assignees": .object,
        "watchers": .object,
    ]

    func updateTask(_ original: StoredTask, body: JSONObject, by user: Int64) throws(ClickUpFakeRefusal) -> JSONValue {
        try check(body, ClickUpFake.updateMembers)
        if case .object(let assignees)? = body["assignees"] {
            try check(assignees, ["add": .integers, "rem": .integers], required: ["add", "rem"])
        }
        guard let list = lists[original.listId] else { throw ClickUpFakeRefusal.taskNotFound }
        var task = original
        var items: [ClickUpFakeHistoryItem] = []
        if let name = text(body["name"]), name != task.name {
            items.append(history("name", task: task, by: user, before: .string(task.name), after: .string(name)))
            task.name = name
        }
        if let markdown = text(body["markdown_content"]) ?? text(body["description"]), markdown != task.markdown {
            let delta = "{\"ops\":[{\"insert\":\"\(markdown.count) characters\\n\"}]}"
            items.append(history("content", task: task, by: user, before: nil, after: .string(delta)))
            task.markdown = markdown
        }
        if body["priority"] != nil {
            let priority = try priority(body["priority"])
            if priority != task.priority {
                items.append(history("priority", task: task, by: user, before: priorityJSON(task.priority), after: priorityJSON(priority)))
                task.priority = priority
            }
        }
        if body["due_date"] != nil, date(body["due_date"]) != task.dueDate {
            let due = date(body["due_date"])
            items.append(history("due_date", task: task, by: user, before: optionalMilliseconds(task.dueDate), after: optionalMilliseconds(due)))
            task.dueDate = due
        }
        if body["start_date"] != nil, date(body["start_date"]) != task.startDate {
            let start = date(body["start_date"])
            items.append(history("start_date", task: task, by: user, before: optionalMilliseconds(task.startDate), after: optionalMilliseconds(start)))
            task.startDate = start
        }
        if case .object(let assignees)? = body["assignees"] {
            for id in integers(assignees["add"]) where !task.assignees.contains(id) {
                items.append(history("assignee_add", task: task, by: user, before: nil, after: userJSON(id)))
                task.assignees.append(id)
            }
            for id in integers(assignees["rem"]) where task.assignees.contains(id) {
                items.append(history("assignee_rem", task: task, by: user, before: userJSON(id), after: nil))
                task.assignees.removeAll { $0 == id }
            }
        }
        if let archived = body["archived"], case .bool(let flag) = archived { task.archived = flag }
        if let name = text(body["status"]) {
            let newStatus = try status(name, in: list)
            if newStatus.name != task.status.name {
                items.append(history("status", task: task, by: user, before: statusJSON(task.status), after: statusJSON(newStatus)))
                task.status = newStatus
                task.dateClosed = newStatus.isClosed ? clock.date : nil
            }
        }
        if !items.isEmpty { task.dateUpdated = clock.date }
        taskStore[task.id] = task
        publish(items, taskId: task.id)
        return taskJSON(task, markdown: false, attachments: false)
    }

    func setField(_ fieldId: String, of task: StoredTask, body: JSONObject, by user: Int64) throws(ClickUpFakeRefusal) -> JSONValue {
        guard let field = lists[task.listId]?.customFields.first(where: { $0.id == fieldId }) else {
            throw ClickUpFakeRefusal(status: .badRequest, code: "FAKE_FIELD", message: "Custom field not on this list")
        }
        guard let value = body["value"] else { throw ClickUpFakeRefusal.body("value is required") }
        for key in body.keys where key != "value" && key != "value_options" {
            throw ClickUpFakeRefusal.body("\(key) is not a member of this body")
        }
        let stored = try fieldValue(value, for: field)
        changeField(field, of: task, to: stored, by: user)
        return object([])
    }

    func clearField(_ fieldId: String, of task: StoredTask, by user: Int64) throws(ClickUpFakeRefusal) -> JSONValue {
        guard let field = lists[task.listId]?.customFields.first(where: { $0.id == fieldId }) else {
            throw ClickUpFakeRefusal(status: .badRequest, code: "FAKE_FIELD", message: "Custom field not on this list")
        }
        changeField(field, of: task, to: nil, by: user)
        return object([])
    }

    private func changeField(_ field: CustomField, of task: StoredTask, to value: JSONValue?, by user: Int64) {
        var changed = task
        let before = changed.customFieldValues[field.id]
        guard before != value else { return }
        changed.customFieldValues[field.id] = value
        changed.dateUpdated = clock.date
        taskStore[task.id] = changed
        let definition = object([("id", .string(field.id)), ("name", .string(field.name)), ("type", .string(field.type))])
        publish(
            [history("custom_field", task: task, by: user, before: before, after: value, extra: [("custom_field", definition)])],
            taskId: task.id)
    }

    func addTag(_ tag: String, to task: StoredTask, by user: Int64) -> JSONValue {
        guard !task.tags.contains(tag) else { return object([]) }
        var changed = task
        changed.tags.append(tag)
        changed.dateUpdated = clock.date
        taskStore[task.id] = changed
        publish([history("tag", task: task, by: user, before: nil, after: .array([tagJSON(tag)]))], taskId: task.id)
        return object([])
    }

    func removeTag(_ tag: String, from task: StoredTask, by user: Int64) -> JSONValue {
        guard task.tags.contains(tag) else { return object([]) }
        var changed = task
        changed.tags.removeAll { $0 == tag }
        changed.dateUpdated = clock.date
        taskStore[task.id] = changed
        publish([history("tag_removed", task: task, by: user, before: .array([tagJSON(tag)]), after: nil)], taskId: task.id)
        return object([])
    }

    // MARK: - Get Tasks

    func listTasks(inList list: List, route: ClickUpFakeRoute) throws(ClickUpFakeRefusal) -> JSONValue {
        guard let page = Int(route.value("page") ?? "0"), page >= 0 else { throw ClickUpFakeRefusal.body("page must be a number") }
        var conditions: [(fieldId: String, value: String)] = []
        if let filter = route.value("custom_fields") {
            guard case .array(let items)? = try? StrictJSONParser().parse(filter) else {
                throw ClickUpFakeRefusal.body("custom_fields must be a JSON array")
            }
            for item in items {
                guard case .object(let condition) = item, let fieldId = text(condition["field_id"]),
                    text(condition["operator"]) == "=", let value = condition["value"]
                else { throw ClickUpFakeRefusal.body("the fake supports custom_fields conditions with operator = only") }
                conditions.append((fieldId, text(value) ?? integer(value).map(String.init) ?? ""))
            }
        }
        let updatedAfter = route.value("date_updated_gt").flatMap(Int64.init)
        let updatedBefore = route.value("date_updated_lt").flatMap(Int64.init)
        let createdAfter = route.value("date_created_gt").flatMap(Int64.init)
        let statuses = Set(route.values("statuses").map { $0.lowercased() })
        let tags = Set(route.values("tags"))
        let assignees = Set(route.values("assignees").compactMap(Int64.init))
        var matching = tasks.filter { task in
            guard task.listId == list.id, task.archived == route.flag("archived") else { return false }
            if task.status.isClosed && !route.flag("include_closed") { return false }
            if task.parent != nil && !route.flag("subtasks") { return false }
            if let updatedAfter, task.dateUpdated.epochMilliseconds <= updatedAfter { return false }
            if let updatedBefore, task.dateUpdated.epochMilliseconds >= updatedBefore { return false }
            if let createdAfter, task.dateCreated.epochMilliseconds <= createdAfter { return false }
            if !statuses.isEmpty && !statuses.contains(task.status.name.lowercased()) { return false }
            if !tags.isEmpty && tags.isDisjoint(with: task.tags) { return false }
            if !assignees.isEmpty && assignees.isDisjoint(with: task.assignees) { return false }
            return conditions.allSatisfy { condition in
                switch task.customFieldValues[condition.fieldId] {
                case .string(let text)?: return text == condition.value
                case .number(let literal)?: return literal == condition.value
                default: return false
                }
            }
        }
        let order = route.value("order_by") ?? "created"
        let position = Dictionary(taskOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        matching.sort { lhs, rhs in
            switch order {
            case "updated": return (lhs.dateUpdated, lhs.id) > (rhs.dateUpdated, rhs.id)
            case "id": return lhs.id > rhs.id
            case "due_date": return (lhs.dueDate ?? .distantPast, lhs.id) > (rhs.dueDate ?? .distantPast, rhs.id)
            default: return (position[lhs.id] ?? 0) > (position[rhs.id] ?? 0)
            }
        }
        if route.flag("reverse") { matching.reverse() }
        // Saturating: a huge `page` (or page size) from the request must not trap.
        let size = configuration.taskPageSize
        let (first, overflow) = page.multipliedReportingOverflow(by: size)
        let start = overflow ? matching.count : min(first, matching.count)
        let end = start + min(size, matching.count - start)
        let markdown = route.flag("include_markdown_description")
        return object([
            ("tasks", .array(matching[start..<end].map { taskJSON($0, markdown: markdown, attachments: false) })),
            ("last_page", .bool(end >= matching.count)),
        ])
    }

    // MARK: - Comments

    func postComment(on task: StoredTask, body: JSONObject, by user: Int64) throws(ClickUpFakeRefusal) -> JSONValue {
        try check(
            body, ["comment_text": .string, "notify_all": .bool, "assignee": .integer, "group_assignee": .string],
            required: ["comment_text", "notify_all"])
        let notify: Bool
        if case .bool(let flag)? = body["notify_all"] { notify = flag } else { notify = false }
        let (comment, item) = addComment(to: task, text: text(body["comment_text"]) ?? "", notifyAll: notify, by: user)
        publish([item], taskId: task.id)
        return object([
            ("id", .number(comment.id)), ("hist_id", .string(item.id)),
            ("date", .number(String(comment.date.epochMilliseconds))),
        ])
    }

    /// Newest first; with `start` and `start_id`, the comments after that one in this order.
    func listComments(of task: StoredTask, route: ClickUpFakeRoute) throws(ClickUpFakeRefusal) -> JSONValue {
        func key(_ comment: StoredComment) -> (Int64, Int64) { (comment.date.epochMilliseconds, Int64(comment.id) ?? 0) }
        var ordered = comments(on: task.id).sorted { key($0) > key($1) }
        if let start = route.value("start") {
            guard let startDate = Int64(start), let startId = route.value("start_id").flatMap(Int64.init) else {
                throw ClickUpFakeRefusal.body("start needs start_id, both numbers")
            }
            ordered = ordered.filter { key($0) < (startDate, startId) }
        }
        return object([
            ("comments", .array(ordered.prefix(configuration.commentPageSize).map { commentJSON($0, inHistory: false) }))
        ])
    }
}
