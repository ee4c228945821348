/* geokg: the first script of a page. Errors and console warnings of every later script
 * (a library that did not load, a bug) are counted on <html data-errors>, so a headless
 * browser can tell a clean page from a broken one by its DOM alone. */
(function () {
  "use strict";
  var root = document.documentElement;
  var messages = [];

  function note(text) {
    messages.push(String(text));
    root.setAttribute("data-errors", String(messages.length));
    root.setAttribute("data-error-messages", messages.slice(0, 5).join(" | "));
  }

  // Capture phase: a script or image that fails to load reports here, not on window.
  window.addEventListener("error", function (ev) {
    var target = ev.target && ev.target !== window ? (ev.target.src || ev.target.href || ev.target.tagName) : null;
    note(ev.message || ("failed to load " + target));
  }, true);
  window.addEventListener("unhandledrejection", function (ev) { note("unhandled rejection: " + ev.reason); });
  ["error", "warn"].forEach(function (level) {
    var original = console[level];
    console[level] = function () {
      note(level + ": " + Array.prototype.join.call(arguments, " "));
      return original.apply(console, arguments);
    };
  });
})();
