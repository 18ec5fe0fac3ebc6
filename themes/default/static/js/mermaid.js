/* Draw ```mermaid diagrams with the bundled mermaid (loaded only on pages that have one). */
(function () {
  "use strict";
  var dark = document.documentElement.getAttribute("data-theme") === "dark" ||
    (!document.documentElement.getAttribute("data-theme") &&
     window.matchMedia("(prefers-color-scheme: dark)").matches);
  window.mermaid.initialize({startOnLoad: false, theme: dark ? "dark" : "default"});
  window.mermaid.run({querySelector: "pre.mermaid"});
})();
