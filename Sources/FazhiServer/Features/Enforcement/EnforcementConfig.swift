import FazhiCore

extension EnforcementSettings: RegisterSettingsFile {}

/// The settings in force (`Resources/Registers/enforcement.json`), read once at start-up by
/// `EnforcementModule.configure`.
enum EnforcementConfig {
    static let settings = RegisterSettings<EnforcementSettings>(file: "enforcement.json", label: "行政执法设置文件")

    static var active: EnforcementSettings { settings.active }

    static func load(resources: String) throws { try settings.load(resources: resources) }
}
