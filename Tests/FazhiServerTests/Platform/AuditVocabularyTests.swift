import FazhiCore
import Fluent
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// The audit log names every event in Chinese: each code the platform and the registers write
    /// is declared once with its name.
    @Suite struct AuditVocabularyTests {
        @Test func everyDeclaredCodeIsUniqueAndNamed() {
            let actions = AuditAction.platform + RegisterModules.all.flatMap(\.auditActions)
            let entities = AuditEntity.platform + RegisterModules.all.flatMap(\.auditEntities)
            #expect(Set(actions.map(\.code)).count == actions.count, "an action code declared twice")
            #expect(Set(entities.map(\.code)).count == entities.count, "an entity code declared twice")
            for action in actions { #expect(!action.label.isEmpty && action.label != action.code, "\(action.code)") }
            for entity in entities { #expect(!entity.label.isEmpty && entity.label != entity.code, "\(entity.code)") }
        }

        @Test func theDemosEventsAndTheAuditPageUseTheNames() async throws {
            try await withFazhiApp(registers: true) { app, _ in
                let vocabulary = AuditVocabulary.all
                let events = try await AuditEvent.query(on: app.db).all()
                for code in Set(events.map(\.action)) { #expect(vocabulary.actionLabel(code) != code, "action \(code) has no name") }
                for code in Set(events.map(\.entityType)) { #expect(vocabulary.entityLabel(code) != code, "entity \(code) has no name") }
                var office = try await Browser.signedIn(app, as: "office")
                let page = try await office.get("/audit?type=goi_request").body.string
                #expect(page.contains("政府信息公开申请"))
                #expect(!page.contains(">goi_request<"))
                // What changed is a list of named fields, not the snapshot's JSON.
                let problems = try await office.get("/audit?type=problem").body.string
                // Stored codes read as words: a problem's status, not `reported` → `closed`.
                let reported = ProblemStatus.reported.label, closed = ProblemStatus.closed.label
                #expect(problems.contains(#"<span class="field">状态</span><del>\#(reported)</del> → <ins>\#(closed)</ins>"#))
                #expect(!problems.contains("<del>reported</del>"))
                #expect(vocabulary.valueLabel(entity: "user", field: "role", value: "office") == "法治办")
                #expect(vocabulary.valueLabel(entity: "goi_request", field: "replyType", value: "disclosed") == GOIReplyType.disclosed.label)
                #expect(vocabulary.valueLabel(entity: "problem", field: "title", value: "open") == "open", "only coded fields are translated")
                #expect(!problems.contains(#"{"measures""#))
            }
        }
    }
}
