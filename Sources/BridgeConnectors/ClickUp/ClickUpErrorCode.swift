public import BridgeModels

/// A ClickUp error code: the `ECODE` of an error body `{"err": "…", "ECODE": "FIELD_011"}`.
///
/// An open set: the codes ClickUp documents (and a few widely observed ones) are static
/// members; any other code is kept as its raw value. Several codes mean the same thing (ClickUp
/// has four codes for a token that is not accepted), so switch on ``kind`` to decide what to do:
///
/// ```swift
/// do {
///     try await client.setCustomField(taskId, fieldId: priorityField, to: .text("Gold"))
/// } catch let error as ConnectorError {
///     switch error.clickUpCode?.kind {
///     case .invalidCustomFieldValue?: // FIELD_011: a drop-down needs an option id or index
///     case .invalidToken?, .authorizationMissing?: // re-authorize
///     case .webhookAlreadyExists?: // OAUTH_171
///     default: throw error
///     }
/// }
/// ```
///
/// Sources: developer.clickup.com/docs/common_errors for the `OAUTH_*` codes, docs/attachments
/// for `GBUSED_005`; `FIELD_011` from triptechtravel/clickup-cli PR #3; `ITEM_114` ("Status does
/// not exist"), `ITEM_013` ("Task not found") and `APP_002` ("Rate limit reached") from
/// third-party code (unverified).
public struct ClickUpErrorCode: OpenSetValue {
    /// The code as ClickUp sends it, e.g. `FIELD_011`.
    public let rawValue: String

    /// Creates a code from its raw value.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// What a code means, for deciding what to do about it.
    public enum Kind: Hashable, Sendable {
        /// `OAUTH_017`: no `Authorization` header (or, during OAuth, no redirect URI).
        case authorizationMissing
        /// `OAUTH_018`, `OAUTH_019`, `OAUTH_021`, `OAUTH_025`, `OAUTH_077`: the token is unknown
        /// or revoked; the user must authorize again.
        case invalidToken
        /// `OAUTH_023`, `OAUTH_026`, `OAUTH_027`, `OAUTH_029`…`OAUTH_045`: the token may not use
        /// this workspace (also answered for a custom task id sent without `team_id`).
        case workspaceNotAuthorized
        /// `OAUTH_171`: a webhook with the same endpoint, events and location exists.
        case webhookAlreadyExists
        /// `GBUSED_005`: the workspace's storage is used up; attachments are refused.
        case storageLimitExceeded
        /// `FIELD_011`: a custom field value has the wrong shape (a drop-down needs an option
        /// id or a zero-based index, never the label).
        case invalidCustomFieldValue
        /// `ITEM_114`: the status name does not exist in the task's list.
        case statusNotFound
        /// `ITEM_013`: the task does not exist or is not visible.
        case taskNotFound
        /// `APP_002`: "Rate limit reached" (the body of a 429).
        case rateLimited
        /// Any other code.
        case other
    }

    /// What the code means.
    public var kind: Kind {
        switch rawValue {
        case "OAUTH_017": return .authorizationMissing
        case "OAUTH_018", "OAUTH_019", "OAUTH_021", "OAUTH_025", "OAUTH_077": return .invalidToken
        case "OAUTH_023", "OAUTH_026", "OAUTH_027": return .workspaceNotAuthorized
        case "OAUTH_171": return .webhookAlreadyExists
        case "GBUSED_005": return .storageLimitExceeded
        case "FIELD_011": return .invalidCustomFieldValue
        case "ITEM_114": return .statusNotFound
        case "ITEM_013": return .taskNotFound
        case "APP_002": return .rateLimited
        default:
            if rawValue.hasPrefix("OAUTH_"), let number = Int(rawValue.dropFirst(6)), (29...45).contains(number) {
                return .workspaceNotAuthorized
            }
            return .other
        }
    }

    /// `OAUTH_017`: the `Authorization` header is missing.
    public static let authorizationMissing: ClickUpErrorCode = "OAUTH_017"
    /// `OAUTH_019`: the token was not found.
    public static let tokenNotFound: ClickUpErrorCode = "OAUTH_019"
    /// `OAUTH_023`: the workspace (team) is not authorized for this token.
    public static let workspaceNotAuthorized: ClickUpErrorCode = "OAUTH_023"
    /// `OAUTH_171`: the webhook configuration already exists.
    public static let webhookAlreadyExists: ClickUpErrorCode = "OAUTH_171"
    /// `GBUSED_005`: the storage limit is exceeded.
    public static let storageLimitExceeded: ClickUpErrorCode = "GBUSED_005"
    /// `FIELD_011`: "Value must be an option index or uuid" (a bad drop-down value).
    public static let invalidCustomFieldValue: ClickUpErrorCode = "FIELD_011"
    /// `ITEM_114`: "Status does not exist".
    public static let statusNotFound: ClickUpErrorCode = "ITEM_114"
    /// `ITEM_013`: "Task not found".
    public static let taskNotFound: ClickUpErrorCode = "ITEM_013"
    /// `APP_002`: "Rate limit reached".
    public static let rateLimited: ClickUpErrorCode = "APP_002"
}

extension ConnectorError {
    /// The ClickUp error code of a refusal from ClickUp (its `ECODE`), or `nil` for other
    /// connectors and for failures without one (a dropped connection, a gateway's HTML page).
    public var clickUpCode: ClickUpErrorCode? {
        guard connector == .clickUp, let serviceCode, !serviceCode.isEmpty else { return nil }
        return ClickUpErrorCode(rawValue: serviceCode)
    }
}
