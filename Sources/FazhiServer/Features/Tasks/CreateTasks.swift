import Fluent
import SQLKit

/// 004: tasks, their co-units and progress notes.
struct CreateTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tasks")
            .id()
            .field("plan_id", .uuid, .required, .references("plans", "id", onDelete: .cascade))
            .field("arrangement_id", .uuid, .required, .references("arrangements", "id"))
            .field("lead_unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("start_date", .string, .required)
            .field("due_date", .string, .required)
            .field("deliverable", .string, .required)
            .field("progress", .int, .required)
            .field("completed_on", .string)
            .field("cancelled", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema("task_co_units")
            .id()
            .field("task_id", .uuid, .required, .references("tasks", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .unique(on: "task_id", "unit_id")
            .create()
        try await database.schema("progress_notes")
            .id()
            .field("task_id", .uuid, .required, .references("tasks", "id", onDelete: .cascade))
            .field("author_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("author_name", .string, .required)
            .field("progress", .int)
            .field("text", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        // Lists filter tasks by plan, unit and due date; notes are read per task.
        let sql = try database.sql()
        try await sql.create(index: "tasks_plan_idx").on("tasks").column("plan_id").run()
        try await sql.create(index: "tasks_lead_unit_idx").on("tasks").column("lead_unit_id").run()
        try await sql.create(index: "tasks_due_idx").on("tasks").column("due_date").run()
        try await sql.create(index: "task_co_units_unit_idx").on("task_co_units").column("unit_id").run()
        try await sql.create(index: "progress_notes_task_idx").on("progress_notes").column("task_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["progress_notes", "task_co_units", "tasks"] {
            try await database.schema(table).delete()
        }
    }
}
