import BridgeConnectors
import Testing

@Suite struct SecretTests {
    private struct Configuration {
        var listID: String
        var token: Secret
    }

    @Test func neverPrintsItsValue() {
        let secret = Secret(TransportFixtures.token)
        var dumped = ""
        dump(secret, to: &dumped)
        var dumpedConfiguration = ""
        let configuration = Configuration(listID: "901", token: secret)
        dump(configuration, to: &dumpedConfiguration)
        let texts = [
            secret.description, secret.debugDescription, "\(secret)", String(describing: secret),
            String(reflecting: secret), dumped, "\(configuration)", String(reflecting: configuration),
            dumpedConfiguration, "\([secret])", "\(Optional(secret) as Any)",
        ]
        for text in texts {
            #expect(!text.contains(TransportFixtures.token), "leaked in: \(text)")
            #expect(!text.contains("SECRET"), "leaked in: \(text)")
        }
        #expect(secret.description == "<redacted>")
        #expect(Mirror(reflecting: secret).children.isEmpty)
        #expect("\(configuration)".contains("<redacted>"))
    }

    @Test func revealsOnlyOnRequest() {
        let secret = Secret(TransportFixtures.token)
        #expect(secret.reveal() == TransportFixtures.token)
        #expect(secret.withBytes { $0.count } == TransportFixtures.token.utf8.count)
        #expect(!secret.isEmpty)
        #expect(Secret("").isEmpty)
        #expect(Secret(bytes: [0x70, 0x6b]).reveal() == "pk")
    }

    @Test func comparesByValue() {
        #expect(Secret("abc") == Secret("abc"))
        #expect(Secret("abc") != Secret("abd"))
        #expect(Secret("abc") != Secret("abcd"))
        #expect(Secret("abc") == Secret(bytes: Array("abc".utf8)))
    }
}
