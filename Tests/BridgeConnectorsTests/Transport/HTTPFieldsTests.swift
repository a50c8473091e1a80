import BridgeConnectors
import Testing

@Suite struct HTTPFieldsTests {
    @Test func lookupIgnoresCase() {
        let fields: HTTPFields = [.contentType: "application/json", "x-ratelimit-remaining": "42"]
        #expect(fields["CONTENT-TYPE"] == "application/json")
        #expect(fields[.xRateLimitRemaining] == "42")
        #expect(fields["X-RateLimit-Remaining"] == "42")
        #expect(fields.contains("content-type"))
        #expect(!fields.contains(.authorization))
        #expect(fields[.authorization] == nil)
    }

    @Test func keepsOrderAndMultipleValues() {
        var fields = HTTPFields()
        fields.append(name: "Accept", value: "application/json")
        fields.append(name: "X-Trace", value: "a")
        fields.append(name: "x-trace", value: "b")
        #expect(fields.values(for: "X-TRACE") == ["a", "b"])
        #expect(fields["x-trace"] == "a, b")
        #expect(fields.map(\.name.rawName) == ["Accept", "X-Trace", "x-trace"])
    }

    @Test func settingReplacesEveryFieldOfThatNameInPlace() {
        var fields: HTTPFields = ["A": "1", "X-Trace": "a", "B": "2", "x-trace": "b"]
        fields["X-TRACE"] = "c"
        #expect(fields.map(\.description) == ["A: 1", "X-TRACE: c", "B: 2"])
        fields["X-Trace"] = nil
        #expect(fields.map(\.name.rawName) == ["A", "B"])
        fields[.ifMatch] = "W/\"etag\""
        #expect(fields.last?.name == .ifMatch)
    }

    @Test func valuesCannotInjectHeaderLines() {
        let field = HTTPField(name: "X-Title", value: "  ok\r\nAuthorization: Bearer evil\u{0}  ")
        #expect(field.value == "ok  Authorization: Bearer evil")
        #expect(!field.value.contains("\n"))
        var fields = HTTPFields()
        fields[.userAgent] = "a\nb"
        #expect(fields[.userAgent] == "a b")
    }

    @Test func namesAreValidatedAtRunTimeAndRepairedInLiterals() {
        let received = ["X-Good_Name", "bad name", "colon:", "", "Ünicode"]
        #expect(received.map { HTTPField.Name(validating: $0)?.rawName } == ["X-Good_Name", nil, nil, nil, nil])
        let repaired: HTTPField.Name = "bad name\r\n"
        #expect(repaired.rawName == "bad-name--")
        let empty: HTTPField.Name = ""
        #expect(empty.rawName == "-")
    }

    @Test func namesCompareCaseInsensitively() {
        #expect(HTTPField.Name(validating: "ETAG") == .eTag)
        #expect(Set<HTTPField.Name>(["etag", "ETag", "Etag"]).count == 1)
        let a: HTTPFields = ["ETag": "1"]
        let b: HTTPFields = ["etag": "1"]
        #expect(a == b)
    }

    @Test func descriptionsRedactSensitiveValues() {
        var fields: HTTPFields = [
            .authorization: "Bearer topsecret", .cookie: "session=topsecret", "X-API-Key": "topsecret",
            .accept: "application/json",
        ]
        fields.append(name: "X-Custom-Token", value: "topsecret-too")
        fields.sensitiveNames.insert("x-custom-token")
        #expect(fields.isRedacted(.authorization))
        #expect(fields.isRedacted("X-Custom-Token"))
        #expect(!fields.isRedacted(.accept))
        var dumped = ""
        dump(fields, to: &dumped)
        for text in [fields.description, fields.debugDescription, "\(fields)", String(reflecting: fields), dumped]
            + fields.map(\.description)
        {
            #expect(!text.contains("topsecret"), "leaked in: \(text)")
        }
        #expect(fields.description.contains("Authorization: <redacted>"))
        #expect(fields.description.contains("Accept: application/json"))
    }
}

@Suite struct HTTPMethodAndStatusTests {
    @Test func methodsValidateTokensAndKnowIdempotency() {
        #expect(HTTPMethod("PROPFIND")?.rawValue == "PROPFIND")
        #expect(HTTPMethod("GET IT") == nil)
        #expect(HTTPMethod("") == nil)
        #expect(HTTPMethod.get.isIdempotent && HTTPMethod.get.isSafe)
        #expect(HTTPMethod.put.isIdempotent && !HTTPMethod.put.isSafe)
        #expect(HTTPMethod.delete.isIdempotent)
        #expect(!HTTPMethod.post.isIdempotent)
        #expect(!HTTPMethod.patch.isIdempotent)
        #expect(HTTPMethod("get")?.isIdempotent == false, "methods are case-sensitive")
    }

    @Test func statusesHaveKindsAndPhrases() {
        let status: HTTPStatus = 412
        #expect(status == .preconditionFailed)
        #expect(status.kind == .clientError)
        #expect(HTTPStatus.noContent.isSuccess)
        #expect(HTTPStatus.serviceUnavailable.kind == .serverError)
        #expect(HTTPStatus(code: 302).kind == .redirection)
        #expect(HTTPStatus(code: 99).kind == .invalid)
        #expect(HTTPStatus(code: 600).kind == .invalid)
        #expect(HTTPStatus.tooManyRequests.description == "429 Too Many Requests")
        #expect(HTTPStatus(code: 299).description == "299")
        #expect(HTTPStatus.ok < HTTPStatus.created)
    }
}
