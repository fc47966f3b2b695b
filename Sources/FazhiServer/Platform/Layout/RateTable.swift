/// The pieces of an indicators page (`rates/cell.leaf`): each rate's definition, and a row per unit
/// (and the district) with a cell per rate — its text, numerator and denominator, and the link to the
/// records the denominator counted (empty when the reader may not open them).
enum RateTable {
    struct Definition: Encodable {
        let name: String
        let text: String
    }

    struct Cell: Encodable {
        let text: String
        let numerator: Int
        let denominator: Int
        let href: String
    }

    struct Row: Encodable {
        let unit: String
        let cells: [Cell]
    }
}
