import Testing

@testable import FazhiCore

@Suite struct AuditDiffTests {
    @Test func onlyChangedFieldsAreListedAsText() {
        let changes = AuditDiff.changes(
            before: #"{"due":"2026-06-30","title":"A","coUnits":["x","y"],"done":false,"progress":40,"same":1}"#,
            after: #"{"due":"2026-07-31","title":"A","coUnits":["x"],"done":true,"progress":60,"same":1,"note":"新"}"#)
        #expect(
            changes == [
                .init(field: "coUnits", before: "x、y", after: "x"),
                .init(field: "done", before: "否", after: "是"),
                .init(field: "due", before: "2026-06-30", after: "2026-07-31"),
                .init(field: "note", before: nil, after: "新"),
                .init(field: "progress", before: "40", after: "60"),
            ])
    }

    @Test func oneSnapshotListsItsFieldsAndTextIsOneChange() {
        #expect(
            AuditDiff.changes(before: nil, after: #"{"name":"甲","n":null}"#) == [
                .init(field: "n", before: nil, after: ""), .init(field: "name", before: nil, after: "甲"),
            ])
        #expect(AuditDiff.changes(before: nil, after: "[1,2]") == [.init(field: "", before: nil, after: "[1,2]")])
        #expect(AuditDiff.changes(before: nil, after: nil).isEmpty)
        #expect(
            AuditDiff.changes(before: #"{"a":{"b":1}}"#, after: #"{"a":{"b":2}}"#) == [.init(field: "a", before: #"{"b":1}"#, after: #"{"b":2}"#)])
    }
}
