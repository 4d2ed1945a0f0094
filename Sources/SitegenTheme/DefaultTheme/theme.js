// sitegen default theme: the colour scheme toggle and the copy buttons of code blocks. Written by hand, without a
// library: two small behaviours, and the theme ships no third-party code. Without JavaScript the page works as
// before: the scheme follows the system, and code is selected by hand.
(function () {
  "use strict";
  // base.mustache's inline script reads the same key before the stylesheet applies, so the page never paints in
  // the other scheme first. "light" or "dark"; absent: follow the system.
  var KEY = "sitegen-theme";
  var root = document.documentElement;

  function stored() {
    try {
      var value = localStorage.getItem(KEY);
      return value === "light" || value === "dark" ? value : "system";
    } catch (e) {
      return "system";
    }
  }

  function store(choice) {
    try {
      if (choice === "system") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, choice);
    } catch (e) {
      // Storage refused (private mode, a policy): the choice holds for this page only.
    }
  }

  // One polite live region for both behaviours' announcements.
  var status;
  function announce(text) {
    if (!status) {
      status = document.createElement("div");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      document.body.appendChild(status);
    }
    status.textContent = "";
    // A change the screen reader sees even when the same words are announced twice in a row.
    setTimeout(function () { status.textContent = text; }, 50);
  }

  var NAMES = { system: "System", light: "Light", dark: "Dark" };
  var NEXT = { system: "light", light: "dark", dark: "system" };

  function apply(choice) {
    if (choice === "system") delete root.dataset.theme;
    else root.dataset.theme = choice;
  }

  function setUpToggle() {
    var button = document.querySelector("[data-theme-choice]");
    if (!button) return;
    var label = button.querySelector(".theme-toggle-label");
    function show(choice) {
      button.dataset.themeChoice = choice;
      label.textContent = NAMES[choice];
    }
    // The inline script in <head> has applied the stored choice before the first paint, unless a
    // Content-Security-Policy without its hash blocked it: then it is applied here, late but not wrong.
    apply(stored());
    show(stored());
    button.hidden = false;
    button.addEventListener("click", function () {
      var choice = NEXT[button.dataset.themeChoice] || "system";
      store(choice);
      apply(choice);
      show(choice);
      announce("Colour scheme: " + NAMES[choice]);
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Plain http (a preview on the LAN) has no Clipboard API: a hidden text area and the older copy command.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(area);
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  function setUpCopyButtons() {
    var blocks = document.querySelectorAll(".article-body pre");
    for (var i = 0; i < blocks.length; i++) {
      var pre = blocks[i];
      if (pre.closest(".code-block")) continue;
      var wrapper = document.createElement("div");
      wrapper.className = "code-block";
      pre.parentNode.insertBefore(wrapper, pre);
      wrapper.appendChild(pre);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code");
      wrapper.appendChild(button);
      button.addEventListener("click", function (event) {
        var target = event.currentTarget;
        var code = target.parentNode.querySelector("pre");
        copyText(code.innerText.replace(/\n$/, "")).then(function () {
          target.textContent = "Copied";
          announce("Copied");
        }, function () {
          target.textContent = "Copy failed";
          announce("Copy failed: select the code and copy it by hand");
        }).then(function () {
          setTimeout(function () { target.textContent = "Copy"; }, 2000);
        });
      });
    }
  }

  function start() {
    setUpToggle();
    setUpCopyButtons();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
