"""In real Chromium against a live server (jobs in worker threads, as in production): download a
course's unit as a Moodle cartridge from the course page, then upload a cartridge and read the report."""
from __future__ import annotations

import re

import pytest

from exporters.common_cartridge import check_cartridge, read_cartridge
from tests.browser.conftest import browser, live_server, shots  # noqa: F401  (a live server, Chromium, screenshots)
from tests.browser.test_writer_flow import sign_in

pytestmark = pytest.mark.browser


def test_download_and_upload_a_cartridge(live_server, browser, shots, cc_fixtures, tmp_path):  # noqa: F811
    page = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
    page.set_default_timeout(20000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, live_server, "author@demo.toolpath.test")

    page.goto(f"{live_server}/o/demo/courses/machining-level-1")
    page.get_by_text("Download as Common Cartridge").click()
    page.get_by_label("Common Cartridge 1.1 (Moodle)").check()
    page.get_by_label("Only the units ticked below").check()
    first_unit = page.locator("input[name=unit]").first
    first_unit.check()
    page.screenshot(path=str(shots / "cc-1-download-form.png"))
    page.get_by_role("button", name="Download cartridge").click()
    page.wait_for_url(re.compile(r"/cartridges/jobs/\d+$"))
    link = page.get_by_role("link", name=re.compile(r"Download machining-level-1-cc1\.1\.imscc"))
    link.wait_for()   # the page polls the job and reloads when it is done
    page.screenshot(path=str(shots / "cc-2-export-done.png"))
    with page.expect_download() as info:
        link.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert check_cartridge(path) == []
    cartridge = read_cartridge(path)
    assert cartridge.report.version == "1.1" and len(cartridge.course.units) == 1

    page.goto(f"{live_server}/o/demo/courses/machining-level-1")
    page.get_by_role("link", name="Import a Common Cartridge as a new course").click()
    page.get_by_label("Cartridge file").set_input_files(str(cc_fixtures / "reference-cc13.imscc"))
    page.get_by_role("button", name="Import").click()
    page.get_by_text("Imported a Common Cartridge 1.3").wait_for()
    page.screenshot(path=str(shots / "cc-3-import-report.png"), full_page=True)
    page.locator("main p a[href*='/courses/']").first.click()
    page.get_by_role("heading", name="Units").wait_for()
    assert page.locator("table .status-draft").count() >= 1
    assert errors == []
