// Live totals of the beneficiary counts and of the budget's lines, written in the page's
// language. Only a help while typing: the page comes with the same totals from the server, which
// computes and checks them again when it saves. A value the form would refuse (empty, negative,
// letters, more than two decimals) adds nothing, as on the server (proposals/beneficiaries.py
// count, proposals/budget.py typed_amount).

// Numbers as the server writes them: Intl.NumberFormat in the page's language, with the
// server's separators (Django's and the browser's differ: a narrow or a plain no-break space in
// French, and no grouping of four digits in Spanish), so a total keeps its look as it changes.
const cfliNumberFormat = (element, decimals) => {
  const format = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: "always",
  });
  const separators = {
    group: element.dataset.cfliThousandSeparator,
    decimal: element.dataset.cfliDecimalSeparator,
  };
  return (value) => format
    .formatToParts(value)
    .map((part) => separators[part.type] ?? part.value)
    .join("");
};

// Beneficiaries: the total of each row (18 and over + under 18), of each column, and of all.
const CFLI_WHOLE_NUMBER = /^\s*([0-9]{1,9})(?:\.0*)?\s*$/;
const CFLI_MAX_COUNT = 100000000;
const cfliCount = (input) => {
  const match = CFLI_WHOLE_NUMBER.exec(input?.value ?? "");
  const count = match ? Number(match[1]) : 0;
  return count <= CFLI_MAX_COUNT ? count : 0;
};

document.querySelectorAll("[data-cfli-count-grid]").forEach((table) => {
  const shown = cfliNumberFormat(table, 0);
  const update = () => {
    const columns = { adults: 0, minors: 0 };
    table.querySelectorAll("tbody tr").forEach((row) => {
      let total = 0;
      row.querySelectorAll("[data-cfli-count]").forEach((cell) => {
        const value = cfliCount(cell.querySelector("input"));
        columns[cell.dataset.cfliCount] += value;
        total += value;
      });
      row.querySelector("[data-cfli-row-total]").textContent = shown(total);
    });
    Object.entries(columns).forEach(([column, total]) => {
      table.querySelector(`[data-cfli-column-total="${column}"]`).textContent = shown(total);
    });
    table.querySelector("[data-cfli-grand-total]").textContent = shown(
      columns.adults + columns.minors,
    );
  };
  table.addEventListener("input", update);
  update(); // values the autosave put back after a reload
});

// Budget: amounts in cents, exactly (BigInt), as the server counts them in decimals. A line's
// total is quantity × unit cost rounded to the cent, half up; the project's is the sum of the
// lines' unrounded totals, rounded once; each contributor's column is the sum of its cents.
const CFLI_AMOUNT = /^\s*([0-9]{0,10})(?:\.([0-9]{0,2}))?\s*$/;
// The largest quantity and amount the form takes: 99,999,999.99 and 9,999,999,999.99.
const CFLI_MAX_CENTS = { quantity: 9999999999n, other: 999999999999n };
const cfliCents = (input, name) => {
  const match = CFLI_AMOUNT.exec(input?.value ?? "");
  if (!match || !(match[1] || match[2])) return 0n;
  const cents = BigInt(match[1] || "0") * 100n + BigInt((match[2] || "").padEnd(2, "0"));
  return cents <= (CFLI_MAX_CENTS[name] ?? CFLI_MAX_CENTS.other) ? cents : 0n;
};
const cfliHundredthsToCents = (value) => (value + 50n) / 100n; // half up, from 0 up
const cfliDecimal = (cents) => `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
const CFLI_CONTRIBUTIONS = ["cfli_amount", "applicant_cash", "in_kind", "other_donor"];

document.querySelectorAll("[data-cfli-budget]").forEach((table) => {
  const prefix = table.dataset.cfliBudget;
  const body = table.querySelector(`[data-cfli-rows="${prefix}"]`);
  const form = table.closest("form") || document;
  const format = cfliNumberFormat(table, 2);
  // Intl formats a decimal string exactly; older browsers make it a number, near enough.
  const shown = (cents) => format(cfliDecimal(cents));
  const field = (row, name) => row.querySelector(`[name$="-${name}"]`);
  const cents = (row, name) => cfliCents(field(row, name), name);
  const update = () => {
    let project = 0n;
    const columns = Object.fromEntries(CFLI_CONTRIBUTIONS.map((name) => [name, 0n]));
    [...body.rows].forEach((row, index) => {
      // A new line's labels say its number too ("Quantity, line 3").
      row.querySelectorAll("[data-cfli-line-number]").forEach((number) => {
        number.textContent = index + 1;
      });
      const cost = cents(row, "quantity") * cents(row, "unit_cost");
      row.querySelector("[data-cfli-line-total]").textContent = shown(cfliHundredthsToCents(cost));
      if (field(row, "DELETE")?.checked) return; // removed when saved
      project += cost;
      CFLI_CONTRIBUTIONS.forEach((name) => {
        columns[name] += cents(row, name);
      });
    });
    form.querySelectorAll('[data-cfli-budget-total="line_total"]').forEach((total) => {
      total.textContent = shown(cfliHundredthsToCents(project));
    });
    CFLI_CONTRIBUTIONS.forEach((name) => {
      // The CFLI column's total is also the amount requested, shown under the table.
      form.querySelectorAll(`[data-cfli-budget-total="${name}"]`).forEach((total) => {
        total.textContent = shown(columns[name]);
      });
    });
  };
  table.addEventListener("input", update);
  table.addEventListener("change", update); // the box that removes a line
  new MutationObserver(update).observe(body, { childList: true }); // a line added
  update(); // values the autosave put back after a reload
});
