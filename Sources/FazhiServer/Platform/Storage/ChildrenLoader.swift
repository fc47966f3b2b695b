import Fluent
import Foundation

extension Array where Element: Model, Element.IDValue: Hashable {
    /// Loads one `@Children` relation of every model: one query per 1,000 parents, the children
    /// grouped by parent in one pass. Fluent's `.with(\.$children)` assigns each parent by filtering
    /// the whole child list again (parents × children: 3,000 tasks × 4,400 co-units took seconds).
    func loadChildren<Child: Model>(_ relation: KeyPath<Element, ChildrenProperty<Element, Child>>, on db: any Database) async throws {
        let parentKey = Element()[keyPath: relation].parentKey
        func parentID(_ child: Child) -> Element.IDValue? {
            switch parentKey {
            case .required(let key): child[keyPath: key].id
            case .optional(let key): child[keyPath: key].id
            }
        }
        let ids = compactMap(\.id)
        var grouped: [Element.IDValue: [Child]] = [:]
        for start in stride(from: 0, to: ids.count, by: 1_000) {
            let chunk = [Element.IDValue](ids[start..<Swift.min(ids.count, start + 1_000)])
            let query = Child.query(on: db)
            switch parentKey {
            case .required(let key): query.filter(key.appending(path: \.$id) ~~ chunk)
            case .optional(let key): query.filter(key.appending(path: \.$id) ~~ chunk)
            }
            for child in try await query.all() {
                if let id = parentID(child) { grouped[id, default: []].append(child) }
            }
        }
        for model in self {
            model[keyPath: relation].value = model.id.flatMap { grouped[$0] } ?? []
        }
    }
}
