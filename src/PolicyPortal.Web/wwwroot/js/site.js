// The portal works without scripts; this file only makes two things quicker.

// A page that shows a form's problems puts the focus on them, so the browser scrolls them into view and a screen reader
// reads them first. The autofocus attribute would not do: browsers ignore it on a page opened at a #fragment.
const problems = document.querySelector("[data-focus-on-load]");
if (problems) {
    problems.focus();
}

// The form someone sent just before they had to sign in again is sent at once (Views/Account/SendAgain.cshtml); without
// scripts, its button does the same.
const sendAgain = document.getElementById("send-again");
if (sendAgain) {
    HTMLFormElement.prototype.submit.call(sendAgain);
}
