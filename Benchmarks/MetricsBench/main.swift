// Every register metric for a city of 720 units, and the district's annual report as a .docx (issue 17).
// Targets: under 2 s and under 1 s on SQLite in release. Run from the repository root:
// swift run -c release fazhi-metrics-bench [factor]
import FazhiServer

let factor = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 42
try await MetricsBenchmark.run(factor: factor)
