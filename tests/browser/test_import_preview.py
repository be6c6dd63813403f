"""A spreadsheet import in the browser: upload, an accessible preview, confirm, the result."""

from playwright.sync_api import Page, expect

from scrutiny.dataset.models import IndicatorValue

from .conftest import assert_accessible
from .test_shell import demo, pass_two_factor, sign_in  # noqa: F401 - fixture


def test_import_is_previewed_then_confirmed(page: Page, demo, tmp_path):  # noqa: F811
    values = tmp_path / "values.csv"
    values.write_text(
        "indicator,period,numerator,denominator\n"
        "assessments-45-days,2026 Q1,45,60\n"
        "missing-episodes,2026 Q1,37,\n"
    )
    sign_in(page, "admin")
    pass_two_factor(page)
    page.goto("/b/ashbourne/data/import/")
    page.get_by_label("Spreadsheet").set_input_files(str(values))
    page.get_by_role("button", name="Check the file").click()
    # the file is checked by a background job; its page polls, then moves on to the preview
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the import", timeout=20_000)
    assert not IndicatorValue.objects.filter(board__slug="ashbourne").exists()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and save 2 values").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Import confirmed")
    expect(page.locator("#import-result")).to_contain_text("2 new values written, 0 changed")
    assert_accessible(page)
    assert IndicatorValue.objects.filter(board__slug="ashbourne").count() == 2
