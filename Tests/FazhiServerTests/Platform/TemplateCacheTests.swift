import FazhiCore
import Foundation
import Leaf
import LeafKit
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// Templates are read and parsed once per process, also in Vapor's "development" environment —
    /// the one `fazhi serve` runs in unless started with `--env production` (Leaf's own provider
    /// switched its cache off there, so every page parsed its templates on every request).
    @Suite struct TemplateCacheTests {
        @Test func pagesParseTheirTemplatesOnceInTheDevelopmentEnvironment() async throws {
            for reload in [false, true] {
                var config = try testConfig()
                config.reloadTemplates = reload
                let app = try await Application.make(.development)
                do {
                    try await configure(app, config: config)
                    try await app.autoMigrate()
                    for _ in 0..<2 { #expect(try await app.testing().sendRequest(.GET, "/login").status == .ok) }
                    let cache = try #require(app.leaf.cache as? DefaultLeafCache)
                    if reload {
                        #expect(!cache.isEnabled && cache.count == 0, "FAZHI_RELOAD_TEMPLATES=1 reads every template again")
                    } else {
                        #expect(cache.isEnabled, "the cache stays on after pages were rendered")
                        #expect(cache.count >= 2, "the sign-in page and its frame are kept parsed (\(cache.count))")
                    }
                } catch {
                    Issue.record(error)
                }
                try await app.asyncShutdown()
                try? FileManager.default.removeItem(atPath: config.dataDirectory)
            }
        }
    }
}
