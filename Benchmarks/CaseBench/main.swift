// The 行政复议·应诉 rates over a large register (issue 13): 100,000 reconsideration cases, 30,000
// lawsuits and their hearings in SQLite; every unit's rates for a year. Target: under 1 s. Run from
// the repository root: swift run -c release fazhi-case-bench
import FazhiServer

try await CaseRatesBenchmark.run()
