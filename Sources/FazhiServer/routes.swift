import Vapor

/// Every route goes through authentication, CSRF and the policy check, in that order.
func routes(_ app: Application) throws {
    let root = app.grouped(AuthenticationMiddleware(), DistrictChoiceMiddleware(), CSRFMiddleware(), PolicyMiddleware())
    do {  // web UI
        try root.register(collection: AuthController())
        try root.register(collection: HomeController())
        try root.register(collection: PlanController())
        try root.register(collection: UnitController())
        try root.register(collection: UserController())
        try root.register(collection: AuditController())
        try root.register(collection: DeadlineController())
        try root.register(collection: IndicatorController())
        try root.register(collection: MetricsController())
        try root.register(collection: MetricOverviewController())
        try root.register(collection: AssessmentController())
        try root.register(collection: CityAssessmentController())
        try root.register(collection: ReviewController(maxUploadMB: app.fazhi.maxUploadMB))
        try root.register(collection: CycleSetupController())
        try root.register(collection: OverdueController())
        try root.register(collection: SupervisionController())
        try root.register(collection: InboxController())
        if app.fazhi.benchBaseline { try root.register(collection: BenchBaselineController()) }
    }
    do {  // JSON API
        let api = root.grouped("api", "v1")
        try api.register(collection: APIController())
        try api.register(collection: APIDeadlineController())
        try api.register(collection: APIIndicatorController())
        try api.register(collection: APIMetricsController())
        try api.register(collection: APICycleController())
        try api.register(collection: APIOverdueController())
        for module in RegisterModules.all { try module.routes(web: root, api: api, app: app) }
    }
}
