/* Shared helpers for the plan and itinerary pages: DOM building, money and date formatting, fetch with errors.
   No dependencies, no network other than this app's own /api. */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";

  /** Append children (strings, numbers, nodes, arrays, null/false skipped) to a node. */
  function append(node, children) {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) append(node, child);
      else if (child instanceof Node) node.appendChild(child);
      else node.appendChild(document.createTextNode(String(child)));
    }
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return node;
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.setAttribute("class", value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    return node;
  }

  /** Replace a node's children; null/false children are skipped (replaceChildren would print "null"). */
  function fill(node, ...children) {
    node.replaceChildren();
    return append(node, children);
  }

  /** h("div", {class: "x"}, "text", child) -> HTMLElement. Text is always set as text, never as HTML. */
  function h(tag, attrs, ...children) {
    return append(setAttrs(document.createElement(tag), attrs), children);
  }

  /** Same for SVG elements. */
  function s(tag, attrs, ...children) {
    return append(setAttrs(document.createElementNS(SVG_NS, tag), attrs), children);
  }

  // ------------------------------------------------------------------------------------------ money

  const formatters = new Map();

  function formatter(currency, digits) {
    const key = currency + "|" + digits;
    if (!formatters.has(key)) {
      let f = null;
      try {
        const options = { style: "currency", currency: currency };
        if (digits !== null) {
          options.minimumFractionDigits = 0;
          options.maximumFractionDigits = digits;
        }
        f = new Intl.NumberFormat(undefined, options);
      } catch (err) {
        f = null; // unknown currency code: fall back below
      }
      formatters.set(key, f);
    }
    return formatters.get(key);
  }

  /** Money in the itinerary currency: whole units from 100 up, the currency's own decimals below. */
  function money(amount, currency) {
    const value = Number(amount) || 0;
    const f = formatter(currency || "USD", Math.abs(value) >= 100 ? 0 : null);
    if (!f) return value.toLocaleString(undefined, { maximumFractionDigits: 2 }) + " " + currency;
    return f.format(value);
  }

  function number(value, digits) {
    return Number(value).toLocaleString(undefined, { maximumFractionDigits: digits === undefined ? 1 : digits });
  }

  // ------------------------------------------------------------------------------------------ dates

  /** "2025-06-14" -> Date at UTC midnight (format it with timeZone "UTC" so the day never shifts). */
  function parseISODate(text) {
    const [y, m, d] = String(text).split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d));
  }

  function formatDate(text, options) {
    const opts = Object.assign({ timeZone: "UTC" }, options || { weekday: "short", day: "numeric", month: "short", year: "numeric" });
    try {
      return new Intl.DateTimeFormat(undefined, opts).format(parseISODate(text));
    } catch (err) {
      return String(text);
    }
  }

  /** Today + days as "YYYY-MM-DD" in the browser's own calendar. */
  function isoDateFromToday(days) {
    const d = new Date();
    d.setDate(d.getDate() + days);
    const pad = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  // ------------------------------------------------------------------------------------------ fetch

  class ApiError extends Error {
    constructor(message, status, data) {
      super(message);
      this.name = "ApiError";
      this.status = status; // 0 = network failure
      this.data = data || {};
    }
  }

  /** fetch JSON from this app's API. Resolves with the parsed body on 2xx; rejects with ApiError otherwise. */
  async function api(url, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    opts.headers = Object.assign({ Accept: "application/json" }, opts.headers);
    if (opts.json !== undefined) {
      opts.method = opts.method || "POST";
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(opts.json);
      delete opts.json;
    }
    let response;
    try {
      response = await fetch(url, opts);
    } catch (err) {
      if (err && err.name === "AbortError") throw err;
      throw new ApiError("Could not reach the server. Check that the app is still running and try again.", 0, null);
    }
    let data = null;
    const text = await response.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (err) {
        data = { message: text.slice(0, 300) };
      }
    }
    if (!response.ok) {
      const message = (data && (data.message || (typeof data.detail === "string" && data.detail))) ||
        "The server answered " + response.status + " " + (response.statusText || "") + ".";
      throw new ApiError(message, response.status, data);
    }
    return data;
  }

  function debounce(fn, ms) {
    let timer = null;
    const debounced = function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), ms);
    };
    debounced.cancel = () => clearTimeout(timer);
    return debounced;
  }

  /** A stable pleasant color for a string (category placeholders). */
  function colorFor(text) {
    let hash = 0;
    for (const ch of String(text || "?")) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
    const hue = hash % 360;
    return "hsl(" + hue + " 50% 38%)";
  }

  function titleCase(text) {
    return String(text || "").replace(/_/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());
  }

  function plural(n, word, many) {
    return n + " " + (n === 1 ? word : many || word + "s");
  }

  window.App = { h, s, append, fill, money, number, parseISODate, formatDate, isoDateFromToday, api, ApiError, debounce,
    colorFor, titleCase, plural };
})();
