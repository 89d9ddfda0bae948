// Show a deadline in the visitor's own time zone next to the mission's (no JavaScript: hidden).
document.querySelectorAll("[data-cfli-visitor-time]").forEach((wrapper) => {
  const time = wrapper.querySelector("time");
  const moment = new Date(time.getAttribute("datetime"));
  const format = new Intl.DateTimeFormat(document.documentElement.lang, {
    dateStyle: "full",
    timeStyle: "short",
  });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  time.textContent = `${format.format(moment)} (${zone.replaceAll("_", " ")})`;
  wrapper.hidden = false;
});
