/*
 * The minutes editor and the new-session form: rows added, removed and reordered in the page,
 * without reloading and without losing what was typed. Django formsets do the rest on save.
 *
 * Conventions in the templates:
 *   [data-rows="name"]          the container of a formset's rows (prefix "name")
 *   template[data-template="name"]  the empty row, with "__prefix__" where the index goes
 *   [data-add-row="name"]       adds a row;  [data-remove-row] removes the row it is in
 *   [data-move="up"|"down"]     moves the row;  .drag-handle drags it (SortableJS)
 *   input[data-order]           receives the row's position on every change
 *   [data-row-number]           shows the row's position in Persian digits ([data-numbered] containers)
 */
(function () {
  "use strict";

  var PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  var usesPersian = (document.documentElement.lang || "fa").indexOf("fa") === 0;

  function localDigits(number) {
    var text = String(number);
    return usesPersian ? text.replace(/[0-9]/g, function (d) { return PERSIAN_DIGITS[Number(d)]; }) : text;
  }

  function visibleRows(container) {
    return Array.prototype.filter.call(container.querySelectorAll(":scope > [data-row]"), function (row) {
      return !row.classList.contains("row-removed");
    });
  }

  function renumber(container) {
    visibleRows(container).forEach(function (row, index) {
      var order = row.querySelector("input[data-order]");
      if (order) { order.value = index + 1; }
      var badge = row.querySelector("[data-row-number]");
      if (badge) { badge.textContent = localDigits(index + 1); }
    });
  }

  function markDirty(form) {
    if (form) { form.dataset.dirty = "true"; }
  }

  function addRow(name, button) {
    var container = document.querySelector('[data-rows="' + name + '"]');
    var template = document.querySelector('template[data-template="' + name + '"]');
    var total = document.getElementById("id_" + name + "-TOTAL_FORMS");
    if (!container || !template || !total) { return; }
    var index = Number(total.value);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    container.appendChild(row);
    total.value = index + 1;
    renumber(container);
    applyKindVisibility(row);
    markDirty(button.closest("form"));
    var first = row.querySelector("select, input:not([type=hidden]), textarea");
    if (first) { first.focus(); }
  }

  function removeRow(row) {
    var container = row.parentElement;
    var deleteBox = row.querySelector('input[type="checkbox"][name$="-DELETE"]');
    if (deleteBox) { deleteBox.checked = true; }
    row.classList.add("row-removed", "d-none");
    var undo = document.createElement("div");
    undo.className = "alert alert-light border py-1 px-2 small mb-2 removed-note";
    undo.setAttribute("role", "status");
    var text = document.createElement("span");
    text.textContent = (document.documentElement.lang === "en" ? "Removed. " : "حذف شد. ");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-link btn-sm p-0 align-baseline";
    button.textContent = (document.documentElement.lang === "en" ? "Undo" : "بازگردانی");
    button.addEventListener("click", function () {
      if (deleteBox) { deleteBox.checked = false; }
      row.classList.remove("row-removed", "d-none");
      undo.remove();
      renumber(container);
    });
    undo.appendChild(text);
    undo.appendChild(button);
    row.after(undo);
    renumber(container);
    markDirty(row.closest("form"));
  }

  function moveRow(row, direction) {
    var container = row.parentElement;
    var rows = visibleRows(container);
    var index = rows.indexOf(row);
    if (direction === "up" && index > 0) {
      container.insertBefore(row, rows[index - 1]);
    } else if (direction === "down" && index < rows.length - 1) {
      container.insertBefore(rows[index + 1], row);
    }
    renumber(container);
    markDirty(row.closest("form"));
    var button = row.querySelector('[data-move="' + direction + '"]');
    if (button) { button.focus(); }
  }

  /* Fields that only matter for one choice: shown and hidden with the choice. */
  function applyKindVisibility(scope) {
    scope.querySelectorAll('select[name$="-responsible_kind"]').forEach(function (select) {
      var row = select.closest("[data-row]");
      row.querySelectorAll("[data-show-when-responsible]").forEach(function (part) {
        part.classList.toggle("d-none", part.getAttribute("data-show-when-responsible") !== select.value);
      });
    });
    scope.querySelectorAll('select[name$="-kind"]').forEach(function (select) {
      var row = select.closest("[data-row]");
      if (!row) { return; }
      row.querySelectorAll("[data-show-when-kind]").forEach(function (part) {
        part.classList.toggle("d-none", part.getAttribute("data-show-when-kind") !== select.value);
      });
    });
  }

  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-row]");
    if (add) { addRow(add.getAttribute("data-add-row"), add); return; }
    var remove = event.target.closest("[data-remove-row]");
    if (remove) { removeRow(remove.closest("[data-row]")); return; }
    var move = event.target.closest("[data-move]");
    if (move) { moveRow(move.closest("[data-row]"), move.getAttribute("data-move")); }
  });

  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-formset-form]");
    markDirty(form);
    var row = event.target.closest("[data-row]");
    if (row) { applyKindVisibility(row); }
  });

  document.addEventListener("input", function (event) {
    markDirty(event.target.closest("form[data-formset-form]"));
  });

  /* A person or organization created in a dialog becomes a choice in every matching list. */
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var created = event.detail.target.querySelector("[data-created-kind]");
    if (!created) { return; }
    var kind = created.getAttribute("data-created-kind");
    var value = created.getAttribute("data-created-value");
    var label = created.getAttribute("data-created-label");
    var names = kind === "person"
      ? ["-person", "-speaker", "-substitute_for", "chair"]
      : ["-organization", "-responsible_organization", "-proposed_by", "-new_committee_lead", "host_organization"];
    document.querySelectorAll("select").forEach(function (select) {
      var matches = names.some(function (suffix) { return select.name.slice(-suffix.length) === suffix; });
      if (matches && !select.querySelector('option[value="' + value + '"]')) {
        select.appendChild(new Option(label, value));
      }
    });
    document.querySelectorAll("template[data-template]").forEach(function (template) {
      template.content.querySelectorAll("select").forEach(function (select) {
        var matches = names.some(function (suffix) { return select.name.slice(-suffix.length) === suffix; });
        if (matches) { select.appendChild(new Option(label, value)); }
      });
    });
  });

  /* The date picker reads and writes ASCII digits; people read Persian ones. Give the picker
     ASCII digits while the field has focus, and show Persian digits again when it is left. */
  var toAscii = function (text) { return text.replace(/[۰-۹]/g, function (d) { return String(PERSIAN_DIGITS.indexOf(d)); }); };
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-jdp]")) {
      event.target.value = toAscii(event.target.value);
    }
  }, true);
  document.addEventListener("focusout", function (event) {
    if (event.target.matches && event.target.matches("input[data-jdp]")) {
      event.target.value = localDigits(event.target.value);
    }
  }, true);

  /* Escape or Tab closes the date picker, as a keyboard user expects. The picker finishes opening
     300 ms after it starts (and then shows itself even if it was closed meanwhile), so it is
     closed again once that has passed, unless a date field has the focus by then. Escape also
     leaves the field, which would otherwise open the picker again. */
  function closeDatePicker() {
    window.jalaliDatepicker.hide();
    window.setTimeout(function () {
      var focused = document.activeElement;
      if (!(focused && focused.matches && focused.matches("input[data-jdp]"))) {
        window.jalaliDatepicker.hide();
      }
    }, 350);
  }
  document.addEventListener("keydown", function (event) {
    if ((event.key === "Escape" || event.key === "Tab") && window.jalaliDatepicker) {
      if (event.key === "Escape" && event.target.matches && event.target.matches("input[data-jdp]")) {
        event.target.blur();
      }
      closeDatePicker();
    }
  });

  /* A form with data-confirm asks before it is sent (deleting a session, say). */
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  function init() {
    document.querySelectorAll("[data-rows]").forEach(function (container) {
      renumber(container);
      if (container.hasAttribute("data-sortable") && window.Sortable) {
        window.Sortable.create(container, {
          handle: ".drag-handle",
          draggable: "[data-row]",
          animation: 120,
          onEnd: function () { renumber(container); markDirty(container.closest("form")); }
        });
      }
    });
    applyKindVisibility(document);
    if (window.jalaliDatepicker) {
      window.jalaliDatepicker.startWatch({ persianDigits: usesPersian, autoShow: true, autoHide: true, hideAfterChange: true });
    }
    document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
      form.addEventListener("submit", function () { form.dataset.submitting = "true"; });
      window.addEventListener("beforeunload", function (event) {
        if (form.dataset.dirty === "true" && form.dataset.submitting !== "true") {
          event.preventDefault();
          event.returnValue = "";
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
