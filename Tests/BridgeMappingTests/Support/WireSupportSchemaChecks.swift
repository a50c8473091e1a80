import BridgeMapping
import BridgeModels
import Testing

/// The checks the official-derived JSON Schemas make on request bodies (graph-planner.schema.json
/// request profiles, clickup.schema.json `…Strict` defs), written out as code so the project's
/// tests need no schema files. Each function returns the violations it finds, as
/// `/pointer: problem` lines.
enum WireCheck {
    // MARK: Planner

    static let plannerCreateKeys: Set<String> = [
        "planId", "bucketId", "title", "priority", "percentComplete", "startDateTime", "dueDateTime", "assignments",
        "appliedCategories", "orderHint", "assigneePriority", "conversationThreadId", "previewType",
    ]
    static let plannerUpdateKeys: Set<String> = [
        "appliedCategories", "assigneePriority", "assignments", "bucketId", "conversationThreadId", "dueDateTime",
        "orderHint", "priority", "percentComplete", "startDateTime", "title",
    ]
    static let plannerDetailsKeys: Set<String> = ["checklist", "description", "previewType", "references"]

    static func plannerCreate(_ body: JSONValue) -> [String] {
        var problems: [String] = []
        guard case .object(let o) = body else { return ["/: not an object"] }
        problems += keys(o, allowed: plannerCreateKeys, at: "", annotations: true)
        if case .string(let planId)? = o["planId"], !planId.isEmpty {} else { problems.append("/planId: required non-empty string") }
        if case .string? = o["title"] {} else { problems.append("/title: required string") }
        problems += plannerTaskFields(o, allowNullRemovals: false)
        return problems
    }

    static func plannerUpdate(_ body: JSONValue) -> [String] {
        var problems: [String] = []
        guard case .object(let o) = body else { return ["/: not an object"] }
        if o.count == 0 { problems.append("/: at least one property") }
        problems += keys(o, allowed: plannerUpdateKeys, at: "", annotations: true)
        problems += plannerTaskFields(o, allowNullRemovals: true)
        return problems
    }

    static func plannerTaskFields(_ o: JSONObject, allowNullRemovals: Bool) -> [String] {
        var problems: [String] = []
        if let p = o["priority"] { problems += integer(p, in: 0...10, at: "/priority", nullable: true) }
        if let p = o["percentComplete"] { problems += integer(p, in: 0...100, at: "/percentComplete", nullable: true) }
        for key in ["startDateTime", "dueDateTime"] {
            if let value = o[key] { problems += dateTime(value, at: "/" + key) }
        }
        for key in ["orderHint", "assigneePriority"] {
            if let value = o[key], value != .null { problems += orderHint(value, at: "/" + key) }
        }
        if let value = o["assignments"] {
            guard case .object(let a) = value else { return problems + ["/assignments: not an object"] }
            for key in a.keys where !key.hasPrefix("@") {
                if !isGUID(key) { problems.append("/assignments/\(key): key is not a GUID") }
                switch a[key] {
                case .null?: if !allowNullRemovals { problems.append("/assignments/\(key): null in a create body") }
                case .object(let item)?:
                    problems += keys(item, allowed: ["@odata.type", "orderHint"], at: "/assignments/\(key)", annotations: false)
                    problems += odataType(item, matching: ["microsoft.graph.plannerAssignment"], at: "/assignments/\(key)")
                    if let hint = item["orderHint"] { problems += orderHint(hint, at: "/assignments/\(key)/orderHint") } else {
                        problems.append("/assignments/\(key): orderHint required")
                    }
                default: problems.append("/assignments/\(key): not an object or null")
                }
            }
        }
        if let value = o["appliedCategories"] {
            guard case .object(let c) = value else { return problems + ["/appliedCategories: not an object"] }
            for key in c.keys where !key.hasPrefix("@") {
                if PlannerCategory(rawValue: key) == nil || !matchesCategoryPattern(key) {
                    problems.append("/appliedCategories/\(key): not category1…category25")
                }
                if case .bool? = c[key] {} else { problems.append("/appliedCategories/\(key): not a boolean") }
            }
        }
        return problems
    }

    static func plannerDetails(_ body: JSONValue) -> [String] {
        var problems: [String] = []
        guard case .object(let o) = body else { return ["/: not an object"] }
        if o.count == 0 { problems.append("/: at least one property") }
        problems += keys(o, allowed: plannerDetailsKeys, at: "", annotations: true)
        if let d = o["description"], d != .null, case .string = d {} else if o["description"] != nil, o["description"] != .null {
            problems.append("/description: not a string")
        }
        if let p = o["previewType"], p != .null {
            if case .string(let text) = p, PlannerPreviewType(rawValue: text) != nil {} else {
                problems.append("/previewType: not a plannerPreviewType")
            }
        }
        if let value = o["checklist"] {
            guard case .object(let c) = value else { return problems + ["/checklist: not an object"] }
            for key in c.keys where !key.hasPrefix("@") {
                if !isGUID(key) { problems.append("/checklist/\(key): key is not a GUID") }
                switch c[key] {
                case .null?: break
                case .object(let item)?:
                    let at = "/checklist/\(key)"
                    problems += keys(item, allowed: ["@odata.type", "title", "isChecked", "orderHint"], at: at, annotations: false)
                    problems += odataType(item, matching: ["microsoft.graph.plannerChecklistItem"], at: at)
                    if let t = item["title"], case .string = t {} else if item["title"] != nil { problems.append("\(at)/title: not a string") }
                    if let b = item["isChecked"], case .bool = b {} else if item["isChecked"] != nil { problems.append("\(at)/isChecked: not a boolean") }
                    if let h = item["orderHint"] { problems += orderHint(h, at: "\(at)/orderHint") }
                default: problems.append("/checklist/\(key): not an object or null")
                }
            }
        }
        if let value = o["references"] {
            guard case .object(let r) = value else { return problems + ["/references: not an object"] }
            for key in r.keys where !key.hasPrefix("@") {
                if !isEncodedReferenceKey(key) { problems.append("/references/\(key): not an encoded http(s) URL") }
                switch r[key] {
                case .null?: break
                case .object(let item)?:
                    let at = "/references/\(key)"
                    problems += keys(item, allowed: ["@odata.type", "alias", "type", "previewPriority"], at: at, annotations: false)
                    problems += odataType(item, matching: ["microsoft.graph.plannerExternalReference", "microsoft.graph.externalReference"], at: at)
                    for field in ["alias", "type"] {
                        if let v = item[field], case .string = v {} else if item[field] != nil { problems.append("\(at)/\(field): not a string") }
                    }
                    if let h = item["previewPriority"] { problems += orderHint(h, at: "\(at)/previewPriority") }
                default: problems.append("/references/\(key): not an object or null")
                }
            }
        }
        return problems
    }

    // MARK: ClickUp

    static let clickUpCreateKeys: Set<String> = [
        "name", "description", "assignees", "archived", "group_assignees", "tags", "status", "priority", "due_date",
        "due_date_time", "time_estimate", "start_date", "start_date_time", "points", "notify_all", "parent",
        "markdown_content", "links_to", "check_required_custom_fields", "custom_fields", "custom_item_id",
    ]
    static let clickUpUpdateKeys: Set<String> = [
        "custom_item_id", "name", "description", "markdown_content", "status", "priority", "due_date", "due_date_time",
        "parent", "time_estimate", "start_date", "start_date_time", "points", "assignees", "group_assignees", "watchers",
        "archived",
    ]

    static func clickUpCreate(_ body: JSONValue) -> [String] {
        var problems: [String] = []
        guard case .object(let o) = body else { return ["/: not an object"] }
        problems += keys(o, allowed: clickUpCreateKeys, at: "", annotations: false)
        if case .string(let name)? = o["name"], !name.isEmpty {} else { problems.append("/name: required non-empty string") }
        problems += clickUpCommon(o, nullableDates: false)
        if let a = o["assignees"] { problems += integerArray(a, at: "/assignees") }
        if let t = o["tags"] {
            if case .array(let tags) = t, tags.allSatisfy({ if case .string = $0 { return true } else { return false } }) {} else {
                problems.append("/tags: not an array of strings")
            }
        }
        if let f = o["custom_fields"] {
            guard case .array(let fields) = f else { return problems + ["/custom_fields: not an array"] }
            for (index, field) in fields.enumerated() {
                guard case .object(let item) = field else {
                    problems.append("/custom_fields/\(index): not an object")
                    continue
                }
                if case .string? = item["id"] {} else { problems.append("/custom_fields/\(index)/id: required string") }
                if item["value"] == nil { problems.append("/custom_fields/\(index)/value: required") }
                problems += customFieldValue(item, at: "/custom_fields/\(index)")
            }
        }
        return problems
    }

    static func clickUpUpdate(_ body: JSONValue) -> [String] {
        var problems: [String] = []
        guard case .object(let o) = body else { return ["/: not an object"] }
        problems += keys(o, allowed: clickUpUpdateKeys, at: "", annotations: false)
        problems += clickUpCommon(o, nullableDates: true)
        if let a = o["assignees"] {
            guard case .object(let changes) = a else { return problems + ["/assignees: not an object"] }
            problems += keys(changes, allowed: ["add", "rem"], at: "/assignees", annotations: false)
            for key in ["add", "rem"] {
                if let list = changes[key] { problems += integerArray(list, at: "/assignees/\(key)") } else {
                    problems.append("/assignees/\(key): required")
                }
            }
        }
        return problems
    }

    static func clickUpCommon(_ o: JSONObject, nullableDates: Bool) -> [String] {
        var problems: [String] = []
        if let p = o["priority"] { problems += integer(p, in: 1...4, at: "/priority", nullable: true) }
        for key in ["due_date", "start_date"] {
            if let value = o[key] { problems += integer(value, in: 0...Int64.max, at: "/" + key, nullable: nullableDates) }
        }
        for key in ["due_date_time", "start_date_time"] {
            if let value = o[key], case .bool = value {} else if o[key] != nil { problems.append("/\(key): not a boolean") }
        }
        for key in ["name", "markdown_content", "status", "description"] {
            if let value = o[key], case .string = value {} else if o[key] != nil { problems.append("/\(key): not a string") }
        }
        return problems
    }

    static func clickUpComment(_ body: JSONValue) -> [String] {
        var problems: [String] = []
        guard case .object(let o) = body else { return ["/: not an object"] }
        problems += keys(o, allowed: ["comment_text", "assignee", "group_assignee", "notify_all"], at: "", annotations: false)
        if case .string? = o["comment_text"] {} else { problems.append("/comment_text: required string") }
        if case .bool? = o["notify_all"] {} else { problems.append("/notify_all: required boolean") }
        if let a = o["assignee"] { problems += integer(a, in: 1...Int64.max, at: "/assignee", nullable: false) }
        return problems
    }

    static func clickUpSetCustomField(_ body: JSONValue) -> [String] {
        guard case .object(let o) = body else { return ["/: not an object"] }
        var problems = keys(o, allowed: ["value", "value_options"], at: "", annotations: false)
        if o["value"] == nil { problems.append("/value: required") }
        problems += customFieldValue(o, at: "")
        return problems
    }

    static func customFieldValue(_ item: JSONObject, at path: String) -> [String] {
        var problems: [String] = []
        if let options = item["value_options"] {
            guard case .object(let opts) = options, case .bool? = opts["time"] else {
                return ["\(path)/value_options: needs a boolean time"]
            }
            if let value = item["value"] { problems += integer(value, in: 0...Int64.max, at: "\(path)/value", nullable: false) }
        } else if let value = item["value"] {
            switch value {
            case .string, .number: break
            default: problems.append("\(path)/value: not a string or number")
            }
        }
        return problems
    }

    // MARK: Helpers

    static func keys(_ o: JSONObject, allowed: Set<String>, at path: String, annotations: Bool) -> [String] {
        o.keys.filter { !allowed.contains($0) && !(annotations && $0.hasPrefix("@")) }.map { "\(path)/\($0): unknown key" }
    }

    static func integer(_ value: JSONValue, in range: ClosedRange<Int64>, at path: String, nullable: Bool) -> [String] {
        if value == .null { return nullable ? [] : ["\(path): null"] }
        guard case .number(let text) = value, let number = Int64(text) else { return ["\(path): not an integer"] }
        return range.contains(number) ? [] : ["\(path): \(number) out of range"]
    }

    static func integerArray(_ value: JSONValue, at path: String) -> [String] {
        guard case .array(let items) = value else { return ["\(path): not an array"] }
        return items.enumerated().flatMap { integer($0.element, in: Int64.min...Int64.max, at: "\(path)/\($0.offset)", nullable: false) }
    }

    static func odataType(_ o: JSONObject, matching names: [String], at path: String) -> [String] {
        guard case .string(let type)? = o["@odata.type"] else { return ["\(path)/@odata.type: required"] }
        let bare = type.hasPrefix("#") ? String(type.dropFirst()) : type
        return names.contains(bare) ? [] : ["\(path)/@odata.type: \(type) is not \(names[0])"]
    }

    /// `^[ -~]*$`
    static func orderHint(_ value: JSONValue, at path: String) -> [String] {
        guard case .string(let text) = value else { return ["\(path): not a string"] }
        return text.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E } ? [] : ["\(path): not printable ASCII"]
    }

    /// The date-time pattern of the Graph schema: `YYYY-MM-DDTHH:MM:SS[.f{1,12}](Z|±HH:MM)`, or null.
    static func dateTime(_ value: JSONValue, at path: String) -> [String] {
        if value == .null { return [] }
        guard case .string(let text) = value else { return ["\(path): not a string"] }
        let b = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.upperBound <= b.count && range.allSatisfy { b[$0] >= 0x30 && b[$0] <= 0x39 } }
        guard b.count >= 20, digits(0..<4), b[4] == 0x2D, digits(5..<7), b[7] == 0x2D, digits(8..<10), b[10] == 0x54,
            digits(11..<13), b[13] == 0x3A, digits(14..<16), b[16] == 0x3A, digits(17..<19)
        else { return ["\(path): not an ISO 8601 date-time"] }
        var index = 19
        if b[index] == 0x2E {
            index += 1
            let start = index
            while index < b.count, b[index] >= 0x30, b[index] <= 0x39 { index += 1 }
            if index == start || index - start > 12 { return ["\(path): bad fraction"] }
        }
        if index == b.count - 1, b[index] == 0x5A { return [] }
        if index == b.count - 6, b[index] == 0x2B || b[index] == 0x2D { return [] }
        return ["\(path): bad zone"]
    }

    /// `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`
    static func isGUID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.map(\.count) == [8, 4, 4, 4, 12] && parts.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    /// `^category([1-9]|1[0-9]|2[0-5])$`
    static func matchesCategoryPattern(_ key: String) -> Bool {
        guard key.hasPrefix("category") else { return false }
        let digits = key.dropFirst(8)
        guard let n = Int(digits), String(n) == digits else { return false }
        return (1...25).contains(n)
    }

    /// `^[Hh][Tt][Tt][Pp]([Ss])?%3[Aa]//([^.:@#%]|%[0-9A-Fa-f]{2})+$`
    static func isEncodedReferenceKey(_ key: String) -> Bool {
        let lower = key.lowercased()
        let prefix: String
        if lower.hasPrefix("https%3a//") { prefix = "https%3a//" } else if lower.hasPrefix("http%3a//") { prefix = "http%3a//" } else { return false }
        let rest = Array(key.unicodeScalars.dropFirst(prefix.count))
        guard !rest.isEmpty else { return false }
        var index = 0
        while index < rest.count {
            switch rest[index] {
            case ".", ":", "@", "#": return false
            case "%":
                guard index + 2 < rest.count, rest[index + 1].properties.isASCIIHexDigit, rest[index + 2].properties.isASCIIHexDigit else { return false }
                index += 3
            default: index += 1
            }
        }
        return true
    }
}

extension PlannedRequest {
    /// The parsed JSON body (failing the test when there is none).
    func jsonBody(sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
        try #require(try body?.jsonValue(), sourceLocation: sourceLocation)
    }
}
