/*
 * Run Material for MkDocs' own search worker (lunr) under Node.js.
 *
 *   node lunr_runner.js WORKER_JS SEARCH_INDEX_JSON QUERIES_JSON
 *
 * WORKER_JS is material/templates/assets/javascripts/workers/search.*.min.js
 * from the installed theme; SEARCH_INDEX_JSON is the search_index.json that
 * Material's search plugin wrote for a built site. The worker gets the same
 * SETUP and QUERY messages the theme's bundle sends it; prints JSON with the
 * setup time, each query's time and the result pages (locations without
 * anchors, in Material's order).
 */
"use strict"
const fs = require("fs")
const path = require("path")
const vm = require("vm")

const [workerPath, indexPath, queriesPath] = process.argv.slice(2)
const lunrDir = path.join(path.dirname(workerPath), "..", "lunr")

let handler = null
const outbox = []
const sandbox = {
  console,
  setTimeout,
  clearTimeout,
  postMessage: msg => outbox.push(msg),
  addEventListener: (type, fn) => { if (type === "message") handler = fn },
  importScripts: (...urls) => {
    for (const url of urls) {
      const file = path.join(lunrDir, url.replace(/^\.\.\/lunr\//, ""))
      vm.runInContext(fs.readFileSync(file, "utf8"), sandbox, { filename: file })
    }
  }
}
sandbox.self = sandbox
sandbox.globalThis = sandbox
vm.createContext(sandbox)
vm.runInContext(fs.readFileSync(workerPath, "utf8"), sandbox, { filename: workerPath })

async function send(message) {
  outbox.length = 0
  await handler({ data: message })
  while (!outbox.length)
    await new Promise(r => setTimeout(r, 0))
  return outbox[0]
}

;(async () => {
  const index = JSON.parse(fs.readFileSync(indexPath, "utf8"))
  const queries = JSON.parse(fs.readFileSync(queriesPath, "utf8"))
  let t = process.hrtime.bigint()
  await send({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } })
  const setupMs = Number(process.hrtime.bigint() - t) / 1e6
  const results = {}
  for (const q of queries) {
    t = process.hrtime.bigint()
    const msg = await send({ type: 2, data: q })
    const ms = Number(process.hrtime.bigint() - t) / 1e6
    const pages = []
    for (const group of msg.data.items) {
      const loc = group[0].location.split("#")[0]
      if (!pages.includes(loc))
        pages.push(loc)
    }
    results[q] = { ms, pages }
  }
  process.stdout.write(JSON.stringify({ setup_ms: setupMs, docs: index.docs.length, results }))
})()
