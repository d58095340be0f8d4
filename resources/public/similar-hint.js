// "Someone already did this": while a case is being written, show existing cases like it.
// Progressive enhancement: without JavaScript the same list is rendered by the server after the
// first save. The list lives in a polite live region, announced once per update, not per keystroke.

const box = document.querySelector('[data-similar-hint]');
const form = box?.closest('form') ?? document.querySelector('form.case-form');
if (box instanceof HTMLElement && form) {
  const fields = ['title', 'summary', 'problem'].map((n) => form.querySelector(`[name="${n}"]`)).filter(Boolean);
  const list = box.querySelector('[data-similar-list]');
  const status = box.querySelector('[data-similar-status]');
  const ownId = box.dataset.caseId ?? '';
  let timer;
  let last = '';
  let controller;

  const render = (items) => {
    if (!(list instanceof HTMLElement)) return;
    list.replaceChildren(
      ...items
        .filter((i) => i.id !== ownId)
        .map((i) => {
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.className = 'ds-link';
          a.href = `/cases/${encodeURIComponent(i.id)}`;
          a.target = '_blank';
          a.rel = 'noopener';
          a.textContent = i.title;
          li.append(a, document.createTextNode(` (${i.owner.name})`));
          return li;
        }),
    );
    box.hidden = list.children.length === 0;
    if (status instanceof HTMLElement) status.textContent = list.children.length ? box.dataset.foundText?.replace('{n}', String(list.children.length)) ?? '' : '';
  };

  const update = async () => {
    const text = fields.map((f) => f.value).join(' ').trim();
    if (text.length < 12 || text === last) return;
    last = text;
    controller?.abort();
    controller = new AbortController();
    try {
      const res = await fetch(`/api/v1/cases/similar-to?limit=5&text=${encodeURIComponent(text.slice(0, 2000))}`, { signal: controller.signal, headers: { accept: 'application/json' } });
      if (res.ok) render((await res.json()).items ?? []);
    } catch {
      // A failed hint is no error for the writer: the form works without it.
    }
  };

  for (const f of fields) {
    f.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(update, 700);
    });
  }
}
