/* Preview only (`make serve`): when the last save broke data/ or content/, say so on
   every page and list the problems; the next good save removes the banner.
   The list is editors' text: it is shown with textContent, never as HTML. */
(function () {
  var script = document.currentScript
  if (!script) return
  var status = new URL("../../portal-preview.json", script.src)
  fetch(status, { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : { problems: [] } })
    .then(function (data) {
      var problems = (data && data.problems) || []
      if (!problems.length) return
      var box = document.createElement("section")
      box.className = "portal-stale"
      box.setAttribute("role", "alert")
      var title = document.createElement("h2")
      title.textContent = "미리보기가 최신이 아닙니다: 문제 " + problems.length + "건"
      var hint = document.createElement("p")
      hint.textContent = "아래 파일과 줄을 고쳐 저장하면 이 페이지가 저절로 새로 고쳐집니다. 그때까지는 마지막으로 성공한 빌드를 보여 줍니다."
      var list = document.createElement("ol")
      problems.forEach(function (line) {
        var item = document.createElement("li")
        var code = document.createElement("code")
        code.textContent = line
        item.appendChild(code)
        list.appendChild(item)
      })
      box.appendChild(title)
      box.appendChild(hint)
      box.appendChild(list)
      document.body.insertBefore(box, document.body.firstChild)
    })
    .catch(function () {})
})()
