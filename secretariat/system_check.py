"""``python -m secretariat.system_check``: says which system libraries this machine lacks.

WeasyPrint (the PDF minutes) needs Pango from the operating system; pip cannot install it.
"""

from __future__ import annotations

import ctypes.util
import shutil
import sys

DEBIAN_HINT = "sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
OPTIONAL_TOOLS = {
    "chromium": "browser tests are skipped without it (sudo apt-get install -y chromium)",
    "pdftotext": "PDF text tests are skipped without it (sudo apt-get install -y poppler-utils)",
}


def missing_libraries() -> list[str]:
    return [name for name in ("pango-1.0", "pangoft2-1.0") if ctypes.util.find_library(name) is None]


def main() -> int:
    missing = missing_libraries()
    if missing:
        print("The PDF minutes need Pango, which this machine lacks: " + ", ".join(missing), file=sys.stderr)
        print(f"On Debian or Ubuntu: {DEBIAN_HINT}", file=sys.stderr)
        print("On macOS: brew install pango", file=sys.stderr)
        return 1
    try:
        import weasyprint  # noqa: F401
    except OSError as error:
        print(f"WeasyPrint cannot load its system libraries: {error}", file=sys.stderr)
        print(f"On Debian or Ubuntu: {DEBIAN_HINT}", file=sys.stderr)
        return 1
    for tool, consequence in OPTIONAL_TOOLS.items():
        if shutil.which(tool) is None:
            print(f"note: no {tool} on this machine: {consequence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
