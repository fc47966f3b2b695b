import Foundation
import Testing
@testable import FazhiCore

@Suite struct PolicyTests {
    let unitA = UUID(), unitB = UUID(), unitC = UUID()

    func actor(_ role: Role, unit: UUID? = nil) -> Actor { Actor(userID: UUID(), role: role, unitID: unit) }

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
        #expect(Policy.decide(assessor, .scoreUnit, .submission(unit: unitB, approved: false, assessors: mine)) == .deny, "not before the head approves")
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
        #expect(Policy.decide(actor(.office), .editSubmission, .submission(unit: unitA, approved: false, assessors: [])) == .deny,
                "the office does not fill in a unit's self-assessment")
    }

    @Test func onlyTheAdministratorManagesUsersAndTokens() {
        for role in Role.allCases {
            let expected: Decision = role == .admin ? .allow : .deny
            #expect(Policy.decide(actor(role, unit: unitA), .manageUsers) == expected, "\(role)")
            #expect(Policy.decide(actor(role, unit: unitA), .manageTokens) == expected, "\(role)")
        }
    }

    @Test func passwordRule() {
        #expect(PasswordRule.problem(with: "short1") != nil)
        #expect(PasswordRule.problem(with: "onlyletterswithoutdigits") == "密码必须包含数字")
        #expect(PasswordRule.problem(with: "1234567890123") == "密码必须包含字母")
        #expect(PasswordRule.problem(with: "zhangsan2026x", username: "zhangsan") == "密码不能包含用户名")
        #expect(PasswordRule.problem(with: "fazhi-demo-2026") == nil)
    }
}
