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

    @Test func dependencyCyclesAreRefused() throws {
        // A step in a cycle never becomes available, so the programme could never complete.
        let selfLoop = #"{"name":"x","steps":[{"id":"a","kind":"profile","title":"A","dependsOn":["a"]}]}"#
        #expect(throws: InputError(path: [.key("steps"), .index(0), .key("dependsOn"), .index(0)], reason: .inconsistent("dependency cycle a → a"))) {
            try StrictJSONDecoder().decode(OnboardingProgram.self, from: selfLoop)
        }
        let loop = #"""
            {"name":"x","steps":[
              {"id":"profile","kind":"profile","title":"P"},
              {"id":"a","kind":"other","title":"A","dependsOn":["profile","c"]},
              {"id":"b","kind":"other","title":"B","dependsOn":["a"]},
              {"id":"c","kind":"other","title":"C","dependsOn":["b"]}]}
            """#
        #expect(throws: InputError(path: [.key("steps"), .index(2), .key("dependsOn"), .index(0)], reason: .inconsistent("dependency cycle a → c → b → a"))) {
            try StrictJSONDecoder().decode(OnboardingProgram.self, from: loop)
        }
        // A diamond is not a cycle.
        let diamond = #"""
            {"name":"x","steps":[
              {"id":"a","kind":"profile","title":"A"},
              {"id":"b","kind":"other","title":"B","dependsOn":["a"]},
              {"id":"c","kind":"other","title":"C","dependsOn":["a"]},
              {"id":"d","kind":"other","title":"D","dependsOn":["b","c","a"]}]}
            """#
        #expect(try StrictJSONDecoder().decode(OnboardingProgram.self, from: diamond).steps.count == 4)
    }
}
