/* The plan form: destination autocomplete, validation, and the three real API steps with visible progress. */
(function () {
  "use strict";
  const { h, fill, api, ApiError, debounce, money, isoDateFromToday } = window.App;

  const form = document.getElementById("plan-form");
  if (!form) return;
  const $ = (id) => document.getElementById(id);
  const fields = {
    destination: $("destination"),
    startDate: $("start-date"),
    duration: $("duration"),
    travelers: $("travelers"),
    budget: $("budget"),
    currency: $("currency"),
    includeFlights: $("include-flights"),
    userLocation: $("user-location"),
    includeHotels: $("include-hotels"),
  };
  const submitButton = $("submit");
  const statusCard = $("status-card");
  const progress = $("progress");
  const errorBox = $("error-message");
  const budgetPanel = $("budget-panel");
  const originField = $("origin-field");
  const tips = $("tips");
  const SUBMIT_LABEL = submitButton.textContent;
  let busy = false;

  // ------------------------------------------------------------------------------------ autocomplete

  /** Accessible combobox over a text input and a listbox <ul>, fed by /api/destinations/suggest. */
  function autocomplete(input, list, onPick) {
    let items = [];
    let active = -1;
    let lastQuery = "";
    let requestNo = 0;
    let controller = null;
    const cache = new Map();

    function close() {
      list.hidden = true;
      list.replaceChildren();
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      const options = list.querySelectorAll('[role="option"]');
      options.forEach((node, i) => {
        const on = i === index;
        node.classList.toggle("active", on);
        node.setAttribute("aria-selected", on ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function pick(index) {
      const item = items[index];
      if (!item) return;
      input.value = valueFor(item);
      lastQuery = input.value.trim();
      loadSoon.cancel();
      requestNo++;
      close();
      if (onPick) onPick(item);
    }

    function render(suggestions) {
      items = suggestions;
      active = -1;
      list.replaceChildren();
      if (!suggestions.length) {
        close();
        return;
      }
      suggestions.forEach((item, i) => {
        const kind = item.kind && item.kind !== "city" ? h("span", { class: "suggestion-kind" }, item.kind) : null;
        const li = h("li", {
          id: list.id + "-option-" + i, role: "option", class: "suggestion-item", "aria-selected": "false",
          dataset: { index: String(i), name: item.name, country: item.country },
        },
        h("span", { class: "suggestion-label" }, item.label),
        kind,
        item.curated ? h("span", { class: "badge badge-curated", title: "Hand-picked places and prices" }, "curated") : null);
        li.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the input
        li.addEventListener("click", () => pick(i));
        li.addEventListener("mousemove", () => { if (active !== i) highlight(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    async function load(query) {
      const mine = ++requestNo;
      if (cache.has(query)) {
        render(cache.get(query));
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const data = await api("/api/destinations/suggest?q=" + encodeURIComponent(query) + "&limit=8",
          { signal: controller.signal });
        const suggestions = Array.isArray(data) ? data : [];
        cache.set(query, suggestions);
        if (mine === requestNo && document.activeElement === input && input.value.trim() === query) render(suggestions);
      } catch (err) {
        if (mine === requestNo) close(); // suggestions are a convenience: fail quietly
      }
    }

    const loadSoon = debounce(load, 150);

    input.addEventListener("input", () => {
      const query = input.value.trim();
      if (query === lastQuery && !list.hidden) return;
      lastQuery = query;
      if (!query) {
        loadSoon.cancel();
        requestNo++;
        close();
        return;
      }
      loadSoon(query);
    });

    input.addEventListener("keydown", (event) => {
      const open = !list.hidden && items.length > 0;
      switch (event.key) {
        case "ArrowDown":
          if (!open) {
            if (input.value.trim()) { lastQuery = ""; load(input.value.trim()); }
            event.preventDefault();
            return;
          }
          event.preventDefault();
          highlight(active < items.length - 1 ? active + 1 : 0);
          break;
        case "ArrowUp":
          if (!open) return;
          event.preventDefault();
          highlight(active > 0 ? active - 1 : items.length - 1);
          break;
        case "Enter":
          if (open && active >= 0) {
            event.preventDefault(); // choose the suggestion; do not submit the form
            pick(active);
          } else if (open) {
            close();
          }
          break;
        case "Escape":
          if (open) {
            event.preventDefault();
            close();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", () => setTimeout(close, 120));
    return { close };
  }

  /** What goes into the text field when a suggestion is chosen: something /resolve maps back to that place. */
  function valueFor(item) {
    if (item.kind === "country") return item.name;
    if (item.kind === "city") return item.label;
    return item.name + ", " + item.country; // nickname/region labels read like "NYC (New York City)"
  }

  const destinationCombo = autocomplete(fields.destination, $("destination-suggestions"), () => clearFieldError(fields.destination));
  const originCombo = autocomplete(fields.userLocation, $("user-location-suggestions"), () => clearFieldError(fields.userLocation));

  // The curated set, grouped by continent: one click fills the destination (the rest of the world still works).
  async function showCuratedDestinations() {
    const box = $("curated-destinations");
    let listed;
    try {
      listed = await api("/api/destinations/curated");
    } catch (err) {
      return; // a convenience: the form works without it
    }
    if (!Array.isArray(listed) || !listed.length) return;
    const groups = new Map();
    listed.forEach((d) => groups.set(d.continent, [...(groups.get(d.continent) || []), d]));
    const container = box.querySelector(".curated-groups");
    groups.forEach((destinations, continent) => {
      container.appendChild(h("div", { class: "curated-group" },
        h("span", { class: "curated-continent" }, continent),
        h("div", { class: "curated-chips" }, ...destinations.map((d) => {
          const button = h("button", { type: "button", class: "chip curated-chip", dataset: { id: d.id },
            title: `${d.attractions + d.activities} sights and activities, ${d.restaurants} restaurants, ${d.hotels} hotels` },
          d.name);
          button.addEventListener("click", () => {
            fields.destination.value = d.name + ", " + d.country;
            clearFieldError(fields.destination);
            box.open = false;
            fields.destination.focus();
          });
          return button;
        }))));
    });
    box.querySelector(".curated-count").textContent = String(listed.length);
    box.hidden = false;
  }
  showCuratedDestinations();

  // ------------------------------------------------------------------------------------ form state

  fields.startDate.value = isoDateFromToday(30);
  fields.startDate.min = isoDateFromToday(0);

  document.querySelectorAll(".interest-chip").forEach((chip) => {
    chip.addEventListener("click", () => {
      const on = chip.getAttribute("aria-pressed") !== "true";
      chip.setAttribute("aria-pressed", on ? "true" : "false");
      chip.classList.toggle("selected", on);
    });
  });

  function syncOrigin() {
    const on = fields.includeFlights.checked;
    originField.hidden = !on;
    fields.userLocation.required = on;
    if (!on) clearFieldError(fields.userLocation);
  }
  fields.includeFlights.addEventListener("change", () => {
    syncOrigin();
    if (fields.includeFlights.checked) fields.userLocation.focus();
  });
  syncOrigin();

  function pace() {
    const checked = form.querySelector('input[name="pace"]:checked');
    return checked ? checked.value : "moderate";
  }

  function selectedInterests() {
    return Array.from(document.querySelectorAll('.interest-chip[aria-pressed="true"]')).map((c) => c.dataset.interest);
  }

  function requestBody() {
    const body = {
      destination: fields.destination.value.trim(),
      budget: Number(fields.budget.value),
      duration: parseInt(fields.duration.value, 10),
      travelers: parseInt(fields.travelers.value, 10),
      activity_preference: pace(),
      include_flights: fields.includeFlights.checked,
      include_hotels: fields.includeHotels.checked,
      interests: selectedInterests(),
      currency: fields.currency.value,
    };
    if (fields.startDate.value) body.start_date = fields.startDate.value;
    if (body.include_flights) body.user_location = fields.userLocation.value.trim();
    return body;
  }

  // ------------------------------------------------------------------------------------ validation

  function errorNodeFor(input) {
    return document.getElementById(input.id + "-error");
  }

  function setFieldError(input, message) {
    const node = errorNodeFor(input);
    if (node) node.textContent = message;
    input.setAttribute("aria-invalid", "true");
    input.closest(".field").classList.add("has-error");
  }

  function clearFieldError(input) {
    const node = errorNodeFor(input);
    if (node) node.textContent = "";
    input.removeAttribute("aria-invalid");
    const field = input.closest(".field");
    if (field) field.classList.remove("has-error");
  }

  function isInteger(text) {
    return /^\s*\d+\s*$/.test(text);
  }

  function validate() {
    const problems = [];
    const check = (input, message) => {
      if (message) {
        setFieldError(input, message);
        problems.push(input);
      } else {
        clearFieldError(input);
      }
    };
    const dest = fields.destination.value.trim();
    check(fields.destination, !dest ? "Tell us where you want to go." : dest.length > 200 ? "Keep it under 200 characters." : "");

    const start = fields.startDate.value;
    let startMessage = "";
    if (!start) startMessage = "Pick the day your trip starts.";
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) startMessage = "Use a date like 2025-06-14.";
    else if (start < isoDateFromToday(0)) startMessage = "The start date is in the past.";
    check(fields.startDate, startMessage);

    const days = fields.duration.value;
    check(fields.duration, !isInteger(days) || +days < 1 || +days > 30 ? "Choose between 1 and 30 days." : "");

    const people = fields.travelers.value;
    check(fields.travelers, !isInteger(people) || +people < 1 || +people > 20 ? "Choose between 1 and 20 travelers." : "");

    const budget = Number(fields.budget.value);
    let budgetMessage = "";
    if (fields.budget.value.trim() === "" || !Number.isFinite(budget)) budgetMessage = "Enter your total budget as a number.";
    else if (budget <= 0) budgetMessage = "The budget must be more than zero.";
    else if (budget > 10000000) budgetMessage = "That budget is above the 10,000,000 limit.";
    check(fields.budget, budgetMessage);

    if (fields.includeFlights.checked) {
      check(fields.userLocation, !fields.userLocation.value.trim() ? "Tell us which city you fly from, or untick flights." : "");
    } else {
      clearFieldError(fields.userLocation);
    }
    if (problems.length) problems[0].focus();
    return problems.length === 0;
  }

  [fields.destination, fields.startDate, fields.duration, fields.travelers, fields.budget, fields.userLocation]
    .forEach((input) => input.addEventListener("input", () => {
      if (input.getAttribute("aria-invalid") === "true") clearFieldError(input);
    }));

  // ------------------------------------------------------------------------------------ progress & messages

  const STEPS = ["resolve", "budget", "plan"];

  function stepNode(name) {
    return progress.querySelector('li[data-step="' + name + '"]');
  }

  function setStep(name, state, detail) {
    const li = stepNode(name);
    li.classList.remove("pending", "active", "done", "failed");
    li.classList.add(state);
    li.setAttribute("aria-current", state === "active" ? "step" : "false");
    if (detail !== undefined) {
      const node = li.querySelector(".step-detail");
      node.replaceChildren();
      if (Array.isArray(detail)) detail.forEach((d) => node.append(d));
      else if (detail) node.append(detail);
    }
  }

  function resetProgress() {
    STEPS.forEach((name) => setStep(name, "pending", ""));
    statusCard.hidden = false;
    if (tips) tips.hidden = true;
    revealIfOffscreen(statusCard);
  }

  /** On a phone the status sits below the form: bring it into view so the progress is seen. */
  function revealIfOffscreen(node) {
    const box = node.getBoundingClientRect();
    if (box.top > window.innerHeight - 80 || box.bottom < 60) {
      const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      node.scrollIntoView({ block: "start", behavior: smooth ? "smooth" : "auto" });
    }
  }

  function hideMessages() {
    errorBox.hidden = true;
    errorBox.replaceChildren();
    budgetPanel.hidden = true;
  }

  function showError(message, extra) {
    errorBox.replaceChildren(h("p", { class: "alert-text" }, message));
    if (extra) errorBox.append(extra);
    errorBox.hidden = false;
    revealIfOffscreen(errorBox);
  }

  function setBusy(on) {
    busy = on;
    submitButton.disabled = on;
    submitButton.setAttribute("aria-busy", on ? "true" : "false");
    if (on) submitButton.replaceChildren(h("span", { class: "spinner", "aria-hidden": "true" }), "Planning…");
    else submitButton.replaceChildren(SUBMIT_LABEL);
  }

  /** Buttons for "did you mean" names; clicking one fills `input` and plans again. */
  function suggestionButtons(names, input, combo) {
    if (!names || !names.length) return null;
    return h("div", { class: "did-you-mean" },
      h("span", { class: "muted" }, "Did you mean: "),
      names.map((name) => h("button", {
        type: "button", class: "btn btn-chip suggestion-name",
        onclick: () => {
          input.value = name;
          clearFieldError(input);
          if (combo) combo.close();
          submitPlan();
        },
      }, name)));
  }

  const MATCH_NOTES = { spelling: "spelling fixed", nickname: "nickname", country: "country → its main city", region: "region → its usual base" };

  function resolvedDetail(destination, label) {
    const place = destination.name + ", " + destination.country;
    const parts = [h("span", { class: "resolved" }, (label ? label + ": " : "") + place)];
    if (MATCH_NOTES[destination.match]) {
      parts.push(h("span", { class: "match-note" },
        destination.original_input + " → " + place + " (" + MATCH_NOTES[destination.match] + ")"));
    }
    return parts;
  }

  // ------------------------------------------------------------------------------------ budget panel

  const BREAKDOWN_ORDER = ["flights", "hotels", "food", "travel", "activities"];

  function showBudgetPanel(info) {
    const currency = info.currency || fields.currency.value;
    budgetPanel.querySelector(".budget-message").textContent = info.message || "";
    fill(budgetPanel.querySelector(".budget-minimum"), 
      "Realistic minimum: ", h("strong", { class: "minimum-amount" }, money(info.minimum_budget, currency)),
      info.current_budget !== undefined ? h("span", { class: "muted" }, " · your budget " + money(info.current_budget, currency)) : null);

    const breakdown = info.breakdown || {};
    const list = budgetPanel.querySelector(".min-breakdown");
    list.replaceChildren();
    const keys = BREAKDOWN_ORDER.filter((k) => k in breakdown).concat(Object.keys(breakdown).filter((k) => !BREAKDOWN_ORDER.includes(k)));
    const max = Math.max(1, ...keys.map((k) => Number(breakdown[k]) || 0));
    keys.forEach((key) => {
      const amount = Number(breakdown[key]) || 0;
      list.append(h("li", { class: "min-row", dataset: { category: key } },
        h("span", { class: "min-name" }, h("span", { class: "swatch cat-" + key, "aria-hidden": "true" }), key[0].toUpperCase() + key.slice(1)),
        h("span", { class: "min-bar", "aria-hidden": "true" }, h("span", { class: "min-fill cat-" + key, style: "width:" + (100 * amount / max).toFixed(1) + "%" })),
        h("span", { class: "min-amount" }, amount > 0 ? money(amount, currency)
          : (key === "flights" && !fields.includeFlights.checked) || (key === "hotels" && !fields.includeHotels.checked)
            ? "not included" : "—")));
    });

    const box = budgetPanel.querySelector(".suggestion-list");
    box.replaceChildren();
    (info.suggestions || []).forEach((suggestion) => {
      box.append(h("button", {
        type: "button", class: "btn btn-outline suggestion", dataset: { action: suggestion.action || "" },
        onclick: () => applyChanges(suggestion.changes || {}),
      }, suggestion.label || suggestion.action));
    });
    budgetPanel.hidden = false;
    revealIfOffscreen(budgetPanel);
  }

  /** Apply a suggestion's `changes` ({duration: 3}, {include_flights: false}, {budget: 2400}...) and plan again. */
  function applyChanges(changes) {
    const touched = [];
    for (const [key, value] of Object.entries(changes)) {
      switch (key) {
        case "duration": fields.duration.value = value; touched.push(fields.duration); break;
        case "travelers": fields.travelers.value = value; touched.push(fields.travelers); break;
        case "budget": fields.budget.value = value; touched.push(fields.budget); break;
        case "currency": fields.currency.value = String(value).toUpperCase(); touched.push(fields.currency); break;
        case "destination": fields.destination.value = value; touched.push(fields.destination); break;
        case "start_date": fields.startDate.value = value; touched.push(fields.startDate); break;
        case "user_location": fields.userLocation.value = value || ""; touched.push(fields.userLocation); break;
        case "include_flights":
          fields.includeFlights.checked = Boolean(value); syncOrigin(); touched.push(fields.includeFlights); break;
        case "include_hotels": fields.includeHotels.checked = Boolean(value); touched.push(fields.includeHotels); break;
        case "activity_preference":
        case "pace": {
          const radio = form.querySelector('input[name="pace"][value="' + value + '"]');
          if (radio) { radio.checked = true; touched.push(radio); }
          break;
        }
        case "interests":
          document.querySelectorAll(".interest-chip").forEach((chip) => {
            const on = Array.isArray(value) && value.includes(chip.dataset.interest);
            chip.setAttribute("aria-pressed", on ? "true" : "false");
            chip.classList.toggle("selected", on);
          });
          break;
        default: break;
      }
    }
    touched.forEach((input) => {
      clearFieldError(input);
      const target = input.closest("label, .field") || input;
      target.classList.remove("flash");
      void target.offsetWidth; // restart the animation
      target.classList.add("flash");
    });
    submitPlan();
  }

  // ------------------------------------------------------------------------------------ the three steps

  async function submitPlan() {
    if (busy) return;
    destinationCombo.close();
    originCombo.close();
    hideMessages();
    if (!validate()) return;
    const body = requestBody();
    setBusy(true);
    resetProgress();
    let step = "resolve";
    try {
      // 1. Resolve the destination (and the origin city when flights are included).
      setStep("resolve", "active", "");
      let destination;
      try {
        destination = await api("/api/destinations/resolve?q=" + encodeURIComponent(body.destination));
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) {
          setStep("resolve", "failed", "Not found");
          setFieldError(fields.destination, "We don't know this place.");
          showError(err.message, suggestionButtons(err.data.suggestions, fields.destination, destinationCombo));
          return;
        }
        throw err;
      }
      const details = resolvedDetail(destination);
      if (body.include_flights) {
        setStep("resolve", "active", details);
        try {
          const origin = await api("/api/destinations/resolve?q=" + encodeURIComponent(body.user_location));
          details.push(...resolvedDetail(origin, "Flying from"));
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) {
            setStep("resolve", "failed", details);
            setFieldError(fields.userLocation, "We don't know this city.");
            showError("We could not find the city you fly from (" + body.user_location + ").",
              suggestionButtons(err.data.suggestions, fields.userLocation, originCombo));
            return;
          }
          throw err;
        }
      }
      setStep("resolve", "done", details);

      // 2. Check the budget.
      step = "budget";
      setStep("budget", "active", "");
      const validation = await api("/api/validate-budget", { json: body });
      if (!validation.valid) {
        setStep("budget", "failed", "Below the realistic minimum of " + money(validation.minimum_budget, validation.currency));
        showBudgetPanel(validation);
        return;
      }
      setStep("budget", "done", "Minimum " + money(validation.minimum_budget, validation.currency) +
        " · yours " + money(validation.current_budget, validation.currency));

      // 3. Plan.
      step = "plan";
      setStep("plan", "active", "This takes a moment…");
      const created = await api("/api/create-itinerary", { json: body });
      const days = created.itinerary && created.itinerary.daily_activities ? created.itinerary.daily_activities.length : body.duration;
      setStep("plan", "done", days + (days === 1 ? " day" : " days") + " planned · opening your itinerary…");
      window.location.assign("/itinerary/" + encodeURIComponent(created.itinerary_id));
    } catch (err) {
      handleFailure(step, err);
    } finally {
      setBusy(false);
    }
  }

  function handleFailure(step, err) {
    if (err && err.name === "AbortError") return;
    const data = (err && err.data) || {};
    setStep(step, "failed");
    if (err instanceof ApiError && err.status === 400 && data.error === "insufficient_budget") {
      showBudgetPanel({
        message: data.message, minimum_budget: data.minimum_budget, current_budget: data.current_budget,
        currency: data.currency, breakdown: data.minimum_breakdown, suggestions: data.suggestions,
      });
      return;
    }
    if (err instanceof ApiError && data.error === "destination_not_found") {
      // Raised for whichever name the server could not place; offer its suggestions for the likelier field.
      const aboutOrigin = fields.includeFlights.checked && fields.userLocation.value.trim() &&
        err.message.indexOf(JSON.stringify(fields.userLocation.value.trim()).slice(1, -1)) >= 0;
      const input = aboutOrigin ? fields.userLocation : fields.destination;
      showError(err.message, suggestionButtons(data.suggestions, input, aboutOrigin ? originCombo : destinationCombo));
      return;
    }
    if (err instanceof ApiError && data.error === "origin_required") {
      setFieldError(fields.userLocation, "Tell us which city you fly from.");
    }
    if (err instanceof ApiError && Array.isArray(data.detail)) {
      markServerFieldErrors(data.detail);
    }
    showError((err && err.message) || "Something went wrong. Please try again.");
  }

  const SERVER_FIELDS = {
    destination: "destination", budget: "budget", duration: "duration", travelers: "travelers",
    user_location: "userLocation", start_date: "startDate", currency: "currency",
  };

  function markServerFieldErrors(details) {
    details.forEach((d) => {
      const key = SERVER_FIELDS[String(d.field || "").split(".")[0]];
      if (key && fields[key] && errorNodeFor(fields[key])) setFieldError(fields[key], d.message);
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitPlan();
  });

  // Coming back with the Back button (bfcache) must never show a frozen button.
  window.addEventListener("pageshow", () => setBusy(false));
})();
