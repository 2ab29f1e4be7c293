/*
 * Behaviour every page shares:
 *
 *   <form data-confirm="what will happen" data-confirm-title="…" data-confirm-button="…" [data-confirm-danger]>
 *       asks in a dialog (#confirm-dialog in base.html) before the form is sent; nothing is sent
 *       until the person confirms.
 *   <form data-busy[="label"]>
 *       once sent, its buttons are disabled and say they are working, so that a second click
 *       cannot send an irreversible step again while it runs.
 *   [data-file-picker]
 *       a file input shown in the page's language (templates/bootstrap5/layout/field_file.html):
 *       the chosen file's name replaces "no file chosen".
 *   .table-responsive, .table-scroll
 *       a table wider than the screen gets a hint above it that it scrolls sideways.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var busyLabel = (script && script.getAttribute("data-busy-label")) || "…";
  var scrollHint = (script && script.getAttribute("data-scroll-hint")) || "";

  /* -- confirmation ---------------------------------------------------------------------------- */

  var pending = null; // {form, submitter} waiting for the dialog's answer

  function askFirst(form, submitter) {
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || !window.bootstrap) {
      return window.confirm(form.getAttribute("data-confirm"));
    }
    dialog.querySelector("[data-confirm-title]").textContent =
      form.getAttribute("data-confirm-title") || dialog.getAttribute("data-default-title");
    dialog.querySelector("[data-confirm-text]").textContent = form.getAttribute("data-confirm");
    // Who the click will reach, as counted on the page (templates/secretariat/_reach.html).
    var reachSlot = dialog.querySelector("[data-confirm-reach]");
    var reach = form.getAttribute("data-confirm-reach") && document.getElementById(form.getAttribute("data-confirm-reach"));
    reachSlot.replaceChildren();
    reachSlot.hidden = !reach;
    if (reach) {
      var copy = reach.cloneNode(true);
      copy.removeAttribute("id");
      reachSlot.appendChild(copy);
    }
    var button = dialog.querySelector("[data-confirm-ok]");
    button.textContent = form.getAttribute("data-confirm-button") || dialog.getAttribute("data-default-button");
    button.className = "btn " + (form.hasAttribute("data-confirm-danger") ? "btn-danger" : "btn-primary");
    pending = { form: form, submitter: submitter };
    window.bootstrap.Modal.getOrCreateInstance(dialog).show();
    return false;
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-confirm-ok]") || !pending) {
      return;
    }
    var chosen = pending;
    pending = null;
    window.bootstrap.Modal.getOrCreateInstance(document.getElementById("confirm-dialog")).hide();
    chosen.form.dataset.confirmed = "true";
    if (chosen.form.requestSubmit) {
      chosen.form.requestSubmit(chosen.submitter || undefined);
    } else {
      chosen.form.submit();
    }
  });

  /* -- sending ----------------------------------------------------------------------------------- */

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.matches) {
      return;
    }
    if (form.hasAttribute("data-confirm") && form.dataset.confirmed !== "true") {
      if (!askFirst(form, event.submitter)) {
        event.preventDefault();
        return;
      }
    }
    delete form.dataset.confirmed;
    if (!form.matches("form[data-busy]")) {
      return;
    }
    if (form.getAttribute("aria-busy") === "true") {
      event.preventDefault(); // already on its way
      return;
    }
    form.setAttribute("aria-busy", "true");
    var submitter = event.submitter;
    // Disabled after the browser has read the form, so that the pressed button's value is sent.
    window.setTimeout(function () {
      form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
        button.disabled = true;
        if (button === submitter || (!submitter && button.type === "submit")) {
          button.setAttribute("data-label", button.textContent);
          button.innerHTML = '<span class="spinner-border spinner-border-sm" aria-hidden="true"></span> ';
          button.appendChild(document.createTextNode(form.getAttribute("data-busy") || busyLabel));
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

  /* -- who presents an agenda item ------------------------------------------------------------- */

  /* The organization's list, or the committee's, as the kind of presenter chosen says; neither
     for the secretariat or nobody. */
  function showPresenterLists(select) {
    var form = select.form;
    if (!form) { return; }
    form.querySelectorAll("[data-show-when-presenter]").forEach(function (part) {
      part.classList.toggle("d-none", part.getAttribute("data-show-when-presenter") !== select.value);
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "presenter_kind") { showPresenterLists(event.target); }
  });
  document.querySelectorAll('select[name="presenter_kind"]').forEach(showPresenterLists);


  document.addEventListener("change", function (event) {
    var picker = event.target.closest && event.target.closest("[data-file-picker]");
    if (!picker || event.target.type !== "file") {
      return;
    }
    var names = Array.prototype.map.call(event.target.files || [], function (file) { return file.name; });
    picker.querySelector(".file-picker-name").textContent = names.length
      ? names.join("، ")
      : picker.getAttribute("data-none");
  });

  /* -- the date picker -------------------------------------------------------------------------- */

  /* The Jalali date picker draws its year and month lists without names: give them the page's
     words once it has drawn them (it finishes opening some 300 ms after the field takes the focus). */
  var yearLabel = (script && script.getAttribute("data-year-label")) || "";
  var monthLabel = (script && script.getAttribute("data-month-label")) || "";
  function labelDatePicker() {
    document.querySelectorAll("jdp-container .jdp-year select").forEach(function (select) { select.setAttribute("aria-label", yearLabel); });
    document.querySelectorAll("jdp-container .jdp-month select").forEach(function (select) { select.setAttribute("aria-label", monthLabel); });
  }
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-jdp]")) {
      [50, 400, 800].forEach(function (delay) { window.setTimeout(labelDatePicker, delay); });
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("jdp-container")) { window.setTimeout(labelDatePicker, 50); }
  });

  /* -- wide tables ------------------------------------------------------------------------------- */

  function markScrollingTables() {
    document.querySelectorAll(".table-responsive, .table-scroll").forEach(function (box) {
      var hint = box.previousElementSibling;
      if (!hint || !hint.classList.contains("scroll-hint")) {
        hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = scrollHint;
        box.parentNode.insertBefore(hint, box);
      }
      var scrolls = box.scrollWidth > box.clientWidth + 2;
      hint.classList.toggle("is-shown", scrolls);
      if (scrolls) { box.setAttribute("tabindex", "0"); } else { box.removeAttribute("tabindex"); } // reachable by keyboard
    });
  }
  if (scrollHint) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", markScrollingTables);
    } else {
      markScrollingTables();
    }
    window.addEventListener("resize", markScrollingTables);
  }
})();
