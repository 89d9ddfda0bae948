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

// Repeatable rows (results, activities, budget lines, funders): "Add" clones an empty row
// instead of a round trip; without JavaScript the button saves and the page returns one more.
document.querySelectorAll("[data-cfli-add-row]").forEach((button) => {
  const prefix = button.dataset.cfliAddRow;
  const rows = document.querySelector(`[data-cfli-rows="${prefix}"]`);
  const template = document.querySelector(`[data-cfli-row-template="${prefix}"]`);
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  button.addEventListener("click", (event) => {
    event.preventDefault();
    const index = Number(total.value);
    const row = template.content.firstElementChild.cloneNode(true);
    row.querySelectorAll("*").forEach((element) => {
      for (const attribute of ["id", "name", "for", "aria-describedby"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replaceAll("__prefix__", index));
      }
    });
    row.querySelector("[data-cfli-row-number]").textContent = index + 1;
    total.value = index + 1;
    rows.append(row);
    row.querySelector("input, select, textarea")?.focus();
  });
});

// Autosave: the form posts itself (htmx) as people type. What is not saved yet is also kept in
// the tab's storage and sent with a beacon when the page is left, so a reload loses nothing.
// After a conflict, autosave waits until the person chooses whose text to keep.
// Each save sends the section's version the page holds (updated by each save's answer) and the
// page's own editor token: an older version is a conflict, even from the same person in another
// tab, unless this page saved in between (an autosave still in flight). Unsaved text is kept with
// that token, so the page that puts it back after a reload counts as the page that was left,
// whose beacon may have saved it first.
// When the server is briefly away (503 while the database restarts, a gateway error, or no
// answer at all), nothing is lost: the text stays, and it is sent again after the server's
// Retry-After, waiting twice as long after each failure, up to a minute.
const AUTOSAVE_RETRY_STATUSES = new Set([0, 502, 503, 504]);
const AUTOSAVE_RETRY_MAX_SECONDS = 60;
document.querySelectorAll("[data-cfli-autosave]").forEach((form) => {
  const key = `cfli-unsaved:${window.location.pathname}`;
  const editorKey = `${key}:editor`;
  const skipped = new Set(["csrfmiddlewaretoken", "version", "editor"]);
  let dirty = false;
  let failures = 0;
  let retry = null;
  const saveAgain = () => form.dispatchEvent(new Event("change", { bubbles: true }));
  const entries = () => [...new FormData(form)].filter(
    ([name, value]) => !skipped.has(name) && typeof value === "string",
  );
  const remember = () => {
    dirty = true;
    sessionStorage.setItem(key, JSON.stringify(entries()));
    sessionStorage.setItem(editorKey, form.elements.editor?.value || "");
  };
  const forget = () => {
    dirty = false;
    sessionStorage.removeItem(key);
    sessionStorage.removeItem(editorKey);
  };
  form.addEventListener("input", remember);
  form.addEventListener("change", remember);
  form.addEventListener("htmx:beforeRequest", (event) => {
    if (form.dataset.cfliConflict && event.detail.elt === form) event.preventDefault();
  });
  form.addEventListener("htmx:beforeSwap", (event) => {
    // A 503 answers an autosave with its status line ("Not saved yet…"): show it.
    if (event.detail.elt === form && event.detail.xhr.status === 503) {
      event.detail.shouldSwap = true;
    }
  });
  form.addEventListener("htmx:afterRequest", (event) => {
    const { xhr } = event.detail;
    const status = xhr.status;
    if (status === 409) form.dataset.cfliConflict = "1";
    if (status === 200) {
      delete form.dataset.cfliConflict;
      forget();
      failures = 0;
      clearTimeout(retry);
    }
    if (event.detail.elt === form && AUTOSAVE_RETRY_STATUSES.has(status)) {
      failures += 1;
      const asked = Number(xhr.getResponseHeader("Retry-After")) || 5;
      const seconds = Math.min(asked * 2 ** (failures - 1), AUTOSAVE_RETRY_MAX_SECONDS);
      clearTimeout(retry);
      retry = setTimeout(saveAgain, seconds * 1000);
    }
  });
  form.addEventListener("submit", forget);
  // "See the saved version": the text of this page is given up, not put back after the reload.
  form.addEventListener("click", (event) => {
    if (event.target.closest("[data-cfli-discard-unsaved]")) forget();
  });
  window.addEventListener("pagehide", () => {
    if (!dirty || form.dataset.cfliConflict) return;
    const url = new URL(form.getAttribute("hx-post"), window.location.href);
    url.searchParams.set("autosave", "1");
    navigator.sendBeacon(url, new FormData(form));
  });

  // Back after a reload or a crash: put back what was typed, and save it.
  const kept = sessionStorage.getItem(key);
  if (!kept) return;
  const values = JSON.parse(kept);
  const byName = new Map();
  values.forEach(([name, value]) => byName.set(name, [...(byName.get(name) || []), value]));
  byName.forEach((list, name) => {
    form.querySelectorAll(`[name="${CSS.escape(name)}"]`).forEach((field) => {
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = list.includes(field.value);
      } else if (field.type !== "file") {
        field.value = list[0];
      }
    });
  });
  const editor = sessionStorage.getItem(editorKey);
  if (editor && form.elements.editor) form.elements.editor.value = editor;
  dirty = true;
  // htmx listens once the page has loaded; save then.
  window.addEventListener("load", saveAgain);
});
