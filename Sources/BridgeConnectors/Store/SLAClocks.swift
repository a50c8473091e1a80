public import BridgeModels

/// An SLA clock as stored: its id, the host's or engine's `Codable` clock value and the version.
public struct StoredSLAClock<Clock: Codable & Sendable>: Sendable {
    /// The partner the clock belongs to.
    public var partnerId: PartnerID
    /// The clock's id (unique within the partner, e.g. `<case>/<policy>`).
    public var clockId: String
    /// The clock.
    public var clock: Clock
    /// The record's version, for the next conditional save.
    public var version: RecordVersion
}

extension StoreCollection {
    /// SLA clocks, keyed `<partner>/<clock id>`; values are whatever `Codable` clock type the
    /// SLA module or the host uses.
    public static let slaClocks = StoreCollection(unchecked: "sla-clocks")
}

extension BridgeStore {
    /// Reads an SLA clock.
    ///
    /// - Returns: The clock and its version, or `nil` when there is none.
    /// - Throws: ``StoreError`` with ``StoreError/Code/invalidRecord`` when the stored value is
    ///   not a `Clock`.
    public func slaClock<Clock: Codable & Sendable>(_ type: Clock.Type, partner: PartnerID, id clockId: String)
        async throws -> Versioned<Clock>?
    {
        try await readValue(type, key: StoreKey(segments: [partner.rawValue, clockId]), in: .slaClocks)
    }

    /// Saves an SLA clock if its version is `expected` (`nil`: a new clock).
    ///
    /// - Returns: The new version.
    /// - Throws: ``StoreConflict`` when the version differs.
    @discardableResult
    public func saveSLAClock<Clock: Codable & Sendable>(
        _ clock: Clock, partner: PartnerID, id clockId: String, expecting expected: RecordVersion?
    ) async throws -> RecordVersion {
        try await writeValue(clock, to: StoreKey(segments: [partner.rawValue, clockId]), in: .slaClocks, expecting: expected)
    }

    /// Deletes an SLA clock if its version is `expected`.
    ///
    /// - Throws: ``StoreConflict`` when the version differs or the clock is gone.
    public func deleteSLAClock(partner: PartnerID, id clockId: String, expecting expected: RecordVersion) async throws {
        try await delete(StoreKey(segments: [partner.rawValue, clockId]), in: .slaClocks, expecting: expected)
    }

    /// Lists SLA clocks in key order: one partner's, or every partner's.
    ///
    /// - Parameters:
    ///   - type: The clock type.
    ///   - partner: Only this partner's clocks; `nil` for all.
    ///   - after: Continue after this key (``StoreKey/init(segments:)`` of partner and clock id).
    ///   - limit: The most clocks to return.
    public func slaClocks<Clock: Codable & Sendable>(
        _ type: Clock.Type, partner: PartnerID? = nil, after: StoreKey? = nil, limit: Int = 100
    ) async throws -> [StoredSLAClock<Clock>] {
        let prefix = partner.map { StoreKey.prefix([$0.rawValue]) } ?? ""
        return try await scan(.slaClocks, prefix: prefix, after: after, limit: limit).map { record in
            let segments = record.key.segments
            return StoredSLAClock(
                partnerId: PartnerID(segments.first ?? ""), clockId: segments.dropFirst().joined(separator: "/"),
                clock: try StoreCodec.decode(Clock.self, from: record, in: .slaClocks), version: record.version)
        }
    }
}
