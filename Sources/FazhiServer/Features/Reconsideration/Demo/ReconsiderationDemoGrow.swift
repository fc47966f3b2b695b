import Fluent
import Foundation
import Vapor

extension ReconsiderationModule {
    /// Adds `factor − 1` copies of every case with its suspensions and every lawsuit with its
    /// hearings, numbered on after the last.
    func growDemo(_ app: Application, factor: Int) async throws {
        let db = app.db
        let cases = try await ReconsiderationCase.query(on: db).all()
        let suspensions = Dictionary(grouping: try await ReconsiderationSuspensionRecord.query(on: db).all(), by: \.$reconsideration.id)
        let suits = try await LawsuitCase.query(on: db).all()
        let hearings = Dictionary(grouping: try await CourtHearingRecord.query(on: db).all(), by: \.$lawsuit.id)
        var numbers = DemoGrowNumbers(existing: cases.map(\.number) + suits.map(\.number))
        for _ in 1..<max(factor, 1) {
            var newCases: [ReconsiderationCase] = [], newSuspensions: [ReconsiderationSuspensionRecord] = []
            for c in cases {
                guard let id = c.id else { continue }
                let x = try DemoGrow.clone(c)
                let newID = UUID()
                x.id = newID
                x.number = numbers.number(after: c.number)
                newCases.append(x)
                newSuspensions += try DemoGrow.cloneChildren(suspensions[id], to: newID) { $0.$reconsideration.id = $1 }
            }
            var newSuits: [LawsuitCase] = [], newHearings: [CourtHearingRecord] = []
            for s in suits {
                guard let id = s.id else { continue }
                let x = try DemoGrow.clone(s)
                let newID = UUID()
                x.id = newID
                x.number = numbers.number(after: s.number)
                // A copy refers to no reconsideration case of its own.
                x.$reconsideration.id = nil
                newSuits.append(x)
                newHearings += try DemoGrow.cloneChildren(hearings[id], to: newID) { $0.$lawsuit.id = $1 }
            }
            try await DemoGrow.insert(newCases, on: db)
            try await DemoGrow.insert(newSuspensions, on: db)
            try await DemoGrow.insert(newSuits, on: db)
            try await DemoGrow.insert(newHearings, on: db)
        }
    }
}
