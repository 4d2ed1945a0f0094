import SitegenCore

/// JUnit XML, which most CI systems display as test results: one test suite, one test case per checked file;
/// a file with errors is a failed test case listing them, warnings and notes go to its `system-out`.
public enum JUnitReport {
    public static func render(_ report: CheckReport) -> String {
        let byFile = Dictionary(grouping: report.diagnostics, by: \.location.file)
        var files = report.pages.map(\.file)
        // Diagnostics of files that are not pages (configuration, templates, skipped files) get test cases too.
        // A set of the pages' files: looking each key up in the list of pages went through all of them for every
        // file with a finding, 4 seconds of CPU at 50,000 articles.
        let pageFiles = Set(files)
        files += byFile.keys.filter { !pageFiles.contains($0) }.sorted()
        let failures = files.filter { (byFile[$0] ?? []).hasErrors }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"\(escape(report.toolName))\" tests=\"\(files.count)\" failures=\"\(failures)\">\n"
        xml += "  <testsuite name=\"\(escape(report.toolName)) check\" tests=\"\(files.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        if let changes = report.urlChanges {
            // What the change does to the baseline's URLs (`--baseline`): counted, as a suite's properties.
            let counts = changes.counts
            xml += "    <properties>\n"
            for (name, value) in [("urls.baseline", counts.baseline), ("urls.baseline_pages", "\(counts.baselinePages)"),
                                  ("urls.removed", "\(counts.removed)"), ("urls.redirected", "\(counts.redirected)"),
                                  ("urls.added", "\(counts.added)"), ("urls.anchors_removed", "\(counts.anchorsRemoved)")] {
                xml += "      <property name=\"\(name)\" value=\"\(escape(value))\"/>\n"
            }
            xml += "    </properties>\n"
        }
        for file in files {
            let diagnostics = byFile[file] ?? []
            xml += "    <testcase classname=\"\(escape(file))\" name=\"\(escape(file))\""
            if diagnostics.isEmpty {
                xml += "/>\n"
                continue
            }
            xml += ">\n"
            let errors = diagnostics.filter { $0.severity == .error }
            let others = diagnostics.filter { $0.severity != .error }
            if !errors.isEmpty {
                let summary = errors.count == 1 ? errors[0].message : "\(errors.count) errors"
                xml += "      <failure message=\"\(escape(summary))\" type=\"\(escape(errors[0].rule))\">"
                xml += escape(errors.map(line).joined(separator: "\n"))
                xml += "</failure>\n"
            }
            if !others.isEmpty {
                xml += "      <system-out>\(escape(others.map(line).joined(separator: "\n")))</system-out>\n"
            }
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    private static func line(_ diagnostic: Diagnostic) -> String {
        diagnostic.formatted + (diagnostic.fixIt.map { "\n    fix: \($0)" } ?? "")
    }

    /// XML text and attribute escaping; characters XML 1.0 forbids are dropped, and DEL and the C1 controls (which
    /// some terminals obey) written as character references.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n", "\t", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                if (0x7F...0x9F).contains(scalar.value) {
                    result += "&#x\(String(scalar.value, radix: 16, uppercase: true));"
                    continue
                }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
