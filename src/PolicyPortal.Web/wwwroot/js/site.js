// The portal works without scripts; this file only makes three things quicker or tidier.

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

// On a narrow screen the menu folds behind its Menu button (Views/Shared/_Layout.cshtml); without scripts it stays
// open, a column of links.
const menuButton = document.querySelector(".menu-button");
const menu = document.getElementById("site-menu");
if (menuButton && menu) {
    const narrow = window.matchMedia("(max-width: 47.99rem)");
    const show = (open) => {
        menuButton.setAttribute("aria-expanded", String(open));
        menu.hidden = !open;
    };
    const fit = () => {
        menuButton.hidden = !narrow.matches;
        show(!narrow.matches);
    };
    fit();
    narrow.addEventListener("change", fit);
    menuButton.addEventListener("click", () => show(menuButton.getAttribute("aria-expanded") !== "true"));

    // Escape closes the open menu and puts the focus back on its button.
    menu.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && narrow.matches) {
            show(false);
            menuButton.focus();
        }
    });
}
