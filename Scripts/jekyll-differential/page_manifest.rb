# Test-only hook for Scripts/jekyll-differential.py: after `jekyll build` has written the site, lists every
# page (a file with front matter, rendered) and static file with its source path, URL and output file, as
# JSON in the file named by JEKYLL_DIFFERENTIAL_MANIFEST. Does nothing when that variable is unset.
require "json"

Jekyll::Hooks.register :site, :post_write do |site|
  target = ENV["JEKYLL_DIFFERENTIAL_MANIFEST"]
  next if target.nil? || target.empty?

  entry = ->(item) { { "path" => item.relative_path, "url" => item.url, "dest" => item.destination(site.dest) } }
  File.write(target, JSON.pretty_generate(
    "baseurl" => site.config["baseurl"].to_s,
    "source" => site.source,
    "dest" => site.dest,
    "pages" => site.pages.map(&entry),
    "static_files" => site.static_files.map(&entry)
  ))
end
