/* Permalinks of points: the "#" link next to each point works without JavaScript (it jumps to the
   point); with JavaScript it copies the full address to the clipboard and announces it politely. */
(function () {
  "use strict";

  function absolute(link) {
    return new URL(link.getAttribute("data-permalink") || link.getAttribute("href"), window.location.href).href;
  }

  function announce(text) {
    var status = document.getElementById("copy-status");
    if (!status) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function messages() {
    var status = document.getElementById("copy-status");
    return {
      copied: (status && status.getAttribute("data-copied")) || "Link copied",
      failed: (status && status.getAttribute("data-failed")) || "Could not copy the link"
    };
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.plink") : null;
    if (!link || !navigator.clipboard || !window.isSecureContext) { return; }
    event.preventDefault();
    var url = absolute(link);
    var text = messages();
    navigator.clipboard.writeText(url).then(function () {
      link.classList.add("copied");
      window.setTimeout(function () { link.classList.remove("copied"); }, 1500);
      announce(text.copied);
    }, function () {
      window.location.hash = link.getAttribute("href");
      announce(text.failed);
    });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", link.getAttribute("href"));
    }
  });

  /* Printed copies show the address of every point. */
  document.addEventListener("DOMContentLoaded", function () {
    var links = document.querySelectorAll("a.plink");
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("data-print-url", absolute(links[i]));
    }
  });
}());
