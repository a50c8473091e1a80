import BridgeMapping
import BridgeModels
import Foundation

/// The repository root, found from this file's location.
let repositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url
}()

/// The shipped example configuration.
func exampleConfiguration() throws -> BridgeConfiguration {
    let bytes = try Data(contentsOf: repositoryRoot.appendingPathComponent("Examples/bridge-config.json"))
    return try BridgeConfiguration.load(Array(bytes))
}

/// The shipped example events, decoded.
func exampleEvents() throws -> [CommunityEvent] {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Examples/events.jsonl"), encoding: .utf8)
    return try text.split(separator: "\n").map { try CommunityEventDecoder().decode(String($0)) }
}

/// The shipped example configuration as a mutable JSON object.
func exampleConfigurationObject() throws -> [String: Any] {
    let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("Examples/bridge-config.json"))
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
}

/// Loads a configuration from a JSON object, returning its problems (empty when valid).
func problems(loading object: [String: Any]) throws -> [String] {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    do {
        _ = try BridgeConfiguration.load(Array(data))
        return []
    } catch {
        return error.problems.map(\.description)
    }
}
