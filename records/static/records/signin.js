// The EDS sign-in page: when NCALayer (the national signing client) runs on the applicant's machine, sign the
// challenge with it (CMS, detached) and submit; otherwise the applicant pastes a signature made elsewhere.
(function () {
  "use strict";
  var NCALAYER = "wss://127.0.0.1:13579/";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("records-signin");
    var button = document.getElementById("records-ncalayer");
    var status = document.getElementById("records-ncalayer-status");
    if (!form || !button || typeof WebSocket === "undefined") return;
    var challenge = document.getElementById("records-challenge").textContent.trim();
    var socket;
    try {
      socket = new WebSocket(NCALAYER);
    } catch (e) {
      return;
    }
    socket.onopen = function () { button.hidden = false; };
    socket.onerror = function () { button.hidden = true; };
    socket.onmessage = function (event) {
      var answer = JSON.parse(event.data);
      if (answer.result === undefined && answer.responseObject === undefined) return; // the greeting
      var signature = answer.responseObject || (answer.result && answer.result.cms) || answer.result;
      if (typeof signature !== "string" || !signature) {
        status.textContent = answer.message || String(answer.code || "");
        return;
      }
      form.querySelector("textarea[name=signature]").value = signature;
      form.submit();
    };
    button.addEventListener("click", function () {
      socket.send(JSON.stringify({
        module: "kz.gov.pki.knca.commonUtils",
        method: "createCAdESFromBase64",
        args: ["PKCS12", "AUTHENTICATION", btoa(challenge), false]
      }));
    });
  });
})();
