/*
 * Korean search worker for Material for MkDocs.
 *
 * Material's main bundle creates the worker named by `__config.search` and
 * talks to it with four messages: SETUP (0, the contents of
 * search/search_index.json), READY (1), QUERY (2, the query string) and
 * RESULT (3, { items: SearchItem[][] }). This worker answers the same way,
 * so Material's search box, result list, keyboard handling, `?q=` deep links
 * and `search.highlight` keep working, but instead of building a lunr index
 * from one big JSON file it fetches only the index shards a query needs.
 *
 * Index files live in `../../search/` relative to this script; formats and
 * scoring: site_plugins/search/index.py. Tokenizer rules (the same as the
 * Python build and reference query): site_plugins/search/tokenizer.py.
 * The engine here and site_plugins/search/query.py must stay step for step
 * alike; tests/test_search_js.py runs both on the same queries.
 */
;(function (root) {
  "use strict"

  /* ---------------------------------------------------------- tokenizer */

  const RUN_RE = /([\uac00-\ud7a3]+)|([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|([a-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+)/g

  function normalize(text) {
    return text.normalize("NFKC").toLowerCase()
  }

  function runs(text) {
    const out = []
    for (const m of text.matchAll(RUN_RE))
      out.push(m[1] !== undefined ? ["ko", m[1]] : m[2] !== undefined ? ["han", m[2]] : ["latin", m[3]])
    return out
  }

  function runTerms(script, run, maxLatin) {
    if (script === "latin")
      return run.length >= 2 ? [run.slice(0, maxLatin)] : []
    if (run.length === 1)
      return [run]
    const out = []
    for (let i = 0; i + 1 < run.length; i++)
      out.push(run.slice(i, i + 2))
    return out
  }

  function terms(text, rules) {
    const out = []
    for (const [script, run] of runs(normalize(text)))
      out.push(...runTerms(script, run, rules.max_latin))
    return out
  }

  function compileRules(rules) {
    return {
      max_latin: rules.max_latin,
      suffixes: new Set(rules.suffixes),
      maxSuffix: Math.max(...rules.suffixes.map(s => s.length))
    }
  }

  function splitSuffix(run, rules) {
    if (run.length < 3)
      return [run, ""]
    for (let n = Math.min(rules.maxSuffix, run.length - 2); n > 0; n--)
      if (rules.suffixes.has(run.slice(-n)))
        return [run.slice(0, -n), run.slice(-n)]
    return [run, ""]
  }

  const dedupe = list => [...new Set(list)]

  function parseQuery(text, rules) {
    const clauses = []
    const seen = new Set()
    for (const [script, run] of runs(normalize(text))) {
      let [stem, suffix] = script === "ko" ? splitSuffix(run, rules) : [run, ""]
      const all = runTerms(script, run, rules.max_latin)
      if (!all.length)
        continue
      let required, optional
      if (suffix) {
        required = dedupe(runTerms(script, stem, rules.max_latin))
        optional = dedupe(all).filter(t => !required.includes(t))
      } else {
        required = dedupe(all)
        optional = []
      }
      if (script === "latin")
        stem = stem.slice(0, rules.max_latin)
      const key = JSON.stringify([required, optional])
      if (seen.has(key))
        continue
      seen.add(key)
      clauses.push({ stem, required, optional })
    }
    return clauses
  }

  const encoder = new TextEncoder()
  const decoder = new TextDecoder()

  function fnv1a(term) {
    let h = 0x811c9dc5
    for (const b of encoder.encode(term)) {
      h ^= b
      h = Math.imul(h, 0x01000193) >>> 0
    }
    return h >>> 0
  }

  /* ----------------------------------------------------------- decoding */

  function varint(buf, pos) {
    let v = 0, mul = 1, b
    do {
      b = buf[pos.i++]
      v += (b & 0x7f) * mul
      mul *= 128
    } while (b >= 0x80)
    return v
  }

  /* term file -> Map(term -> { df, idf, buf, start, end }) */
  function decodeTermFile(buf) {
    const pos = { i: 0 }
    const count = varint(buf, pos)
    const heads = []
    for (let k = 0; k < count; k++) {
      const len = varint(buf, pos)
      const term = decoder.decode(buf.subarray(pos.i, pos.i + len))
      pos.i += len
      const df = varint(buf, pos)
      const idf = varint(buf, pos)
      const plen = varint(buf, pos)
      heads.push([term, df, idf, plen])
    }
    const table = new Map()
    let at = pos.i
    for (const [term, df, idf, plen] of heads) {
      table.set(term, { df, idf, buf, start: at, end: at + plen })
      at += plen
    }
    return table
  }

  /* posting -> { docs: Int32Array, levels: Uint8Array } */
  function decodePosting(entry) {
    const { buf, start, df } = entry
    const docs = new Int32Array(df)
    const levels = new Uint8Array(df)
    const pos = { i: start }
    const tiers = varint(buf, pos)
    let k = 0
    for (let t = 0; t < tiers; t++) {
      const level = buf[pos.i], enc = buf[pos.i + 1]
      pos.i += 2
      const n = varint(buf, pos)
      if (enc === 0) {
        varint(buf, pos)
        let d = 0
        for (let j = 0; j < n; j++) {
          d += varint(buf, pos)
          docs[k] = d
          levels[k++] = level
        }
      } else {
        const first = varint(buf, pos)
        const blen = varint(buf, pos)
        for (let j = 0; j < blen; j++) {
          let byte = buf[pos.i + j]
          for (let bit = 0; byte; bit++, byte >>= 1)
            if (byte & 1) {
              docs[k] = first + j * 8 + bit
              levels[k++] = level
            }
        }
        pos.i += blen
      }
    }
    return { docs, levels }
  }

  /* The `k` best documents of `cand` by score (desc), then number (asc) */
  function topK(cand, score, k) {
    const better = (a, b) => score[a] > score[b] || (score[a] === score[b] && a < b)
    const top = []
    for (const d of cand) {
      if (top.length === k && !better(d, top[k - 1]))
        continue
      let lo = 0, hi = top.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (better(top[mid], d))
          lo = mid + 1
        else
          hi = mid
      }
      top.splice(lo, 0, d)
      if (top.length > k)
        top.pop()
    }
    return top
  }

  /* ------------------------------------------------------------- engine */

  class Engine {

    /* fetchBytes(rel) -> Promise<Uint8Array>, fetchJSON(rel) -> Promise<any> */
    constructor(manifest, fetchBytes, fetchJSON) {
      this.m = manifest
      this.big = new Map(Object.entries(manifest.big))       /* not a plain object: */
      this.kinds = new Map(Object.entries(manifest.kinds))   /* "constructor" is a word */
      this.rules = compileRules(manifest.rules)
      this.fetchBytes = fetchBytes
      this.fetchJSON = fetchJSON
      this.files = new Map()
      this.chunks = new Map()
      this.postings = new Map()
    }

    termFile(term) {
      const big = this.big.get(term)
      return big !== undefined ? `t/b${big}.bin` : `t/${fnv1a(term) % this.m.shards}.bin`
    }

    table(rel) {
      let p = this.files.get(rel)
      if (!p) {
        p = this.fetchBytes(rel).then(decodeTermFile)
        p.catch(() => this.files.delete(rel))
        this.files.set(rel, p)
      }
      return p
    }

    chunk(k) {
      let p = this.chunks.get(k)
      if (!p) {
        p = this.fetchJSON(`d/${k}.json`)
        p.catch(() => this.chunks.delete(k))
        this.chunks.set(k, p)
      }
      return p
    }

    posting(term, entry) {
      let p = this.postings.get(term)
      if (!p)
        this.postings.set(term, p = decodePosting(entry))
      return p
    }

    /* Results for `text`, best first: [{ doc, score, url, title, summary, kind }] */
    async search(text, limit) {
      const m = this.m
      limit = limit === undefined ? m.max_results : limit
      const clauses = parseQuery(text, this.rules)
      if (!clauses.length)
        return { clauses, hits: [] }
      const weights = m.weights

      /* every file any term needs, all at once */
      const exactKey = "=" + clauses.map(c => c.stem).join("").slice(0, 64)
      const all = dedupe([...clauses.flatMap(c => c.required), exactKey])
      const tables = await Promise.all(all.map(t => this.table(this.termFile(t))))
      const info = new Map()
      all.forEach((t, i) => {
        const e = tables[i].get(t)
        if (e) info.set(t, e)
      })
      const req = dedupe(clauses.flatMap(c => c.required))
      if (req.some(t => !info.has(t)))
        return { clauses, hits: [] }

      /* AND: count the required terms each document holds */
      const order = [...req].sort((a, b) =>
        info.get(a).df - info.get(b).df || (a < b ? -1 : a > b ? 1 : 0))
      const count = new Uint16Array(m.docs)
      for (const t of order) {
        const { docs } = this.posting(t, info.get(t))
        for (let i = 0; i < docs.length; i++)
          count[docs[i]]++
      }
      const R = order.length
      const cand = []
      for (const d of this.posting(order[0], info.get(order[0])).docs)
        if (count[d] === R)
          cand.push(d)
      if (!cand.length)
        return { clauses, hits: [] }

      /* score: per clause, its required terms at the clause's weakest level */
      const score = new Float64Array(m.docs)
      const low = new Uint8Array(m.docs)
      for (const c of clauses) {
        for (const d of cand)
          low[d] = 255
        let w = 0
        for (const t of c.required) {
          const e = info.get(t)
          w += e.idf
          const { docs, levels } = this.posting(t, e)
          for (let i = 0; i < docs.length; i++)
            if (count[docs[i]] === R && levels[i] < low[docs[i]])
              low[docs[i]] = levels[i]
        }
        for (const d of cand)
          score[d] += w * weights[low[d]]
      }
      /* exact title: the clause stems joined are a document's whole title */
      if (info.has(exactKey)) {
        let total = 0
        for (const c of clauses)
          for (const t of c.required)
            total += info.get(t).idf
        for (const d of this.posting(exactKey, info.get(exactKey)).docs)
          if (count[d] === R)
            score[d] += total * m.phrase.exact
      }
      const top = topK(cand, score, limit)

      /* titles and summaries of the top results, then the phrase bonus */
      const chunkSize = m.chunk
      const chunks = await Promise.all(
        dedupe(top.map(d => Math.floor(d / chunkSize))).map(k => this.chunk(k).then(c => [k, c])))
      const store = new Map(chunks)
      const hits = top.map(d => {
        const [url, title, summary, kind] = store.get(Math.floor(d / chunkSize))[d % chunkSize]
        const nt = normalize(title), ns = normalize(summary)
        let s = score[d]
        for (const c of clauses) {
          let w = 0
          for (const t of c.required)
            w += info.get(t).idf
          if (nt.includes(c.stem))
            s += w * m.phrase.title
          else if (ns.includes(c.stem))
            s += w * m.phrase.summary
        }
        return { doc: d, score: s, url, title, summary, kind }
      })
      hits.sort((a, b) => b.score - a.score || a.doc - b.doc)
      return { clauses, hits }
    }

    /* Material's RESULT payload */
    async result(text) {
      const { clauses, hits } = await this.search(text)
      const re = markPattern(clauses)
      const terms = {}
      for (const c of clauses)
        terms[c.stem] = true
      return {
        items: hits.map(h => [{
          location: h.url,
          title: mark(h.title, re),
          text: h.summary ? `<p>${mark(h.summary, re)}</p>` : "",
          tags: this.kinds.has(h.kind) ? [this.kinds.get(h.kind)] : undefined,
          score: h.score,
          terms
        }])
      }
    }
  }

  /* ------------------------------------------------------- highlighting */

  function escapeHTML(s) {
    return s.replace(/[&<>"']/g, c => ({
      "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"
    })[c])
  }

  function markPattern(clauses) {
    const stems = dedupe(clauses.map(c => c.stem).filter(s => s.length))
      .sort((a, b) => b.length - a.length)
      .map(s => s.replace(/[|\\{}()[\]^$+*?.-]/g, "\\$&"))
    return stems.length ? new RegExp(stems.join("|"), "gi") : null
  }

  function mark(text, re) {
    if (!re)
      return escapeHTML(text)
    let out = "", last = 0
    for (const m of text.matchAll(re)) {
      out += escapeHTML(text.slice(last, m.index)) + "<mark>" + escapeHTML(m[0]) + "</mark>"
      last = m.index + m[0].length
    }
    return out + escapeHTML(text.slice(last))
  }

  /* -------------------------------------------------------------- worker */

  function startWorker(scope) {
    const base = new URL("../../search/", scope.location.href)
    let engine = null
    let ready = null
    let latest = 0

    async function setup() {
      const res = await fetch(new URL("manifest.json", base), { cache: "no-cache" })
      if (!res.ok)
        throw new Error(`search manifest: HTTP ${res.status}`)
      const manifest = await res.json()
      const url = rel => new URL(`${rel}?v=${manifest.build}`, base)
      const get = async rel => {
        const r = await fetch(url(rel))
        if (!r.ok)
          throw new Error(`search ${rel}: HTTP ${r.status}`)
        return r
      }
      engine = new Engine(
        manifest,
        rel => get(rel).then(r => r.arrayBuffer()).then(b => new Uint8Array(b)),
        rel => get(rel).then(r => r.json())
      )
    }

    scope.addEventListener("message", async ev => {
      const message = ev.data
      switch (message.type) {
        case 0: /* SETUP */
          ready = setup()
          try {
            await ready
          } catch (err) {
            console.warn(err)
          }
          scope.postMessage({ type: 1 })
          break
        case 2: { /* QUERY */
          const id = ++latest
          let data
          try {
            await ready
            data = await engine.result(message.data)
          } catch (err) {
            console.warn(err)
            data = { items: [] }
          }
          /* a newer query is on its way: its result replaces this one */
          if (id === latest)
            scope.postMessage({ type: 3, data })
          break
        }
        default:
          throw new TypeError("Invalid message type")
      }
    })
  }

  const api = { normalize, runs, terms, parseQuery, compileRules, splitSuffix, fnv1a,
    decodeTermFile, decodePosting, Engine, mark, markPattern }

  if (typeof module === "object" && module.exports)
    module.exports = api
  else if (typeof WorkerGlobalScope !== "undefined" && root instanceof WorkerGlobalScope)
    startWorker(root)
})(typeof self !== "undefined" ? self : globalThis)
