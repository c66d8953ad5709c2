// The portal works without scripts; this file only makes four things quicker or tidier.

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

// Signing in with a school account leaves the portal for the school's provider, so the form waiting to be sent again
// (the sign-in form's hidden fields) waits in this tab's session storage meanwhile. The next page of the portal takes it
// out; if that page is the first after signing in with the school account, it hands the form to the portal with its own
// form token (the sign-out form's), and the portal sends it on only if this person sent it (AccountController.SendAgain).
// Without scripts, or with no room in storage, it is not carried.
const unsentKey = "policyportal.unsent-form";
const schoolAccount = document.querySelector("[data-carries-unsent-form]");
if (schoolAccount) {
    schoolAccount.addEventListener("click", () => {
        const fields = Array.from(document.querySelectorAll("input[type=hidden][name^='Pending']"), (input) => [input.name, input.value]);
        try {
            if (fields.length > 0) {
                sessionStorage.setItem(unsentKey, JSON.stringify(fields));
            }
        } catch {
            // No room for it: it is not carried, as without scripts.
        }
    });
}

const signOut = document.querySelector("form[data-sign-out]");
let unsent = null;
try {
    unsent = sessionStorage.getItem(unsentKey);
    sessionStorage.removeItem(unsentKey);
} catch {
    // No session storage here: nothing was carried.
}

if (unsent && signOut && !sendAgain && document.querySelector("meta[name='school-account-returned']")) {
    const form = document.createElement("form");
    form.method = "post";
    form.action = "/account/send-again";
    form.hidden = true;
    for (const [name, value] of [...JSON.parse(unsent), ["__RequestVerificationToken", signOut.elements["__RequestVerificationToken"].value]]) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.append(input);
    }

    document.body.append(form);
    HTMLFormElement.prototype.submit.call(form);
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
