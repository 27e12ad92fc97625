// Loaded as a classic script at the start of <body> (the Content Security Policy allows no inline
// script): marks the page as having JavaScript before it is drawn, and GOV.UK Frontend's
// components as supported only where the browser runs ES modules (init.js is a module).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
