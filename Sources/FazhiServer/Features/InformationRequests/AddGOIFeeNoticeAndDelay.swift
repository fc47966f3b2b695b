import Fluent
import SQLKit

/// The 依申请公开 register's second schema step: the fee notice (收费通知) with its payment, the
/// 第三十五条 延迟答复, and the day a consulted party received the consultation letter. Consultations
/// recorded before this step counted the party's 15 working days from sending; they keep that reading
/// (their receipt is set to the day sent), so no stored due date moves.
struct AddGOIFeeNoticeAndDelay: AsyncMigration {
    static let requestColumns = ["fee_notice_on", "fee_paid_on", "delay_decided_on", "delay_answer_by", "delay_reason"]

    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE.
        for name in Self.requestColumns { try await database.schema("goi_requests").field(.string(name), .string).update() }
        try await database.schema("goi_consultations").field("received_on", .string).update()
        let sql = try database.sql()
        try await sql.raw("UPDATE goi_consultations SET received_on = sent_on").run()
        // A fee recorded with an answer before this step was collected with it.
        try await sql.raw("UPDATE goi_requests SET fee_paid_on = closed_on WHERE fee_amount > 0 AND closed_on IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("goi_consultations").deleteField("received_on").update()
        for name in Self.requestColumns { try await database.schema("goi_requests").deleteField(.string(name)).update() }
    }
}
