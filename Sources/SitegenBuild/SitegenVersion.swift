/// The version of sitegen, printed by `--version` and written into `site.generator`.
public enum SitegenVersion {
    public static let current = "0.1.0"
}
