#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BridgeConnectors
import BridgeMapping
import BridgeModels

/// One part of a `multipart/form-data` body, as a server reads it.
struct ClickUpFakeFormPart {
    var headerLines: [String]
    var name: String?
    var fileName: String?
    var mediaType: String?
    var content: [UInt8]
}

/// A strict `multipart/form-data` reader (RFC 7578 / RFC 2046), written independently of the
/// client's builder so the tests check the bytes, not the builder against itself.
enum ClickUpFakeMultipart {
    static func parse(_ body: [UInt8], contentType: String?) throws(ClickUpFakeRefusal) -> [ClickUpFakeFormPart] {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = parameter("boundary", in: contentType), !boundary.isEmpty
        else { throw ClickUpFakeRefusal.body("Content-Type must be multipart/form-data with a boundary") }
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        guard body.starts(with: delimiter + crlf) else { throw ClickUpFakeRefusal.body("the body does not start with the boundary") }
        var parts: [ClickUpFakeFormPart] = []
        var index = delimiter.count + 2
        let separator = crlf + delimiter
        while true {
            guard let end = find(separator, in: body, from: index) else { throw ClickUpFakeRefusal.body("a part is not closed") }
            parts.append(try part(Array(body[index..<end])))
            index = end + separator.count
            if body[index...].starts(with: Array("--".utf8)) {
                let rest = body[(index + 2)...]
                guard rest.isEmpty || rest.elementsEqual(crlf) else { throw ClickUpFakeRefusal.body("content after the closing boundary") }
                return parts
            }
            guard body[index...].starts(with: crlf) else { throw ClickUpFakeRefusal.body("a boundary is not followed by CRLF") }
            index += 2
        }
    }

    private static func part(_ bytes: [UInt8]) throws(ClickUpFakeRefusal) -> ClickUpFakeFormPart {
        guard let split = find([13, 10, 13, 10], in: bytes, from: 0) else { throw ClickUpFakeRefusal.body("a part has no header end") }
        let head = String(decoding: bytes[..<split], as: UTF8.self)
        var part = ClickUpFakeFormPart(headerLines: head.components(separatedBy: "\r\n"), content: Array(bytes[(split + 4)...]))
        for line in part.headerLines {
            guard let colon = line.firstIndex(of: ":") else { throw ClickUpFakeRefusal.body("a part header has no colon") }
            let name = line[..<colon].lowercased()
            let value = trimmed(line[line.index(after: colon)...])
            if name == "content-disposition" {
                guard value.lowercased().hasPrefix("form-data") else { throw ClickUpFakeRefusal.body("a part is not form-data") }
                part.name = parameter("name", in: value)
                part.fileName = parameter("filename", in: value)
            } else if name == "content-type" {
                part.mediaType = value
            }
        }
        return part
    }

    /// A parameter of a header value: a token, or a quoted string with `\` escapes undone.
    static func parameter(_ name: String, in header: String) -> String? {
        var scalars = Array(header.unicodeScalars)[...]
        while let semicolon = scalars.firstIndex(of: ";") {
            scalars = scalars[(semicolon + 1)...].drop { $0 == " " || $0 == "\t" }
            guard let equals = scalars.firstIndex(of: "=") else { return nil }
            let key = String(String.UnicodeScalarView(scalars[..<equals])).lowercased()
            scalars = scalars[(equals + 1)...]
            var value = String.UnicodeScalarView()
            if scalars.first == "\"" {
                scalars = scalars.dropFirst()
                var escaped = false
                while let scalar = scalars.first {
                    scalars = scalars.dropFirst()
                    if escaped {
                        value.append(scalar)
                        escaped = false
                    } else if scalar == "\\" {
                        escaped = true
                    } else if scalar == "\"" {
                        break
                    } else {
                        value.append(scalar)
                    }
                }
            } else {
                let end = scalars.firstIndex(of: ";") ?? scalars.endIndex
                value.append(contentsOf: scalars[..<end])
                scalars = scalars[end...]
            }
            if key == name { return String(value) }
        }
        return nil
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] && haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

extension ClickUpFake {
    // MARK: - Attachments

    func attach(to task: StoredTask, body: [UInt8], contentType: String?) throws(ClickUpFakeRefusal) -> JSONValue {
        let parts = try ClickUpFakeMultipart.parse(body, contentType: contentType)
        let files = parts.filter { $0.name == "attachment" || $0.name == "attachment[]" || $0.name == "attachment[0]" }
        guard files.count == 1, let file = files.first, let fileName = file.fileName else {
            throw ClickUpFakeRefusal.body("expected exactly one file part named attachment")
        }
        guard let list = lists[task.listId] else { throw ClickUpFakeRefusal.taskNotFound }
        if let limit = workspaces[list.workspaceId]?.storageLimitBytes {
            let used = attachmentStore.values.joined()
                .filter { lists[taskStore[$0.taskId]?.listId ?? ""]?.workspaceId == list.workspaceId }
                .reduce(0) { $0 + $1.bytes.count }
            if used + file.content.count > limit {
                throw ClickUpFakeRefusal(status: .badRequest, code: "GBUSED_005", message: "Storage limit exceeded")
            }
        }
        let fileExtension = fileName.contains(".") ? String(fileName.split(separator: ".").last ?? "") : "bin"
        let attachment = StoredAttachment(
            id: randomUUID() + "." + fileExtension, taskId: task.id, fieldName: file.name ?? "", fileName: fileName,
            mediaType: file.mediaType ?? "application/octet-stream", bytes: file.content, partHeaderLines: file.headerLines,
            date: clock.date)
        attachmentStore[task.id, default: []].append(attachment)
        return attachmentJSON(attachment)
    }

    // MARK: - Webhooks

    func createWebhook(inWorkspace workspaceId: String, body: JSONObject, by user: Int64) throws(ClickUpFakeRefusal) -> JSONValue {
        try check(
            body,
            ["endpoint": .nonEmptyString, "events": .strings, "space_id": .integer, "folder_id": .integer, "list_id": .integer,
             "task_id": .nonEmptyString],
            required: ["endpoint", "events"])
        guard let endpoint = text(body["endpoint"]), endpoint.hasPrefix("https://") else {
            throw ClickUpFakeRefusal.body("endpoint must be an https URL")
        }
        let events = texts(body["events"])
        try checkEvents(events)
        var location: (key: String, id: String)?
        for key in ["space_id", "folder_id", "list_id"] {
            if let id = integer(body[key]) { location = (key, String(id)) }
        }
        if let taskId = text(body["task_id"]) { location = ("task_id", taskId) }
        let duplicate = webhooks.contains { webhook in
            webhook.workspaceId == workspaceId && webhook.endpoint == endpoint && Set(webhook.events) == Set(events)
                && webhook.location?.key == location?.key && webhook.location?.id == location?.id
        }
        if duplicate {
            throw ClickUpFakeRefusal(status: .badRequest, code: "OAUTH_171", message: "Webhook configuration already exists")
        }
        let webhook = StoredWebhook(
            id: randomUUID(), workspaceId: workspaceId, userId: user, endpoint: endpoint, events: events,
            location: location, secret: Secret(randomText(64, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")),
            status: "active", failCount: 0)
        webhookStore[webhook.id] = webhook
        webhookOrder.append(webhook.id)
        return object([("id", .string(webhook.id)), ("webhook", webhookJSON(webhook))])
    }

    func updateWebhook(_ id: String, body: JSONObject, by user: Int64) throws(ClickUpFakeRefusal) -> JSONValue {
        guard var webhook = webhookStore[id], webhook.userId == user else {
            throw ClickUpFakeRefusal(status: .notFound, code: "FAKE_WEBHOOK", message: "Webhook not found")
        }
        try check(body, ["endpoint": .nonEmptyString, "events": .string, "status": .string], required: ["endpoint", "events", "status"])
        let events = (text(body["events"]) ?? "").split(separator: ",").map { ClickUpFakeMultipart.trimmed($0) }
        try checkEvents(events)
        guard let status = text(body["status"]), status == "active" || status == "suspended" else {
            throw ClickUpFakeRefusal.body("status must be active or suspended")
        }
        webhook.endpoint = text(body["endpoint"]) ?? webhook.endpoint
        webhook.events = events
        webhook.status = status
        if status == "active" { webhook.failCount = 0 }
        webhookStore[id] = webhook
        return object([("id", .string(id)), ("webhook", webhookJSON(webhook))])
    }

    private func checkEvents(_ events: [String]) throws(ClickUpFakeRefusal) {
        guard !events.isEmpty else { throw ClickUpFakeRefusal.body("events must not be empty") }
        for event in events where event != "*" && !ClickUpWebhookEvent.Name(rawValue: event).isDocumented {
            throw ClickUpFakeRefusal.body("unknown event \(event)")
        }
    }
}
