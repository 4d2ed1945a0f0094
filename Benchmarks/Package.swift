// swift-tools-version:6.2
// Micro benchmarks of sitegen's per-article work, with ordo-one/benchmark. A package of its own, so that the
// benchmark dependencies stay out of `swift build` and `swift test` of sitegen. Run from this folder:
//   swift package benchmark
import PackageDescription

let package = Package(
    name: "sitegen-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "sitegen", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SitegenBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SitegenLibraries", package: "sitegen"),
            ],
            path: "Benchmarks/SitegenBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
