# ruff: noqa: RUF001 - Chinese text uses full-width punctuation on purpose
"""Demo data for the code of ethics: two versions in English, Dutch and Simplified Chinese,
each mapped to the ten UN Global Compact principles, and the suppliers' signatures.

- v1, published about thirteen months ago: every active supplier signed it within weeks.
  It does not cover principle 9 (environmentally friendly technologies): the coverage check
  flags it.
- v2, published three weeks ago with a 60-day grace period: it adds section 3.3 (principle 9)
  and a whistle-blowing line. Half of the demo suppliers signed it; the others (among them
  Ningbo Everbright, whose demo login is sales@everbright.example) are within the grace
  period: the gate still lets their orders through, with a warning, and their users are asked
  to sign on the dashboard.

The versions are drafted and published through the services (without emailing anyone).
The signatures are dated in the past, so they are written here directly, each with the
change-log entry the signing service would have written (the demo suppliers have no users of
their own to sign with, except Everbright).

`load_ethics_demo()` is idempotent: versions are keyed on their label, signatures on
(version, supplier); a second run creates nothing. It needs the core demo's CSR manager
(csr@groen.example); without it, it does nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from sourceproof.accounts.models import Role, User
from sourceproof.core.changelog import record_change
from sourceproof.core.models import ChangeAction
from sourceproof.ethics import markup, services
from sourceproof.ethics.models import Acknowledgement, CodeOfEthics
from sourceproof.ethics.selectors import acknowledgement_log_values
from sourceproof.ethics.services import TextInput
from sourceproof.facilities.models import Supplier

CSR_MANAGER = "csr@groen.example"
V1_DAYS_AGO = 400
V2_DAYS_AGO = 21
V2_GRACE_DAYS = 60
# Suppliers (by number) that have already signed v2; the others are within the grace period.
SIGNED_V2 = ("SUP-1002", "SUP-1004", "SUP-1005", "SUP-1008")
ROLES = ("General manager", "Managing director", "Compliance manager", "Owner")

_EN = """\
Groen Promotions B.V. buys promotional products from suppliers all over the world. We expect \
every supplier, and every facility that works for it, to respect the principles below. They \
follow the ten principles of the UN Global Compact, the ETI Base Code and the law of the \
country of production; where these differ, the higher standard applies.

## 1. Human rights

1.1 Respect the internationally proclaimed human rights of workers, their families and the \
communities around your facilities.

1.2 Make sure you are not complicit in human rights abuses: check your own suppliers and \
subcontractors, and tell us when you find a problem.

## 2. Labour

2.1 **Freedom of association.** Workers may join or form trade unions of their own choosing \
and bargain collectively, without fear of reprisal.

2.2 **No forced labour.** No prison, bonded or indentured labour; workers keep their identity \
papers and may leave after reasonable notice. No recruitment fees.

2.3 **No child labour.** No worker below 15 (or the legal minimum age, if higher); young \
workers under 18 do no night work and no hazardous work.

2.4 **No discrimination** in hiring, pay, training, promotion or dismissal.

2.5 Pay at least the legal minimum wage, respect the legal limits on working hours (no more \
than 60 hours a week including overtime), and provide a safe and healthy workplace.

## 3. Environment

3.1 Take a precautionary approach: assess and prevent harm to the environment before it happens.

3.2 Use energy, water and materials responsibly; handle chemicals and waste safely and lawfully.
"""

_EN_V2_ADDITION = """
3.3 Prefer environmentally friendly technologies and materials, and share what works with us.
"""

_EN_END = """
## 4. Business integrity

4.1 Work against corruption in all its forms, including extortion and bribery. Offer no \
gifts or payments to our staff, auditors or officials to win business or pass an audit.

## 5. How we work together

5.1 Facilities that produce for us need a valid SMETA 4-pillar audit; we may visit at any time.

5.2 When something is wrong, we prefer to fix it together: agree a corrective action plan \
and keep to it. Repeated or serious breaches end the relationship.
"""

_EN_V2_WHISTLE = """
5.3 Workers and managers can report breaches confidentially to ethics@groen.example; \
nobody is punished for reporting in good faith.
"""

_NL = """\
Groen Promotions B.V. koopt relatieartikelen bij leveranciers over de hele wereld. Wij \
verwachten van iedere leverancier, en van iedere productielocatie die voor hem werkt, dat \
hij de onderstaande principes naleeft. Ze volgen de tien principes van het UN Global \
Compact, de ETI Base Code en de wet van het productieland; waar die verschillen, geldt de \
strengste norm.

## 1. Mensenrechten

1.1 Respecteer de internationaal erkende mensenrechten van werknemers, hun gezinnen en de \
gemeenschappen rond uw productielocaties.

1.2 Zorg dat u niet medeplichtig bent aan schendingen van mensenrechten: controleer uw eigen \
leveranciers en onderaannemers, en meld het ons als u een probleem vindt.

## 2. Arbeid

2.1 **Vrijheid van vereniging.** Werknemers mogen zich aansluiten bij of een vakbond naar \
keuze oprichten en collectief onderhandelen, zonder angst voor represailles.

2.2 **Geen dwangarbeid.** Geen gevangenen-, schuld- of contractarbeid; werknemers houden \
hun identiteitspapieren en mogen met een redelijke opzegtermijn vertrekken. Geen \
wervingskosten.

2.3 **Geen kinderarbeid.** Geen werknemers jonger dan 15 jaar (of de wettelijke \
minimumleeftijd, als die hoger is); jongeren onder 18 werken niet 's nachts en doen geen \
gevaarlijk werk.

2.4 **Geen discriminatie** bij werving, beloning, opleiding, promotie of ontslag.

2.5 Betaal ten minste het wettelijk minimumloon, houd u aan de wettelijke grenzen voor \
arbeidstijd (niet meer dan 60 uur per week inclusief overwerk) en zorg voor een veilige en \
gezonde werkplek.

## 3. Milieu

3.1 Hanteer het voorzorgsbeginsel: breng schade aan het milieu in kaart en voorkom die \
voordat ze ontstaat.

3.2 Ga verantwoord om met energie, water en materialen; behandel chemicaliën en afval \
veilig en volgens de wet.
"""

_NL_V2_ADDITION = """
3.3 Kies bij voorkeur milieuvriendelijke technologieën en materialen, en deel met ons wat werkt.
"""

_NL_END = """
## 4. Integriteit

4.1 Bestrijd corruptie in al haar vormen, waaronder afpersing en omkoping. Bied onze \
medewerkers, auditors of ambtenaren geen geschenken of betalingen aan om een order te \
krijgen of een audit te halen.

## 5. Hoe we samenwerken

5.1 Productielocaties die voor ons produceren hebben een geldige SMETA 4-pijler-audit; wij \
mogen op elk moment langskomen.

5.2 Als er iets mis is, lossen we het liefst samen op: spreek een plan van corrigerende \
maatregelen af en houd u eraan. Herhaalde of ernstige schendingen beëindigen de relatie.
"""

_NL_V2_WHISTLE = """
5.3 Werknemers en leidinggevenden kunnen schendingen vertrouwelijk melden via \
ethics@groen.example; niemand wordt gestraft voor een melding te goeder trouw.
"""

_ZH = """\
Groen Promotions B.V. 向世界各地的供应商采购促销礼品。我们要求每一家供应商及其所有生产\
工厂遵守以下原则。这些原则依据联合国全球契约十项原则、ETI 基本准则以及生产国法律制定；\
如有不同，以较高标准为准。

## 1. 人权

1.1 尊重工人及其家庭和工厂周边社区的国际公认人权。

1.2 确保不成为侵犯人权行为的同谋：审查您自己的供应商和分包商，发现问题时及时告知我们。

## 2. 劳工

2.1 **结社自由。** 工人可以自由加入或组建自己选择的工会并进行集体谈判，不必担心遭到报复。

2.2 **禁止强迫劳动。** 不得使用监狱劳工、抵债劳工或契约劳工；工人自行保管身份证件，\
在合理通知后可以离职。不得收取招聘费用。

2.3 **禁止使用童工。** 不得雇用未满 15 岁（或法定最低年龄，以较高者为准）的工人；\
未满 18 岁的青少年工人不得从事夜班或危险工作。

2.4 **禁止歧视：** 在招聘、薪酬、培训、晋升或解雇中不得有任何歧视。

2.5 支付不低于法定最低工资的薪酬，遵守法定工时上限（包括加班在内每周不超过 60 小时），\
并提供安全健康的工作场所。

## 3. 环境

3.1 采取预防性方法：在环境损害发生之前进行评估并加以预防。

3.2 负责任地使用能源、水和材料；安全、合法地处理化学品和废弃物。
"""

_ZH_V2_ADDITION = """
3.3 优先采用环境友好型技术和材料，并与我们分享行之有效的做法。
"""

_ZH_END = """
## 4. 商业诚信

4.1 反对一切形式的腐败，包括敲诈和贿赂。不得为获得订单或通过审核而向我们的员工、审核员\
或官员提供礼品或款项。

## 5. 合作方式

5.1 为我们生产的工厂须持有有效的 SMETA 四支柱审核报告；我们可随时到访。

5.2 发现问题时，我们更愿意共同解决：商定纠正措施计划并切实执行。屡次或严重违规将终止合作关系。
"""

_ZH_V2_WHISTLE = """
5.3 工人和管理人员可通过 ethics@groen.example 保密举报违规行为；善意举报者不会受到任何处罚。
"""

_TITLES = {
    "en": "Supplier code of ethics",
    "nl": "Gedragscode voor leveranciers",
    "zh-hans": "供应商道德行为准则",
}


def _texts(version: int) -> list[TextInput]:
    parts = {
        "en": (_EN, _EN_V2_ADDITION, _EN_END, _EN_V2_WHISTLE),
        "nl": (_NL, _NL_V2_ADDITION, _NL_END, _NL_V2_WHISTLE),
        "zh-hans": (_ZH, _ZH_V2_ADDITION, _ZH_END, _ZH_V2_WHISTLE),
    }
    texts = []
    for lang, (start, addition, end, whistle) in parts.items():
        body = start + (addition if version >= 2 else "") + end + (whistle if version >= 2 else "")
        texts.append(TextInput(lang, f"{_TITLES[lang]} v{version}", body))
    return texts


_COVERAGE_V1 = {
    1: "1.1",
    2: "1.2",
    3: "2.1",
    4: "2.2",
    5: "2.3",
    6: "2.4",
    7: "3.1",
    8: "3.2",
    10: "4.1",
}
_COVERAGE_V2 = {**_COVERAGE_V1, 9: "3.3"}


@dataclass(frozen=True)
class VersionSpec:
    version: str
    days_ago: int
    grace_days: int
    coverage: dict[int, str]
    notes: str


VERSIONS = (
    VersionSpec("1", V1_DAYS_AGO, 60, _COVERAGE_V1, "First version."),
    VersionSpec(
        "2",
        V2_DAYS_AGO,
        V2_GRACE_DAYS,
        _COVERAGE_V2,
        "Adds 3.3 on environmentally friendly technologies (UN Global Compact principle 9) "
        "and 5.3, the confidential reporting line.",
    ),
)


@dataclass
class EthicsDemoResult:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


def load_ethics_demo(*, today: dt.date | None = None) -> EthicsDemoResult:
    """Create the code-of-ethics demo; what is already there is left alone."""
    result = EthicsDemoResult()
    csr = User.objects.filter(email=CSR_MANAGER).first()
    if csr is None:
        return result
    now = timezone.now()
    if today is not None:
        now += today - timezone.localdate()
    with transaction.atomic():
        codes = {spec.version: _load_version(result, spec, csr, now) for spec in VERSIONS}
        suppliers = list(Supplier.objects.filter(is_active=True).select_related("organisation"))
        users = {
            u.organisation_id: u
            for u in User.objects.filter(
                role=Role.SUPPLIER_USER, organisation__in=[s.organisation for s in suppliers]
            ).order_by("email")
        }
        for i, supplier in enumerate(sorted(suppliers, key=lambda s: s.supplier_number)):
            _sign(result, codes["1"], supplier, users.get(supplier.organisation_id), now, 10 + i)
            if supplier.supplier_number in SIGNED_V2:
                _sign(result, codes["2"], supplier, users.get(supplier.organisation_id), now, 2 + i)
    return result


def _load_version(
    result: EthicsDemoResult, spec: VersionSpec, csr: User, now: dt.datetime
) -> CodeOfEthics:
    code = CodeOfEthics.objects.filter(version=spec.version).first()
    if code is not None:
        return code
    published_at = now - dt.timedelta(days=spec.days_ago)
    code = services.code_create(
        by=csr,
        version=spec.version,
        effective_date=timezone.localdate(published_at) + dt.timedelta(days=1),
        grace_days=spec.grace_days,
        notes=spec.notes,
        texts=_texts(int(spec.version)),
        coverage=spec.coverage,
    )
    code = services.code_publish(code=code, by=csr, notify=False)
    CodeOfEthics.objects.filter(pk=code.pk).update(published_at=published_at)
    if spec.version == "1":
        CodeOfEthics.objects.filter(pk=code.pk).update(created_at=published_at)
    code.refresh_from_db()
    result.count("versions")
    return code


def _sign(
    result: EthicsDemoResult,
    code: CodeOfEthics,
    supplier: Supplier,
    user: User | None,
    now: dt.datetime,
    days_after: int,
) -> None:
    """A signature dated `days_after` days after publication (never in the future), with the
    change-log entry `acknowledgement_sign` writes."""
    if Acknowledgement.objects.filter(code=code, supplier=supplier).exists():
        return
    assert code.published_at is not None
    signed_at = min(code.published_at + dt.timedelta(days=days_after), now)
    language = (
        "zh-hans" if supplier.country == "CN" else ("nl" if supplier.country == "NL" else "en")
    )
    text = code.texts.get(language=language)
    ack = Acknowledgement.objects.create(
        code=code,
        supplier=supplier,
        signer_name=supplier.contact_name or "Authorised signatory",
        signer_role=ROLES[supplier.pk % len(ROLES)],
        user=user,
        user_email=user.email if user else "",
        signed_at=signed_at,
        ip_address=f"198.51.100.{supplier.pk % 250 + 1}",
        user_agent="sourceproof demo",
        language=language,
        content_sha256=markup.fingerprint(text.title, text.body),
    )
    ack.refresh_from_db()
    record_change(
        obj=ack,
        actor=user,
        action=ChangeAction.CREATE,
        changes={k: [None, v] for k, v in acknowledgement_log_values(ack).items()},
        summary=f"{supplier.legal_name} signed the code of ethics v{code.version} ({language}) "
        f"as {ack.signer_name}, {ack.signer_role} (demo data)",
    )
    result.count("signatures")
