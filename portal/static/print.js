/* The report's Print button. A script file rather than an onclick attribute,
   so the page needs no inline script under the Content-Security-Policy. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();
