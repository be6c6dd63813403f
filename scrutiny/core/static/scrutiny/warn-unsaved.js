// Warn before leaving a page whose form has unsaved changes.
// Progressive enhancement: forms marked data-warn-unsaved work the same without it.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-warn-unsaved]");
  if (!forms.length) return;
  var dirty = false;
  function markDirty() { dirty = true; }
  forms.forEach(function (form) {
    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    // Submitting the form itself saves the changes, so leaving is then expected.
    form.addEventListener("submit", function () { dirty = false; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers need a value to show their prompt
  });
})();
