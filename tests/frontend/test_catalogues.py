"""Every label of the console exists in Turkish and in English."""

import json
import re
from pathlib import Path

import pytest

I18N = Path(__file__).resolve().parents[2] / "frontend" / "src" / "i18n"
AREAS = sorted(p.name for p in (I18N / "tr").glob("*.json"))
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def catalogue(language: str, area: str) -> dict[str, str]:
    data = json.loads((I18N / language / area).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_both_languages_have_the_same_areas() -> None:
    assert AREAS and sorted(p.name for p in (I18N / "en").glob("*.json")) == AREAS


@pytest.mark.parametrize("area", AREAS)
def test_both_languages_have_the_same_keys(area: str) -> None:
    tr, en = catalogue("tr", area), catalogue("en", area)
    assert sorted(set(tr) - set(en)) == [], "only in Turkish"
    assert sorted(set(en) - set(tr)) == [], "only in English"


@pytest.mark.parametrize("area", AREAS)
def test_every_label_is_written_and_keeps_its_placeholders(area: str) -> None:
    tr, en = catalogue("tr", area), catalogue("en", area)
    for key in tr:
        assert tr[key].strip() and en[key].strip(), key
        assert sorted(PLACEHOLDER.findall(tr[key])) == sorted(PLACEHOLDER.findall(en[key])), key


def test_no_key_is_defined_in_two_areas() -> None:
    seen: dict[str, str] = {}
    for area in AREAS:
        for key in catalogue("tr", area):
            assert key not in seen, f"{key} in {seen.get(key)} and {area}"
            seen[key] = area


def test_every_key_the_code_asks_for_exists() -> None:
    # Literal t("…") calls only: keys built at run time (`status.${s}`) are checked by the
    # enum test below.
    known = {key for area in AREAS for key in catalogue("tr", area)}
    source = I18N.parent
    asked = {
        (match, path.relative_to(source).as_posix())
        for path in source.rglob("*.js")
        for match in re.findall(r"""\bt\(\s*["']([\w.-]+)["']""", path.read_text(encoding="utf-8"))
    }
    assert sorted(f"{key} ({file})" for key, file in asked if key not in known) == []
