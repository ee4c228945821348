/* geokg map: draws the payload of geokg.view.geomap.map_data on a world map with d3-geo
 * and topojson-client. No network access: the libraries and the map are inlined. */
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

  if (typeof d3 === "undefined" || typeof d3.geoPath !== "function" || typeof topojson === "undefined") {
    setStatus("error", "error: the map libraries (d3-geo, topojson-client) did not load");
    return;
  }

  var SVG = "http://www.w3.org/2000/svg";
  var LAND = "#f1efea";          // a country without a shown event
  var SHADE_LOW = [221, 211, 191];  // one event
  var SHADE_HIGH = [96, 84, 70];    // the most events of a country
  var POINT_RADIUS = 3;

  var data = JSON.parse(document.getElementById("geokg-data").textContent);
  var atlas = JSON.parse(document.getElementById("geokg-atlas").textContent);
  var world = topojson.feature(atlas, atlas.objects.countries);
  var borders = topojson.mesh(atlas, atlas.objects.countries, function (a, b) { return a !== b; });
  var categoryColour = new Map(data.categories.map(function (c) { return [c.name, c.colour]; }));

  function featureKey(f) {
    return f.id !== undefined && f.id !== null ? String(f.id) : "name:" + f.properties.name;
  }
  // Two features may share an id (Australia and the Ashmore and Cartier Islands): a key
  // names the larger, which places the country; both are shaded.
  var featureByKey = new Map();
  world.features.forEach(function (f) {
    var key = featureKey(f), seen = featureByKey.get(key);
    if (!seen || d3.geoArea(f) > d3.geoArea(seen)) featureByKey.set(key, f);
  });

  // --- small helpers ---------------------------------------------------------------------

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

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function plural(n, word, many) {
    return n.toLocaleString("en") + " " + (n === 1 ? word : many || word + "s");
  }

  function countryName(iso) {
    var c = data.countries[iso];
    return c ? c.name : iso;
  }

  function colourOf(category) {
    return categoryColour.get(category) || "#999999";
  }

  function mix(t) {
    var rgb = [0, 1, 2].map(function (i) { return Math.round(SHADE_LOW[i] + (SHADE_HIGH[i] - SHADE_LOW[i]) * t); });
    return "#" + rgb.map(function (v) { return v.toString(16).padStart(2, "0"); }).join("");
  }

  function top(counter, n) {
    return Array.from(counter.entries()).sort(function (a, b) { return b[1] - a[1] || String(a[0]).localeCompare(String(b[0])); }).slice(0, n);
  }

  function bump(map, key, by) {
    map.set(key, (map.get(key) || 0) + (by === undefined ? 1 : by));
  }

  // --- where each country is -----------------------------------------------------------------

  // The largest polygon of a feature: France's centre is in France, not in the Atlantic
  // between it and French Guiana.
  function mainPolygon(f) {
    if (f.geometry.type !== "MultiPolygon") return f;
    var best = null, bestArea = -1;
    f.geometry.coordinates.forEach(function (coords) {
      var poly = {type: "Polygon", coordinates: coords};
      var area = d3.geoArea(poly);
      if (area > bestArea) { best = poly; bestArea = area; }
    });
    return best;
  }

  var anchors = new Map();
  Object.keys(data.countries).forEach(function (iso) {
    var c = data.countries[iso];
    var at = null;
    if (c.lat !== null && c.lat !== undefined && c.lon !== null && c.lon !== undefined) at = [c.lon, c.lat];
    else {
      var f = featureByKey.get(c.shape) || featureByKey.get(c.at);
      if (f) at = d3.geoCentroid(mainPolygon(f));
    }
    anchors.set(iso, at);
  });

  // --- filters -------------------------------------------------------------------------------

  var DAY = 86400000;
  function dayNumber(s) { return Math.round(Date.parse(s + "T00:00:00Z") / DAY); }
  function dayText(n) { return new Date(n * DAY).toISOString().slice(0, 10); }

  var firstDay = data.dates.min ? dayNumber(data.dates.min) : 0;
  var lastDay = data.dates.max ? dayNumber(data.dates.max) : 0;
  var state = {
    predicates: new Set(data.predicates.map(function (p) { return p.name; })),
    types: new Set(data.types.map(function (t) { return t.name; })),
    sectors: new Set(data.sectors.map(function (s) { return s.name; })),
    side: "either",
    from: firstDay,
    to: lastDay,
    undated: true,
    hedged: false  // hedged relations are hidden until asked for, then dashed
  };

  function sideOk(s) {
    return state.types.has(s.type || "unknown") && state.sectors.has(s.sector || "none");
  }

  function whoOk(ev) {
    if (state.side === "actor") return sideOk(ev.a);
    if (state.side === "recipient") return sideOk(ev.r);
    if (state.side === "both") return sideOk(ev.a) && sideOk(ev.r);
    return sideOk(ev.a) || sideOk(ev.r);
  }

  function whenOk(ev) {
    if (!ev.date) return state.undated;
    var d = dayNumber(ev.date);
    return d >= state.from && d <= state.to;
  }

  function passes(ev, ignoreDates) {
    return state.predicates.has(ev.predicate) && (state.hedged || !ev.hedged) && whoOk(ev) &&
      (ignoreDates || whenOk(ev));
  }

  // --- what an event says --------------------------------------------------------------------

  function flags(ev) {
    return [ev.negated ? el("span", {"class": "flag", text: "negated"}) : null,
            ev.hypothetical ? el("span", {"class": "flag", text: "hypothetical"}) : null];
  }

  function provenance(ev) {
    var bits = [];
    if (ev.title) bits.push("\u201c" + ev.title + "\u201d");
    if (ev.doc_id) bits.push(ev.doc_id);
    if (ev.date) bits.push(ev.date);
    if (ev.place) bits.push("in " + (ev.place.name || countryName(ev.place.country)));
    if (ev.magnitude.length) bits.push(ev.magnitude.join(", "));
    return bits.join(" \u00b7 ");
  }

  function sideText(s) {
    var where = s.country && s.country !== s.id ? " (" + countryName(s.country) + ")" : "";
    return s.name + where;
  }

  function eventItem(ev, tag) {
    return el(tag || "div", {"class": "ev"}, flags(ev).concat([
      el("b", {text: sideText(ev.a) + " \u2014 " + ev.predicate + " \u2192 " + sideText(ev.r)}),
      el("span", {"class": "cat", style: "background:" + colourOf(ev.type), text: ev.type || "?"}),
      el("p", {"class": "evidence", text: ev.sentence || "(no sentence)"}),
      el("p", {"class": "prov", text: provenance(ev)})
    ]));
  }

  // --- the map -------------------------------------------------------------------------------

  var container = document.getElementById("map");
  var svg = document.getElementById("map-svg");
  var layer = svgEl("g", {id: "layer"});
  var groups = {};
  ["sphere", "countries", "borders", "arcs", "points"].forEach(function (name) {
    groups[name] = svgEl("g", {id: "g-" + name});
    layer.appendChild(groups[name]);
  });
  svg.appendChild(layer);

  var projection = d3.geoNaturalEarth1();
  var path = d3.geoPath(projection);
  var countryEls = new Map();  // iso3 -> the paths (or the dot) that draw it
  var zoom = {k: 1, x: 0, y: 0};

  function project(iso) {
    var at = anchors.get(iso);
    return at ? projection(at) : null;
  }

  function drawBase() {
    var w = container.clientWidth || 960, h = container.clientHeight || 500;
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    projection.fitExtent([[12, 12], [w - 12, h - 12]], {type: "Sphere"});
    Object.keys(groups).forEach(function (g) { groups[g].replaceChildren(); });
    groups.sphere.appendChild(svgEl("path", {"class": "sphere", d: path({type: "Sphere"})}));
    groups.sphere.appendChild(svgEl("path", {"class": "graticule", d: path(d3.geoGraticule10())}));
    countryEls = new Map();
    var isoByShape = new Map();
    Object.keys(data.countries).forEach(function (iso) {
      if (data.countries[iso].shape) isoByShape.set(data.countries[iso].shape, iso);
    });
    world.features.forEach(function (f) {
      var key = featureKey(f);
      var attrs = {"class": "country", d: path(f) || "", fill: LAND, "data-shape": key};
      var iso = isoByShape.get(key);
      if (iso) attrs["data-iso3"] = iso;
      var node = svgEl("path", attrs);
      groups.countries.appendChild(node);
      if (iso) {
        countryEls.set(iso, (countryEls.get(iso) || []).concat([node]));
        hoverable(node, function () { return countryCard(iso); });
      }
    });
    groups.borders.appendChild(svgEl("path", {"class": "borders", d: path(borders) || ""}));
    // Countries without a shape of their own at 1:50m (Gibraltar, Tuvalu), and former
    // states (drawn on their successor): a dot at their point.
    Object.keys(data.countries).forEach(function (iso) {
      if (data.countries[iso].shape) return;
      var p = project(iso);
      if (!p) return;
      var dot = svgEl("circle", {"class": "country country-dot", cx: p[0], cy: p[1], r: 4 / zoom.k, fill: LAND, "data-iso3": iso});
      dot.setAttribute("data-r", "4");
      groups.countries.appendChild(dot);
      countryEls.set(iso, [dot]);
      hoverable(dot, function () { return countryCard(iso); });
    });
  }

  // --- what the filters let through, counted per country, dyad and place ---------------------

  var shown = [];
  var perCountry = new Map();
  var dyads = new Map();
  var places = new Map();

  function tally() {
    shown = data.events.filter(function (ev) { return passes(ev, false); });
    perCountry = new Map();
    dyads = new Map();
    places = new Map();
    shown.forEach(function (ev) {
      var a = ev.a.country, b = ev.r.country;
      [a, b].filter(function (iso, i, all) { return iso && all.indexOf(iso) === i; }).forEach(function (iso) {
        if (!perCountry.has(iso)) perCountry.set(iso, {events: [], asActor: 0, asRecipient: 0, domestic: 0, partners: new Map(), categories: new Map()});
        var c = perCountry.get(iso);
        c.events.push(ev);
        if (iso === a) c.asActor += 1;
        if (iso === b) c.asRecipient += 1;
        if (a === b) c.domestic += 1;
        bump(c.categories, ev.type || "?");
        var other = iso === a ? b : a;
        if (other && other !== iso) bump(c.partners, other);
      });
      if (a && b && a !== b) {
        var key = a < b ? a + "|" + b : b + "|" + a;
        if (!dyads.has(key)) dyads.set(key, {a: a < b ? a : b, b: a < b ? b : a, events: [], groups: new Map()});
        var d = dyads.get(key);
        d.events.push(ev);
        var g = (ev.type || "?") + "|" + (ev.hedged ? "hedged" : "factual");
        if (!d.groups.has(g)) d.groups.set(g, {type: ev.type || "?", hedged: ev.hedged, events: []});
        d.groups.get(g).events.push(ev);
      }
      if (ev.place && ev.place.lat !== null && ev.place.lon !== null) {
        var pk = ev.place.lat + "," + ev.place.lon;
        if (!places.has(pk)) places.set(pk, {lat: ev.place.lat, lon: ev.place.lon, name: ev.place.name, country: ev.place.country, events: []});
        places.get(pk).events.push(ev);
      }
    });
  }

  var maxCount = 1;
  function shadeOf(n) {
    if (!n) return LAND;
    var t = maxCount > 1 ? Math.log(n) / Math.log(maxCount) : 1;
    return mix(0.08 + 0.92 * t);
  }

  function shade() {
    maxCount = 1;
    perCountry.forEach(function (c) { maxCount = Math.max(maxCount, c.events.length); });
    countryEls.forEach(function (nodes, iso) {
      var c = perCountry.get(iso);
      var n = c ? c.events.length : 0;
      nodes.forEach(function (node) {
        node.setAttribute("fill", shadeOf(n));
        node.setAttribute("data-events", String(n));
        node.classList.toggle("active", n > 0);
      });
    });
    var legend = document.getElementById("map-legend");
    legend.replaceChildren(
      el("div", {text: "events a country's actors take part in"}),
      el("div", {"class": "bar", style: "background:linear-gradient(to right," + shadeOf(1) + "," + shadeOf(maxCount) + ")"}),
      el("div", {"class": "ends"}, [el("span", {text: "1"}), el("span", {text: String(maxCount)})]),
      el("div", {text: "arcs: events between two countries (width: count) \u00b7 dots: where events took place"})
    );
  }

  function arcPath(p, q, bend) {
    var mx = (p[0] + q[0]) / 2, my = (p[1] + q[1]) / 2;
    var dx = q[0] - p[0], dy = q[1] - p[1];
    var len = Math.sqrt(dx * dx + dy * dy) || 1;
    var cx = mx - dy / len * len * bend, cy = my + dx / len * len * bend;
    return "M" + p[0].toFixed(1) + "," + p[1].toFixed(1) + "Q" + cx.toFixed(1) + "," + cy.toFixed(1) + " " + q[0].toFixed(1) + "," + q[1].toFixed(1);
  }

  function drawArcs() {
    groups.arcs.replaceChildren();
    var keys = Array.from(dyads.keys()).sort(function (x, y) { return dyads.get(x).events.length - dyads.get(y).events.length || x.localeCompare(y); });
    keys.forEach(function (key) {  // fewest first: the big arcs on top
      var d = dyads.get(key);
      var p = project(d.a), q = project(d.b);
      if (!p || !q) return;
      var list = Array.from(d.groups.values()).sort(function (x, y) { return y.events.length - x.events.length || x.type.localeCompare(y.type) || (x.hedged - y.hedged); });
      list.forEach(function (g, k) {
        // Each category of a dyad bends to its own side, further out as they add up.
        var bend = (k % 2 ? -1 : 1) * (0.16 + 0.09 * Math.floor(k / 2));
        var dpath = arcPath(p, q, bend);
        var width = Math.min(1.4 + 1.5 * Math.log2(1 + g.events.length), 9);
        var attrs = {d: dpath, "data-dyad": key, "data-type": g.type, "data-count": String(g.events.length), "data-hedged": String(g.hedged)};
        var casing = svgEl("path", Object.assign({"class": "arc-casing", "stroke-width": width + 2}, attrs));
        var arc = svgEl("path", Object.assign({"class": "arc", stroke: colourOf(g.type), "stroke-width": width, "stroke-opacity": 0.85}, attrs));
        if (g.hedged) { arc.setAttribute("stroke-dasharray", "6 4"); casing.setAttribute("stroke-dasharray", "6 4"); }
        var hit = svgEl("path", {"class": "arc-hit", d: dpath, "data-dyad": key});
        groups.arcs.appendChild(casing);
        groups.arcs.appendChild(arc);
        groups.arcs.appendChild(hit);
        hoverable(hit, function () { return dyadCard(key, g); }, arc);
      });
    });
  }

  function drawPoints() {
    groups.points.replaceChildren();
    var list = Array.from(places.values()).sort(function (x, y) { return y.events.length - x.events.length; });
    list.forEach(function (pl) {
      var p = projection([pl.lon, pl.lat]);
      if (!p) return;
      var kinds = new Map();
      pl.events.forEach(function (ev) { bump(kinds, ev.type || "?"); });
      var main = top(kinds, 1)[0][0];
      var r = POINT_RADIUS + 2 * Math.sqrt(pl.events.length);
      var hedged = pl.events.every(function (ev) { return ev.hedged; });
      var dot = svgEl("circle", {"class": "event-point" + (hedged ? " hedged" : ""), cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: r / zoom.k,
                                 fill: colourOf(main), "data-r": String(r), "data-place": pl.name || "", "data-count": String(pl.events.length)});
      groups.points.appendChild(dot);
      hoverable(dot, function () { return placeCard(pl); });
    });
  }

  // --- hover and click ----------------------------------------------------------------------

  var tooltip = document.getElementById("tooltip");
  var details = document.getElementById("details");
  var dragged = false;

  function hoverable(node, card, highlight) {
    node.addEventListener("mouseenter", function (ev) {
      var c = card();
      tooltip.replaceChildren.apply(tooltip, c.short);
      tooltip.hidden = false;
      place(ev);
      if (highlight) highlight.classList.add("hover");
    });
    node.addEventListener("mousemove", place);
    node.addEventListener("mouseleave", function () {
      tooltip.hidden = true;
      if (highlight) highlight.classList.remove("hover");
    });
    node.addEventListener("click", function () {
      if (dragged) return;
      var c = card();
      details.replaceChildren.apply(details, c.long);
    });
  }

  function place(ev) {
    var box = container.getBoundingClientRect();
    var x = ev.clientX - box.left + 14, y = ev.clientY - box.top + 14;
    if (x + tooltip.offsetWidth > box.width) x = ev.clientX - box.left - tooltip.offsetWidth - 14;
    if (y + tooltip.offsetHeight > box.height) y = ev.clientY - box.top - tooltip.offsetHeight - 14;
    // Always inside the map, whatever the pointer's place.
    x = Math.max(4, Math.min(x, box.width - tooltip.offsetWidth - 4));
    y = Math.max(4, Math.min(y, box.height - tooltip.offsetHeight - 4));
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }

  function card(heading, meta, events) {
    var short = [el("b", {text: heading}), el("p", {"class": "prov", text: meta})];
    events.slice(0, 3).forEach(function (ev) { short.push(eventItem(ev)); });
    if (events.length > 3) short.push(el("p", {"class": "prov", text: "+ " + (events.length - 3) + " more: click to list them"}));
    var list = el("ol");
    events.slice(0, 300).forEach(function (ev) { list.appendChild(eventItem(ev, "li")); });
    var long = [el("h3", {text: heading}), el("p", {"class": "meta", text: meta}), list];
    if (events.length > 300) long.push(el("p", {"class": "prov", text: "+ " + (events.length - 300) + " more"}));
    return {short: short, long: long};
  }

  function countryCard(iso) {
    var c = perCountry.get(iso);
    if (!c) return card(countryName(iso), "no event under the current filters", []);
    var bits = [plural(c.events.length, "event"), c.asActor + " by its actors", c.asRecipient + " to them"];
    if (c.domestic) bits.push(c.domestic + " domestic");
    var partners = top(c.partners, 5).map(function (kv) { return countryName(kv[0]) + " " + kv[1]; });
    if (partners.length) bits.push("with " + partners.join(", "));
    bits.push(top(c.categories, 4).map(function (kv) { return kv[0] + " " + kv[1]; }).join(", "));
    return card(countryName(iso), bits.join(" \u00b7 "), c.events);
  }

  function dyadCard(key, group) {
    var d = dyads.get(key);
    var ab = d.events.filter(function (ev) { return ev.a.country === d.a; }).length;
    var meta = plural(d.events.length, "event") + " \u00b7 " + countryName(d.a) + " \u2192 " + countryName(d.b) + " " + ab +
      ", " + countryName(d.b) + " \u2192 " + countryName(d.a) + " " + (d.events.length - ab);
    if (group) meta = plural(group.events.length, group.hedged ? "hedged " + group.type + " event" : group.type + " event") + " of " + meta;
    return card(countryName(d.a) + " \u2014 " + countryName(d.b), meta, group ? group.events : d.events);
  }

  function placeCard(pl) {
    var where = pl.name && pl.country && pl.name !== countryName(pl.country) ? pl.name + ", " + countryName(pl.country) : (pl.name || countryName(pl.country));
    return card(where, plural(pl.events.length, "event") + " took place here", pl.events);
  }

  // --- pan and zoom ---------------------------------------------------------------------------

  function applyZoom() {
    layer.setAttribute("transform", "translate(" + zoom.x.toFixed(2) + "," + zoom.y.toFixed(2) + ") scale(" + zoom.k.toFixed(4) + ")");
    svg.querySelectorAll("circle[data-r]").forEach(function (c) { c.setAttribute("r", (parseFloat(c.getAttribute("data-r")) / zoom.k).toFixed(3)); });
  }

  function zoomAt(factor, cx, cy) {
    var k = Math.max(1, Math.min(40, zoom.k * factor));
    zoom.x = cx - (cx - zoom.x) * k / zoom.k;
    zoom.y = cy - (cy - zoom.y) * k / zoom.k;
    zoom.k = k;
    if (k === 1) { zoom.x = 0; zoom.y = 0; }
    applyZoom();
  }

  function svgPoint(ev) {
    var box = svg.getBoundingClientRect();
    var vb = svg.viewBox.baseVal;
    return [(ev.clientX - box.left) * vb.width / box.width, (ev.clientY - box.top) * vb.height / box.height];
  }

  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = svgPoint(ev);
    zoomAt(Math.exp(-ev.deltaY * 0.0015), p[0], p[1]);
  }, {passive: false});

  var drag = null;
  svg.addEventListener("pointerdown", function (ev) {
    drag = {x: ev.clientX, y: ev.clientY, zx: zoom.x, zy: zoom.y};
    dragged = false;
  });
  window.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!dragged) svg.classList.add("dragging");
    dragged = true;
    var box = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
    zoom.x = drag.zx + dx * vb.width / box.width;
    zoom.y = drag.zy + dy * vb.height / box.height;
    applyZoom();
  });
  window.addEventListener("pointerup", function () {
    drag = null;
    svg.classList.remove("dragging");
    setTimeout(function () { dragged = false; }, 0);
  });

  function centre() {
    var vb = svg.viewBox.baseVal;
    return [vb.width / 2, vb.height / 2];
  }
  document.getElementById("zoom-in").addEventListener("click", function () { var c = centre(); zoomAt(1.6, c[0], c[1]); });
  document.getElementById("zoom-out").addEventListener("click", function () { var c = centre(); zoomAt(1 / 1.6, c[0], c[1]); });
  document.getElementById("zoom-reset").addEventListener("click", function () { zoom = {k: 1, x: 0, y: 0}; applyZoom(); });

  function focusOn(isos) {
    var pts = isos.map(project).filter(Boolean);
    if (!pts.length) return;
    var vb = svg.viewBox.baseVal;
    var xs = pts.map(function (p) { return p[0]; }), ys = pts.map(function (p) { return p[1]; });
    var w = Math.max(Math.max.apply(null, xs) - Math.min.apply(null, xs), 60);
    var h = Math.max(Math.max.apply(null, ys) - Math.min.apply(null, ys), 60);
    var k = Math.max(1, Math.min(12, 0.6 * Math.min(vb.width / w, vb.height / h)));
    var cx = (Math.max.apply(null, xs) + Math.min.apply(null, xs)) / 2, cy = (Math.max.apply(null, ys) + Math.min.apply(null, ys)) / 2;
    zoom = {k: k, x: vb.width / 2 - cx * k, y: vb.height / 2 - cy * k};
    applyZoom();
  }

  // --- the side panel ------------------------------------------------------------------------

  var countryList = document.getElementById("country-list");
  var dyadList = document.getElementById("dyad-list");

  function lists() {
    countryList.replaceChildren();
    Array.from(perCountry.entries()).sort(function (x, y) { return y[1].events.length - x[1].events.length || countryName(x[0]).localeCompare(countryName(y[0])); })
      .forEach(function (kv) {
        var item = el("li", {"data-iso3": kv[0], "data-events": String(kv[1].events.length), "data-drawn": "pending"},
                      [countryName(kv[0]) + " ", el("span", {"class": "count", text: "(" + kv[1].events.length + ")"})]);
        item.addEventListener("click", function () { focusOn([kv[0]]); details.replaceChildren.apply(details, countryCard(kv[0]).long); });
        countryList.appendChild(item);
      });
    dyadList.replaceChildren();
    Array.from(dyads.entries()).sort(function (x, y) { return y[1].events.length - x[1].events.length || x[0].localeCompare(y[0]); })
      .forEach(function (kv) {
        var item = el("li", {"data-dyad": kv[0], "data-events": String(kv[1].events.length), "data-drawn": "pending"},
                      [countryName(kv[1].a) + " \u2014 " + countryName(kv[1].b) + " ", el("span", {"class": "count", text: "(" + kv[1].events.length + ")"})]);
        item.addEventListener("click", function () { focusOn([kv[1].a, kv[1].b]); details.replaceChildren.apply(details, dyadCard(kv[0], null).long); });
        dyadList.appendChild(item);
      });
  }

  function counts() {
    var located = shown.filter(function (ev) { return ev.place && ev.place.lat !== null; }).length;
    document.getElementById("counts").textContent =
      plural(data.documents, "document") + " \u00b7 " + shown.length + " of " + plural(data.events.length, "event") + " shown \u00b7 " +
      plural(perCountry.size, "country", "countries") + " \u00b7 " + plural(dyads.size, "dyad") + " \u00b7 " + located + " located";
  }

  function checkbox(box, attr, set, item) {
    var input = el("input", {type: "checkbox"});
    input.setAttribute(attr, item.name);
    input.checked = set.has(item.name);
    input.addEventListener("change", function () {
      if (input.checked) set.add(item.name); else set.delete(item.name);
      update();
    });
    return input;
  }

  var predicateBox = document.getElementById("predicates");
  data.predicates.forEach(function (p) {
    predicateBox.appendChild(el("label", {"class": "check"}, [checkbox(predicateBox, "data-predicate", state.predicates, p), p.name,
                                                               el("span", {"class": "count", text: String(p.count)})]));
  });
  function setAllPredicates(on) {
    predicateBox.querySelectorAll("input").forEach(function (box) {
      box.checked = on;
      if (on) state.predicates.add(box.getAttribute("data-predicate")); else state.predicates.delete(box.getAttribute("data-predicate"));
    });
    update();
  }
  document.getElementById("predicates-all").addEventListener("click", function () { setAllPredicates(true); });
  document.getElementById("predicates-none").addEventListener("click", function () { setAllPredicates(false); });
  var hedgedBox = document.getElementById("show-hedged");
  hedgedBox.checked = state.hedged;
  hedgedBox.addEventListener("change", function () { state.hedged = hedgedBox.checked; update(); });

  var typeBox = document.getElementById("types");
  data.types.forEach(function (t) {
    typeBox.appendChild(el("label", {"class": "check"}, [checkbox(typeBox, "data-type", state.types, t), el("span", {"class": "swatch", style: "background:" + t.colour}),
                                                         t.name, el("span", {"class": "count", text: String(t.count)})]));
  });
  var sectorBox = document.getElementById("sectors");
  data.sectors.forEach(function (s) {
    sectorBox.appendChild(el("label", {"class": "check"}, [checkbox(sectorBox, "data-sector", state.sectors, s), s.name === "none" ? "no sector given" : s.name,
                                                           el("span", {"class": "count", text: String(s.count)})]));
  });
  var sideBox = document.getElementById("side");
  sideBox.addEventListener("change", function () { state.side = sideBox.value; update(); });

  var categoryBox = document.getElementById("categories");
  data.categories.forEach(function (c) {
    categoryBox.appendChild(el("div", {title: c.quad_name || ""}, [el("span", {"class": "line", style: "border-color:" + c.colour}), c.name,
                                                                   el("span", {"class": "count", text: String(c.count)})]));
  });

  // The date range: two sliders over the days from the first event to the last.
  var fromBox = document.getElementById("date-from"), toBox = document.getElementById("date-to");
  var dateLabel = document.getElementById("date-label");
  [fromBox, toBox].forEach(function (box) {
    box.min = "0";
    box.max = String(lastDay - firstDay);
    box.step = "1";
    box.disabled = !data.dates.min;
  });
  fromBox.value = "0";
  toBox.value = String(lastDay - firstDay);
  function readDates(moved) {
    var a = parseInt(fromBox.value, 10), b = parseInt(toBox.value, 10);
    if (a > b) { if (moved === fromBox) toBox.value = String(a); else fromBox.value = String(b); }
    state.from = firstDay + parseInt(fromBox.value, 10);
    state.to = firstDay + parseInt(toBox.value, 10);
    update();
  }
  fromBox.addEventListener("input", function () { readDates(fromBox); });
  toBox.addEventListener("input", function () { readDates(toBox); });
  var undatedBox = document.getElementById("show-undated");
  document.getElementById("undated-count").textContent = String(data.dates.undated);
  if (!data.dates.undated) document.getElementById("undated-row").hidden = true;
  undatedBox.addEventListener("change", function () { state.undated = undatedBox.checked; update(); });

  function histogram() {
    var chart = document.getElementById("histogram");
    chart.replaceChildren();
    if (!data.dates.min) { dateLabel.textContent = "no dated events"; return; }
    var w = chart.clientWidth || 300, h = 44;
    chart.setAttribute("viewBox", "0 0 " + w + " " + h);
    var span = lastDay - firstDay + 1;
    var bins = Math.max(1, Math.min(60, span));
    var per = span / bins;
    var counts = new Array(bins).fill(0);
    data.events.forEach(function (ev) {
      if (ev.date && passes(ev, true)) counts[Math.min(bins - 1, Math.floor((dayNumber(ev.date) - firstDay) / per))] += 1;
    });
    var most = Math.max.apply(null, counts.concat([1]));
    counts.forEach(function (n, i) {
      if (!n) return;
      var x0 = firstDay + i * per, x1 = firstDay + (i + 1) * per - 1;
      var bar = svgEl("rect", {x: (i * w / bins).toFixed(1), width: Math.max(1, w / bins - 1).toFixed(1), y: (h - n / most * (h - 2)).toFixed(1), height: (n / most * (h - 2)).toFixed(1)});
      if (x1 >= state.from && x0 <= state.to) bar.setAttribute("class", "in");
      chart.appendChild(bar);
    });
    dateLabel.textContent = dayText(state.from) + " \u2013 " + dayText(state.to);
  }

  // --- did everything reach the page? --------------------------------------------------------
  // A country counts as drawn when its shape (or dot) has an area on the map and the shade
  // of its count; a dyad when one of its arcs has a length.

  function verify() {
    var drawn = 0;
    countryList.querySelectorAll("li").forEach(function (item) {
      var iso = item.getAttribute("data-iso3");
      var nodes = countryEls.get(iso) || [];
      var want = shadeOf(perCountry.get(iso).events.length);
      var ok = want !== LAND && nodes.some(function (node) {
        var box = node.isConnected ? node.getBBox() : {width: 0, height: 0};
        return (box.width > 0 || box.height > 0) && node.getAttribute("fill") === want;
      });
      item.setAttribute("data-drawn", String(ok));
      nodes.forEach(function (node) { node.setAttribute("data-drawn", String(ok)); });
      if (ok) drawn += 1;
    });
    var arcs = 0;
    dyadList.querySelectorAll("li").forEach(function (item) {
      var key = item.getAttribute("data-dyad");
      var ok = Array.prototype.some.call(groups.arcs.querySelectorAll("path.arc"), function (p) {
        return p.getAttribute("data-dyad") === key && p.getTotalLength() > 0;
      });
      item.setAttribute("data-drawn", String(ok));
      if (ok) arcs += 1;
    });
    var complete = drawn === perCountry.size && arcs === dyads.size;
    setStatus(complete ? "drawn" : "incomplete",
              drawn + " of " + plural(perCountry.size, "country", "countries") + " shaded, " + arcs + " of " + plural(dyads.size, "dyad") + " drawn",
              {"data-countries": perCountry.size, "data-shaded": drawn, "data-dyads": dyads.size, "data-arcs": arcs,
               "data-points": places.size, "data-events": shown.length});
  }

  function update() {
    tally();
    shade();
    drawArcs();
    drawPoints();
    applyZoom();
    lists();
    counts();
    histogram();
    verify();
  }

  // A new size re-fits the world; the place in the middle of the view and the zoom stay.
  window.addEventListener("resize", function () {
    var vb = svg.viewBox.baseVal;
    var middle = projection.invert([(vb.width / 2 - zoom.x) / zoom.k, (vb.height / 2 - zoom.y) / zoom.k]);
    var k = zoom.k;
    drawBase();
    var p = middle ? projection(middle) : null;
    vb = svg.viewBox.baseVal;
    zoom = k === 1 || !p ? {k: 1, x: 0, y: 0} : {k: k, x: vb.width / 2 - p[0] * k, y: vb.height / 2 - p[1] * k};
    update();
  });

  // For scripts and tests driving the page.
  window.geokg = {
    update: update,
    state: state,
    shown: function () { return shown.slice(); },
    dyads: function () { return Array.from(dyads.keys()); },
    countries: function () { return Array.from(perCountry.keys()); },
    focus: focusOn
  };

  drawBase();
  update();
})();
