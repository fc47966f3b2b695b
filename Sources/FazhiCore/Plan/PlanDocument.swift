/// The plan file: one year's plan with its units, areas, arrangements and tasks, as exported by
/// `fazhi plan export` and read by `fazhi plan import`. The demo district is seeded from one.
public struct PlanDocument: Codable, Equatable, Sendable {
    public static let currentFormat = "fazhi-plan/1"

    public var format: String
    public var year: Int
    /// 行政区 the district (organisation node) the plan belongs to.
    public var district: String
    public var title: String
    /// 主送 addressee line, e.g. 区直各单位、两办事处.
    public var addressee: String
    /// Opening paragraph: purpose and the documents the plan is based on.
    public var preamble: String
    /// 指导思想 guiding thought.
    public var guidingThought: String
    /// 制定依据 the documents the plan is based on, in the plan's own wording.
    public var basisDocuments: [String]
    /// 二、责任单位: the sentence that introduces the responsible units.
    public var unitsIntro: String
    /// 三、工作内容: the sentence that introduces the work areas.
    public var areasIntro: String
    public var closing: String
    public var categories: [Category]
    public var units: [Unit]
    public var areas: [Area]
    public var arrangements: [Arrangement]
    public var tasks: [Task]

    public init(
        format: String, year: Int, district: String, title: String, addressee: String, preamble: String,
        guidingThought: String, basisDocuments: [String], unitsIntro: String, areasIntro: String, closing: String,
        categories: [Category], units: [Unit], areas: [Area], arrangements: [Arrangement], tasks: [Task]
    ) {
        self.format = format; self.year = year; self.district = district; self.title = title
        self.addressee = addressee; self.preamble = preamble; self.guidingThought = guidingThought
        self.basisDocuments = basisDocuments; self.unitsIntro = unitsIntro; self.areasIntro = areasIntro
        self.closing = closing; self.categories = categories; self.units = units; self.areas = areas
        self.arrangements = arrangements; self.tasks = tasks
    }

    public struct Category: Codable, Equatable, Sendable {
        public var code: String
        public var name: String
        public init(code: String, name: String) { self.code = code; self.name = name }
    }

    /// 责任单位 a responsible unit.
    public struct Unit: Codable, Equatable, Sendable {
        public var code: String
        public var name: String
        public var category: String
        public init(code: String, name: String, category: String) {
            self.code = code; self.name = name; self.category = category
        }
    }

    /// 工作内容 a work area.
    public struct Area: Codable, Equatable, Sendable {
        public var code: String
        public var title: String
        public init(code: String, title: String) { self.code = code; self.title = title }
    }

    /// 工作安排 a work arrangement, with its full text.
    public struct Arrangement: Codable, Equatable, Sendable {
        /// The ordinal as the plan writes it: 一, 二, … 十一.
        public var code: String
        public var title: String
        public var text: String
        /// The work area it serves, if any (arrangement 一, the pilot, serves none).
        public var area: String?
        public init(code: String, title: String, text: String, area: String?) {
            self.code = code; self.title = title; self.text = text; self.area = area
        }
    }

    /// 任务分解 a task with its state. Progress fields are optional: a plan skeleton has none.
    public struct Task: Codable, Equatable, Sendable {
        public var arrangement: String
        public var title: String
        public var description: String
        public var leadUnit: String
        public var coUnits: [String]
        public var start: String
        public var due: String
        public var deliverable: String
        public var progress: Int?
        public var completedOn: String?
        public var cancelled: Bool?

        public init(
            arrangement: String, title: String, description: String, leadUnit: String,
            coUnits: [String], start: String, due: String, deliverable: String,
            progress: Int? = nil, completedOn: String? = nil, cancelled: Bool? = nil
        ) {
            self.arrangement = arrangement; self.title = title; self.description = description
            self.leadUnit = leadUnit; self.coUnits = coUnits; self.start = start; self.due = due
            self.deliverable = deliverable; self.progress = progress; self.completedOn = completedOn
            self.cancelled = cancelled
        }

        public var input: TaskInput {
            TaskInput(
                title: title, description: description, arrangementCode: arrangement,
                leadUnitCode: leadUnit, coUnitCodes: coUnits, start: start, due: due,
                deliverable: deliverable)
        }
    }
}
