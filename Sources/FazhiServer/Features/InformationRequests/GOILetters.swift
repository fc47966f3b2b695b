import FazhiCore
import FazhiOffice
import Foundation

/// 告知书 the letters a request produces, as Word documents with their legal basis: the reply
/// notice (答复告知书), the extension notice (延期答复告知书), the clarification notice (补正告知书), the
/// fee notice (收费通知书) and the notice of a later answer date (延迟答复告知书, 第三十五条).
/// Each has the same frame — title, reference, addressee, what was received, the body, the organ
/// and the date — around its own body.
enum GOILetters {
    static let law = "《中华人民共和国政府信息公开条例》"

    static func chinese(_ date: LocalDate?) -> String { LocalDate.letterText(date) }

    /// The letter's title, reference suffix, body paragraphs and date.
    private struct Content {
        let title: String
        let suffix: String
        let body: [String]
        let date: LocalDate?
    }

    static func letter(_ kind: String, request r: GOIRequest, clock: GOIClock?) throws -> (String, [DOCX.Block]) {
        let content = try body(kind, request: r, clock: clock)
        let receipt = "本机关于\(chinese(r.receivedOn))收到您通过\(r.channel.label)方式提出的政府信息公开申请(申请编号 \(r.number)),申请获取:“\(r.content)”。"
        var blocks: [DOCX.Block] = [
            .paragraph(.title(content.title)),
            .paragraph(DOCX.Paragraph("\(r.number)-\(content.suffix)", alignment: .right, indent: 0)),
            .paragraph(DOCX.Paragraph("\(r.applicantName.isEmpty ? "申请人" : r.applicantName):", alignment: .left, indent: 0)),
        ]
        blocks += ([receipt] + content.body).map { .paragraph(DOCX.Paragraph($0)) }
        blocks.append(.paragraph(DOCX.Paragraph(r.unit.name, alignment: .right, indent: 0)))
        blocks.append(.paragraph(DOCX.Paragraph(chinese(content.date), alignment: .right, indent: 0)))
        return (content.title, blocks)
    }

    private static func body(_ kind: String, request r: GOIRequest, clock: GOIClock?) throws -> Content {
        switch kind {
        case "clarify":
            guard r.clarifySentOn != nil else { throw AppError.conflict("本申请没有发出补正告知") }
            let items = (r.clarifyItems ?? "").components(separatedBy: "\n").map(\.trimmed).filter { !$0.isEmpty }
            return Content(
                title: "政府信息公开申请补正告知书", suffix: "补正",
                body: ["经审查,您的申请内容不明确,根据\(law)第三十条的规定,请您对以下事项作出补正:"] + items
                    + ["请您于\(chinese(r.clarifyDueOn))前向本机关提交补正后的申请。答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的,视为放弃申请,本机关不再处理该政府信息公开申请。"],
                date: r.clarifySentOn)
        case "extension":
            guard r.extensionDays > 0 else { throw AppError.conflict("本申请没有延长答复期限") }
            guard let due = clock?.due, let first = clock?.firstDue else {
                throw AppError.conflict("延长后的答复期限无法计算,无法生成告知书;请核对收到日期和延长天数")
            }
            var body = [
                "因\(r.extensionReason ?? ""),不能在规定期限内(\(chinese(first))前)作出答复。根据\(law)第三十三条第二款的规定,经本机关政府信息公开工作机构负责人批准,答复期限延长\(r.extensionDays)个工作日,本机关将于\(chinese(due))\(clock?.provisional == nil ? "" : "(暂定)")前作出答复。"
            ]
            // A date that depends on a year whose holiday notice is not out yet says so, and how it will be settled.
            if let mark = clock?.provisional {
                body.append("(注:\(mark.years.lowerBound)年国务院办公厅节假日安排尚未发布,上述日期暂按周一至周五为工作日计算;节假日安排发布后,如答复期限因此变化,本机关将另行告知。)")
            }
            return Content(title: "政府信息公开申请延期答复告知书", suffix: "延期", body: body, date: r.extensionOn)
        case "fee":
            guard let notice = r.feeNotice else { throw AppError.conflict("本申请没有发出收费通知") }
            let payBy = clock?.payBy
            let basis =
                r.feeMethod == .perPage
                ? "按量计收(第五条):您要求以\(r.delivery.label)方式获取的政府信息共\(r.feeQuantity)页,30页以内不收费,31—100页10元/页,101—200页20元/页,201页以上40元/页,超额累进"
                : "按件计收(第四条):本申请是您本自然月内提出的第\(r.feeQuantity)件政府信息公开申请,10件以内不收费,11—30件100元/件,31件以上每增加10件收费标准提高100元/件,超额累进"
            return Content(
                title: "政府信息公开信息处理费收费通知书", suffix: "收费",
                body: [
                    "根据\(law)第四十二条和《政府信息公开信息处理费管理办法》(国办函〔2020〕109号)的规定,本机关决定对您的申请收取信息处理费。",
                    "收费依据和标准:\(basis)。",
                    "收费金额:人民币\(r.feeAmount)元。",
                    "缴费方式:请持本通知书到本机关或者按本机关告知的非税收入缴款方式缴纳,并保留缴费凭证。",
                    "请您自收到本通知书之日的次日起20个工作日内\(payBy.map { "(即\(chinese($0))前)" } ?? "")缴纳费用;逾期未缴纳的,视为放弃申请,本机关不再处理该政府信息公开申请。自本通知书送达之日至您缴纳费用之日的期间,不计算在答复期限内。",
                ],
                date: notice.deliveredOn)
        case "delay":
            guard let by = r.delayAnswerBy else { throw AppError.conflict("本申请没有确定延迟答复") }
            return Content(
                title: "政府信息公开申请延迟答复告知书", suffix: "延迟",
                body: [
                    "您申请公开政府信息的数量、频次明显超过合理范围。经审查,您说明的理由合理,但本机关无法在\(law)第三十三条规定的期限内答复。根据\(law)第三十五条的规定,本机关确定延迟答复的合理期限,将于\(chinese(by))前作出答复。",
                    "延迟理由:\(r.delayReason ?? "")。",
                ],
                date: r.delayDecidedOn)
        case "reply":
            guard let type = r.replyType, r.closedOn != nil else { throw AppError.conflict("本申请尚未答复") }
            var body = ["经审查,根据\(type.basis)的规定,现答复如下:", type.answer]
            let grounds = r.groundList
            if !grounds.isEmpty {
                body.append(
                    (type == .partial ? "不予公开部分的理由:" : "理由:") + grounds.map { "\($0.reason),根据\($0.basis)的规定不予公开" }.joined(separator: ";") + "。")
            }
            if let note = r.replyNote, !note.isEmpty { body.append(note) }
            if let paid = r.feePaidOn, r.feeAmount > 0 {
                body.append(
                    "根据《政府信息公开信息处理费管理办法》(国办函〔2020〕109号),本次申请\(r.feeMethod.label)信息处理费\(r.feeAmount)元(\(r.feeMethod == .perPage ? "\(r.feeQuantity)页" : "本自然月第\(r.feeQuantity)件申请")),您已于\(chinese(paid))缴纳。"
                )
            }
            // The remedy follows the reply type: reconsideration first for a refusal to disclose.
            body.append(type.remedy)
            return Content(title: "政府信息公开申请答复告知书", suffix: "答复", body: body, date: r.closedOn)
        default:
            throw AppError.notFound("告知书")
        }
    }
}
