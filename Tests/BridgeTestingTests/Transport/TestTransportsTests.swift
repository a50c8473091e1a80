import BridgeConnectors
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

private func request(_ operation: String = "getTask", method: HTTPMethod = .get) throws -> ConnectorRequest {
    try ConnectorRequest(
        method: method, url: URL(string: "https://api.clickup.com/api/v2/task/1")!, connector: .clickUp,
        operation: operation)
}

@Suite struct RecordingTransportTests {
    @Test func answersFromTheScriptInOrderThenTheFallback() async throws {
        let transport = RecordingTransport(responses: [ConnectorResponse(status: .tooManyRequests)])
        transport.enqueue(ConnectorResponse(status: .created, text: "two"))
        #expect(transport.pendingReplyCount == 2)
        #expect(try await transport.send(request("a")).status == .tooManyRequests)
        #expect(try await transport.send(request("b")).bodyText == "two")
        #expect(try await transport.send(request("c")).status == .ok)
        #expect(transport.requests.map(\.operation) == ["a", "b", "c"])
        #expect(transport.lastRequest?.operation == "c")
        transport.removeAllRecords()
        #expect(transport.requests.isEmpty)
    }

    @Test func scriptedFailuresAreThrown() async throws {
        let transport = RecordingTransport()
        transport.enqueueFailure(ConnectorError(code: .connectionFailed, connector: .clickUp, operation: "getTask"))
        await #expect(throws: ConnectorError.self) { try await transport.send(request()) }
        #expect(transport.requests.count == 1)
    }

    @Test func withoutAFallbackAnUnscriptedRequestFails() async throws {
        let transport = RecordingTransport(fallback: nil)
        do {
            _ = try await transport.send(request("createTask"))
            Issue.record("no error")
        } catch let error as RecordingTransport.UnscriptedRequest {
            #expect(error.description == "no scripted response left for createTask")
        }
    }

    @Test func recordsArrivalTimesOnAManualClock() async throws {
        let clock = ManualClock()
        let transport = RecordingTransport(clock: clock)
        _ = try await transport.send(request())
        clock.advance(by: .seconds(3))
        _ = try await transport.send(request())
        #expect(transport.records.map(\.instant) == [.init(offset: .zero), .init(offset: .seconds(3))])
        #expect(RecordingTransport().records.isEmpty)
    }

    @Test func concurrentSendersAreAllRecorded() async throws {
        let transport = RecordingTransport()
        let r = try request()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<100 { group.addTask { _ = try await transport.send(r) } }
            try await group.waitForAll()
        }
        #expect(transport.requests.count == 100)
    }
}

@Suite struct MockTransportTests {
    @Test func successfulAnswersOK() async throws {
        let response = try await MockTransport.successful.send(request())
        #expect(response.status == .ok && response.body.isEmpty)
        let custom = try await MockTransport.successful(status: .created, fields: [.eTag: "W/\"1\""], body: [1]).send(request())
        #expect(custom.status == .created && custom.fields[.eTag] == "W/\"1\"" && custom.body == [1])
    }

    @Test func failingThrows() async throws {
        await #expect(throws: MockTransport.Failure.self) { try await MockTransport.failing.send(request()) }
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await MockTransport.failing(with: Boom()).send(request()) }
    }

    @Test func theHandlerSeesTheRequest() async throws {
        let transport = MockTransport { request in
            ConnectorResponse(status: request.method == .post ? .created : .ok, text: request.operation)
        }
        #expect(try await transport.send(request("createTask", method: .post)).status == .created)
        #expect(try await transport.send(request("getTask")).bodyText == "getTask")
    }
}
