import Testing
@testable import FazhiCore

@Suite struct AuditChainTests {
    /// A stand-in digest for the pure chain logic (the server uses SHA-256).
    static func digest(_ text: String) -> String { String(text.unicodeScalars.reduce(5381) { ($0 &* 33) &+ Int($1.value) }) }

    static func chain(_ n: Int) -> [AuditRecord] {
        var records: [AuditRecord] = []
        var previous = AuditChain.genesis
        for seq in 1...n {
            let text = AuditChain.canonicalText(
                seq: seq, at: "2026-11-26T08:00:0\(seq % 10).000Z", actor: "admin", action: "update",
                entityType: "task", entityID: "T\(seq)", before: "{\"p\":\(seq)}",
                after: "{\"p\":\(seq + 1)}", prevHash: previous)
            let record = AuditRecord(
                seq: seq, at: "2026-11-26T08:00:0\(seq % 10).000Z", actor: "admin", action: "update",
                entityType: "task", entityID: "T\(seq)", before: "{\"p\":\(seq)}", after: "{\"p\":\(seq + 1)}",
                prevHash: previous, hash: digest(text))
            records.append(record)
            previous = record.hash
        }
        return records
    }

    func firstFailure(_ records: [AuditRecord]) -> AuditChainVerifier.Failure? {
        var verifier = AuditChainVerifier(hash: Self.digest)
        for r in records { if let f = verifier.feed(r) { return f } }
        return nil
    }

    @Test func anIntactChainVerifies() {
        #expect(firstFailure(Self.chain(25)) == nil)
    }

    @Test func anEditedEventIsNamed() {
        var records = Self.chain(10)
        let r = records[6]
        records[6] = AuditRecord(
            seq: r.seq, at: r.at, actor: "someone-else", action: r.action, entityType: r.entityType,
            entityID: r.entityID, before: r.before, after: r.after, prevHash: r.prevHash, hash: r.hash)
        #expect(firstFailure(records) == .wrongHash(seq: 7))
    }

    @Test func aRemovedEventIsNamed() {
        var records = Self.chain(10)
        records.remove(at: 3)
        #expect(firstFailure(records) == .gap(expected: 4, found: 5))
    }

    @Test func aRehashedEventBreaksTheNextLink() {
        var records = Self.chain(10)
        let r = records[2]
        let text = AuditChain.canonicalText(
            seq: r.seq, at: r.at, actor: r.actor, action: r.action, entityType: r.entityType,
            entityID: r.entityID, before: r.before, after: "{\"p\":999}", prevHash: r.prevHash)
        records[2] = AuditRecord(
            seq: r.seq, at: r.at, actor: r.actor, action: r.action, entityType: r.entityType,
            entityID: r.entityID, before: r.before, after: "{\"p\":999}", prevHash: r.prevHash, hash: Self.digest(text))
        #expect(firstFailure(records) == .wrongPrevious(seq: 4))
    }

    @Test func fieldBoundariesCannotBeShifted() {
        let a = AuditChain.canonicalText(
            seq: 1, at: "t", actor: "ab", action: "c", entityType: "e", entityID: "i",
            before: nil, after: nil, prevHash: "0")
        let b = AuditChain.canonicalText(
            seq: 1, at: "t", actor: "a", action: "bc", entityType: "e", entityID: "i",
            before: nil, after: nil, prevHash: "0")
        #expect(a != b)
    }
}

@Suite struct AuditVocabularyCoreTests {
    @Test func namesComeFromTheFirstDeclarationAndUnknownCodesShowThemselves() {
        let vocabulary = AuditVocabulary(
            entities: [AuditEntity("task", "任务"), AuditEntity("task", "别名"), AuditEntity("plan", "方案")],
            actions: [AuditAction("create", "创建")])
        #expect(vocabulary.entities.map(\.code) == ["task", "plan"])
        #expect(vocabulary.entityLabel("task") == "任务")
        #expect(vocabulary.actionLabel("create") == "创建")
        #expect(vocabulary.actionLabel("written_by_an_older_version") == "written_by_an_older_version")
        #expect(AuditAction("create", "创建") == AuditAction("create", "另一个名字"))
    }
}
