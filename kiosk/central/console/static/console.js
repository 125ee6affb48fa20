// The organisers' console: the few live parts (no framework, no inline script: CSP).
// Live figures pushed by the server (server-sent events; polling once a second as the
// fallback), search as you type, upload progress.
"use strict";
(function () {
  document.documentElement.classList.add("js");

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function row(cells) {
    var tr = document.createElement("tr");
    cells.forEach(function (c) { tr.appendChild(c); });
    return tr;
  }
  function replaceRows(tbody, rows) {
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    rows.forEach(function (r) { tbody.appendChild(r); });
  }
  function setText(id, value) {
    var e = document.getElementById(id);
    if (e) e.textContent = String(value);
  }

  // -- event picker: submit on change --------------------------------------------
  document.querySelectorAll("select.autosubmit").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });

  // -- live figures: server-sent events, polling as the fallback -------------------
  var live = document.getElementById("live");
  if (live) {
    var url = live.getAttribute("data-url");
    var lastSeq = null;
    var base = (document.querySelector("a.brand") || {}).getAttribute ?
      document.querySelector("a.brand").getAttribute("href").split("?")[0] : "/console/";
    var stale = function (on) {
      var s = document.getElementById("stale");
      if (s) s.hidden = !on;
    };
    var show = function (d) {
      stale(false);
      setText("updated", d.updated);
      setText("arrived", d.arrived);
      setText("attendees", d.attendees);
      setText("inside", d.inside);
      setText("entries", d.entries);
      live.setAttribute("data-last-seq", d.last_seq);
      if (d.last_seq === lastSeq) return;
      lastSeq = d.last_seq;
      var chart = document.getElementById("chart");
      // Server-rendered SVG: every text in it is escaped there.
      if (chart) chart.innerHTML = d.svg;
      var gates = document.getElementById("gates");
      if (gates) replaceRows(gates, d.gates.map(function (g) {
        return row([el("td", g.name), el("td", g.arrived, "n"), el("td", g.inside, "n")]);
      }));
      var types = document.getElementById("types");
      if (types) replaceRows(types, d.ticket_types.map(function (t) {
        return row([el("td", t.name), el("td", t.arrived, "n")]);
      }));
      var latest = document.getElementById("latest");
      if (latest) {
        var dupText = latest.getAttribute("data-dup");
        var clockText = latest.getAttribute("data-clock");
        replaceRows(latest, d.latest.map(function (r) {
          var name = el("td");
          var a = el("a", r.name);
          a.href = base + "attendees/" + encodeURIComponent(r.attendee_id);
          name.appendChild(a);
          var tr = row([el("td", r.time), name,
            el("td", r.direction_text + (r.duplicate ? " · " + dupText : "")),
            el("td", r.gate),
            el("td", r.device + (r.own_clock ? " · " + clockText + " " + r.own_clock : ""))]);
          if (r.duplicate) tr.className = "dup";
          return tr;
        }));
      }
      var tiles = document.getElementById("gate-tiles");
      if (tiles) {
        var words = document.getElementById("tile-words").getAttribute("data-inside");
        while (tiles.firstChild) tiles.removeChild(tiles.firstChild);
        d.gates.forEach(function (g) {
          var t = el("div", null, "tile");
          t.appendChild(el("div", g.name, "tile-name"));
          t.appendChild(el("div", g.arrived, "tile-n"));
          t.appendChild(el("div", g.inside + " " + words, "tile-sub"));
          tiles.appendChild(t);
        });
      }
    };
    var poll = function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) {
          if (r.status === 401) { window.location.href = base + "login"; throw new Error("logged out"); }
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(show)
        .catch(function () { stale(true); });
    };
    var polling = null;
    var startPolling = function () {
      live.setAttribute("data-live", "poll");
      if (!polling) polling = setInterval(poll, 1000);
      poll();
    };
    var stream = live.getAttribute("data-stream");
    if (stream && window.EventSource) {
      // Pushed by the server when a check-in reaches the central list; the browser
      // reconnects by itself after a dropped connection (and every couple of minutes).
      var source = new EventSource(stream, { withCredentials: true });
      source.onopen = function () { live.setAttribute("data-live", "stream"); };
      var quiet = null;
      source.onmessage = function (e) {
        clearTimeout(quiet);
        quiet = null;
        show(JSON.parse(e.data));
      };
      source.onerror = function () {
        // Refused (logged out, no such event) or not a stream: poll instead (which
        // also sends a logged-out reader to the login page).
        if (source.readyState === 2) { source.close(); startPolling(); return; }
        // Reconnecting (a stream ends every couple of minutes): paused only when no
        // figures come back within a few seconds.
        if (quiet === null) quiet = setTimeout(function () { stale(true); }, 4000);
      };
    } else {
      startPolling();
    }
  }

  // -- attendee search as you type -------------------------------------------------
  var q = document.getElementById("q");
  if (q && q.getAttribute("data-url")) {
    var results = document.getElementById("results");
    var timer = null, asked = 0;
    q.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++asked;
        fetch(q.getAttribute("data-url") + "&q=" + encodeURIComponent(q.value),
              { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (r) { return r.json(); })
          .then(function (d) {
            if (mine !== asked) return; // an older answer arriving late
            if (!d.results.length) {
              var td = el("td", results.getAttribute("data-none"));
              td.colSpan = 6;
              replaceRows(results, [row([td])]);
              return;
            }
            replaceRows(results, d.results.map(function (p) {
              var pick = el("td");
              var box = document.createElement("input");
              box.type = "checkbox"; box.name = "id"; box.value = p.id;
              box.setAttribute("aria-label", p.name);
              pick.appendChild(box);
              var name = el("td");
              var a = el("a", p.name);
              a.href = q.getAttribute("data-base") + encodeURIComponent(p.id);
              name.appendChild(a);
              name.appendChild(el("div", p.email, "sub"));
              return row([pick, name, el("td", p.organisation), el("td", p.ticket_type),
                          el("td", p.status), el("td", p.code, "code")]);
            }));
          })
          .catch(function () {});
      }, 120);
    });
  }

  // -- CSV upload with a progress bar ----------------------------------------------
  var upload = document.getElementById("upload");
  if (upload && window.XMLHttpRequest && window.FormData) {
    upload.addEventListener("submit", function (ev) {
      var file = upload.querySelector("input[type=file]");
      if (!file.files.length) return;
      ev.preventDefault();
      var bar = document.getElementById("progress");
      var label = document.getElementById("progress-text");
      bar.hidden = false; label.hidden = false;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", upload.action);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total);
      });
      xhr.addEventListener("load", function () {
        // Show the preview page the server answered (same origin, our own markup).
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        document.title = doc.title;
        document.body.replaceWith(document.adoptNode(doc.body));
      });
      xhr.addEventListener("error", function () { upload.submit(); });
      xhr.send(new FormData(upload));
    });
  }

  // -- an import being written: its progress, then its summary ----------------------
  var running = document.getElementById("import-running");
  if (running && window.fetch) {
    var poll = function () {
      fetch(running.getAttribute("data-state"), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (s) {
          var bar = document.getElementById("import-progress");
          bar.max = s.total || 1; bar.value = s.written;
          document.getElementById("import-written").textContent = s.written;
          document.getElementById("import-total").textContent = s.total;
          if (s.finished) { window.location.reload(); } else { setTimeout(poll, 500); }
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 300);
  }
})();
