/* sitegen search: the site's search index, queried in the browser. No third-party code.
 *
 * The query algorithm is the one of Sources/SitegenSearch (SearchText, EnglishFolding, SearchEngine), step for
 * step, so that `sitegen search` and this page return the same results; a change there is a change here (the
 * agreement test runs both). The index format is documented in SearchIndexWriter.swift.
 *
 * API: window.sitegen.search(query, {limit, product}) -> Promise<[{url, title, product, excerpt}]>
 * UI: the header's search box (combobox + listbox), the 404 page's suggestions, the all-articles filter.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var indexURL = script && script.getAttribute('data-index');
  if (!indexURL) return;

  var MAX_WORD = 40;
  var LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
  var MARK = /^\p{Mn}$/u;
  // SearchEngine.maximumTailBuckets
  var MAXIMUM_TAIL_BUCKETS = 4;
  // SearchIndexWriter.formatVersion
  var FORMAT_VERSION = 4;

  // SearchText.isIdeograph
  function isIdeograph(cp) {
    return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x3005 && cp <= 0x3007) || (cp >= 0x31f0 && cp <= 0x31ff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);
  }

  // SearchText.words
  function words(text) {
    var out = [];
    var current = '';
    var length = 0;
    // The run of ideographs being read: its length and its last character (each pair of neighbours is a word).
    var run = 0;
    var previous = '';
    function flush() {
      if (length >= 2) out.push(current);
      current = '';
      length = 0;
    }
    function endRun() {
      if (run === 1) out.push(previous);
      run = 0;
    }
    var characters = Array.from(text);
    for (var k = 0; k < characters.length; k++) {
      var ch = characters[k];
      var cp = ch.codePointAt(0);
      if (cp < 0x80) {
        if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39)) {
          if (run) endRun();
          if (length < MAX_WORD) current += ch;
          length++;
        } else if (cp >= 0x41 && cp <= 0x5a) {
          if (run) endRun();
          if (length < MAX_WORD) current += String.fromCharCode(cp + 0x20);
          length++;
        } else {
          if (run) endRun();
          // SearchText step 3: `C#`, `C++` (SearchText.signEnd).
          var end = (ch === '#' || ch === '+') && length === 1 && /^[a-z]$/.test(current) ? signEnd(characters, k) : -1;
          if (end > 0) {
            out.push(current + characters.slice(k, end).join(''));
            current = '';
            length = 0;
            k = end - 1;
          } else {
            flush();
          }
        }
        continue;
      }
      for (var part of ch.toLowerCase().normalize('NFKD')) {
        if (MARK.test(part)) continue;
        if (LETTER_OR_NUMBER.test(part)) {
          if (isIdeograph(part.codePointAt(0))) {
            flush();
            if (run) out.push(previous + part);
            previous = part;
            run++;
            continue;
          }
          if (run) endRun();
          if (length < MAX_WORD) current += part === 'ς' ? 'σ' : part;
          length++;
        } else {
          if (run) endRun();
          flush();
        }
      }
    }
    if (run) endRun();
    flush();
    return out;
  }

  // SearchText.signEnd
  function signEnd(characters, start) {
    var end = start + 1;
    if (characters[start] === '+') {
      if (characters[end] !== '+') return -1;
      end++;
    }
    if (end >= characters.length) return end;
    var next = characters[end];
    return next.codePointAt(0) >= 0x80 || /[A-Za-z0-9]/.test(next) ? -1 : end;
  }

  // EnglishFolding.stem
  function stem(word) {
    if (word.length < 4 || !/^[a-z]+$/.test(word)) return word;
    var w = word;
    function ends(suffix) { return w.length >= suffix.length && w.slice(w.length - suffix.length) === suffix; }
    function replace(count, text) { w = w.slice(0, w.length - count) + text; }
    if (ends('sses')) replace(2, '');
    else if (ends('ies')) replace(3, 'y');
    else if (ends('s') && !ends('ss') && !ends('us') && !ends('is')) replace(1, '');
    if (ends('ied') && w.length >= 5) replace(3, 'y');
    else if (ends('ing') && w.length >= 6) replace(3, '');
    else if (ends('ed') && w.length >= 5) replace(2, '');
    if (ends('e') && w.length >= 4) replace(1, '');
    return w;
  }

  // SearchIndexWriter.bucket
  function bucket(term, count) {
    var characters = Array.from(term);
    var prefix = characters.slice(0, characters.length && isIdeograph(characters[0].codePointAt(0)) ? 1 : 2).join('');
    var hash = 0x811c9dc5;
    for (var i = 0; i < prefix.length; i++) {
      hash ^= prefix.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    return (hash >>> 0) % count;
  }

  // SearchEngine.variantBuckets
  function variantBuckets(term, count) {
    if (term.length < 3) return [];
    var numbers = [];
    [[term[1], term[0]], [term[1], term[2]], [term[0], term[2]]].forEach(function (start) {
      var number = bucket(start.join(''), count);
      if (numbers.indexOf(number) < 0) numbers.push(number);
    });
    return numbers;
  }

  // PostingPacking.numbers: 5-bit groups, lowest first, one character each; 32 added when another follows.
  var PACKING = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var PACKED = new Int8Array(128);
  for (var p = 0; p < PACKING.length; p++) PACKED[PACKING.charCodeAt(p)] = p;
  function unpack(text) {
    var numbers = [];
    var value = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = PACKED[text.charCodeAt(i) & 127];
      value += (digit & 31) * Math.pow(2, shift);
      if (digit & 32) { shift += 5; continue; }
      numbers.push(value);
      value = 0;
      shift = 0;
    }
    return numbers;
  }

  // A term's postings, unpacked once per page view: each keystroke of a prefix reads the same terms again.
  var unpacked = new Map();
  function postingsOf(number, data, t) {
    var lists = unpacked.get(number);
    if (!lists) { lists = []; unpacked.set(number, lists); }
    if (!lists[t]) lists[t] = unpack(data.postings[t]);
    return lists[t];
  }

  // SearchEngine.tailKeys
  function tailKeys(word) {
    var keys = [];
    [word.term, word.term.slice(1), word.word, word.word.slice(1)].forEach(function (key) {
      if (key.length >= 4 && !keys.some(function (k) { return same(k, key); })) keys.push(key);
    });
    return keys;
  }

  // SearchEngine.tailBuckets
  function tailBuckets(word, keys, files, count, read) {
    var numbers = [];
    for (var k = 0; k < keys.length; k++) {
      var file = files[k];
      for (var i = 0; i < file.tails.length; i++) {
        var tail = Array.from(file.tails[i]);
        if (!same(tail, keys[k]) && !(word.isPrefix && startsWith(tail, keys[k]))) continue;
        var number = bucket(file.terms[i], count);
        if (read.indexOf(number) >= 0 || numbers.indexOf(number) >= 0) continue;
        numbers.push(number);
        if (numbers.length === MAXIMUM_TAIL_BUCKETS) return numbers;
      }
    }
    return numbers;
  }

  // SearchEngine.lastScalarIsWordScalar
  function lastIsWordScalar(query) {
    var all = Array.from(query);
    if (!all.length) return false;
    var last = all[all.length - 1];
    return LETTER_OR_NUMBER.test(last) || MARK.test(last);
  }

  // SearchEngine.queryWords
  function queryWords(query) {
    var list = words(query);
    var lastIsPrefix = lastIsWordScalar(query);
    var seen = new Set();
    var out = [];
    list.forEach(function (word, position) {
      var term = stem(word);
      var isPrefix = position === list.length - 1 && lastIsPrefix;
      var key = term + (isPrefix ? '*' : '');
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ word: Array.from(word), term: Array.from(term), isPrefix: isPrefix });
    });
    return out;
  }

  function same(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function startsWith(a, prefix) {
    if (prefix.length > a.length) return false;
    for (var i = 0; i < prefix.length; i++) if (a[i] !== prefix[i]) return false;
    return true;
  }

  // SearchEngine.editDistance (optimal string alignment, stopped at 2)
  function editDistance(left, right) {
    if (Math.abs(left.length - right.length) > 1) return 2;
    if (!left.length || !right.length) return Math.min(2, Math.max(left.length, right.length));
    var width = right.length + 1;
    var table = new Array((left.length + 1) * width).fill(0);
    for (var j = 0; j < width; j++) table[j] = j;
    for (var i = 1; i <= left.length; i++) {
      table[i * width] = i;
      for (j = 1; j < width; j++) {
        var cost = left[i - 1] === right[j - 1] ? 0 : 1;
        var best = Math.min(table[(i - 1) * width + j] + 1, table[i * width + j - 1] + 1,
                            table[(i - 1) * width + j - 1] + cost);
        if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) {
          best = Math.min(best, table[(i - 2) * width + j - 2] + 1);
        }
        table[i * width + j] = best;
      }
    }
    return Math.min(2, table[left.length * width + right.length]);
  }

  // SearchEngine.matchWeight
  function matchWeight(word, candidate) {
    if (same(candidate, word.term)) return 4;
    if (word.isPrefix) {
      if (startsWith(candidate, word.term) || startsWith(candidate, word.word)) return 3;
      if (candidate.length >= 3 && startsWith(word.word, candidate) && word.word.length - candidate.length <= 3) return 3;
    }
    if (word.word.length < 5) return 0;
    if (word.isPrefix) {
      var typedForms = [word.term, word.word];
      for (var f = 0; f < typedForms.length; f++) {
        var typed = typedForms[f];
        for (var length = typed.length - 1; length <= typed.length + 1; length++) {
          if (length <= candidate.length && length > 0 && editDistance(typed, candidate.slice(0, length)) <= 1) return 2;
        }
      }
    } else if (editDistance(word.term, candidate) <= 1 || editDistance(word.word, candidate) <= 1) {
      return 2;
    }
    return 0;
  }

  function fieldScore(code) {
    return (code & 1 ? 12 : 0) + (code & 2 ? 4 : 0) + (code & 4 ? 1 + Math.min(3, (code >> 3) & 7) : 0);
  }

  function rarity(pages, withTerm) {
    var ratio = Math.max(1, Math.floor(pages / Math.max(1, withTerm)));
    return 1 + (31 - Math.clz32(ratio));
  }

  function section(codes) {
    if (codes.every(function (c) { return c & 1; })) return 0;
    for (var i = 0; i < codes.length; i++) if (codes[i] & 2) return codes[i] >> 6;
    for (i = 0; i < codes.length; i++) if (codes[i] & 4) return codes[i] >> 6;
    return 0;
  }

  var files = new Map();
  function load(path) {
    if (!files.has(path)) {
      var loading = fetch(indexURL + path).then(function (response) {
        if (!response.ok) throw new Error('the search index has no file ' + path);
        return response.json();
      });
      files.set(path, loading);
      // A file that failed (a dropped connection, a server's hiccup) is asked for again by the next query, rather
      // than failing every query until the page is reloaded.
      loading.catch(function () { if (files.get(path) === loading) files.delete(path); });
    }
    return files.get(path);
  }

  // Terms as arrays of code points, made once per bucket.
  var bucketTerms = new Map();
  function termsOf(number, data) {
    if (!bucketTerms.has(number)) bucketTerms.set(number, data.terms.map(function (t) { return Array.from(t); }));
    return bucketTerms.get(number);
  }

  // SearchEngine.search
  function search(query, options) {
    options = options || {};
    var limit = options.limit == null ? 10 : options.limit;
    return load('meta.json').then(function (manifest) {
      // SearchIndexWriter.formatVersion: files of another version (a stale cache, a half-deployed site) would be
      // misread.
      if (manifest.version !== FORMAT_VERSION) {
        throw new Error('the search index is not one this search.js reads; build the site again');
      }
      var list = queryWords(String(query));
      if (!list.length || limit <= 0) return [];
      var productFilter = null;
      if (options.product) {
        var wanted = String(options.product).toLowerCase();
        productFilter = manifest.products.findIndex(function (p) {
          return p[0].toLowerCase() === wanted || p[1].toLowerCase() === wanted;
        });
        if (productFilter < 0) return [];
      }
      // SearchEngine step 2: the files each word is looked up in.
      function anyMatch(word, sources) {
        return sources.some(function (source) {
          var terms = termsOf(source[0], source[1]);
          for (var t = 0; t < terms.length; t++) if (matchWeight(word, terms[t]) > 0) return true;
          return false;
        });
      }
      function loadBuckets(numbers) {
        return Promise.all(numbers.map(function (n) { return load('t/' + n + '.json'); }));
      }
      function sourcesOf(word) {
        var own = bucket(word.term.join(''), manifest.buckets);
        return load('t/' + own + '.json').then(function (data) {
          var sources = [[own, data, false]];
          if (word.word.length < 5 || anyMatch(word, sources)) return sources;
          var numbers = variantBuckets(word.term, manifest.buckets).filter(function (n) { return n !== own; });
          return loadBuckets(numbers).then(function (variantData) {
            numbers.forEach(function (n, k) { sources.push([n, variantData[k], true]); });
            if (anyMatch(word, sources)) return sources;
            var keys = tailKeys(word);
            return Promise.all(keys.map(function (key) {
              return load('v/' + bucket(key.join(''), manifest.buckets) + '.json');
            })).then(function (tailFiles) {
              var read = sources.map(function (source) { return source[0]; });
              var found = tailBuckets(word, keys, tailFiles, manifest.buckets, read);
              return loadBuckets(found).then(function (foundData) {
                found.forEach(function (n, k) { sources.push([n, foundData[k], true]); });
                return sources;
              });
            });
          });
        });
      }
      return Promise.all(list.map(sourcesOf)).then(function (allSources) {
        var scores = new Map();
        list.forEach(function (word, position) {
          var sources = allSources[position];
          var best = new Map();
          sources.forEach(function (source) {
            var data = source[1];
            var terms = termsOf(source[0], data);
            for (var t = 0; t < terms.length; t++) {
              var weight = matchWeight(word, terms[t]);
              if (source[2]) weight = Math.min(weight, 2);
              if (weight <= 0) continue;
              var postings = postingsOf(source[0], data, t);
              var r = rarity(manifest.docs, Math.floor(postings.length / 2));
              var slot = 0;
              for (var i = 0; i + 1 < postings.length; i += 2) {
                slot += postings[i];
                var code = postings[i + 1];
                if (productFilter !== null && manifest.docProducts[slot] !== productFilter) continue;
                var score = weight * fieldScore(code) * r;
                var previous = best.get(slot);
                if (score > (previous ? previous[0] : 0)) best.set(slot, [score, code]);
              }
            }
          });
          best.forEach(function (match, slot) {
            var entry = scores.get(slot);
            if (!entry) {
              entry = { slot: slot, matched: 0, total: 0, codes: new Array(list.length).fill(null) };
              scores.set(slot, entry);
            }
            entry.matched += 1;
            entry.total += match[0];
            entry.codes[position] = match[1];
          });
        });
        // SearchEngine step 4: a title made of the query's words raises the total.
        scores.forEach(function (entry, slot) {
          if (entry.matched !== list.length || !entry.codes.every(function (c) { return c !== null && (c & 1); })) return;
          var titleTerms = Math.max(manifest.titleTerms[slot] || 0, list.length);
          entry.total += Math.floor(entry.total * list.length / titleTerms);
        });
        var ranked = Array.from(scores.values()).sort(function (a, b) {
          if (a.matched !== b.matched) return b.matched - a.matched;
          if (a.total !== b.total) return b.total - a.total;
          return a.slot - b.slot;
        }).slice(0, limit);
        // A query the user has typed past (the UI's `isCurrent`) loads no page files: only the last one shows.
        if (options.isCurrent && !options.isCurrent()) return [];
        return Promise.all(ranked.map(function (entry) {
          return load('d/' + Math.floor(entry.slot / manifest.chunk) + '.json').then(function (chunk) {
            var doc = chunk[entry.slot % manifest.chunk];
            if (!doc) return null;
            var codes = entry.codes.filter(function (c) { return c !== null; });
            var chosen = section(codes);
            var sections = doc[2];
            var picked = sections[chosen];
            var id = picked ? picked[0] : '';
            var excerpt = picked ? picked[2] : '';
            if (!excerpt && chosen === 0) {
              var other = sections.find(function (s) { return s[2]; });
              excerpt = other ? other[2] : '';
            }
            var product = manifest.docProducts[entry.slot];
            return {
              url: chosen > 0 && id ? doc[0] + '#' + id : doc[0],
              title: doc[1],
              product: product >= 0 && manifest.products[product] ? manifest.products[product][1] : '',
              excerpt: excerpt
            };
          });
        })).then(function (results) { return results.filter(Boolean); });
      });
    });
  }

  window.sitegen = window.sitegen || {};
  window.sitegen.search = search;
  // For the agreement test: the same steps the Swift engine exposes to its tests.
  window.sitegen.searchText = { words: words, stem: stem, bucket: bucket };

  // ---- Rendering helpers ----

  /** `text` as nodes, the words that match the query wrapped in <mark>. */
  function highlighted(text, list) {
    var fragment = document.createDocumentFragment();
    // `C#` and `C++` (SearchText step 3) are pieces of their own, so that they are marked whole.
    var pieces = text.split(/((?<![\p{L}\p{N}\p{Mn}])[A-Za-z](?:#|\+\+)(?![A-Za-z0-9]|[^\x00-\x7F])|[^\p{L}\p{N}\p{Mn}]+)/u);
    var plain = '';
    function matches(word) {
      return list.some(function (w) { return matchWeight(w, Array.from(stem(word))) > 0; });
    }
    function add(piece, hit) {
      if (!hit) { plain += piece; return; }
      if (plain) fragment.appendChild(document.createTextNode(plain));
      plain = '';
      var mark = document.createElement('mark');
      mark.textContent = piece;
      fragment.appendChild(mark);
    }
    pieces.forEach(function (piece) {
      var pieceWords = words(piece);
      if (pieceWords.length === 1 && !Array.from(piece).some(function (c) { return isIdeograph(c.codePointAt(0)); })) {
        add(piece, matches(pieceWords[0]));
        return;
      }
      // Ideographs are words in pairs: each character of a pair (or of a run of one) that matches is marked; the
      // letters between runs of them are a word each.
      var characters = Array.from(piece);
      var marked = characters.map(function () { return false; });
      var start = 0;
      while (start < characters.length) {
        var ideographs = isIdeograph(characters[start].codePointAt(0));
        var end = start;
        while (end < characters.length && isIdeograph(characters[end].codePointAt(0)) === ideographs) end++;
        if (!ideographs) {
          var own = words(characters.slice(start, end).join(''));
          if (own.length === 1 && matches(own[0])) for (var k = start; k < end; k++) marked[k] = true;
        } else if (end - start === 1) {
          marked[start] = words(characters[start]).some(matches);
        }
        for (var i = start; ideographs && i + 1 < end; i++) {
          if (words(characters[i] + characters[i + 1]).some(matches)) marked[i] = marked[i + 1] = true;
        }
        start = end;
      }
      var i = 0;
      while (i < characters.length) {
        var j = i;
        while (j < characters.length && marked[j] === marked[i]) j++;
        add(characters.slice(i, j).join(''), marked[i]);
        i = j;
      }
    });
    if (plain) fragment.appendChild(document.createTextNode(plain));
    return fragment;
  }

  function resultNode(result, list, tag) {
    var item = document.createElement(tag);
    var link = document.createElement('a');
    link.href = result.url;
    link.tabIndex = -1;
    var title = document.createElement('span');
    title.className = 'search-title';
    title.appendChild(highlighted(result.title, list));
    link.appendChild(title);
    if (result.product) {
      var product = document.createElement('span');
      product.className = 'search-product';
      product.textContent = result.product;
      link.appendChild(product);
    }
    if (result.excerpt) {
      var excerpt = document.createElement('span');
      excerpt.className = 'search-excerpt';
      excerpt.appendChild(highlighted(result.excerpt, list));
      link.appendChild(excerpt);
    }
    item.appendChild(link);
    return item;
  }

  // ---- The header's search box: the ARIA 1.2 combobox pattern with a listbox popup ----

  function setUpHeader() {
    var input = document.getElementById('site-search-input');
    var listbox = document.getElementById('site-search-results');
    var status = document.getElementById('site-search-status');
    if (!input || !listbox) return;
    var active = -1;
    var generation = 0;
    var shown = [];

    function options() { return listbox.querySelectorAll('[role="option"]'); }

    function close() {
      listbox.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function setActive(position) {
      var all = options();
      if (!all.length) return;
      active = (position + all.length) % all.length;
      all.forEach(function (option, index) { option.setAttribute('aria-selected', index === active ? 'true' : 'false'); });
      input.setAttribute('aria-activedescendant', all[active].id);
      all[active].scrollIntoView({ block: 'nearest' });
    }

    function show(results, query) {
      var list = queryWords(query);
      listbox.textContent = '';
      shown = results;
      results.forEach(function (result, index) {
        var option = resultNode(result, list, 'li');
        option.id = 'site-search-option-' + index;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.addEventListener('mousedown', function (event) { event.preventDefault(); });
        option.addEventListener('click', function () { window.location.href = result.url; });
        listbox.appendChild(option);
      });
      if (!results.length) {
        var empty = document.createElement('li');
        empty.className = 'search-empty';
        empty.textContent = 'No articles match.';
        listbox.appendChild(empty);
      }
      if (status) status.textContent = results.length ? results.length + ' results' : 'No results';
      listbox.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      active = -1;
      input.removeAttribute('aria-activedescendant');
    }

    input.addEventListener('input', function () {
      var query = input.value;
      var mine = ++generation;
      if (!words(query).length) { close(); listbox.textContent = ''; return; }
      search(query, { limit: 8, isCurrent: function () { return mine === generation; } }).then(function (results) {
        if (mine === generation) show(results, query);
      }, function () {
        if (mine === generation && status) status.textContent = 'Search is not available.';
      });
    });

    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        if (listbox.hidden && shown.length) { listbox.hidden = false; input.setAttribute('aria-expanded', 'true'); }
        setActive(active + 1);
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        setActive(active - 1);
      } else if (event.key === 'Enter') {
        var target = shown[active >= 0 ? active : 0];
        if (target && !listbox.hidden) {
          event.preventDefault();
          window.location.href = target.url;
        }
      } else if (event.key === 'Escape') {
        if (!listbox.hidden) { close(); } else { input.value = ''; input.blur(); }
        event.preventDefault();
      }
    });

    input.addEventListener('blur', function () { close(); });
    input.addEventListener('focus', function () { if (shown.length && input.value) { listbox.hidden = false; input.setAttribute('aria-expanded', 'true'); } });

    document.addEventListener('keydown', function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if ((event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) ||
          ((event.ctrlKey || event.metaKey) && (event.key === 'k' || event.key === 'K'))) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  // ---- The 404 page: the best matches for the words of the missing URL ----

  /** The path with its escapes decoded. A missing URL may have a `%` that starts none (`/how-to/save-50%-now/`, typed
   * or pasted), on which decodeURIComponent throws: then each run of well-formed escapes is decoded alone and the
   * rest is kept as written. */
  function decodedPath(path) {
    try {
      return decodeURIComponent(path);
    } catch (error) {
      return path.replace(/(%[0-9A-Fa-f]{2})+/g, function (run) {
        try { return decodeURIComponent(run); } catch (invalid) { return run; }
      });
    }
  }

  function setUpNotFound() {
    var box = document.getElementById('not-found-suggestions');
    if (!box) return;
    var path = decodedPath(window.location.pathname).replace(/\.html?$/, '').replace(/\/index$/, '');
    var query = words(path.replace(/[-_./]+/g, ' ')).filter(function (w) { return w !== 'how' && w !== 'to'; }).join(' ') + ' ';
    if (!words(query).length) return;
    search(query, { limit: 5 }).then(function (results) {
      if (!results.length) return;
      var list = box.querySelector('ul');
      var queryList = queryWords(query);
      results.forEach(function (result) { list.appendChild(resultNode(result, queryList, 'li')); });
      box.hidden = false;
    }, function () {
      // No index to ask (a file failed to load): the page stays as it is, without suggestions.
    });
  }

  // ---- The all-articles page: a filter box over its list, answered by the index ----

  function setUpFilter() {
    var input = document.getElementById('all-articles-filter');
    if (!input) return;
    var container = document.getElementById('all-articles-groups');
    var count = document.getElementById('all-articles-filter-count');
    var items = Array.from(container.querySelectorAll('li'));
    var generation = 0;
    input.addEventListener('input', function () {
      var query = input.value;
      var mine = ++generation;
      function showAll(text) {
        items.forEach(function (item) { item.hidden = false; });
        container.querySelectorAll('section').forEach(function (s) { s.hidden = false; });
        if (count) count.textContent = text;
      }
      if (!words(query).length) {
        showAll('');
        return;
      }
      search(query, { limit: items.length, isCurrent: function () { return mine === generation; } }).then(function (results) {
        if (mine !== generation) return;
        var urls = new Set(results.map(function (r) { return r.url.split('#')[0]; }));
        var visible = 0;
        items.forEach(function (item) {
          var link = item.querySelector('a');
          var keep = link && urls.has(link.getAttribute('href'));
          item.hidden = !keep;
          if (keep) visible++;
        });
        container.querySelectorAll('section').forEach(function (s) {
          s.hidden = !s.querySelector('li:not([hidden])');
        });
        if (count) count.textContent = visible === 1 ? '1 article' : visible + ' articles';
      }, function () {
        // No index to ask (a file failed to load; the next keystroke asks again): every article, and why.
        if (mine === generation) showAll('Search is not available: all articles are shown.');
      });
    });
  }

  function start() {
    setUpHeader();
    setUpNotFound();
    setUpFilter();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
