import FazhiCore
import FazhiOffice
import Foundation

/// 行政复议文书 the letters a case produces, as Word documents citing their articles: 受理通知书,
/// 补正通知书, 提出答复通知书 (to the respondent), 延期审理通知书, 行政复议决定书 (the frame with the
/// case's facts; the reasoning is the office's to write) and 行政复议意见书. Each is the organ's title,
/// the case number, the addressee, the body and the organ with the date.
enum ReconsiderationLetters {
    static let law = "《中华人民共和国行政复议法》"

    private struct Content {
        let title: String
        let addressee: String
        let body: [String]
        let date: LocalDate?
    }

    static func letter(_ kind: String, case c: ReconsiderationCase, clock: ReconsiderationClock?, organ: String) throws -> (String, [DOCX.Block]) {
        let government = organ.hasSuffix("人民政府") ? organ : organ + "人民政府"
        let content = try body(kind, c, clock: clock, organ: government)
        var blocks: [DOCX.Block] = [
            .paragraph(.title(government)),
            .paragraph(.title(content.title)),
            .paragraph(DOCX.Paragraph("\(c.number)", alignment: .right, indent: 0)),
            .paragraph(DOCX.Paragraph("\(content.addressee):", alignment: .left, indent: 0)),
        ]
        blocks += content.body.map { .paragraph(DOCX.Paragraph($0)) }
        blocks.append(.paragraph(DOCX.Paragraph(government, alignment: .right, indent: 0)))
        blocks.append(.paragraph(DOCX.Paragraph(LocalDate.letterText(content.date), alignment: .right, indent: 0)))
        return (content.title, blocks)
    }

    private static func body(_ kind: String, _ c: ReconsiderationCase, clock: ReconsiderationClock?, organ: String) throws -> Content {
        let received = "本机关于\(LocalDate.letterText(c.receivedOn))收到你(单位)对\(c.unit.name)作出的\(c.act)不服提出的行政复议申请。"
        let applicant = c.applicantName
        switch kind {
        case "acceptance":
            guard let accepted = clock?.acceptedOn, c.rejectedOn == nil else { throw AppError.conflict("本案尚未受理") }
            return Content(
                title: "行政复议受理通知书", addressee: applicant,
                body: [
                    received,
                    "经审查,该申请符合\(law)第三十条第一款规定的受理条件,本机关决定自\(LocalDate.letterText(accepted))起予以受理,适用\(c.facts.effectiveProcedure.label)审理。",
                    c.facts.effectiveProcedure == .simplified
                        ? "根据\(law)第六十二条第二款的规定,本机关将自受理之日起三十日内作出行政复议决定。"
                        : "根据\(law)第六十二条第一款的规定,本机关将自受理之日起六十日内作出行政复议决定;情况复杂的,经行政复议机构负责人批准,可以适当延长,延长期限最多不超过三十日。",
                ], date: accepted)
        case "clarify":
            guard let sent = c.clarifySentOn else { throw AppError.conflict("本案没有发出补正通知") }
            return Content(
                title: "行政复议申请补正通知书", addressee: applicant,
                body: [
                    received,
                    "经审查,你(单位)的申请材料不齐全或者表述不清楚,无法判断是否符合\(law)第三十条第一款规定的受理条件。根据\(law)第三十一条第一款的规定,请你(单位)补正以下事项:",
                    c.clarifyItems ?? "",
                    "请自收到本通知书之日起十个工作日内提交补正材料。无正当理由逾期不补正的,视为你(单位)放弃行政复议申请,并记录在案。",
                ], date: sent)
        case "answer":
            guard let sent = c.copySentOn else { throw AppError.conflict("尚未发送申请书副本") }
            let days = c.facts.effectiveProcedure == .simplified ? "五日" : "十日"
            let article = c.facts.effectiveProcedure == .simplified ? "第五十四条" : "第四十八条"
            return Content(
                title: "行政复议答复通知书", addressee: c.unit.name,
                body: [
                    "\(applicant.isEmpty ? "申请人" : c.maskedApplicant)不服你单位作出的\(c.act),向本机关申请行政复议,本机关已依法受理。现将行政复议申请书副本发送你单位。",
                    "根据\(law)\(article)的规定,请你单位自收到申请书副本之日起\(days)内,提出书面答复,并提交作出行政行为的证据、依据和其他有关材料。",
                    "被申请人不按照规定提出书面答复、提交作出行政行为的证据、依据和其他有关材料的,视为该行政行为没有证据、依据,行政复议机关决定撤销、部分撤销该行政行为,确认该行政行为违法、无效或者决定被申请人在一定期限内履行(\(law)第七十条)。",
                ], date: sent)
        case "extension":
            guard c.extensionDays > 0, let due = clock?.step("reconsideration.decision")?.due else { throw AppError.conflict("本案没有延长审理期限") }
            return Content(
                title: "行政复议延期审理通知书", addressee: applicant,
                body: [
                    received,
                    "因\(c.extensionReason ?? "案件情况复杂"),本案不能在规定期限内作出行政复议决定。根据\(law)第六十二条第一款的规定,经行政复议机构负责人批准,审理期限延长\(c.extensionDays)日,本机关将于\(LocalDate.letterText(due))前作出行政复议决定。",
                ], date: c.extensionOn)
        case "decision":
            guard let decision = c.decision else { throw AppError.conflict("本案尚未作出决定") }
            var body = [
                "申请人:\(applicant)(\(c.applicantType.label))",
                "被申请人:\(c.unit.name)",
                "申请人不服被申请人作出的\(c.act),于\(LocalDate.letterText(c.receivedOn))向本机关申请行政复议,本机关依法已予受理。本案适用\(c.facts.effectiveProcedure.label)审理,现已审理终结。",
                "申请人请求:\(c.claim.isEmpty ? "(请填写)" : c.claim)",
                "被申请人称:(请填写被申请人的答复意见)",
                "经审理查明:(请填写查明的事实)",
                "本机关认为:\(c.decisionNote ?? "(请填写理由)")",
                "根据\(decision.article.replacingOccurrences(of: "《行政复议法》", with: law))的规定,本机关决定如下:\(decision.label)。",
            ]
            if ![.upheld, .claimRejected, .applicationRejected, .mediated, .settledWithdrawn, .terminated].contains(decision) {
                body.append("被申请人应当履行本决定;不履行或者无正当理由拖延履行的,本机关将依法责令限期履行,并约谈被申请人的有关负责人或者予以通报批评(\(law)第七十七条)。")
            }
            body.append("申请人如不服本决定,可以自收到本决定书之日起十五日内向人民法院提起行政诉讼(《中华人民共和国行政诉讼法》第四十五条)。")
            return Content(title: "行政复议决定书", addressee: "申请人、被申请人", body: body, date: c.closedOn)
        case "opinion":
            guard let on = c.opinionOn else { throw AppError.conflict("本案没有制发意见书") }
            return Content(
                title: "行政复议意见书", addressee: c.unit.name,
                body: [
                    "本机关在办理\(c.number)行政复议案件中,发现你单位的有关行政行为存在以下违法或者不当情形:",
                    c.opinionText ?? "",
                    "根据\(law)第七十六条的规定,请你单位自收到本意见书之日起六十日内,将纠正相关违法或者不当行政行为的情况报送本机关行政复议机构。",
                ], date: on)
        default:
            throw AppError.notFound("文书")
        }
    }
}
