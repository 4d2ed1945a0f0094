import Foundation
public import SitegenCore
import Yams

/// Reads `sitegen.yml` into a `SiteConfig`, reporting each problem with its line.
public enum ConfigLoader {
    /// The configuration file name looked for at the site root.
    public static let fileName = "sitegen.yml"

    /// Loads `path` (shown as `displayPath`) on top of the defaults, if it is inside `boundary`. Errors mean the
    /// build must not start.
    public static func load(path: String, displayPath: String, boundary: SiteBoundary) -> (SiteConfig, [Diagnostic]) {
        let data: [UInt8]
        do {
            data = try boundary.read(path)
        } catch {
            let location = SourceLocation(file: displayPath)
            return (SiteConfig(), [boundary.diagnostic(for: error, at: location)
                                       ?? .error(location, rule: "config-unreadable", "cannot read the configuration file")])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return (SiteConfig(), [.error(SourceLocation(file: displayPath), rule: "config-invalid",
                                          "the configuration file is not UTF-8 text")])
        }
        return parse(text, file: displayPath)
    }

    /// Parses configuration text.
    public static func parse(_ text: String, file: String) -> (SiteConfig, [Diagnostic]) {
        var config = SiteConfig()
        var diagnostics: [Diagnostic] = []
        let (root, position, invalid) = YAMLPosition.compose(text, file: file, rule: "config-invalid")
        if let invalid { return (config, [invalid]) }
        guard let root else { return (config, []) }
        guard let mapping = root.mapping else {
            return (config, [.error(position.location(root.mark), rule: "config-invalid",
                                    "the configuration must be a mapping of 'key: value' lines")])
        }

        func string(_ node: Node, _ key: String) -> String? {
            if let scalar = node.scalar {
                if scalar.style == .plain, ["", "~", "null"].contains(scalar.string) { return "" }
                return scalar.string
            }
            diagnostics.append(.error(position.location(node.mark), rule: "config-invalid",
                                      "'\(key)' must be a single value"))
            return nil
        }
        func bool(_ node: Node, _ key: String) -> Bool? {
            if let value = node.scalar.flatMap({ Bool.construct(from: $0) }) { return value }
            diagnostics.append(.error(position.location(node.mark), rule: "config-invalid",
                                      "'\(key)' must be true or false"))
            return nil
        }
        func unknown(_ key: String, _ node: Node, section: String? = nil) {
            let name = section.map { "\($0).\(key)" } ?? key
            diagnostics.append(.warning(position.location(node.mark), rule: "config-unknown-key",
                                        "unknown configuration key '\(name)'; it is ignored"))
        }

        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "title": string(value, key).map { config.title = $0 }
            case "baseurl":
                if let text = string(value, key) {
                    if let normalized = normalizeBaseURL(text) {
                        config.baseURL = normalized
                        config.baseURLLocation = position.location(value.mark)
                    } else {
                        diagnostics.append(.error(position.location(value.mark), rule: "config-invalid",
                                                  "'baseurl' must be a URL path such as '/how-to/' (got '\(text)')"))
                    }
                }
            case "url":
                if let text = string(value, key) {
                    if let normalized = normalizeSiteURL(text) {
                        config.siteURL = normalized
                    } else {
                        diagnostics.append(.error(position.location(value.mark), rule: "config-invalid",
                                                  "'url' must be an absolute http(s) URL such as 'https://help.example.com' (got '\(text)')"))
                    }
                }
            case "language": string(value, key).map { config.language = $0 }
            case "edit_url": string(value, key).map { config.editURL = $0 }
            case "content": string(value, key).map { config.contentFolder = $0 }
            case "templates": string(value, key).map { config.templatesFolder = $0 }
            case "output": string(value, key).map { config.outputFolder = $0 }
            case "exclude":
                if let items = value.sequence {
                    config.exclude = items.compactMap { string($0, key) }
                } else if let single = string(value, key), !single.isEmpty {
                    config.exclude = [single]
                }
            case "markdown":
                guard let section = value.mapping else {
                    diagnostics.append(.error(position.location(value.mark), rule: "config-invalid",
                                              "'markdown' must be a mapping"))
                    continue
                }
                for (subKey, subValue) in section {
                    switch subKey.string ?? "" {
                    case "raw_html":
                        if let mode = rawHTMLMode(subValue) {
                            config.markdown.rawHTML = mode
                        } else {
                            diagnostics.append(.error(position.location(subValue.mark), rule: "config-invalid",
                                                      "'markdown.raw_html' must be true, false or sanitize"))
                        }
                    case "embed_hosts":
                        // A list of host names, or one; empty (`[]`, or no value) allows none.
                        var hosts: [String] = []
                        for node in subValue.sequence.map(Array.init) ?? [subValue] {
                            guard let host = string(node, "markdown.embed_hosts"), !host.isEmpty else { continue }
                            if isHostName(host) {
                                hosts.append(host)
                            } else {
                                diagnostics.append(.error(position.location(node.mark), rule: "config-invalid",
                                                          "'markdown.embed_hosts' lists host names such as 'www.youtube.com' (got '\(host)')"))
                            }
                        }
                        config.markdown.embedHosts = hosts
                    case "smart_punctuation":
                        bool(subValue, "markdown.smart_punctuation").map { config.markdown.smartPunctuation = $0 }
                    case "hard_breaks": bool(subValue, "markdown.hard_breaks").map { config.markdown.hardBreaks = $0 }
                    case "highlight": bool(subValue, "markdown.highlight").map { config.markdown.highlight = $0 }
                    default: unknown(subKey.string ?? "", subKey, section: "markdown")
                    }
                }
            case "assets":
                let items = value.sequence.map(Array.init) ?? [value]
                for item in items {
                    if let folder = item.scalar?.string, !folder.isEmpty {
                        config.assetFolders.append(SiteConfig.AssetFolder(folder: folder))
                    } else if let entry = item.mapping {
                        var folder = "", url = "assets/"
                        for (subKey, subValue) in entry {
                            switch subKey.string ?? "" {
                            case "folder": folder = string(subValue, "assets.folder") ?? ""
                            case "url": url = string(subValue, "assets.url") ?? url
                            default: unknown(subKey.string ?? "", subKey, section: "assets")
                            }
                        }
                        guard !folder.isEmpty, let normalized = normalizeMountURL(url) else {
                            diagnostics.append(.error(position.location(item.mark), rule: "config-invalid",
                                                      "each 'assets' entry needs a 'folder' and a 'url' path such as 'assets/'"))
                            continue
                        }
                        config.assetFolders.append(SiteConfig.AssetFolder(folder: folder, url: normalized))
                    } else {
                        diagnostics.append(.error(position.location(item.mark), rule: "config-invalid",
                                                  "'assets' lists folders, or entries with 'folder' and 'url'"))
                    }
                }
            case "includes": string(value, key).map { config.includesFolder = $0 }
            case "liquid":
                guard let section = value.mapping else {
                    diagnostics.append(.error(position.location(value.mark), rule: "config-invalid",
                                              "'liquid' must be a mapping"))
                    continue
                }
                for (subKey, subValue) in section {
                    switch subKey.string ?? "" {
                    case "escape_variables":
                        bool(subValue, "liquid.escape_variables").map { config.liquid.escapesVariables = $0 }
                    default: unknown(subKey.string ?? "", subKey, section: "liquid")
                    }
                }
            case "limits":
                guard let section = value.mapping else {
                    diagnostics.append(.error(position.location(value.mark), rule: "config-invalid",
                                              "'limits' must be a mapping"))
                    continue
                }
                for (subKey, subValue) in section {
                    let name = subKey.string ?? ""
                    /// A positive number, else an error at the value.
                    func positive(_ key: String) -> Double? {
                        if let number = subValue.scalar.flatMap({ Double($0.string) }), number > 0, number.isFinite {
                            return number
                        }
                        diagnostics.append(.error(position.location(subValue.mark), rule: "config-invalid",
                                                  "'limits.\(key)' must be a positive number"))
                        return nil
                    }
                    switch name {
                    case "article_bytes": positive(name).map { config.limits.articleBytes = Int(min($0, Double(Int.max / 2))) }
                    case "parse_seconds": positive(name).map { config.limits.parseSeconds = $0 }
                    case "table_cells": positive(name).map { config.limits.tableCells = Int(min($0, Double(Int.max / 2))) }
                    default: unknown(name, subKey, section: "limits")
                    }
                }
            case "redirects":
                guard let section = value.mapping else {
                    diagnostics.append(.error(position.location(value.mark), rule: "config-invalid",
                                              "'redirects' must be a mapping"))
                    continue
                }
                for (subKey, subValue) in section {
                    switch subKey.string ?? "" {
                    case "formats":
                        let items = subValue.sequence.map(Array.init) ?? [subValue]
                        var formats: Set<SiteConfig.RedirectFormat> = []
                        for item in items {
                            guard let name = string(item, "redirects.formats") else { continue }
                            guard let format = SiteConfig.RedirectFormat(rawValue: name) else {
                                diagnostics.append(.error(position.location(item.mark), rule: "config-invalid",
                                                          "'redirects.formats' lists html, netlify and nginx (got '\(name)')"))
                                continue
                            }
                            formats.insert(format)
                        }
                        config.redirects.formats = formats
                    default: unknown(subKey.string ?? "", subKey, section: "redirects")
                    }
                }
            case "stability":
                guard let section = value.mapping else {
                    diagnostics.append(.error(position.location(value.mark), rule: "config-invalid",
                                              "'stability' must be a mapping"))
                    continue
                }
                for (subKey, subValue) in section {
                    switch subKey.string ?? "" {
                    case "baseline":
                        guard let ref = string(subValue, "stability.baseline") else { continue }
                        config.stability.baseline = ref.isEmpty ? nil : ref
                        config.stability.baselineLocation = position.location(subValue.mark)
                    case "similarity":
                        guard let number = subValue.scalar.flatMap({ Double($0.string) }), number > 0, number <= 1 else {
                            diagnostics.append(.error(position.location(subValue.mark), rule: "config-invalid",
                                                      "'stability.similarity' must be a number above 0 and at most 1"))
                            continue
                        }
                        config.stability.similarity = number
                    default: unknown(subKey.string ?? "", subKey, section: "stability")
                    }
                }
            case "search":
                guard let section = value.mapping else {
                    diagnostics.append(.error(position.location(value.mark), rule: "config-invalid",
                                              "'search' must be a mapping"))
                    continue
                }
                for (subKey, subValue) in section {
                    switch subKey.string ?? "" {
                    case "enabled": bool(subValue, "search.enabled").map { config.search.enabled = $0 }
                    case "exclude":
                        let items = subValue.sequence.map(Array.init) ?? [subValue]
                        config.search.exclude = items.compactMap { string($0, "search.exclude") }.filter { !$0.isEmpty }
                    default: unknown(subKey.string ?? "", subKey, section: "search")
                    }
                }
            case "keep_files":
                let (paths, problems) = keepFiles(value, position: position)
                config.keepFiles = paths
                diagnostics += problems
            case "rules":
                let problems = parseSeverities(value, key: "rules", into: &config.links, position: position)
                diagnostics += problems
            case "links":
                guard let section = value.mapping else {
                    diagnostics.append(.error(position.location(value.mark), rule: "config-invalid",
                                              "'links' must be a mapping"))
                    continue
                }
                // The helpers append to `diagnostics` themselves; parseLinks returns its own findings.
                let problems = parseLinks(section, into: &config.links, position: position, string: string, unknown: unknown)
                diagnostics += problems
            default:
                unknown(key, keyNode)
            }
        }
        return (config, diagnostics)
    }

    /// `markdown.raw_html`: true, false (any YAML boolean) or `sanitize`; nil for anything else.
    private static func rawHTMLMode(_ node: Node) -> RawHTMLMode? {
        guard let scalar = node.scalar else { return nil }
        if scalar.string.lowercased() == "sanitize" { return .sanitized }
        return Bool.construct(from: scalar).map { $0 ? .kept : .omitted }
    }

    /// A DNS host name: letters, digits and hyphens in dot-separated labels (`www.youtube.com`).
    static func isHostName(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return !text.isEmpty && text.utf8.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.utf8.allSatisfy { byte in
                byte.isASCIILetter || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            }
        }
    }

    /// A mapping of rule id → error, warning, note or off (`rules`, `links.rules`).
    private static func parseSeverities(_ value: Node, key: String, into settings: inout LinkCheckSettings,
                                        position: YAMLPosition) -> [Diagnostic] {
        guard let rules = value.mapping else {
            return [.error(position.location(value.mark), rule: "config-invalid",
                           "'\(key)' must map rule ids to error, warning, note or off")]
        }
        var diagnostics: [Diagnostic] = []
        for (ruleNode, severityNode) in rules {
            let rule = ruleNode.string ?? ""
            // YAML reads a bare `off` as the boolean false.
            let text = severityNode.scalar.map { $0.string.lowercased() } ?? ""
            guard let severity = RuleSeverity(rawValue: text == "false" ? "off" : text) else {
                diagnostics.append(.error(position.location(severityNode.mark), rule: "config-invalid",
                                          "'\(key).\(rule)' must be error, warning, note or off (got '\(text)')"))
                continue
            }
            settings.severities[rule] = severity
            settings.severityLocations[rule] = position.location(ruleNode.mark)
        }
        return diagnostics
    }

    /// The `links` section: `rules` (rule id → error, warning, note or off), `ignore.urls`, `ignore.files`,
    /// `front_matter_fields`.
    private static func parseLinks(_ section: Node.Mapping, into settings: inout LinkCheckSettings, position: YAMLPosition,
                                   string: (Node, String) -> String?,
                                   unknown: (String, Node, String?) -> Void) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func list(_ node: Node, _ key: String) -> [String] {
            if let items = node.sequence { return items.compactMap { string($0, key) } }
            if let single = string(node, key), !single.isEmpty { return [single] }
            return []
        }
        for (keyNode, value) in section {
            let key = keyNode.string ?? ""
            switch key {
            case "rules":
                diagnostics += parseSeverities(value, key: "links.rules", into: &settings, position: position)
            case "ignore":
                guard let ignore = value.mapping else {
                    diagnostics.append(.error(position.location(value.mark), rule: "config-invalid",
                                              "'links.ignore' must be a mapping with 'urls' and 'files'"))
                    continue
                }
                for (subKey, subValue) in ignore {
                    switch subKey.string ?? "" {
                    case "urls": settings.ignoreURLs = list(subValue, "links.ignore.urls")
                    case "files": settings.ignoreFiles = list(subValue, "links.ignore.files")
                    default: unknown(subKey.string ?? "", subKey, "links.ignore")
                    }
                }
            case "front_matter_fields":
                settings.frontMatterFields = list(value, "links.front_matter_fields")
            case "external":
                diagnostics += parseExternal(value, into: &settings.external, position: position, unknown: unknown)
            default:
                unknown(key, keyNode, "links")
            }
        }
        return diagnostics
    }

    /// `links.external`: how external links are fetched (`check --external`).
    private static func parseExternal(_ value: Node, into settings: inout ExternalLinkSettings, position: YAMLPosition,
                                      unknown: (String, Node, String?) -> Void) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func invalid(_ node: Node, _ message: String) {
            diagnostics.append(.error(position.location(node.mark), rule: "config-invalid", message))
        }
        guard let section = value.mapping else {
            invalid(value, "'links.external' must be a mapping")
            return diagnostics
        }
        func duration(_ node: Node, _ key: String) -> Double? {
            if let text = node.scalar?.string, let seconds = parseDuration(text) { return seconds }
            invalid(node, "'\(key)' must be a duration such as 10s, 100ms, 5m, 1h or 1d (got '\(node.scalar?.string ?? "")')")
            return nil
        }
        func count(_ node: Node, _ key: String, least: Int) -> Int? {
            if let text = node.scalar?.string, let number = Int(text), number >= least { return number }
            invalid(node, "'\(key)' must be a whole number of at least \(least) (got '\(node.scalar?.string ?? "")')")
            return nil
        }
        func bool(_ node: Node, _ key: String) -> Bool? {
            if let value = node.scalar.flatMap({ Bool.construct(from: $0) }) { return value }
            invalid(node, "'\(key)' must be true or false")
            return nil
        }
        func policy(_ node: Node, _ key: String, base: ExternalLinkSettings.HostPolicy) -> ExternalLinkSettings.HostPolicy {
            var policy = base
            guard let mapping = node.mapping else {
                invalid(node, "'\(key)' must be a mapping with 'concurrency', 'interval' and 'headers'")
                return policy
            }
            for (subKey, subValue) in mapping {
                let name = subKey.string ?? ""
                switch name {
                case "concurrency": count(subValue, "\(key).concurrency", least: 1).map { policy.concurrency = $0 }
                case "interval": duration(subValue, "\(key).interval").map { policy.interval = $0 }
                case "headers":
                    guard let headers = subValue.mapping else {
                        invalid(subValue, "'\(key).headers' must map header names to values")
                        continue
                    }
                    for (header, headerValue) in headers {
                        guard let name = header.string, !name.isEmpty, let text = headerValue.scalar?.string,
                              !text.contains("\n"), !text.contains("\r") else {
                            invalid(headerValue, "'\(key).headers' must map header names to one-line values")
                            continue
                        }
                        policy.headers[name] = text
                    }
                default: unknown(name, subKey, key)
                }
            }
            return policy
        }
        var hostNodes: [(String, Node)] = []
        for (keyNode, node) in section {
            let key = keyNode.string ?? ""
            let name = "links.external.\(key)"
            switch key {
            case "check": bool(node, name).map { settings.check = $0 }
            case "timeout": duration(node, name).map { settings.timeout = $0 }
            case "connect_timeout": duration(node, name).map { settings.connectTimeout = $0 }
            case "retries": count(node, name, least: 0).map { settings.retries = $0 }
            case "concurrency": count(node, name, least: 1).map { settings.concurrency = $0 }
            case "allow_private": bool(node, name).map { settings.allowPrivate = $0 }
            case "fragments": bool(node, name).map { settings.fragments = $0 }
            case "hosts":
                guard let hosts = node.mapping else {
                    invalid(node, "'links.external.hosts' must map host names (and 'default') to their limits")
                    continue
                }
                for (hostKey, hostValue) in hosts { hostNodes.append(((hostKey.string ?? "").lowercased(), hostValue)) }
            case "cache":
                guard let cache = node.mapping else {
                    invalid(node, "'links.external.cache' must be a mapping with 'max_age' and 'failure_max_age'")
                    continue
                }
                for (subKey, subValue) in cache {
                    switch subKey.string ?? "" {
                    case "max_age": duration(subValue, "links.external.cache.max_age").map { settings.cacheMaxAge = $0 }
                    case "failure_max_age":
                        duration(subValue, "links.external.cache.failure_max_age").map { settings.failureMaxAge = $0 }
                    default: unknown(subKey.string ?? "", subKey, "links.external.cache")
                    }
                }
            default:
                unknown(key, keyNode, "links.external")
            }
        }
        // `default` first, so that the hosts named start from it.
        for (host, node) in hostNodes where host == "default" {
            settings.defaultHost = policy(node, "links.external.hosts.default", base: settings.defaultHost)
        }
        for (host, node) in hostNodes where host != "default" {
            settings.hosts[host] = policy(node, "links.external.hosts.\(host)", base: settings.defaultHost)
        }
        return diagnostics
    }

    /// `10s`, `100ms`, `5m`, `1h`, `1d`, or a plain number of seconds → seconds; nil when it is none of those.
    public static func parseDuration(_ text: String) -> Double? {
        let trimmed = text.trimmingWhitespace
        for (suffix, factor) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0), ("d", 86_400.0)] {
            if trimmed.hasSuffix(suffix), let number = Double(trimmed.dropLast(suffix.count)), number >= 0, number.isFinite {
                return number * factor
            }
        }
        if let number = Double(trimmed), number >= 0, number.isFinite { return number }
        return nil
    }

    /// `keep_files`: a list of paths relative to the output folder (or one path); each must stay inside it.
    static func keepFiles(_ value: Node, position: YAMLPosition) -> ([String], [Diagnostic]) {
        var paths: [String] = []
        var diagnostics: [Diagnostic] = []
        // An empty value (`keep_files:` or `~`) keeps nothing.
        let isEmpty = value.scalar.map { $0.style == .plain && ["", "~", "null"].contains($0.string) } ?? false
        let items = isEmpty ? [] : value.sequence.map(Array.init) ?? [value]
        for item in items {
            guard let text = item.scalar?.string, let path = normalizeKeepPath(text) else {
                diagnostics.append(.error(position.location(item.mark), rule: "config-invalid",
                                          "each 'keep_files' entry must be a path inside the output folder, such as "
                                            + "'CNAME' or '.git' (no leading '/', no '.' or '..')"))
                continue
            }
            if !paths.contains(path) { paths.append(path) }
        }
        return (paths, diagnostics)
    }

    // The paths below are read byte by byte, never by Character: a `/` followed by a combining mark is one
    // Character, so `hasPrefix("/")` was false for `/\u{597}e/`, and that base URL, written to sitegen.yml and read
    // again, became `//\u{597}e/` (found by FuzzConfig).
    private static let slash = UInt8(ascii: "/")

    /// `text` without the `/` bytes at its start (`leading`) or its end (`trailing`).
    private static func trimmingSlashes(_ text: String, leading: Bool, trailing: Bool) -> String {
        var bytes = Array(text.utf8)[...]
        if leading { bytes = bytes.drop { $0 == slash } }
        if trailing { while bytes.last == slash { bytes = bytes.dropLast() } }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `trimmingSlashes` of the text without its whitespace, until neither changes it: `x\u{3000}/` is `x`, not
    /// `x\u{3000}` (which, read again, would become `x`).
    private static func trimmingWhitespaceAndSlashes(_ text: String, leading: Bool, trailing: Bool) -> String {
        var value = text
        while true {
            let trimmed = trimmingSlashes(value.trimmingWhitespace, leading: leading, trailing: trailing)
            if trimmed == value { return value }
            value = trimmed
        }
    }

    /// Whether a part between `/` bytes is `.` or `..`, or (`emptyToo`) empty.
    private static func hasDotSegment(_ text: String, emptyToo: Bool) -> Bool {
        text.utf8.split(separator: slash, omittingEmptySubsequences: !emptyToo).contains { part in
            part.isEmpty || part.elementsEqual(".".utf8) || part.elementsEqual("..".utf8)
        }
    }

    private static func hasDoubleSlash(_ text: String) -> Bool {
        zip(text.utf8, text.utf8.dropFirst()).contains { $0 == slash && $1 == slash }
    }

    /// `.git/` → `.git`: a path relative to the output folder that stays inside it, nil when it is not one.
    public static func normalizeKeepPath(_ text: String) -> String? {
        let value = trimmingWhitespaceAndSlashes(text, leading: false, trailing: true)
        guard !value.isEmpty, value.utf8.first != slash, !value.utf8.contains(UInt8(ascii: "\\")), !value.utf8.contains(0),
              !hasDotSegment(value, emptyToo: true)
        else { return nil }
        return value
    }

    /// `assets` → `assets/`: a URL path relative to the baseurl, nil when it is not one.
    public static func normalizeMountURL(_ text: String) -> String? {
        var value = trimmingWhitespaceAndSlashes(text, leading: true, trailing: false)
        if !value.isEmpty, value.utf8.last != slash { value += "/" }
        guard SitePath.isValidPathText(value), !hasDoubleSlash(value), !hasDotSegment(value, emptyToo: false) else { return nil }
        return value
    }

    /// `how-to` → `/how-to/`; `/` stays `/`; nil when it is not a URL path.
    public static func normalizeBaseURL(_ text: String) -> String? {
        var value = text.trimmingWhitespace
        if value.isEmpty { return "/" }
        if value.utf8.first != slash { value = "/" + value }
        if value.utf8.last != slash { value += "/" }
        guard SitePath.isValidPathText(value), !hasDoubleSlash(value), !hasDotSegment(value, emptyToo: false) else { return nil }
        return value
    }

    /// `https://help.example.com/` → `https://help.example.com`: every trailing `/` goes, so that a URL
    /// normalized once reads back the same (`http://a//` was `http://a/` once, then `http://a`); nil when
    /// `validSiteURL` rejects it. The empty text stays empty (no site URL).
    public static func normalizeSiteURL(_ text: String) -> String? {
        if text.isEmpty { return "" }
        guard validSiteURL(text) else { return nil }
        return trimmingSlashes(text, leading: false, trailing: true)
    }

    /// True for an absolute http(s) URL with a host.
    public static func validSiteURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }
}
