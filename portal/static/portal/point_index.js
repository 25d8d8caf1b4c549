/* The act page lists its regulations' points (portal/act_index.py): an old permalink such as
   /kk/acts/003/#d1-p14 lands on the link to point 14 without JavaScript; with it, the reader goes straight
   to the point on the regulation page. */
(function () {
  "use strict";
  var id = decodeURIComponent(window.location.hash.slice(1));
  if (!id) { return; }
  var target = document.getElementById(id);
  var link = target && target.closest ? target.closest(".point-index a, .index-appendices a") : null;
  if (!link) { return; }
  var url = new URL(link.getAttribute("href"), window.location.href);
  url.hash = id;
  window.location.replace(url.href);
})();
