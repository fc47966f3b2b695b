// The 政府信息公开工作年度报告 over a large register (issue 6): 300,000 requests in SQLite, the
// district's table 3 with its balancing check. Target: under 2 s. Run from the repository root:
// swift run -c release fazhi-goi-bench
import FazhiServer

try await GOIReportBenchmark.run()
