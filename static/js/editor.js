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
 *   input[data-move-to]         moves its row to the number typed (Enter)
 *   [data-section-count="name"] the number of rows of a section, in the section navigation
 *   select[data-tom-select]     a searchable multi-select (Tom Select)
 *   [data-summary="…"]          the one-line summary of a closed resolution row
 *   [data-deadline-check]       says when a new deadline date may contradict the quoted words
 *   [data-jump]                 an error summary's link: opens the row and focuses the field
 *   form[data-autosave="url"]   posts the unsaved form there every few seconds (and on leaving)
 *   #people-defaults            each person's [organization, position], filled in when a person is chosen
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
    var rows = visibleRows(container);
    rows.forEach(function (row, index) {
      var order = row.querySelector("input[data-order]");
      if (order) { order.value = index + 1; }
      var badge = row.querySelector("[data-row-number]");
      if (badge) { badge.textContent = localDigits(index + 1); }
    });
    var count = document.querySelector('[data-section-count="' + container.getAttribute("data-rows") + '"]');
    if (count) { count.textContent = localDigits(rows.length); }
  }

  function toAsciiDigits(text) {
    return String(text).replace(/[۰-۹]/g, function (d) { return String(PERSIAN_DIGITS.indexOf(d)); })
      .replace(/[٠-٩]/g, function (d) { return String("٠١٢٣٤٥٦٧٨٩".indexOf(d)); });
  }

  /* "Move to number N": the row goes to position N of its list (the nearest end if N is outside it). */
  function moveRowTo(row, position) {
    var container = row.parentElement;
    var rows = visibleRows(container).filter(function (other) { return other !== row; });
    var index = Math.max(0, Math.min(rows.length, position - 1));
    if (index >= rows.length) {
      var last = rows[rows.length - 1];
      if (last) { last.after(row); }
    } else {
      container.insertBefore(row, rows[index]);
    }
    renumber(container);
    markDirty(row.closest("form"));
    row.scrollIntoView({ block: "nearest" });
    var badge = row.querySelector("[data-row-number]");
    if (badge) { badge.classList.add("row-moved"); window.setTimeout(function () { badge.classList.remove("row-moved"); }, 1200); }
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
    initWidgets(row);
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
    scope.querySelectorAll('select[name$="-vote"]').forEach(function (select) {
      var row = select.closest("[data-row]");
      row.querySelectorAll("[data-show-when-vote]").forEach(function (part) {
        part.classList.toggle("d-none", part.getAttribute("data-show-when-vote") !== select.value);
      });
    });
    scope.querySelectorAll('select[name$="-kind"]').forEach(function (select) {
      var row = select.closest("[data-row]");
      if (!row) { return; }
      row.querySelectorAll("[data-show-when-kind]").forEach(function (part) {
        part.classList.toggle("d-none", part.getAttribute("data-show-when-kind").split(" ").indexOf(select.value) < 0);
      });
    });
  }

  document.addEventListener("click", function (event) {
    var rowToggle = event.target.closest("[data-row-toggle]");
    if (rowToggle) { setOpen(rowToggle.closest("[data-collapsible]"), rowToggle.getAttribute("aria-expanded") !== "true"); return; }
    var add = event.target.closest("[data-add-row]");
    if (add) { addRow(add.getAttribute("data-add-row"), add); return; }
    var remove = event.target.closest("[data-remove-row]");
    if (remove) { removeRow(remove.closest("[data-row]")); return; }
    var move = event.target.closest("[data-move]");
    if (move) { moveRow(move.closest("[data-row]"), move.getAttribute("data-move")); return; }
    var toggle = event.target.closest("[data-expand], [data-collapse]");
    if (toggle) {
      var open = toggle.hasAttribute("data-expand");
      var name = toggle.getAttribute(open ? "data-expand" : "data-collapse");
      document.querySelectorAll('[data-rows="' + name + '"] > [data-collapsible]').forEach(function (row) { setOpen(row, open); });
      return;
    }
    var jump = event.target.closest("[data-jump]");
    if (jump) { event.preventDefault(); jumpTo(jump.getAttribute("href").slice(1)); return; }
    var fix = event.target.closest("[data-deadline-fix]");
    if (fix) { fixDeadline(fix); }
  });

  /* A resolution row opens and closes on its toggle button; its body is hidden when closed. */
  function setOpen(row, open) {
    if (!row) { return; }
    var body = row.querySelector("[data-row-body]");
    var toggle = row.querySelector("[data-row-toggle]");
    if (body) { body.hidden = !open; }
    if (toggle) { toggle.setAttribute("aria-expanded", open ? "true" : "false"); }
    row.classList.toggle("is-open", open);
  }

  /* An error summary's link: open the closed row it is in, and put the cursor in the field. */
  function jumpTo(id) {
    var target = document.getElementById(id);
    if (!target) { return; }
    var closed = target.closest("[data-row-body][hidden]");
    if (closed) { setOpen(closed.closest("[data-collapsible]"), true); }
    var focusable = target.tomselect ? target.tomselect.control_input : target;
    target.scrollIntoView({ block: "center" });
    if (focusable.focus) { focusable.focus({ preventScroll: true }); }
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!(input.matches && input.matches("input[data-move-to]"))) { return; }
    if (event.key !== "Enter") { return; }
    event.preventDefault(); // Enter moves the row; it does not send the form
    var position = parseInt(toAsciiDigits(input.value), 10);
    input.value = "";
    if (position > 0) { moveRowTo(input.closest("[data-row]"), position); }
  });

  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-formset-form]");
    markDirty(form);
    var row = event.target.closest("[data-row]");
    if (row) {
      applyKindVisibility(row);
      fillFromPerson(event.target);
      if (event.target.name && /-deadline_(date|next_meeting)$/.test(event.target.name)) { checkDeadline(row); }
      summarize(row);
    }
  });

  document.addEventListener("input", function (event) {
    markDirty(event.target.closest("form[data-formset-form]"));
    var row = event.target.closest("[data-collapsible]");
    if (row && event.target.name && /-text$/.test(event.target.name)) { summarize(row); }
  });

  /* The quorum as the attendance is typed: the server counts it (meetings/minutes/quorum.py, the
     same rule as the minutes); the line asks again whenever the attendance changes. */
  function updateQuorum() {
    var status = document.getElementById("quorum-status");
    if (status && window.htmx) { window.htmx.trigger(status, "quorum-check"); }
  }
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest('[data-rows="attendance"]')) { updateQuorum(); }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest('[data-rows="attendance"] [data-remove-row], [data-add-row="attendance"], .removed-note button')) {
      window.setTimeout(updateQuorum, 0);
    }
  });

  /* Choosing a person fills in their organization and position, unless someone typed other ones. */
  var peopleDefaults = null;
  function fillFromPerson(select) {
    if (!select.name || !/-(person|speaker)$/.test(select.name)) { return; }
    if (peopleDefaults === null) {
      var source = document.getElementById("people-defaults");
      peopleDefaults = source ? JSON.parse(source.textContent) : {};
    }
    var defaults = peopleDefaults[select.value];
    if (!defaults) { return; }
    var row = select.closest("[data-row]");
    var organization = row.querySelector('select[name$="-organization"]');
    var position = row.querySelector('input[name$="-position"], input[name$="-speaker_position"]');
    [[organization, defaults[0] === null ? "" : String(defaults[0])], [position, defaults[1] || ""]].forEach(function (pair) {
      var field = pair[0];
      if (field && (!field.value || field.dataset.autofilled === "true")) {
        field.value = pair[1];
        field.dataset.autofilled = "true";
      }
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.dataset) { delete event.target.dataset.autofilled; } // typed by hand: kept
  });

  /* A closed resolution row reads as one line: what it says, who acts, by when. */
  function selectedLabel(select) {
    return select && select.selectedIndex > 0 ? select.options[select.selectedIndex].text : "";
  }
  function summarize(row) {
    if (!row.querySelector("[data-summary]")) { return; }
    var text = row.querySelector('textarea[name$="-text"]');
    var gist = text ? text.value.trim().replace(/\s+/g, " ") : "";
    row.querySelector('[data-summary="text"]').textContent = gist.length > 110 ? gist.slice(0, 110) + "…" : gist;
    var kind = row.querySelector('select[name$="-responsible_kind"]');
    var who = "";
    if (kind) {
      var specific = row.querySelector('[data-show-when-responsible="' + kind.value + '"] select');
      who = selectedLabel(specific) || (kind.value !== "none" ? selectedLabel(kind) : "");
    }
    row.querySelector('[data-summary="responsible"]').textContent = who;
    var date = row.querySelector('input[name$="-deadline_date"]');
    var next = row.querySelector('input[name$="-deadline_next_meeting"]');
    var when = [date && date.value ? localDigits(date.value) : "", next && next.checked ? (next.closest(".form-check").textContent.trim()) : ""];
    row.querySelector('[data-summary="deadline"]').textContent = when.filter(Boolean).join(usesPersian ? "، " : ", ");
  }

  /* A new deadline date beside old words ("حداکثر تا پایان شهریور") or a ticked "by the next
     session" may make the minutes say two deadlines: say so, and offer to fix it. */
  function checkDeadline(row) {
    var check = row.querySelector("[data-deadline-check]");
    if (!check || check.dataset.kept === "true") { return; }
    var date = row.querySelector('input[name$="-deadline_date"]');
    var wording = row.querySelector('[name$="-deadline_text"]');
    var next = row.querySelector('input[name$="-deadline_next_meeting"]');
    var hasWords = wording && wording.value.trim();
    var hasNext = next && next.checked;
    if (!date || !date.value || (!hasWords && !hasNext)) { check.classList.add("d-none"); return; }
    var message = check.querySelector("[data-deadline-message]");
    var parts = [];
    if (hasWords) { parts.push(message.getAttribute("data-wording").replace("%(words)s", wording.value.trim())); }
    if (hasNext) { parts.push(message.getAttribute("data-next")); }
    message.textContent = parts.join(" ");
    check.querySelector('[data-deadline-fix="wording"]').classList.toggle("d-none", !hasWords);
    check.querySelector('[data-deadline-fix="next"]').classList.toggle("d-none", !hasNext);
    check.classList.remove("d-none");
  }
  function fixDeadline(button) {
    var row = button.closest("[data-row]");
    var what = button.getAttribute("data-deadline-fix");
    var check = row.querySelector("[data-deadline-check]");
    if (what === "wording") { row.querySelector('[name$="-deadline_text"]').value = ""; }
    if (what === "next") { row.querySelector('input[name$="-deadline_next_meeting"]').checked = false; }
    if (what === "keep") { check.dataset.kept = "true"; check.classList.add("d-none"); }
    else { checkDeadline(row); }
    markDirty(row.closest("form"));
    summarize(row);
  }

  /* Searchable multi-selects (collaborating organizations). */
  function initWidgets(scope) {
    if (window.TomSelect) {
      scope.querySelectorAll("select[data-tom-select]").forEach(function (select) {
        if (select.tomselect) { return; }
        var noResults = select.getAttribute("data-no-results") || "";
        new window.TomSelect(select, {
          plugins: ["remove_button"],
          maxOptions: null,
          hidePlaceholder: true,
          placeholder: select.getAttribute("data-placeholder") || "",
          render: { no_results: function () { var div = document.createElement("div"); div.className = "no-results"; div.textContent = noResults; return div; } },
          onChange: function () { markDirty(select.closest("form")); }
        });
      });
    }
    if (scope.matches && scope.matches("[data-collapsible]")) { summarize(scope); }
    scope.querySelectorAll("[data-collapsible]").forEach(summarize);
  }

  /* Autosave: the unsaved form is posted to the server every few seconds and when the tab is
     hidden or closed; the editor offers it back when opened again (meetings/drafts.py). */
  var AUTOSAVE_MS = 10000;
  function startAutosave(form) {
    var url = form.getAttribute("data-autosave");
    var status = document.getElementById("autosave-status");
    var changes = 0;
    var saved = 0;
    form.addEventListener("input", function () { changes += 1; });
    form.addEventListener("change", function () { changes += 1; });
    if (form.dataset.dirty === "true") { changes += 1; } // a restored draft is still unsaved
    function send(leaving) {
      if (changes === saved || form.dataset.submitting === "true") { return; }
      var upTo = changes;
      var data = new FormData(form);
      if (leaving && navigator.sendBeacon) {
        if (navigator.sendBeacon(url, data)) { saved = upTo; }
        return;
      }
      window.fetch(url, { method: "POST", body: data, credentials: "same-origin" }).then(function (response) {
        if (response.status === 204) {
          saved = upTo;
          if (status) { status.textContent = status.getAttribute("data-saved-label") + " " + (response.headers.get("X-Autosaved-At") || ""); }
        } else if (status) {
          status.textContent = status.getAttribute("data-failed-label");
        }
      }).catch(function () {
        if (status) { status.textContent = status.getAttribute("data-failed-label"); }
      });
    }
    window.setInterval(function () { send(false); }, AUTOSAVE_MS);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { send(true); } });
    window.addEventListener("pagehide", function () { send(true); });
    form.autosaveNow = function () { send(false); };
  }

  /* A person or organization created in a dialog becomes a choice in every matching list. */
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var created = event.detail.target.querySelector("[data-created-kind]");
    if (!created) { return; }
    var kind = created.getAttribute("data-created-kind");
    var value = created.getAttribute("data-created-value");
    var label = created.getAttribute("data-created-label");
    if (kind === "person") {  // choosing the new person fills in their organization and position too
      if (peopleDefaults === null) {
        var source = document.getElementById("people-defaults");
        peopleDefaults = source ? JSON.parse(source.textContent) : {};
      }
      var organization = created.getAttribute("data-created-organization");
      peopleDefaults[value] = [organization ? Number(organization) : null, created.getAttribute("data-created-position") || ""];
    }
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
  /* A day picked in the calendar is written after the field has lost the focus: show it in
     Persian digits as soon as it is there. */
  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var field = event.target;
      if (field.matches && field.matches("input[data-jdp]") && document.activeElement !== field) {
        var shown = localDigits(field.value);
        if (shown !== field.value) { field.value = shown; }
      }
    }, true);
  });

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

  function init() {
    document.querySelectorAll("[data-rows]").forEach(function (container) {
      renumber(container);
      if (container.hasAttribute("data-sortable") && window.Sortable) {
        window.Sortable.create(container, {
          handle: ".drag-handle",
          forceFallback: true, // pointer events: the same on touch screens as with a mouse
          draggable: "[data-row]",
          animation: 120,
          onEnd: function () { renumber(container); markDirty(container.closest("form")); }
        });
      }
    });
    applyKindVisibility(document);
    initWidgets(document);
    document.querySelectorAll("form[data-autosave]").forEach(startAutosave);
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
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
