import BridgeConnectors
import BridgeMapping
import BridgeModels

extension PlannerFake {
    /// `POST /$batch` (json-batching.md): at most 20 requests with unique ids, URLs relative to
    /// `/v1.0`, `headers` with `Content-Type` when there is a body, `dependsOn` naming other
    /// requests of the batch. Requests run after their dependencies; a request whose dependency
    /// did not succeed is answered 424. The batch answers 200 whatever its parts answered.
    func batch(_ request: PlannerFakeRequest) throws(Refusal) -> PlannerFakeResponse {
        let body = try Rules.object(request.body)
        try Rules.checkMembers(body, allowed: ["requests"], readOnly: [], type: "batchRequest")
        guard case .array(let elements)? = body["requests"] else {
            throw .badRequest("The batch must have a 'requests' array.")
        }
        guard !elements.isEmpty else { throw .badRequest("The batch must contain at least one request.") }
        guard elements.count <= PlannerRequests.batchLimit else {
            throw .badRequest(
                "The batch contains \(elements.count) requests; the limit is \(PlannerRequests.batchLimit).")
        }
        var parts: [Part] = []
        for element in elements {
            let part = try Part(element, outer: request)
            guard !parts.contains(where: { $0.id == part.id }) else {
                throw .badRequest("The batch contains the request id '\(part.id)' twice.")
            }
            parts.append(part)
        }
        let ids = Set(parts.map(\.id))
        for part in parts {
            for dependency in part.dependsOn where !ids.contains(dependency) || dependency == part.id {
                throw .badRequest(
                    "The request '\(part.id)' depends on '\(dependency)', which is not another request of the batch.")
            }
        }

        var statuses: [String: Int] = [:]
        var answers: [String: JSONValue] = [:]
        var remaining = parts
        while !remaining.isEmpty {
            // The first part (in batch order) whose dependencies have all run.
            guard let next = remaining.firstIndex(where: { $0.dependsOn.allSatisfy { statuses[$0] != nil } }) else {
                throw .badRequest("The dependencies of the batch form a cycle.")
            }
            let part = remaining.remove(at: next)
            let response: PlannerFakeResponse
            if let failed = part.dependsOn.first(where: { !(200...299).contains(statuses[$0] ?? 0) }) {
                let refusal = Refusal(
                    status: 424, code: "FailedDependency",
                    message: "The request '\(failed)' it depends on did not succeed.")
                response = refusal.response(requestId: nextRequestId(), now: model.wallClock())
                exchanges.append(
                    Exchange(
                        operation: PlannerFakeRoute(part.request)?.operation, method: part.request.method,
                        path: part.request.path,
                        status: 424, inBatch: true))
            } else if case .answer(let answered) = process(part.request) {
                response = answered
            } else {
                // Parts never drop the connection: takeFault skips connection faults in a batch.
                response = Refusal(status: 500, code: "InternalServerError", message: "The request failed.")
                    .response(requestId: nextRequestId(), now: model.wallClock())
            }
            statuses[part.id] = response.status
            answers[part.id] = Part.json(id: part.id, response)
        }
        let order = batchOrder == .reversed ? parts.reversed() : parts
        var object = JSONObject()
        object.insert(.array(order.compactMap { answers[$0.id] }), forKey: "responses")
        return PlannerFakeResponse(status: 200, body: .object(object))
    }

    /// One request of a batch body.
    struct Part {
        var id: String
        var dependsOn: [String]
        var request: PlannerFakeRequest

        init(_ element: JSONValue, outer: PlannerFakeRequest) throws(Refusal) {
            guard case .object(let object) = element else { throw .badRequest("Each batch request must be an object.") }
            try Rules.checkMembers(
                object, allowed: ["id", "method", "url", "headers", "body", "dependsOn"], readOnly: [],
                type: "batchRequestStep")
            guard let idValue = object["id"], let methodValue = object["method"], let urlValue = object["url"] else {
                throw .badRequest("Each batch request needs 'id', 'method' and 'url'.")
            }
            id = try Rules.string(idValue, "id")
            guard !id.isEmpty else { throw .badRequest("A batch request id must not be empty.") }
            let method = try Rules.string(methodValue, "method").uppercased()
            var url = try Rules.string(urlValue, "url")
            guard !url.lowercased().hasPrefix("http") else {
                throw .badRequest("The URL of batch request '\(id)' must be relative.")
            }
            if !url.hasPrefix("/") { url = "/" + url }
            var fields = HTTPFields()
            if let headers = outer.fields[.authorization] { fields[.authorization] = headers }
            if case .object(let headers)? = object["headers"] {
                for name in headers.keys {
                    guard let fieldName = HTTPField.Name(validating: name) else {
                        throw .badRequest("The header name '\(name)' is not valid.")
                    }
                    fields.append(name: fieldName, value: try Rules.string(headers[name] ?? .null, name))
                }
            } else if let headers = object["headers"], headers != .null {
                throw .badRequest("The headers of batch request '\(id)' must be an object.")
            }
            var bytes: [UInt8] = []
            if let content = object["body"], content != .null {
                guard fields[.contentType] != nil else {
                    throw .badRequest("Batch request '\(id)' has a body but no Content-Type header.")
                }
                // JSONValue always encodes.
                bytes = (try? Array(StableJSON.encode(content))) ?? []
            }
            dependsOn = []
            if case .array(let dependencies)? = object["dependsOn"] {
                for dependency in dependencies { dependsOn.append(try Rules.string(dependency, "dependsOn")) }
            } else if let dependencies = object["dependsOn"], dependencies != .null {
                throw .badRequest("The 'dependsOn' of batch request '\(id)' must be an array of request ids.")
            }
            let parts = url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            var query: [String: String] = [:]
            if parts.count == 2 {
                for item in parts[1].split(separator: "&") {
                    let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    query[String(pair[0])] = pair.count == 2 ? String(pair[1]) : ""
                }
            }
            request = PlannerFakeRequest(
                method: method, path: String(parts[0]), query: query, fields: fields, body: bytes, inBatch: true)
        }

        /// `{"id", "status", "headers", "body"}`.
        static func json(id: String, _ response: PlannerFakeResponse) -> JSONValue {
            var object = JSONObject()
            object.insert(.string(id), forKey: "id")
            object.insert(.number(String(response.status)), forKey: "status")
            var headers = JSONObject()
            for field in response.fields { headers.insert(.string(field.value), forKey: field.name.rawName) }
            if response.body != nil && response.fields[.contentType] == nil {
                headers.insert(.string("application/json"), forKey: "Content-Type")
            }
            object.insert(.object(headers), forKey: "headers")
            if let body = response.body { object.insert(body, forKey: "body") }
            return .object(object)
        }
    }
}
