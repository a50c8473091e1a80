import Foundation
import TradingGridBridge

/// Community event decoding: the strict decoder (duplicate keys, limits, paths, validation)
/// against Foundation's `JSONDecoder` decoding the same line into the same types.
enum ModelsBenchmarks {
    static let suite = Suite(name: "models") { try run() }

    static func run() throws {
        let line = Array(sampleLine.utf8)
        let data = Data(line)
        let count = 2_000
        let foundation = JSONDecoder()
        let strict = CommunityEventDecoder()
        let baseline = try Harness.measure("Foundation JSONDecoder → CommunityEvent", operations: count) {
            for _ in 0..<count { blackHole(try foundation.decode(CommunityEvent.self, from: data)) }
        }
        let ours = try Harness.measure("CommunityEventDecoder (strict)", operations: count) {
            for _ in 0..<count { blackHole(try strict.decode(line)) }
        }
        let encoder = StableJSON.encoder()
        let event = try strict.decode(line)
        let encode = try Harness.measure("StableJSON encode", operations: count) {
            for _ in 0..<count { blackHole(try encoder.encode(event)) }
        }
        Harness.report(
            "Event decoding (\(line.count)-byte case.opened line)", [baseline, ours, encode],
            note: "Baseline: Foundation's JSONDecoder running the same validating `init(from:)` (it cannot detect duplicate keys).")
    }

    static let sampleLine = """
        {"id":"evt-000123","type":"case.opened","occurredAt":"2026-11-20T14:03:00Z","partner":{"id":"ACME","name":"Acme Retail","tier":"strategic","ediQualifier":"01","ediId":"123456789","locale":"en-US"},"case":{"id":"C-1001","kind":"shipmentDiscrepancy","title":"ASN quantity does not match receipt for PO 4471","detail":"Carton 00012345678901234567 was received with 40 units; the ASN says 48.","priority":"high","threadId":"T-77","references":[{"type":"purchaseOrder","value":"PO-4471"},{"type":"asn","value":"SH-99812"},{"type":"interchangeControl","value":"000004471"}],"amount":{"value":"1250.00","currency":"USD"},"documents":[{"id":"D-501","name":"receiving-report.pdf","mediaType":"application/pdf","size":48213,"url":"https://community.example.com/docs/D-501","sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","kind":"proofOfDelivery"}],"dueBy":"2026-11-27T17:00:00-05:00","departments":["logistics","accountsPayable"]}}
        """
}
