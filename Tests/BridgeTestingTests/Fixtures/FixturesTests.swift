import BridgeModels
import Foundation
import BridgeTesting
import Testing

@Suite struct FixturesTests {
    @Test func fixtureEventsPassTheStrictDecoder() throws {
        let events = [
            Fixtures.caseOpened(), Fixtures.messagePosted(), Fixtures.documentUploaded(), Fixtures.caseWithdrawn(),
            Fixtures.acknowledgementReceived(),
        ]
        let decoder = CommunityEventDecoder()
        for event in events {
            let line = try StableJSON.string(event)
            #expect(try decoder.decode(line) == event, "\(event.type) does not survive encoding and strict decoding")
        }
    }

    @Test func fixturePostsNoticesAndLettersAreValid() throws {
        let post = Fixtures.statusPost()
        #expect(try StrictJSONDecoder().decode(PartnerPost.self, from: StableJSON.string(post)) == post)
        #expect(post.id.hasPrefix("post-"))
        let notice = Fixtures.changeNotice()
        #expect(notice.isAddressed(to: Fixtures.partner()))
        #expect(!notice.isAddressed(to: Fixtures.partner(id: "SMALL", tier: .standard)))
        let letter = Fixtures.deadLetter()
        #expect(letter.reason.contains("case.exploded") && letter.path == "$.type")
    }

    @Test func theFactoryMakesDistinctEventsOnAMovingClock() throws {
        var factory = FixtureFactory(secondsBetweenEvents: 30)
        let opened = (0..<3).map { _ in factory.caseOpened(priority: .urgent) }
        let message = factory.messagePosted(caseId: "C-000001")
        let upload = factory.documentUploaded(caseId: "C-000002")
        let all = opened + [message, upload]
        #expect(Set(all.map(\.id)).count == 5)
        #expect(all.map(\.id.rawValue) == ["evt-000001", "evt-000002", "evt-000003", "evt-000004", "evt-000005"])
        #expect(opened.map(\.caseId) == ["C-000001", "C-000002", "C-000003"])
        #expect(upload.occurredAt.timeIntervalSince(opened[0].occurredAt) == 120)
        let decoder = CommunityEventDecoder()
        for event in all {
            #expect(try decoder.decode(StableJSON.string(event)) == event)
        }
    }
}
