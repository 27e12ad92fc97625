// The admin export page's "Select all" box (templates/admin/import_export/export.html).
// django-import-export wires it with an onchange attribute, which the Content Security Policy
// refuses; this binds the package's own handler (export_selectable_fields.js) instead.
document.querySelectorAll('.select-toggle').forEach(function (toggle) {
  toggle.addEventListener('change', function (event) {
    if (typeof window.onSelectToggleChange === 'function') window.onSelectToggleChange(event)
  })
})
