/* ssg default theme: copy buttons on code blocks and the dark-mode toggle. No dependencies. */
(function () {
  "use strict";
  function addCopyButtons() {
    document.querySelectorAll("figure.code-block").forEach(function (figure) {
      var code = figure.querySelector("pre code");
      if (!code || !navigator.clipboard) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code to clipboard");
      button.addEventListener("click", function () {
        // line numbers are empty spans drawn by CSS, so textContent is the code alone
        navigator.clipboard.writeText(code.textContent).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        });
      });
      (figure.querySelector(".highlight") || figure).appendChild(button);
    });
  }
  function setUpThemeToggle() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    var root = document.documentElement;
    function isDark() {
      var set = root.getAttribute("data-theme");
      if (set) return set === "dark";
      return window.matchMedia("(prefers-color-scheme: dark)").matches;
    }
    function show() { button.setAttribute("aria-pressed", isDark() ? "true" : "false"); }
    button.hidden = false;
    show();
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("theme", next); } catch (e) {}
      show();
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { addCopyButtons(); setUpThemeToggle(); });
  } else { addCopyButtons(); setUpThemeToggle(); }
})();
