import Foundation
import Testing
@testable import FazhiCore

@Suite struct PolicyTests {
    let unitA = UUID(), unitB = UUID(), unitC = UUID()
    let district = UUID()
    /// A second district with a unit of its own.
    let otherDistrict = UUID(), unitX = UUID()

    func actor(_ role: Role, unit: UUID? = nil) -> Actor {
        Actor(
            userID: UUID(), role: role, unitID: unit,
            jurisdiction: role == .city ? .city : .district(district, units: [unitA, unitB, unitC]))
    }

    @Test func publicActionsNeedNoSignInAndOthersDo() {
        #expect(Policy.decide(nil, .viewPublic) == .allow)
        for action in Action.allCases where action != .viewPublic {
            #expect(Policy.decide(nil, action) == .needsSignIn, "\(action)")
        }
    }

    @Test func leaderReadsEverythingAndChangesNothing() {
        let leader = actor(.leader)
        for action: Action in [.viewPlan, .viewUnits, .viewTasks, .viewAudit] { #expect(Policy.decide(leader, action) == .allow) }
        #expect(Policy.decide(leader, .viewTask, .task(leadUnit: unitA, coUnits: [])) == .allow)
        for action: Action in [.editPlan, .createTask, .editTask, .reportProgress, .addNote, .manageUsers, .manageTokens] {
            #expect(Policy.decide(leader, action) == .deny, "\(action)")
        }
    }

    @Test func aUnitSeesAndChangesOnlyItsOwnTasks() {
        let liaison = actor(.liaison, unit: unitA)
        let led = Resource.task(leadUnit: unitA, coUnits: [unitB])
        let supported = Resource.task(leadUnit: unitB, coUnits: [unitA])
        let foreign = Resource.task(leadUnit: unitB, coUnits: [unitC])
        #expect(Policy.decide(liaison, .viewTask, led) == .allow)
        #expect(Policy.decide(liaison, .viewTask, supported) == .allow)
        #expect(Policy.decide(liaison, .viewTask, foreign) == .deny)
        #expect(Policy.decide(liaison, .reportProgress, led) == .allow)
        #expect(Policy.decide(liaison, .reportProgress, supported) == .deny, "co-units add notes, the lead reports progress")
        #expect(Policy.decide(liaison, .addNote, supported) == .allow)
        #expect(Policy.decide(liaison, .addNote, foreign) == .deny)
        #expect(Policy.decide(liaison, .editTask, led) == .deny)
        #expect(Policy.decide(liaison, .viewUnit, .unit(unitA)) == .allow)
        #expect(Policy.decide(liaison, .viewUnit, .unit(unitB)) == .deny)
        #expect(Policy.taskScope(liaison) == .unit(unitA))
        #expect(Policy.taskScope(actor(.head)) == .nothing, "a unit role without a unit sees nothing")
    }

    @Test func unitsSeeTheirOwnResultOnceReleasedAndOthersOnlyAsRankAndGradeAfterPublication() {
        let liaison = actor(.liaison, unit: unitA)
        #expect(Policy.decide(liaison, .viewAssessment, .result(unit: unitA, stage: .internal, detail: false)) == .deny, "not while scoring")
        #expect(Policy.decide(liaison, .viewAssessment, .result(unit: unitA, stage: .preliminary, detail: true)) == .allow)
        #expect(Policy.decide(liaison, .viewAssessment, .result(unit: unitB, stage: .preliminary, detail: false)) == .deny)
        #expect(Policy.decide(liaison, .viewAssessment, .result(unit: unitB, stage: .published, detail: false)) == .allow)
        #expect(Policy.decide(liaison, .viewAssessment, .result(unit: unitB, stage: .published, detail: true)) == .deny)
        #expect(Policy.decide(actor(.leader), .viewAssessment, .result(unit: unitB, stage: .internal, detail: true)) == .allow)
        #expect(Policy.decide(actor(.liaison, unit: unitA), .manageAssessment) == .deny)
        #expect(Policy.decide(actor(.office), .manageAssessment) == .allow)
    }

    @Test func assessorsWorkOnlyOnAssignedApprovedUnitsAndAreRecusedFromTheirOwn() {
        let assessor = actor(.assessor, unit: unitA)
        let mine = [assessor.userID]
        #expect(Policy.decide(assessor, .scoreUnit, .submission(unit: unitB, approved: true, assessors: mine)) == .allow)
        #expect(
            Policy.decide(assessor, .scoreUnit, .submission(unit: unitB, approved: false, assessors: mine)) == .deny, "not before the head approves")
        #expect(Policy.decide(assessor, .viewSubmission, .submission(unit: unitB, approved: true, assessors: [UUID()])) == .deny, "not assigned")
        #expect(Policy.decide(assessor, .scoreUnit, .submission(unit: unitA, approved: true, assessors: mine)) == .deny, "own unit: recused")
        #expect(Policy.decide(assessor, .viewAssessment, .result(unit: unitB, stage: .internal, detail: true, assessors: mine)) == .allow)
        #expect(Policy.decide(assessor, .viewAssessment, .result(unit: unitB, stage: .internal, detail: false)) == .deny)
        #expect(Policy.decide(assessor, .viewAssessmentDashboard) == .deny)
        let liaison = actor(.liaison, unit: unitA), head = actor(.head, unit: unitA)
        #expect(Policy.decide(liaison, .editSubmission, .submission(unit: unitA, approved: false, assessors: [])) == .allow)
        #expect(Policy.decide(liaison, .editSubmission, .submission(unit: unitB, approved: false, assessors: [])) == .deny)
        #expect(Policy.decide(liaison, .approveSubmission, .submission(unit: unitA, approved: false, assessors: [])) == .deny, "the head approves")
        #expect(Policy.decide(head, .approveSubmission, .submission(unit: unitA, approved: false, assessors: [])) == .allow)
        #expect(Policy.decide(head, .editSubmission, .submission(unit: unitA, approved: false, assessors: [])) == .deny)
        #expect(
            Policy.decide(actor(.office), .editSubmission, .submission(unit: unitA, approved: false, assessors: [])) == .deny,
            "the office does not fill in a unit's self-assessment")
    }

    @Test func onlyTheAdministratorManagesUsersAndTokens() {
        for role in Role.allCases {
            let expected: Decision = role == .admin ? .allow : .deny
            #expect(Policy.decide(actor(role, unit: unitA), .manageUsers) == expected, "\(role)")
            #expect(Policy.decide(actor(role, unit: unitA), .manageTokens) == expected, "\(role)")
        }
    }

    @Test func passwordRuleAsksForThreeKindsAndRefusesCommonOnes() {
        let kinds = "密码须至少包含大写字母、小写字母、数字、符号中的三类"
        #expect(PasswordRule.problem(with: "short1") != nil)
        #expect(PasswordRule.problem(with: "onlyletterswithoutdigits") == kinds, "one kind")
        #expect(PasswordRule.problem(with: "lowercase2026") == kinds, "two kinds")
        #expect(PasswordRule.problem(with: "1234567890123") == kinds)
        #expect(PasswordRule.problem(with: "Zhangsan2026x", username: "zhangsan") == "密码不能包含用户名")
        #expect(PasswordRule.problem(with: "fazhi-demo-2026") == nil, "lower, symbol, digit")
        #expect(PasswordRule.problem(with: "Newpass2026x") == nil, "upper, lower, digit")
        for common in ["P@ssw0rd123", "Admin@123456", "1qaz@WSX3edc", "Woaini@1314", "Changeme@123"] {
            #expect(PasswordRule.problem(with: common) == "该密码过于常见,容易被猜中,请换一个", "\(common)")
        }
    }

    @Test func failedSignInsSlowDownByAddressAndAccountWithoutLockingAnyoneOut() {
        let t = LoginThrottle()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        // The counts as the server keeps them: one entry per address and per account name.
        var addresses: [String: LoginThrottle.Entry] = [:], accounts: [String: LoginThrottle.Entry] = [:]
        func fail(_ address: String, _ account: String, at seconds: Double) {
            addresses[address] = t.bumped(addresses[address], now: t0.addingTimeInterval(seconds))
            accounts[account] = t.bumped(accounts[account], now: t0.addingTimeInterval(seconds))
        }
        func wait(_ address: String, _ account: String, knownDevice: Bool, at seconds: Double) -> TimeInterval {
            t.wait(address: addresses[address], account: accounts[account], knownDevice: knownDevice, now: t0.addingTimeInterval(seconds))
        }
        // Four failures are free; the fifth asks for 1 s, then 2, 4, 8 … (address cap 15 min).
        for i in 0..<4 { fail("10.0.0.1", "office", at: Double(i)) }
        #expect(wait("10.0.0.1", "office", knownDevice: false, at: 4) == 0)
        fail("10.0.0.1", "office", at: 4)
        #expect(wait("10.0.0.1", "office", knownDevice: false, at: 4) == 1)
        #expect(t.delay(after: 8, cap: 900) == 8)
        #expect(t.delay(after: 40, cap: 900) == 900)
        #expect(t.delay(after: 40, cap: 30) == 30, "an account waits at most 30 s however many guesses")
        // Another address guessing the same account: held by the account's short delay only…
        #expect(wait("10.0.0.2", "office", knownDevice: false, at: 4.5) == 0.5)
        // …and a browser that signed in to it before is not held at all.
        #expect(wait("10.0.0.2", "office", knownDevice: true, at: 4.5) == 0)
        // The guesser's address is held for every account, existing or not.
        #expect(wait("10.0.0.1", "nobody", knownDevice: true, at: 4.5) == 0.5)
        // Counts are forgotten after an hour without failures (and counted afresh), and on success.
        #expect(wait("10.0.0.1", "office", knownDevice: false, at: 3700) == 0)
        #expect(t.bumped(addresses["10.0.0.1"], now: t0.addingTimeInterval(3700)).failures == 1)
        addresses["10.0.0.1"] = nil
        accounts["office"] = nil
        #expect(wait("10.0.0.1", "office", knownDevice: false, at: 5) == 0)
        // A key's count stops at the ceiling.
        let many = LoginThrottle.Entry(failures: LoginThrottle.maximumFailures, last: t0)
        #expect(t.bumped(many, now: t0.addingTimeInterval(1)).failures == LoginThrottle.maximumFailures)
    }

    /// A list's scope is the query form of the rule: for every role, `.all` means `decide` allows a
    /// foreign unit's row, `.unit(own)` that it allows the own unit's and refuses a foreign one's.
    @Test func listScopesAgreeWithTheRuleForEveryRole() {
        let cases: [(Action, (UUID) -> Resource)] = [
            (.viewTask, { .task(leadUnit: $0, coUnits: []) }), (.viewUnit, { .unit($0) }),
            (.viewGOI, { .goiRequest(unit: $0, coUnits: []) }), (.viewProblems, { .unit($0) }),
            (.viewNotices, { .unit($0) }), (.viewGOIReport, { .unit($0) }),
        ]
        for role in Role.allCases {
            let a = actor(role, unit: unitA)
            for (action, resource) in cases {
                switch Policy.scope(action, a) {
                case .all:
                    #expect(role == .city)
                    #expect(Policy.decide(a, action, resource(unitB)) == .allow, "\(role) \(action)")
                case .district(let d, let units):
                    #expect(d == district && Set(units) == [unitA, unitB, unitC])
                    #expect(Policy.decide(a, action, resource(unitB)) == .allow, "\(role) \(action)")
                    #expect(Policy.decide(a, action, resource(unitX)) == .deny, "\(role) \(action): another district's unit")
                case .unit(let own):
                    #expect(own == unitA)
                    #expect(Policy.decide(a, action, resource(unitA)) == .allow, "\(role) \(action)")
                    #expect(Policy.decide(a, action, resource(unitB)) == .deny, "\(role) \(action)")
                case .nothing:
                    #expect(Policy.decide(a, action, resource(unitA)) == .deny, "\(role) \(action)")
                }
            }
        }
        #expect(Policy.scope(.viewGOI, actor(.assessor, unit: unitA)) == .nothing, "assessors do not read the register")
        #expect(Policy.scope(.viewGOI, actor(.liaison)) == .nothing, "a unit role without a unit sees nothing")
    }

    @Test func nobodyReachesAnotherDistrictWhateverTheRole() {
        let foreign: [Resource] = [
            .unit(unitX), .task(leadUnit: unitX, coUnits: [unitA]), .goiRequest(unit: unitX, coUnits: [unitA]),
            .result(unit: unitX, stage: .published, detail: false), .submission(unit: unitX, approved: true, assessors: []),
            .district(otherDistrict), .districtResult(district: otherDistrict, stage: .preliminary),
        ]
        for role in Role.allCases where role != .city {
            let a = actor(role, unit: role.needsUnit || role == .assessor ? unitA : nil)
            for action in Action.allCases where action != .viewPublic {
                for resource in foreign {
                    #expect(Policy.decide(a, action, resource) == .deny, "\(role) \(action) \(resource)")
                }
            }
        }
        let nowhere = Actor(userID: UUID(), role: .office, unitID: nil, jurisdiction: .nowhere)
        #expect(Policy.decide(nowhere, .viewTask, .task(leadUnit: unitA, coUnits: [])) == .deny)
        #expect(Policy.scope(.viewTasks, nowhere) == .nothing, "an office without a district sees nothing")
        #expect(Policy.decide(actor(.office), .writeAnnualReport, .district(district)) == .allow)
    }

    @Test func theCityReadsEveryDistrictAndChangesNothing() {
        let city = actor(.city)
        #expect(Policy.scope(.viewTasks, city) == .all)
        #expect(Policy.scope(.viewGOI, city) == .all)
        #expect(Policy.decide(city, .viewTask, .task(leadUnit: unitX, coUnits: [])) == .allow)
        #expect(Policy.decide(city, .viewAnnualReport, .district(otherDistrict)) == .allow)
        #expect(Policy.decide(city, .viewAssessment, .result(unit: unitX, stage: .internal, detail: true)) == .allow)
        for action: Action in [
            .editPlan, .createTask, .editTask, .reportProgress, .addNote, .manageUsers, .manageAssessment, .handleGOI, .manageProblems,
            .manageSupervision, .handleReconsideration, .writeAnnualReport, .publishAnnualReport, .manageCalendar,
        ] {
            #expect(Policy.decide(city, action) == .deny, "\(action)")
            #expect(Policy.decide(city, action, .unit(unitX)) == .deny, "\(action)")
        }
    }

    /// 市对区考评: the city runs it; a district's office fills in its own district; results reach a
    /// district once released (its own) and once published (every district's rank).
    @Test func theCityAssessesItsDistricts() {
        let city = actor(.city)
        for action: Action in [.viewCityAssessment, .manageCityAssessment] {
            #expect(Policy.decide(city, action, .district(otherDistrict)) == .allow, "\(action)")
        }
        #expect(Policy.decide(city, .assessDistrict, .district(district)) == .deny, "the city does not self-assess a district")
        #expect(Policy.decide(city, .viewCityAssessment, .districtResult(district: otherDistrict, stage: .internal)) == .allow)
        for role in Role.allCases where role != .city {
            let a = actor(role, unit: role.needsUnit || role == .assessor ? unitA : nil)
            #expect(Policy.decide(a, .manageCityAssessment) == .deny, "\(role)")
            let reads = [Role.office, .admin, .leader].contains(role)
            #expect(Policy.decide(a, .viewCityAssessment) == (reads ? .allow : .deny), "\(role)")
            #expect(Policy.decide(a, .assessDistrict, .district(district)) == (role == .office || role == .admin ? .allow : .deny), "\(role)")
            #expect(Policy.decide(a, .viewCityAssessment, .districtResult(district: district, stage: .internal)) == .deny, "\(role)")
            #expect(
                Policy.decide(a, .viewCityAssessment, .districtResult(district: district, stage: .preliminary)) == (reads ? .allow : .deny), "\(role)"
            )
            #expect(
                Policy.decide(a, .viewCityAssessment, .districtResult(district: otherDistrict, stage: .published)) == (reads ? .allow : .deny),
                "\(role): a published ranking names every district")
        }
    }
}
