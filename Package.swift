// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "sitegen",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sitegen", targets: ["sitegen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // cmark-gfm and its GFM extensions from the system (Debian: libcmark-gfm-dev, libcmark-gfm-extensions-dev).
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "SitegenCore"),
        .target(
            name: "SitegenContent",
            dependencies: ["SitegenCore", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "SitegenMarkdown", dependencies: ["SitegenCore", "CCmarkGFM"]),
        .target(name: "SitegenLinks", dependencies: ["SitegenCore"]),
        .target(
            name: "SitegenTheme",
            dependencies: ["SitegenCore", .product(name: "Mustache", package: "swift-mustache")],
            resources: [
                .embedInCode("DefaultTheme/base.mustache"),
                .embedInCode("DefaultTheme/header.mustache"),
                .embedInCode("DefaultTheme/footer.mustache"),
                .embedInCode("DefaultTheme/article.mustache"),
                .embedInCode("DefaultTheme/product.mustache"),
                .embedInCode("DefaultTheme/home.mustache"),
                .embedInCode("DefaultTheme/all-articles.mustache"),
                .embedInCode("DefaultTheme/not-found.mustache"),
                .embedInCode("DefaultTheme/sitemap.mustache"),
                .embedInCode("DefaultTheme/robots.mustache"),
                .embedInCode("DefaultTheme/link-report.mustache"),
                .embedInCode("DefaultTheme/all-articles-list.mustache"),
                .embedInCode("DefaultTheme/archetypes/task.md"),
                .embedInCode("DefaultTheme/archetypes/concept.md"),
                .embedInCode("DefaultTheme/archetypes/troubleshooting.md"),
                .embedInCode("DefaultTheme/style.css"),
            ]
        ),
        .target(
            name: "SitegenBuild",
            dependencies: ["SitegenCore", "SitegenContent", "SitegenMarkdown", "SitegenLinks", "SitegenTheme"]
        ),
        .target(
            name: "SitegenCLI",
            dependencies: ["SitegenBuild", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "sitegen", dependencies: ["SitegenCLI"]),

        .target(name: "SitegenTestSupport", dependencies: ["SitegenCore"], path: "Tests/SitegenTestSupport"),
        .testTarget(name: "SitegenCoreTests", dependencies: ["SitegenCore"]),
        .testTarget(name: "SitegenContentTests", dependencies: ["SitegenContent", "SitegenTestSupport"]),
        .testTarget(name: "SitegenMarkdownTests", dependencies: ["SitegenMarkdown", "SitegenTestSupport"]),
        .testTarget(name: "SitegenLinksTests", dependencies: ["SitegenLinks", "SitegenMarkdown", "SitegenTestSupport"]),
        .testTarget(name: "SitegenThemeTests", dependencies: ["SitegenTheme", "SitegenTestSupport"]),
        .testTarget(name: "SitegenBuildTests", dependencies: ["SitegenBuild", "SitegenTestSupport"]),
        .testTarget(
            name: "SitegenEndToEndTests",
            dependencies: ["sitegen", "SitegenTestSupport"]
        ),
    ]
)
