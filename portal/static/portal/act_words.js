/* Two small enhancements of the public pages; both work without it.
   1. The language switch keeps the point the reader is on: the switch links get the current #anchor.
   2. On a citation page, the "Copy" buttons copy a citation's text (the text stays selectable without it). */
(function () {
  "use strict";

  function keepAnchor() {
    var links = document.querySelectorAll(".lang-switch a[href]");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href").split("#")[0];
      links[i].setAttribute("href", href + (window.location.hash || ""));
    }
  }

  function enableCopy() {
    var buttons = document.querySelectorAll("button.copy-citation[data-copy]");
    if (!navigator.clipboard || !window.isSecureContext) { return; }
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function (event) {
        var target = document.getElementById(event.currentTarget.getAttribute("data-copy"));
        var status = document.getElementById("copy-status");
        if (!target) { return; }
        navigator.clipboard.writeText(target.textContent.trim()).then(function () {
          if (status) { status.textContent = status.getAttribute("data-copied") || ""; }
        });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () { keepAnchor(); enableCopy(); });
  window.addEventListener("hashchange", keepAnchor);
}());
