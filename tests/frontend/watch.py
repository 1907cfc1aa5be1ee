"""A watch on a browser page for what it must never do: open a dialog (a script ran), or have
the Content Security Policy refuse something it loads or runs."""

from typing import Any

from playwright.sync_api import Dialog, Page, Response


class Watch:
    """What a page did that it must not: dialogs opened, Content Security Policy violations."""

    def __init__(self, page: Page) -> None:
        self.dialogs: list[str] = []
        self.csp_console: list[str] = []
        self.documents: list[Response] = []
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("response", self._response)
        page.add_init_script(
            "window.__cspViolations = [];"
            "document.addEventListener('securitypolicyviolation', (e) =>"
            " window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));"
        )
        self.page = page

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.csp_console.append(message.text)

    def _response(self, response: Response) -> None:
        if response.request.resource_type == "document":
            self.documents.append(response)

    def violations(self) -> list[str]:
        found: list[str] = self.page.evaluate("window.__cspViolations || []")
        return found + self.csp_console

    def assert_clean(self) -> None:
        assert self.dialogs == []
        assert self.violations() == []
        assert self.page.locator("img[src='x']").count() == 0
        for document in self.documents:
            assert "script-src 'self'" in document.headers["content-security-policy"]
