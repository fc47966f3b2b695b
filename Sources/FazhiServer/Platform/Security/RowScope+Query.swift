import FazhiCore
import Foundation
import Fluent

extension QueryBuilder {
    /// Narrows a list to the rows `Policy.scope` allows: everything, one unit's rows, or none.
    func scoped(_ scope: RowScope, unit field: KeyPath<Model, FieldProperty<Model, UUID>>) -> Self {
        guard let unitID = scope.unitID else { return self }
        return filter(field == unitID)
    }
}

extension CurrentUser {
    /// The rows a list may show this user for `action` (the policy's scope).
    func scope(_ action: Action) -> RowScope { Policy.scope(action, actor) }
}
