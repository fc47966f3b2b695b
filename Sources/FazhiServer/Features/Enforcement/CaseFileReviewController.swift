import FazhiCore
import Fluent
import Vapor

/// 案卷评查: the rounds of a year, drawing a sample (the office), one round's files per unit with
/// their scores and each unit's pass rate, and scoring a file against the checklist. A unit sees
/// its own files and scores.
struct CaseFileReviewController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("enforcement", "reviews")
        r.on(.GET, policy: .viewEnforcement, use: index)
        r.on(.POST, policy: .reviewCaseFiles, use: draw)
        r.on(.GET, ":reviewID", policy: .viewEnforcement, use: show)
        r.on(.POST, ":reviewID", "items", ":itemID", policy: .reviewCaseFiles, use: score)
    }

    @Sendable func index(req: Request) async throws -> View {
        try await renderIndex(req, errors: [])
    }

    private func renderIndex(_ req: Request, errors: [FieldError]) async throws -> View {
        let rounds = try await CaseFileReviewRound.query(on: req.db).filter(\.$district.$id == req.districtID()).sort(\.$year, .descending).sort(
            \.$createdAt, .descending
        ).range(0..<50).all()
        return try await req.view.render(
            "enforcement/reviews",
            FileReviewListContext(
                layout: LayoutContext(req, title: "案卷评查", active: "enforcement"),
                tabs: .init(active: "reviews", canHandle: req.may(.handleEnforcement)),
                rounds: try rounds.map {
                    .init(
                        title: $0.title, href: "/enforcement/reviews/\(try $0.requireID().uuidString)", seed: $0.seed, perUnit: $0.perUnit,
                        passMark: $0.passMark, createdAt: TimeText.local($0.createdAt))
                }, canDraw: req.may(.reviewCaseFiles), year: req.clock.today.year - 1,
                sample: EnforcementConfig.active.fileReviewSample, errors: .init(errors)))
    }

    struct DrawForm: Content { var year: String?, perUnit: String?, seed: String? }

    @Sendable func draw(req: Request) async throws -> Response {
        let form = try req.content.decode(DrawForm.self)
        let ctx = try await StepContext.of(req)
        var id: UUID?
        let response = try await req.attempt(success: "/enforcement/reviews", render: { try await renderIndex(req, errors: $0) }) {
            guard let year = Int((form.year ?? "").trimmed) else { throw ValidationFailure([FieldError("year", "年度无效")]) }
            id = try await CaseFileReviewService.draw(
                year: year, perUnit: form.perUnit ?? "", seed: form.seed ?? "", district: try await req.districtID(), ctx, on: req.db
            ).id
        }
        if let id, response.status == .seeOther { return req.redirect(to: "/enforcement/reviews/\(id.uuidString)?notice=saved") }
        return response
    }

    private func find(_ req: Request) async throws -> CaseFileReviewRound {
        // Another district's round is not found.
        guard let id = req.parameters.get("reviewID", as: UUID.self),
            let r = try await CaseFileReviewRound.query(on: req.db).filter(\.$id == id).filter(\.$district.$id == req.districtID()).first()
        else {
            throw AppError.notFound("评查")
        }
        return r
    }

    @Sendable func show(req: Request) async throws -> View {
        try await render(req, try await find(req), errors: [])
    }

    private func render(_ req: Request, _ round: CaseFileReviewRound, errors: [FieldError]) async throws -> View {
        let scope = try req.requireUser().scope(.viewEnforcement)
        var q = CaseFileReviewItem.query(on: req.db).filter(\.$round.$id == (try round.requireID()))
        q = q.scoped(scope, unit: \.$unitID)
        // A round holds at most 100 files per unit: its items are one bounded page.
        let items = try await q.with(\.$enforcementCase) { $0.with(\.$unit) }.range(0..<2000).all()
        let scorer = req.may(.reviewCaseFiles)
        var units: [String: [FileReviewContext.Item]] = [:]
        var order: [String] = []
        for i in items.sorted(by: {
            ($0.enforcementCase.unit.sort, $0.enforcementCase.number) < ($1.enforcementCase.unit.sort, $1.enforcementCase.number)
        }) {
            let unit = i.enforcementCase.unit.name
            if units[unit] == nil { order.append(unit) }
            let deductions = (try? JSONDecoder().decode([CaseFileReview.Deduction].self, from: Data(i.deductions.utf8))) ?? []
            let labels = Dictionary(uniqueKeysWithValues: CaseFileReview.checklist.map { ($0.key, $0.label) })
            units[unit, default: []].append(
                .init(
                    id: try i.requireID().uuidString, number: i.enforcementCase.number, href: "/enforcement/\(i.$enforcementCase.id.uuidString)",
                    type: i.enforcementCase.type.label, title: i.enforcementCase.title, score: i.score.map(String.init) ?? "未评",
                    passed: i.passed, scored: i.score != nil,
                    deductions: deductions.map { "\(labels[$0.key] ?? $0.key) 扣 \($0.points) 分:\($0.reason)" }))
        }
        let checklist = CaseFileReview.checklist.map { FileReviewContext.Check(key: $0.key, label: $0.label, max: $0.max) }
        return try await req.view.render(
            "enforcement/review",
            FileReviewContext(
                layout: LayoutContext(req, title: round.title, active: "enforcement"), id: try round.requireID().uuidString, title: round.title,
                seed: round.seed, perUnit: round.perUnit, passMark: round.passMark,
                units: order.map { name in
                    let list = units[name] ?? []
                    let scored = list.filter(\.scored)
                    let rate = CaseRate(numerator: scored.filter(\.passed).count, denominator: scored.count, definition: "")
                    return .init(name: name, items: list, rate: "\(rate.text)(\(rate.numerator)/\(rate.denominator))")
                }, checklist: checklist, canScore: scorer, errors: .init(errors)))
    }

    struct ScoreForm: Content { var points: [String: String]?, reasons: [String: String]? }

    @Sendable func score(req: Request) async throws -> Response {
        let round = try await find(req)
        guard let itemID = req.parameters.get("itemID", as: UUID.self),
            let item = try await CaseFileReviewItem.query(on: req.db).filter(\.$id == itemID).filter(\.$round.$id == (try round.requireID()))
                .with(\.$enforcementCase).first()
        else { throw AppError.notFound("案卷") }
        let form = try req.content.decode(ScoreForm.self)
        let ctx = try await StepContext.of(req)
        return try await req.attempt(
            success: "/enforcement/reviews/\(try round.requireID().uuidString)?notice=saved#item-\(itemID.uuidString)",
            render: { try await render(req, round, errors: $0) }
        ) {
            try await CaseFileReviewService.score(
                item, round: round, points: form.points ?? [:], reasons: form.reasons ?? [:], number: item.enforcementCase.number, ctx, on: req.db)
        }
    }
}

struct FileReviewListContext: Encodable {
    struct Round: Encodable {
        let title: String
        let href: String
        let seed: String
        let perUnit: Int
        let passMark: Int
        let createdAt: String
    }

    let layout: LayoutContext
    let tabs: EnforcementTabs
    let rounds: [Round]
    let canDraw: Bool
    let year: Int
    let sample: Int
    let errors: [FormError]
}

struct FileReviewContext: Encodable {
    struct Item: Encodable {
        let id: String
        let number: String
        let href: String
        let type: String
        let title: String
        let score: String
        let passed: Bool
        let scored: Bool
        let deductions: [String]
    }

    struct Unit: Encodable {
        let name: String
        let items: [Item]
        let rate: String
    }

    struct Check: Encodable {
        let key: String
        let label: String
        let max: Int
    }

    let layout: LayoutContext
    let id: String
    let title: String
    let seed: String
    let perUnit: Int
    let passMark: Int
    let units: [Unit]
    let checklist: [Check]
    let canScore: Bool
    let errors: [FormError]
}
