// Theme picker (src/themes/themes.views.tsx): search LOS as you type. Progressive enhancement only:
// without this file the «search themes» button posts the form and the server answers with results.
// What is posted is the same either way: checked boxes named like the picker (`themes`) whose
// value is the concept URI.

const DEBOUNCE_MS = 200;
const LIMIT = 20;

/** Fills «{n}», «{label}» … in a message the server rendered into a data attribute. */
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));

const slug = (uri) => uri.replace(/^https?:\/\/psi\.norge\.no\/los\//, '').replace(/[^A-Za-z0-9_-]+/g, '-');

function enhance(root) {
  const input = root.querySelector('[data-theme-search]');
  const button = root.querySelector('[data-theme-search-button]');
  const status = root.querySelector('[data-theme-status]');
  const list = root.querySelector('[data-theme-list]');
  const chosenGroup = root.querySelector('[data-theme-chosen]');
  const chosenList = root.querySelector('[data-theme-chosen-list]');
  if (!input || !status || !list || !chosenGroup || !chosenList) return;
  const name = root.dataset.name || 'themes';
  const lang = root.dataset.lang || document.documentElement.lang || 'nb';
  const msg = root.dataset;

  const boxFor = (uri) => [...root.querySelectorAll(`input[type="checkbox"][name="${name}"]`)].find((b) => b.value === uri && !b.closest('[data-theme-list]'));

  let timer;
  let controller;
  let lastQuery = null;

  function say(text) {
    // Clearing first makes screen readers announce the same text again (e.g. «3 treff» twice in a row).
    status.textContent = '';
    setTimeout(() => {
      status.textContent = text;
    }, 50);
  }

  // Boxes ticked among results the server rendered (a no-JS search before this script ran) would
  // vanish with the list: move them to the chosen ones first.
  function keepChecked() {
    for (const box of list.querySelectorAll('input[type="checkbox"]:checked')) {
      const label = list.querySelector(`label[for="${CSS.escape(box.id)}"]`)?.textContent ?? box.value;
      choose({ uri: box.value, label }, null, true);
    }
  }

  function clearResults() {
    keepChecked();
    list.replaceChildren();
    list.hidden = true;
    status.textContent = '';
    lastQuery = null;
  }

  function choose(item, resultButton, quiet = false) {
    const existing = boxFor(item.uri);
    if (existing?.checked) {
      if (!quiet) say(fill(msg.msgAlready, { label: item.label }));
    } else if (existing) {
      existing.checked = true;
      if (!quiet) say(fill(msg.msgAdded, { label: item.label }));
    } else {
      // A word (or life event) has no box in the tree: add one, checked, to the «chosen» group.
      const id = `field-${name}-${slug(item.uri)}`;
      const field = document.createElement('div');
      field.className = 'ds-field theme-picker__option';
      const box = document.createElement('input');
      box.className = 'ds-input';
      box.type = 'checkbox';
      box.id = id;
      box.name = name;
      box.value = item.uri;
      box.checked = true;
      const label = document.createElement('label');
      label.className = 'ds-label';
      label.htmlFor = id;
      label.dataset.weight = 'regular';
      label.textContent = item.label;
      field.append(box, label);
      chosenList.append(field);
      chosenGroup.hidden = false;
      if (!quiet) say(fill(msg.msgAdded, { label: item.label }));
    }
    if (resultButton) markChosen(resultButton, item);
  }

  function markChosen(resultButton, item) {
    // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
    resultButton.setAttribute('aria-disabled', 'true');
    resultButton.querySelector('.theme-picker__result-label').textContent = `${item.label} (${msg.msgChosen})`;
  }

  function render(items, query) {
    keepChecked();
    list.replaceChildren();
    for (const item of items) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'ds-button theme-picker__result';
      b.dataset.variant = 'tertiary';
      b.dataset.size = 'sm';
      const label = document.createElement('span');
      label.className = 'theme-picker__result-label';
      label.textContent = item.label;
      b.append(label);
      // As resultContext() in themes.views.tsx: what it is, where it sits, why it was found.
      const isMain = item.kind === 'tema' && item.mainTheme?.uri === item.uri;
      const context = [
        isMain ? msg.kindMain : msg[`kind${item.kind[0].toUpperCase()}${item.kind.slice(1)}`],
        item.mainTheme && !isMain ? item.mainTheme.label : '',
        item.matchedSynonym ? fill(msg.msgFoundAs, { synonym: item.matchedSynonym }) : '',
      ]
        .filter(Boolean)
        .join(' · ');
      if (context) {
        const small = document.createElement('span');
        small.className = 'theme-picker__result-context';
        small.textContent = context;
        b.append(small);
      }
      b.setAttribute('aria-label', fill(msg.msgAdd, { label: item.label }) + (context ? ` (${context})` : ''));
      if (boxFor(item.uri)?.checked) markChosen(b, item);
      b.addEventListener('click', () => choose(item, b));
      li.append(b);
      list.append(li);
    }
    list.hidden = items.length === 0;
    say(items.length === 0 ? fill(msg.msgNone, { q: query }) : items.length === 1 ? msg.msgOne : fill(msg.msgMany, { n: items.length }));
  }

  async function search(now = false) {
    clearTimeout(timer);
    const query = input.value.trim();
    if (!query) {
      controller?.abort();
      clearResults();
      return;
    }
    if (query === lastQuery && now === false) return;
    const run = async () => {
      controller?.abort();
      controller = new AbortController();
      lastQuery = query;
      status.textContent = msg.msgSearching;
      try {
        const url = `/api/v1/themes?${new URLSearchParams({ q: query, lang, limit: String(LIMIT) })}`;
        const res = await fetch(url, { headers: { accept: 'application/json' }, signal: controller.signal, credentials: 'same-origin' });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = await res.json();
        render(body.items, query);
      } catch (err) {
        if (err.name === 'AbortError') return;
        lastQuery = null;
        say(msg.msgFailed);
      }
    };
    if (now) await run();
    else timer = setTimeout(run, DEBOUNCE_MS);
  }

  const resultButtons = () => [...list.querySelectorAll('button')];

  input.addEventListener('input', () => search());
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      // Enter searches; it must not submit the whole form the picker sits in.
      e.preventDefault();
      search(true);
    } else if (e.key === 'ArrowDown') {
      const first = resultButtons()[0];
      if (first) {
        e.preventDefault();
        first.focus();
      }
    } else if (e.key === 'Escape' && input.value) {
      e.preventDefault();
      input.value = '';
      clearResults();
    }
  });
  list.addEventListener('keydown', (e) => {
    const buttons = resultButtons();
    const i = buttons.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === 'ArrowDown' && i < buttons.length - 1) {
      e.preventDefault();
      buttons[i + 1].focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      (i === 0 ? input : buttons[i - 1]).focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      input.focus();
    }
  });
  button?.addEventListener('click', (e) => {
    // With JavaScript the button searches in place instead of posting the form.
    e.preventDefault();
    search(true);
    input.focus();
  });
}

for (const root of document.querySelectorAll('[data-theme-picker]')) enhance(root);
