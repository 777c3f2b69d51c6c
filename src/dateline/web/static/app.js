// Small progressive enhancements; every page works without them.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // a click anywhere on a row opens its item
  for (const row of document.querySelectorAll("tr[data-href]")) {
    row.addEventListener("click", (event) => {
      if (event.target.closest("a")) return;
      window.location.assign(row.dataset.href);
    });
  }
  // filter selects apply on change
  for (const select of document.querySelectorAll("form.filters select.autosubmit")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
  // hovering an event on the map, the timeline or the list highlights it in the others
  const linked = document.querySelectorAll("[data-event]");
  for (const item of linked) {
    const key = item.dataset.event;
    item.addEventListener("mouseenter", () => {
      for (const other of linked) other.classList.toggle("hover", other.dataset.event === key);
    });
    item.addEventListener("mouseleave", () => {
      for (const other of linked) other.classList.remove("hover");
    });
  }
});
