import FazhiCore
import Vapor

/// GET /api/v1/indicators/{year}/{category} answers with the tree in exactly the JSON file format
/// that `fazhi indicators import` reads, so an export can be edited and imported again.
extension IndicatorTree: Content {}
