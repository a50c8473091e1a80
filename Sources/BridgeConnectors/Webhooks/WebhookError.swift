#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// Why a webhook delivery was refused.
///
/// The description is log-safe: it never contains the webhook secret, the expected signature or
/// the received one.
public struct WebhookError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The reasons a delivery is refused. New reasons may be added; switch with a `default`.
    public enum Reason: Hashable, Sendable {
        /// There is no `X-Signature` header.
        case missingSignature
        /// `X-Signature` is not 64 hexadecimal characters.
        case malformedSignature
        /// The signature does not match the body under the webhook secret: the body was changed,
        /// the secret is wrong, or the delivery is forged.
        case signatureMismatch
        /// The body is larger than the verifier accepts (checked before hashing).
        case bodyTooLarge(limit: Int, size: Int)
        /// The signature is valid but the payload is not a well-formed ClickUp webhook.
        case malformedPayload(InputError)
        /// The newest change in the delivery is older than the replay window.
        case stale(changedAt: Date, age: Duration)
        /// The newest change is further in the future than the allowed clock skew.
        case fromTheFuture(changedAt: Date, ahead: Duration)
    }

    /// Why the delivery was refused.
    public var reason: Reason

    /// Creates an error.
    public init(_ reason: Reason) {
        self.reason = reason
    }

    /// The HTTP status a webhook route should answer with.
    ///
    /// Never 401 or 410: ClickUp suspends a webhook at once on either (`clickup-api.md` §11).
    ///
    /// - Signature problems: **403**. A non-2xx answer makes ClickUp retry (up to 5 times) and
    ///   count the failure in the webhook's health, so a wrong secret after a rotation becomes
    ///   visible instead of silently dropping every event; and a forger learns nothing.
    /// - Oversize or malformed payloads: **400**.
    /// - Stale or future-dated deliveries: **200**, and the delivery is dropped: it is
    ///   authentic (the signature matched) but outside the replay window, so retrying it can
    ///   never succeed and would only count against the webhook's health.
    public var suggestedResponseStatus: HTTPStatus {
        switch reason {
        case .missingSignature, .malformedSignature, .signatureMismatch: return .forbidden
        case .bodyTooLarge, .malformedPayload: return .badRequest
        case .stale, .fromTheFuture: return .ok
        }
    }

    /// A one-line, log-safe explanation.
    public var description: String {
        switch reason {
        case .missingSignature: return "webhook refused: no X-Signature header"
        case .malformedSignature: return "webhook refused: X-Signature is not 64 hexadecimal characters"
        case .signatureMismatch: return "webhook refused: the signature does not match the body"
        case .bodyTooLarge(let limit, let size):
            return "webhook refused: body of \(size) bytes exceeds the limit of \(limit) bytes"
        case .malformedPayload(let error): return "webhook refused: malformed payload: \(error)"
        case .stale(let changedAt, let age):
            return "webhook refused: change at \(RFC3339.string(from: changedAt)) is \(age) old, outside the replay window"
        case .fromTheFuture(let changedAt, let ahead):
            return "webhook refused: change at \(RFC3339.string(from: changedAt)) is \(ahead) in the future"
        }
    }
}

extension WebhookError: LocalizedError {
    /// The log-safe ``description``, so `localizedDescription` says what happened.
    public var errorDescription: String? { description }
}
