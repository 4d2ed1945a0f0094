import FuzzSupport
import SitegenContent
import SitegenCore

/// A configuration file read as `sitegen.yml` and as a Jekyll `_config.yml`; a Jekyll configuration read without
/// errors is written as the `sitegen.yml` that `sitegen init --from-jekyll` makes, which must read back the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (_, text) = Fuzz.input(data, size)
    let (_, problems) = ConfigLoader.parse(text, file: ConfigLoader.fileName)
    Fuzz.checkDiagnostics(problems, file: ConfigLoader.fileName, text: text, context: "sitegen.yml")

    let jekyll = JekyllConfigLoader.parse(text, file: JekyllConfigLoader.fileName, siteRoot: "/nonexistent-site")
    Fuzz.checkDiagnostics(jekyll.diagnostics, file: JekyllConfigLoader.fileName, text: text, context: "_config.yml")
    guard !jekyll.diagnostics.hasErrors else { return 0 }
    let written = JekyllConfigLoader.sitegenYAML(jekyll)
    let (config, again) = ConfigLoader.parse(written, file: ConfigLoader.fileName)
    let expected = jekyll.config
    Fuzz.require(again.isEmpty, "the sitegen.yml written from _config.yml reads with problems: "
                     + again.map(\.formatted).joined(separator: "; ") + "\n--- written:\n" + written)
    Fuzz.require(config.title == expected.title && config.baseURL == expected.baseURL && config.siteURL == expected.siteURL
                     && config.contentFolder == expected.contentFolder && config.exclude == expected.exclude
                     && config.assetFolders == expected.assetFolders && config.includesFolder == expected.includesFolder
                     && config.keepFiles == expected.keepFiles,
                 "the sitegen.yml written from _config.yml reads back differently:\n" + written)
    return 0
}

@_cdecl("FuzzConfig_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.main(argc, argv, fuzzConfig)
}
