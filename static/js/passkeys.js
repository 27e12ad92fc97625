// After django-otp-webauthn registers a passkey, go on to the page the button names.
document.addEventListener('otp_webauthn.register_complete', (event) => {
  const button = document.getElementById('passkey-register-button')
  const next = button && button.dataset.afterUrl
  if (next) window.location.assign(next)
})
