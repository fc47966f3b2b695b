import Foundation

/// What a request wants to do. Every route names exactly one action.
public enum Action: String, CaseIterable, Codable, Sendable {
    /// Public pages: sign-in form, health, the API description.
    case viewPublic
    /// One's own account: home, change password, sign out.
    case useAccount
    case viewPlan
    case editPlan
    case viewUnits
    case viewUnit
    case viewTasks
    case viewTask
    case createTask
    case editTask
    /// Report progress %, completion (lead unit) on a task.
    case reportProgress
    /// Add a progress note (lead or co-unit).
    case addNote
    case manageUsers
    case manageTokens
    case viewAudit
    /// The working-day calendar and the deadline calculator.
    case viewCalendar
    /// Edit holidays and make-up days; import a year's notice.
    case manageCalendar
    /// 指标体系: read the indicator trees (every signed-in user: units must know how they are scored).
    case viewIndicators
    /// Edit, import and copy indicator trees.
    case manageIndicators
    /// 考评结果: results and score cards (rows are filtered further with `Resource.result`).
    case viewAssessment
    /// Set up cycles, assign assessors, keep the bonus/deduction ledger and survey scores, release
    /// preliminary results, decide objections and reconcile marks, freeze and publish.
    case manageAssessment
    /// 考评进度看板: completion, review progress, the heatmap (office, admin, leaders).
    case viewAssessmentDashboard
    /// Read one unit's self-assessment, its evidence and its review (`Resource.submission`).
    case viewSubmission
    /// 自评: the liaison fills the unit's self-assessment, uploads evidence, answers requests for
    /// supplements, confirms or objects to the preliminary result.
    case editSubmission
    /// The unit head approves the self-assessment (or sends it back) before assessors see it.
    case approveSubmission
    /// 审核赋分: an assigned assessor scores a unit's leaves or returns one for supplement.
    case scoreUnit
    /// 问题池: read problems (`.unit`: a unit reads its own).
    case viewProblems
    /// Raise problems, close them after checking (销号) or reopen them.
    case manageProblems
    /// A unit reports its rectification: measures done, evidence, completion.
    case reportProblem
    /// 督办单: read supervision notices (`.unit`: a unit reads those sent to it).
    case viewNotices
    /// 督办: issue, extend and close supervision notices; set the escalation ladder, reporting
    /// periods, the units' robot channels; lawfully extend or pause a task; see deliveries.
    case manageSupervision
    /// The unit's liaison or head answers a supervision notice sent to the unit.
    case replyNotice
    /// 依申请公开 register: read requests (`.goiRequest`: the handling unit and co-units read theirs).
    case viewGOI
    /// Register, confirm, clarify, consult and answer a request; its letters (the handling unit, the office).
    case handleGOI
    /// 延长答复期限: approved by the head of the government-information work organ (第三十三条第二款):
    /// the handling unit's head, or the office.
    case approveGOIExtension
    /// The applicant's personal data: only the handling unit and the office.
    case viewApplicant
    /// The annual report tables and the register's indicators (`.unit`: a unit reads its own).
    case viewGOIReport
    /// Keep the report's manual counts and texts; import historical requests.
    case manageGOIReport
    /// 行政复议·应诉 register: read reconsideration cases and lawsuits (`.unit`: the respondent or
    /// defendant unit reads its own; leaders and the office all).
    case viewCases
    /// Run a reconsideration case as the 复议机构 (the district's legal office): register, accept,
    /// clarify, hear, extend, suspend and decide; import historical cases.
    case handleReconsideration
    /// The respondent or defendant unit's own steps (`.unit`): its answer to a reconsideration, its
    /// reply to a 行政复议意见书, and its lawsuits from the complaint to the judgment (the office too).
    case respondCase
    /// The correction, loss and appearance rates (`.unit`: a unit reads its own; assessors all).
    case viewCaseRates
    /// 行政执法 register: officers, matters and cases (`.unit`: a unit reads its own; leaders and the
    /// office, the district's 行政执法监督机构 (《行政执法监督条例》第六条), all).
    case viewEnforcement
    /// Keep a unit's officers, trainings and public lists and run its cases (`.unit`: its own
    /// liaisons and heads; the office for every unit).
    case handleEnforcement
    /// The enforcement indicators (`.unit`: a unit reads its own; assessors and leaders all).
    case viewEnforcementRates
    /// 案卷评查: draw the sample and score the files (the office, as 行政执法监督机构).
    case reviewCaseFiles
    /// 重大行政决策 register: the catalogue and decisions (`.unit`: a lead unit reads its own;
    /// leaders and the office all).
    case viewDecisions
    /// The lead unit's work on its decision (`.unit`): the draft, public participation, expert
    /// opinions, the risk assessment, sending it to legality review, execution reports (the office too).
    case handleDecision
    /// What the district government and its legal office do: the catalogue, the expert pool, the
    /// legality review (第二十五条: 司法行政部门), the meeting, adoption, publication, evaluation.
    case governDecisions
    /// 行政规范性文件 register (`.unit`: the drafting unit reads its own; leaders and the office all).
    case viewNormative
    /// The drafting unit's work (`.unit`): the draft, public comment, sending it to review, the
    /// collective review, issuing, publication, filing, the evaluation before expiry (the office too).
    case handleNormative
    /// The legal office's part: the legality review (国办发〔2018〕115号), 统一登记编号, the filing
    /// review's result, ending a document and the clean-up rounds.
    case reviewNormative
    /// The indicators of decisions and normative documents (`.unit`: a unit reads its own; assessors
    /// and leaders all).
    case viewDecisionRates
    /// 行政监督、学法、法律顾问、普法 registers (`.task(leadUnit:coUnits:)` for a supervision item: its
    /// lead and co-units read it; `.unit` for a unit's study, adviser and 普法 records; leaders and the
    /// office all).
    case viewOversight
    /// A unit's own work there (`.task`: only the lead unit answers an item; `.unit` for its study
    /// sessions, consultations, contracts and 普法 list) — the office too.
    case handleOversight
    /// The office's part: registering and importing items, ratings, audit findings, closing, publishing
    /// replies, the adviser pool, the exam import and the year-end 履职评议.
    case manageOversight
    /// The oversight indicators (`.unit`: a unit reads its own; assessors and leaders all).
    case viewOversightRates
    /// 指标目录: every register's metrics (`.unit`: a unit reads its own values; the office, assessors
    /// and leaders every unit's and the district's).
    case viewMetrics
    /// 法治政府建设年度报告 (`.unit`: a unit's report; `.district`: the district government's): the office,
    /// leaders and administrators read every report; a unit's liaison and head their own.
    case viewAnnualReport
    /// Writes and submits a report: the office the district's; a unit's liaison and head their own. The
    /// office starts a year's reports and returns a submitted one for changes.
    case writeAnnualReport
    /// Publishes a submitted report: the office any; a unit's head its own.
    case publishAnnualReport
    /// 市对区考评 the city's assessment of its districts (`.districtResult`): the city every district's
    /// result; a district's office, administrator and leaders their own once released, and every
    /// district's rank and grade once published.
    case viewCityAssessment
    /// A district's self-assessment in the city's cycle (`.district`): its office and administrator.
    case assessDistrict
    /// The city's legal office runs its cycle: creates it, scores the districts, releases the
    /// preliminary results, decides objections, freezes and publishes.
    case manageCityAssessment
}

/// What the action is done to. `.any` is the route-level question: may this actor do this kind
/// of thing at all? Handlers then ask again with the concrete resource.
public enum Resource: Equatable, Sendable {
    case any
    case unit(UUID)
    case task(leadUnit: UUID, coUnits: [UUID])
    /// One unit's assessment result: its rank and grade, or with `detail` its score card.
    /// `assessors` are the users assigned to review the unit.
    case result(unit: UUID, stage: ResultStage, detail: Bool, assessors: [UUID] = [])
    /// One unit's self-assessment and review; `approved` once its head has approved it.
    case submission(unit: UUID, approved: Bool, assessors: [UUID])
    /// One 依申请公开 request: its handling unit and co-units.
    case goiRequest(unit: UUID, coUnits: [UUID])
    /// What is a district government's own (its annual report, its self-assessment), not any unit's.
    case district(UUID)
    /// One district's result in the city's assessment, at the cycle's stage.
    case districtResult(district: UUID, stage: ResultStage)
}

/// How far a cycle's results have gone: internal while scoring, preliminary once released to the
/// units for objections, public once published.
public enum ResultStage: Equatable, Sendable {
    case `internal`
    case preliminary
    case published
}

public enum Decision: Equatable, Sendable {
    case allow
    /// Not signed in: sign in first.
    case needsSignIn
    /// Signed in, but not allowed.
    case deny
}

/// 权限策略 the one policy function. Every route and every resource check goes through
/// `decide`; nothing else in Fazhi decides who may do what.
public enum Policy {
    public static func decide(_ actor: Actor?, _ action: Action, _ resource: Resource = .any) -> Decision {
        if action == .viewPublic { return .allow }
        guard let actor else { return .needsSignIn }
        if case .districtResult(_, .published) = resource, action == .viewCityAssessment {
            // A published ranking names every district: each district reads the others' rank and grade.
            return cityAssessment(actor, action, .any) ? .allow : .deny
        }
        // 辖区 nobody acts on another district's units or the district itself, whatever the role.
        guard reaches(actor, resource) else { return .deny }
        if action == .viewCityAssessment || action == .assessDistrict || action == .manageCityAssessment {
            return cityAssessment(actor, action, resource) ? .allow : .deny
        }
        return allowed(asDistrictRole(actor), action, resource) ? .allow : .deny
    }

    /// Whether the resource lies in the actor's jurisdiction: its unit (a task's lead unit) in the
    /// actor's district, or the district itself; the city reaches every district.
    private static func reaches(_ a: Actor, _ resource: Resource) -> Bool {
        switch resource {
        case .any: true
        case .unit(let unit), .task(let unit, _), .result(let unit, _, _, _), .submission(let unit, _, _), .goiRequest(let unit, _):
            a.jurisdiction.reaches(unit: unit)
        case .district(let district), .districtResult(let district, _): a.jurisdiction.reaches(district: district)
        }
    }

    /// 市对区考评: the city runs it; a district's office and administrator fill its self-assessment; a
    /// district's office, administrator and leaders read its result once released.
    private static func cityAssessment(_ a: Actor, _ action: Action, _ resource: Resource) -> Bool {
        let districtRole = a.role == .office || a.role == .admin || a.role == .leader
        switch action {
        case .manageCityAssessment:
            return a.role == .city
        case .assessDistrict:
            guard a.role == .office || a.role == .admin else { return false }
            if case .district = resource { return true }
            return resource == .any
        case .viewCityAssessment:
            if a.role == .city { return true }
            guard districtRole else { return false }
            switch resource {
            case .any, .district: return true
            case .districtResult(_, let stage): return stage != .internal
            default: return false
            }
        default:
            return false
        }
    }

    /// The city's legal office reads every district as a district's leader reads one and changes
    /// nothing there; the rules below are the district roles'.
    private static func asDistrictRole(_ a: Actor) -> Actor {
        a.role == .city ? Actor(userID: a.userID, role: .leader, unitID: nil, jurisdiction: a.jurisdiction) : a
    }

    private static func allowed(_ a: Actor, _ action: Action, _ resource: Resource) -> Bool {
        switch action {
        case .viewPublic, .useAccount, .viewPlan, .viewUnits, .viewTasks, .viewCalendar, .viewIndicators:
            return true
        case .viewCityAssessment, .assessDistrict, .manageCityAssessment:
            // Decided by `cityAssessment` before the city's role is read as a district leader's.
            return cityAssessment(a, action, resource)
        case .viewAssessment:
            // The office and leaders see every result; an assessor the units assigned to them; a
            // unit its own once released (preliminary) and never another's score card; after
            // publication everyone sees ranks and grades.
            guard case .result(let unit, let stage, let detail, let assessors) = resource else { return true }
            if stage == .published && !detail { return true }
            if a.role.seesEveryAssessment { return true }
            if a.role == .assessor { return assessors.contains(a.userID) && a.unitID != unit }
            return a.unitID == unit && stage != .internal
        case .viewAssessmentDashboard:
            return a.role.seesEveryAssessment
        case .viewSubmission:
            guard case .submission(let unit, let approved, let assessors) = resource else {
                return a.role.seesEveryAssessment || a.role == .assessor || (a.role.needsUnit && resource == .any)
            }
            if a.role.seesEveryAssessment { return true }
            // Assessors are recused from their own unit and see a submission only once approved.
            if a.role == .assessor { return approved && assessors.contains(a.userID) && a.unitID != unit }
            return a.role.needsUnit && a.unitID == unit
        case .editSubmission, .approveSubmission:
            guard a.role == (action == .editSubmission ? .liaison : .head), let own = a.unitID else { return false }
            guard case .submission(let unit, _, _) = resource else { return resource == .any }
            return unit == own
        case .scoreUnit:
            guard a.role == .assessor else { return false }
            guard case .submission(let unit, let approved, let assessors) = resource else { return resource == .any }
            return approved && assessors.contains(a.userID) && a.unitID != unit
        case .viewProblems, .viewNotices:
            if a.role.seesEveryAssessment { return true }
            guard a.role.needsUnit, let own = a.unitID else { return false }
            guard case .unit(let unit) = resource else { return resource == .any }
            return unit == own
        case .reportProblem, .replyNotice:
            guard a.role.needsUnit, let own = a.unitID else { return false }
            guard case .unit(let unit) = resource else { return resource == .any }
            return unit == own
        case .editPlan, .createTask, .editTask, .manageIndicators, .manageAssessment, .manageProblems,
            .manageSupervision:
            return a.role == .admin || a.role == .office
        case .manageUsers, .manageTokens, .manageCalendar:
            return a.role == .admin
        case .viewGOI:
            if a.role.seesEveryAssessment { return true }
            guard a.role.needsUnit, let own = a.unitID else { return false }
            switch resource {
            case .any: return true
            case .goiRequest(let unit, let co): return unit == own || co.contains(own)
            default: return false
            }
        case .handleGOI, .viewApplicant, .approveGOIExtension:
            if a.role == .admin || a.role == .office { return true }
            guard a.role.needsUnit, let own = a.unitID else { return false }
            if action == .approveGOIExtension, a.role != .head { return false }
            switch resource {
            case .any: return true
            case .goiRequest(let unit, _), .unit(let unit): return unit == own
            default: return false
            }
        case .viewGOIReport:
            if a.role.seesAllUnits { return true }
            guard a.role.needsUnit, let own = a.unitID else { return false }
            guard case .unit(let unit) = resource else { return resource == .any }
            return unit == own
        case .manageGOIReport, .handleReconsideration, .reviewCaseFiles, .governDecisions, .reviewNormative, .manageOversight:
            return a.role == .admin || a.role == .office
        case .viewCases, .respondCase, .viewEnforcement, .handleEnforcement, .viewDecisions, .handleDecision, .viewNormative, .handleNormative:
            if a.role == .admin || a.role == .office { return true }
            if a.role == .leader, Self.leadersRead.contains(action) { return true }
            guard a.role.needsUnit, let own = a.unitID else { return false }
            guard case .unit(let unit) = resource else { return resource == .any }
            return unit == own
        case .viewOversight, .handleOversight:
            if a.role == .admin || a.role == .office { return true }
            if a.role == .leader, action == .viewOversight { return true }
            guard a.role.needsUnit else { return false }
            return involvesOwnUnit(a, resource, leadOnly: action == .handleOversight)
        case .viewCaseRates, .viewEnforcementRates, .viewDecisionRates, .viewOversightRates, .viewMetrics:
            if a.role.seesAllUnits { return true }
            guard a.role.needsUnit, let own = a.unitID else { return false }
            guard case .unit(let unit) = resource else { return resource == .any }
            return unit == own
        case .viewAnnualReport:
            if a.role.seesEveryAssessment { return true }
            guard a.role.needsUnit, let own = a.unitID else { return false }
            switch resource {
            case .any: return true
            case .unit(let unit): return unit == own
            default: return false
            }
        case .writeAnnualReport, .publishAnnualReport:
            if a.role == .admin || a.role == .office { return true }
            guard a.role.needsUnit, let own = a.unitID else { return false }
            if action == .publishAnnualReport, a.role != .head { return false }
            switch resource {
            case .any: return true
            case .unit(let unit): return unit == own
            default: return false
            }
        case .viewAudit:
            return a.role == .admin || a.role == .office || a.role == .leader
        case .viewUnit:
            if a.role.seesAllUnits { return true }
            guard case .unit(let id) = resource else { return resource == .any && a.unitID != nil }
            return id == a.unitID
        case .viewTask:
            if a.role.seesAllUnits { return true }
            return involvesOwnUnit(a, resource, leadOnly: false)
        case .reportProgress:
            if a.role == .admin || a.role == .office { return true }
            guard a.role.needsUnit else { return false }
            return involvesOwnUnit(a, resource, leadOnly: true)
        case .addNote:
            if a.role == .admin || a.role == .office { return true }
            guard a.role.needsUnit else { return false }
            return involvesOwnUnit(a, resource, leadOnly: false)
        }
    }

    /// The registers' reading actions leaders hold for every unit (they change nothing there).
    private static let leadersRead: Set<Action> = [.viewCases, .viewEnforcement, .viewDecisions, .viewNormative]

    /// Whether the task is led (or, unless `leadOnly`, co-handled) by the actor's unit.
    /// At route level (`.any`) a unit role may try; the handler asks again with the task.
    private static func involvesOwnUnit(_ a: Actor, _ resource: Resource, leadOnly: Bool) -> Bool {
        guard let unit = a.unitID else { return false }
        switch resource {
        case .any: return true
        case .unit(let id): return id == unit
        case .task(let lead, let co): return lead == unit || (!leadOnly && co.contains(unit))
        case .result, .submission, .goiRequest, .district, .districtResult: return false
        }
    }

    /// The query form of the `viewTask` rule, for lists: which tasks the actor may see.
    public static func taskScope(_ actor: Actor) -> RowScope { scope(.viewTask, actor) }

    /// 可见范围: the rows a list may show the actor for `action` — the query form of the rule above,
    /// so a list shows exactly the rows `decide` would allow one by one. Every list query narrows
    /// by this; no handler tests a role to choose rows.
    public static func scope(_ action: Action, _ actor: Actor) -> RowScope {
        let a = asDistrictRole(actor)
        switch action {
        case .viewTask, .viewTasks, .viewUnit:
            // Leaders, the office and assessors read every unit's tasks; others their unit's.
            if a.role.seesAllUnits { return whole(a) }
            return a.unitID.map { .unit($0) } ?? .nothing
        case .viewGOIReport, .viewCaseRates, .viewEnforcementRates, .viewDecisionRates, .viewOversightRates, .viewMetrics:
            if a.role.seesAllUnits { return whole(a) }
        case .viewOversight, .handleOversight:
            // A unit's list: the items it leads or co-handles (the query adds the co-unit rows).
            if a.role == .admin || a.role == .office { return whole(a) }
            if a.role == .leader, action == .viewOversight { return whole(a) }
        case .viewCases, .respondCase, .viewEnforcement, .handleEnforcement, .viewDecisions, .handleDecision, .viewNormative, .handleNormative:
            if a.role == .admin || a.role == .office { return whole(a) }
            if a.role == .leader, Self.leadersRead.contains(action) { return whole(a) }
        case .viewGOI, .viewProblems, .viewNotices, .viewAnnualReport:
            if a.role.seesEveryAssessment { return whole(a) }
        default:
            return allowed(a, action, .any) ? whole(a) : .nothing
        }
        guard a.role.needsUnit, let own = a.unitID, a.jurisdiction.reaches(unit: own) else { return .nothing }
        return .unit(own)
    }

    /// Every unit the actor's jurisdiction holds: a district's units, or every district's for the city.
    private static func whole(_ a: Actor) -> RowScope { a.jurisdiction.wholeScope }
}

extension Policy {
    /// Whether the actor reads the final (reconciled) scores of a unit's assessment: the office and
    /// leaders always, an assessor unless marking is blind, everyone once results are released or
    /// the cycle is closed.
    public static func seesFinalScores(_ actor: Actor, blindMarking: Bool, settled: Bool) -> Bool {
        let a = asDistrictRole(actor)
        return a.role.seesEveryAssessment || (a.role == .assessor && !blindMarking) || settled
    }

    /// Whether the actor reads every assessor's marks (not only their own).
    public static func seesEveryMark(_ a: Actor) -> Bool { asDistrictRole(a).role.seesEveryAssessment }

    /// 接收提醒: who of a unit or the office hears of a rung addressed to `recipient` — a user whose
    /// role is the recipient's (a unit's liaisons or heads, the office). Nil: the role hears of none.
    public static func recipient(of role: Role) -> Recipient? {
        switch role {
        case .office: .office
        case .liaison: .liaison
        case .head: .head
        case .admin, .assessor, .leader, .city: nil
        }
    }

    /// The roles of a unit's people who hear of what is asked of their unit (its liaisons and heads).
    public static let unitRecipientRoles: [Role] = Role.allCases.filter { role in
        recipient(of: role).map { $0 != .office } ?? false
    }

    /// 考评员 the role whose users may be assigned to assess a unit.
    public static let assessingRole: Role = .assessor

    /// Keeps the last door open: an administrator may not deactivate their own account or give up
    /// their own administrator role, so nobody locks themselves out of user administration.
    public static func mayChangeOwnAccount(toRole role: Role?, active: Bool) -> Bool { role == .admin && active }

    /// The unit the actor works for (a unit's liaison or head): their home page, assessment work
    /// page and prompts are that unit's. Nil for the district's roles.
    public static func ownUnit(_ a: Actor) -> UUID? { a.role.needsUnit ? a.unitID : nil }
}

/// Which rows a list may show to an actor (`Policy.scope`).
public enum RowScope: Hashable, Sendable {
    /// Every district's rows: the city's view.
    case all
    /// One district's rows: those of its units (given in a fixed order, so queries are stable).
    case district(UUID, units: [UUID])
    /// The unit's rows (for tasks and requests: those it leads or co-handles).
    case unit(UUID)
    case nothing

    /// The units a list is narrowed to: one for `.unit`, the district's for `.district`, a unit that
    /// matches nothing for `.nothing`; nil for `.all` (no narrowing).
    public var units: [UUID]? {
        switch self {
        case .all: nil
        case .district(_, let units): units
        case .unit(let id): [id]
        case .nothing: [RowScope.noUnit]
        }
    }

    /// The one unit a unit's own list is narrowed to (`.unit`), nil otherwise.
    public var ownUnit: UUID? {
        if case .unit(let id) = self { return id }
        return nil
    }

    /// Whether the list spans many units (a district's or the city's): it offers a unit filter and
    /// speaks of 全区 rather than 本单位.
    public var spansUnits: Bool {
        switch self {
        case .all, .district: true
        case .unit, .nothing: false
        }
    }

    /// The district a district-wide list is narrowed to.
    public var districtID: UUID? {
        if case .district(let id, _) = self { return id }
        return nil
    }

    /// Whether a unit's rows are in the scope (for lists of units, which are few and not paged).
    public func includes(_ unit: UUID?) -> Bool {
        switch self {
        case .all: true
        case .district(_, let units): unit.map(units.contains) ?? false
        case .unit(let id): unit == id
        case .nothing: false
        }
    }

    /// A unit id no row has: what `.nothing` narrows to.
    public static let noUnit = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
}
