// Runs the theme's search.js outside a browser (Node), for the CLI/browser agreement test: the index files are
// read from disk through a stand-in for fetch, and the page's DOM is absent (the UI parts set nothing up).
// Usage: node search-node.js <search.js> <index folder> <queries.json>  → prints {query: [url…]} as JSON.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const [scriptPath, indexFolder, queriesPath] = process.argv.slice(2);
globalThis.window = globalThis;
globalThis.document = {
  currentScript: { getAttribute: () => 'index:' },
  readyState: 'complete',
  getElementById: () => null,
  addEventListener() {},
};
globalThis.fetch = async (url) => {
  const file = path.join(indexFolder, url.slice('index:'.length));
  if (!fs.existsSync(file)) return { ok: false };
  const text = fs.readFileSync(file, 'utf8');
  return { ok: true, json: async () => JSON.parse(text) };
};
vm.runInThisContext(fs.readFileSync(scriptPath, 'utf8'), { filename: scriptPath });
(async () => {
  const queries = JSON.parse(fs.readFileSync(queriesPath, 'utf8'));
  const out = {};
  for (const q of queries) {
    const results = await window.sitegen.search(q.query, { limit: 10, product: q.product || undefined });
    out[q.query + '|' + (q.product || '')] = results.map((r) => r.url);
  }
  process.stdout.write(JSON.stringify(out));
})();
