#if canImport(CryptoKit)
import CryptoKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#endif
import BridgeModels

/// HMAC-SHA256 (RFC 2104 with FIPS 180-4 SHA-256), as ClickUp uses to sign webhook bodies.
///
/// On Apple platforms it uses CryptoKit; elsewhere it runs the library's own SHA-256 (the
/// package has no dependencies and FoundationEssentials has no digest API). Both are tested
/// against the RFC 4231 vectors.
public enum HMACSHA256: Sendable {
    /// The length of an authentication code, in bytes (32).
    public static let byteCount = 32

    /// Computes the authentication code of `message` under `key`.
    ///
    /// - Parameters:
    ///   - message: The bytes to authenticate (for a webhook: the raw request body).
    ///   - key: The shared secret.
    /// - Returns: The 32-byte code.
    public static func authenticationCode<Message: Collection<UInt8>>(for message: Message, key: Secret) -> [UInt8] {
        key.withBytes { keyBytes in
            #if canImport(CryptoKit)
            let code = HMAC<CryptoKit.SHA256>.authenticationCode(
                for: Data(message), using: SymmetricKey(data: Data(keyBytes)))
            return Array(code)
            #else
            return portableAuthenticationCode(for: message, key: keyBytes)
            #endif
        }
    }

    /// The authentication code as lowercase hex (64 characters), the form of ClickUp's
    /// `X-Signature`.
    public static func hexAuthenticationCode<Message: Collection<UInt8>>(for message: Message, key: Secret) -> String {
        SHA256Hasher.hex(authenticationCode(for: message, key: key))
    }

    /// The library's own implementation over `SHA256Hasher`, used where CryptoKit is absent
    /// and tested on every platform.
    package static func portableAuthenticationCode<Message: Collection<UInt8>>(for message: Message, key: [UInt8])
        -> [UInt8]
    {
        let blockSize = SHA256Hasher.blockSize
        var block = key.count > blockSize ? SHA256Hasher.hash(key) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        var inner = SHA256Hasher()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        let innerDigest = inner.finalize()
        var outer = SHA256Hasher()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(innerDigest)
        return outer.finalize()
    }
}
