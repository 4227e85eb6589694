// When a drug is chosen, pre-fill its usual unit and line of therapy (both stay editable).
(function () {
  "use strict";
  var source = document.getElementById("drug-catalogue");
  var drug = document.getElementById("id_drug");
  var unit = document.getElementById("id_unit");
  var line = document.getElementById("id_line_of_therapy");
  if (!source || !drug) {
    return;
  }
  var catalogue = JSON.parse(source.textContent);
  drug.addEventListener("change", function () {
    var usual = catalogue[drug.value];
    if (!usual) {
      return;
    }
    if (unit) {
      unit.value = usual.unit;
    }
    if (line) {
      line.value = usual.line === null ? "none" : String(usual.line);
    }
  });
})();
