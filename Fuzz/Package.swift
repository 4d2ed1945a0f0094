// swift-tools-version:6.2
// libFuzzer targets for sitegen's parsers: a package of its own, so that the fuzzer and AddressSanitizer
// instrumentation never touches sitegen's own build. Build and run with `./run.sh [seconds] [targets...]`, which
// builds with
//   swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// Each target is an executable that exports `LLVMFuzzerTestOneInput` and whose `main` starts libFuzzer's driver.
import PackageDescription

let package = Package(
    name: "sitegen-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "sitegen", path: ".."),
        // For the URI type the preview server reads request paths with (already a dependency of sitegen).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .target(name: "CFuzzerDriver"),
        .target(
            name: "FuzzSupport",
            dependencies: ["CFuzzerDriver", .product(name: "SitegenLibraries", package: "sitegen")]
        ),
        fuzzTarget("FuzzFrontMatter"),
        fuzzTarget("FuzzMarkdown"),
        fuzzTarget("FuzzLiquid"),
        fuzzTarget("FuzzConfig"),
        fuzzTarget("FuzzHighlight"),
        fuzzTarget("FuzzPreviewPath", [.product(name: "SitegenPreview", package: "sitegen"),
                                       .product(name: "HummingbirdCore", package: "hummingbird")]),
    ]
)

/// One fuzz target: an executable in Sources/<name> whose `main` runs libFuzzer's driver (see `Fuzz.main`).
func fuzzTarget(_ name: String, _ more: [Target.Dependency] = []) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport", .product(name: "SitegenLibraries", package: "sitegen")] + more)
}
