/* Toolpath: a little progressive enhancement. Every page works without it. */
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Live outcome-quality feedback: POST the statement to the checker as the writer types. */
  function renderReport(box, report) {
    box.textContent = "";
    var summary = el("p", "check-summary");
    summary.appendChild(document.createTextNode(report.verb ? "Verb " : "No verb found"));
    if (report.verb) summary.appendChild(el("strong", "", report.verb));
    if (report.bloom_levels && report.bloom_levels.length) summary.appendChild(document.createTextNode(" · Bloom: " + report.bloom_levels.join(", ")));
    if (report.psychomotor_levels && report.psychomotor_levels.length) summary.appendChild(document.createTextNode(" · Psychomotor: " + report.psychomotor_levels.join(", ")));
    if (!report.findings.length) { summary.appendChild(document.createTextNode(" · ")); summary.appendChild(el("span", "ok", "Looks measurable and complete")); }
    box.appendChild(summary);
    if (report.findings.length) {
      var list = el("ul", "findings");
      report.findings.forEach(function (f) {
        var li = el("li", "finding finding-" + f.severity);
        li.dataset.code = f.code;
        li.appendChild(el("span", "tag", f.code.replace(/_/g, " ")));
        li.appendChild(document.createTextNode(" " + f.message));
        if (f.suggestion) li.appendChild(el("span", "muted", " " + (Array.isArray(f.suggestion) ? f.suggestion.join(", ") : f.suggestion)));
        list.appendChild(li);
      });
      box.appendChild(list);
    }
  }

  document.querySelectorAll("textarea[data-check]").forEach(function (area) {
    var box = document.getElementById(area.getAttribute("aria-describedby"));
    var timer = null, seq = 0;
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var statement = area.value.trim(), mine = ++seq;
        if (!statement) { box.textContent = ""; return; }
        fetch(area.dataset.check, {
          method: "POST", credentials: "same-origin",
          headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
          body: JSON.stringify({statement: statement})
        }).then(function (r) { return r.ok ? r.json() : null; })
          .then(function (report) { if (report && mine === seq) { renderReport(box, report); box.dataset.checked = statement; } })
          .catch(function () { /* feedback is a help, not a gate: saving still checks */ });
      }, 300);
    });
  });

  /* Question forms: show only the fields the chosen item type uses. */
  document.querySelectorAll("[data-item-form]").forEach(function (form) {
    var type = form.querySelector("[data-item-type]");
    function sync() {
      form.querySelectorAll("[data-for]").forEach(function (part) {
        part.hidden = part.dataset.for.split(" ").indexOf(type.value) < 0;
      });
    }
    type.addEventListener("change", sync);
    sync();
  });

  /* Ask before destructive actions. */
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  /* Lesson text: a small rich-text editor over the HTML textarea (the server sanitises what it gets). */
  document.querySelectorAll("textarea[data-rich]").forEach(function (area) {
    var form = area.form, toolbar = form.querySelector("[data-toolbar]");
    var editor = el("div", "rich-editor");
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    editor.setAttribute("aria-label", "Lesson text");
    editor.innerHTML = area.value;
    area.hidden = true;
    area.parentNode.insertBefore(editor, area);
    if (toolbar) {
      toolbar.hidden = false;
      toolbar.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-cmd]");
        if (!button) return;
        editor.focus();
        document.execCommand(button.dataset.cmd, false, button.dataset.arg || null);
      });
    }
    form.addEventListener("submit", function () { area.value = editor.innerHTML; });
  });
})();
