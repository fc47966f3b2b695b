import Fluent
import Foundation
import Vapor

extension TasksModule {
    /// Adds `factor − 1` copies of every task with its co-units, progress notes and progress
    /// reports (evidence files stay with the originals).
    func growDemo(_ app: Application, factor: Int) async throws {
        let db = app.db
        let tasks = try await PlanTask.query(on: db).all()
        let ids = tasks.compactMap(\.id)
        let coUnits = Dictionary(grouping: try await TaskCoUnit.query(on: db).filter(\.$task.$id ~~ ids).all(), by: \.$task.id)
        let notes = Dictionary(grouping: try await ProgressNote.query(on: db).filter(\.$task.$id ~~ ids).all(), by: \.$task.id)
        let reports = Dictionary(grouping: try await ProgressReport.query(on: db).filter(\.$task.$id ~~ ids).all(), by: \.$task.id)
        for copy in 1..<factor {
            var newTasks: [PlanTask] = [], newCo: [TaskCoUnit] = [], newNotes: [ProgressNote] = [], newReports: [ProgressReport] = []
            for task in tasks {
                guard let id = task.id else { continue }
                let t = try DemoGrow.clone(task)
                let newID = UUID()
                t.id = newID
                t.title = "\(task.title)(\(copy + 1))"
                newTasks.append(t)
                for c in coUnits[id] ?? [] {
                    let x = try DemoGrow.clone(c)
                    x.id = UUID(); x.$task.id = newID
                    newCo.append(x)
                }
                for n in notes[id] ?? [] {
                    let x = try DemoGrow.clone(n)
                    x.id = UUID(); x.$task.id = newID
                    newNotes.append(x)
                }
                for r in reports[id] ?? [] {
                    let x = try DemoGrow.clone(r)
                    x.id = UUID(); x.$task.id = newID
                    newReports.append(x)
                }
            }
            try await DemoGrow.insert(newTasks, on: db)
            try await DemoGrow.insert(newCo, on: db)
            try await DemoGrow.insert(newNotes, on: db)
            try await DemoGrow.insert(newReports, on: db)
        }
    }
}
