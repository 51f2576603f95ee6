"use strict";
(function () {
  document.documentElement.dataset.script = "ran";
  for (const hidden of document.querySelectorAll("[data-js]")) {
    hidden.hidden = false;
  }
  // A table wider than its box scrolls sideways: its box says so with a shadow.
  for (const box of document.querySelectorAll(".scroll")) {
    const mark = () => box.classList.toggle("overflows", box.scrollWidth > box.clientWidth + 1);
    mark();
    window.addEventListener("resize", mark);
  }
  const key = (row, column) => {
    const cell = row.cells[column];
    if (!cell) return "";
    const sort = cell.dataset.sort;
    const number = Number(sort);
    if (sort !== undefined && !Number.isNaN(number)) return number;
    return (sort === undefined ? cell.textContent : sort).trim().toLowerCase();
  };
  const compare = (a, b) =>
    typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
  for (const table of document.querySelectorAll("table.sortable")) {
    const heads = Array.from(table.tHead.rows[0].cells);
    heads.forEach((head, column) => {
      head.classList.add("sorts");
      head.tabIndex = 0;
      head.title = head.title || "Sort by this column";
      const sort = () => {
        const ascending = head.getAttribute("aria-sort") !== "ascending";
        heads.forEach((h) => h.removeAttribute("aria-sort"));
        head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        rows.sort((a, b) => compare(key(a, column), key(b, column)) * (ascending ? 1 : -1));
        rows.forEach((row) => body.appendChild(row));
      };
      head.addEventListener("click", sort);
      head.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sort();
        }
      });
    });
  }
  const name = document.getElementById("student-filter");
  const incomplete = document.getElementById("incomplete-only");
  const filter = () => {
    const text = name ? name.value.trim().toLowerCase() : "";
    for (const row of document.querySelectorAll("tr[data-student]")) {
      const shown =
        row.dataset.student.toLowerCase().includes(text) &&
        !(incomplete && incomplete.checked && row.dataset.full === "1");
      row.hidden = !shown;
    }
  };
  if (name) name.addEventListener("input", filter);
  if (incomplete) incomplete.addEventListener("change", filter);
  const openAll = (open) => () => {
    for (const details of document.querySelectorAll("details.result")) {
      details.open = open;
    }
  };
  const expand = document.getElementById("expand-all");
  const collapse = document.getElementById("collapse-all");
  if (expand) expand.addEventListener("click", openAll(true));
  if (collapse) collapse.addEventListener("click", openAll(false));
})();
