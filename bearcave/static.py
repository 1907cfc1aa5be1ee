"""The app's own static files: servestatic, with Vite's built assets cached by browsers for good."""

import re

from servestatic.middleware import ServeStaticMiddleware

# Vite names each built asset by a hash of its content (assets/main-BlVFbes0.js), so a new build
# brings new names and a browser may keep these for ever. Files elsewhere (Django's admin, the
# API docs' sidecar) keep their names across upgrades and are cached only briefly.
BUILT_ASSET = re.compile(r"^/static/assets/.+-[0-9A-Za-z_-]{8}\.[0-9a-z]+$")


class StaticFilesMiddleware(ServeStaticMiddleware):  # type: ignore[misc]  # untyped library
    """servestatic's middleware, told which files never change. Its own test asks Django's
    manifest storage (not used here: no collectstatic step) and ignores
    SERVESTATIC_IMMUTABLE_FILE_TEST, so built assets went out with a 60-second lifetime."""

    def immutable_file_test(self, path: str, url: str) -> bool:
        return bool(BUILT_ASSET.match(url))
