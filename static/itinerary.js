/* The itinerary page: fetch one saved itinerary and draw it (header, budget donut, flights, days with route
   sketches, hotels, restaurants, attractions). Everything is drawn locally: no tiles, fonts or images from outside. */
(function () {
  "use strict";
  const { h, s, fill, api, ApiError, money, number, formatDate, colorFor, titleCase, plural } = window.App;

  const root = document.getElementById("itinerary-root");
  if (!root) return;
  const itineraryId = root.dataset.itineraryId;
  const $ = (id) => document.getElementById(id);

  const CATEGORY_ORDER = ["flights", "hotels", "food", "travel", "activities", "buffer"];
  const CATEGORY_LABELS = { flights: "Flights", hotels: "Hotels", food: "Food", travel: "Local travel", activities: "Activities", buffer: "Buffer" };
  const PACE_LABELS = { relaxed: "Relaxed", moderate: "Moderate", high: "Packed" };
  const MODE_LABELS = { walk: "walk", transit: "transit", taxi: "taxi" };
  const KIND_LABELS = { attraction: "Sight", activity: "Activity", meal: "Meal", hotel: "Hotel", transfer: "Transfer" };

  // ------------------------------------------------------------------------------------ icons (inline SVG)

  const ICON_PATHS = {
    attraction: "M12 3l2.6 5.6 6.1.7-4.5 4.2 1.2 6L12 16.6 6.6 19.5l1.2-6L3.3 9.3l6.1-.7z",
    activity: "M6 21V4m0 0h11l-2.5 4L17 12H6",
    meal: "M7 3v7m-2.5-7v5a2.5 2.5 0 0 0 5 0V3M7 10v11M17 21V3c-2.2 0-3.5 2.5-3.5 6v4H17",
    hotel: "M3 19V6m0 8h18v5M3 14V11h7v3m0-3h8a3 3 0 0 1 3 3",
    transfer: "M4 12h15m-5-5 5 5-5 5",
    walk: "M13 4.5a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0zM10 21l2-6 2.5 2.5V21M9 11l2-3 3 1 2 3M11 8l-1 4 2.5 3",
    transit: "M6 4h12a1 1 0 0 1 1 1v10a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V5a1 1 0 0 1 1-1zm-1 7h14M8 20l1.5-3m6.5 3-1.5-3M8.5 14h.01m7 0h.01",
    taxi: "M4 16v-4l2-5h12l2 5v4zm0 0v3m16-3v3M4 12h16M7.5 14h.01m9 0h.01M9 7V5h6v2",
    clock: "M12 7v5l3 2m6-2a9 9 0 1 1-18 0 9 9 0 0 1 18 0z",
    print: "M7 9V3h10v6M7 17H5a2 2 0 0 1-2-2v-4a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v4a2 2 0 0 1-2 2h-2M7 14h10v7H7z",
    plane: "M2.5 13.5 21 6l-4 13-5-4.5-3 3v-5.5z",
  };

  function icon(name, extraClass) {
    const filled = name === "attraction";
    return s("svg", { class: "icon icon-" + name + (extraClass ? " " + extraClass : ""), viewBox: "0 0 24 24", width: 18, height: 18,
      "aria-hidden": "true", focusable: "false" },
    s("path", { d: ICON_PATHS[name] || ICON_PATHS.attraction, fill: filled ? "currentColor" : "none", stroke: "currentColor",
      "stroke-width": filled ? 1 : 1.8, "stroke-linecap": "round", "stroke-linejoin": "round" }));
  }

  // ------------------------------------------------------------------------------------ load

  async function load() {
    try {
      const itinerary = await api("/api/itinerary/" + encodeURIComponent(itineraryId));
      render(itinerary);
      $("itinerary-loading").hidden = true;
      $("itinerary-content").hidden = false;
    } catch (err) {
      $("itinerary-loading").hidden = true;
      const box = $("itinerary-error");
      if (err instanceof ApiError && err.status === 404) {
        box.replaceChildren(h("p", null, "We couldn't find that itinerary. "), h("a", { href: "/" }, "Plan a new trip"));
      } else {
        box.replaceChildren(h("p", null, (err && err.message) || "Could not load the itinerary."),
          h("button", { type: "button", class: "btn btn-outline", onclick: () => window.location.reload() }, "Try again"));
        if (!(err instanceof ApiError)) console.error(err); // a rendering bug, not an API answer
      }
      box.hidden = false;
    }
  }

  let shownCurrency = "USD"; // the itinerary's currency, for the venues' own prices beside it

  function render(it) {
    const currency = it.currency;
    shownCurrency = currency;
    const fmt = (amount) => money(amount, currency);
    document.title = "Trip to " + it.destination.name + " · Trip Planner";
    renderHeader(it, fmt);
    renderBudget(it, fmt);
    renderSources(it);
    renderFlights(it, fmt);
    renderDays(it, fmt);
    renderHotels(it, fmt);
    renderRestaurants(it, fmt);
    renderAttractions(it, fmt);
  }

  // ------------------------------------------------------------------------------------ header

  function renderHeader(it, fmt) {
    const d = it.destination;
    const header = $("itinerary-header");
    const placeBits = [d.region, d.country].filter(Boolean).join(", ");
    const localTime = h("span", { id: "local-time", class: "local-time" });
    const typed = d.original_input && d.original_input.trim().toLowerCase() !== d.name.toLowerCase() &&
      d.match !== "city" && d.match !== "curated";
    const dates = formatDate(it.start_date) + " – " + formatDate(it.end_date);

    fill(header, 
      h("div", { class: "header-top" },
        h("div", { class: "header-title" },
          h("p", { class: "eyebrow" }, plural(it.duration, "day") + " in"),
          h("h1", null, d.name),
          h("p", { class: "place-line" }, placeBits, h("span", { class: "dot-sep", "aria-hidden": "true" }, " · "), d.timezone)),
        h("div", { class: "header-actions no-print" },
          h("button", { type: "button", id: "print-button", class: "btn btn-outline", onclick: () => window.print() }, icon("print"), "Print / PDF"),
          h("a", { class: "btn btn-ghost", href: "/" }, "Plan another trip"))),
      d.description && d.description.replace(/\.$/, "") !== d.name + ", " + d.country
        ? h("p", { class: "destination-description" }, d.description) : null,
      typed ? h("p", { class: "match-note" }, "You typed “" + d.original_input + "” → " + d.name + ", " + d.country) : null,
      h("dl", { class: "meta-grid" },
        meta("Dates", h("span", { id: "trip-dates" }, dates)),
        meta("Travelers", String(it.travelers)),
        meta("Pace", PACE_LABELS[it.activity_preference] || titleCase(it.activity_preference)),
        meta("Budget", fmt(it.total_budget)),
        meta("Local time now", localTime)),
      it.interests && it.interests.length
        ? h("ul", { class: "tag-list", "aria-label": "Interests" }, it.interests.map((i) => h("li", { class: "tag" }, titleCase(i))))
        : null);

    const tick = () => {
      try {
        localTime.textContent = new Intl.DateTimeFormat(undefined, {
          timeZone: d.timezone, weekday: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
        }).format(new Date());
      } catch (err) {
        localTime.textContent = "unknown time zone";
      }
    };
    tick();
    setInterval(tick, 30000);
  }

  function meta(label, value) {
    return h("div", { class: "meta" }, h("dt", null, label), h("dd", null, value));
  }

  // ------------------------------------------------------------------------------------ budget donut

  function renderBudget(it, fmt) {
    const b = it.budget_breakdown;
    const cats = b.categories || {};
    const keys = CATEGORY_ORDER.filter((k) => k in cats).concat(Object.keys(cats).filter((k) => !CATEGORY_ORDER.includes(k)));
    const shown = keys.filter((k) => Number(cats[k].amount) > 0);
    const hidden = keys.filter((k) => !(Number(cats[k].amount) > 0));
    const remaining = Math.max(0, Number(b.remaining_budget) || 0);
    const slices = shown.map((k) => ({ key: k, label: CATEGORY_LABELS[k] || titleCase(k), amount: Number(cats[k].amount) }));
    if (remaining > 0.005) slices.push({ key: "remaining", label: "Unallocated", amount: remaining });
    const total = slices.reduce((sum, x) => sum + x.amount, 0) || 1;

    // Donut: circles whose circumference is 100 user units, so dash lengths are percentages.
    const R = 15.9155;
    const svg = s("svg", { viewBox: "0 0 42 42", class: "donut", role: "img", "aria-labelledby": "donut-title donut-desc" },
      s("title", { id: "donut-title" }, "Budget breakdown"),
      s("desc", { id: "donut-desc" }, slices.map((x) => x.label + " " + fmt(x.amount)).join(", ")),
      s("circle", { cx: 21, cy: 21, r: R, fill: "none", class: "donut-track", "stroke-width": 5.2 }));
    let offset = 0;
    const gap = slices.length > 1 ? 0.4 : 0;
    slices.forEach((slice) => {
      const pct = (100 * slice.amount) / total;
      const len = Math.max(0.01, pct - gap);
      svg.append(s("circle", {
        cx: 21, cy: 21, r: R, fill: "none", class: "donut-slice cat-" + slice.key, "stroke-width": 5.2,
        "stroke-dasharray": len.toFixed(3) + " " + (100 - len).toFixed(3),
        "stroke-dashoffset": (25 - offset).toFixed(3), dataset: { category: slice.key },
      }, s("title", null, slice.label + ": " + fmt(slice.amount) + " (" + pct.toFixed(1) + "%)")));
      offset += pct;
    });
    svg.append(
      s("text", { x: 21, y: 20.2, class: "donut-total", "text-anchor": "middle" }, fmt(it.total_budget)),
      s("text", { x: 21, y: 25, class: "donut-caption", "text-anchor": "middle" }, "total budget"));
    $("budget-chart").replaceChildren(svg);

    const notes = b.notes || {};
    const legend = h("ul", { class: "legend" },
      shown.map((k) => {
        const line = cats[k];
        return h("li", { class: "legend-item", dataset: { category: k } },
          h("span", { class: "swatch cat-" + k, "aria-hidden": "true" }),
          h("span", { class: "legend-name" }, CATEGORY_LABELS[k] || titleCase(k),
            notes[k] ? h("small", { class: "legend-note" }, notes[k]) : null),
          h("span", { class: "legend-amount" }, fmt(line.amount)),
          h("span", { class: "legend-pct" }, number(line.percentage, 1) + "%"));
      }));
    const totals = h("dl", { class: "budget-totals" },
      h("div", null, h("dt", null, "Allocated"), h("dd", null, fmt(b.total_allocated))),
      h("div", { class: remaining > 0 ? "remaining" : "" }, h("dt", null, "Remaining"), h("dd", { id: "remaining-budget" }, fmt(b.remaining_budget))),
      h("div", { class: "total" }, h("dt", null, "Total budget"), h("dd", null, fmt(it.total_budget))));
    const excluded = hidden.length
      ? h("p", { class: "muted small" }, "Not included: " + hidden.map((k) => (CATEGORY_LABELS[k] || k).toLowerCase()).join(", ") + ".")
      : null;
    fill($("budget-legend"), legend, totals, excluded);
  }

  // ------------------------------------------------------------------------------------ sources & flights

  function renderSources(it) {
    const src = it.sources || {};
    const badge = $("source-badge");
    badge.textContent = src.label || "Unknown source";
    badge.className = "badge source-badge source-" + (src.places || "unknown");
    badge.title = "Places: " + (src.places || "?") + " · planner: " + (src.planner || "?") + " · text: " + (src.narrative || "?");
    const notes = $("source-notes");
    notes.replaceChildren(...(src.notes || []).map((n) => h("li", { class: "source-note" }, n)));
    notes.hidden = !(src.notes && src.notes.length);
    renderPlanCheck(it.feasibility);
  }

  // The independent checker's verdict on this plan: the rules it verified, or what it found wrong.
  function renderPlanCheck(check) {
    const box = $("plan-check");
    if (!check) return;
    box.querySelector("summary").textContent = check.passed
      ? "✓ Plan checked: hours, travel times, meals and budget"
      : "⚠ This plan breaks " + plural(check.problems.length, "rule");
    box.classList.toggle("plan-check-failed", !check.passed);
    box.querySelector(".plan-check-list").replaceChildren(
      ...(check.passed ? check.rules : check.problems).map((text) => h("li", null, text)));
    box.open = !check.passed;
    box.hidden = false;
  }

  function renderFlights(it, fmt) {
    const box = $("flights");
    const f = it.flights;
    if (!f || !f.options || !f.options.length) {
      box.replaceChildren();
      box.hidden = true;
      return;
    }
    box.hidden = false;
    box.replaceChildren(
      h("h3", { class: "flights-title" }, icon("plane"), "Flights"),
      h("dl", { class: "flights-route" },
        h("div", null, h("dt", null, "From"), h("dd", null, h("strong", null, f.origin), h("span", { class: "muted" }, " · " + f.origin_airport))),
        h("div", null, h("dt", null, "To"), h("dd", null, h("strong", null, it.destination.name + ", " + it.destination.country),
          h("span", { class: "muted" }, " · " + f.destination_airport))),
        h("div", null, h("dt", null, "Distance"), h("dd", null, number(f.distance_km, 0) + " km, round trip priced"))),
      h("ul", { class: "flight-options" }, f.options.map((o, i) =>
        h("li", { class: "flight-option" + (i === 0 ? " chosen" : "") },
          h("span", { class: "flight-label" }, o.label, o.estimated ? h("span", { class: "badge badge-muted" }, "estimate") : null,
            i === 0 ? h("span", { class: "badge badge-ok" }, "in budget") : null),
          h("span", { class: "flight-airports muted" }, o.origin_airport + " → " + o.destination_airport),
          h("span", { class: "flight-price" }, fmt(o.price_per_person), h("small", null, "per person, round trip"),
            it.travelers > 1 ? h("small", { class: "muted" }, fmt(o.price_per_person * it.travelers) + " for " + it.travelers) : null)))));
  }

  // ------------------------------------------------------------------------------------ days

  function renderDays(it, fmt) {
    const list = $("day-list");
    list.replaceChildren(...(it.daily_activities || []).map((day) => dayCard(day, it, fmt)));
  }

  function dayCard(day, it, fmt) {
    let visitNo = 0;
    const numbers = day.stops.map((stop) => (stop.kind === "hotel" || stop.kind === "transfer" ? null : ++visitNo));
    const timeline = h("ol", { class: "timeline" });
    day.stops.forEach((stop, i) => {
      if (stop.travel_from_previous && i > 0) timeline.append(legItem(stop.travel_from_previous, fmt));
      timeline.append(stopItem(stop, numbers[i], fmt));
    });
    const stats = day.stats || {};
    return h("article", { class: "card day-card", id: "day-" + day.day, dataset: { day: String(day.day) }, "aria-labelledby": "day-" + day.day + "-title" },
      h("header", { class: "day-header" },
        h("div", { class: "day-badge", "aria-hidden": "true" }, h("small", null, "Day"), h("span", null, String(day.day))),
        h("div", { class: "day-heading" },
          h("p", { class: "day-date" }, day.weekday + ", " + formatDate(day.date, { day: "numeric", month: "long", year: "numeric" })),
          h("h3", { id: "day-" + day.day + "-title", class: "day-title" }, h("span", { class: "visually-hidden" }, "Day " + day.day + ": "), day.title),
          day.summary ? h("p", { class: "day-summary" }, day.summary) : null),
        h("div", { class: "day-cost" }, h("small", null, "Day cost"), h("strong", null, fmt(day.day_cost)))),
      h("ul", { class: "day-stats", "aria-label": "Day statistics" },
        h("li", null, icon("clock"), h("span", null, h("strong", null, String(stats.travel_minutes ?? 0)), " min travel")),
        h("li", null, icon("walk"), h("span", null, h("strong", null, number(stats.walking_km ?? 0, 1)), " km walking")),
        h("li", null, icon("attraction"), h("span", null, h("strong", null, String(stats.visits ?? 0)), " " + ((stats.visits === 1) ? "visit" : "visits"))),
        day.hotel ? h("li", { class: "day-hotel" }, icon("hotel"), h("span", null, day.hotel)) : null),
      h("div", { class: "day-body" },
        timeline,
        h("figure", { class: "route-sketch" }, routeSketch(day, numbers),
          h("figcaption", null, "Route sketch, not to street scale. Numbers follow the timeline; ", h("span", { class: "hotel-key", "aria-hidden": "true" }), " hotel."))));
  }

  function legItem(leg, fmt) {
    const mode = leg.mode || "walk";
    const parts = leg.minutes <= 0 && leg.distance_km < 0.05
      ? ["Right next door"]
      : [leg.minutes + " min " + (MODE_LABELS[mode] || mode), number(leg.distance_km, 1) + " km"];
    if (Number(leg.cost) > 0) parts.push(fmt(leg.cost));
    return h("li", { class: "leg leg-" + mode, dataset: { mode } }, icon(mode in ICON_PATHS ? mode : "transfer"), h("span", null, parts.join(" · ")));
  }

  function stopItem(stop, n, fmt) {
    const time = stop.start === stop.end ? stop.start : stop.start + "–" + stop.end;
    const category = stop.category || KIND_LABELS[stop.kind] || stop.kind;
    const media = stop.photo_url
      ? h("img", { class: "stop-photo", src: stop.photo_url, alt: "", loading: "lazy", width: 72, height: 72 })
      : h("div", { class: "stop-photo placeholder", style: "background:" + colorFor(category), "aria-hidden": "true" },
        (category.trim()[0] || "?").toUpperCase());
    if (stop.photo_url) media.addEventListener("error", () => media.replaceWith(h("div", { class: "stop-photo placeholder", style: "background:" + colorFor(category), "aria-hidden": "true" }, (category.trim()[0] || "?").toUpperCase())));
    return h("li", { class: "stop stop-" + stop.kind, dataset: { kind: stop.kind } },
      h("div", { class: "stop-time" }, h("time", null, time)),
      h("div", { class: "stop-marker", "aria-hidden": "true" }, n ? h("span", { class: "stop-number" }, String(n)) : icon(stop.kind)),
      h("div", { class: "stop-card" },
        media,
        h("div", { class: "stop-body" },
          h("h4", { class: "stop-name" }, h("span", { class: "kind-icon", title: KIND_LABELS[stop.kind] || stop.kind }, icon(stop.kind)), stop.name),
          stop.description ? h("p", { class: "stop-description" }, stop.description) : null,
          h("p", { class: "stop-meta" },
            h("span", { class: "chip chip-category" }, titleCase(category)),
            Number(stop.cost) > 0 ? h("span", { class: "stop-cost" }, fmt(stop.cost)) : null,
            stop.opening_hours ? h("span", { class: "stop-hours" }, icon("clock"), stop.opening_hours) : null))));
  }

  /** Stops projected onto a box with equal x/y scaling (longitude shrunk by cos(latitude)), path in visit order. */
  function routeSketch(day, numbers) {
    const W = 320, PAD = 30;
    const pts = day.stops.map((stop, i) => ({ stop, n: numbers[i], lat: stop.location.lat, lng: stop.location.lng }));
    const meanLat = pts.length ? pts.reduce((a, p) => a + p.lat, 0) / pts.length : 0;
    const kx = Math.cos((meanLat * Math.PI) / 180);
    const xs = pts.map((p) => p.lng * kx), ys = pts.map((p) => p.lat);
    const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
    const spanX = maxX - minX, spanY = maxY - minY;
    // The box takes the route's own shape (within limits), so equal scaling wastes little space.
    const H = spanX > 0 ? Math.round(Math.min(340, Math.max(180, ((W - 2 * PAD) * spanY) / spanX + 2 * PAD))) : 240;
    const svg = s("svg", { viewBox: "0 0 " + W + " " + H, class: "route-svg", role: "img", "aria-label": "Route sketch for day " + day.day });
    svg.append(s("rect", { x: 0, y: 0, width: W, height: H, rx: 12, class: "route-bg" }));
    if (!pts.length) return svg;
    const scale = Math.min((W - 2 * PAD) / (spanX || 1e-9), (H - 2 * PAD) / (spanY || 1e-9));
    const usable = Number.isFinite(scale) && (spanX > 0 || spanY > 0) ? scale : 0;
    const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
    const project = (p) => [W / 2 + (p.lng * kx - cx) * usable, H / 2 - (p.lat - cy) * usable];
    pts.forEach((p) => { [p.x, p.y] = project(p); });

    // light grid for a sense of space
    const grid = s("g", { class: "route-grid" });
    for (let x = 40; x < W; x += 40) grid.append(s("line", { x1: x, y1: 0, x2: x, y2: H }));
    for (let y = 40; y < H; y += 40) grid.append(s("line", { x1: 0, y1: y, x2: W, y2: y }));
    svg.append(grid);

    if (pts.length > 1) {
      svg.append(s("polyline", { class: "route-path", points: pts.map((p) => p.x.toFixed(1) + "," + p.y.toFixed(1)).join(" "), fill: "none" }));
    }
    // scale bar: a round distance near a quarter of the width
    if (usable > 0) {
      const kmPerUnit = 111.32 / usable; // 1 degree of latitude ≈ 111 km
      const target = (W / 4) * kmPerUnit;
      const nice = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100].find((v) => v >= target * 0.6) || target;
      const len = nice / kmPerUnit;
      svg.append(s("g", { class: "route-scale" },
        s("line", { x1: 10, y1: H - 8, x2: 10 + len, y2: H - 8 }),
        s("text", { x: 10 + len + 5, y: H - 5 }, (nice < 1 ? nice * 1000 + " m" : nice + " km"))));
    }
    const drawn = new Set();
    const hotels = pts.filter((p) => p.stop.kind === "hotel");
    hotels.forEach((p) => {
      const key = p.x.toFixed(0) + "," + p.y.toFixed(0);
      if (drawn.has(key)) return;
      drawn.add(key);
      svg.append(s("rect", { x: p.x - 11, y: p.y - 11, width: 22, height: 22, rx: 3, class: "route-hotel" },
        s("title", null, "Hotel: " + p.stop.name)));
    });
    // Numbered stops at (nearly) the same spot share one marker: "1·2·4".
    const clusters = [];
    pts.filter((p) => p.stop.kind !== "hotel").forEach((p) => {
      const near = clusters.find((c) => Math.hypot(c.x - p.x, c.y - p.y) < 10 && Boolean(c.pts[0].n) === Boolean(p.n));
      if (near) near.pts.push(p);
      else clusters.push({ x: p.x, y: p.y, pts: [p] });
    });
    clusters.forEach((c) => {
      const names = c.pts.map((p) => (p.n ? p.n + ". " : "") + p.stop.name).join("\n");
      if (!c.pts[0].n) {
        svg.append(s("circle", { cx: c.x, cy: c.y, r: 4, class: "route-point" }, s("title", null, names)));
        return;
      }
      const label = c.pts.map((p) => p.n).join("·");
      // Sitting on the hotel: lift the marker a little and point down to the spot, so both stay visible.
      const onHotel = hotels.some((hp) => Math.hypot(hp.x - c.x, hp.y - c.y) < 14);
      const cy = onHotel ? (c.y - 22 < 10 ? c.y + 22 : c.y - 22) : c.y;
      if (onHotel) svg.append(s("line", { x1: c.x, y1: c.y, x2: c.x, y2: cy, class: "route-leader" }));
      const kind = c.pts.length === 1 ? c.pts[0].stop.kind : "group";
      const width = Math.max(18, 7 * label.length + 8);
      const shape = c.pts.length === 1
        ? s("circle", { cx: c.x, cy: cy, r: 9 })
        : s("rect", { x: c.x - width / 2, y: cy - 9, width, height: 18, rx: 9 });
      svg.append(s("g", { class: "route-stop route-" + kind }, shape,
        s("text", { x: c.x, y: cy + 3.6, "text-anchor": "middle" }, label),
        s("title", null, names)));
    });
    return svg;
  }

  // ------------------------------------------------------------------------------------ places

  const HOTEL_BANDS = ["budget", "mid", "luxury"];
  const MEAL_BANDS = ["budget", "mid", "upscale"];
  const BAND_LABELS = { budget: "Budget", mid: "Mid-range", luxury: "Luxury", upscale: "Upscale" };

  function grouped(places, order) {
    const groups = new Map();
    order.forEach((band) => groups.set(band, []));
    places.forEach((p) => {
      const band = p.price_band || "other";
      if (!groups.has(band)) groups.set(band, []);
      groups.get(band).push(p);
    });
    return [...groups.entries()].filter(([, list]) => list.length);
  }

  const BAND_COLORS = { budget: "#0f7c6e", mid: "#0b61c4", luxury: "#7c3aed", upscale: "#7c3aed" };

  // What the venue itself charges, when the itinerary is in another currency: "€22" beside "$24".
  function localPrice(p, currency) {
    if (!p.local_currency || p.local_currency === currency || !(p.local_price > 0)) return null;
    return h("span", { class: "local-price muted", title: "Price at the venue" }, money(p.local_price, p.local_currency));
  }

  function placeCard(p, priceText, chosenName, kindIcon) {
    const chosen = chosenName && p.name === chosenName;
    return h("li", { class: "place-card" + (chosen ? " chosen" : ""), dataset: { placeId: p.id, band: p.price_band || "" } },
      p.photo_url
        ? h("img", { class: "place-photo", src: p.photo_url, alt: "", loading: "lazy" })
        : h("div", { class: "place-photo placeholder", style: "background:" + (BAND_COLORS[p.price_band] || colorFor(p.category)), "aria-hidden": "true" },
          kindIcon ? icon(kindIcon) : (p.category || p.name || "?").trim()[0].toUpperCase()),
      h("div", { class: "place-body" },
        h("h4", { class: "place-name" }, p.name, chosen ? h("span", { class: "badge badge-ok" }, "your hotel") : null),
        p.local_name && p.local_name !== p.name ? h("p", { class: "place-local muted" }, p.local_name) : null,
        h("p", { class: "place-meta" },
          p.district ? h("span", null, p.district) : null,
          p.rating ? h("span", { class: "rating", "aria-label": "Rated " + p.rating + " out of 5" }, "★ " + number(p.rating, 1)) : null,
          p.price !== null && p.price !== undefined ? h("span", { class: "place-price" }, priceText(p.price)) : null,
          localPrice(p, shownCurrency)),
        p.description ? h("p", { class: "place-description" }, p.description) : null));
  }

  function renderBanded(sectionId, places, order, priceText, emptyText, chosenName, kindIcon) {
    const body = document.querySelector("#" + sectionId + " .places-body");
    if (!places || !places.length) {
      body.replaceChildren(h("p", { class: "muted" }, emptyText));
      return;
    }
    body.replaceChildren(...grouped(places, order).map(([band, list]) =>
      h("div", { class: "band-group", dataset: { band } },
        h("h3", { class: "band-title" }, BAND_LABELS[band] || titleCase(band), h("span", { class: "muted" }, " · " + list.length)),
        h("ul", { class: "place-grid" }, list.map((p) => placeCard(p, priceText, chosenName, kindIcon))))));
  }

  function renderHotels(it, fmt) {
    const chosen = (it.daily_activities || []).map((d) => d.hotel).find(Boolean);
    const text = it.include_hotels ? "No hotels found for this destination." : "Hotels were not included in this trip.";
    renderBanded("hotels", it.hotels, HOTEL_BANDS, (price) => fmt(price) + " / night", text, chosen, "hotel");
  }

  function renderRestaurants(it, fmt) {
    renderBanded("restaurants", it.restaurants, MEAL_BANDS, (price) => fmt(price) + " / meal", "No restaurants found for this destination.", null, "meal");
  }

  function renderAttractions(it, fmt) {
    $("attractions-summary").textContent = it.attractions_summary || "";
    const body = document.querySelector("#attractions .places-body");
    const all = it.attractions || [];
    if (!all.length) {
      body.replaceChildren(h("p", { class: "muted" }, "No attractions listed."));
      return;
    }
    const visited = new Set((it.daily_activities || []).flatMap((d) => d.stops).filter((st) => st.place_id).map((st) => st.place_id));
    const LIMIT = 12;
    const item = (a, i) => h("li", { class: "attraction" + (i >= LIMIT ? " extra" : ""), dataset: { placeId: a.id }, hidden: i >= LIMIT },
      h("span", { class: "attraction-rank", "aria-hidden": "true" }, String(i + 1)),
      h("div", { class: "attraction-body" },
        h("h4", null, a.name, visited.has(a.id) ? h("span", { class: "badge badge-ok" }, "in your plan") : null),
        h("p", { class: "place-meta" },
          h("span", { class: "chip chip-category" }, titleCase(a.category)),
          a.rating ? h("span", { class: "rating" }, "★ " + number(a.rating, 1)) : null,
          a.price !== null && a.price !== undefined ? h("span", null, a.price > 0 ? fmt(a.price) + " entry" : "Free") : null,
          localPrice(a, shownCurrency),
          a.district ? h("span", null, a.district) : null),
        a.description ? h("p", { class: "place-description" }, a.description) : null));
    const list = h("ol", { class: "attraction-list" }, all.map(item));
    const nodes = [list];
    if (all.length > LIMIT) {
      const button = h("button", { type: "button", class: "btn btn-outline show-all", "aria-expanded": "false" }, "Show all " + all.length);
      button.addEventListener("click", () => {
        const open = button.getAttribute("aria-expanded") !== "true";
        list.querySelectorAll(".extra").forEach((li) => { li.hidden = !open; });
        button.setAttribute("aria-expanded", open ? "true" : "false");
        button.textContent = open ? "Show the top " + LIMIT : "Show all " + all.length;
      });
      nodes.push(button);
    }
    body.replaceChildren(...nodes);
  }

  // Print everything, including attractions folded away on screen.
  window.addEventListener("beforeprint", () => document.querySelectorAll(".attraction.extra").forEach((li) => { li.dataset.wasHidden = li.hidden ? "1" : ""; li.hidden = false; }));
  window.addEventListener("afterprint", () => document.querySelectorAll(".attraction.extra").forEach((li) => { li.hidden = li.dataset.wasHidden === "1"; }));

  load();
})();
