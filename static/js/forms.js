// After a failed submission, put the keyboard focus where the user has to act:
// the first field with an error, else the confirmation box when values need confirming.
(function () {
  "use strict";
  var target = document.querySelector("form [aria-invalid='true']");
  if (!target && document.getElementById("value-warnings")) {
    target = document.getElementById("id_confirm");
  }
  if (target) {
    target.focus();
  }
})();
