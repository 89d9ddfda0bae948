// Sign-up: tell the server the browser's time zone, so times are shown in it from the start.
// Without JavaScript the field stays empty and the account starts in UTC (changeable later).
document.querySelectorAll("input[data-cfli-time-zone]").forEach((field) => {
  try {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch {
    field.value = "";
  }
});
