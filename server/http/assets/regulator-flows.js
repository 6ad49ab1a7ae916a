// The regulators' flows page (GET /regulator/flows): draws each currency's flow graph as a Sankey
// diagram with ECharts, from the same GET /api/v1/flows the page's table was made from, and lists
// the records of a band when it is selected. Loaded as a file (the page's CSP allows scripts from
// this server only); everything it needs to say comes from data attributes the server rendered in
// the reader's language. Without it the page still shows every flow as a table.
"use strict";
(function () {
  var root = document.getElementById("flows");
  if (!root || typeof echarts === "undefined") return;
  var lang = root.dataset.lang === "zh" ? "zh-CN" : "en";
  var labels = JSON.parse(root.dataset.labels || "{}");
  var text = JSON.parse(root.dataset.text || "{}");
  var txUrl = root.dataset.txUrl || "";
  var period = { from: root.dataset.from, to: root.dataset.to };
  var records = document.getElementById("records");
  var timeFormat = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short", timeZone: "Asia/Shanghai", hourCycle: "h23" });

  // Minor units as money, exactly: Intl formats a decimal string without going through a double.
  function money(minor, currency) {
    var negative = minor.charAt(0) === "-";
    var digits = (negative ? minor.slice(1) : minor).padStart(3, "0");
    var decimal = (negative ? "-" : "") + digits.slice(0, -2) + "." + digits.slice(-2);
    if (!/^[A-Z]{3}$/.test(currency)) return decimal + " " + currency;
    return new Intl.NumberFormat(lang, { style: "currency", currency: currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(decimal);
  }

  function el(name, content, attrs) {
    var node = document.createElement(name);
    if (content !== undefined && content !== null) node.append(content);
    for (var key in attrs || {}) node.setAttribute(key, attrs[key]);
    return node;
  }

  var query = new URLSearchParams(period);
  if (root.dataset.organisation) query.set("organisation", root.dataset.organisation);
  fetch("/api/v1/flows?" + query, { headers: { accept: "application/json" } })
    .then(function (answer) {
      return answer.ok ? answer.json() : Promise.reject(new Error("flows " + answer.status));
    })
    .then(function (flows) {
      var containers = root.querySelectorAll(".chart");
      flows.currencies.forEach(function (graph, i) {
        var container = containers[i];
        if (container && container.dataset.currency === graph.currency) draw(container, graph);
      });
    })
    .catch(function () {
      // The table already shows every flow; nothing more to do.
    });

  function draw(container, graph) {
    // Organisation nodes only group campaigns (their names are in the campaigns' labels) and carry no bands.
    var nodes = graph.nodes.filter(function (n) { return n.kind !== "organisation"; }).map(function (n) { return { name: n.id }; });
    var links = graph.edges.map(function (e) {
      // `from` and `to` stay the flow's own ends; `target` may be redrawn (see breakCycles).
      return { source: e.source, target: e.target, from: e.source, to: e.target, value: Number(e.amount), amount: e.amount, kind: e.kind, status: e.status };
    });
    breakCycles(nodes, links);
    container.hidden = false;
    var chart = echarts.init(container, null, { renderer: "svg" });
    try {
      chart.setOption({
        animation: false,
        tooltip: {
          trigger: "item",
          // Kept inside the chart, so it never widens the page on a phone.
          confine: true,
          // Wrapped rather than one long line: a tooltip wider than a phone's chart would still overflow it.
          extraCssText: "white-space: normal; max-width: 16rem;",
          formatter: function (p) {
            if (p.dataType === "edge") return (labels[p.data.from] || p.data.from) + " → " + (labels[p.data.to] || p.data.to) + ": " + money(p.data.amount, graph.currency);
            return labels[p.name] || p.name;
          },
        },
        series: [
          {
            type: "sankey",
            data: nodes,
            links: links,
            nodeAlign: "left",
            emphasis: { focus: "adjacency" },
            lineStyle: { color: "gradient", curveness: 0.5, opacity: 0.45 },
            // Cut to a fifth of the chart's width (the table below has every name in full), so that
            // on a phone a label does not cover the bands that leave its node.
            label: { color: "#1b1b1b", width: Math.max(60, container.clientWidth / 5), overflow: "truncate", formatter: function (p) { return labels[p.name] || p.name; } },
          },
        ],
      });
    } catch (error) {
      // ECharts draws only graphs without cycles (grants back and forth); the table remains.
      chart.dispose();
      container.hidden = true;
      return;
    }
    chart.on("click", function (p) {
      if (p.dataType === "edge") list(p.data.from, p.data.to, graph.currency, null, true);
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  /**
   * A Sankey diagram draws only flows without cycles, and grants go back and forth (a partner
   * returns money to the foundation that granted it). Each band that would close a cycle (a back
   * edge of a depth-first walk) is drawn into a copy of its target, labelled "↺" and with nothing
   * leaving it; the band keeps its own ends for its tooltip and its records.
   */
  function breakCycles(nodes, links) {
    var leaving = {};
    links.forEach(function (link, i) { (leaving[link.source] = leaving[link.source] || []).push(i); });
    var seen = {}; // 1 while its descendants are walked, 2 once done
    var back = [];
    nodes.forEach(function (node) {
      if (seen[node.name]) return;
      // An explicit stack: a long chain of grants must not overflow the call stack.
      var stack = [{ name: node.name, next: 0 }];
      seen[node.name] = 1;
      while (stack.length > 0) {
        var top = stack[stack.length - 1];
        var out = leaving[top.name] || [];
        if (top.next >= out.length) {
          seen[top.name] = 2;
          stack.pop();
          continue;
        }
        var i = out[top.next++];
        var target = links[i].target;
        if (seen[target] === 1) back.push(i);
        else if (!seen[target]) {
          seen[target] = 1;
          stack.push({ name: target, next: 0 });
        }
      }
    });
    back.forEach(function (i) {
      var copy = links[i].target + " \u21ba";
      if (!labels[copy]) {
        labels[copy] = (labels[links[i].target] || links[i].target) + " \u21ba";
        nodes.push({ name: copy });
      }
      links[i].target = copy;
    });
  }

  function list(source, target, currency, cursor, fresh) {
    var q = new URLSearchParams({ from: period.from, to: period.to, source: source, target: target, limit: "50" });
    if (cursor) q.set("cursor", cursor);
    if (fresh) records.replaceChildren(el("p", text.loading));
    fetch("/api/v1/flows/records?" + q, { headers: { accept: "application/json" } })
      .then(function (answer) {
        return answer.ok ? answer.json() : Promise.reject(new Error("records " + answer.status));
      })
      .then(function (page) {
        show(page, source, target, currency, fresh);
      })
      .catch(function () {
        records.replaceChildren(el("p", text.failed));
      });
  }

  function show(page, source, target, currency, fresh) {
    var grants = page.kind === "grant";
    var body;
    if (fresh) {
      records.replaceChildren();
      records.append(el("h3", (labels[source] || source) + " → " + (labels[target] || target)));
      if (page.items.length === 0) {
        records.append(el("p", text.none));
        return;
      }
      var heads = [text.record, text.time, text.amount].concat(grants ? [text.status] : []).concat([text.block, text.transaction, text.logIndex]);
      var row = el("tr");
      heads.forEach(function (h, i) { row.append(el("th", h, i === 2 ? { scope: "col", class: "num" } : { scope: "col" })); });
      body = el("tbody");
      var table = el("table", el("thead", row));
      table.append(body);
      records.append(el("div", table, { class: "table-scroll" }));
    } else {
      body = records.querySelector("tbody");
      var old = records.querySelector("button.more");
      if (old) old.remove();
    }
    page.items.forEach(function (r) {
      var tr = el("tr");
      tr.append(el("td", r.recordId), el("td", timeFormat.format(new Date(r.time))), el("td", money(r.amount, currency), { class: "num" }));
      if (grants) tr.append(el("td", r.status ? text.grantStatus[r.status] : ""));
      var hash = el("code", r.txHash);
      tr.append(el("td", r.blockNumber), el("td", txUrl ? el("a", hash, { href: txUrl.replace("{txHash}", r.txHash) }) : hash), el("td", String(r.logIndex)));
      body.append(tr);
    });
    if (page.next) {
      var more = el("button", text.more, { type: "button", class: "more" });
      more.addEventListener("click", function () { list(source, target, currency, page.next, false); });
      records.append(more);
    }
  }
})();
