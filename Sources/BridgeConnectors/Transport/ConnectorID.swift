public import BridgeModels

/// Which tracker service a request is for: routing context that travels with every
/// ``ConnectorRequest`` so middlewares (rate limits, logging, metrics) can tell services apart.
///
/// An open set: ``planner`` and ``clickUp`` are built in; a host adding its own connector uses
/// its own token, e.g. `ConnectorID(rawValue: "jira")`.
public struct ConnectorID: OpenSetValue {
    /// The connector's token, e.g. `planner`.
    public let rawValue: String

    /// Creates an id from its token.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Microsoft Planner through Microsoft Graph v1.0.
    public static let planner: ConnectorID = "planner"
    /// ClickUp through API v2.
    public static let clickUp: ConnectorID = "clickup"
}
