/* 교육 일정 filters and 우리 구 상담센터 찾기. Both pages work as plain lists and
 * tables without this script; it only hides what does not match and says so. */
(function () {
  "use strict";

  function schedule(root) {
    var form = root.querySelector("[data-portal-schedule-filters]");
    var status = root.querySelector("[data-portal-schedule-status]");
    var empty = root.querySelector("[data-portal-empty]");
    if (!form) return;
    var keys = ["track", "mode", "area"];
    var params = new URLSearchParams(window.location.search);
    keys.forEach(function (key) {
      var select = form.elements[key];
      if (select && params.get(key)) select.value = params.get(key);
    });

    function apply(announce) {
      var want = {};
      keys.forEach(function (key) { want[key] = form.elements[key] ? form.elements[key].value : ""; });
      var upcoming = 0, past = 0;
      Array.prototype.forEach.call(root.querySelectorAll(".portal-month"), function (month) {
        var visible = 0;
        Array.prototype.forEach.call(month.querySelectorAll(".portal-session"), function (item) {
          var ok = keys.every(function (key) { return !want[key] || item.getAttribute("data-" + key) === want[key]; });
          item.hidden = !ok;
          if (ok) visible += 1;
        });
        month.hidden = visible === 0;
        if (month.closest(".portal-archive")) past += visible; else upcoming += visible;
      });
      if (empty) empty.hidden = upcoming > 0;
      var filtered = keys.some(function (key) { return want[key]; });
      if (announce || filtered) {
        status.textContent = (filtered ? "고른 조건에 맞는 " : "") + "다가오는 일정 " + upcoming + "개, 지난 일정 " + past + "개";
      }
      var query = new URLSearchParams(window.location.search);
      keys.forEach(function (key) { if (want[key]) query.set(key, want[key]); else query.delete(key); });
      var search = query.toString();
      history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    form.hidden = false;
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    apply(false);
  }

  function finder(root) {
    var select = root.querySelector("select[name=district]");
    var result = root.querySelector("[data-portal-finder-result]");
    var submit = root.querySelector("[data-portal-finder-submit]");
    if (!select || !result) return;
    if (submit) submit.hidden = true;  // the choice itself shows the centre

    function show() {
      var option = select.options[select.selectedIndex];
      result.textContent = "";
      if (!option || !option.value) return;
      var centreId = option.getAttribute("data-center");
      var lead = document.createElement("p");
      lead.className = "portal-finder__lead";
      var card = centreId ? document.getElementById("center-" + centreId) : null;
      if (card) {
        lead.textContent = option.textContent + " 담당: " + card.getAttribute("data-name");
        result.appendChild(lead);
        var copy = card.cloneNode(true);
        copy.removeAttribute("id");
        copy.classList.add("portal-center--found");
        result.appendChild(copy);
      } else {
        lead.textContent = option.textContent + " 담당 센터가 아직 없습니다. 대표전화 1544-5077로 문의하세요.";
        result.appendChild(lead);
      }
      var query = new URLSearchParams(window.location.search);
      query.set("district", option.value);
      history.replaceState(null, "", window.location.pathname + "?" + query.toString() + window.location.hash);
    }

    var wanted = new URLSearchParams(window.location.search).get("district");
    if (wanted && select.querySelector('option[value="' + wanted.replace(/[^a-z0-9-]/g, "") + '"]')) {
      select.value = wanted;
    }
    select.addEventListener("change", show);
    root.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); show(); });
    if (select.value) show();
  }

  var schedules = document.querySelectorAll("[data-portal-schedule]");
  Array.prototype.forEach.call(schedules, schedule);
  var finders = document.querySelectorAll("[data-portal-finder]");
  Array.prototype.forEach.call(finders, finder);
})();
