import Fluent
import Foundation
import Vapor

extension InformationRequestsModule {
    /// Adds `factor − 1` copies of every request with its consultations, numbered on after the year's last.
    func growDemo(_ app: Application, factor: Int) async throws {
        let db = app.db
        let requests = try await GOIRequest.query(on: db).all()
        let consultations = Dictionary(grouping: try await GOIConsultationRecord.query(on: db).all(), by: \.$request.id)
        var next = DemoGrowNumbers(existing: requests.map(\.number))
        for _ in 1..<factor {
            var newRequests: [GOIRequest] = [], newConsultations: [GOIConsultationRecord] = []
            for r in requests {
                guard let id = r.id else { continue }
                let x = try DemoGrow.clone(r)
                let newID = UUID()
                x.id = newID
                x.number = next.number(after: r.number)
                newRequests.append(x)
                newConsultations += try DemoGrow.cloneChildren(consultations[id], to: newID) { $0.$request.id = $1 }
            }
            try await DemoGrow.insert(newRequests, on: db)
            try await DemoGrow.insert(newConsultations, on: db)
        }
    }
}
