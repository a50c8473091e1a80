import BridgeModels
import Testing

@Suite struct OnboardingTests {
    let program = OnboardingProgram(
        name: "Standard EDI onboarding",
        steps: [
            OnboardingStep(id: "profile", kind: .profile, title: "Complete the company profile"),
            OnboardingStep(id: "agreement", kind: .agreement, title: "Sign the trading agreement"),
            OnboardingStep(id: "ediTest", kind: .ediTest, title: "Pass 850/856/810 testing", dependsOn: ["profile", "agreement"]),
            OnboardingStep(id: "goLive", kind: .other, title: "Go live", dependsOn: ["ediTest"]),
        ])

    @Test func progressFollowsDependencies() {
        #expect(program.progress(completed: []).available == ["profile", "agreement"])
        let midway = program.progress(completed: ["profile", "agreement"])
        #expect(midway.available == ["ediTest"])
        #expect(midway.percentComplete == 50)
        let done = program.progress(completed: ["profile", "agreement", "ediTest", "goLive", "unknown"])
        #expect(done.isComplete)
        #expect(done.percentComplete == 100)
        #expect(done.available.isEmpty)
    }

    @Test func programmesRoundTripAndCheckDependencies() throws {
        let json = try StableJSON.string(program)
        #expect(try StrictJSONDecoder().decode(OnboardingProgram.self, from: json) == program)
        let broken = #"{"name":"x","steps":[{"id":"a","kind":"profile","title":"A","dependsOn":["b"]}]}"#
        #expect(throws: InputError(path: [.key("steps"), .index(0), .key("dependsOn"), .index(0)], reason: .inconsistent("no step b in this programme"))) {
            try StrictJSONDecoder().decode(OnboardingProgram.self, from: broken)
        }
    }
}
