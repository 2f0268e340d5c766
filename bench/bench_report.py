"""Benchmark the inspection report PDF of an inspection with 60 photos.

Issue 4's performance item: "PDF of an inspection with 60 photos".
In a fresh SQLite database (var/bench/report.sqlite3) and media directory
(var/bench/report-media); the database does not matter much here (a handful of reads; the
time is Pillow and WeasyPrint). Through the real services:

1. a PPI approves the golden sample with a photo of its front and back;
2. a PSI of the same order is booked, started, performed (every checkpoint, a measurement out
   of tolerance, major and minor defects) and gets 60 photos drawn with Pillow at phone size
   (--width x --height, default 4032 x 3024, 12 MP, with EXIF time and GPS): 10 on defect
   records, 2 of the golden sample's sides, the rest on checkpoints; then it is submitted
   and reviewed (the review hook only queues the rendering: the database task backend);
3. times `reports.inspection.inspection_report_issue` (what the background task runs:
   photos read and downscaled, the template rendered twice for the content hash, WeasyPrint,
   the PDF stored and hashed) — once with the thumbnails made (the normal case: thumbnails
   are made in the background right after each upload) and once for a second inspection
   whose thumbnails were not made yet (every original decoded and downscaled on the fly);
   then --repeat corrections of the first (a correction re-renders the same content).

    .venv/bin/python bench/bench_report.py [--photos 60] [--repeat 2] [--width 4032 --height 3024]
                                           [--keep]

Prints seconds and PDF sizes; writes bench/out/report.json and bench/out/report.md. Not part
of `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
VAR = ROOT / "var" / "bench"
SQLITE_PATH = VAR / "report.sqlite3"
MEDIA = VAR / "report-media"


def setup(args: argparse.Namespace) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(MEDIA, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    os.environ["MEDIA_ROOT"] = str(MEDIA)
    os.environ["SOURCEPROOF_VAR_DIR"] = str(VAR)
    os.environ["TASK_BACKEND"] = "django_tasks_db.DatabaseBackend"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    os.environ.setdefault("DEBUG", "false")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # bench users
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(args: argparse.Namespace, personas: Any, *, seed: int) -> Any:
    """A reviewed PSI with `args.photos` photos, made through the services."""
    from django.utils import timezone

    from sourceproof.evidence import services as evidence
    from sourceproof.evidence.tests import crafted
    from sourceproof.inspections import services
    from sourceproof.inspections.models import (
        GOLDEN_SAMPLE_CHECKPOINT,
        CheckpointKind,
        InspectionType,
    )
    from sourceproof.inspections.tests.builders import (
        book,
        check_everything,
        checklist,
        library,
        order_at,
        start,
    )

    size = (args.width, args.height)

    def photo(n: int) -> bytes:
        return crafted.photo(n, size=size, taken=timezone.now(), gps=crafted.NINGBO)

    def add(inspection: Any, n: int, **links: Any) -> None:
        evidence.photo_add(
            inspection=inspection, file=crafted.upload(photo(n)), by=personas.inspector, **links
        )

    crafted.place(personas.facility)
    order = order_at(personas, quantity=20_000)
    category = order.lines.get().product.category
    lib = library(personas.quality_manager)
    if not category.checklist_templates.exists():
        checklist(category, personas.quality_manager)
    ppi = start(personas, book(personas, order, InspectionType.PPI))
    sample = services.golden_sample_approve(
        inspection=ppi,
        by=personas.inspector,
        seal_number=f"GS-{seed}",
        colours=[services.Colour(name="logo red", pantone="186 C")],
        logo_position="front centre",
        dimensions="H 95 mm",
    )
    for i, side in enumerate(("front", "back")):
        add(ppi, seed + 900 + i, golden_sample=sample, side=side)
    check_everything(personas, ppi)
    services.inspection_submit(inspection=ppi, by=personas.inspector)
    services.inspection_review(inspection=ppi, by=personas.quality_manager)

    psi = start(personas, book(personas, order, InspectionType.PSI))
    results = {r.key: r for r in psi.checkpoint_results.all()}
    by_kind = {r.kind: r for r in results.values()}
    services.inspection_record_result(
        inspection=psi,
        key=by_kind[CheckpointKind.MEASUREMENT].key,
        measurements=[{"unit": u, "value": "96.4" if u == 3 else "95.1"} for u in range(1, 9)],
        by=personas.inspector,
    )
    records = [
        services.inspection_record_defect(
            inspection=psi,
            defect_type=lib["MAJ-PRINT" if unit % 2 else "MIN-SCRATCH"],
            unit_number=unit,
            note=f"Seen on unit {unit}",
            by=personas.inspector,
        )
        for unit in range(1, 6)
    ]
    check_everything(personas, psi)
    checkpoints = [r for key, r in results.items() if key != GOLDEN_SAMPLE_CHECKPOINT]
    n = seed
    for i in range(args.photos):
        n += 1
        if i < 10:
            add(psi, n, defect_record=records[i % len(records)])
        elif i < 12:
            add(
                psi,
                n,
                checkpoint_result=results[GOLDEN_SAMPLE_CHECKPOINT],
                side=("front", "back")[i - 10],
            )
        else:
            add(psi, n, checkpoint_result=checkpoints[i % len(checkpoints)])
    services.inspection_submit(inspection=psi, by=personas.inspector)
    services.inspection_review(inspection=psi, by=personas.quality_manager)
    psi.refresh_from_db()
    return psi


def make_thumbnails(inspection: Any) -> float:
    from sourceproof.evidence.models import Photo
    from sourceproof.evidence.services import photo_thumbnail_make

    t0 = time.perf_counter()
    for pk in Photo.objects.filter(inspection__order=inspection.order).values_list("pk", flat=True):
        photo_thumbnail_make(photo_id=pk)
    return time.perf_counter() - t0


def pages(report: Any) -> int:
    from pypdf import PdfReader

    with report.file.open("rb") as handle:
        return len(PdfReader(handle).pages)


def measure(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection

    from sourceproof.core.testing import make_personas
    from sourceproof.reports import inspection as reports

    personas = make_personas()
    t0 = time.perf_counter()
    with_thumbs = build(args, personas, seed=1000)
    without_thumbs = build(args, personas, seed=5000)
    built = time.perf_counter() - t0
    thumbs_seconds = make_thumbnails(with_thumbs)
    print(
        f"built two inspections with {args.photos} photos of {args.width}x{args.height} in "
        f"{built:.0f} s; thumbnails of the first in {thumbs_seconds:.1f} s",
        flush=True,
    )
    runs: list[dict[str, Any]] = []

    def timed(label: str, call: Any) -> Any:
        load = os.getloadavg()[0]
        t, cpu = time.perf_counter(), time.process_time()
        report = call()
        seconds, cpu_seconds = time.perf_counter() - t, time.process_time() - cpu
        runs.append(
            {
                "case": label,
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu_seconds, 2),
                "load_average": round(load, 1),
                "pdf_bytes": report.size,
                "pages": pages(report),
                "number": report.number,
            }
        )
        print(
            f"{label}: {seconds:.2f} s ({cpu_seconds:.2f} s CPU, load {load:.1f}), "
            f"{report.size / 1_048_576:.2f} MB, {runs[-1]['pages']} pages",
            flush=True,
        )
        return report

    # A worker pays once for importing WeasyPrint and loading the fonts: the golden PPI's
    # report (2 photos) takes that cost, timed apart.
    ppi = with_thumbs.order.inspections.get(inspection_type="ppi")
    timed(
        "cold start: the PPI's report (2 photos)",
        lambda: reports.inspection_report_issue(inspection_id=ppi.pk),
    )
    timed(
        "first issue, thumbnails made",
        lambda: reports.inspection_report_issue(inspection_id=with_thumbs.pk),
    )
    timed(
        "first issue, no thumbnails yet (originals downscaled)",
        lambda: reports.inspection_report_issue(inspection_id=without_thumbs.pk),
    )
    for i in range(args.repeat):
        timed(
            "correction, thumbnails made",
            lambda i=i: reports.inspection_report_correct(
                inspection=with_thumbs,
                reason=f"Benchmark correction number {i + 1}",
                by=personas.quality_manager,
            ),
        )
    context_t = time.perf_counter()
    reports.inspection_report_context(inspection=with_thumbs, embed=True)
    context_seconds = time.perf_counter() - context_t
    with_thumb_runs = [r for r in runs if "thumbnails made" in r["case"]]
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "database": connection.vendor,
        "photos": args.photos,
        "photo_pixels": f"{args.width}x{args.height}",
        "photos_in_pdf": args.photos + 2,  # and the golden sample's two sides
        "runs": runs,
        "median_seconds_with_thumbnails": round(
            statistics.median(r["seconds"] for r in with_thumb_runs), 2
        ),
        "median_cpu_seconds_with_thumbnails": round(
            statistics.median(r["cpu_seconds"] for r in with_thumb_runs), 2
        ),
        "context_seconds_with_thumbnails": round(context_seconds, 2),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"Inspection report PDF: {result['photos']} photos of {result['photo_pixels']} px "
        f"(+2 golden-sample photos), {result['database']} "
        f"({result['when']}, {result['machine']}).",
        "",
        "| case | seconds | CPU seconds | load average | PDF size | pages |",
        "|---|---|---|---|---|---|",
    ]
    for run in result["runs"]:
        lines.append(
            f"| {run['case']} | {run['seconds']:.2f} | {run['cpu_seconds']:.2f} | "
            f"{run['load_average']:.1f} | {run['pdf_bytes'] / 1_048_576:.2f} MB | {run['pages']} |"
        )
    lines += [
        "",
        f"Median with thumbnails (the 60-photo report): {result['median_seconds_with_thumbnails']:.2f} s "
        f"({result['median_cpu_seconds_with_thumbnails']:.2f} s CPU), of which "
        f"{result['context_seconds_with_thumbnails']:.2f} s build the content (photos read "
        f"and embedded); peak memory of the process {result['max_rss_mb']} MB.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=2, help="corrections timed after")
    parser.add_argument("--width", type=int, default=4032)
    parser.add_argument("--height", type=int, default=3024)
    parser.add_argument("--keep", action="store_true", help="keep the database and media")
    args = parser.parse_args()
    setup(args)
    result = measure(args)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report.json").write_text(json.dumps(result, indent=2))
    table = markdown(result)
    (OUT / "report.md").write_text(table)
    print(table)
    if not args.keep:
        shutil.rmtree(MEDIA, ignore_errors=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
