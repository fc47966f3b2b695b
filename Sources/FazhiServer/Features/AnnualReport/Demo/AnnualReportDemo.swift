import FazhiCore
import Fluent
import Vapor

/// 演示年度报告: last year's reports, started in January — the district's submitted and published, most
/// units' published, one submitted late and not yet published, one still unsubmitted (both in the scan).
enum AnnualReportDemo {
    static func seed(_ app: Application, history: Bool) async throws {
        guard history else { return }
        let db = app.db, now = app.clock.now(), today = app.clock.today
        let year = today.year - 1
        guard let dates = AnnualReportDates(year: year) else { return }
        let district = try await Districts.node(nil, on: db)
        try await AnnualReportService.start(year: year, district: district, actor: DemoSeed.actor, today: today, on: db, now: now)
        let reports = try await AnnualReportService.list(year: year, scope: .all, on: db)
        let units = reports.filter { $0.unit.kind == .unit }
        for (i, r) in reports.enumerated() {
            let node = r.unit
            let isDistrict = node.kind != .unit
            let who = isDistrict ? "区政府" : node.name
            let parts: [AnnualReportPart: String] = [
                .measures: isDistrict
                    ? "区政府把法治政府建设纳入全区经济社会发展总体规划,召开区政府常务会议 4 次专题研究法治政府建设,制定年度工作要点并分解为 30 项任务,逐项明确牵头单位和完成时限。\n严格落实重大行政决策程序,全面推行行政执法“三项制度”,依法办理政府信息公开申请和行政复议、行政应诉案件。"
                    : "\(who)对照全区年度工作要点,制定本单位法治政府建设工作安排,明确分管领导和责任科室,按季度报送工作进展。\n严格落实规范性文件合法性审核和备案、行政执法公示等制度,依法办理政府信息公开申请。",
                .shortcomings: "一是部分工作人员运用法治思维和法治方式解决问题的能力有待提高;二是行政执法规范化水平仍有差距,个别案卷文书不够规范;三是法治宣传教育的针对性和实效性有待增强。原因主要是学法培训的系统性不够,执法监督和案卷评查的频次不足。",
                .leadership: "\(isDistrict ? "区政府主要负责人" : "本单位主要负责人")认真履行推进法治建设第一责任人职责,亲自部署、亲自推动重要工作,主持会前学法 \(4 + i % 3) 次,年终在述职中专题述法。",
                .nextYear: "\(year + 1)年,将继续对照年度工作要点,重点推进重大行政决策全过程管理、行政执法质量提升和政务公开标准化,按期完成各项任务,并加强法治督察和问题整改。",
                .other: "无。",
            ]
            try await AnnualReportService.save(r, node: node, parts: parts, actor: DemoSeed.actor, on: db, now: now)
            // The last unit has not submitted; the one before submitted late and is not published yet.
            let lastUnit = units.last?.id == r.id, late = units.count > 1 && units[units.count - 2].id == r.id
            guard !lastUnit else { continue }
            let submittedOn = late ? dates.reportBy.adding(days: 9) : dates.reportBy.adding(days: -(3 + i % 10))
            let user = DemoSeed.actor
            try await AnnualReportService.submit(
                r, node: node, to: isDistrict ? "区委、区人大常委会" : "区委、区政府(抄送区委全面依法治区委员会办公室)", on: submittedOn, actor: user, today: today,
                on: db, now: now)
            guard !late else { continue }
            try await AnnualReportService.publish(r, node: node, actor: user, today: today, on: db, now: now)
            // Published before the deadline (the day of publication is the demo's own past).
            r.publishedOn = dates.publishBy.adding(days: -(2 + i % 12))
            try await r.update(on: db)
        }
    }
}
