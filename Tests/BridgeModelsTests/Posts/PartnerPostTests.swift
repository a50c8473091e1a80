import BridgeModels
import Testing

@Suite struct PartnerPostTests {
    func post(change: String = "status", reference: String? = "h-1", text: String = "Your case is in review.") -> PartnerPost {
        PartnerPost(
            partnerId: "ACME", threadId: "T-77", caseId: "C-1001", kind: .status, status: .inReview, text: text,
            cause: PostCause(tracker: .clickUp, taskId: "86b1x2", change: change, reference: reference))
    }

    @Test func idsAreDeterministicFromTheCauseNotTheText() {
        #expect(post().id == post(text: "Reworded template.").id)
        #expect(post().id != post(reference: "h-2").id)
        #expect(post().id != post(change: "comment").id)
        #expect(post().id.hasPrefix("post-"))
        #expect(post().id.count == 37)
    }

    @Test func lengthPrefixingKeepsDistinctCausesDistinct() {
        let a = PostCause(change: "a|b", reference: "c")
        let b = PostCause(change: "a", reference: "b|c")
        #expect(
            PartnerPost.makeID(partnerId: "P", caseId: nil, kind: .comment, status: nil, cause: a)
                != PartnerPost.makeID(partnerId: "P", caseId: nil, kind: .comment, status: nil, cause: b))
    }

    @Test func encodesInTheDocumentedShape() throws {
        let json = try StableJSON.string(post())
        #expect(json == #"{"caseId":"C-1001","cause":{"change":"status","reference":"h-1","taskId":"86b1x2","tracker":"clickup"},"documents":[],"id":"\#(post().id)","kind":"status","partnerId":"ACME","status":"inReview","text":"Your case is in review.","threadId":"T-77"}"#)
        #expect(try StrictJSONDecoder().decode(PartnerPost.self, from: json) == post())
    }
}
