import FazhiCore
import Fluent
import Vapor

extension EnforcementModule {
    /// `fazhi demo grow`: copies of every case with its officers (the same people: certificates are
    /// unique) and its records, under new numbers, so the case lists are measured with more rows.
    func growDemo(_ app: Application, factor: Int) async throws {
        let db = app.db
        let cases = try await EnforcementCase.query(on: db).all()
        let officers = Dictionary(grouping: try await EnforcementCaseOfficer.query(on: db).all(), by: \.$enforcementCase.id)
        let records = Dictionary(grouping: try await EnforcementRecord.query(on: db).all(), by: \.$enforcementCase.id)
        var next = DemoGrowNumbers(existing: cases.map(\.number))
        for _ in 1..<factor {
            var newCases: [EnforcementCase] = [], newOfficers: [EnforcementCaseOfficer] = [], newRecords: [EnforcementRecord] = []
            for c in cases {
                guard let id = c.id else { continue }
                let x = try DemoGrow.clone(c)
                let newID = UUID()
                x.id = newID
                x.number = next.number(after: c.number)
                newCases.append(x)
                newOfficers += try DemoGrow.cloneChildren(officers[id], to: newID) { $0.$enforcementCase.id = $1 }
                newRecords += try DemoGrow.cloneChildren(records[id], to: newID) { $0.$enforcementCase.id = $1 }
            }
            try await DemoGrow.insert(newCases, on: db)
            try await DemoGrow.insert(newOfficers, on: db)
            try await DemoGrow.insert(newRecords, on: db)
        }
    }
}
