/* global Element */
// The dashboard map's label: the name and level of the municipality under the pointer or with
// keyboard focus, written into the caption. Without JavaScript the same text is each area's
// tooltip (<title>) and accessible name (aria-label); the label is aria-hidden, so screen readers
// do not hear it twice.
const map = document.getElementById('deltakelseskart');
const label = document.querySelector('[data-map-label]');
if (map && label) {
  const show = (event) => {
    const area = event.target instanceof Element ? event.target.closest('a.map-area') : null;
    if (area) label.textContent = area.getAttribute('aria-label');
  };
  map.addEventListener('focusin', show);
  map.addEventListener('mouseover', show);
}
