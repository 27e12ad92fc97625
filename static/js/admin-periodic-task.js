// The periodic task form in the admin (templates/admin/djcelery/change_periodictask_form.html):
// django-celery-beat's inline script, moved here because the Content Security Policy refuses
// inline scripts. Shows what the chosen crontab means under the crontab field.
(function () {
  var script = document.currentScript
  var $ = window.django && window.django.jQuery
  var data = document.getElementById('readable-crontabs')
  if (!$ || !data) return
  var readableCrontabs = JSON.parse(data.textContent)
  var originalHelp = script ? script.dataset.crontabHelp || '' : ''
  var help = $('.field-crontab .help')

  $('.field-crontab_translation').hide()
  $('.field-crontab').on('change', function () {
    var translation = readableCrontabs[$('#id_crontab').val()]
    help.empty().append(document.createTextNode(originalHelp), $('<br>'), document.createTextNode('Translation: ' + translation))
  })
})()
