/* ssg site search: reads the index the build wrote under /search/ (a manifest, term chunks, one file per
   document) and shows results as you type, in the header and on the /search/ page. No dependencies.
   Queries are read by the build's own rules (Korean particles and endings, English stems, code
   identifiers), which the manifest carries; see ssg/search/words.py. */
(function () {
  "use strict";
  var TOKEN = /[0-9A-Za-z\u00c0-\u024f]+(?:[-._]+[0-9A-Za-z\u00c0-\u024f]+)*|[\uac00-\ud7a3]+|[\u3041-\u30ff\u4e00-\u9fff]+/g;
  var CAMEL = /[A-Z]+(?![a-z])|[A-Z]?[a-z\u00c0-\u024f]+|[0-9]+/g;
  var CUTOFF = 0.1;  // results scoring under a tenth of the best are passing mentions
  var manifestUrl = null, manifest = null, chunks = {}, docs = {}, stop = {}, split = {};

  function fold(s) { return s.normalize("NFKC").toLowerCase(); }
  function isHangul(c) { return c >= "\uac00" && c <= "\ud7a3"; }
  function bucket(t) {  // ssg.search.words.bucket: a split prefix files its terms by one more letter
    var key = t.charAt(0) < "\u0250" ? t.slice(0, 2) : t.slice(0, 1);
    return split[key] && t.length > key.length ? t.slice(0, key.length + 1) : key;
  }
  function shard(key, count) {
    var h = 2166136261;
    for (var ch of key) { h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0; }
    return h % count;
  }
  function stripEnding(w) {
    var e = manifest.rules.endings, min = manifest.rules.min_stem;
    for (var i = 0; i < e.length; i++) {
      if (w.length - e[i].length >= min && w.slice(-e[i].length) === e[i]) return w.slice(0, -e[i].length);
    }
    return w;
  }
  function stem(w) {  // ssg.search.words.stem
    if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
    if (/ies$/.test(w) && w.length > 4) return w.slice(0, -3) + "y";
    var m = /^(.*)(ing|ed)$/.exec(w);
    if (m && m[1].length >= 3) {
      var b = m[1];
      if (b.length > 3 && b[b.length - 1] === b[b.length - 2] && "lsz".indexOf(b[b.length - 1]) < 0) b = b.slice(0, -1);
      return b.replace(/e$/, "");
    }
    if (/(sses|shes|ches|xes)$/.test(w)) return w.slice(0, -2);
    if (/es$/.test(w) && w.length > 4) return w.slice(0, -2).replace(/e$/, "");
    if (/s$/.test(w) && !/(ss|us|is)$/.test(w)) return w.slice(0, -1).replace(/e$/, "");
    return w.length > 4 ? w.replace(/e$/, "") : w;
  }
  // a query -> words; each word is a list of [term, weight, prefix?] that may match it
  function words(query) {
    var out = [], tokens = query.match(TOKEN) || [];
    tokens.forEach(function (token, n) {
      var last = n === tokens.length - 1, t = fold(token), alts = [];
      if (isHangul(t.charAt(0))) {
        alts.push([t, 1, true]);
        var s = stripEnding(t);
        if (s !== t) alts.push([s, 0.9, true]);
      } else if (t.charAt(0) >= "\u3041") {
        alts.push([t, 1, true]);
      } else {
        if (stop[t] || (t.length < 2 && !/^[0-9]$/.test(t))) return;
        alts.push([t, 1, t.length >= 2]);
        var st = stem(t);
        if (st !== t) alts.push([st, 0.9, last]);
        if (/[-._]/.test(token) || /[a-z][A-Z]/.test(token)) {  // an identifier: its parts, all of them
          var parts = [];
          token.split(/[-._]+/).forEach(function (p) { (p.match(CAMEL) || [p]).forEach(function (q) { parts.push(fold(q)); }); });
          alts.parts = parts.filter(function (p) { return p.length > 1 && !stop[p]; });
        }
      }
      out.push(alts);
    });
    return out;
  }
  function load(url) {
    return fetch(url).then(function (r) { if (!r.ok) throw new Error(url + ": " + r.status); return r.json(); });
  }
  function chunkFor(term) {
    var n = shard(bucket(term), manifest.chunks.length);
    if (!chunks[n]) {
      chunks[n] = load(new URL(manifest.chunks[n], manifestUrl)).then(function (data) {
        return { data: data, terms: Object.keys(data).filter(function (k) { return k.charAt(0) !== "~"; }).sort() };
      });
    }
    return chunks[n];
  }
  function lowerBound(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function close(a, b) {  // Damerau distance within 1 (2 for long words), or false
    var max = a.length >= 7 ? 2 : 1;
    if (Math.abs(a.length - b.length) > max || a.charAt(0) !== b.charAt(0)) return false;
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (j = 0; j <= b.length; j++) { d[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      var best = Infinity;
      for (j = 1; j <= b.length; j++) {
        var c = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + c);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        best = Math.min(best, d[i][j]);
      }
      if (best > max) return false;
    }
    return d[a.length][b.length] <= max;
  }
  // the terms of a split prefix near a word (a slip in its third letter files it elsewhere): the
  // prefix's vocabulary, in the chunk the prefix itself is filed in
  function nearTerms(alts) {
    return Promise.all(alts.map(function (alt) {
      var q = alt[0], key = q.slice(0, 2);
      if (q.length < 4 || q.charAt(0) >= "\u0250" || !split[key]) return [];
      return chunkFor(key).then(function (chunk) {
        return (chunk.data["~" + key] || []).filter(function (t) { return close(q, t); })
          .map(function (t) { return [t, alt[1] * 0.5, false]; });
      });
    })).then(function (lists) { return [].concat.apply([], lists); });
  }
  // one word -> {doc: score} and the index terms it matched (for marking snippets)
  function match(alts, fuzzy) {
    var total = manifest.docs.length;
    if (fuzzy) {  // a slip in the second letter files a word under another prefix: look there too
      alts.slice().forEach(function (alt) {
        var q = alt[0];
        if (q.length >= 4 && q.charAt(0) < "\u0250") {
          alts = alts.concat([[q[0] + q[2] + q[1] + q.slice(3), alt[1] * 0.6, false], [q[0] + q.slice(2), alt[1] * 0.5, false]]);
        }
      });
    }
    return (fuzzy ? nearTerms(alts) : Promise.resolve([])).then(function (near) {
      alts = alts.concat(near);
      return Promise.all(alts.map(function (alt) { return chunkFor(alt[0]); }));
    }).then(function (found) {
      var scores = {}, seen = [];
      function add(term, postings, factor) {
        var idf = Math.log(1 + total / (postings.length / 2));
        seen.push(term);
        for (var k = 0; k < postings.length; k += 2) {
          var s = postings[k + 1] * factor * idf;
          if (!(scores[postings[k]] >= s)) scores[postings[k]] = s;
        }
      }
      alts.forEach(function (alt, n) {
        var chunk = found[n], q = alt[0], i = lowerBound(chunk.terms, q);
        for (; i < chunk.terms.length && chunk.terms[i].lastIndexOf(q, 0) === 0; i++) {
          var t = chunk.terms[i];
          if (t === q) add(t, chunk.data[t], alt[1]);
          else if (alt[2]) add(t, chunk.data[t], alt[1] * (0.5 + 0.4 * q.length / t.length));
        }
        if (fuzzy && !seen.length && q.length >= 4) {
          chunk.terms.forEach(function (t) { if (close(q, t)) add(t, chunk.data[t], 0.5 * alt[1]); });
        }
      });
      return { scores: scores, terms: seen };
    });
  }
  function ranked(query) {
    var ws = words(query);
    return Promise.all(ws.map(function (alts) { return match(alts, false); })).then(function (got) {
      return Promise.all(got.map(function (g, n) {  // nothing found: the identifier's parts, then near spellings
        if (Object.keys(g.scores).length) return g;
        if (ws[n].parts && ws[n].parts.length > 1) {
          return Promise.all(ws[n].parts.map(function (p) { return match([[p, 0.6, true]], true); })).then(function (ps) {
            var all = ps.reduce(function (acc, p) {
              var scores = {};
              Object.keys(p.scores).forEach(function (d) { if (acc === null || d in acc.scores) scores[d] = (acc ? acc.scores[d] : 0) + p.scores[d]; });
              return { scores: scores, terms: (acc ? acc.terms : []).concat(p.terms) };
            }, null);
            return all;
          });
        }
        return match(ws[n], true);
      }));
    }).then(function (got) {
      var hits = {}, terms = [];
      got.forEach(function (g) {
        terms = terms.concat(g.terms);
        Object.keys(g.scores).forEach(function (d) {
          var h = hits[d] || (hits[d] = { doc: +d, score: 0, words: 0 });
          h.score += g.scores[d]; h.words += 1;
        });
      });
      var list = Object.keys(hits).map(function (d) { return hits[d]; });
      var all = list.filter(function (h) { return h.words === got.length; });
      list = all.length ? all : list;  // every word if any page has them all, else the most
      list.sort(function (a, b) { return b.words - a.words || b.score - a.score || a.doc - b.doc; });
      var floor = list.length ? list[0].score * CUTOFF : 0;  // passing mentions far below the best
      list = list.filter(function (h) { return h.score >= floor; });
      return { hits: list, terms: terms, words: ws };
    });
  }
  function doc(n) {
    var key = manifest.docs[n];
    if (!docs[key]) docs[key] = load(new URL("d/" + key + ".json", manifestUrl));
    return docs[key];
  }
  function escape(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function marked(text, needles) {
    var low = fold(text), out = "", at = 0;
    if (low.length !== text.length) return escape(text);  // NFKC changed lengths: no marks
    while (at < text.length) {
      var best = -1, len = 0;
      needles.forEach(function (n) {
        var i = low.indexOf(n, at);
        if (i >= 0 && (best < 0 || i < best || (i === best && n.length > len))) { best = i; len = n.length; }
      });
      if (best < 0) break;
      out += escape(text.slice(at, best)) + "<mark>" + escape(text.slice(best, best + len)) + "</mark>";
      at = best + len;
    }
    return out + escape(text.slice(at));
  }
  function snippet(text, needles) {
    var low = fold(text), first = -1;
    needles.forEach(function (n) { var i = low.indexOf(n); if (i >= 0 && (first < 0 || i < first)) first = i; });
    var start = Math.max(0, first - 60), piece = text.slice(start, start + 180);
    if (start > 0) piece = "…" + piece.replace(/^\S*\s/, "");
    if (start + 180 < text.length) piece = piece.replace(/\s\S*$/, "") + "…";
    return marked(piece, needles);
  }
  function needlesOf(result) {
    var n = {};
    result.terms.forEach(function (t) { n[t] = 1; });
    result.words.forEach(function (alts) { alts.forEach(function (a) { n[a[0]] = 1; }); });
    return Object.keys(n).filter(function (t) { return t.length > 1 || isHangul(t); })
      .sort(function (a, b) { return b.length - a.length; });
  }
  function render(list, status, result, shown) {
    var needles = needlesOf(result);
    var top = result.hits.slice(0, shown);
    return Promise.all(top.map(function (h) { return doc(h.doc); })).then(function (found) {
      list.innerHTML = found.map(function (d) {
        var tags = d.g.map(function (t) { return "#" + escape(t); }).join(" ");
        return '<li><a class="search-hit" href="' + escape(d.u) + '"><span class="hit-title">' + marked(d.t, needles) +
          '</span><span class="hit-meta">' + (d.d ? '<time datetime="' + d.d + '">' + d.d + "</time>" : "") +
          (tags ? " · " + tags : "") + '</span><span class="hit-snippet">' + snippet(d.x, needles) + "</span></a></li>";
      }).join("");
      var n = result.hits.length;
      status.textContent = n ? n + (n === 1 ? " result" : " results") : "No results";
    });
  }
  function start(indexUrl) {
    if (manifest) return Promise.resolve();
    manifestUrl = new URL(indexUrl, location.href);
    return load(manifestUrl).then(function (m) {
      manifest = m;
      m.rules.stop.forEach(function (w) { stop[w] = 1; });
      (m.split || []).forEach(function (k) { split[k] = 1; });
    });
  }
  // an input, its results list and status line: results as you type, arrows move through them
  function attach(input, list, status, shown, onQuery) {
    var seq = 0, box = list.parentNode;
    function run() {
      var q = input.value.trim(), mine = ++seq;
      if (onQuery) onQuery(q);
      if (!q) { list.innerHTML = ""; status.textContent = ""; box.hidden = !!box.dataset.popup; return; }
      start(input.dataset.searchIndex).then(function () { return ranked(q); }).then(function (result) {
        if (mine !== seq) return null;
        return render(list, status, result, shown).then(function () {
          if (mine === seq) { box.hidden = false; window.ssgSearchDone = (window.ssgSearchDone || 0) + 1; }
        });
      }).catch(function (e) { status.textContent = "Search is unavailable: " + e.message; box.hidden = false; });
    }
    input.addEventListener("input", run);
    input.addEventListener("focus", function () { start(input.dataset.searchIndex).catch(function () {}); });
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    function move(e) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!all.length) return;
        e.preventDefault();
        var next = e.key === "ArrowDown" ? at + 1 : at - 1;
        if (next < 0) input.focus(); else all[Math.min(next, all.length - 1)].focus();
      } else if (e.key === "Escape" && box.dataset.popup) {
        box.hidden = true;
        input.focus();
      }
    }
    input.addEventListener("keydown", move);
    list.addEventListener("keydown", move);
    if (box.dataset.popup) {
      document.addEventListener("click", function (e) { if (!input.form.contains(e.target)) box.hidden = true; });
    }
    if (input.value.trim()) run();
    return run;
  }
  window.ssgSearch = {  // for tests: the ranked document URLs of a query
    query: function (indexUrl, q) {
      return start(indexUrl).then(function () { return ranked(q); }).then(function (r) {
        return Promise.all(r.hits.slice(0, 10).map(function (h) { return doc(h.doc); }));
      }).then(function (ds) { return ds.map(function (d) { return d.u; }); });
    }
  };
  document.addEventListener("DOMContentLoaded", function () {
    var header = document.getElementById("site-search-input");
    var page = document.getElementById("search-page-input");
    if (header) {
      attach(header, document.getElementById("site-search-list"), document.getElementById("site-search-status"), 6);
    }
    if (page) {
      var params = new URLSearchParams(location.search);
      if (params.get("q")) page.value = params.get("q");
      attach(page, document.getElementById("search-page-list"), document.getElementById("search-page-status"), 20, function (q) {
        var url = new URL(location.href);
        if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
        history.replaceState(null, "", url);
      });
      if (!page.value) page.focus();
    }
    document.addEventListener("keydown", function (e) {
      var target = page || header;
      if (!target || e.defaultPrevented) return;
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
      if ((e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k")) {
        e.preventDefault();
        target.focus();
        target.select();
      }
    });
  });
})();
