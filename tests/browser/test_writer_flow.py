"""In real Chromium: a writer drafts a unit from a competency, fixes an outcome the checker flags,
aligns it, adds a lesson and a quiz, and (after a reviewer approves) publishes it."""
from __future__ import annotations

import re

import pytest

from authoring.interchange.samples import demo_password

pytestmark = pytest.mark.browser

FIXED = ("Given a part print and a 0-1 in. micrometer, the student will calculate dimensions and tolerances "
         "of machined parts to within 0.001 in.")


def sign_in(page, base, email):
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(demo_password())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/o/demo/programs"))


def test_writer_drafts_aligns_and_publishes_a_unit(live_server, browser, shots):
    base = live_server
    author = browser.new_context(viewport={"width": 1280, "height": 900})
    page = author.new_page()
    page.set_default_timeout(15000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, base, "author@demo.toolpath.test")

    # An occupation's competencies, and which units already cover them.
    page.get_by_role("link", name="Occupations").click()
    page.get_by_role("link", name="Machinist", exact=True).click()
    page.get_by_role("heading", name="Competencies").wait_for()
    first = page.locator("input[name=competency]").first
    first.check()
    page.get_by_label("Course").select_option(label="Machining Level I")
    page.get_by_label("Unit title").fill("Precision Calculation Lab")
    page.get_by_role("button", name="Start unit").click()
    page.wait_for_url(re.compile(r"/units/\d+/edit"))

    # The pre-filled outcome is flagged by the checker; the writer fixes it with live feedback.
    outcome = page.locator("article.outcome").first
    statement = outcome.locator("textarea[name=statement]")
    assert statement.input_value().startswith("The student will calculate")
    feedback = outcome.locator(".feedback")
    assert feedback.locator("[data-code=missing_criterion]").count() == 1
    outcome.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "1-editor-flagged.png"), full_page=False)
    statement.fill(FIXED)
    feedback.get_by_text("Looks measurable and complete").wait_for()
    assert feedback.locator("[data-code]").count() == 0
    outcome.get_by_role("button", name="Save outcome").click()
    page.wait_for_load_state()
    assert page.locator("article.outcome textarea[name=statement]").first.input_value() == FIXED

    # Align it: accept the top suggestion, which says why it matched.
    page.get_by_role("link", name=re.compile(r"^Align LO-01")).click()
    suggestion = page.locator("li.suggestion").first
    suggestion.wait_for()
    assert suggestion.locator("mark").count() >= 1
    page.screenshot(path=str(shots / "2-suggestions.png"), full_page=False)
    coding = suggestion.locator(".code").first.inner_text()
    suggestion.get_by_role("button", name="Align").click()
    page.get_by_text(f"Aligned LO-01 to {coding}").wait_for()
    page.get_by_role("link", name="Back to the editor").click()
    assert coding in page.locator("article.outcome").first.locator(".alignments-list").inner_text()

    # A lesson, written in the rich-text box.
    page.get_by_label("New lesson").fill("Reading a micrometer")
    page.get_by_label("Hours", exact=True).fill("1.5")
    page.get_by_role("button", name="Add lesson").click()
    page.wait_for_url(re.compile(r"/lessons/\d+"))
    editor = page.get_by_role("textbox", name="Lesson text")
    editor.click()
    page.keyboard.type("Read the sleeve, then the thimble, then add them.")
    page.get_by_role("button", name="Save lesson").click()
    page.wait_for_url(re.compile(r"/units/\d+/edit"))

    # A quiz with one multiple-choice question that assesses LO-01.
    page.get_by_label("New assessment").fill("Quiz: micrometers")
    page.get_by_role("button", name="Add assessment").click()
    page.get_by_text("Add a question to Quiz: micrometers").click()
    form = page.locator("[data-item-form]").first
    form.get_by_label("Type").select_option("multiple_choice")
    form.get_by_label("Question", exact=True).fill("One thimble division on an inch micrometer is worth:")
    form.get_by_label(re.compile("^Choices")).fill("0.01 in.\n*0.001 in.\n0.0001 in.")
    form.get_by_label("Outcomes this question assesses").select_option(index=0)
    form.get_by_role("button", name="Add question").click()
    page.get_by_text("assesses LO-01").wait_for()
    page.screenshot(path=str(shots / "3-editor-complete.png"), full_page=True)

    # Submit; a reviewer approves; the writer publishes.
    page.get_by_role("button", name="Submit for review").first.click()
    page.get_by_text("Submitted for review.").wait_for()
    unit_url = page.url.split("#")[0]

    reviewer = browser.new_context()
    review_page = reviewer.new_page()
    review_page.set_default_timeout(15000)
    sign_in(review_page, base, "reviewer@demo.toolpath.test")
    review_page.goto(unit_url)
    review_page.get_by_label("Reviewer's note").fill("Clear criterion. Approved.")
    review_page.get_by_role("button", name="Approve").click()
    review_page.get_by_text("Approved.", exact=True).wait_for()
    reviewer.close()

    page.goto(unit_url)
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Published revision 1.").wait_for()
    assert "published" in page.locator("#review .status").inner_text()
    assert page.get_by_role("button", name="Submit for review").count() == 0
    page.screenshot(path=str(shots / "4-published.png"), full_page=False)
    assert errors == []
    author.close()
