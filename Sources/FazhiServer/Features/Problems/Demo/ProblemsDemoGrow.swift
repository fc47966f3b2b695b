import Fluent
import Foundation
import Vapor

extension ProblemsModule {
    /// Adds `factor − 1` copies of every problem with its measures, numbered on after the year's last.
    func growDemo(_ app: Application, factor: Int) async throws {
        let db = app.db
        let problems = try await Problem.query(on: db).all()
        let measures = Dictionary(grouping: try await ProblemMeasure.query(on: db).all(), by: \.$problem.id)
        var next = DemoGrowNumbers(existing: problems.map(\.number))
        for _ in 1..<factor {
            var newProblems: [Problem] = [], newMeasures: [ProblemMeasure] = []
            for p in problems {
                guard let id = p.id else { continue }
                let x = try DemoGrow.clone(p)
                let newID = UUID()
                x.id = newID
                x.number = next.number(after: p.number)
                newProblems.append(x)
                newMeasures += try DemoGrow.cloneChildren(measures[id], to: newID) { $0.$problem.id = $1 }
            }
            try await DemoGrow.insert(newProblems, on: db)
            try await DemoGrow.insert(newMeasures, on: db)
        }
    }
}
