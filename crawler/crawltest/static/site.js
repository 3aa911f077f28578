// London Daily site behaviour: consent banner, copy link, audio dock.
document.addEventListener("click", function (e) {
  var t = e.target;
  if (t.matches(".consent-banner button")) { t.closest(".consent-banner").remove(); }
  if (t.matches(".share-tools__copy") && navigator.clipboard) { navigator.clipboard.writeText(t.dataset.url); }
  if (t.matches(".audio-dock__close")) { t.closest(".audio-dock").hidden = true; }
  if (t.matches(".overlay-modal__close")) { t.closest(".overlay-modal").hidden = true; }
});
