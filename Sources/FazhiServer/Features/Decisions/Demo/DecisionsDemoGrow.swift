import FazhiCore
import Fluent
import Vapor

extension DecisionsModule {
    /// `fazhi demo grow`: copies of every decision with its expert, meeting and public opinions and
    /// execution reports (new numbers and receipts), so the lists and pages are measured with more rows.
    func growDemo(_ app: Application, factor: Int) async throws {
        let db = app.db
        let decisions = try await MajorDecision.query(on: db).all()
        let experts = Dictionary(grouping: try await DecisionExpertOpinion.query(on: db).all(), by: \.$decision.id)
        let meeting = Dictionary(grouping: try await DecisionMeetingOpinion.query(on: db).all(), by: \.$decision.id)
        let reports = Dictionary(grouping: try await DecisionExecutionReport.query(on: db).all(), by: \.$decision.id)
        let opinions = Dictionary(grouping: try await ConsultationOpinion.query(on: db).all(), by: \.$decision.id)
        var next = DemoGrowNumbers(existing: decisions.map(\.number))
        var receipts = DemoGrowNumbers(existing: [])
        for _ in 1..<factor {
            var newDecisions: [MajorDecision] = [], newExperts: [DecisionExpertOpinion] = [], newMeeting: [DecisionMeetingOpinion] = []
            var newReports: [DecisionExecutionReport] = [], newOpinions: [ConsultationOpinion] = []
            for d in decisions {
                guard let id = d.id else { continue }
                let x = try DemoGrow.clone(d)
                let newID = UUID()
                x.id = newID
                x.number = next.number(after: d.number)
                newDecisions.append(x)
                newExperts += try DemoGrow.cloneChildren(experts[id], to: newID) { $0.$decision.id = $1 }
                newMeeting += try DemoGrow.cloneChildren(meeting[id], to: newID) { $0.$decision.id = $1 }
                newReports += try DemoGrow.cloneChildren(reports[id], to: newID) { $0.$decision.id = $1 }
                let copies = try DemoGrow.cloneChildren(opinions[id], to: newID) { $0.$decision.id = $1 }
                for o in copies { o.receipt = receipts.number(after: o.receipt) }
                newOpinions += copies
            }
            try await DemoGrow.insert(newDecisions, on: db)
            try await DemoGrow.insert(newExperts, on: db)
            try await DemoGrow.insert(newMeeting, on: db)
            try await DemoGrow.insert(newReports, on: db)
            try await DemoGrow.insert(newOpinions, on: db)
        }
    }
}
