"""Translations: Dutch everywhere, Simplified Chinese on the inspector's and the supplier's
screens.

The catalogues (locale/<lang>/LC_MESSAGES/django.po) are checked as files (complete, every
placeholder kept, plural forms right, formats that Python can fill) and as pages: the pages
are rendered in Dutch and Chinese from .mo files compiled by `compile_translations` into a
temporary copy of the locale directory, so the tests do not depend on `make translations`
having run (and parallel workers never write the same file).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from sourceproof.audits.tests.helpers import action_of, add_finding, make_audit
from sourceproof.core.testing import PASSWORD, Personas
from sourceproof.ethics.tests.helpers import publish
from sourceproof.inspections.models import InspectionType
from sourceproof.inspections.tests import builders

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
CATALOGUES = {
    "nl": LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po",
    "zh_Hans": LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po",
}
PLURAL_FORMS = {"nl": "nplurals=2; plural=(n != 1);", "zh_Hans": "nplurals=1; plural=0;"}
# Where the screens an inspector or a supplier uses take their strings from: these must be
# in Chinese (the rest of the catalogue is translated too, but may lag behind new pages).
INSPECTOR_AND_SUPPLIER_SOURCES = (
    "templates/base.html",
    "templates/core/",
    "sourceproof/core/",
    "sourceproof/accounts/",
    "sourceproof/fieldwork/",
    "sourceproof/inspections/",
    "sourceproof/evidence/",
    "sourceproof/audits/",
    "sourceproof/ethics/",
    "sourceproof/facilities/templates/facilities/facility_detail.html",
    "sourceproof/facilities/templates/facilities/facility_list.html",
    "sourceproof/orders/templates/orders/order_detail.html",
    "sourceproof/orders/templates/orders/order_list.html",
)
# %(name)s, %s, %d, %% and HTML tags must survive translation unchanged.
PLACEHOLDER = re.compile(r"%\([A-Za-z_0-9]+\)[sdfr]|%%|%[sdfr]|<[^>]+>")


def _entries(lang: str) -> list[Any]:
    return [e for e in polib.pofile(str(CATALOGUES[lang])) if not e.obsolete]


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


class _Anything(dict[str, Any]):
    def __missing__(self, key: str) -> int:
        return 1


# --- the catalogues as files -------------------------------------------------------------


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_it_declares_the_language_plural_forms_and_utf8(lang: str) -> None:
    po = polib.pofile(str(CATALOGUES[lang]))
    assert po.metadata["Language"] == lang
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS[lang]
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_it_keeps_no_stale_previous_msgid_lines(lang: str) -> None:
    """`#| msgid` lines belong to fuzzy entries only; a stray `#| msgid_plural` without its
    `#| msgid` makes GNU msgmerge (and so `makemessages`) refuse the whole catalogue."""
    stale = [
        e.msgid
        for e in _entries(lang)
        if "fuzzy" not in e.flags
        and (e.previous_msgid or e.previous_msgid_plural or e.previous_msgctxt)
    ]
    assert stale == []


def test_it_translates_every_message_into_dutch() -> None:
    missing = [
        e.msgid
        for e in _entries("nl")
        if not (all(e.msgstr_plural.values()) if e.msgid_plural else e.msgstr)
    ]
    fuzzy = [e.msgid for e in _entries("nl") if "fuzzy" in e.flags]
    assert missing == [], f"{len(missing)} untranslated, first: {missing[:5]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy, first: {fuzzy[:5]}"


def test_it_translates_the_inspector_and_supplier_screens_into_chinese() -> None:
    def on_those_screens(entry: Any) -> bool:
        return any(
            path.startswith(INSPECTOR_AND_SUPPLIER_SOURCES) for path, _line in entry.occurrences
        )

    entries = [e for e in _entries("zh_Hans") if on_those_screens(e)]
    assert len(entries) > 500  # the screens are there, and their strings were extracted
    missing = [
        e.msgid
        for e in entries
        if "fuzzy" in e.flags or not (e.msgstr_plural.get(0) if e.msgid_plural else e.msgstr)
    ]
    assert missing == [], f"{len(missing)} untranslated, first: {missing[:5]}"


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_it_keeps_every_placeholder_and_tag(lang: str) -> None:
    wrong = []
    for entry in _entries(lang):
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            # The last form is used for the plural numbers: it keeps the plural's placeholders;
            # no form brings in a placeholder the English does not have.
            known = set(_placeholders(entry.msgid)) | set(_placeholders(entry.msgid_plural))
            if (
                forms
                and forms[-1]
                and set(_placeholders(entry.msgid_plural)) - set(_placeholders(forms[-1]))
            ):
                wrong.append((entry.msgid_plural, forms[-1]))
            wrong += [(entry.msgid, f) for f in forms if f and set(_placeholders(f)) - known]
        elif entry.msgstr and _placeholders(entry.msgid) != _placeholders(entry.msgstr):
            wrong.append((entry.msgid, entry.msgstr))
    assert wrong == []


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_it_has_the_right_number_of_plural_forms(lang: str) -> None:
    count = 2 if lang == "nl" else 1
    wrong = [
        e.msgid
        for e in _entries(lang)
        if e.msgid_plural and any(e.msgstr_plural.values()) and len(e.msgstr_plural) != count
    ]
    assert wrong == []


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_it_gives_formats_that_python_can_fill(lang: str) -> None:
    broken = []
    for entry in _entries(lang):
        if "python-format" not in entry.flags:
            continue
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in filter(None, texts):
            try:
                text % _Anything()
            except (KeyError, ValueError, TypeError) as error:
                broken.append((text, str(error)))
    assert broken == []


# --- the pages in Dutch and Chinese ------------------------------------------------------


@pytest.fixture(scope="module")
def compiled_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogues compiled by the project's command into a private copy of locale/."""
    target = tmp_path_factory.mktemp("locale") / "locale"
    shutil.copytree(LOCALE_DIR, target, ignore=shutil.ignore_patterns("*.mo"))
    with translation.override(None), override_settings(LOCALE_PATHS=[target]):
        call_command("compile_translations", verbosity=0)
    assert (target / "nl" / "LC_MESSAGES" / "django.mo").exists()
    assert (target / "zh_Hans" / "LC_MESSAGES" / "django.mo").exists()
    return target


@pytest.fixture(autouse=True)
def _use_compiled(request: pytest.FixtureRequest, settings: Any) -> Iterator[None]:
    if "personas" in request.fixturenames or "client" in request.fixturenames:
        settings.LOCALE_PATHS = [request.getfixturevalue("compiled_locale")]
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _page(client: Client, url: str, lang: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.mark.django_db
def test_it_shows_the_login_page_in_dutch_from_the_browser_language(client: Client) -> None:
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9,en;q=0.5")
    html = page.content.decode()
    assert '<html lang="nl">' in html
    assert "Inloggen" in html
    assert "Wachtwoord vergeten?" in html
    assert "Forgot your password?" not in html


@pytest.mark.django_db
def test_it_shows_the_login_page_in_chinese_to_a_phone_set_to_zh_cn(client: Client) -> None:
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "忘记密码" in html


@pytest.mark.django_db
def test_it_shows_the_login_page_in_english_by_default(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert "Log in" in html
    assert "Inloggen" not in html


@pytest.mark.django_db
def test_it_shows_form_errors_in_dutch(client: Client) -> None:
    response = client.post(
        "/accounts/login/",
        {"email": "nobody@example.test", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Deze combinatie van e-mailadres en wachtwoord" in html


@pytest.mark.django_db
def test_it_shows_the_password_reset_page_in_dutch_and_chinese(client: Client) -> None:
    assert "Stel uw wachtwoord opnieuw in" in _page(
        client, reverse("accounts:password_reset"), "nl"
    )
    assert "重置您的密码" in _page(client, reverse("accounts:password_reset"), "zh-hans")


def test_it_shows_the_dashboard_and_menu_in_dutch(personas: Personas, client_for: Any) -> None:
    html = _page(client_for("quality_manager"), reverse("core:dashboard"), "nl")
    assert "Wat aandacht nodig heeft" in html or "Er is niets dat uw aandacht nodig heeft" in html
    for word in ("Productielocaties", "Inkooporders", "Inspecties", "Uitloggen"):
        assert word in html, word


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("facilities:facility_list", ["Productielocaties", "Productielocatie toevoegen"]),
        ("facilities:supplier_list", ["Leveranciers", "Leverancier toevoegen"]),
        ("orders:order_list", ["Inkooporders", "Nieuwe order"]),
        ("inspections:inspection_list", ["Inspecties", "Inspectie inplannen"]),
        ("audits:action_list", ["Corrigerende maatregelen"]),
        ("accounts:profile", ["Profiel", "Taal van de interface", "Token aanmaken"]),
    ],
)
def test_it_shows_key_pages_in_dutch(
    personas: Personas, client_for: Any, url: str, words: list[str]
) -> None:
    html = _page(client_for("admin"), reverse(url), "nl")
    for word in words:
        assert word in html, word


def test_it_shows_a_facility_in_dutch_with_the_sourcing_gate_term(
    personas: Personas, client_for: Any
) -> None:
    url = reverse("facilities:facility_detail", args=[personas.facility.code])
    html = _page(client_for("quality_manager"), url, "nl")
    assert "Productielocatie bewerken" in html
    assert "Certificaten" in html


def test_it_applies_the_users_saved_language_after_login(personas: Personas) -> None:
    user = personas.supplier_user
    user.language = "zh-hans"
    user.save(update_fields=["language"])
    client = Client()
    response = client.post("/accounts/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "退出登录" in html  # "Log out"


def test_it_saves_a_language_on_the_profile_and_switches_to_it(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("viewer")
    response = client.post(reverse("accounts:profile"), {"form": "language", "language": "nl"})
    assert response.status_code == 302
    personas.viewer.refresh_from_db()
    assert personas.viewer.language == "nl"
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="nl">' in html
    assert "Taal van de interface" in html
    assert "Uw taal is opgeslagen." in html  # the message in the language just chosen
    assert "Your language is saved." not in html


def test_it_says_the_language_is_saved_in_the_browsers_language_when_reset(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("viewer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    response = client.post(
        reverse("accounts:profile"),
        {"form": "language", "language": ""},
        HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9",
    )
    assert response.status_code == 302
    html = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content
    assert "语言设置已保存。" in html.decode()


def test_it_names_each_language_in_itself_in_the_switcher(
    personas: Personas, client_for: Any
) -> None:
    for lang in ("nl", "zh-hans"):
        html = _page(client_for("viewer"), reverse("accounts:profile"), lang)
        switcher = html.split('class="langswitch"', 1)[1].split("</form>", 1)[0]
        assert '<option value="en" lang="en"' in switcher and ">English</option>" in switcher
        assert ">Nederlands</option>" in switcher and ">简体中文</option>" in switcher
        profile = html.split('name="language"', 2)[2]  # the profile's own language choice
        assert ">Nederlands</option>" in profile and ">简体中文</option>" in profile


def test_it_shows_the_supplier_corrective_actions_in_chinese(
    personas: Personas, client_for: Any
) -> None:
    audit = make_audit(personas, status="report_received")
    action = action_of(add_finding(audit, personas.csr_manager, severity="major"))
    client = client_for("supplier_user")
    listing = _page(client, reverse("audits:supplier_actions"), "zh-hans")
    assert "您的纠正措施" in listing
    assert "待回复" in listing
    detail = _page(
        client, reverse("audits:action_detail", args=[action.finding.reference]), "zh-hans"
    )
    for word in ("纠正措施", "根本原因", "审核员的发现", "保存回复", "上传证据", "提交验证"):
        assert word in detail, word
    assert '<html lang="zh-hans">' in detail


def test_it_shows_the_supplier_the_code_of_ethics_to_sign_in_chinese(
    personas: Personas, client_for: Any
) -> None:
    publish(personas.csr_manager, "1")
    html = _page(client_for("supplier_user"), reverse("ethics:supplier_sign"), "zh-hans")
    assert "签署行为准则" in html
    assert "您的全名" in html


def test_it_shows_the_supplier_its_facility_in_chinese(personas: Personas, client_for: Any) -> None:
    url = reverse("facilities:facility_detail", args=[personas.facility.code])
    html = _page(client_for("supplier_user"), url, "zh-hans")
    assert "证书" in html  # Certificates
    assert "工厂" in html  # the menu's Facilities


def _started_inspection(personas: Personas) -> Any:
    category = personas.order.lines.first().product.category  # type: ignore[union-attr]
    builders.library(personas.quality_manager)
    builders.checklist(category, personas.quality_manager)
    inspection = builders.book(
        personas, inspection_type=InspectionType.PSI, planned_date=timezone.localdate()
    )
    return builders.start(personas, inspection)


def test_it_shows_the_inspectors_desktop_screen_in_chinese(
    personas: Personas, client_for: Any
) -> None:
    inspection = _started_inspection(personas)
    client = client_for("inspector")
    url = reverse("inspections:inspection_perform", args=[inspection.report_number])
    html = _page(client, url, "zh-hans")
    for word in ("样本", "检查项", "缺陷", "合格", "不合格"):
        assert word in html, word
    detail = reverse("inspections:inspection_detail", args=[inspection.report_number])
    assert "抽样方案" in _page(client, detail, "zh-hans")


def test_it_shows_the_inspectors_phone_screen_in_chinese(
    personas: Personas, client_for: Any
) -> None:
    try:
        listing_url = reverse("fieldwork:my_inspections")
        perform_url = reverse("fieldwork:perform", args=["QC-0"])
    except NoReverseMatch:
        pytest.skip("the phone screens (fieldwork) are not wired yet")
    inspection = _started_inspection(personas)
    client = client_for("inspector")
    listing = _page(client, listing_url, "zh-hans")
    assert "我的验货" in listing
    assert inspection.report_number in listing
    perform_url = reverse("fieldwork:perform", args=[inspection.report_number])
    screen = _page(client, perform_url, "zh-hans")
    for word in ("判定结果", "检查项", "缺陷"):
        assert word in screen, word
    # the sentences the script shows come from the server, in the same language
    assert "全部已发送" in screen or "没有待发送的内容" in screen
