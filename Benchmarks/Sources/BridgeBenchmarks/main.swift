// Runs the benchmark suites named on the command line (all when none is named) and prints
// Markdown sections for Documentation/Performance.md. Every suite measures the library beside
// a baseline in the same run and reports ratios, so results compare across machines.

let suites: [Suite] = [
    ModelsBenchmarks.suite,
    SLAIndexBenchmarks.suite,
    CalendarBenchmarks.suite,
    PacingBenchmarks.suite,
    StoreBenchmarks.suite,
    MappingBenchmarks.suite,
    PlannerClientBenchmarks.suite,
    ClickUpClientBenchmarks.suite,
    EngineBenchmarks.suite,
]

let selected = Set(CommandLine.arguments.dropFirst())
print("# TradingGridBridge benchmarks")
for suite in suites where selected.isEmpty || selected.contains(suite.name) {
    do {
        try suite.run()
    } catch {
        print("suite \(suite.name) failed: \(error)")
    }
}
