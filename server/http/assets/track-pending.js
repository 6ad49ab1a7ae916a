// The tracking page of a gift still being written to the ledger (GET /track/{code}): asks the
// public API now and then whether its state has changed and, when it has, swaps in the fresh
// page's #gift-state (status, summary, flow, journey) and says so once through the polite live
// region. Only #gift-state is replaced: the form to track another gift, and whatever the donor
// has typed into it, stay as they are. Loaded as a file (the page's CSP allows scripts from this
// server only); its words come from the fresh page. Without it the page has a "check again" button.
"use strict";
(function () {
  var state = document.getElementById("gift-state");
  var live = document.getElementById("status-live");
  var code = state && state.getAttribute("data-pending-code");
  if (!code || !live || !window.fetch || !window.DOMParser) return;

  var FIRST_DELAY = 3000;
  var MAX_DELAY = 30000;
  // A gift is normally written within seconds; after this long, the button is the way to ask.
  var GIVE_UP_AFTER = 30 * 60 * 1000;
  var delay = FIRST_DELAY;
  var started = Date.now();
  var timer = null;
  var busy = false;
  var done = false;

  function schedule() {
    if (done || document.hidden || timer !== null) return;
    if (Date.now() - started > GIVE_UP_AFTER) return;
    timer = setTimeout(check, delay);
    // Back off: a long wait means the ledger is slow, and asking faster will not help it.
    delay = Math.min(Math.round(delay * 1.5), MAX_DELAY);
  }

  function check() {
    timer = null;
    if (done || busy || document.hidden) return;
    busy = true;
    fetch("/api/v1/track/" + encodeURIComponent(code), { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (answer) {
        return answer.ok ? answer.json() : null;
      })
      .then(function (trace) {
        if (trace && trace.status !== "pending" && trace.status !== "submitted") return refresh();
      })
      .catch(function () {
        // Offline for a moment, or the server busy: try again later.
      })
      .then(function () {
        busy = false;
        schedule();
      });
  }

  // The page itself, in the reader's language (the cookie and Accept-Language go with it).
  function refresh() {
    return fetch(location.pathname + location.search, { headers: { Accept: "text/html" }, cache: "no-store", credentials: "same-origin" })
      .then(function (answer) {
        return answer.ok ? answer.text() : null;
      })
      .then(function (html) {
        if (html === null) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var freshState = fresh.getElementById("gift-state");
        var freshLive = fresh.getElementById("status-live");
        if (!freshState || !freshLive || freshState.getAttribute("data-pending-code")) return;
        done = true;
        state.replaceWith(document.adoptNode(freshState));
        var freshFoot = fresh.querySelector(".foot");
        var foot = document.querySelector(".foot");
        if (freshFoot && foot) foot.replaceWith(document.adoptNode(freshFoot));
        live.textContent = freshLive.getAttribute("data-announce") || "";
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    } else {
      // Back in view: look at once, then at the first pace again.
      delay = FIRST_DELAY;
      if (!busy) check();
    }
  });
  schedule();
})();
