import FazhiCore
import Fluent
import Vapor

extension NormativeModule {
    /// `fazhi demo grow`: copies of every document; a registered copy takes the next number of its
    /// year, so the numbers stay unique.
    func growDemo(_ app: Application, factor: Int) async throws {
        let db = app.db
        let docs = try await NormativeDocument.query(on: db).all()
        let settings = NormativeConfig.active
        var serial: [Int: Int] = [:]
        for d in docs { if let y = d.regYear { serial[y, default: 0] += 1 } }
        for _ in 1..<factor {
            var copies: [NormativeDocument] = []
            for d in docs {
                let x = try DemoGrow.clone(d)
                x.id = UUID()
                if let year = d.regYear {
                    let n = serial[year, default: 0] + 1
                    serial[year] = n
                    x.regNo = settings.number(year: year, n: n)
                }
                copies.append(x)
            }
            try await DemoGrow.insert(copies, on: db)
        }
    }
}
