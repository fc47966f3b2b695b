// The 行政复议·应诉 rates over a large register (issue 13): 100,000 reconsideration cases, 30,000
// lawsuits and their hearings in SQLite; every unit's rates for a year. Then the 行政执法
// indicators (issue 14): 200,000 enforcement cases and 5,000 officers. Targets: under 1 s each.
// Run from the repository root: swift run -c release fazhi-case-bench
import FazhiServer

if CommandLine.arguments.dropFirst().first != "enforcement" { try await CaseRatesBenchmark.run() }
try await EnforcementBenchmark.run()
