public import BridgeModels

/// What an SLA clock measures.
public enum SLAMetric: String, ClosedSetValue, Comparable, CustomStringConvertible {
    /// From the case's creation to the first response to the partner.
    case firstResponse
    /// From the case's creation to its resolution. A reopened case starts a new cycle.
    case resolution
    /// Between updates to the partner: each update completes a cycle and starts the next one
    /// (Zendesk's "periodic update").
    case partnerUpdate

    /// Orders as declared: first response, resolution, partner update.
    public static func < (lhs: SLAMetric, rhs: SLAMetric) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The raw value.
    public var description: String { rawValue }
}
