import BridgeModels
import Testing

/// Expects `body` to fail with an ``InputError`` at exactly `path` whose reason mentions
/// `reason`.
func expectInputError<T>(
    path: String, reason: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(InputError) -> T
) {
    do {
        _ = try body()
        Issue.record("accepted input that should fail at \(path)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.path.description == path, sourceLocation: sourceLocation)
        #expect(error.reasonDescription.contains(reason), "\(error.reasonDescription)", sourceLocation: sourceLocation)
    }
}
