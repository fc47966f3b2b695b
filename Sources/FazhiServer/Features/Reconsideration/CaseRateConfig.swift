import FazhiCore

extension CaseRateDefinitions: RegisterSettingsFile {}

/// The rate definitions in force (`Resources/Registers/case-rates.json`), read once at start-up by
/// `ReconsiderationModule.configure`.
enum CaseRateConfig {
    static let settings = RegisterSettings<CaseRateDefinitions>(file: "case-rates.json", label: "比率口径文件")

    static var active: CaseRateDefinitions { settings.active }

    static func load(resources: String) throws { try settings.load(resources: resources) }
}
