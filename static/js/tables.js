// Table scroll regions (ADR 0012, static/css/layout.css): while a table is wider than its box,
// show the "scroll sideways" hint just above it and keep the box in the tab order (keyboard users
// scroll it with the arrow keys); when it fits, neither, so a fitting table adds no tab stop.
const regions = document.querySelectorAll('.app-table-wrapper')

function update (region) {
  const overflows = region.scrollWidth > region.clientWidth + 1
  region.classList.toggle('app-table-wrapper--overflows', overflows)
  if (overflows) {
    region.setAttribute('tabindex', '0')
  } else {
    region.removeAttribute('tabindex')
  }
  const hint = region.previousElementSibling
  if (hint && hint.classList.contains('app-table-hint')) {
    hint.hidden = !overflows
  }
}

if ('ResizeObserver' in window) {
  const observer = new ResizeObserver((entries) => entries.forEach((entry) => update(entry.target)))
  regions.forEach((region) => observer.observe(region))
} else {
  regions.forEach(update)
}
