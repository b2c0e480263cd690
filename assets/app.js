// relais: small progressive enhancements; every page works without this file.
"use strict";

// Ask before destructive actions whose form carries data-confirm.
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
