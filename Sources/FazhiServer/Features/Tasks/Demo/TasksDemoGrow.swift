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
                newCo += try DemoGrow.cloneChildren(coUnits[id], to: newID) { $0.$task.id = $1 }
                newNotes += try DemoGrow.cloneChildren(notes[id], to: newID) { $0.$task.id = $1 }
                newReports += try DemoGrow.cloneChildren(reports[id], to: newID) { $0.$task.id = $1 }
            }
            try await DemoGrow.insert(newTasks, on: db)
            try await DemoGrow.insert(newCo, on: db)
            try await DemoGrow.insert(newNotes, on: db)
            try await DemoGrow.insert(newReports, on: db)
        }
    }
}
