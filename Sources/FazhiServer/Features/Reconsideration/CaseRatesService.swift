import FazhiCore
import Fluent
import SQLKit
import Vapor

/// 纠错率、败诉率、负责人出庭应诉率、意见书和司法建议回复率 per unit and for the district, for one
/// year, counted in the database (one `GROUP BY` per rate: a city's hundred thousand cases come back
/// as a few hundred counts) and turned into rates by the definitions in FazhiCore.
///
/// Which cases a year counts: reconsiderations 审结 (closed with a decision) in the year; lawsuits
/// whose first-instance decision was served in the year; hearings held in the year (one per case
/// and instance, 规定第七条); 意见书 and 司法建议 received in the year whose reply is made or due.
enum CaseRatesService {
    struct Rates: Sendable {
        var correction: CaseRate
        var comprehensive: CaseRate
        var loss: CaseRate
        var appearance: CaseRate
        var reply: CaseRate

        static var empty: Rates { Rates(counts: .init()) }

        /// The rates of `counts` under the definitions in force (`CaseRateConfig`).
        init(counts: Counts, definitions: CaseRateDefinitions = CaseRateConfig.active) {
            correction = definitions.correction.rate(counts: counts.decisions)
            comprehensive = definitions.comprehensiveCorrection.rate(
                counts: counts.decisions,
                extraNumerator: definitions.countsSelfCorrected
                    ? counts.selfCorrected.filter { !definitions.comprehensiveCorrection.numerator.contains($0.key) }.values.reduce(0, +) : 0)
            loss = definitions.loss.rate(counts: counts.judgments)
            appearance = CaseRate(
                numerator: counts.headAppearances, denominator: counts.hearings,
                definition: CourtAppearance.appearanceRate([]).definition)
            reply = CaseRate.replyRate(replied: counts.replied, due: counts.replyDue)
        }
    }

    /// The counts one unit's rates come from.
    struct Counts: Sendable {
        var decisions: [ReconsiderationDecision: Int] = [:]
        /// Cases the respondent corrected itself before they ended, by outcome.
        var selfCorrected: [ReconsiderationDecision: Int] = [:]
        var judgments: [JudgmentOutcome: Int] = [:]
        var hearings = 0
        var headAppearances = 0
        var replyDue = 0
        var replied = 0

        mutating func add(_ other: Counts) {
            decisions.merge(other.decisions, uniquingKeysWith: +)
            judgments.merge(other.judgments, uniquingKeysWith: +)
            selfCorrected.merge(other.selfCorrected, uniquingKeysWith: +)
            hearings += other.hearings
            headAppearances += other.headAppearances
            replyDue += other.replyDue
            replied += other.replied
        }
    }

    /// The counts for `year` of every unit in `scope` (units without a case absent).
    static func counts(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> [UUID: Counts] {
        let sql = try db.sql()
        let first = "\(year)-01-01", last = "\(year)-12-31"
        var result: [UUID: Counts] = [:]
        func only(_ column: String) -> SQLQueryString { scope.andUnits(column) }

        let decided: SQLQueryString = """
            SELECT unit_id, decision, self_corrected, COUNT(*) AS n FROM reconsideration_cases
            WHERE decision IS NOT NULL AND closed_on >= \(bind: first) AND closed_on <= \(bind: last)\(only("unit_id"))
            GROUP BY unit_id, decision, self_corrected
            """
        for row in try await sql.raw(decided).all() {
            let id = try row.decode(column: "unit_id", as: UUID.self)
            guard let decision = ReconsiderationDecision(rawValue: try row.decode(column: "decision", as: String.self)) else { continue }
            let n = Int(try row.decode(column: "n", as: Int64.self))
            result[id, default: .init()].decisions[decision, default: 0] += n
            if try row.decode(column: "self_corrected", as: Bool.self) { result[id, default: .init()].selfCorrected[decision, default: 0] += n }
        }

        let judged: SQLQueryString = """
            SELECT unit_id, first_outcome, COUNT(*) AS n FROM lawsuit_cases
            WHERE first_outcome IS NOT NULL AND first_served_on >= \(bind: first) AND first_served_on <= \(bind: last)\(only("unit_id"))
            GROUP BY unit_id, first_outcome
            """
        for row in try await sql.raw(judged).all() {
            let id = try row.decode(column: "unit_id", as: UUID.self)
            guard let outcome = JudgmentOutcome(rawValue: try row.decode(column: "first_outcome", as: String.self)) else { continue }
            result[id, default: .init()].judgments[outcome, default: 0] += Int(try row.decode(column: "n", as: Int64.self))
        }

        // One appearance per case and instance suffices (规定第七条): a head at any hearing of it counts.
        let heads = CourtAppearance.allCases.filter(\.isHead).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let appeared: SQLQueryString = """
            SELECT unit_id, COUNT(*) AS n, SUM(head) AS heads FROM (
              SELECT l.unit_id AS unit_id, h.lawsuit_id, h.instance,
                     MAX(CASE WHEN h.appearance IN (\(unsafeRaw: heads)) THEN 1 ELSE 0 END) AS head
              FROM lawsuit_hearings h JOIN lawsuit_cases l ON l.id = h.lawsuit_id
              WHERE h.appearance IS NOT NULL AND h.hearing_on >= \(bind: first) AND h.hearing_on <= \(bind: last)\(only("l.unit_id"))
              GROUP BY l.unit_id, h.lawsuit_id, h.instance) per_instance
            GROUP BY unit_id
            """
        for row in try await sql.raw(appeared).all() {
            let id = try row.decode(column: "unit_id", as: UUID.self)
            result[id, default: .init()].hearings += Int(try row.decode(column: "n", as: Int64.self))
            result[id, default: .init()].headAppearances += Int(try row.decode(column: "heads", as: Int64.self))
        }

        let t = today.description
        let replies: SQLQueryString = """
            SELECT unit_id, SUM(due) AS due, SUM(replied) AS replied FROM (
              SELECT unit_id, 1 AS due, CASE WHEN opinion_replied_on IS NULL THEN 0 ELSE 1 END AS replied FROM reconsideration_cases
              WHERE opinion_on >= \(bind: first) AND opinion_on <= \(bind: last)
                AND (opinion_replied_on IS NOT NULL OR opinion_reply_due_on < \(bind: t))\(only("unit_id"))
              UNION ALL
              SELECT unit_id, 1 AS due, CASE WHEN suggestion_replied_on IS NULL THEN 0 ELSE 1 END AS replied FROM lawsuit_cases
              WHERE suggestion_on >= \(bind: first) AND suggestion_on <= \(bind: last)
                AND (suggestion_replied_on IS NOT NULL OR suggestion_reply_due_on < \(bind: t))\(only("unit_id"))) r
            GROUP BY unit_id
            """
        for row in try await sql.raw(replies).all() {
            let id = try row.decode(column: "unit_id", as: UUID.self)
            result[id, default: .init()].replyDue += Int(try row.decode(column: "due", as: Int64.self))
            result[id, default: .init()].replied += Int(try row.decode(column: "replied", as: Int64.self))
        }
        return result
    }

    /// The district's rates: every unit's counts added.
    static func district(_ counts: [UUID: Counts]) -> Rates {
        var all = Counts()
        for c in counts.values { all.add(c) }
        return Rates(counts: all)
    }
}
