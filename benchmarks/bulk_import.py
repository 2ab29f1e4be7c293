"""Benchmark of the archive's bulk import: how long one worker takes to read each kind of file.

    .venv/bin/python benchmarks/bulk_import.py [--scans N]

Makes a zip of the importer's corpus (tests/meetings/importing/corpus) in every kind — the text
files, Word files, PDFs with their text, and scans (PNG, JPEG and PDF in turn, printed and
rasterized at 200 dpi with speckles) — sends it as staff would (``archive.bulk.send_files``) and
reads it as the worker does (``read_batch``), timing each file. Prints, per kind, the files, the
median and slowest seconds a file, and how many such files one worker reads in an hour.
Not a test: the figures are written down in benchmarks/README.md with the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, machine, setup_django  # benchmarks/ is not a package: run by path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=21, help="how many of the corpus's texts to scan")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        setup_django(f"sqlite:///{Path(directory) / 'benchmark.sqlite3'}", Path(directory))
        sys.path.insert(0, str(ROOT))
        from archive import bulk, samples
        from meetings.demo import load_demo
        from meetings.importing import read_document
        from secretariat.access import command_line_access

        group = load_demo()
        texts = sorted((ROOT / "tests/meetings/importing/corpus/minutes").glob("*.txt"))
        files: dict[str, bytes] = {}
        started = time.perf_counter()
        for position, path in enumerate(texts):
            text = read_document(path.read_bytes(), path.name).text
            files[f"text/{path.stem}.txt"] = path.read_bytes()
            files[f"word/{path.stem}.docx"] = samples.docx_of(text)
            files[f"pdf/{path.stem}.pdf"] = samples.pdf_of(text)
            if position < options.scans:
                image_format, suffix = (("PNG", ".png"), ("JPEG", ".jpg"), ("PDF", ".pdf"))[position % 3]
                files[f"scan/{path.stem}{suffix}"] = samples.scan_of(
                    text, seed=position, image_format=image_format
                )
        made = time.perf_counter() - started
        archive = samples.zip_of(files)

        started = time.perf_counter()
        batch = bulk.send_files(
            command_line_access(group),
            name="corpus.zip",
            files=bulk.files_of_upload("corpus.zip", archive),
            queue=False,
        )
        sent = time.perf_counter() - started
        seconds: dict[str, list[float]] = {}
        pages: dict[str, int] = {}
        last = time.perf_counter()

        def report(entry) -> None:
            nonlocal last
            now = time.perf_counter()
            kind = entry.name.split("/", 1)[0]
            seconds.setdefault(kind, []).append(now - last)
            pages[kind] = pages.get(kind, 0) + max(entry.pages_total, 1)
            last = now

        started = last = time.perf_counter()
        bulk.read_batch(batch.pk, token="benchmark", report=report)
        read = time.perf_counter() - started

        print(f"machine: {machine()}")
        print(
            f"{len(files)} files, zip {len(archive) / 1024 / 1024:.1f} MiB; made in {made:.1f} s, sent (stored) in {sent:.2f} s"
        )
        print(f"{'kind':>6}{'files':>7}{'pages':>7}{'median s':>10}{'slowest s':>11}{'files/hour':>12}")
        for kind in ("text", "word", "pdf", "scan"):
            durations = seconds.get(kind, [])
            if not durations:
                continue
            median = statistics.median(durations)
            print(
                f"{kind:>6}{len(durations):>7}{pages[kind]:>7}{median:>10.2f}{max(durations):>11.2f}"
                f"{3600 / (sum(durations) / len(durations)):>12,.0f}"
            )
        print(f"the whole batch read in {read:.1f} s by one worker")


if __name__ == "__main__":
    main()
