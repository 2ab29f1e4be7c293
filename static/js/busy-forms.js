// Forms of irreversible steps (<form data-busy>): once submitted, their buttons are disabled and
// say they are working, so that a second click cannot send the step again while it runs.
(function () {
  "use strict";
  var script = document.currentScript;
  var label = (script && script.getAttribute("data-busy-label")) || "…";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-busy]") || event.defaultPrevented) {
      return;
    }
    if (form.getAttribute("aria-busy") === "true") {
      event.preventDefault(); // already on its way
      return;
    }
    form.setAttribute("aria-busy", "true");
    // Disabled after the browser has read the form, so that the pressed button's value is sent.
    window.setTimeout(function () {
      form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
        button.disabled = true;
        if (button === event.submitter || (!event.submitter && button.type === "submit")) {
          button.setAttribute("data-label", button.textContent);
          button.innerHTML = '<span class="spinner-border spinner-border-sm" aria-hidden="true"></span> ';
          button.appendChild(document.createTextNode(form.getAttribute("data-busy") || label));
        }
      });
    }, 0);
  });
  // Coming back to a page from the browser's history shows its buttons usable again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form[aria-busy=true]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
        button.disabled = false;
        if (button.hasAttribute("data-label")) {
          button.textContent = button.getAttribute("data-label");
        }
      });
    });
  });
})();
