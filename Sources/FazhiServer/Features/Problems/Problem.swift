import FazhiCore
import Fluent
import Foundation

/// 问题池 one problem a unit must rectify, from a finding, an inspection, supervision or a correction.
final class Problem: Model, @unchecked Sendable {
    static let schema = "problems"

    @ID(key: .id) var id: UUID?
    /// `WT-2026-007`.
    @Field(key: "number") var number: String
    @Parent(key: "unit_id") var unit: OrgNode
    @Field(key: "source") var source: ProblemSource
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    /// Local date `YYYY-MM-DD` the problem was found.
    @Field(key: "raised_on") var raisedOn: String
    @Field(key: "status") var status: ProblemStatus
    @OptionalField(key: "reported_at") var reportedAt: Date?
    @OptionalField(key: "report_note") var reportNote: String?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closed_by") var closedBy: String?
    /// The office's check when closing, or its reason when reopening.
    @OptionalField(key: "office_note") var officeNote: String?
    @Field(key: "created_by") var createdBy: String
    @Field(key: "version") var version: Int
    @Children(for: \.$problem) var measures: [ProblemMeasure]

    init() {}
}

/// 整改措施 one measure of a problem, with its deadline and the day the unit reported it done.
final class ProblemMeasure: Model, @unchecked Sendable {
    static let schema = "problem_measures"

    @ID(key: .id) var id: UUID?
    @Parent(key: "problem_id") var problem: Problem
    @Field(key: "sort") var sort: Int
    @Field(key: "text") var text: String
    @Field(key: "due") var due: String
    @OptionalField(key: "done_on") var doneOn: String?
    @OptionalField(key: "note") var note: String?

    init() {}
}

/// 整改佐证 a file proving a measure done, kept in the content-addressed evidence store.
final class ProblemFile: Model, @unchecked Sendable {
    static let schema = "problem_files"

    @ID(key: .id) var id: UUID?
    @Parent(key: "problem_id") var problem: Problem
    @Field(key: "sha256") var sha256: String
    @Field(key: "filename") var filename: String
    @Field(key: "size") var size: Int
    @Field(key: "uploaded_by") var uploadedBy: String
    @Field(key: "uploaded_at") var uploadedAt: Date

    init() {}
}
