// Small helps for long forms; each form works without them.

// A live word count under every field with a word limit (the server enforces the limit).
document.querySelectorAll("[data-cfli-max-words]").forEach((field) => {
  const limit = Number(field.dataset.cfliMaxWords);
  const counter = document.createElement("p");
  counter.className = "form-text cfli-word-count";
  counter.id = `${field.id}-words`;
  counter.setAttribute("aria-live", "polite");
  field.insertAdjacentElement("afterend", counter);
  field.setAttribute(
    "aria-describedby",
    `${field.getAttribute("aria-describedby") || ""} ${counter.id}`.trim(),
  );
  const update = () => {
    const words = (field.value.match(/\S+/g) || []).length;
    counter.textContent = field.dataset.cfliWordsLabel
      .replace("%(words)s", words)
      .replace("%(limit)s", limit);
    counter.classList.toggle("text-danger", words > limit);
    counter.classList.toggle("fw-semibold", words > limit);
  };
  field.addEventListener("input", update);
  update();
});

// The organization's form asks for less when registering puts the organization at risk,
// and for registration details only when it is registered.
document.querySelectorAll("[data-cfli-organization-form]").forEach((form) => {
  const update = () => {
    const status = form.querySelector("input[name=registration_status]:checked")?.value;
    form.querySelectorAll("[data-cfli-withheld-when-at-risk]").forEach((part) => {
      part.hidden = status === "at_risk";
    });
    form.querySelectorAll("[data-cfli-registration-details]").forEach((part) => {
      part.hidden = status !== "registered";
    });
  };
  form.addEventListener("change", update);
  update();
});
