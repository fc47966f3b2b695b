import Foundation

/// Where Fazhi's shipped files are: the folder holding `Resources/` (templates, calendar, rules,
/// seed) and `Public/` (styles). Found once at start-up, so `fazhi` works from any directory:
///
/// 1. `FAZHI_RESOURCES`, when set (an error names it if it holds no `Resources/`);
/// 2. the working directory, when it has `Resources/` (running from a checkout);
/// 3. next to the executable, or up from it (`.build/debug/fazhi` inside a checkout).
enum InstallRoot {
    /// The file that proves a folder is an install root.
    static let marker = "Resources/Deadlines/rules.json"

    static func find(
        environment env: [String: String], executable: String = CommandLine.arguments.first ?? "",
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> String {
        let files = FileManager.default
        func holds(_ folder: String) -> Bool { files.fileExists(atPath: folder + "/" + marker) }
        if let configured = env["FAZHI_RESOURCES"], !configured.isEmpty {
            let folder = absolute(configured, from: workingDirectory)
            // Pointing at Resources/ itself is understood too.
            for candidate in [folder, (folder as NSString).deletingLastPathComponent] where holds(candidate) { return candidate }
            throw ConfigError(message: "FAZHI_RESOURCES 指向的 “\(configured)” 中没有 Resources 文件夹(应包含 \(marker))")
        }
        if holds(workingDirectory) { return workingDirectory }
        var folder = (absolute(executable, from: workingDirectory) as NSString).resolvingSymlinksInPath
        for _ in 0..<6 {
            folder = (folder as NSString).deletingLastPathComponent
            if holds(folder) { return folder }
            if folder == "/" || folder.isEmpty { break }
        }
        throw ConfigError(message: "找不到 Fazhi 的资源文件(\(marker))。请在程序所在的目录运行,或设置 FAZHI_RESOURCES 为包含 Resources 和 Public 的目录")
    }

    static func absolute(_ path: String, from base: String) -> String {
        path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
    }
}
