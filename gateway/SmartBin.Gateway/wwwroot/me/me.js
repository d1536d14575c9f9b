// Resident overview: every data-poll-s seconds ask /me/api/summary whether the figures changed (a new drop-off, a
// redemption) and reload the page when they did, so the server renders everything (no data is written by script).
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) {
    return;
  }
  var version = live.getAttribute("data-version");
  var url = live.getAttribute("data-poll-url");
  var periodMs = Math.max(1, parseInt(live.getAttribute("data-poll-s"), 10) || 15) * 1000;
  function check() {
    if (document.hidden) {
      return;
    }
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (r) {
        if (r.status === 401) {
          window.location.reload(); // session ended: the reload shows the sign-in page
          return null;
        }
        return r.ok ? r.json() : null;
      })
      .then(function (summary) {
        if (summary && summary.version !== version) {
          window.location.reload();
        }
      })
      .catch(function () { /* offline for a moment: try again next period */ });
  }
  window.setInterval(check, periodMs);
})();
