import SitegenCore
import Testing
@testable import SitegenContent

@Suite("Configuration: links.external")
struct ExternalConfigTests {
    @Test("reads every key of the issue's example, hosts starting from the default")
    func readsKeys() {
        let (config, diagnostics) = ConfigLoader.parse("""
            links:
              external:
                check: true
                timeout: 10s
                connect_timeout: 500ms
                retries: 2
                concurrency: 64
                allow_private: false
                fragments: true
                hosts:
                  "docs.example.com": {concurrency: 4, interval: 0ms, headers: {Accept-Language: en}}
                  default: {concurrency: 3, interval: 250ms}
                  Slow.Example.com: {interval: 2s}
                cache: {max_age: 1d, failure_max_age: 1h}
            """, file: "sitegen.yml")
        #expect(diagnostics == [])
        let external = config.links.external
        #expect(external.check && external.fragments && !external.allowPrivate)
        #expect(external.timeout == 10 && external.connectTimeout == 0.5 && external.retries == 2 && external.concurrency == 64)
        #expect(external.defaultHost == .init(concurrency: 3, interval: 0.25))
        #expect(external.hosts["docs.example.com"] == .init(concurrency: 4, interval: 0, headers: ["Accept-Language": "en"]))
        #expect(external.hosts["slow.example.com"] == .init(concurrency: 3, interval: 2))
        #expect(external.cacheMaxAge == 86_400 && external.failureMaxAge == 3_600)
    }

    @Test("a bad value is an error at its line; an unknown key a warning")
    func errors() {
        let (_, diagnostics) = ConfigLoader.parse("""
            links:
              external:
                timeout: soon
                retries: -1
                hosts:
                  default: {concurrency: 0, speed: 3}
                colour: red
            """, file: "sitegen.yml")
        #expect(diagnostics.map(\.formatted).sorted() == [
            "sitegen.yml:3:14: error: 'links.external.timeout' must be a duration such as 10s, 100ms, 5m, 1h or 1d (got 'soon') [config-invalid]",
            "sitegen.yml:4:14: error: 'links.external.retries' must be a whole number of at least 0 (got '-1') [config-invalid]",
            "sitegen.yml:6:30: error: 'links.external.hosts.default.concurrency' must be a whole number of at least 1 (got '0') [config-invalid]",
            "sitegen.yml:6:33: warning: unknown configuration key 'links.external.hosts.default.speed'; it is ignored [config-unknown-key]",
            "sitegen.yml:7:5: warning: unknown configuration key 'links.external.colour'; it is ignored [config-unknown-key]",
        ])
    }

    @Test("durations")
    func durations() {
        #expect(ConfigLoader.parseDuration("100ms") == 0.1)
        #expect(ConfigLoader.parseDuration("10s") == 10)
        #expect(ConfigLoader.parseDuration("5m") == 300)
        #expect(ConfigLoader.parseDuration("1d") == 86_400)
        #expect(ConfigLoader.parseDuration("3") == 3)
        #expect(ConfigLoader.parseDuration("-1s") == nil)
        #expect(ConfigLoader.parseDuration("soon") == nil)
    }
}
