"""Common Cartridge export speed and memory (`make bench`; not part of `make test`).

The course: 40 units x 10 lessons with one 50 KB image each, and 40 assessments x 20 items.
Reported: export time (pytest-benchmark), peak traced memory of one export, and the ratio of our
time to writing the very same entries with plain zipfile (the floor any writer pays).
"""
from __future__ import annotations

import io
import statistics
import time
import tracemalloc
import zipfile

import pytest

from exporters.common_cartridge import write_cartridge, write_cartridge_to
from tests.exporters.courses import NOW, big_course

MB = 1024 * 1024


@pytest.fixture(scope="module")
def course():
    return big_course(units=40, lessons=10, image_size=50_000, items=20)


def plain_zip_seconds(entries: list[tuple[zipfile.ZipInfo, bytes]], rounds: int = 5) -> float:
    """Median time to write the same entries, same compression, with nothing but zipfile."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        with zipfile.ZipFile(io.BytesIO(), "w") as zf:
            for info, data in entries:
                zf.writestr(info, data, compresslevel=6)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def test_cc_export_bench(benchmark, course, tmp_path, capsys):
    data = benchmark.pedantic(write_cartridge, args=(course,), kwargs={"now": NOW}, rounds=5, iterations=1,
                              warmup_rounds=1)
    ours = benchmark.stats.stats.median

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    plain = plain_zip_seconds(entries)

    tracemalloc.start()
    write_cartridge(course, now=NOW)
    peak_bytes = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    with open(tmp_path / "course.imscc", "wb") as f:
        write_cartridge_to(f, course, now=NOW)
    peak_file = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    lessons = sum(len(u.lessons) for u in course.units)
    items = sum(len(a.items) for u in course.units for a in u.assessments)
    benchmark.extra_info.update({
        "entries": len(entries), "cartridge_mb": round(len(data) / MB, 1), "lessons": lessons, "items": items,
        "plain_zipfile_s": round(plain, 4), "ratio_to_plain_zipfile": round(ours / plain, 2),
        "peak_mb_to_bytes": round(peak_bytes / MB, 1), "peak_mb_to_file": round(peak_file / MB, 1),
    })
    with capsys.disabled():
        print(f"\nCC export: {lessons} lessons, {items} items, {len(entries)} entries, {len(data) / MB:.1f} MB; "
              f"median {ours:.3f} s (plain zipfile {plain:.3f} s, ratio {ours / plain:.2f}); "
              f"peak traced memory {peak_bytes / MB:.1f} MB to bytes, {peak_file / MB:.1f} MB streamed to a file")

    assert ours < 2.0
    assert peak_bytes < 300 * MB and peak_file < 300 * MB
