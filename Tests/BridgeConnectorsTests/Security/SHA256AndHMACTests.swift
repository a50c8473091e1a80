import BridgeConnectors
import BridgeModels
import Testing

/// SHA-256 against FIPS 180-4 (and its example vectors), HMAC-SHA256 against RFC 4231.
@Suite struct SHA256AndHMACTests {
    private func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
        }
        return bytes
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        // 448 bits: the padding needs a second block.
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        // 896 bits: two full message blocks.
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func sha256Vectors(_ message: String, _ digest: String) {
        #expect(SHA256Hasher.hexDigest(message) == digest)
    }

    @Test func sha256OfOneMillionAs() {
        var hasher = SHA256Hasher()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(SHA256Hasher.hex(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func chunkedUpdatesEqualOneShotAtEveryBlockBoundary() {
        var generator = SeededRandomNumberGenerator(seed: 7)
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000] {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let oneShot = SHA256Hasher.hash(message)
            var hasher = SHA256Hasher()
            var offset = 0
            while offset < message.count {
                let size = Int.random(in: 1...17, using: &generator)
                hasher.update(message[offset..<min(offset + size, message.count)])
                offset += size
            }
            #expect(hasher.finalize() == oneShot, "length \(length)")
        }
    }

    // RFC 4231 §4.2–4.8.
    static let rfc4231: [(key: String, data: String, mac: String)] = [
        ("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            String(repeating: "dd", count: 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (String(repeating: "aa", count: 131),
            "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (String(repeating: "aa", count: 131),
            "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test func hmacMatchesRFC4231() {
        for vector in Self.rfc4231 {
            let key = hex(vector.key)
            let data = hex(vector.data)
            #expect(SHA256Hasher.hex(HMACSHA256.portableAuthenticationCode(for: data, key: key)) == vector.mac)
            // The public API (CryptoKit on Apple platforms, the portable code elsewhere).
            #expect(HMACSHA256.hexAuthenticationCode(for: data, key: Secret(bytes: key)) == vector.mac)
        }
    }

    @Test func hmacTruncatedVectorOfRFC4231TestCase5() {
        let mac = HMACSHA256.authenticationCode(for: hex("546573742057697468205472756e636174696f6e"), key: Secret(bytes: hex(String(repeating: "0c", count: 20))))
        #expect(SHA256Hasher.hex(Array(mac.prefix(16))) == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test func constantTimeComparison() {
        #expect(ConstantTime.isEqual([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!ConstantTime.isEqual([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!ConstantTime.isEqual([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        #expect(ConstantTime.isEqual([] as [UInt8], [] as [UInt8]))
    }
}
