// swift-tools-version:6.2
import PackageDescription

/// Settings that keep every Swift module honest: `any` written where a type is existential, and imports internal
/// unless a module's public or package interface needs them (then `public import` / `package import` says so).
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault")]

let package = Package(
    name: "sitegen",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sitegen", targets: ["sitegen"]),
        // The pipeline's modules, for the benchmarks package in Benchmarks/.
        .library(name: "SitegenLibraries",
                 targets: ["SitegenCore", "SitegenContent", "SitegenMarkdown", "SitegenHighlight", "SitegenLinks", "SitegenTheme", "SitegenOutput",
                          "SitegenBuild", "SitegenSearch"]),
        // The preview server's module, for the fuzz targets in Fuzz/ (its request-path handling).
        .library(name: "SitegenPreview", targets: ["SitegenServe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Exactly this release: SitegenContent counts YAML alias expansion with the libyaml copy inside Yams (its
        // CYaml target, not a product); YAMLAliasBound checks it on a probe at first use and refuses aliases if not.
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        // Exactly this release: SitegenTheme's compiled renderer reads swift-mustache's parsed templates, which are not
        // public (a test fails, and the theme is rendered by swift-mustache with a theme-not-compiled note, if their
        // shape is not the one it knows). Raise both together: `supportedMustacheVersion` in CompiledTemplates.swift.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // `check --external`: HTTP/1.1 and HTTP/2 with TLS, redirects under our control, bodies streamed.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already async-http-client's TLS: named here for the certificates the external-link check trusts besides the
        // system's (the tests' TLS servers on loopback) and for those servers.
        // Pinned exactly: Tests/SitegenTestSupport/TestCertificate.swift calls BoringSSL through CNIOBoringSSL, the
        // module swift-nio-ssl vendors but does not publish as a product; every call there is checked and throws.
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        // Tests only: the SHA-256 of the theme's inline script, which the manual gives for a Content-Security-Policy.
        // Already in the graph through swift-certificates.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // cmark-gfm and its GFM extensions from the system (Debian: libcmark-gfm-dev, libcmark-gfm-extensions-dev).
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // A per-thread arena that cmark-gfm allocates from while one document is parsed and rendered.
        .target(name: "CMarkdownArena"),
        // Lets threads run cmark-gfm's inline pass at once (it toggles a process-wide table; see its header).
        .target(name: "CInlineCharacters", dependencies: ["CCmarkGFM"]),
        // openat2(2) for SitegenCore's SiteBoundary: a file opened without following any link (see its header).
        .target(name: "COpenWithoutLinks"),
        .target(name: "SitegenCore", dependencies: ["COpenWithoutLinks"], swiftSettings: strict),
        .target(
            name: "SitegenContent",
            dependencies: ["SitegenCore", .product(name: "Yams", package: "Yams")], swiftSettings: strict
        ),
        // Build-time syntax highlighting of code blocks: a lexer per language family, hand-written (see Highlighter.swift).
        .target(name: "SitegenHighlight", swiftSettings: strict),
        .target(name: "SitegenMarkdown", dependencies: ["SitegenCore", "SitegenHighlight", "CCmarkGFM", "CMarkdownArena", "CInlineCharacters"], swiftSettings: strict),
        .target(name: "SitegenLinks", dependencies: ["SitegenCore"], swiftSettings: strict),
        // The search index (tokenizer, English folding, shard writer) and its query engine, for the build and `search`.
        .target(name: "SitegenSearch", dependencies: ["SitegenCore"], swiftSettings: strict),
        .target(name: "SitegenWatch", swiftSettings: strict),
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
                .embedInCode("DefaultTheme/search.js"),
                .embedInCode("DefaultTheme/theme.js"),
            ], swiftSettings: strict
        ),
        // The output folder: staging, atomic swap, manifest, sweep; and the sinks the render stage writes into.
        .target(name: "SitegenOutput", dependencies: ["SitegenCore"], swiftSettings: strict),
        // Fetching and classifying the site's external URLs (`check --external`): politeness per host, retries, cache.
        .target(
            name: "SitegenExternal",
            dependencies: ["SitegenCore",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl")], swiftSettings: strict
        ),
        // The pipeline, defined once: load → parse → index → check → render, for `build`, `check` and `serve`.
        .target(
            name: "SitegenBuild",
            dependencies: ["SitegenCore", "SitegenContent", "SitegenMarkdown", "SitegenLinks", "SitegenTheme", "SitegenOutput",
                           "SitegenExternal", "SitegenSearch"], swiftSettings: strict
        ),
        // `new`, `init` and `fix`: they write sources, never output.
        .target(
            name: "SitegenAuthoring",
            dependencies: ["SitegenCore", "SitegenContent", "SitegenTheme", "SitegenBuild"], swiftSettings: strict
        ),
        .target(
            name: "SitegenServe",
            dependencies: [
                "SitegenBuild", "SitegenWatch", "SitegenCore", "SitegenContent", "SitegenOutput",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ], swiftSettings: strict
        ),
        .target(
            name: "SitegenCLI",
            dependencies: ["SitegenBuild", "SitegenServe", "SitegenAuthoring", "SitegenCore", "SitegenLinks", "SitegenOutput",
                           "SitegenSearch",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: strict
        ),
        .executableTarget(name: "sitegen", dependencies: ["SitegenCLI"], swiftSettings: strict),

        .target(name: "SitegenTestSupport", dependencies: ["SitegenCore",
                                                         .product(name: "NIOCore", package: "swift-nio"),
                                                         .product(name: "NIOPosix", package: "swift-nio"),
                                                         .product(name: "NIOSSL", package: "swift-nio-ssl")],
                path: "Tests/SitegenTestSupport", swiftSettings: strict),
        .testTarget(name: "SitegenCoreTests", dependencies: ["SitegenCore", "COpenWithoutLinks", "SitegenTestSupport"], swiftSettings: strict),
        .testTarget(name: "SitegenContentTests", dependencies: ["SitegenContent", "SitegenCore", "SitegenTestSupport"], swiftSettings: strict),
        .testTarget(name: "SitegenMarkdownTests", dependencies: ["SitegenMarkdown", "CMarkdownArena", "SitegenCore", "SitegenTestSupport"], swiftSettings: strict),
        .testTarget(name: "SitegenHighlightTests", dependencies: ["SitegenHighlight"], swiftSettings: strict),
        .testTarget(name: "SitegenSearchTests", dependencies: ["SitegenSearch", "SitegenCore"], swiftSettings: strict),
        .testTarget(name: "SitegenLinksTests", dependencies: ["SitegenLinks", "SitegenMarkdown", "SitegenCore", "SitegenTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SitegenExternalTests",
            dependencies: ["SitegenExternal", "SitegenCore", "SitegenTestSupport"], swiftSettings: strict
        ),
        .testTarget(name: "SitegenWatchTests", dependencies: ["SitegenWatch", "SitegenTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SitegenServeTests",
            dependencies: ["SitegenServe", "SitegenBuild", "SitegenOutput", "SitegenCore", "SitegenLinks", "SitegenTestSupport",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdTesting", package: "hummingbird")], swiftSettings: strict
        ),
        .testTarget(name: "SitegenThemeTests", dependencies: ["SitegenTheme", "SitegenCore", "SitegenTestSupport",
                                                          .product(name: "Mustache", package: "swift-mustache"),
                                                          .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .testTarget(name: "SitegenOutputTests", dependencies: ["SitegenOutput", "SitegenTestSupport"], swiftSettings: strict),
        .testTarget(name: "SitegenBuildTests", dependencies: ["SitegenBuild", "SitegenOutput", "SitegenContent", "SitegenMarkdown", "SitegenCore", "SitegenTestSupport"], swiftSettings: strict),
        .testTarget(name: "SitegenAuthoringTests", dependencies: ["SitegenAuthoring", "SitegenBuild", "SitegenContent", "SitegenCore", "SitegenTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SitegenEndToEndTests",
            dependencies: ["sitegen", "SitegenTestSupport"], swiftSettings: strict
        ),
    ]
)
