/*
 * Page side of the portal's Korean search (site_plugins/search).
 *
 * Material's bundle still owns the search box, the result list, the keyboard
 * and `?q=`; its worker is ours (search-worker.js). This script, loaded
 * before the bundle, adds what Material's protocol cannot carry:
 *
 * 1. Results past the first page. The worker's RESULT holds the first page
 *    as Material's items and every match's document number (`portal.order`);
 *    before Material reads the message, this script adds a placeholder item
 *    (`data-portal-doc`) for every other match, so Material's count and its
 *    scroll loading cover them all. When Material renders placeholders (4
 *    more each time the list's end scrolls into view), this script asks the
 *    worker for them (FILL, 100) and writes the answer (FILLED, 101) into the
 *    same elements: link, title, text, tag. An answer for an older result is
 *    dropped.
 * 2. The count line as a number: Material rounds counts above 999 ("30.8k");
 *    it is rewritten as "30,825개의 일치하는 문서".
 * 3. A line under the count: the link to /coops/ with the district,
 *    industry or field the query names as filters, and a note when a word
 *    was searched as its parts.
 * 4. The latest text is always the query: Material reads the box on keyup,
 *    which phone keyboards composing Hangul do not always send; every input
 *    and compositionend here sends one, so the count and list never belong
 *    to a partial query.
 *
 * Material's listener on the worker is wrapped: 1 runs just before it, 2 and
 * 3 just after it, in the same task, so no frame shows a count or line of
 * another query.
 */
;(function () {
  "use strict"

  var Native = window.Worker
  var script = document.getElementById("__config")
  if (!Native || !script || !window.MutationObserver)
    return
  var config = JSON.parse(script.textContent)
  var base = new URL(config.base || ".", location.href)
  var translations = config.translations || {}
  var wanted = new URL(config.search, location.href).href

  var worker = null
  var current = null      /* `portal` of the result on screen */
  var asked = {}          /* documents asked for, for the current result */

  /* ---------------------------------------------------------- the worker */

  function Wrapped(url, options) {
    var w = options === undefined ? new Native(url) : new Native(url, options)
    if (!worker && new URL(url, location.href).href === wanted)
      attach(w)
    return w
  }
  Wrapped.prototype = Native.prototype
  window.Worker = Wrapped

  function attach(w) {
    worker = w
    var wrapped = new WeakMap()
    var add = w.addEventListener, remove = w.removeEventListener
    var wrappedOne = false
    /* ours just before and just after Material's listener, in the same task */
    w.addEventListener = function (type, fn, options) {
      if (type !== "message" || typeof fn !== "function")
        return add.call(w, type, fn, options)
      wrappedOne = true
      var both = function (ev) {
        before(ev)
        try {
          fn.call(this, ev)
        } finally {
          after(ev)
        }
      }
      wrapped.set(fn, both)
      return add.call(w, type, both, options)
    }
    w.removeEventListener = function (type, fn, options) {
      return remove.call(w, type, (fn && wrapped.get(fn)) || fn, options)
    }
    /* in case Material listens some other way: ours alone, a task later (without
       the placeholders, which must be in the message before Material reads it) */
    add.call(w, "message", function (ev) {
      if (!wrappedOne)
        setTimeout(function () { after(ev) }, 0)
    })
  }

  /* Every match past the first page as a placeholder item, in the worker's order */
  function before(ev) {
    var message = ev.data
    var data = message && message.type === 3 && message.data
    if (!data || !data.portal || !data.portal.order || data.portal.expanded)
      return
    var order = data.portal.order, total = order.length, items = data.items
    for (var i = items.length; i < total; i++)
      items.push([{
        location: "",
        title: "<span class=\"portal-search-pending\" data-portal-doc=\"" + order[i] + "\">…</span>",
        text: "",
        score: total - i,
        terms: data.portal.terms
      }])
    data.portal.expanded = true
  }

  function after(ev) {
    var message = ev.data
    if (!message)
      return
    /* the worker numbers queries upwards and answers only the latest: never go back */
    if (message.type === 3 && message.data && message.data.portal && !(current && message.data.portal.id < current.id))
      shown(message.data.portal)
    else if (message.type === 101 && current && message.data.id === current.id)
      filled(message.data.items)
  }

  /* ------------------------------------------------------ count and line */

  function t(key, fallback) {
    return translations[key] || fallback
  }

  function shown(portal) {
    current = portal
    asked = {}
    var root = document.querySelector(".md-search-result")
    if (!root)
      return
    var meta = root.querySelector(".md-search-result__meta")
    if (meta && portal.total > 999)
      meta.textContent = t("search.result.other", "#개의 일치하는 문서").replace("#", count(portal.total))
    line(root, meta, portal)
    scan(root)
  }

  function line(root, meta, portal) {
    var el = root.querySelector(".portal-search-line")
    var parts = []
    var facets = portal.facets
    var names = facets.map(function (f) { return f.label }).join(" · ")
    if (facets.length && portal.members !== 0) {
      var what = portal.members === null || portal.members === undefined
        ? " 협동조합 목록에서 보기"
        : " 협동조합 " + count(portal.members) + "곳 모두 보기"
      parts.push(anchor(portal.link, names, what + " →"))
    } else if (facets.length > 1) {
      /* nothing is in all of them: each one, and all of them to change in the directory */
      parts.push("<span>" + escapeHTML(names) + josa(facets[facets.length - 1].label, "에", "에") +
        " 모두 해당하는 협동조합은 없습니다. 협동조합 찾기:</span>")
      facets.forEach(function (f) {
        if (f.count)
          parts.push(anchor(f.link, f.label, " " + count(f.count) + "곳 →"))
      })
      parts.push(anchor(portal.link, "조건 모두", " →"))
    }
    portal.segmented.forEach(function (s) {
      var last = s[1][s[1].length - 1]
      parts.push("<span>‘" + escapeHTML(s[0]) + "’" + josa(s[0], "이", "가") + " 그대로 든 문서가 없어 " +
        s[1].map(function (p) { return "‘" + escapeHTML(p) + "’" }).join(", ") + josa(last, "이", "가") +
        " 모두 든 문서를 찾았습니다.</span>")
    })
    if (!parts.length) {
      if (el)
        el.remove()
      return
    }
    if (!el) {
      el = document.createElement("div")
      el.className = "md-search-result__meta portal-search-line"
      el.style.lineHeight = "1.5"
      el.style.paddingTop = el.style.paddingBottom = ".5em"
      if (meta)
        meta.insertAdjacentElement("afterend", el)
      else
        root.insertBefore(el, root.firstChild)
    }
    el.innerHTML = parts.join(" ")
  }

  /* A link Material's Enter key can weigh: it reads data-md-score of the link's first element */
  function anchor(link, strong, rest) {
    return "<a class=\"portal-search-facet\" href=\"" + escapeHTML(new URL(link, base).href) + "\">" +
      "<span data-md-score=\"0\">" + escapeHTML(strong) + "</span>" + escapeHTML(rest) + "</a>"
  }

  function count(n) {
    return n.toLocaleString("ko-KR")
  }

  /* 이/가, 은/는, ... by the last syllable's final consonant */
  function josa(word, after, bare) {
    var code = word.charCodeAt(word.length - 1) - 0xac00
    return code >= 0 && code < 11172 && code % 28 ? after : bare
  }

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]
    })
  }

  /* ------------------------------------------------- results past page 1 */

  var pending = null

  function scan(root) {
    if (!current || !worker)
      return
    var docs = []
    var spans = (root || document).querySelectorAll(".md-search-result__list [data-portal-doc]")
    for (var i = 0; i < spans.length; i++) {
      var d = +spans[i].getAttribute("data-portal-doc")
      if (!asked[d]) {
        asked[d] = true
        docs.push(d)
      }
    }
    if (docs.length)
      worker.postMessage({ type: 100, data: { id: current.id, docs: docs } })
  }

  function filled(items) {
    var list = document.querySelector(".md-search-result__list")
    if (!list)
      return
    items.forEach(function (item) {
      var span = list.querySelector("[data-portal-doc=\"" + item.doc + "\"]")
      var link = span && span.closest("a")
      if (!link)
        return
      var old = new URL(link.href)
      var url = new URL(item.location, base)
      var h = old.searchParams.get("h")
      if (h !== null)
        url.searchParams.set("h", h)
      link.href = url.href
      var heading = span.parentNode
      heading.innerHTML = item.title
      /* as Material renders a teaser: the text after the title, then the tags */
      heading.insertAdjacentHTML("afterend", item.text)
      var article = link.querySelector("article")
      if (article && item.tags && item.tags.length) {
        var nav = document.createElement("nav")
        nav.className = "md-tags"
        item.tags.forEach(function (tag) {
          var el = document.createElement("span")
          el.className = "md-tag "
          el.textContent = tag
          nav.appendChild(el)
        })
        article.appendChild(nav)
      }
    })
  }

  /* Material renders more results as the list is scrolled: ask for them */
  function watch() {
    var list = document.querySelector(".md-search-result__list")
    if (!list)
      return
    new MutationObserver(function () {
      if (!pending)
        pending = Promise.resolve().then(function () {
          pending = null
          scan(document)
        })
    }).observe(list, { childList: true })
  }

  /* --------------------------------------------------- the latest query */

  function nudge(ev) {
    var input = ev.target
    if (input && input.classList && input.classList.contains("md-search__input"))
      input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  }
  document.addEventListener("input", nudge, true)
  document.addEventListener("compositionend", nudge, true)

  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", watch)
  else
    watch()
})()
