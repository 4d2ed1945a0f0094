import SitegenCore
import Testing
@testable import SitegenContent

@Suite("URLs")
struct URLMapperTests {
    let mapper = URLMapper(baseURL: "/how-to/")

    @Test("permalinks map under the baseurl", arguments: [
        ("cannot-connect-to-email/", "/how-to/cannot-connect-to-email/", "how-to/cannot-connect-to-email/index.html"),
        ("/rackspace-email/", "/how-to/rackspace-email/", "how-to/rackspace-email/index.html"),
        ("no-trailing-slash", "/how-to/no-trailing-slash/", "how-to/no-trailing-slash/index.html"),
        ("legacy.html", "/how-to/legacy.html", "how-to/legacy.html"),
        ("/", "/how-to/", "how-to/index.html"),
        ("café/", "/how-to/caf%C3%A9/", "how-to/café/index.html"),
        // The baseurl written into the permalink is the URL its author meant, not Jekyll's /how-to/how-to/x/.
        ("/how-to/setup/", "/how-to/setup/", "how-to/setup/index.html"),
        ("/how-to//setup", "/how-to/setup/", "how-to/setup/index.html"),
        ("/how-to/", "/how-to/", "how-to/index.html"),
        ("/how-to", "/how-to/", "how-to/index.html"),
        ("/how-tox/", "/how-to/how-tox/", "how-to/how-tox/index.html"),
        ("how-to/setup/", "/how-to/how-to/setup/", "how-to/how-to/setup/index.html"),
    ])
    func permalinks(permalink: String, url: String, file: String) {
        let path = mapper.pageURL(permalink: permalink, fileBaseName: "ignored")
        #expect(path.value == url)
        #expect(path.outputRelativePath == file)
    }

    @Test("a permalink that starts with the baseurl, and what is left of it")
    func baseURLPrefixed() {
        #expect(mapper.baseURLPrefixed("/how-to/setup/") == "setup/")
        #expect(mapper.baseURLPrefixed("/how-to") == "")
        #expect(mapper.baseURLPrefixed("/how-tox/") == nil)
        #expect(mapper.baseURLPrefixed("setup/") == nil)
        #expect(URLMapper(baseURL: "/").baseURLPrefixed("/setup/") == nil)
        #expect(URLMapper(baseURL: "/").pageURL(permalink: "/setup/", fileBaseName: "x").value == "/setup/")
    }

    @Test("no permalink: the slug of the file name")
    func slugFromFileName() {
        let path = mapper.pageURL(permalink: nil, fileBaseName: "Add authorized users in the RackConnect Management Interface")
        #expect(path.value == "/how-to/add-authorized-users-in-the-rackconnect-management-interface/")
        // ASCII names take a byte path, others the Unicode one: the same rules (ASCII letters, digits, '_', '.').
        #expect(URLMapper.slug("  What's New -- v1.0 (2017)!  ") == "what-s-new-v1.0-2017")
        #expect(URLMapper.slug("Über DNS") == "ber-dns")
        #expect(URLMapper.slug("%%%") == "page")
    }

    @Test("asset URLs are percent-encoded, output paths decoded")
    func assets() {
        let url = mapper.assetURL(contentPath: "cloud files/My Image.png")
        #expect(url.value == "/how-to/cloud%20files/My%20Image.png")
        #expect(url.outputRelativePath == "how-to/cloud files/My Image.png")
    }

    @Test("paths that would leave the output folder have no output path")
    func traversal() {
        #expect(SitePath("/how-to/%2e%2e/x/").outputRelativePath == nil)
        #expect(SitePath("/how-to/a%2Fb/").outputRelativePath == nil)
    }
}
