/* geokg interactive view: draws the payload of geokg.view.html.view_data with vis-network.
 * No network access: everything this page needs is inlined. */
(function () {
  "use strict";

  var status = document.getElementById("geokg-status");

  function setStatus(state, text, extra) {
    status.setAttribute("data-state", state);
    Object.keys(extra || {}).forEach(function (k) { status.setAttribute(k, String(extra[k])); });
    status.textContent = text;
  }

  window.addEventListener("error", function (ev) {
    setStatus("error", "error: " + (ev.message || "unknown"));
  });

  if (typeof vis === "undefined") {
    setStatus("error", "error: vis-network did not load");
    return;
  }

  var data = JSON.parse(document.getElementById("geokg-data").textContent);
  var nodeById = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  var edgeById = new Map(data.edges.map(function (e) { return [e.id, e]; }));
  var kindColour = new Map(data.kinds.map(function (k) { return [k.name, k.colour]; }));
  var shownPredicates = new Set(data.predicates.map(function (p) { return p.name; }));
  var shownTypes = new Set(data.types.map(function (t) { return t.name; }));
  var showHedged = true;
  var showIsolated = true;
  // A corpus opens on its event graph: structural relations hidden until asked for.
  var showStructural = data.mode === "full";
  var view = data.mode === "dyads" ? "dyad" : "actor";
  var userMoved = false; // until the user pans or zooms, the whole graph stays in view

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "style") node.style.cssText = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function label(id) {
    var n = nodeById.get(id);
    return n ? n.label : id;
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  // --- what a node or an edge says -------------------------------------------------

  function nodeSummary(n) {
    var bits = [n.type];
    if (n.country && n.country !== n.label) bits.push(n.country);
    if (n.roles.length) bits.push(n.roles.join(", "));
    var text = bits.join(" \u00b7 ") + " \u00b7 " + plural(n.degree, "relation") + " \u00b7 " + plural(n.n_docs, "document");
    if (view === "dyad" && n.members.length) text += " \u00b7 in the dyad view also: " + n.members.join(", ");
    return text;
  }

  function flags(r) {
    return [r.negated ? el("span", {"class": "flag", text: "negated"}) : null,
            r.hypothetical ? el("span", {"class": "flag", text: "hypothetical"}) : null];
  }

  function provenance(r) {
    var bits = [];
    if (r.title) bits.push("\u201c" + r.title + "\u201d");
    if (r.doc_id) bits.push(r.doc_id);
    if (r.date) bits.push(r.date);
    if (r.attributed_to) bits.push("according to " + r.attributed_to);
    if (r.role) bits.push("role: " + r.role);
    if (r.cue) bits.push("cue: " + r.cue);
    if (r.confidence !== null && r.confidence !== undefined) bits.push("confidence " + r.confidence);
    return bits.join(" \u00b7 ");
  }

  function evidence(r) {
    if (r.derived) return "stated on the entity (its country), not by a sentence";
    return r.sentence || "(no sentence)";
  }

  function edgeTitle(e) {
    return label(e.from) + " \u2014 " + e.predicate + " \u2192 " + label(e.to);
  }

  function nodeTooltip(n) {
    var box = el("div", {}, [el("b", {text: n.label}), el("p", {text: nodeSummary(n)})]);
    var others = n.mentions.filter(function (m) { return m !== n.label; });
    if (others.length) box.appendChild(el("p", {text: "also: " + others.slice(0, 8).join(", ") + (others.length > 8 ? ", ..." : "")}));
    return box;
  }

  function edgeTooltip(e) {
    var box = el("div", {}, [el("b", {text: edgeTitle(e)})]);
    e.relations.slice(0, 3).forEach(function (r) {
      box.appendChild(el("p", {}, flags(r).concat([el("span", {"class": "evidence", text: evidence(r)})])));
      box.appendChild(el("p", {"class": "prov", text: provenance(r)}));
    });
    if (e.relations.length > 3) box.appendChild(el("p", {"class": "prov", text: "+ " + (e.relations.length - 3) + " more: click the edge"}));
    return box;
  }

  // --- the network -------------------------------------------------------------------

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, shape: "dot",
      color: {background: n.colour, border: n.border,
              highlight: {background: n.colour, border: "#000000"},
              hover: {background: n.colour, border: "#000000"}},
      title: nodeTooltip(n)
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var colour = kindColour.get(e.kind) || "#999999";
    var n = e.relations.length;
    return {
      id: e.id, from: e.from, to: e.to,
      label: n > 1 ? e.predicate + " \u00d7" + n : e.predicate,
      dashes: e.hedged,
      width: Math.min(1 + Math.log2(n), 6),
      color: {color: colour, highlight: colour, hover: colour, opacity: e.kind === "structural" ? 0.6 : 0.9},
      smooth: e.bend === 0 ? {enabled: false} : {enabled: true, type: e.bend > 0 ? "curvedCW" : "curvedCCW", roundness: Math.min(0.3 * Math.abs(e.bend), 0.9)},
      title: edgeTooltip(e)
    };
  }));
  function nodeShown(n) {
    return n.views.indexOf(view) >= 0 && shownTypes.has(n.type) && (showIsolated || n.degree > 0);
  }
  var nodeView = new vis.DataView(nodes, {filter: function (item) {
    return nodeShown(nodeById.get(item.id));
  }});
  var edgeView = new vis.DataView(edges, {filter: function (item) {
    var e = edgeById.get(item.id);
    return e.views.indexOf(view) >= 0 && (showStructural || e.kind !== "structural") &&
      shownPredicates.has(e.predicate) && (showHedged || !e.hedged) &&
      shownTypes.has(nodeById.get(e.from).type) && shownTypes.has(nodeById.get(e.to).type);
  }});

  var container = document.getElementById("graph");
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, {
    autoResize: false,
    layout: {improvedLayout: false},
    physics: {enabled: false, solver: "forceAtlas2Based", stabilization: false},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: data.edges.length > 2000},
    nodes: {borderWidth: 1.5, font: {size: 14, strokeWidth: 4, strokeColor: "#ffffff"}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.55}},
            font: {size: 10, color: "#444444", strokeWidth: 3, strokeColor: "#ffffff", align: "middle"},
            selectionWidth: 1.5, hoverWidth: 1}
  });

  // --- side panel --------------------------------------------------------------------

  function relationCount(onlyEvents) {
    return data.edges.reduce(function (s, e) {
      var counted = e.views.indexOf("actor") >= 0 && (!onlyEvents || e.kind !== "structural");
      return s + (counted ? e.relations.length : 0);
    }, 0);
  }
  document.getElementById("counts").textContent = data.mode === "full" ?
    plural(data.documents, "document") + " \u00b7 " + plural(data.nodes.length, "actor") + " \u00b7 " +
    plural(relationCount(false), "relation") :
    plural(data.documents, "document") + " \u00b7 the event graph: " +
    data.nodes.filter(function (n) { return n.views.indexOf("actor") >= 0; }).length + " of " +
    plural(data.actors, "actor") + " \u00b7 " + plural(relationCount(true), "event relation");

  var details = document.getElementById("details");

  function showNode(id) {
    var n = nodeById.get(id);
    if (!n) return;
    var list = el("ol");
    data.edges.forEach(function (e) {
      if (e.from !== id && e.to !== id) return;
      if (e.views.indexOf(view) < 0) return;
      var item = el("li", {}, [e.hedged ? el("span", {"class": "flag", text: "hedged"}) : null,
                               edgeTitle(e) + (e.relations.length > 1 ? " (" + e.relations.length + ")" : "")]);
      item.style.cursor = "pointer";
      item.addEventListener("click", function () { network.selectEdges([e.id]); showEdge(e.id); });
      list.appendChild(item);
    });
    var children = [el("h3", {text: n.label}), el("p", {"class": "meta", text: nodeSummary(n)})];
    if (n.mentions.length) children.push(el("p", {"class": "prov", text: "named as: " + n.mentions.join(", ")}));
    children.push(list);
    details.replaceChildren.apply(details, children);
  }

  function showEdge(id) {
    var e = edgeById.get(id);
    if (!e) return;
    var list = el("ol");
    e.relations.forEach(function (r) {
      list.appendChild(el("li", {}, flags(r).concat([el("span", {"class": "evidence", text: evidence(r)}),
                                                     el("div", {"class": "prov", text: provenance(r)})])));
    });
    details.replaceChildren(el("h3", {text: edgeTitle(e)}), el("p", {"class": "meta", text: plural(e.relations.length, "relation")}), list);
  }

  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.2), animation: {duration: 400}});
    showNode(id);
  }

  network.on("click", function (ev) {
    if (ev.nodes.length) showNode(ev.nodes[0]);
    else if (ev.edges.length) showEdge(ev.edges[0]);
  });

  // Search: exact label, mention or id first, then prefix, then substring; ties by degree.
  var search = document.getElementById("search");
  var searchResult = document.getElementById("search-result");
  var names = document.getElementById("actor-names");
  var byDegree = data.nodes.slice().sort(function (a, b) { return b.degree - a.degree || a.label.localeCompare(b.label); });
  byDegree.forEach(function (n) { names.appendChild(el("option", {value: n.label})); });

  function findActor(query) {
    var q = query.trim().toLowerCase();
    if (!q) return null;
    var tests = [
      function (n) { return n.label.toLowerCase() === q || n.id.toLowerCase() === q; },
      function (n) { return n.mentions.some(function (m) { return m.toLowerCase() === q; }); },
      function (n) { return n.label.toLowerCase().indexOf(q) === 0; },
      function (n) { return n.label.toLowerCase().indexOf(q) >= 0 || n.mentions.some(function (m) { return m.toLowerCase().indexOf(q) >= 0; }); }
    ];
    for (var i = 0; i < tests.length; i++) {
      var hit = byDegree.find(tests[i]);
      if (hit) return hit;
    }
    return null;
  }

  function runSearch() {
    var n = findActor(search.value);
    if (!n) {
      searchResult.textContent = search.value.trim() ? "no actor matches \u201c" + search.value.trim() + "\u201d" : "";
      return;
    }
    if (!shownTypes.has(n.type)) {
      shownTypes.add(n.type);
      document.querySelector('input[data-type="' + n.type + '"]').checked = true;
      refresh();
    }
    if (n.views.indexOf(view) < 0) {
      searchResult.textContent = n.label + " (" + n.type + ") is drawn as " + (n.country || "its country") + " in the dyad view";
      showNode(n.id);
      return;
    }
    searchResult.textContent = n.label + " (" + n.type + ")";
    focusNode(n.id);
  }
  search.addEventListener("change", runSearch);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") runSearch(); });

  // Filters.
  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
  }

  var predicateBox = document.getElementById("predicates");
  data.predicates.forEach(function (p) {
    var box = el("input", {type: "checkbox", "data-predicate": p.name});
    box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) shownPredicates.add(p.name); else shownPredicates.delete(p.name);
      refresh();
    });
    predicateBox.appendChild(el("label", {"class": "check"}, [box, el("span", {"class": "line", style: "border-color:" + kindColour.get(p.kind)}),
                                                              p.name, el("span", {"class": "count", text: String(p.count)})]));
  });

  function setAllPredicates(on) {
    predicateBox.querySelectorAll("input").forEach(function (box) {
      box.checked = on;
      if (on) shownPredicates.add(box.getAttribute("data-predicate")); else shownPredicates.delete(box.getAttribute("data-predicate"));
    });
    refresh();
  }
  document.getElementById("predicates-all").addEventListener("click", function () { setAllPredicates(true); });
  document.getElementById("predicates-none").addEventListener("click", function () { setAllPredicates(false); });
  document.getElementById("show-hedged").addEventListener("change", function (ev) { showHedged = ev.target.checked; refresh(); });
  var structuralBox = document.getElementById("show-structural");
  structuralBox.checked = showStructural;
  structuralBox.addEventListener("change", function (ev) { showStructural = ev.target.checked; refresh(); });
  var dyadBox = document.getElementById("dyad-view");
  dyadBox.checked = view === "dyad";
  dyadBox.addEventListener("change", function (ev) {
    view = ev.target.checked ? "dyad" : "actor";
    refresh();
    if (!userMoved) network.fit({animation: false, maxZoomLevel: 1.5});
    network.once("afterDrawing", verifyDrawn);
    network.redraw();
  });

  var kinds = document.getElementById("kinds");
  data.kinds.forEach(function (k) {
    kinds.appendChild(el("div", {}, [el("span", {"class": "line", style: "border-color:" + k.colour}), k.text]));
  });

  var typeBox = document.getElementById("types");
  data.types.forEach(function (t) {
    var box = el("input", {type: "checkbox", "data-type": t.name});
    box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) shownTypes.add(t.name); else shownTypes.delete(t.name);
      refresh();
    });
    typeBox.appendChild(el("label", {"class": "check"}, [box, el("span", {"class": "swatch", style: "background:" + t.colour}),
                                                         t.name, el("span", {"class": "count", text: String(t.count)})]));
  });
  document.getElementById("show-isolated").addEventListener("change", function (ev) {
    showIsolated = ev.target.checked;
    refresh();
    if (!userMoved) network.fit({animation: false, maxZoomLevel: 1.5});
  });
  document.getElementById("physics").addEventListener("change", function (ev) {
    network.setOptions({physics: {enabled: ev.target.checked}});
  });

  var actorList = document.getElementById("actor-list");
  var actorItems = new Map();
  byDegree.forEach(function (n) {
    var item = el("li", {"data-id": n.id, "data-drawn": "pending"}, [n.label + " ", el("span", {"class": "count", text: "(" + n.degree + ")"})]);
    item.addEventListener("click", function () { search.value = n.label; runSearch(); });
    actorItems.set(n.id, item);
    actorList.appendChild(item);
  });

  // --- did every node reach the canvas? ----------------------------------------------
  // A node counts as drawn when a pixel within its disc has its fill or border colour,
  // or, for a disc only a few pixels wide, that colour blended with the white page.

  function rgb(hex) {
    return [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); });
  }

  function nearColour(px, want) {
    // Distance from px to the segment white -> want (an antialiased edge lies on it).
    var d = [255 - want[0], 255 - want[1], 255 - want[2]];
    var len2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    var t = len2 ? ((255 - px[0]) * d[0] + (255 - px[1]) * d[1] + (255 - px[2]) * d[2]) / len2 : 1;
    t = Math.max(0.35, Math.min(1, t));
    var err = 0;
    for (var k = 0; k < 3; k++) err += Math.abs(px[k] - (255 - t * d[k]));
    return err < 45;
  }

  function verifyDrawn(ctx) {
    var canvas = ctx.canvas;
    var w = canvas.width, h = canvas.height;
    var ratio = canvas.clientWidth ? w / canvas.clientWidth : 1;
    var positions = network.getPositions();
    var scale = network.getScale();
    var pixels = ctx.getImageData(0, 0, w, h).data;
    var drawn = 0, total = 0;
    data.nodes.forEach(function (n) {
      if (!nodeShown(n)) {
        actorItems.get(n.id).setAttribute("data-drawn", "hidden");
        return;
      }
      total += 1;
      var want = [rgb(n.colour), rgb(n.border)];
      var p = positions[n.id];
      var ok = false;
      if (p) {
        var c = network.canvasToDOM(p);
        var cx = Math.round(c.x * ratio), cy = Math.round(c.y * ratio);
        var reach = Math.max(1, Math.min(6, Math.floor(n.size * scale * ratio * 0.5)));
        for (var dy = -reach; dy <= reach && !ok; dy++) {
          for (var dx = -reach; dx <= reach && !ok; dx++) {
            var x = cx + dx, y = cy + dy;
            if (x < 0 || y < 0 || x >= w || y >= h) continue;
            var i = (y * w + x) * 4;
            // The canvas is transparent where nothing was drawn; composite on white.
            var a = pixels[i + 3] / 255;
            var px = [0, 1, 2].map(function (k) { return pixels[i + k] * a + 255 * (1 - a); });
            ok = a > 0.2 && (nearColour(px, want[0]) || nearColour(px, want[1]));
          }
        }
      }
      if (ok) drawn += 1;
      actorItems.get(n.id).setAttribute("data-drawn", ok ? "true" : "false");
    });
    setStatus(drawn === total ? "drawn" : "incomplete", drawn + " of " + total + " nodes drawn",
              {"data-nodes": total, "data-drawn": drawn});
  }

  // Until the user pans or zooms, keep the whole graph in view when the window changes.
  network.on("dragStart", function () { userMoved = true; });
  network.on("zoom", function () { userMoved = true; });
  // vis-network's own autoResize rescales the view after its "resize" event, too late to
  // fit within the same frame; resize here instead, then fit, then draw.
  window.addEventListener("resize", function () {
    network.setSize();
    if (!userMoved) network.fit({animation: false, maxZoomLevel: 1.5});
    network.redraw();
  });

  // For scripts and tests driving the page: the network and what it shows.
  window.geokg = {network: network, nodes: nodeView, edges: edgeView, findActor: findActor};

  // fit() measures the nodes' drawn bounding boxes (labels included): draw once first.
  network.redraw();
  network.fit({animation: false, maxZoomLevel: 1.5});
  network.once("afterDrawing", verifyDrawn);
  network.redraw();
})();
