#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import BridgeModels
public import BridgeMapping

/// Verifies and parses ClickUp webhook deliveries.
///
/// 1. **Size**: bodies over ``maxBodyBytes`` are refused before any work.
/// 2. **Signature**: `X-Signature` must be the lowercase hex HMAC-SHA256 of the **raw** body
///    bytes keyed by the webhook's `secret` (from the create-webhook response), compared in
///    constant time. Verify the bytes exactly as received: a body parsed and re-serialised
///    rarely hashes the same.
/// 3. **Payload**: parsed into a `ClickUpWebhookEvent` (only after the signature matched).
/// 4. **Replay window**: the newest history item's `date` must be no older than
///    ``replayWindow`` and no further ahead than ``allowedClockSkew`` of the injected wall clock.
///    An event without history items carries no time and passes this check; de-duplication
///    (``ClickUpWebhookReceiver``) still catches re-deliveries.
///
/// ```swift
/// let verifier = ClickUpWebhookVerifier(secret: Secret(webhookSecret))
/// do {
///     let event = try verifier.verify(body: rawBody, signature: request.headers["X-Signature"])
/// } catch {
///     respond(status: error.suggestedResponseStatus)   // 403, 400 or 200 — never 401/410
/// }
/// ```
public struct ClickUpWebhookVerifier: Sendable {
    private let secret: Secret
    /// How old the newest change may be. Default one hour: ClickUp retries a failing delivery
    /// up to five times (on an undocumented schedule), and those retries carry the original
    /// dates.
    public var replayWindow: Duration
    /// How far in the future a change may be dated (clock differences). Default five minutes.
    public var allowedClockSkew: Duration
    /// The largest body accepted, in bytes. Default 1 MiB.
    public var maxBodyBytes: Int
    /// Limits for parsing the payload.
    public var limits: InputLimits
    private let wallClock: WallClock

    /// Creates a verifier.
    ///
    /// - Parameters:
    ///   - secret: The webhook's secret.
    ///   - replayWindow: How old the newest change may be.
    ///   - allowedClockSkew: How far in the future it may be.
    ///   - maxBodyBytes: The largest body accepted.
    ///   - limits: Limits for parsing the payload.
    ///   - wallClock: The current time.
    public init(
        secret: Secret, replayWindow: Duration = .seconds(3600), allowedClockSkew: Duration = .seconds(300),
        maxBodyBytes: Int = 1 << 20, limits: InputLimits = .default, wallClock: WallClock = .system
    ) {
        self.secret = secret
        self.replayWindow = replayWindow
        self.allowedClockSkew = allowedClockSkew
        self.maxBodyBytes = maxBodyBytes
        self.limits = limits
        self.wallClock = wallClock
    }

    /// Verifies a delivery and returns its parsed event.
    ///
    /// - Parameters:
    ///   - body: The raw request body, exactly as received.
    ///   - signature: The `X-Signature` header value, or `nil` when absent.
    /// - Returns: The parsed event.
    /// - Throws: ``WebhookError``; see ``WebhookError/suggestedResponseStatus`` for the answer.
    public func verify(body: [UInt8], signature: String?) throws(WebhookError) -> ClickUpWebhookEvent {
        guard body.count <= maxBodyBytes else {
            throw WebhookError(.bodyTooLarge(limit: maxBodyBytes, size: body.count))
        }
        try checkSignature(signature, body: body)
        let event: ClickUpWebhookEvent
        do {
            event = try ClickUpWebhookEvent(parsing: body, limits: limits)
        } catch {
            throw WebhookError(.malformedPayload(error))
        }
        if let changedAt = event.latestChange {
            let now = wallClock()
            let age = Self.duration(from: changedAt, to: now)
            if age > replayWindow { throw WebhookError(.stale(changedAt: changedAt, age: age)) }
            let ahead = Self.duration(from: now, to: changedAt)
            if ahead > allowedClockSkew { throw WebhookError(.fromTheFuture(changedAt: changedAt, ahead: ahead)) }
        }
        return event
    }

    /// Verifies a delivery, reading `X-Signature` from `fields`.
    public func verify(body: [UInt8], fields: HTTPFields) throws(WebhookError) -> ClickUpWebhookEvent {
        try verify(body: body, signature: fields[.xSignature])
    }

    /// Whether `signature` is the valid signature of `body` (constant-time comparison; any
    /// letter case accepted).
    public func isValidSignature(_ signature: String, for body: [UInt8]) -> Bool {
        guard let received = Self.hexBytes(signature) else { return false }
        return ConstantTime.isEqual(HMACSHA256.authenticationCode(for: body, key: secret), received)
    }

    private func checkSignature(_ signature: String?, body: [UInt8]) throws(WebhookError) {
        guard let signature else { throw WebhookError(.missingSignature) }
        guard let received = Self.hexBytes(signature) else { throw WebhookError(.malformedSignature) }
        guard ConstantTime.isEqual(HMACSHA256.authenticationCode(for: body, key: secret), received) else {
            throw WebhookError(.signatureMismatch)
        }
    }

    /// The 32 bytes of a 64-character hex string (surrounding spaces ignored), or `nil`.
    static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.trimmedOfSpaces.utf8)
        guard digits.count == HMACSHA256.byteCount * 2 else { return nil }
        return Hex.decode(digits)
    }

    private static func duration(from start: Date, to end: Date) -> Duration {
        .milliseconds(end.epochMilliseconds - start.epochMilliseconds)
    }
}
