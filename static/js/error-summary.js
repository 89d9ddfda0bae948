// An error summary (what a page refused, at its top) takes the focus when the page loads, so
// it is what is seen and read first, however far down the button that was pressed; each of
// its links moves the focus to the field it names. Without JavaScript the summary is still
// first on the page, and its links still lead to the fields.
const summary = document.querySelector("[data-cfli-error-summary]");
if (summary) {
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field || !field.matches("input, select, textarea, button, [tabindex]")) return;
    event.preventDefault();
    // The label above the field stays in view with it.
    const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
    (label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
}
