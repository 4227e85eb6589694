// Show the left-side MMT-8 column only for the bilateral variant.
// Hidden inputs leave the tab order, so a unilateral examination tabs straight down.
(function () {
  "use strict";
  var variant = document.getElementById("id_mmt8_variant");
  var grid = document.getElementById("mmt-grid");
  if (!variant || !grid) {
    return;
  }
  function apply() {
    grid.classList.toggle("mmt-unilateral", variant.value === "unilateral");
  }
  variant.addEventListener("change", apply);
  apply();
})();
