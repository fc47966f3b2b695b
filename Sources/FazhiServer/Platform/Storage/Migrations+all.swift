import Fluent

extension Migrations {
    /// The schema changelog, in order. Never edit a shipped migration; add a new one.
    func addFazhiMigrations() {
        add(CreateOrgNodes())  // 001 organisation tree, unit categories
        add(CreateUsers())  // 002 users, sessions, API tokens
        add(CreatePlans())  // 003 plans, plan units, work areas, arrangements
        add(CreateTasks())  // 004 tasks, co-units, progress notes
        add(CreateAuditEvents())  // 005 audit trail and chain head
        add(CreateCalendar())  // 006 working-day calendar
        add(CreateIndicatorTrees())  // 007 indicator trees and nodes
        add(CreateAssessmentCycles())  // 008 assessment cycles, scores, surveys and adjustments
        add(CreateReview())  // 009 windows, self-assessments, evidence, assignments, marks, supplements, objections
        add(CreateProblems())  // 010 problem pool, rectification measures, evidence files
        add(AddSupervisionFields())  // 011 e-mail, task extension and pause, open-item indexes
        add(CreateProgressReports())  // 012 reporting periods, progress reports, their files
        add(CreateSupervisionNotices())  // 013 supervision notices (督办单), escalation ladder
        add(CreateNotifications())  // 014 inbox, robot channels, delivery outbox
        // 015 was the 依申请公开 register's own (CreateGOIRequests), now supplied by its module below.
        add(CreateNumberSequences())  // 016 number sequences for register numbers
        add(KeyAuditChain())  // 017 audit chain keyed with HMAC (key outside the database)
        add(AddListIndexes())  // 018 indexes of the paged lists (notices by unit, report files, unread notifications)
        add(CreateFormSubmissions())  // 019 one-time form tokens (a form submitted twice creates once)
        add(CreateAttachments())  // 020 one table for every uploaded file
        add(MoveEvidenceToAttachments())  // 021 assessment evidence files into attachments
        add(MoveReportFilesToAttachments())  // 022 progress reports' files into attachments
        // Each register's own schema, in module order (a migration is known by its name, so a
        // database that ran them in the old order is unaffected).
        for module in RegisterModules.all { add(module.migrations) }
        add(CreateMetricTargets())  // 023 the yearly targets of the registers' metrics
        add(AddMetricBoundLeaves())  // 024 leaves bound to metrics, pinned metric scores and overrides
        add(CreateThrottleCounters())  // 025 rate-limit and sign-in counters shared by every process
        add(AddUserDistrict())  // 026 the district a user works in
        add(AddOrgRevision())  // 027 the organisation tree's revision and its parent index
        add(AddCycleDistrict())  // 028 an assessment cycle per district and year
        add(AddIndicatorTreeDistrict())  // 029 an indicator tree per district, year and category
        add(AddAuditDistrict())  // 030 the district whose audit log shows an event
        add(AddMetricTargetDistrict())  // 031 a metric's yearly target per district
    }
}
