/* 협동조합 찾기: instant filters over coops/directory.json, reflected in the URL.
 * Without this script the page is a plain list with links to every index page.
 *
 * Options are ORed within a group (자치구: 마포구 or 서대문구) and groups are ANDed. Each
 * option's count is how many co-ops would match with that option ticked, given the rest
 * of the selection (faceted counts); a ticked option counts the matches that have it.
 * One pass over the rows per change finds the matches and every count: a row that
 * fails no group is a match (it counts for every value it has), a row that fails exactly
 * one group counts for that group's values only (ticking one of them would add it), and
 * a row that fails two groups counts for nothing. The same pass says, for an empty
 * result, how many co-ops dropping each group would bring back.
 *
 * On a phone the groups fold into a panel behind one button ("필터 (마포구·돌봄) · 12곳 보기");
 * from 60em up they stand in a column beside the list. */
(function () {
  "use strict";
  var root = document.querySelector(".portal-directory[data-directory]");
  if (!root || !window.fetch) return;
  var form = root.querySelector(".portal-filters");
  var list = root.querySelector(".portal-coops");
  var status = root.querySelector(".portal-directory__status");
  var toggle = form.querySelector(".portal-filters__toggle");
  var toggleText = form.querySelector(".portal-filters__toggle-text");
  var panel = form.querySelector(".portal-filters__panel");
  var submit = form.querySelector(".portal-filters__submit");
  var search = form.querySelector("input[name=q]");
  var base = root.getAttribute("data-base") || "";
  var compact = window.matchMedia ? window.matchMedia("(max-width: 59.984375em)") : { matches: false };
  var LIMIT = 200;
  var data = null, names = [], shown = LIMIT, loading = false, paged = false, groups = [], result = null;
  var number = function (n) { return n.toLocaleString("ko-KR"); };

  /* ---- particles: the final sound of a label or a typed name (as site_plugins/particles.py) */
  var DIGIT = [1, 8, 0, 1, 0, 0, 1, 8, 8, 0];  // 영 일 이 삼 사 오 육 칠 팔 구: 0 none, 8 ㄹ, 1 another
  function finalSound(word) {
    var text = String(word), before;
    do {  // closing quotes, a trailing slash and a bracketed part at the end are not read
      before = text;
      text = text.replace(/[\s'"’”\/]+$/, "").replace(/…+$|\.{3,}$/, "");
      var group = text.match(/^(.*\S)\s*\([^()]*\)$/);
      if (group) text = group[1];
    } while (text !== before);
    var whole = text.match(/^\(([^()]*)\)$/);  // "(주)" alone: what is inside
    if (whole) text = whole[1];
    var last = text.charAt(text.length - 1);
    if (!last) return -1;
    var code = last.charCodeAt(0);
    if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28;
    if (/[0-9]/.test(last)) {
      var digits = text.match(/[0-9,]*$/)[0].replace(/,/g, "");
      if (/[0-9]\.[0-9]+$/.test(text)) return DIGIT[+last];
      digits = digits.replace(/^0+/, "");
      if (!digits) return 1;  // 영
      var zeros = digits.length - digits.replace(/0+$/, "").length;
      if (!zeros) return DIGIT[+last];
      return zeros % 4 ? 1 : [1, 1, 1, 0, 1][Math.min(zeros / 4, 4)];  // 십 백 천 / 만 억 조 경
    }
    var latin = text.match(/[A-Za-z]+$/);
    if (latin) {
      var w = latin[0], lower = w.toLowerCase();
      if (!/[aeiou]/.test(lower) || (w === w.toUpperCase() && w.length <= 4)) return { l: 8, r: 8, m: 1, n: 1 }[lower.slice(-1)] || 0;
      if (/(ng|m|n)$/.test(lower)) return 1;
      if (/(l|le)$/.test(lower)) return 8;
      if (/(me|ne)$/.test(lower) && lower.length > 2) return 1;
      if (/[aeiou](ck|[bckpt])$/.test(lower)) return 1;
      return 0;
    }
    return -1;
  }
  function josa(word, withFinal, without) {
    var sound = finalSound(word);
    if (sound < 0) return word + withFinal + "(" + without + ")";
    return word + (sound && !(sound === 8 && withFinal === "으" + without) ? withFinal : without);
  }

  /* ---- the groups: which column of a row each filter reads, and its checkboxes ---- */
  function buildGroups() {
    var spec = [["area", -1, false], ["district", 2, false], ["industry", 3, false], ["category", 4, false], ["type", 5, false],
                ["field", 6, true], ["activity", 9, true], ["status", 7, false]];
    var areaIds = [];
    groups = [];
    spec.forEach(function (s) {
      var fieldset = form.querySelector('.portal-facet[data-facet="' + s[0] + '"]');
      if (!fieldset) return;
      var terms = s[0] === "area" ? areaIds : (data.terms[s[0]] || []);
      var group = { key: s[0], col: s[1], multi: s[2], options: [], legend: fieldset.querySelector("legend").textContent };
      Array.prototype.forEach.call(fieldset.querySelectorAll("input[type=checkbox]"), function (box) {
        var index = terms.indexOf(box.value);
        if (index < 0 && s[0] === "area") { index = areaIds.length; areaIds.push(box.value); }
        if (index < 0) return;
        var label = box.closest("label");
        group.options.push({ box: box, index: index, label: label, count: label.querySelector(".portal-count"),
                             name: label.querySelector(".portal-option__label").textContent });
      });
      var size = Math.max(terms.length, 1);
      group.size = size;
      group.chosen = new Uint8Array(size);
      group.hit = new Int32Array(size);
      group.extra = new Int32Array(size);
      groups.push(group);
    });
    // the 권역 of each district, as an index into the 권역 checkboxes (-1: none)
    var area = data.area || [];
    data.areaIndex = data.terms.district.map(function (d, i) { return areaIds.indexOf(area[i]); });
  }

  function readSelection() {
    groups.forEach(function (g) {
      g.chosen.fill(0);
      g.n = 0;
      g.mask = 0;
      g.options.forEach(function (o) {
        if (o.box.checked) { g.chosen[o.index] = 1; g.n += 1; g.mask |= 1 << o.index; }
      });
    });
  }

  function tally(array, value, multi) {
    if (!multi) { if (value >= 0) array[value] += 1; return; }
    while (value) {
      var bit = value & -value;
      array[31 - Math.clz32(bit)] += 1;
      value ^= bit;
    }
  }

  /* One pass: the matching rows, every option's count, what dropping each group would give. */
  function compute(query) {
    var rows = data.rows, areaIndex = data.areaIndex, count = groups.length;
    var values = new Int32Array(count), matches = [], queryDrop = 0, g, i;
    for (i = 0; i < count; i++) { g = groups[i]; g.hit.fill(0); g.extra.fill(0); g.drop = 0; }
    for (var r = 0; r < rows.length; r++) {
      var row = rows[r], miss = 0, missed = -1;
      if (query && names[r].indexOf(query) < 0) { miss = 1; missed = count; }
      for (i = 0; i < count && miss < 2; i++) {
        g = groups[i];
        var v = g.col < 0 ? areaIndex[row[2]] : (row[g.col] || 0);
        values[i] = v;
        if (g.n && !(g.multi ? v & g.mask : v >= 0 && g.chosen[v])) { miss += 1; missed = i; }
      }
      if (miss === 0) {
        matches.push(r);
        for (i = 0; i < count; i++) tally(groups[i].hit, values[i], groups[i].multi);
      } else if (miss === 1) {
        if (missed === count) queryDrop += 1;
        else { g = groups[missed]; g.drop += 1; tally(g.extra, values[missed], g.multi); }
      }
    }
    return { matches: matches, queryDrop: queryDrop };
  }

  // A co-op's list item is made once and moved back in when the co-op shows again.
  var items = new Map();
  function item(r) {
    var li = items.get(r);
    if (!li) {
      if (items.size > 5000) items.clear();
      li = makeItem(r);
      items.set(r, li);
    }
    return li;
  }

  function makeItem(r) {
    var row = data.rows[r];
    var li = document.createElement("li");
    li.className = "portal-coop";
    li.setAttribute("data-id", row[0]);
    var a = document.createElement("a");
    a.href = base + "coops/" + row[0] + "/";
    a.textContent = row[1];
    li.appendChild(a);
    if (row[8]) {
      var badge = document.createElement("span");
      badge.className = "portal-badge portal-badge--example";
      badge.textContent = "예시";
      li.appendChild(badge);
    }
    if (row[7]) {
      var st = document.createElement("span");
      st.className = "portal-badge portal-badge--" + data.terms.status[row[7]];
      st.textContent = data.labels.status[row[7]];
      li.appendChild(st);
    }
    var summary = data.summaries && data.summaries[r];
    if (summary) {
      var s = document.createElement("span");
      s.textContent = summary;
      li.appendChild(s);
    }
    var meta = document.createElement("span");
    meta.textContent = [data.labels.district[row[2]], data.labels.industry[row[3]], data.labels.type[row[5]]].join(" · ");
    li.appendChild(meta);
    return li;
  }

  function chosenNames(g) {
    return g.options.filter(function (o) { return o.box.checked; }).map(function (o) { return o.name; });
  }

  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "portal-button portal-directory__drop";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  function announce(total, queryText, queryDrop) {
    status.textContent = "";
    if (total || loading) {
      status.textContent = "조건에 맞는 협동조합 " + number(total) + "곳" +
        (loading ? " (전체 " + number(data.total) + "곳 가운데 " + number(data.rows.length) + "곳을 불러왔습니다)" : "");
      return;
    }
    status.appendChild(document.createTextNode("조건에 맞는 협동조합이 없습니다. "));
    // which filter to drop: each chosen group, and the typed name, by what dropping it brings back
    var drops = groups.filter(function (g) { return g.n && g.drop; }).map(function (g) {
      return { count: g.drop, text: chosenNames(g).join("·"), drop: function () { g.options.forEach(function (o) { o.box.checked = false; }); } };
    });
    if (queryText && queryDrop) drops.push({ count: queryDrop, text: queryText, drop: function () { search.value = ""; } });
    drops.sort(function (a, b) { return b.count - a.count; });
    drops.slice(0, 3).forEach(function (d) {
      status.appendChild(button(josa("'" + d.text + "'", "을", "를") + " 빼면 " + number(d.count) + "곳", function () {
        d.drop(); shown = LIMIT; update(true);
        var next = status.querySelector("button") || list.querySelector("a");
        if (next) next.focus();
      }));
      status.appendChild(document.createTextNode(" "));
    });
    if (!drops.length) {
      status.appendChild(button("조건을 모두 지우면 " + number(data.rows.length) + "곳", function () { form.reset(); }));
    }
  }

  function summarise(total) {
    var chosen = [];
    groups.forEach(function (g) { chosen = chosen.concat(chosenNames(g)); });
    var what = chosen.length > 2 ? chosen.slice(0, 2).join("·") + " 외 " + (chosen.length - 2) : chosen.join("·");
    toggleText.textContent = "필터" + (what ? " (" + what + ")" : "") + " · " + number(total) + "곳 보기";
    submit.textContent = number(total) + "곳 보기";
  }

  function update(push) {
    readSelection();
    var queryText = search.value.trim();
    var started = performance.now();
    var computed = compute(queryText.toLowerCase());
    if (performance.measure) {  // the last pass's time, for benchmarks/directory (one entry kept)
      performance.clearMeasures("portal-directory:pass");
      performance.measure("portal-directory:pass", { start: started, end: performance.now() });
    }
    var matches = computed.matches, total = matches.length;
    result = matches;
    if (!paged) {
      var frag = document.createDocumentFragment();
      for (var i = 0; i < Math.min(shown, total); i++) frag.appendChild(item(matches[i]));
      list.textContent = "";
      list.classList.remove("portal-names");  // a later page without JavaScript lists names only
      list.appendChild(frag);
      list.setAttribute("start", "1");
    }
    groups.forEach(function (g) {
      g.options.forEach(function (o) {
        var n = o.box.checked || !g.n ? g.hit[o.index] : total + g.extra[o.index];
        var text = number(n);
        if (o.count.textContent !== text) o.count.textContent = text;
        o.label.classList.toggle("is-zero", n === 0);
      });
    });
    var more = root.querySelector(".portal-more");
    if (total > shown && !paged) {
      if (!more) {
        more = document.createElement("button");
        more.type = "button";
        more.className = "md-button portal-more";
        more.addEventListener("click", function () { shown += LIMIT; update(false); });
        list.parentNode.insertBefore(more, list.nextSibling);
      }
      more.textContent = "더 보기 (" + number(total - shown) + "곳 더)";
    } else if (more) {
      more.remove();
    }
    summarise(total);
    announce(total, queryText, computed.queryDrop);
    if (push) {
      var params = new URLSearchParams(location.search);
      ["q", "name"].concat(groups.map(function (g) { return g.key; })).forEach(function (key) { params.delete(key); });
      groups.forEach(function (g) { if (g.n) params.set(g.key, g.options.filter(function (o) { return o.box.checked; }).map(function (o) { return o.box.value; }).join(",")); });
      // not "q": Material opens its search box for ?q=
      if (queryText) params.set("name", queryText);
      var keys = [];
      params.forEach(function (_, key) { if (keys.indexOf(key) < 0) keys.push(key); });
      var sorted = new URLSearchParams();
      keys.sort().forEach(function (key) { sorted.set(key, params.get(key)); });
      var query = sorted.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      // "area=a,b" (a shared link) or "area=a&area=b" (the form's own GET submission)
      var values = params.getAll(box.name).join(",").split(",");
      box.checked = values.indexOf(box.value) >= 0;
    });
    search.value = params.get("name") || "";
  }

  function setOpen(open, focusBack) {
    root.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open && compact.matches) {
      var bar = form.querySelector(".portal-filters__bar");
      if (bar.getBoundingClientRect().top > window.innerHeight / 4) bar.scrollIntoView({ block: "start" });
    }
    if (!open && focusBack) toggle.focus();
  }

  // A large directory lists its rows in chunk files (named relative to directory.json):
  // they load one after another and the list updates as each arrives.
  function loadChunks(manifest, names_) {
    if (!names_.length) { loading = false; update(false); return; }
    return fetch(new URL(names_[0], manifest).href)
      .then(function (response) { return response.json(); })
      .then(function (chunk) {
        Array.prototype.push.apply(data.rows, chunk.rows);
        Array.prototype.push.apply(data.summaries, chunk.summaries || []);
        chunk.rows.forEach(function (row) { names.push(row[1].toLowerCase()); });
        loading = names_.length > 1;
        update(false);
        return loadChunks(manifest, names_.slice(1));
      });
  }

  var manifest = new URL(root.getAttribute("data-directory"), location.href).href;
  fetch(manifest)
    .then(function (response) { return response.json(); })
    .then(function (json) {
      data = json;
      data.summaries = data.summaries || [];
      names = data.rows.map(function (row) { return row[1].toLowerCase(); });
      loading = !!(data.chunks && data.chunks.length);
      buildGroups();
      form.hidden = false;
      root.classList.add("is-enhanced");
      restore();
      // A later page (/coops/page/N/, from a bookmark or a search engine) keeps its own
      // rows and page links until a filter is chosen; the filters' list starts at 1.
      paged = Number(list.getAttribute("start")) > 1 && !location.search;
      root.classList.toggle("is-paged", paged);
      if (!loading) update(false);  // else the server-rendered list stays until rows arrive
      function filter(push) { paged = false; root.classList.remove("is-paged"); shown = LIMIT; update(push); }
      form.addEventListener("change", function (event) { if (event.target.type === "checkbox") filter(true); });
      search.addEventListener("input", function () { filter(true); });
      form.addEventListener("reset", function () { setTimeout(function () { filter(true); }, 0); });
      form.addEventListener("submit", function (event) { event.preventDefault(); if (compact.matches) setOpen(false, true); });
      toggle.addEventListener("click", function () { setOpen(toggle.getAttribute("aria-expanded") !== "true", false); });
      panel.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && compact.matches && root.classList.contains("is-open")) setOpen(false, true);
      });
      if (loading) return loadChunks(manifest, data.chunks);
    })
    .catch(function () { status.textContent = ""; });
})();
