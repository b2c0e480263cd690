// relais: small progressive enhancements; every page works without this file.
"use strict";

// Ask before destructive actions whose form carries data-confirm.
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  } else if (message && event.target.elements.confirm) {
    // Asked here: the server's own confirmation page is not needed.
    event.target.elements.confirm.value = "yes";
  }
});

// Outreach board: drag a card to another column. The plain form on each
// card does the same without JavaScript; this only saves a click.
document.querySelectorAll("[data-board-campaign]").forEach((board) => {
  let dragged = null;
  board.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("[data-outreach]");
    if (dragged) event.dataTransfer.setData("text/plain", dragged.dataset.outreach);
  });
  board.querySelectorAll("[data-stage]").forEach((column) => {
    column.addEventListener("dragover", (event) => event.preventDefault());
    column.addEventListener("drop", async (event) => {
      event.preventDefault();
      if (!dragged) return;
      const form = dragged.querySelector("form.move-form");
      const body = new URLSearchParams(new FormData(form));
      body.set("stage", column.dataset.stage);
      // The board's filters: the answer gives both columns' true counts under them.
      body.set("filter", board.dataset.filter || "");
      const response = await fetch(form.action, {
        method: "POST",
        headers: { "Accept": "application/json", "X-CSRF-Token": body.get("_csrf") },
        body,
      });
      if (!response.ok) { window.location.reload(); return; }
      const moved = await response.json();
      form.querySelectorAll('input[name="version"]').forEach((i) => { i.value = moved.version; });
      dragged.querySelectorAll('input[name="version"]').forEach((i) => { i.value = moved.version; });
      form.querySelector("select[name=stage]").value = moved.stage;
      column.appendChild(dragged);
      dragged = null;
      for (const [stage, count] of Object.entries(moved.counts || {})) {
        const shown = board.querySelector(`[data-stage="${stage}"] [data-count]`);
        if (shown) { shown.dataset.count = count; shown.textContent = String(count); }
      }
    });
  });
});

// Search page: results follow the typing (the form still works without this).
(() => {
  const form = document.getElementById("search-form");
  const results = document.getElementById("search-results");
  if (!form || !results) return;
  const input = form.querySelector("input[name=q]");
  let kindLabels = {};
  try { kindLabels = JSON.parse(results.dataset.kindLabels || "{}"); } catch (_) { /* labels are optional */ }
  let timer = null;
  let latest = 0;
  const render = (data) => {
    const list = document.createElement("ol");
    list.className = "hits";
    for (const hit of data.hits) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = hit.url;
      for (const part of hit.title_highlighted) {
        const node = part.matched ? document.createElement("mark") : document.createElement("span");
        node.textContent = part.text;
        link.appendChild(node);
      }
      item.appendChild(link);
      const label = kindLabels[hit.kind];
      if (label) {
        const badge = document.createElement("span");
        badge.className = "badge";
        badge.dataset.vocabulary = "doc-kind";
        badge.dataset.value = hit.kind;
        badge.textContent = label;
        item.append(" ", badge);
      }
      if (hit.commune) {
        const commune = document.createElement("span");
        commune.className = "muted";
        commune.textContent = hit.commune;
        item.append(" ", commune);
      }
      list.appendChild(item);
    }
    const total = results.querySelector(".search-total");
    if (total) total.textContent = total.textContent.replace(/\d[\d\s]*/, String(data.total) + " ");
    const old = results.querySelector("ol.hits");
    if (old) old.replaceWith(list); else results.appendChild(list);
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const ticket = ++latest;
      const params = new URLSearchParams(new FormData(form));
      history.replaceState(null, "", "/search?" + params);
      const response = await fetch("/search?" + params, { headers: { Accept: "application/json" } });
      if (response.ok && ticket === latest) render(await response.json());
    }, 120);
  });
})();

// Record pickers (web::components::picker): suggestions as one types, from
// /pick/…; arrows move, Enter chooses, Escape closes, a click chooses. The
// chosen id goes in the hidden field; typing again clears it. Without this
// script the name typed is sent and the server resolves it.
document.querySelectorAll("[data-picker]").forEach((picker) => {
  const input = picker.querySelector('input[role="combobox"]');
  const hidden = picker.querySelector("input[data-picker-id]");
  const list = picker.querySelector('[role="listbox"]');
  if (!input || !hidden || !list) return;
  const source = picker.dataset.picker;
  const empty = picker.dataset.pickerEmpty || "";
  let timer = null;
  let latest = 0;
  let choices = [];
  let active = -1;
  const optionId = (i) => list.id + "-" + i;
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const open = () => {
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };
  const highlight = (i) => {
    active = i;
    list.querySelectorAll('[role="option"]').forEach((option, n) => {
      option.setAttribute("aria-selected", n === i ? "true" : "false");
    });
    if (i < 0) { input.removeAttribute("aria-activedescendant"); return; }
    input.setAttribute("aria-activedescendant", optionId(i));
    const option = document.getElementById(optionId(i));
    if (option) option.scrollIntoView({ block: "nearest" });
  };
  const choose = (i) => {
    const choice = choices[i];
    if (!choice) return;
    hidden.value = String(choice.id);
    input.value = choice.label;
    close();
  };
  const render = (items) => {
    choices = items;
    list.replaceChildren();
    if (items.length === 0) {
      const item = document.createElement("li");
      item.className = "picker-empty";
      item.setAttribute("role", "option");
      item.setAttribute("aria-disabled", "true");
      item.textContent = empty;
      list.appendChild(item);
    }
    items.forEach((choice, i) => {
      const item = document.createElement("li");
      item.id = optionId(i);
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.textContent = choice.label;
      if (choice.detail) {
        const detail = document.createElement("small");
        detail.textContent = " · " + choice.detail;
        item.appendChild(detail);
      }
      // mousedown, not click: the field keeps its focus.
      item.addEventListener("mousedown", (event) => {
        event.preventDefault();
        choose(i);
      });
      list.appendChild(item);
    });
    open();
    highlight(items.length > 0 ? 0 : -1);
  };
  const lookup = async () => {
    const text = input.value.trim();
    const ticket = ++latest;
    if (text === "") { close(); return; }
    try {
      const response = await fetch(source + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
      });
      if (!response.ok || ticket !== latest) return;
      const items = await response.json();
      if (ticket === latest && document.activeElement === input) render(items);
    } catch (_) {
      // Offline or refused: the name typed is still sent with the form.
    }
  };
  input.addEventListener("input", () => {
    hidden.value = "";
    clearTimeout(timer);
    timer = setTimeout(lookup, 150);
  });
  input.addEventListener("keydown", (event) => {
    const count = choices.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) {
        if (count > 0) { open(); highlight(0); } else if (input.value.trim()) { lookup(); }
        return;
      }
      if (count === 0) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      highlight((active + step + count) % count);
    } else if (event.key === "Enter") {
      if (!list.hidden && active >= 0) {
        event.preventDefault();
        choose(active);
      }
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      }
    }
  });
  input.addEventListener("blur", close);
});

// Shell: on a narrow screen the sections fold behind the "Menu" button
// (without this script they simply wrap under the bar).
(() => {
  const toggle = document.querySelector(".menu-toggle");
  const nav = document.getElementById("site-nav");
  if (!toggle || !nav) return;
  document.documentElement.classList.add("js-menu");
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    const open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && nav.classList.contains("open")) {
      nav.classList.remove("open");
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  });
})();

// The user menu (a <details>) closes on Escape or a click elsewhere.
document.addEventListener("click", (event) => {
  document.querySelectorAll("details.user-menu[open]").forEach((menu) => {
    if (!menu.contains(event.target)) menu.open = false;
  });
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details.user-menu[open]").forEach((menu) => {
    menu.open = false;
    menu.querySelector("summary").focus();
  });
});

// Filters (components::filters): folded on a phone, open on a wide screen.
(() => {
  const panels = document.querySelectorAll("details[data-filters]");
  if (panels.length === 0) return;
  const narrow = window.matchMedia("(max-width: 768px)");
  const fit = () => panels.forEach((panel) => { panel.open = !narrow.matches; });
  fit();
  narrow.addEventListener("change", fit);
})();

// Command palette (search::palette): Ctrl+K / ⌘K or the "Aller à…" button
// opens it over the page; typing lists records, pages and actions from
// /go; arrows move, Enter goes, Escape closes. Without this script the
// button leads to the page /go, a plain form with links.
(() => {
  const enhance = (form) => {
    const input = form.querySelector('input[role="combobox"]');
    const list = form.querySelector('[role="listbox"]');
    if (!input || !list) return null;
    let items = [];
    let active = -1;
    let latest = 0;
    let timer = null;
    const optionId = (i) => list.id + "-" + i;
    const highlight = (i) => {
      active = i;
      list.querySelectorAll('[role="option"]').forEach((option, n) => {
        option.setAttribute("aria-selected", n === i ? "true" : "false");
      });
      if (i < 0) { input.removeAttribute("aria-activedescendant"); return; }
      input.setAttribute("aria-activedescendant", optionId(i));
      const option = document.getElementById(optionId(i));
      if (option) option.scrollIntoView({ block: "nearest" });
    };
    const render = (found) => {
      items = found;
      list.replaceChildren();
      found.forEach((item, i) => {
        const option = document.createElement("li");
        option.id = optionId(i);
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.group = item.group;
        option.textContent = item.label;
        const detail = document.createElement("small");
        detail.textContent = " · " + item.detail;
        option.appendChild(detail);
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          window.location.href = item.href;
        });
        list.appendChild(option);
      });
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length > 0 ? "true" : "false");
      highlight(found.length > 0 ? 0 : -1);
    };
    const lookup = async () => {
      const ticket = ++latest;
      try {
        const response = await fetch("/go?q=" + encodeURIComponent(input.value.trim()), {
          headers: { Accept: "application/json" },
        });
        if (!response.ok || ticket !== latest) return;
        const found = await response.json();
        if (ticket === latest) render(found);
      } catch (_) {
        // Offline: Enter still sends the form to /go.
      }
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(lookup, 120);
    });
    input.addEventListener("keydown", (event) => {
      const count = items.length;
      if ((event.key === "ArrowDown" || event.key === "ArrowUp") && count > 0) {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + count) % count);
      } else if (event.key === "Enter" && active >= 0 && items[active]) {
        event.preventDefault();
        window.location.href = items[active].href;
      }
    });
    return { input, lookup };
  };

  document.querySelectorAll("main [data-palette-form]").forEach((form) => enhance(form));
  const dialog = document.getElementById("palette");
  const opener = document.querySelector("[data-palette-open]");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const palette = enhance(dialog.querySelector("[data-palette-form]"));
  if (!palette) return;
  const open = () => {
    if (dialog.open) return;
    palette.input.value = "";
    dialog.showModal();
    palette.input.focus();
    palette.lookup();
  };
  if (opener) {
    opener.addEventListener("click", (event) => {
      event.preventDefault();
      open();
    });
  }
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
      event.preventDefault();
      open();
    }
  });
  // A click on the backdrop closes it, as Escape does.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
})();
