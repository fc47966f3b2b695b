// The supervision scheduler's scan (issue 5): 1,000,000 dated objects in SQLite, what is due soon
// or overdue found through the partial indexes. Target: under 2 s. Run from the repository root:
// swift run -c release fazhi-scan-bench
import FazhiServer

try await ScanBenchmark.run()
