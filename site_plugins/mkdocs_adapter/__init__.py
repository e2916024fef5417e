"""The MkDocs adapter: the core loads and generates, this package hands it to MkDocs.

Section front pages (few, in the navigation) are MkDocs pages whose content we
supply. Every other generated page (one per co-op, term, course, ...) is stamped
into a *shell*: a page MkDocs and Material render once per URL depth with
placeholder tokens, so relative asset links, header, footer and scripts are
exactly Material's while 30,000 entries cost a string join each, not a theme
render (see benchmarks/README.md). The shell's chrome (header, navigation, search
box, footer, the theme's configuration) is the same on every page of a depth: it
goes into one shared script that puts it back while the page is parsed
(`chrome.py`), and the rest of the shell is minified, so an entry page holds its
head and its article and little else.

| module | job |
|---|---|
| `plugin.py` | the plugin: one short method per MkDocs event |
| `shells.py` | shell pages, their tokens, the entries' light navigation, minifying |
| `chrome.py` | the shells' chrome moved into a shared script per depth, and put back by it |
| `stamping.py` | stamping entries into the shells, in forked workers; the preview memo |
| `writing.py` | everything else the portal writes: files, sitemaps, search index, assets; the previous build moved aside |
| `escaping.py` | editors' values as the theme prints them: HTML-escaped, URLs percent-encoded |
| `preview.py` | `mkdocs serve --dirty`: the data/ watcher, idle collection, compiled templates |

Nothing in the core imports this package.
"""
