import BridgeModels
import Foundation
import Testing

@Suite struct StrictJSONParserTests {
    let parser = StrictJSONParser()

    @Test func parsesEveryValueKind() throws {
        let value = try parser.parse(#" {"n":null,"t":true,"f":false,"i":-12,"d":1.5e-3,"s":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00","a":[],"o":{}} "#)
        guard case .object(let object) = value else {
            Issue.record("expected an object")
            return
        }
        #expect(object.keys == ["n", "t", "f", "i", "d", "s", "a", "o"])
        #expect(object["n"] == .null)
        #expect(object["t"] == .bool(true))
        #expect(object["f"] == .bool(false))
        #expect(object["i"] == .number("-12"))
        #expect(object["d"] == .number("1.5e-3"))
        #expect(object["s"] == .string("a\"\\/\u{08}\u{0C}\n\r\té😀"))
        #expect(object["a"] == .array([]))
        #expect(object["o"] == .object(JSONObject()))
    }

    @Test func numbersKeepTheirLiteralText() throws {
        #expect(try parser.parse("12345678901234567890.123456789") == .number("12345678901234567890.123456789"))
    }

    @Test(arguments: ["-", "1.", ".5", "1e", "01", "+1", "0x10", "1.2.3"])
    func invalidNumbersAreRefused(_ text: String) {
        #expect(throws: InputError.self) { try parser.parse(text) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: InputError.self) { try parser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: InputError.self) { try parser.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
    }

    @Test func errorsCarryTheByteOffset() throws {
        do {
            _ = try parser.parse(#"{"a":[1,2,}"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.path.description == "$.a[2]")
            #expect(error.reason == .malformedJSON("unexpected character '}' at byte 10"))
        }
    }

    @Test func depthLimitIsConfigurable() throws {
        let shallow = StrictJSONParser(limits: InputLimits(maxDepth: 2))
        #expect(throws: Never.self) { try shallow.parse("[[1]]") }
        #expect(throws: InputError(path: [.index(0), .index(0)], reason: .nestingTooDeep(limit: 2))) {
            try shallow.parse("[[[1]]]")
        }
    }
}

@Suite struct StrictJSONDecoderTests {
    @Test func decodingAPartKeepsTheFullPath() throws {
        let document = try StrictJSONParser().parse(#"{"partners":[{"id":"A"},{"id":""}]}"#)
        guard case .object(let root) = document, case .array(let partners)? = root["partners"] else {
            Issue.record("unexpected shape")
            return
        }
        var problems: [InputError] = []
        for (index, element) in partners.enumerated() {
            do {
                _ = try StrictJSONDecoder().decode(Partner.self, from: element, at: JSONPath.root.appending(key: "partners").appending(index: index))
            } catch {
                problems.append(error)
            }
        }
        #expect(problems == [InputError(path: [.key("partners"), .index(1), .key("id")], reason: .empty)])
    }
}

@Suite struct UnkeyedDecodingTests {
    /// Decodes a list whose elements are numbers or numeric strings, trying one then the other.
    struct Flexible: Decodable, Equatable {
        var values: [Int]
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            values = []
            while !container.isAtEnd {
                if let number = try? container.decode(Int.self) {
                    values.append(number)
                } else {
                    values.append(Int(try container.decode(String.self)) ?? -1)
                }
            }
        }
    }

    @Test func aFailedElementDecodeDoesNotSkipTheElement() throws {
        // Like Foundation's JSONDecoder: a failed attempt leaves the element to be read again.
        #expect(try StrictJSONDecoder().decode(Flexible.self, from: #"[1,"2",3]"#).values == [1, 2, 3])
        #expect(try JSONDecoder().decode(Flexible.self, from: Data(#"[1,"2",3]"#.utf8)).values == [1, 2, 3])
    }
}

@Suite struct SuperDecoderTests {
    class Base: Decodable {
        let a: Int
        enum CodingKeys: String, CodingKey { case a }
        required init(from decoder: any Decoder) throws {
            a = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .a)
        }
    }

    /// Decodes its superclass from the `"super"` member (or a member of its choice), as
    /// `JSONEncoder`'s `superEncoder()` writes it.
    final class Derived: Base {
        let b: Int
        enum Keys: String, CodingKey { case b, parent }
        required init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            b = try container.decode(Int.self, forKey: .b)
            try super.init(from: container.contains(.parent) ? container.superDecoder(forKey: .parent) : container.superDecoder())
        }
    }

    @Test(arguments: [#"{"b":2,"super":{"a":1}}"#, #"{"b":2,"parent":{"a":1}}"#])
    func superDecodersReadTheSameMemberAsFoundation(_ json: String) throws {
        let foundation = try JSONDecoder().decode(Derived.self, from: Data(json.utf8))
        let strict = try StrictJSONDecoder().decode(Derived.self, from: json)
        #expect(foundation.a == 1 && foundation.b == 2)
        #expect(strict.a == foundation.a && strict.b == foundation.b)
    }
}
