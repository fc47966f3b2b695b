import FazhiCore
import Fluent
import Vapor

/// 演示问题池: open, overdue, reported and closed problems from each source, dated relative to today.
enum ProblemDemo {
    static func seed(_ app: Application) async throws {
        let db = app.db, now = app.clock.now(), today = app.clock.today, actor = DemoSeed.actor
        func day(_ offset: Int) -> String { today.adding(days: offset).description }
        let items: [(unit: String, source: ProblemSource, title: String, description: String, raised: Int, measures: [(String, Int, Bool)])] = [
            (
                "csglj", .assessment, "行政执法案卷评查发现文书不规范",
                "上一年度考评案卷评查抽查 20 件,4 件处罚决定书未载明裁量理由,2 件送达回证缺失。", -200,
                [("对抽查发现的 6 件案卷逐件补正并建立问题清单", -150, true), ("修订执法文书范本并组织全员培训", -100, true)]
            ),
            (
                "zhbgs", .inspection, "行政规范性文件未按规定报备",
                "督察发现 2 件行政规范性文件印发后未在 30 日内报送备案。", -60,
                [("补报 2 件规范性文件备案", -10, false), ("建立印发后报备提醒机制", 20, false)]
            ),
            (
                "ghtdjcdd", .correction, "行政处罚决定被复议机关变更",
                "一件违法建设处罚决定因罚款数额适用裁量基准不当被复议机关变更。", -90,
                [("对同类案件裁量基准适用情况开展自查", -60, true)]
            ),
            (
                "jjfwj", .supervision, "营商环境任务进度滞后",
                "督办发现“优化营商环境法治保障”任务进度长期未更新。", -5,
                [("报送任务进展并说明滞后原因", 15, false)]
            ),
            (
                "bsc-a", .inspection, "社区法律顾问服务记录不全",
                "督察抽查 3 个社区,法律顾问服务台账缺少 8 月至 10 月记录。", -20,
                [("补齐社区法律顾问服务台账", 5, false)]
            ),
        ]
        for item in items {
            let input = ProblemInput(
                unitCode: item.unit, source: item.source.rawValue, title: item.title, description: item.description,
                raisedOn: day(item.raised), measures: item.measures.map { MeasureInput(text: $0.0, due: day($0.1)) })
            let problem = try await ProblemService.create(input, actor: actor, on: db, now: now)
            let measures = problem.measures.sorted { $0.sort < $1.sort }
            for (measure, spec) in zip(measures, item.measures) where spec.2 {
                measure.doneOn = today.adding(days: spec.1 - 3)
                measure.note = "已按期完成"
                try await measure.update(on: db)
            }
            guard item.measures.allSatisfy(\.2) else { continue }
            let pdf = AssessmentDemo.demoPDF("Fazhi demo rectification \(problem.number)")
            let file = try AttachmentService.accept(
                .bytes(filename: "\(problem.number) 整改报告.pdf", data: pdf), maxBytes: pdf.count, into: app.fileStore)
            try await AttachmentService.attach(
                file, to: .problem, id: try problem.requireID(), by: "\(item.unit)-liaison", at: now.addingTimeInterval(-86_400 * 30), on: db)
            try await ProblemService.report(problem, note: "各项措施均已完成,整改报告见附件。", actor: .system("\(item.unit)-liaison"), on: db, now: now)
            if item.source == .correction {
                try await ProblemService.decide(problem, close: true, note: "经核查,同类案件已全部自查,裁量基准已修订,同意销号。", actor: actor, on: db, now: now)
            }
        }
    }
}
