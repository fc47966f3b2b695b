// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "fazhi",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fazhi", targets: ["fazhi"]),
        .library(name: "FazhiCore", targets: ["FazhiCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        // Leaf's own engine, named directly for the renderer `configure` makes (see there).
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
    ],
    targets: [
        // Rules of the domain: Foundation only, tested without a server.
        .target(name: "FazhiCore"),
        // Office Open XML (Excel) reading and writing, kept out of the pure core.
        .target(name: "FazhiOffice", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(
            name: "FazhiServer",
            dependencies: [
                "FazhiCore",
                "FazhiOffice",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "fazhi", dependencies: ["FazhiServer"]),
        // Benchmarks print their numbers; run in release from the repository root.
        .executableTarget(name: "fazhi-bench", dependencies: ["FazhiCore", "FazhiOffice"], path: "Benchmarks/DeadlineBench"),
        // The scheduler's scan over a million dated objects in SQLite; run in release.
        .executableTarget(name: "fazhi-scan-bench", dependencies: ["FazhiServer"], path: "Benchmarks/ScanBench"),
        .executableTarget(name: "fazhi-goi-bench", dependencies: ["FazhiServer"], path: "Benchmarks/GOIBench"),
        // The 行政复议·应诉 rates over 100,000 cases in SQLite; run in release.
        .executableTarget(name: "fazhi-case-bench", dependencies: ["FazhiServer"], path: "Benchmarks/CaseBench"),
        // Every register metric for 720 units and the district's annual report (.docx); run in release.
        .executableTarget(name: "fazhi-metrics-bench", dependencies: ["FazhiServer"], path: "Benchmarks/MetricsBench"),
        // The city's ranking of 10 districts and every district's results for its 72 units; run in release.
        .executableTarget(name: "fazhi-city-bench", dependencies: ["FazhiServer"], path: "Benchmarks/CityBench"),
        .testTarget(name: "FazhiCoreTests", dependencies: ["FazhiCore"]),
        .testTarget(name: "FazhiOfficeTests", dependencies: ["FazhiOffice"]),
        .testTarget(
            name: "FazhiServerTests",
            dependencies: [
                "FazhiServer",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            // CI runs the suite from its one release build: the tests themselves need no optimizing
            // (saves about a minute of a clean build; the code under test stays optimized).
            swiftSettings: [.unsafeFlags(["-Onone"])]
        ),
    ]
)
