/* 협동조합 찾기: instant filters over coops/directory.json, reflected in the URL.
 * Without this script the page is a plain list with links to every index page. */
(function () {
  "use strict";
  var root = document.querySelector(".portal-directory[data-directory]");
  if (!root || !window.fetch) return;
  var form = root.querySelector(".portal-filters");
  var list = root.querySelector(".portal-coops");
  var status = root.querySelector(".portal-directory__status");
  var base = root.getAttribute("data-base") || "";
  var LIMIT = 200;
  var data = null, shown = LIMIT, loading = false;

  function selected() {
    var sel = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]:checked"), function (box) {
      (sel[box.name] = sel[box.name] || []).push(box.value);
    });
    var q = form.querySelector("input[name=q]").value.trim();
    if (q) sel.q = [q];
    return sel;
  }

  function matches(row, sel, index) {
    var t = data.terms;
    if (sel.area && sel.area.indexOf(data.area[row[2]]) < 0) return false;
    if (sel.district && sel.district.indexOf(t.district[row[2]]) < 0) return false;
    if (sel.industry && sel.industry.indexOf(t.industry[row[3]]) < 0) return false;
    if (sel.category && sel.category.indexOf(t.category[row[4]]) < 0) return false;
    if (sel.type && sel.type.indexOf(t.type[row[5]]) < 0) return false;
    if (sel.field && !sel.field.some(function (f) { return row[6] & (1 << index.field[f]); })) return false;
    if (sel.status && sel.status.indexOf(t.status[row[7]]) < 0) return false;
    if (sel.q && row[1].toLowerCase().indexOf(sel.q[0].toLowerCase()) < 0) return false;
    return true;
  }

  function item(row) {
    var li = document.createElement("li");
    li.className = "portal-coop";
    var a = document.createElement("a");
    a.className = "portal-coop__name";
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
    var meta = document.createElement("span");
    meta.className = "portal-coop__meta";
    meta.textContent = [data.labels.district[row[2]], data.labels.industry[row[3]], data.labels.type[row[5]]].join(" · ");
    li.appendChild(meta);
    return li;
  }

  function update(push) {
    var sel = selected();
    var index = { field: {} };
    data.terms.field.forEach(function (f, i) { index.field[f] = i; });
    var rows = data.rows.filter(function (row) { return matches(row, sel, index); });
    var frag = document.createDocumentFragment();
    rows.slice(0, shown).forEach(function (row) { frag.appendChild(item(row)); });
    list.textContent = "";
    list.appendChild(frag);
    list.setAttribute("start", "1");
    var more = root.querySelector(".portal-more");
    if (rows.length > shown) {
      if (!more) {
        more = document.createElement("button");
        more.type = "button";
        more.className = "md-button portal-more";
        more.addEventListener("click", function () { shown += LIMIT; update(false); });
        list.parentNode.insertBefore(more, list.nextSibling);
      }
      more.textContent = "더 보기 (" + (rows.length - shown).toLocaleString("ko-KR") + "곳 더)";
    } else if (more) {
      more.remove();
    }
    status.textContent = "조건에 맞는 협동조합 " + rows.length.toLocaleString("ko-KR") + "곳" +
      (loading ? " (전체 " + data.total.toLocaleString("ko-KR") + "곳 가운데 " + data.rows.length.toLocaleString("ko-KR") + "곳을 불러왔습니다)" : "");
    if (push) {
      var params = new URLSearchParams();
      Object.keys(sel).sort().forEach(function (key) { params.set(key, sel[key].join(",")); });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
    }
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      var values = (params.get(box.name) || "").split(",");
      box.checked = values.indexOf(box.value) >= 0;
    });
    form.querySelector("input[name=q]").value = params.get("q") || "";
  }

  // A large directory lists its rows in chunk files (named relative to directory.json):
  // they load one after another and the list updates as each arrives.
  function loadChunks(manifest, names) {
    if (!names.length) { loading = false; update(false); return; }
    return fetch(new URL(names[0], manifest).href)
      .then(function (response) { return response.json(); })
      .then(function (chunk) {
        Array.prototype.push.apply(data.rows, chunk.rows);
        loading = names.length > 1;
        update(false);
        return loadChunks(manifest, names.slice(1));
      });
  }

  var manifest = new URL(root.getAttribute("data-directory"), location.href).href;
  fetch(manifest)
    .then(function (response) { return response.json(); })
    .then(function (json) {
      data = json;
      loading = !!(data.chunks && data.chunks.length);
      form.hidden = false;
      root.classList.add("is-enhanced");
      restore();
      if (!loading) update(false);  // else the server-rendered list stays until rows arrive
      form.addEventListener("change", function () { shown = LIMIT; update(true); });
      form.addEventListener("input", function (event) { if (event.target.name === "q") { shown = LIMIT; update(true); } });
      form.addEventListener("reset", function () { setTimeout(function () { shown = LIMIT; update(true); }, 0); });
      if (loading) return loadChunks(manifest, data.chunks);
    })
    .catch(function () { status.textContent = ""; });
})();
