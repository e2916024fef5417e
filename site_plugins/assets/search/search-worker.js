/*
 * Korean search worker for Material for MkDocs.
 *
 * Material's main bundle creates the worker named by `__config.search` and
 * talks to it with four messages: SETUP (0, the contents of
 * search/search_index.json), READY (1), QUERY (2, the query string) and
 * RESULT (3, { items: SearchItem[][] }). This worker answers the same way,
 * so Material's search box, result list, keyboard handling, `?q=` deep links
 * and `search.highlight` keep working, but instead of building a lunr index
 * from one big JSON file it fetches only the index pieces a query needs.
 *
 * RESULT carries the first page (manifest.page results) as Material's items,
 * with their titles, and in `portal` every matching document's number, best
 * first, plus the facets the query names, the directory link and segmented
 * words. The page script (search-page.js) turns every other match into a
 * placeholder item before Material reads the message, so Material's count
 * line is the number of matches and its scroll loading reaches all of them;
 * when Material renders placeholders, the script asks for them with FILL
 * (100), answered by FILLED (101). Material ignores the extra key and the
 * two extra message types.
 *
 * Index files live in `../../search/` relative to this script; formats and
 * ranking: site_plugins/search/index.py. Tokenizer rules (the same as the
 * Python build and reference query): site_plugins/search/tokenizer.py.
 * The engine here and site_plugins/search/query.py must stay step for step
 * alike; tests/test_search_js.py runs both on the same queries.
 */
;(function (root) {
  "use strict"

  /* ---------------------------------------------------------- tokenizer */

  const RUN_RE = /([\uac00-\ud7a3]+)|([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|([a-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+)/g
  const CJK = "\\uac00-\\ud7a3\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff"
  const SPACE_RE = new RegExp(`([${CJK}])[ \\t\\n\\r\\f\\v]+(?=[${CJK}])`, "g")
  const CJK_CHAR = new RegExp(`^[${CJK}]$`)
  const WHOLE = "^", TRIGRAM = "~", EXACT = "=", FACET = "@"
  const TRIGRAM_FROM = 4, MAX_SEGMENT = 12, TITLE_KEY_CHARS = 64

  function normalize(text) {
    return text.normalize("NFKC").toLowerCase()
  }

  function runs(text) {
    const out = []
    for (const m of text.matchAll(RUN_RE))
      out.push(m[1] !== undefined ? ["ko", m[1]] : m[2] !== undefined ? ["han", m[2]] : ["latin", m[3]])
    return out
  }

  /* Document terms of one run (rule 3); queries never need them, tests do */
  function runTerms(script, run, rules) {
    if (script === "latin") {
      if (run.length < 2)
        return []
      const word = run.slice(0, rules.max_latin)
      const out = [word]
      if (word.length >= TRIGRAM_FROM)
        for (let i = 0; i + 3 <= word.length; i++)
          out.push(TRIGRAM + word.slice(i, i + 3))
      return out
    }
    const out = []
    for (let i = 0; i + 1 < run.length; i++)
      out.push(run.slice(i, i + 2))
    out.push(...run)
    if (run.length === 1 || rules.suffixes.has(run.slice(1)))
      out.push(WHOLE + run[0])
    return out
  }

  function spaceBigrams(t) {
    const out = []
    for (const m of t.matchAll(SPACE_RE)) {
      const a = m.index, end = m.index + m[0].length
      if (a === 0 || !CJK_CHAR.test(t[a - 1]) || end + 1 === t.length || !CJK_CHAR.test(t[end + 1]))
        out.push(t[a] + t[end])
    }
    return out
  }

  function terms(text, rules) {
    const t = normalize(text)
    const out = []
    for (const [script, run] of runs(t))
      out.push(...runTerms(script, run, rules))
    return out.concat(spaceBigrams(t))
  }

  function compileRules(rules) {
    return {
      max_latin: rules.max_latin,
      segment_from: rules.segment_from,
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

  function alt(terms, rank) {
    return { terms, rank }
  }

  /* Rule 4: the alternatives of one word, spellings aside */
  function wordAlternatives(script, word, rules) {
    if (script === "latin") {
      if (word.length < 2)
        return []
      word = word.slice(0, rules.max_latin)
      const out = [alt([word], 0)]
      if (word.length >= 3) {
        const tri = []
        for (let i = 0; i + 3 <= word.length; i++)
          tri.push(TRIGRAM + word.slice(i, i + 3))
        out.push(alt(dedupe(tri), 1))
      }
      return out
    }
    if (word.length === 1)
      return [alt([WHOLE + word], 0), alt([word], 1)]
    const bi = []
    for (let i = 0; i + 1 < word.length; i++)
      bi.push(word.slice(i, i + 2))
    return [alt(dedupe(bi), 0)]
  }

  function phraseAlternatives(text, rules) {
    const found = runs(normalize(text))
    if (found.length === 1)
      return wordAlternatives(found[0][0], found[0][1], rules)
    const all = []
    for (const [script, run] of found) {
      const alts = wordAlternatives(script, run, rules)
      if (alts.length)
        all.push(...alts[0].terms)
    }
    return all.length ? [alt(dedupe(all), 0)] : []
  }

  function spellingKey(text) {
    return runs(normalize(text)).map(r => r[1]).join("")
  }

  function makeClause(script, stem, rules, spellings) {
    let alts = wordAlternatives(script, stem, rules)
    if (!alts.length)
      return null
    const key = script === "latin" ? stem.slice(0, rules.max_latin) : stem
    for (const other of (spellings && spellings.get(key)) || [])
      alts = alts.concat(phraseAlternatives(other, rules))
    const seen = new Set(), unique = []
    for (const a of alts) {
      const k = JSON.stringify([a.terms, a.rank])
      if (!seen.has(k)) {
        seen.add(k)
        unique.push(a)
      }
    }
    return { stem: key, key, script, alternatives: unique }
  }

  function clauseTerms(clause) {
    return dedupe(clause.alternatives.flatMap(a => a.terms))
  }

  function parseQuery(text, rules, spellings) {
    const found = runs(normalize(text))
    const joined = found.map(r => r[1]).join("")
    if (found.length > 1 && spellings && spellings.has(joined)) {
      const script = found.every(r => r[0] === found[0][0]) ? found[0][0] : "latin"
      const clause = makeClause(script, joined, rules, spellings)
      return clause ? [clause] : []
    }
    const clauses = []
    const seen = new Set()
    for (const [script, run] of found) {
      const stem = script === "ko" ? splitSuffix(run, rules)[0] : run
      const clause = makeClause(script, stem, rules, spellings)
      if (!clause || seen.has(clause.key))
        continue
      seen.add(clause.key)
      clauses.push(clause)
    }
    return clauses
  }

  /* Ways to write n as k ordered parts of at least `least`, shortest first part first */
  function compositions(n, k, least = 2) {
    if (k === 1)
      return n >= least ? [[n]] : []
    const out = []
    for (let first = least; first <= n - least * (k - 1); first++)
      for (const rest of compositions(n - first, k - 1, least))
        out.push([first, ...rest])
    return out
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

  /* posting -> { docs: Int32Array, levels: Uint8Array } (tier by tier, highest level first) */
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

  const EMPTY = { docs: new Int32Array(0), levels: new Uint8Array(0), by: null, df: 0, idf: 0 }

  /* ------------------------------------------------------------- engine */

  class Engine {

    /* fetchBytes(rel) -> Promise<Uint8Array>, fetchJSON(rel) -> Promise<any> */
    constructor(manifest, fetchBytes, fetchJSON) {
      this.m = manifest
      this.big = new Map(Object.entries(manifest.big))       /* not plain objects: */
      this.kinds = new Map(Object.entries(manifest.kinds))   /* "constructor" is a word */
      this.spellings = new Map(Object.entries(manifest.spellings || {}))
      this.facetKeys = new Map(Object.entries(manifest.facet_keys || {}))
      this.rules = compileRules(manifest.rules)
      this.fetchBytes = fetchBytes
      this.fetchJSON = fetchJSON
      this.files = new Map()      /* rel -> Promise<table> */
      this.tables = new Map()     /* rel -> table, once loaded */
      this.chunks = new Map()     /* k -> Promise<records> */
      this.records = new Map()    /* k -> records, once loaded */
      this.postings = new Map()   /* term -> { docs, levels, by, df, idf } */
    }

    termFile(term) {
      const big = this.big.get(term)
      return big !== undefined ? `t/b${big}.bin` : `t/${fnv1a(term) % this.m.shards}.bin`
    }

    table(rel) {
      let p = this.files.get(rel)
      if (!p) {
        p = this.fetchBytes(rel).then(buf => {
          const table = decodeTermFile(buf)
          this.tables.set(rel, table)
          return table
        })
        p.catch(() => this.files.delete(rel))
        this.files.set(rel, p)
      }
      return p
    }

    /* Load the files of every term not loaded yet */
    async need(terms) {
      await Promise.all(dedupe(terms.map(t => this.termFile(t))).map(rel => this.table(rel)))
    }

    chunk(k) {
      let p = this.chunks.get(k)
      if (!p) {
        p = this.fetchJSON(`d/${k}.json`).then(records => {
          this.records.set(k, records)
          return records
        })
        p.catch(() => this.chunks.delete(k))
        this.chunks.set(k, p)
      }
      return p
    }

    /* Posting of a term whose file is loaded; `by[d]` is the level of document d, 0 if absent */
    posting(term) {
      let p = this.postings.get(term)
      if (!p) {
        const table = this.tables.get(this.termFile(term))
        const e = table && table.get(term)
        if (!e)
          return EMPTY
        const { docs, levels } = decodePosting(e)
        const by = new Uint8Array(this.m.docs)
        for (let i = 0; i < docs.length; i++)
          by[docs[i]] = levels[i]
        p = { docs, levels, by, df: e.df, idf: e.idf }
        this.postings.set(term, p)
      }
      return p
    }

    /* Alternatives whose every term is indexed */
    live(clause) {
      return clause.alternatives.filter(a => a.terms.every(t => this.posting(t).df > 0))
    }

    /* Documents of a clause: the union over its alternatives of the AND of their terms */
    matches(clause) {
      const mask = new Uint8Array(this.m.docs)
      let count = 0
      for (const a of this.live(clause)) {
        const posts = a.terms.map(t => this.posting(t)).sort((x, y) => x.df - y.df)
        for (const d of posts[0].docs) {
          if (mask[d])
            continue
          let all = true
          for (let j = 1; j < posts.length && all; j++)
            all = posts[j].by[d] > 0
          if (all) {
            mask[d] = 1
            count++
          }
        }
      }
      return { mask, count }
    }

    /* Rule 6: the fewest parts of two or more syllables that match together, or null */
    async segment(clause) {
      const word = clause.stem, n = word.length
      if (clause.script !== "ko" || n < this.rules.segment_from || n > MAX_SEGMENT)
        return null
      const parts = new Map()
      for (let i = 0; i + 1 < n; i++)
        for (let j = i + 2; j <= n; j++)
          parts.set(`${i},${j}`, makeClause("ko", word.slice(i, j), this.rules, this.spellings))
      await this.need([...parts.values()].flatMap(clauseTerms))
      const sets = new Map()
      for (const [k, part] of parts)
        sets.set(k, this.matches(part))
      for (let k = 2; k <= Math.floor(n / 2); k++) {
        let best = null
        for (const lengths of compositions(n, k)) {
          const spans = []
          let at = 0
          for (const length of lengths) {
            spans.push(`${at},${at + length}`)
            at += length
          }
          const found = spans.map(s => sets.get(s)).sort((x, y) => x.count - y.count)
          const masks = found.map(s => s.mask)
          let common = 0
          if (found[0].count)
            for (let d = 0; d < this.m.docs; d++) {
              let all = true
              for (let j = 0; j < masks.length && all; j++)
                all = masks[j][d] !== 0
              if (all)
                common++
            }
          if (common && (!best || common > best[0]))
            best = [common, spans.map(s => parts.get(s))]
        }
        if (best)
          return best[1]
      }
      return null
    }

    /* Every result for `text`: { clauses, order, page, facets, members, segmented, total } */
    async search(text, page) {
      const m = this.m
      page = page === undefined ? m.page : page
      const weights = m.weights, gap = m.rank_gap
      const clauses = parseQuery(text, this.rules, this.spellings)
      const result = { clauses, order: [], page: [], facets: [], members: null, segmented: [], total: 0 }
      if (!clauses.length)
        return result
      const exactKey = EXACT + clauses.map(c => c.stem).join("").slice(0, TITLE_KEY_CHARS)
      const named = dedupe(clauses.filter(c => this.facetKeys.has(c.key)).map(c => this.facetKeys.get(c.key)))
      const facetTerm = i => FACET + m.facets[i][0] + ":" + m.facets[i][1]
      await this.need([...clauses.flatMap(clauseTerms), exactKey, ...named.map(facetTerm)])

      /* per clause, its documents; a word that matches nothing may be segmented */
      const final = [], sets = []
      for (const c of clauses) {
        const found = this.matches(c)
        if (!found.count) {
          const parts = await this.segment(c)
          if (parts) {
            result.segmented.push([c.stem, parts.map(p => p.stem)])
            for (const p of parts) {
              final.push(p)
              sets.push(this.matches(p))
            }
            continue
          }
        }
        final.push(c)
        sets.push(found)
      }
      result.clauses = final
      result.facets = named.map(i => m.facets[i])
      if (named.length && new Set(named.map(i => m.facets[i][0])).size === named.length) {
        const bys = named.map(i => this.posting(facetTerm(i)).by)
        let members = 0
        if (bys.every(by => by))
          for (let d = 0; d < m.docs; d++) {
            let all = true
            for (let j = 0; j < bys.length && all; j++)
              all = bys[j][d] === 1
            if (all)
              members++
          }
        result.members = members
      }
      if (sets.some(s => !s.count))
        return result
      const masks = [...sets].sort((x, y) => x.count - y.count).map(s => s.mask)
      const cand = []
      const first = masks[0]
      for (let d = 0; d < m.docs; d++) {
        if (!first[d])
          continue
        let all = true
        for (let j = 1; j < masks.length && all; j++)
          all = masks[j][d] !== 0
        if (all)
          cand.push(d)
      }
      if (!cand.length)
        return result

      /* per clause: weight, and the value of its best matching alternative */
      const score = new Float64Array(m.docs)
      const value = new Uint8Array(m.docs)
      const weightOf = []
      for (const c of final) {
        const alts = this.live(c)
        let w = 0
        for (const a of alts)
          w = Math.max(w, a.terms.reduce((s, t) => s + this.posting(t).idf, 0))
        weightOf.push(w)
        for (const d of cand)
          value[d] = 0
        for (const a of alts) {
          const posts = a.terms.map(t => this.posting(t))
          const bonus = gap * (1 - a.rank)
          for (const d of cand) {
            let low = 255
            for (const p of posts) {
              const lv = p.by[d]
              if (!lv) {
                low = 0
                break
              }
              if (lv < low)
                low = lv
            }
            if (low && low + bonus > value[d])
              value[d] = low + bonus
          }
        }
        for (const d of cand)
          score[d] += w * weights[value[d]]
      }
      const facet = new Uint8Array(m.docs)
      for (const i of named) {
        const by = this.posting(facetTerm(i)).by
        if (by)
          for (const d of cand)
            facet[d] += by[d]
      }
      const exactBy = this.posting(exactKey).by
      const exact = d => (exactBy && exactBy[d] ? 1 : 0)
      const before = (a, sa, b, sb) =>
        facet[b] - facet[a] || exact(b) - exact(a) || sb - sa || a - b
      const order = cand.sort((a, b) => before(a, score[a], b, score[b]))

      /* the first page: titles, phrase bonus, final order of that page */
      const top = order.slice(0, page)
      const chunkSize = m.chunk
      await Promise.all(dedupe(top.map(d => Math.floor(d / chunkSize))).map(k => this.chunk(k)))
      const hits = top.map(d => {
        const h = this.hit(d)
        let s = score[d]
        const nt = normalize(h.title + " " + h.aliases), ns = normalize(h.summary)
        final.forEach((c, i) => {
          if (nt.includes(c.stem))
            s += weightOf[i] * m.phrase.title
          else if (ns.includes(c.stem))
            s += weightOf[i] * m.phrase.summary
        })
        h.score = s
        return h
      })
      hits.sort((a, b) => before(a.doc, a.score, b.doc, b.score))
      result.page = hits
      result.order = hits.map(h => h.doc).concat(order.slice(page))
      result.total = result.order.length
      return result
    }

    /* The stored fields of a document whose chunk is loaded, or null */
    hit(d) {
      const records = this.records.get(Math.floor(d / this.m.chunk))
      if (!records)
        return null
      const [url, title, summary, kind, aliases] = records[d % this.m.chunk]
      return { doc: d, score: 0, url, title, summary, kind, aliases: aliases || "" }
    }

    /* Material's SearchItem for a result whose chunk is loaded */
    item(d, score, view) {
      const h = this.hit(d)
      let text = h.summary ? `<p>${mark(h.summary, view.re)}</p>` : ""
      const na = normalize(h.aliases), nt = normalize(h.title)
      if (h.aliases && view.stems.some(s => na.includes(s) && !nt.includes(s)))
        text += `<p>다른 이름: ${mark(h.aliases, view.re)}</p>`
      return {
        location: h.url,
        title: mark(h.title, view.re),
        text,
        tags: this.kinds.has(h.kind) ? [this.kinds.get(h.kind)] : undefined,
        score,
        terms: view.terms
      }
    }

    /* Material's RESULT payload: the first page as items, and in `portal` (for the page
       script, which adds a placeholder item for every other match before Material reads
       the message) every match's document number, best first. Cloning 30,000 items in
       the worker would cost more than finding them. The caller makes `view` the
       engine's current one (`this.view`) when it posts the result: FILL only answers
       for the result on screen. */
    async result(text, id) {
      const r = await this.search(text)
      const stems = dedupe(r.clauses.map(c => c.stem))
      const view = { id, re: markPattern(r.clauses), stems, terms: {}, order: r.order }
      for (const s of stems)
        view.terms[s] = true
      const n = r.order.length
      const items = r.page.map((h, i) => [this.item(h.doc, n - i, view)])
      return {
        view,
        items,
        portal: {
          id,
          total: n,
          order: Int32Array.from(r.order),
          terms: view.terms,
          /* each named facet term with its co-ops and its own directory link */
          facets: r.facets.map(([param, id, label]) => {
            const by = this.posting(FACET + param + ":" + id).by
            let count = 0
            if (by)
              for (let d = 0; d < this.m.docs; d++)
                count += by[d] === 1
            return { param, id, label, count, link: directoryLink([[param, id]]) }
          }),
          members: r.members,
          link: r.facets.length ? directoryLink(r.facets) : "",
          segmented: r.segmented
        }
      }
    }

    /* Items for documents of the latest result, by document number (FILL) */
    async fill(id, docs) {
      const view = this.view
      if (!view || view.id !== id)
        return null
      if (!view.rank) {
        view.rank = new Map()
        view.order.forEach((d, i) => view.rank.set(d, i))
      }
      const rank = view.rank
      /* the asked ones, and a few after the last asked, so the next scroll finds them loaded */
      const last = Math.max(-1, ...docs.map(d => (rank.has(d) ? rank.get(d) : -1)))
      const ahead = view.order.slice(last + 1, last + 1 + 12)
      const k = d => Math.floor(d / this.m.chunk)
      await Promise.all(dedupe(docs.map(k)).map(c => this.chunk(c)))
      dedupe(ahead.map(k)).forEach(c => this.chunk(c).catch(() => {}))
      const n = view.order.length
      return docs.filter(d => rank.has(d)).map(d => ({ doc: d, ...this.item(d, n - rank.get(d), view) }))
    }
  }

  /* /coops/ with the named facets as filters: its script reads ?district=a,b&field=c */
  function directoryLink(facets) {
    const by = new Map()
    for (const [param, id] of facets)
      by.set(param, (by.get(param) || []).concat(id))
    const query = [...by.keys()].sort()
      .map(p => `${encodeURIComponent(p)}=${by.get(p).map(encodeURIComponent).join(",")}`)
      .join("&")
    return `coops/?${query}`
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
          let data, view = null
          try {
            await ready
            ;({ view, ...data } = await engine.result(message.data, id))
          } catch (err) {
            console.warn(err)
            data = { items: [], portal: { id, total: 0, order: null, terms: {}, facets: [], members: null, link: "", segmented: [] } }
          }
          /* a newer query is on its way: its result replaces this one */
          if (id === latest) {
            if (engine)
              engine.view = view
            const order = data.portal && data.portal.order
            scope.postMessage({ type: 3, data }, order ? [order.buffer] : [])
          }
          break
        }
        case 100: { /* FILL: { id, docs } */
          const { id, docs } = message.data
          try {
            await ready
            const items = await engine.fill(id, docs)
            if (items && id === latest)
              scope.postMessage({ type: 101, data: { id, items } })
          } catch (err) {
            console.warn(err)
          }
          break
        }
        default:
          throw new TypeError("Invalid message type")
      }
    })
  }

  const api = { normalize, runs, terms, parseQuery, compileRules, splitSuffix, spellingKey, compositions,
    fnv1a, decodeTermFile, decodePosting, Engine, mark, markPattern, directoryLink }

  if (typeof module === "object" && module.exports)
    module.exports = api
  else if (typeof WorkerGlobalScope !== "undefined" && root instanceof WorkerGlobalScope)
    startWorker(root)
})(typeof self !== "undefined" ? self : globalThis)
