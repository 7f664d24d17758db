// SOFA Desk's own enhancements, all optional: every page works without them (progressive enhancement).
// - a <select data-combobox> becomes an accessible autocomplete (WAI-ARIA combobox with a listbox popup):
//   type part of a State's name, choose with the arrow keys and Enter, or with the mouse; the select stays
//   in the form (hidden) and carries the value;
// - a button [data-add-row="template-id"] adds a row (a leg, a booking) from a <template>, in the page,
//   without a round trip;
// - an error summary takes the focus when the page opens, so that a screen reader hears it first.
// The words these controls say come from the page (data attributes rendered in the reader's language).
(function () {
  "use strict";
  document.documentElement.classList.add("sd-js");
  var counter = 0;

  function text(key, fallback) {
    var value = document.body && document.body.getAttribute("data-" + key);
    return value || fallback;
  }

  function combobox(select) {
    if (select.getAttribute("data-enhanced")) return;
    select.setAttribute("data-enhanced", "1");
    var id = select.id || "sd-combo-" + (++counter);
    var options = Array.prototype.filter.call(select.options, function (o) { return o.value; })
      .map(function (o) { return { value: o.value, label: o.text, key: o.text.toLocaleLowerCase() + " " + o.value.toLowerCase() }; });
    var wrap = document.createElement("div");
    wrap.className = "sd-combobox";
    var input = document.createElement("input");
    input.type = "text";
    input.className = "usa-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    ["aria-describedby", "aria-invalid", "required"].forEach(function (name) {
      if (select.hasAttribute(name)) input.setAttribute(name, select.getAttribute(name));
    });
    var list = document.createElement("ul");
    list.setAttribute("role", "listbox");
    list.className = "sd-combobox__list";
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    select.id = id + "-select";
    input.id = id;
    list.id = id + "-listbox";
    input.setAttribute("aria-controls", list.id);
    var label = document.querySelector('label[for="' + id + '"]');
    if (label) list.setAttribute("aria-label", label.textContent.trim());
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.parentNode.insertBefore(wrap, select);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(status);
    wrap.appendChild(select);
    var chosen = select.options[select.selectedIndex];
    input.value = chosen && chosen.value ? chosen.text : "";
    var shown = [];
    var active = -1;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function choose(option) {
      select.value = option.value;
      input.value = option.label;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      close();
    }
    function highlight(index) {
      var items = list.children;
      if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && items[active]) {
        items[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[active].id);
        items[active].scrollIntoView({ block: "nearest" });
      }
    }
    function open() {
      var query = input.value.trim().toLocaleLowerCase();
      shown = options.filter(function (o) { return !query || o.key.indexOf(query) !== -1; });
      // An exact code first, then names that start with what was typed, then a word that does, then the rest.
      function rank(o) {
        if (o.value.toLowerCase() === query) return 0;
        if (o.key.indexOf(query) === 0) return 1;
        if (o.key.indexOf(" " + query) !== -1 || o.key.indexOf("-" + query) !== -1) return 2;
        return 3;
      }
      shown.sort(function (a, b) { return rank(a) - rank(b); });
      shown = shown.slice(0, 60);
      list.textContent = "";
      shown.forEach(function (o, i) {
        var item = document.createElement("li");
        item.id = id + "-option-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = o.label;
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(o); });
        list.appendChild(item);
      });
      list.hidden = shown.length === 0;
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      status.textContent = shown.length ? text("results", "%n").replace("%n", String(shown.length)) : text("no-results", "");
      active = -1;
    }
    input.addEventListener("input", function () {
      if (!input.value.trim()) select.value = "";
      open();
    });
    input.addEventListener("focus", function () { input.select(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        if (list.hidden) open();
        highlight(Math.min(active + 1, shown.length - 1));
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        highlight(Math.max(active - 1, 0));
        event.preventDefault();
      } else if (event.key === "Enter") {
        if (!list.hidden && (active >= 0 || shown.length === 1)) {
          choose(shown[active >= 0 ? active : 0]);
          event.preventDefault();
        }
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () {
      var typed = input.value.trim().toLocaleLowerCase();
      var exact = options.filter(function (o) { return o.label.toLocaleLowerCase() === typed || o.value.toLowerCase() === typed; });
      if (exact.length) choose(exact[0]);
      else if (!typed) select.value = "";
      else {
        var current = select.options[select.selectedIndex];
        input.value = current && current.value ? current.text : "";
      }
      close();
    });
  }

  function enhance(root) {
    Array.prototype.forEach.call(root.querySelectorAll("select[data-combobox]"), combobox);
  }

  function addRow(button) {
    var template = document.getElementById(button.getAttribute("data-add-row"));
    var target = document.getElementById(button.getAttribute("data-rows-target"));
    if (!template || !target) return;
    var index = target.querySelectorAll("[data-row]").length;
    var max = parseInt(button.getAttribute("data-max") || "0", 10);
    if (max && index >= max) return;
    var html = template.innerHTML.split("__i__").join(String(index)).split("__n__").join(String(index + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    target.appendChild(row);
    enhance(row);
    var first = row.querySelector("input, select, textarea");
    if (first) first.focus();
    if (max && index + 1 >= max) button.disabled = true;
  }

  function start() {
    enhance(document);
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-add-row]");
      if (button) { event.preventDefault(); addRow(button); }
    });
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
    document.body.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
