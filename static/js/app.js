/* Simpul Desa — small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // The phone menu is hidden by CSS only when this class is present, so without JavaScript it stays open.
  document.documentElement.classList.add("js");

  function siapkanMenu() {
    var tombol = document.querySelector(".tombol-menu");
    var nav = document.getElementById("navigasi");
    if (!tombol || !nav) return;
    tombol.addEventListener("click", function () {
      var buka = tombol.getAttribute("aria-expanded") !== "true";
      tombol.setAttribute("aria-expanded", String(buka));
      nav.classList.toggle("terbuka", buka);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      if (nav.classList.contains("terbuka")) {
        nav.classList.remove("terbuka");
        tombol.setAttribute("aria-expanded", "false");
        tombol.focus();
      }
      var menu = document.querySelector(".menu-pengguna[open]");
      if (menu) {
        menu.removeAttribute("open");
        menu.querySelector("summary").focus();
      }
    });
    // Close the user menu when clicking elsewhere.
    document.addEventListener("click", function (e) {
      var menu = document.querySelector(".menu-pengguna[open]");
      if (menu && !menu.contains(e.target)) menu.removeAttribute("open");
    });
  }

  // htmx: send the CSRF token with every request it makes (the token is in the page's forms or cookie).
  function siapkanCsrf() {
    document.body.addEventListener("htmx:configRequest", function (e) {
      var input = document.querySelector("input[name=csrfmiddlewaretoken]");
      if (input) e.detail.headers["X-CSRFToken"] = input.value;
    });
  }

  // A refused form with a long list of rows: bring its error summary (links to each field) into view.
  function fokusRingkasanGalat() {
    var ringkasan = document.getElementById("ringkasan-galat");
    if (ringkasan) ringkasan.focus();
  }

  function siapkan() {
    siapkanMenu();
    siapkanCsrf();
    fokusRingkasanGalat();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", siapkan);
  } else {
    siapkan();
  }
})();
