/* ssg default theme: copy buttons (code, share links), the dark-mode toggle, keyboard-scrollable tables and the
   current table-of-contents entry. No dependencies. */
(function () {
  "use strict";
  function addCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll("figure.code-block").forEach(function (figure) {
      var code = figure.querySelector("pre code");
      if (!code) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      button.setAttribute("aria-live", "polite");
      button.addEventListener("click", function () {
        // line numbers are empty spans drawn by CSS, so textContent is the code alone
        navigator.clipboard.writeText(code.textContent).then(function () {
          button.textContent = "Copied!";
          button.classList.add("copied");
          setTimeout(function () { button.textContent = "Copy"; button.classList.remove("copied"); }, 1600);
        }, function () { button.textContent = "Press Ctrl+C"; });
      });
      figure.appendChild(button);
    });
  }
  function setUpThemeToggle() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    var root = document.documentElement;
    var query = window.matchMedia("(prefers-color-scheme: dark)");
    function isDark() {
      var set = root.getAttribute("data-theme");
      return set ? set === "dark" : query.matches;
    }
    function show() { button.setAttribute("aria-pressed", isDark() ? "true" : "false"); }
    button.hidden = false;
    show();
    if (query.addEventListener) query.addEventListener("change", show);
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("theme", next); } catch (e) {}
      show();
    });
  }
  function focusableWideTables() {
    document.querySelectorAll(".post-body table").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) table.tabIndex = 0;
    });
  }
  function highlightTocEntry() {
    var links = document.querySelectorAll(".toc a[href^='#']");
    if (!links.length || !window.IntersectionObserver) return;
    var byId = {};
    links.forEach(function (a) { byId[decodeURIComponent(a.hash.slice(1))] = a; });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        links.forEach(function (a) { a.removeAttribute("aria-current"); });
        byId[entry.target.id].setAttribute("aria-current", "location");
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) {
      var heading = document.getElementById(id);
      if (heading) observer.observe(heading);
    });
  }
  function setUpCopyLinks() {
    if (!navigator.clipboard) return;
    document.querySelectorAll("button.copy-link[data-url]").forEach(function (button) {
      button.hidden = false;
      button.setAttribute("aria-live", "polite");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.getAttribute("data-url")).then(function () {
          button.textContent = "Link copied";
          setTimeout(function () { button.textContent = "Copy link"; }, 1600);
        }, function () { button.textContent = "Press Ctrl+C"; });
      });
    });
  }
  function start() {
    addCopyButtons(); setUpCopyLinks(); setUpThemeToggle(); focusableWideTables(); highlightTocEntry();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
