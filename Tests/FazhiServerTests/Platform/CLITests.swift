import Foundation
import FazhiCore
import Testing
@testable import FazhiServer

extension ServerTests {
    /// Runs the real `fazhi` executable against a throw-away SQLite data folder.
    @Suite struct CLITests {
        struct Run {
            let status: Int32
            let stdout: String
            let stderr: String
            /// Standard output as bytes (binary exports).
            let output: Data
        }

        static let binary: URL = {
            // The `fazhi` built alongside this test binary (debug for `swift test`, release in CI).
            let products = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            let sibling = products.appendingPathComponent("fazhi")
            if FileManager.default.isExecutableFile(atPath: sibling.path) { return sibling }
            let root = Checkout.root
            let candidates = [".build/debug/fazhi", ".build/x86_64-unknown-linux-gnu/debug/fazhi", ".build/aarch64-unknown-linux-gnu/debug/fazhi"]
            return candidates.map { root.appendingPathComponent($0) }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
                ?? root.appendingPathComponent(candidates[0])
        }()

        static func run(
            _ arguments: [String], dataDir: URL, stdin: String? = nil, env extra: [String: String] = [:], in directory: URL? = nil
        ) throws -> Run {
            let process = Process()
            process.executableURL = binary
            process.arguments = arguments
            process.currentDirectoryURL = directory ?? repoRoot
            var env = ProcessInfo.processInfo.environment
            env.removeValue(forKey: "DATABASE_URL")
            env["FAZHI_DATA_DIR"] = dataDir.path
            env["FAZHI_BCRYPT_COST"] = "4"
            env.merge(extra) { $1 }
            process.environment = env
            let out = Pipe(), err = Pipe(), input = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = input
            try process.run()
            if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
            try input.fileHandleForWriting.close()
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            let errData = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Run(
                status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                stderr: String(decoding: errData, as: UTF8.self), output: outData)
        }

        static func tempDir() throws -> URL {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-cli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }

        static let repoRoot = Checkout.root

        /// Run from any directory: the shipped files are found next to the executable (or through
        /// FAZHI_RESOURCES), nothing is created in the directory the command started in, and an
        /// error is printed once, in Chinese.
        @Test func theCommandWorksFromAnyDirectory() throws {
            let data = try Self.tempDir(), elsewhere = try Self.tempDir()
            defer { try? FileManager.default.removeItem(at: data); try? FileManager.default.removeItem(at: elsewhere) }
            let due = try Self.run(["deadline", "--start", "2026-02-10", "--rule", "goi.reply"], dataDir: data, in: elsewhere)
            #expect(due.status == 0, "\(due.stderr)")
            #expect(due.stdout.hasPrefix("2026-03-16\n"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "no ./data where the command was started")
            let pointed = try Self.run(
                ["deadline", "--start", "2026-02-10", "--days", "1"], dataDir: data,
                env: ["FAZHI_RESOURCES": Self.repoRoot.appendingPathComponent("Resources").path], in: elsewhere)
            #expect(pointed.status == 0, "FAZHI_RESOURCES may name Resources itself: \(pointed.stderr)")
            let wrong = try Self.run(
                ["deadline", "--start", "2026-02-10", "--days", "1"], dataDir: data, env: ["FAZHI_RESOURCES": elsewhere.path],
                in: elsewhere)
            #expect(wrong.status != 0 && wrong.stdout.isEmpty)
            #expect(wrong.stderr.contains("FAZHI_RESOURCES") && wrong.stderr.contains("没有 Resources 文件夹"))
            let unknown = try Self.run(["frobnicate"], dataDir: data, in: elsewhere)
            #expect(unknown.status != 0)
            let lines = unknown.stderr.split(separator: "\n").filter { !$0.isEmpty }
            #expect(lines.count == 1, "one line: \(unknown.stderr)")
            #expect(!unknown.stderr.contains("Error:") && unknown.stderr.contains("命令"), "\(unknown.stderr)")
        }

        @Test func planImportExportCopyAndAuditVerify() throws {
            let data = try Self.tempDir()
            defer { try? FileManager.default.removeItem(at: data) }
            let seed = Self.repoRoot.appendingPathComponent("Resources/Seed/demo-plan.json").path
            let imported = try Self.run(["plan", "import", seed], dataDir: data)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("已导入 2026 年度方案"))
            let exported = try Self.run(["plan", "export", "--year", "2026"], dataDir: data)
            #expect(exported.status == 0)
            let document = try JSONDecoder().decode(PlanDocumentProbe.self, from: Data(exported.stdout.utf8))
            #expect(document.year == 2026)
            #expect(document.tasks.count == 30)
            #expect(!exported.stdout.contains("已导出"), "messages go to stderr, data to stdout")
            let copied = try Self.run(["plan", "copy", "--from", "2026", "--to", "2027"], dataDir: data)
            #expect(copied.status == 0, "\(copied.stderr)")
            let again = try Self.run(["plan", "copy", "--from", "2026", "--to", "2027"], dataDir: data)
            #expect(again.status != 0)
            #expect(again.stderr.contains("2027 年度方案已存在"))
            let verified = try Self.run(["audit", "verify"], dataDir: data)
            #expect(verified.status == 0)
            #expect(verified.stdout.contains("审计链完整"))
        }

        @Test func aBadPlanFileNamesTheFieldAndChangesNothing() throws {
            let data = try Self.tempDir()
            defer { try? FileManager.default.removeItem(at: data) }
            let seed = Self.repoRoot.appendingPathComponent("Resources/Seed/demo-plan.json")
            var text = try String(contentsOf: seed, encoding: .utf8)
            text = text.replacingOccurrences(of: "\"due\": \"2026-11-15\"", with: "\"due\": \"2027-01-15\"")
            let bad = data.appendingPathComponent("bad.json")
            try text.write(to: bad, atomically: true, encoding: .utf8)
            let result = try Self.run(["plan", "import", bad.path], dataDir: data)
            #expect(result.status != 0)
            #expect(result.stderr.contains("tasks[16].due"), "\(result.stderr)")
            let notJSON = data.appendingPathComponent("x.json")
            try "{\"format\": 1}".write(to: notJSON, atomically: true, encoding: .utf8)
            let malformed = try Self.run(["plan", "import", notJSON.path], dataDir: data)
            #expect(malformed.status != 0)
            #expect(malformed.stderr.contains("文件不是有效的方案文件"))
            let export = try Self.run(["plan", "export", "--year", "2026"], dataDir: data)
            #expect(export.status != 0, "nothing was imported")
        }

        @Test func productionCreatesTheFirstAdministratorFromTheCommandLine() throws {
            let data = try Self.tempDir()
            defer { try? FileManager.default.removeItem(at: data) }
            let keyless = try Self.run(
                ["user", "create", "--role", "admin", "--username", "root1", "--name", "管理员", "--password-stdin"],
                dataDir: data, stdin: "Admin2026pass\n", env: ["FAZHI_ENV": "production"])
            #expect(keyless.status != 0)
            #expect(keyless.stderr.contains("生产模式必须设置 FAZHI_AUDIT_KEY"), "production does not start without the audit key")
            let env = ["FAZHI_ENV": "production", "FAZHI_AUDIT_KEY": String(repeating: "5a", count: 32)]
            let noDistrict = try Self.run(
                ["user", "create", "--role", "admin", "--username", "root1", "--name", "管理员", "--password-stdin"],
                dataDir: data, stdin: "Admin2026pass\n", env: env)
            #expect(noDistrict.status != 0)
            #expect(noDistrict.stderr.contains("先用 fazhi district create 创建"), "an account belongs to a district")
            let district = try Self.run(["district", "create", "--code", "xq", "--name", "新区"], dataDir: data, env: env)
            #expect(district.status == 0, "\(district.stderr)")
            #expect(district.stdout.contains("已创建区 新区"))
            let again = try Self.run(["district", "create", "--code", "xq", "--name", "新区"], dataDir: data, env: env)
            #expect(again.status != 0)
            #expect(again.stderr.contains("编码“xq”已被使用") && again.stderr.contains("已有名为“新区”的区"))
            let weak = try Self.run(
                ["user", "create", "--role", "admin", "--username", "root1", "--name", "管理员", "--password-stdin"],
                dataDir: data, stdin: "short\n", env: env)
            #expect(weak.status != 0)
            #expect(weak.stderr.contains("密码至少需要 10 个字符"))
            let ok = try Self.run(
                ["user", "create", "--role", "admin", "--username", "root1", "--name", "管理员", "--password-stdin"],
                dataDir: data, stdin: "Admin2026pass\n", env: env)
            #expect(ok.status == 0, "\(ok.stderr)")
            #expect(ok.stdout.contains("已创建用户 root1"))
            let verified = try Self.run(["audit", "verify"], dataDir: data, env: env)
            #expect(verified.stdout.contains("2 条事件"), "the district and the account")
            let listed = try Self.run(["district", "list"], dataDir: data, env: env)
            #expect(listed.stdout.contains("xq\t新区\t0 个单位\t1 个区级账户"), "\(listed.stdout)")
        }

        @Test func deadlinePrintsTheDueDateFirstThenTheExplanation() throws {
            let data = try Self.tempDir()
            defer { try? FileManager.default.removeItem(at: data) }
            let plain = try Self.run(["deadline", "--start", "2026-02-10", "--days", "20", "--unit", "workday"], dataDir: data)
            #expect(plain.status == 0, "\(plain.stderr)")
            let lines = plain.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "2026-03-16")
            #expect(lines.contains { $0.contains("春节假期,不计") })
            let extended = try Self.run(["deadline", "--start", "2026-02-10", "--days", "20", "--unit", "workday", "--extend", "20"], dataDir: data)
            #expect(extended.stdout.hasPrefix("2026-04-14\n"))
            let paused = try Self.run(
                [
                    "deadline", "--start", "2026-03-02", "--rule", "goi.reply", "--pause", "2026-03-05:2026-03-11",
                    "--pause", "2026-03-12:2026-03-18",
                ], dataDir: data)
            #expect(paused.stdout.hasPrefix("2026-04-14\n"), "\(paused.stdout)\(paused.stderr)")
            let months = try Self.run(["deadline", "--start", "2026-01-31", "--days", "1", "--unit", "month"], dataDir: data)
            #expect(months.stdout.hasPrefix("2026-02-28\n"))
            for bad in [
                ["deadline", "--start", "2026-13-01", "--days", "5"], ["deadline", "--start", "2026-02-10", "--days", "5", "--unit", "week"],
                ["deadline", "--start", "2024-12-20", "--days", "20"], ["deadline", "--days", "5"], ["deadline", "--start"],
                ["deadline", "--start", "2026-02-10", "--rule", "goi.reply", "--extend", "25"], ["deadline", "--frobnicate"],
            ] {
                let result = try Self.run(bad, dataDir: data)
                #expect(result.status != 0, "\(bad)")
                #expect(result.stdout.isEmpty, "\(bad): nothing on stdout")
                #expect(!result.stderr.isEmpty)
            }
            let outside = try Self.run(["deadline", "--start", "2024-12-20", "--days", "20"], dataDir: data)
            #expect(outside.stderr.contains("超出已加载的工作日历"))
            // Past the last loaded notice: counted Monday–Friday and marked, never refused.
            let provisional = try Self.run(["deadline", "--start", "2026-12-20", "--days", "20"], dataDir: data)
            #expect(provisional.stdout.hasPrefix("2027-01-15(暂定)\n"), "\(provisional.stdout)\(provisional.stderr)")
            #expect(provisional.stdout.contains("2027 年节假日安排尚未发布"))
        }

        @Test func importingNextYearsNoticeExtendsTheCalendar() throws {
            let data = try Self.tempDir()
            defer { try? FileManager.default.removeItem(at: data) }
            let file = data.appendingPathComponent("2027.json")
            try #"{"years":[{"year":2027,"notice":"测试通知","holidays":[{"name":"元旦","from":"2027-01-01","to":"2027-01-03"}],"makeUpDays":[]}]}"#
                .write(to: file, atomically: true, encoding: .utf8)
            let shown = try Self.run(["calendar", "show"], dataDir: data).stdout
            #expect(shown.contains("2026\t248 个工作日") && shown.contains("2027 年起\t暂定"))
            #expect(try Self.run(["deadline", "--start", "2026-12-31", "--days", "1"], dataDir: data).stdout.hasPrefix("2027-01-01(暂定)\n"))
            let imported = try Self.run(["calendar", "import", file.path], dataDir: data)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("已导入 2027 年工作日历"))
            let due = try Self.run(["deadline", "--start", "2026-12-31", "--days", "1"], dataDir: data)
            #expect(due.stdout.hasPrefix("2027-01-04\n"), "\(due.stdout)\(due.stderr)")
            let broken = data.appendingPathComponent("bad.json")
            try #"{"years":[{"year":2027,"notice":"x","holidays":[],"makeUpDays":[{"name":"春节","date":"2027-02-03"}]}]}"#
                .write(to: broken, atomically: true, encoding: .utf8)
            let refused = try Self.run(["calendar", "import", broken.path], dataDir: data)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("须是 2027 年的周六或周日"))
            #expect(try Self.run(["audit", "verify"], dataDir: data).status == 0)
        }

        @Test func indicatorTreesGoOutAndInAsExcel() throws {
            let data = try Self.tempDir()
            defer { try? FileManager.default.removeItem(at: data) }
            let tree = Self.repoRoot.appendingPathComponent("Resources/Assessment/2026-department.json").path
            #expect(
                try Self.run(["plan", "import", Self.repoRoot.appendingPathComponent("Resources/Seed/demo-plan.json").path], dataDir: data).status
                    == 0)
            let imported = try Self.run(["indicators", "import", tree], dataDir: data)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("已导入 2026 年区属职能部门法治政府建设考评指标体系"))
            let xlsx = try Self.run(["indicators", "export", "--year", "2026", "--category", "department", "--format", "xlsx"], dataDir: data)
            #expect(xlsx.status == 0)
            #expect(xlsx.output.starts(with: [0x50, 0x4B, 0x03, 0x04]), "an xlsx (zip) on stdout")
            let file = data.appendingPathComponent("tree.xlsx")
            try xlsx.output.write(to: file)
            let again = try Self.run(
                ["indicators", "import", file.path, "--year", "2027", "--category", "department", "--title", "2027 年指标"], dataDir: data)
            #expect(again.status == 0, "\(again.stderr)")
            let json = try Self.run(["indicators", "export", "--year", "2027", "--category", "department"], dataDir: data)
            let exported = try JSONDecoder().decode(IndicatorTreeProbe.self, from: json.output)
            #expect(exported.year == 2027)
            #expect(exported.nodes.count == 61)
            // The leaves bound to metrics keep their binding through the Excel round trip.
            #expect(exported.nodes.first { $0.code == "4-2-1" }?.metric == MetricBinding(metric: "goi.onTime", rule: "每项扣 1 分"))
            #expect(exported.nodes.filter { $0.metric != nil }.count == 13)
            let missing = try Self.run(["indicators", "export", "--year", "2030", "--category", "department"], dataDir: data)
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("2030 年没有类别为“department”的指标体系"))
        }

        @Test func aTamperedDatabaseFailsVerificationWithTheEventNumber() throws {
            let data = try Self.tempDir()
            defer { try? FileManager.default.removeItem(at: data) }
            let seed = Self.repoRoot.appendingPathComponent("Resources/Seed/demo-plan.json").path
            #expect(try Self.run(["plan", "import", seed], dataDir: data).status == 0)
            let sqlite = Process()
            sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            sqlite.arguments = [
                "python3", "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"update audit_events set actor='x' where seq=5\"); c.commit()",
                data.appendingPathComponent("fazhi.sqlite").path,
            ]
            try sqlite.run()
            sqlite.waitUntilExit()
            #expect(sqlite.terminationStatus == 0)
            let result = try Self.run(["audit", "verify"], dataDir: data)
            #expect(result.status != 0)
            #expect(result.stderr.contains("第 5 号"))
        }

        /// Runs a few lines of Python against the SQLite file (what someone with write access to the
        /// database, but not the key, can do).
        static func tamper(_ data: URL, _ script: String) throws {
            let python = Process()
            python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            python.arguments = ["python3", "-c", script, data.appendingPathComponent("fazhi.sqlite").path]
            try python.run()
            python.waitUntilExit()
            #expect(python.terminationStatus == 0)
        }

        @Test func aChainRewrittenWithPlainSHA256FailsVerification() throws {
            let data = try Self.tempDir()
            defer { try? FileManager.default.removeItem(at: data) }
            let seed = Self.repoRoot.appendingPathComponent("Resources/Seed/demo-plan.json").path
            #expect(try Self.run(["plan", "import", seed], dataDir: data).status == 0)
            // Change event 5 and recompute every hash after it, as the chain was computed before it was keyed.
            try Self.tamper(
                data,
                """
                import sqlite3, sys, hashlib
                c = sqlite3.connect(sys.argv[1])
                c.execute("update audit_events set actor='x' where seq=5")
                prev = c.execute("select hash from audit_events where seq=4").fetchone()[0]
                for row in c.execute("select seq, at, actor, action, entity_type, entity_id, before, after from audit_events where seq>=5 order by seq").fetchall():
                    fields = [str(row[0]), row[1], row[2], row[3], row[4], row[5], row[6] or "∅", row[7] or "∅", prev]
                    text = "|".join("%d:%s" % (len(f.encode()), f) for f in fields)
                    h = hashlib.sha256(text.encode()).hexdigest()
                    c.execute("update audit_events set prev_hash=?, hash=? where seq=?", (prev, h, row[0]))
                    prev = h
                c.execute("update audit_head set hash=?", (prev,))
                c.commit()
                """)
            let result = try Self.run(["audit", "verify"], dataDir: data)
            #expect(result.status != 0, "a chain recomputed without the key does not verify")
            #expect(result.stderr.contains("第 5 号"))
        }

        @Test func aTailCutAndAHeadRolledBackFailAgainstTheExportedHead() throws {
            let data = try Self.tempDir()
            defer { try? FileManager.default.removeItem(at: data) }
            let seed = Self.repoRoot.appendingPathComponent("Resources/Seed/demo-plan.json").path
            #expect(try Self.run(["plan", "import", seed], dataDir: data).status == 0)
            let head = try Self.run(["audit", "head"], dataDir: data)
            #expect(head.status == 0)
            let mark = head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(mark.range(of: #"^[0-9]+:[0-9a-f]{64}$"#, options: .regularExpression) != nil, "SEQ:HASH, got \(mark)")
            #expect(try Self.run(["audit", "verify", "--head", mark], dataDir: data).status == 0)
            // Remove the last event and move the head back to the one before: consistent in itself.
            try Self.tamper(
                data,
                """
                import sqlite3, sys
                c = sqlite3.connect(sys.argv[1])
                last = c.execute("select max(seq) from audit_events").fetchone()[0]
                c.execute("delete from audit_events where seq=?", (last,))
                prev = c.execute("select seq, hash from audit_events where seq=?", (last - 1,)).fetchone()
                c.execute("update audit_head set seq=?, hash=?", prev)
                c.commit()
                """)
            #expect(try Self.run(["audit", "verify"], dataDir: data).status == 0, "without the exported head the cut is invisible")
            let result = try Self.run(["audit", "verify", "--head", mark], dataDir: data)
            #expect(result.status != 0)
            #expect(result.stderr.contains("已不在日志中"))
            #expect(try Self.run(["audit", "verify", "--head", "12:xyz"], dataDir: data).status != 0, "a malformed head is refused")
        }
    }
}

/// Just enough of an indicator tree to check the export.
struct IndicatorTreeProbe: Decodable {
    struct Node: Decodable {
        let code: String
        let metric: MetricBinding?
    }
    let year: Int
    let nodes: [Node]
}

/// Just enough of the plan file to check the export.
struct PlanDocumentProbe: Decodable {
    struct Task: Decodable { let title: String }
    let year: Int
    let tasks: [Task]
}
