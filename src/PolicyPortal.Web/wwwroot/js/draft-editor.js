// The Principal's draft editor (Views/Drafts/Edit.cshtml), loaded on that page only. The page works without it: the
// Preview button shows the text as the portal renders it, and Save the draft saves it. With it, as the Principal types:
// - the preview beside the text follows it, rendered by the portal (DraftsController.LivePreview), never here;
// - the word count follows it;
// - the draft is saved a minute after a change, as Save the draft would save it (DraftsController.Autosave), and the
//   form takes the draft's new concurrency stamp, so that saving it afterwards is no clash.
// Whatever goes wrong, the text stays in the editor and the page says, in words, what to do.

const draftForm = document.querySelector("form[data-draft-editor]");
if (draftForm) {
    startDraftEditor(draftForm);
}

function startDraftEditor(form) {
    const previewDelay = 600;
    const autosaveDelay = 60 * 1000;
    const sessionEnded = "Your session has ended: sign in again in another tab, then save. Your text is still here, not saved.";

    const text = form.elements.namedItem("Body");
    const stamp = form.elements.namedItem("ConcurrencyStamp");
    const token = form.elements.namedItem("__RequestVerificationToken").value;
    const preview = document.getElementById("draft-preview");
    const previewText = preview.querySelector("[data-preview-text]");
    const previewStatus = preview.querySelector("[data-preview-status]");
    const statusLine = form.querySelector("[data-editor-status]");
    const saveStatus = statusLine.querySelector("[data-save-status]");
    const wordCount = statusLine.querySelector("[data-word-count]");

    // The fields Save the draft would send, without the form token, which goes in its header.
    const fields = () => {
        const sent = new URLSearchParams(new FormData(form));
        sent.delete("__RequestVerificationToken");
        return sent;
    };

    // What the Principal has written, to tell whether it changed since the last save: every field but the stamp.
    const writing = (sent) => {
        const copy = new URLSearchParams(sent);
        copy.delete("ConcurrencyStamp");
        return copy.toString();
    };

    // The antiforgery token in the header ASP.NET Core reads for requests that are not forms. A redirect is not
    // followed: nothing the portal sends this script is one, and following it would hand the script another page.
    const post = (url, body, signal) => fetch(url, {
        method: "POST",
        body,
        headers: { RequestVerificationToken: token },
        credentials: "same-origin",
        redirect: "manual",
        signal,
    });

    // The refusal in words: the portal's own, or what the status says.
    const problemOf = async (response) => {
        if (response.status === 401 || response.type === "opaqueredirect") {
            return sessionEnded;
        }

        if (response.status === 403) {
            return "You can no longer edit drafts with this account. Copy your text somewhere safe before you leave this page.";
        }

        try {
            const refusal = await response.json();
            if (refusal && refusal.problem) {
                return refusal.problem;
            }
        } catch {
            // Not the portal's JSON: a status page.
        }

        return null;
    };

    // Word count: words with at least one letter or digit, so that Markdown's marks (##, -, |) are not counted.
    const hasLetterOrDigit = /[\p{L}\p{N}]/u;
    const showWordCount = () => {
        const words = text.value.split(/\s+/).filter((word) => hasLetterOrDigit.test(word)).length;
        wordCount.textContent = `${words.toLocaleString("en-GB")} ${words === 1 ? "word" : "words"}`;
    };

    // Preview: the latest text only; an answer to an older request is dropped.
    let previewTimer = null;
    let previewing = null;
    const updatePreview = async () => {
        previewing?.abort();
        const request = new AbortController();
        previewing = request;
        try {
            const response = await post(form.dataset.previewUrl, new URLSearchParams({ Body: text.value }), request.signal);
            if (response.ok) {
                previewText.innerHTML = await response.text();
                previewStatus.textContent = "Preview updated.";
            } else {
                const problem = await problemOf(response);
                previewStatus.textContent = `The preview could not be updated. ${problem ?? "Choose Preview to see the text as it will look."}`;
            }
        } catch (error) {
            if (error.name !== "AbortError") {
                previewStatus.textContent = "The preview could not be updated: the portal did not answer. It will try again when you next type.";
            }
        }
    };
    const schedulePreview = () => {
        clearTimeout(previewTimer);
        previewTimer = setTimeout(updatePreview, previewDelay);
    };

    // Autosave: a minute after the first change not yet saved, while anything changed since the last save. A form
    // shown again after Preview or a refused save holds text not saved yet; one shown beside someone else's saved text
    // waits for the Principal to choose, with Save the draft, which text to keep.
    let lastSaved = form.dataset.unsaved === "true" ? null : writing(fields());
    let autosaveTimer = null;
    let saving = null;
    let stopped = form.dataset.othersTextShown === "true";
    const showSaveStatus = (message, isProblem) => {
        saveStatus.textContent = message;
        statusLine.classList.toggle("draft-status--problem", isProblem);
    };
    const scheduleAutosave = () => {
        if (!stopped && autosaveTimer === null) {
            autosaveTimer = setTimeout(autosave, autosaveDelay);
        }
    };
    const send = async () => {
        const sent = fields();
        let response;
        try {
            response = await post(form.dataset.autosaveUrl, sent);
        } catch {
            showSaveStatus("Not saved automatically: the portal did not answer. Your text is still here; it will try again in a minute, or choose Save the draft.", true);
            scheduleAutosave();
            return;
        }

        if (response.ok) {
            const saved = await response.json();
            stamp.value = saved.stamp;
            lastSaved = writing(sent);
            showSaveStatus(`Saved automatically at ${saved.savedAt}.`, false);
            if (writing(fields()) !== lastSaved) {
                scheduleAutosave();
            }

            return;
        }

        const problem = await problemOf(response);
        if (response.status === 409) {
            // Someone else saved, or the revision went to review: saving over it again and again would only fail.
            stopped = true;
        }

        // After any other refusal, the next change tries again: the session may have been renewed in another tab, or
        // the text put right.
        showSaveStatus(problem ?? "Not saved automatically: the portal refused it. Your text is still here; choose Save the draft.", true);
    };
    const autosave = async () => {
        autosaveTimer = null;
        if (stopped || saving || writing(fields()) === lastSaved) {
            return;
        }

        saving = send();
        await saving;
        saving = null;
    };

    form.addEventListener("input", (event) => {
        if (event.target === text) {
            showWordCount();
            schedulePreview();
        }

        scheduleAutosave();
    });
    form.addEventListener("change", scheduleAutosave);

    // Saving, previewing or submitting the form takes over: no autosave after it, and one under way finishes first,
    // so that the form goes with the draft's stamp as it is then.
    form.addEventListener("submit", (event) => {
        stopped = true;
        clearTimeout(autosaveTimer);
        clearTimeout(previewTimer);
        if (saving) {
            event.preventDefault();
            const button = event.submitter;
            saving.finally(() => form.requestSubmit(button));
        }
    });

    preview.hidden = false;
    statusLine.hidden = false;
    showWordCount();
    if (stopped) {
        showSaveStatus("Not saved automatically while the other person's text is shown: choose Save the draft to keep yours.", false);
    } else if (lastSaved === null) {
        showSaveStatus("Your changes are not saved yet. They are saved automatically in a minute, or choose Save the draft.", false);
        scheduleAutosave();
    } else {
        showSaveStatus("Your changes are saved automatically a minute after you make them.", false);
    }

    if (previewText.childElementCount === 0) {
        updatePreview();
    }
}
