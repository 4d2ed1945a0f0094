# Test-only stand-in for the jekyll-assets plugin's `{% asset_path x %}` tag, used by
# Scripts/jekyll-differential.py. It resolves the tag as sitegen does (docs/content/jekyll/liquid.md):
# <baseurl>assets/<path>, the path looked up in `assets.sources` as written, then percent-decoded, and the
# file name percent-encoded (every byte outside the RFC 3986 path characters, `%` included). No digests.
require "cgi"

class DifferentialAssetPathTag < Liquid::Tag
  PLAIN = /[A-Za-z0-9\-._~!$&'()*+,;=:@\/]/

  def render(context)
    site = context.registers[:site]
    path = @markup.strip.sub(/\A(["'])(.*)\1\z/, '\2').sub(%r{\A/+}, "")
    roots = Array(site.config.dig("assets", "sources")).map { |s| File.expand_path(s, Dir.pwd) }
    name = [path, CGI.unescape(path.gsub("+", "%2B"))].find { |p| roots.any? { |r| File.file?(File.join(r, p)) } }
    raise ArgumentError, "asset_path: no asset '#{path}' in #{roots.join(', ')}" unless name
    encoded = name.b.chars.map { |c| c.match?(PLAIN) ? c : format("%%%02X", c.ord) }.join
    "#{site.config['baseurl'].to_s.chomp('/')}/assets/#{encoded}"
  end
end

Liquid::Template.register_tag("asset_path", DifferentialAssetPathTag)
