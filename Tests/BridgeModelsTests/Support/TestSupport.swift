import BridgeModels
import Foundation
import Testing

/// The repository root, found from this file's location (tests never depend on the working
/// directory).
let repositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url
}()

/// The lines of a file in the repository.
func repositoryLines(_ path: String) throws -> [String] {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
}

/// The shipped example events, one per type (Examples/events.jsonl).
func exampleEventLines() throws -> [String] {
    try repositoryLines("Examples/events.jsonl")
}

/// Decodes `text` as an event and returns the error, failing the test if it decodes.
func decodingError(_ text: String, limits: InputLimits = .default, sourceLocation: SourceLocation = #_sourceLocation)
    -> InputError?
{
    do {
        let event = try CommunityEventDecoder(limits: limits).decode(text)
        Issue.record("expected an error, decoded \(event.type) \(event.id)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// The name of a reason's case, for table-driven expectations.
func reasonName(_ reason: InputError.Reason) -> String {
    switch reason {
    case .malformedJSON: return "malformedJSON"
    case .duplicateKey: return "duplicateKey"
    case .nestingTooDeep: return "nestingTooDeep"
    case .inputTooLarge: return "inputTooLarge"
    case .missing: return "missing"
    case .missingOneOf: return "missingOneOf"
    case .wrongType: return "wrongType"
    case .empty: return "empty"
    case .tooLong: return "tooLong"
    case .tooManyItems: return "tooManyItems"
    case .forbiddenCharacter: return "forbiddenCharacter"
    case .invalidFormat: return "invalidFormat"
    case .invalidDate: return "invalidDate"
    case .invalidCurrency: return "invalidCurrency"
    case .outOfRange: return "outOfRange"
    case .unknownValue: return "unknownValue"
    case .unknownEventType: return "unknownEventType"
    case .inconsistent: return "inconsistent"
    }
}

/// Parses a JSON document into Foundation objects for editing in tests.
func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// Serialises Foundation JSON objects back to text.
func jsonText(_ object: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}
