/* Typeset \( \) and \[ \] math with the bundled KaTeX (loaded only on pages that use math). */
(function () {
  "use strict";
  var body = document.querySelector(".e-content, .post-body") || document.body;
  window.renderMathInElement(body, {
    delimiters: [
      {left: "\\[", right: "\\]", display: true},
      {left: "\\(", right: "\\)", display: false},
      {left: "$$", right: "$$", display: true}
    ],
    throwOnError: false
  });
})();
