import FazhiCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// Sixteen writers at once for `FAZHI_CONCURRENCY_SECONDS` (default 5; CI runs 20) on a SQLite
    /// file (or PostgreSQL): public applications and problems, each numbering its record from a
    /// sequence and appending to the audit chain. No write may fail ("database is locked"), no
    /// number may be given twice, and the chain must stay whole.
    @Suite struct ConcurrencyTests {
        @Test func sixteenConcurrentWritersNeverFail() async throws {
            let seconds = Double(ProcessInfo.processInfo.environment["FAZHI_CONCURRENCY_SECONDS"] ?? "") ?? 5
            try await withTestDistrict { app, clock, _ in
                let goiBefore = try await count(GOIRequest.self, app), problemsBefore = try await count(Problem.self, app)
                let application = GOIApplicationInput(
                    applicantType: "natural_person", name: "并发测试人", idNumber: "110101199001011234", contact: "", phone: "13800000000",
                    email: "load@example.com", address: "某市某区某路 1 号", content: "并发写入测试", purpose: "", delivery: "email", unitCode: "csglj")
                let problem = ProblemInput(
                    unitCode: "csglj", source: "assessment", title: "并发写入", description: "并发测试",
                    raisedOn: "2026-11-02", measures: [MeasureInput(text: "整改", due: "2026-12-30")])
                let now = clock.now
                let deadline = Date().addingTimeInterval(seconds)
                let outcomes = await withTaskGroup(of: (goi: Int, problems: Int, errors: [String]).self) { group in
                    for writer in 0..<16 {
                        group.addTask {
                            var goi = 0, problems = 0, errors: [String] = []
                            var i = 0
                            while Date() < deadline {
                                do {
                                    if (writer + i) % 2 == 0 {
                                        _ = try await GOIService.submitOnline(application, on: app.db, now: now)
                                        goi += 1
                                    } else {
                                        _ = try await ProblemService.create(problem, actor: .system("并发测试"), on: app.db, now: now)
                                        problems += 1
                                    }
                                } catch {
                                    errors.append(String(describing: error))
                                }
                                i += 1
                            }
                            return (goi, problems, errors)
                        }
                    }
                    var all: [(goi: Int, problems: Int, errors: [String])] = []
                    for await outcome in group { all.append(outcome) }
                    return all
                }
                let errors = outcomes.flatMap(\.errors)
                let goi = outcomes.map(\.goi).reduce(0, +), problems = outcomes.map(\.problems).reduce(0, +)
                print("16 writers for \(seconds) s: \(goi) applications, \(problems) problems, \(errors.count) errors")
                #expect(errors.isEmpty, "\(errors.count) failed writes, e.g. \(errors.prefix(3))")
                #expect(goi > 0 && problems > 0)
                // Every acknowledged write is there, each with its own number.
                #expect(try await count(GOIRequest.self, app) == goiBefore + goi)
                #expect(try await count(Problem.self, app) == problemsBefore + problems)
                let numbers = try await GOIRequest.query(on: app.db).all().map(\.number)
                #expect(Set(numbers).count == numbers.count)
                let problemNumbers = try await Problem.query(on: app.db).all().map(\.number)
                #expect(Set(problemNumbers).count == problemNumbers.count)
                #expect(try await AuditService.verify(on: app.db).isIntact)
            }
        }

        /// The write gate lets one body in at a time, every waiter in the end, and a body that
        /// starts another write inside itself does not wait for itself.
        @Test func writeGateAdmitsOneAtATime() async throws {
            let gate = WriteGate()
            let inside = NIOLockedValueBox((now: 0, most: 0, done: 0))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<64 {
                    group.addTask {
                        try await gate.run {
                            inside.withLockedValue {
                                $0.now += 1; $0.most = max($0.most, $0.now)
                            }
                            try await Task.sleep(nanoseconds: 200_000)
                            let nested = try await gate.run { 1 }
                            inside.withLockedValue {
                                $0.now -= 1; $0.done += nested
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let seen = inside.withLockedValue { $0 }
            #expect(seen.most == 1)
            #expect(seen.done == 64)
            #expect(try await gate.run { "free again" } == "free again")
        }
    }
}
