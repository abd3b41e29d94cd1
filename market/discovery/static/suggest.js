// Autocomplete for the search box: fills the <datalist> from /api/v1/search/suggest. The page
// works without it.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (!input || !list || !window.fetch) return;
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var prefix = input.value.trim();
    if (!prefix) return;
    timer = setTimeout(function () {
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(prefix))
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (body) {
          list.replaceChildren();
          // items (text, kind, listings) where the server sends them; a line standing for
          // several models of one vendor says how many.
          var items = body.items || body.suggestions.map(function (text) {
            return { text: text, kind: "name", listings: 1 };
          });
          items.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.text;
            if (item.kind === "name" && item.listings > 1) {
              option.label = item.text + " (" + item.listings + ")";
            }
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 150);
  });
})();
