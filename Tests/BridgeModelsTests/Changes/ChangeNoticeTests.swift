import BridgeModels
import Foundation
import Testing

@Suite struct ChangeNoticeTests {
    let community = [
        Partner(id: "ACME", tier: .strategic), Partner(id: "GLOBEX", tier: .standard),
        Partner(id: "INITECH", tier: .preferred), Partner(id: "UMBRELLA"),
    ]

    @Test func addressedByIdOrTierOrEveryone() {
        let targeted = ChangeNotice(id: "N-1", title: "New routing guide", detail: "…", partners: ["GLOBEX"], tiers: [.strategic])
        #expect(community.filter(targeted.isAddressed(to:)).map(\.id) == ["ACME", "GLOBEX"])
        let everyone = ChangeNotice(id: "N-2", title: "Holiday cut-off", detail: "…")
        #expect(community.filter(everyone.isAddressed(to:)).count == 4)
    }

    @Test func pendingPartnersExcludeThoseWhoAcknowledged() {
        let notice = ChangeNotice(id: "N-1", title: "New label standard", detail: "…")
        let acks = [
            Acknowledgement(noticeId: "N-1", partnerId: "ACME", acknowledgedAt: Date(timeIntervalSince1970: 0)),
            Acknowledgement(noticeId: "N-9", partnerId: "GLOBEX", acknowledgedAt: Date(timeIntervalSince1970: 0)),
        ]
        #expect(notice.pendingPartners(among: community, acknowledgements: acks).map(\.id) == ["GLOBEX", "INITECH", "UMBRELLA"])
        var informational = notice
        informational.requiresAcknowledgement = false
        #expect(informational.pendingPartners(among: community, acknowledgements: []).isEmpty)
    }

    @Test func noticesRoundTrip() throws {
        let notice = ChangeNotice(
            id: "N-1", title: "New routing guide", detail: "Use carrier SCAC ABCD from December.",
            effectiveOn: LocalDate(year: 2026, month: 12, day: 1), acknowledgeBy: try RFC3339.parse("2026-11-28T17:00:00Z"),
            tiers: [.strategic, .preferred])
        #expect(try StrictJSONDecoder().decode(ChangeNotice.self, from: StableJSON.string(notice)) == notice)
    }
}
