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
