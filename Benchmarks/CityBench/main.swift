// 市对区考评 at city scale (issue 18, item 7): the city's ranking of 10 districts and every district's
// results for its 72 units; target under 2 s on SQLite in release. Run from the repository root:
// swift run -c release fazhi-city-bench [factor]
import FazhiServer

let factor = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 10
try await CityBenchmark.run(factor: factor)
