"""``python -m secretariat.system_check``: says which system libraries this machine lacks.

WeasyPrint (the PDF minutes) needs Pango from the operating system; pip cannot install it. Reading
scanned minutes (the archive's bulk import) needs Tesseract with its Persian data and poppler's
``pdftoppm``: without them scans are refused with a reason, and this check says what to install.
"""

from __future__ import annotations

import ctypes.util
import shutil
import subprocess
import sys

DEBIAN_HINT = "sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
OPTIONAL_TOOLS = {
    "chromium": "browser tests are skipped without it (sudo apt-get install -y chromium)",
    "pdftotext": "PDF text tests are skipped without it (sudo apt-get install -y poppler-utils)",
    "pdftoppm": "scanned PDFs cannot be imported without it (sudo apt-get install -y poppler-utils)",
}
OCR_HINT = "sudo apt-get install -y tesseract-ocr tesseract-ocr-fas"


def ocr_problem() -> str | None:
    """Why scans cannot be read here, or None."""
    program = shutil.which("tesseract")
    if program is None:
        return "no tesseract on this machine: scanned minutes cannot be imported"
    try:
        done = subprocess.run([program, "--list-langs"], capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"tesseract does not answer ({error}): scanned minutes cannot be imported"
    if "fas" not in done.stdout.decode("utf-8", "replace").split():
        return "tesseract has no Persian data (fas): scanned minutes cannot be imported"
    return None


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
    problem = ocr_problem()
    if problem:
        print(f"note: {problem}. On Debian or Ubuntu: {OCR_HINT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
