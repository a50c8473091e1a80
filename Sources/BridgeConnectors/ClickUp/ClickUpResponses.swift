#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import BridgeModels
public import BridgeMapping

/// A file attached to a ClickUp task: the answer to an upload (`{id, version, date, title,
/// extension, thumbnail_small, thumbnail_large, url}`, clickup-api.md §7), or an element of a
/// task's `attachments[]`.
public struct ClickUpAttachment: Hashable, Sendable, Decodable {
    /// The attachment id (ClickUp's ids look like `<uuid>.<extension>`).
    public var id: String
    /// The file name as ClickUp shows it.
    public var title: String?
    /// The file name extension, e.g. `pdf`.
    public var fileExtension: String?
    /// Where ClickUp serves the file.
    public var url: String?
    /// When it was attached.
    public var date: Date?

    /// Creates an attachment value.
    public init(id: String, title: String? = nil, fileExtension: String? = nil, url: String? = nil, date: Date? = nil) {
        self.id = id
        self.title = title
        self.fileExtension = fileExtension
        self.url = url
        self.date = date
    }

    enum CodingKeys: String, CodingKey {
        case id, title, url, date
        case fileExtension = "extension"
    }

    /// Decodes an attachment; `id` is required, the rest is read leniently (ClickUp's own
    /// example has `null` where the schema says string, clickup-api.md §5).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id, .identifier, limit: decoder.inputLimits.identifier)
        title = try c.optional(String.self, .title)
        fileExtension = try c.optional(String.self, .fileExtension)
        url = try c.optional(String.self, .url)
        date = try ClickUpLenient.milliseconds(c, .date)
    }
}

/// The attachments of a task, from a Get Task answer (`attachments[]` appears only when the task
/// has attachments).
struct ClickUpTaskAttachments: Decodable {
    var attachments: [ClickUpAttachment]

    enum CodingKeys: String, CodingKey { case attachments }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        attachments = try c.list(.attachments, limit: 10_000)
    }
}

/// One comment on a ClickUp task, as `GET /api/v2/task/{id}/comment` lists it.
public struct ClickUpTaskComment: Hashable, Sendable, Decodable {
    /// The comment id (ClickUp sends a number or a string; kept as text).
    public var id: String
    /// The comment's plain text (`comment_text`). Not sanitised: treat it as untrusted.
    public var text: String
    /// The author's user id.
    public var userId: Int64?
    /// The author's user name.
    public var username: String?
    /// When it was posted (`date`, Unix milliseconds).
    public var date: Date
    /// Whether it is resolved.
    public var resolved: Bool?

    /// Creates a comment value.
    public init(id: String, text: String, userId: Int64? = nil, username: String? = nil, date: Date, resolved: Bool? = nil) {
        self.id = id
        self.text = text
        self.userId = userId
        self.username = username
        self.date = date
        self.resolved = resolved
    }

    enum CodingKeys: String, CodingKey {
        case id, user, date, resolved
        case text = "comment_text"
    }

    /// Decodes a comment; `id` and `date` are required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try ClickUpLenient.identifier(c, .id, limit: decoder.inputLimits.identifier)
        text = try c.optional(String.self, .text) ?? ""
        guard let date = try ClickUpLenient.milliseconds(c, .date) else {
            throw InputError(path: c.path(.date), reason: .missing)
        }
        self.date = date
        resolved = try c.optional(Bool.self, .resolved)
        let user = try c.optional(ClickUpUser.self, .user)
        userId = user?.id
        username = user?.username
    }
}

/// One page of a task's comments, newest first.
public struct ClickUpCommentPage: Hashable, Sendable, Decodable {
    /// The comments on this page, newest first.
    public var comments: [ClickUpTaskComment]

    /// How many comments ClickUp returns per page (developer.clickup.com/docs/task-comments-pagination).
    public static let pageSize = 25

    /// Creates a page.
    public init(comments: [ClickUpTaskComment]) {
        self.comments = comments
    }

    /// Whether older comments may follow: the page is full.
    public var mayHaveMore: Bool { comments.count >= ClickUpCommentPage.pageSize }

    /// Where the next (older) page starts: the date and id of this page's last comment.
    public var nextCursor: ClickUpCommentCursor? {
        guard mayHaveMore, let last = comments.last else { return nil }
        return ClickUpCommentCursor(date: last.date, commentId: last.id)
    }

    enum CodingKeys: String, CodingKey { case comments }

    /// Decodes `{"comments": […]}`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard c.contains(.comments) else { throw InputError(path: c.path(.comments), reason: .missing) }
        comments = try c.list(.comments, limit: 1_000)
    }
}

/// Where a page of comments starts: `start` (the date) and `start_id` (the id) of the last
/// comment of the previous page. ClickUp needs both.
public struct ClickUpCommentCursor: Hashable, Sendable {
    /// The last comment's date.
    public var date: Date
    /// The last comment's id.
    public var commentId: String

    /// Creates a cursor.
    public init(date: Date, commentId: String) {
        self.date = date
        self.commentId = commentId
    }
}

/// The answer to posting a comment: `{id, hist_id, date}` (the id arrives as a number although
/// the spec says string, clickup-api.md §6).
public struct ClickUpCommentReceipt: Hashable, Sendable, Decodable {
    /// The new comment's id.
    public var id: String
    /// The history item recording it (`hist_id`); webhooks carry the same id.
    public var historyId: String?
    /// When it was posted.
    public var date: Date?

    /// Creates a receipt.
    public init(id: String, historyId: String? = nil, date: Date? = nil) {
        self.id = id
        self.historyId = historyId
        self.date = date
    }

    enum CodingKeys: String, CodingKey {
        case id, date
        case historyId = "hist_id"
    }

    /// Decodes a receipt; `id` is required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let limit = decoder.inputLimits.identifier
        id = try ClickUpLenient.identifier(c, .id, limit: limit)
        historyId = try c.contains(.historyId) ? ClickUpLenient.identifier(c, .historyId, limit: limit) : nil
        date = try ClickUpLenient.milliseconds(c, .date)
    }
}

/// A registered ClickUp webhook, from the answer to Create Webhook
/// (`{id, webhook: {id, endpoint, events, list_id, task_id, health, secret, …}}`).
///
/// ``secret`` keys the `X-Signature` of every delivery: store it in the host's secret store and
/// give it to `ClickUpWebhookVerifier`. ClickUp returns it only here (and in Get Webhooks to
/// the creating user). The description never shows it.
public struct ClickUpWebhookRegistration: Sendable, Equatable, CustomStringConvertible {
    /// The webhook id (a UUID); deliveries carry it as `webhook_id`.
    public var id: String
    /// The signing secret.
    public var secret: Secret
    /// The endpoint ClickUp posts to.
    public var endpoint: String?
    /// The subscribed events.
    public var events: [ClickUpWebhookEvent.Name]
    /// `health.status`, e.g. `active` or `suspended`.
    public var status: String?
    /// `health.fail_count`.
    public var failCount: Int?

    /// Creates a registration.
    public init(
        id: String, secret: Secret, endpoint: String? = nil, events: [ClickUpWebhookEvent.Name] = [],
        status: String? = nil, failCount: Int? = nil
    ) {
        self.id = id
        self.secret = secret
        self.endpoint = endpoint
        self.events = events
        self.status = status
        self.failCount = failCount
    }

    /// `webhook <id> (active) → <endpoint>`; the secret is never shown.
    public var description: String {
        "webhook \(TextSanitizer.quotedFragment(id, limit: 80)) (\(status ?? "unknown status")) → "
            + TextSanitizer.quotedFragment(endpoint ?? "?", limit: 200)
    }

    /// Reads a Create Webhook answer.
    ///
    /// - Throws: `InputError` naming the missing or malformed member (`$.webhook.secret`, …).
    init(parsing body: [UInt8], limits: InputLimits) throws(InputError) {
        let reader = PayloadReader(limits: limits)
        let root = try reader.object(try StrictJSONParser(limits: limits).parse(body), at: .root)
        let webhookPath = JSONPath.root.appending(key: "webhook")
        let webhook = try reader.object(root["webhook"] ?? .null, at: webhookPath)
        if let id = try reader.optionalID(root, "id", at: .root) {
            self.id = id
        } else {
            id = try reader.requiredID(webhook, "id", at: webhookPath)
        }
        secret = Secret(try reader.requiredText(webhook, "secret", at: webhookPath, limit: 1_000))
        endpoint = try reader.optionalText(webhook, "endpoint", at: webhookPath, limit: limits.url)
        var names: [ClickUpWebhookEvent.Name] = []
        if case .array(let elements)? = webhook["events"] {
            let eventsPath = webhookPath.appending(key: "events")
            for (index, element) in elements.enumerated() {
                guard case .string(let name) = element else {
                    throw InputError(
                        path: eventsPath.appending(index: index), reason: .wrongType(expected: "string", found: element.typeName))
                }
                names.append(ClickUpWebhookEvent.Name(rawValue: try TextRules.check(name, .identifier, limit: limits.token, path: eventsPath.appending(index: index))))
            }
        }
        events = names
        if case .object(let health)? = webhook["health"] {
            let healthPath = webhookPath.appending(key: "health")
            status = try reader.optionalText(health, "status", at: healthPath, limit: limits.token)
            if case .number(let literal)? = health["fail_count"] { failCount = Int(literal) }
        }
    }
}
