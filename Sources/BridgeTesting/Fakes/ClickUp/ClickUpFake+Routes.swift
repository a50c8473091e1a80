#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import BridgeConnectors
import BridgeMapping
import BridgeModels

/// A refusal the fake answers with `{"err": …, "ECODE": …}`.
struct ClickUpFakeRefusal: Error {
    var status: HTTPStatus
    var code: String
    var message: String

    static func body(_ message: String) -> ClickUpFakeRefusal { ClickUpFakeRefusal(status: .badRequest, code: "FAKE_BODY", message: message) }
    static let taskNotFound = ClickUpFakeRefusal(status: .notFound, code: "ITEM_013", message: "Task not found")
    static let teamNotAuthorized = ClickUpFakeRefusal(status: .unauthorized, code: "OAUTH_027", message: "Team not authorized")
}

/// A request as the fake reads it: path segments after `/api/v2/`, query items, JSON body.
struct ClickUpFakeRoute {
    var method: HTTPMethod
    var segments: [String]
    var query: [(name: String, value: String)]

    init(_ request: ConnectorRequest) {
        method = request.method
        let text = request.url.absoluteString
        let withoutFragment = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = withoutFragment.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var path = parts[0].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if let api = path.firstIndex(of: "api"), api + 1 < path.count, path[api + 1] == "v2" {
            path = Array(path[(api + 2)...])
        } else {
            path = []
        }
        segments = path.map(PercentDecoding.decode)
        query = parts.count == 2
            ? parts[1].split(separator: "&").map { item in
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (PercentDecoding.decode(String(pair[0])), PercentDecoding.decode(pair.count == 2 ? String(pair[1]) : ""))
            } : []
    }

    func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
    func values(_ name: String) -> [String] { query.filter { $0.name == name || $0.name == name + "[]" }.map(\.value) }
    func flag(_ name: String) -> Bool { value(name) == "true" }
}

extension ClickUpFake {
    /// Answers a request as ClickUp would: authorization, rate limit, injected faults, then the
    /// endpoint.
    ///
    /// - Throws: ``DroppedConnection`` or `ConnectorError` with `connectionFailed` when such a
    ///   fault was injected; nothing otherwise (refusals are answers).
    public func send(_ request: ConnectorRequest) async throws -> ConnectorResponse {
        let logIndex = requestLog.count
        requestLog.append(ReceivedRequest(method: request.method, url: request.url.absoluteString, operation: request.operation, status: nil))
        let response = try await answer(request)
        requestLog[logIndex].status = response.status
        return response
    }

    private func answer(_ request: ConnectorRequest) async throws -> ConnectorResponse {
        let token: (value: String, token: Token)
        switch authorize(request.fields[.authorization]) {
        case .success(let found): token = found
        case .failure(let refusal): return respond(refusal)
        }
        if let limited = admit(token.value) { return limited }
        let route = ClickUpFakeRoute(request)
        let fault = takeFault(for: request.operation)
        switch fault {
        case .rateLimited?:
            return rateLimitedResponse(token.value)
        case .connectionRefused?:
            throw ConnectorError(
                code: .connectionFailed, connector: request.connector, operation: request.operation,
                message: "connection refused (injected)")
        case .status(let status, applied: false)?:
            return respond(ClickUpFakeRefusal(status: status, code: "FAKE_FAULT", message: "injected failure"), token: token.value)
        default:
            break
        }
        let outcome: Result<JSONValue, ClickUpFakeRefusal>
        do {
            outcome = .success(try handle(route, body: request.body, fields: request.fields, user: token.token))
        } catch {
            outcome = .failure(error)
        }
        switch fault {
        case .dropConnectionAfterApplying?: throw DroppedConnection()
        case .status(let status, applied: true)?:
            return respond(ClickUpFakeRefusal(status: status, code: "FAKE_FAULT", message: "injected failure"), token: token.value)
        default: break
        }
        switch outcome {
        case .success(let json): return ConnectorResponse(status: .ok, fields: fields(token.value), body: encode(json))
        case .failure(let refusal): return respond(refusal, token: token.value)
        }
    }

    // MARK: - Authorization and rate limits

    private func authorize(_ header: String?) -> Result<(value: String, token: Token), ClickUpFakeRefusal> {
        guard let header, !header.isEmpty else {
            return .failure(ClickUpFakeRefusal(status: .unauthorized, code: "OAUTH_017", message: "Authorization header required"))
        }
        let invalid = ClickUpFakeRefusal(status: .unauthorized, code: "OAUTH_019", message: "Oauth token not found")
        if header.hasPrefix("Bearer ") {
            let value = String(header.dropFirst(7))
            guard let token = tokens[value], !token.isPersonal else { return .failure(invalid) }
            return .success((value, token))
        }
        guard let token = tokens[header], token.isPersonal else { return .failure(invalid) }
        return .success((header, token))
    }

    /// Counts the request against the token's window; a 429 when the window is full.
    private func admit(_ token: String) -> ConnectorResponse? {
        let now = clock.now
        var sent = sentByToken[token] ?? []
        sent.removeAll { $0.advanced(by: configuration.rateLimitWindow) <= now }
        guard sent.count < configuration.requestsPerWindow else {
            sentByToken[token] = sent
            rateLimitedCount += 1
            return rateLimitedResponse(token)
        }
        sent.append(now)
        sentByToken[token] = sent
        return nil
    }

    private func rateLimitedResponse(_ token: String) -> ConnectorResponse {
        var fields = rateLimitFields(token)
        // A 429 means the window is spent, also when a test injected it under the limit.
        fields[.xRateLimitRemaining] = "0"
        fields[.contentType] = "application/json"
        return ConnectorResponse(
            status: .tooManyRequests, fields: fields,
            body: encode(object([("err", .string("Rate limit reached")), ("ECODE", .string("APP_002"))])))
    }

    /// `X-RateLimit-Limit`, `-Remaining` and `-Reset` (epoch seconds when the oldest request
    /// of the window leaves it, rounded up).
    private func rateLimitFields(_ token: String) -> HTTPFields {
        let sent = sentByToken[token] ?? []
        let resetInstant = (sent.first ?? clock.now).advanced(by: configuration.rateLimitWindow)
        let offset = clock.now.duration(to: resetInstant).components
        let resetDate = clock.date.addingTimeInterval(Double(offset.seconds) + Double(offset.attoseconds) / 1e18)
        var fields = HTTPFields()
        fields[.xRateLimitLimit] = String(configuration.requestsPerWindow)
        fields[.xRateLimitRemaining] = String(max(0, configuration.requestsPerWindow - sent.count))
        fields[.xRateLimitReset] = String(Int64(resetDate.timeIntervalSince1970.rounded(.up)))
        return fields
    }

    private func fields(_ token: String?) -> HTTPFields {
        var fields = token.map { configuration.rateLimitFieldsOnEveryResponse ? rateLimitFields($0) : HTTPFields() } ?? HTTPFields()
        fields[.contentType] = "application/json"
        return fields
    }

    private func respond(_ refusal: ClickUpFakeRefusal, token: String? = nil) -> ConnectorResponse {
        ConnectorResponse(
            status: refusal.status, fields: fields(token),
            body: encode(object([("err", .string(refusal.message)), ("ECODE", .string(refusal.code))])))
    }

    private func takeFault(for operation: String) -> Fault? {
        guard let index = faults.firstIndex(where: { $0.operation == nil || $0.operation == operation }) else { return nil }
        let fault = faults[index].fault
        faults[index].remaining -= 1
        if faults[index].remaining <= 0 { faults.remove(at: index) }
        return fault
    }

    // MARK: - Routing

    private func handle(_ route: ClickUpFakeRoute, body: [UInt8], fields: HTTPFields, user token: Token) throws(ClickUpFakeRefusal) -> JSONValue {
        let s = route.segments
        let user = token.user.id
        switch (route.method, s.count, s.first) {
        case (.post, 3, "list") where s[2] == "task":
            return try createTask(inList: try list(s[1], token), body: try json(body), by: user)
        case (.get, 3, "list") where s[2] == "task":
            return try listTasks(inList: try list(s[1], token), route: route)
        case (.get, 2, "list"):
            return listJSON(try list(s[1], token))
        case (.get, 3, "list") where s[2] == "field":
            return object([("fields", .array(try list(s[1], token).customFields.map(fieldDefinitionJSON)))])
        case (.get, 2, "task"):
            let task = try task(s[1], route, token)
            return taskJSON(task, markdown: route.flag("include_markdown_description"), attachments: true)
        case (.put, 2, "task"):
            return try updateTask(try task(s[1], route, token), body: try json(body), by: user)
        case (.post, 4, "task") where s[2] == "field":
            return try setField(s[3], of: try task(s[1], route, token), body: try json(body), by: user)
        case (.delete, 4, "task") where s[2] == "field":
            return try clearField(s[3], of: try task(s[1], route, token), by: user)
        case (.post, 4, "task") where s[2] == "tag":
            return addTag(s[3], to: try task(s[1], route, token), by: user)
        case (.delete, 4, "task") where s[2] == "tag":
            return removeTag(s[3], from: try task(s[1], route, token), by: user)
        case (.post, 3, "task") where s[2] == "comment":
            return try postComment(on: try task(s[1], route, token), body: try json(body), by: user)
        case (.get, 3, "task") where s[2] == "comment":
            return try listComments(of: try task(s[1], route, token), route: route)
        case (.post, 3, "task") where s[2] == "attachment":
            return try attach(to: try task(s[1], route, token), body: body, contentType: fields[.contentType])
        case (.post, 3, "team") where s[2] == "webhook":
            return try createWebhook(inWorkspace: try workspace(s[1], token), body: try json(body), by: user)
        case (.get, 3, "team") where s[2] == "webhook":
            let workspaceId = try workspace(s[1], token)
            let mine = webhooks.filter { $0.workspaceId == workspaceId && $0.userId == user }
            return object([("webhooks", .array(mine.map(webhookJSON)))])
        case (.put, 2, "webhook"):
            return try updateWebhook(s[1], body: try json(body), by: user)
        case (.delete, 2, "webhook"):
            guard let webhook = webhookStore[s[1]], webhook.userId == user else {
                throw ClickUpFakeRefusal(status: .notFound, code: "FAKE_WEBHOOK", message: "Webhook not found")
            }
            webhookStore[s[1]] = nil
            webhookOrder.removeAll { $0 == s[1] }
            return object([])
        default:
            throw ClickUpFakeRefusal(status: .notFound, code: "FAKE_ROUTE", message: "Route not found")
        }
    }

    private func json(_ body: [UInt8]) throws(ClickUpFakeRefusal) -> JSONObject {
        let value: JSONValue
        do {
            value = try StrictJSONParser().parse(body)
        } catch {
            throw ClickUpFakeRefusal.body("the body is not JSON: \(error)")
        }
        guard case .object(let object) = value else { throw ClickUpFakeRefusal.body("the body is not a JSON object") }
        return object
    }

    private func workspace(_ id: String, _ token: Token) throws(ClickUpFakeRefusal) -> String {
        guard workspaces[id] != nil, token.workspaces?.contains(id) ?? true else { throw ClickUpFakeRefusal.teamNotAuthorized }
        return id
    }

    private func list(_ id: String, _ token: Token) throws(ClickUpFakeRefusal) -> List {
        guard let list = lists[id] else { throw ClickUpFakeRefusal(status: .notFound, code: "FAKE_LIST", message: "List not found") }
        _ = try workspace(list.workspaceId, token)
        return list
    }

    /// The task a `/task/{id}` route names, by ClickUp id or, with `custom_task_ids=true`, by
    /// custom id in the `team_id` workspace.
    private func task(_ id: String, _ route: ClickUpFakeRoute, _ token: Token) throws(ClickUpFakeRefusal) -> StoredTask {
        let found: StoredTask?
        if route.flag("custom_task_ids") {
            guard let teamId = route.value("team_id") else { throw ClickUpFakeRefusal.teamNotAuthorized }
            _ = try workspace(teamId, token)
            found = taskStore.values.first { $0.customId == id && lists[$0.listId]?.workspaceId == teamId }
        } else {
            found = taskStore[id]
        }
        guard let task = found, let list = lists[task.listId] else { throw ClickUpFakeRefusal.taskNotFound }
        _ = try workspace(list.workspaceId, token)
        return task
    }
}
