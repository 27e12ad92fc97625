// The GOV.UK timeout warning: a modal before an idle session ends, with "Stay signed in".
// The server ends the session anyway (opcc.accounts.sessions); this only warns and follows it.
const dialog = document.getElementById('session-timeout')

if (dialog && typeof dialog.showModal === 'function') {
  const warning = Number(dialog.dataset.warning)
  const countdown = dialog.querySelector('[data-countdown]')
  const live = dialog.querySelector('[data-countdown-live]')
  let timer = null
  let ticker = null
  let deadline = 0

  const words = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60)
      return `${minutes} minute${minutes === 1 ? '' : 's'}`
    }
    return `${seconds} second${seconds === 1 ? '' : 's'}`
  }

  const secondsLeft = async () => {
    try {
      const response = await fetch(dialog.dataset.statusUrl, {
        credentials: 'same-origin',
        redirect: 'manual',
        headers: { Accept: 'application/json' }
      })
      if (!response.ok) return 0 // redirected to sign in: the session has ended
      return (await response.json()).seconds_left
    } catch (error) {
      return null // offline for a moment: ask again later
    }
  }

  const signedOut = () => {
    // Asking for this page again lets the server end the session and show why.
    window.location.assign(window.location.pathname + window.location.search)
  }

  const schedule = (seconds) => {
    clearTimeout(timer)
    timer = setTimeout(check, Math.max(0, seconds - warning) * 1000)
  }

  const tick = () => {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000))
    countdown.textContent = words(left)
    if (left % 60 === 0 || left <= 20) live.textContent = `You will be signed out in ${words(left)}.`
    if (left <= 0) {
      clearInterval(ticker)
      check()
    }
  }

  const show = (seconds) => {
    deadline = Date.now() + seconds * 1000
    if (!dialog.open) dialog.showModal()
    clearInterval(ticker)
    ticker = setInterval(tick, 1000)
    tick()
  }

  async function check () {
    const left = await secondsLeft()
    if (left === null) return schedule(warning + 60)
    if (left <= 0) return signedOut()
    if (left > warning) {
      if (dialog.open) dialog.close()
      clearInterval(ticker)
      return schedule(left)
    }
    show(left)
  }

  const stay = async () => {
    clearInterval(ticker)
    if (dialog.open) dialog.close()
    const response = await fetch(dialog.dataset.extendUrl, {
      method: 'POST',
      credentials: 'same-origin',
      redirect: 'manual',
      headers: { 'X-CSRFToken': dialog.dataset.csrf, Accept: 'application/json' }
    })
    if (!response.ok) return signedOut()
    schedule((await response.json()).seconds_left)
  }

  dialog.querySelector('[data-action="extend"]').addEventListener('click', stay)
  dialog.addEventListener('cancel', (event) => { event.preventDefault(); stay() }) // Escape
  schedule(Number(dialog.dataset.seconds))
}
