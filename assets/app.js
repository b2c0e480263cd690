// relais: small progressive enhancements; every page works without this file.
"use strict";

// Ask before destructive actions whose form carries data-confirm.
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
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
    });
  });
});

// Search page: results follow the typing (the form still works without this).
(() => {
  const form = document.getElementById("search-form");
  const results = document.getElementById("search-results");
  if (!form || !results) return;
  const input = form.querySelector("input[name=q]");
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
      if (hit.commune) item.appendChild(document.createTextNode(" · " + hit.commune));
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
