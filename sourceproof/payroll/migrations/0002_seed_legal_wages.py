"""Seed the legal-wage table with a documented handful of rows (see docs/payroll.md).

Only figures that could be traced to a published source are seeded; every row names its
source and year, and rows whose hourly figure or place list is derived (not published as
such) are marked `is_illustrative`. Existing rows (same country, region, sector and first day)
are left alone, so the seed never overwrites an operator's edits. Check the rows against the
current law before relying on them: minimum wages change every year or two.

How monthly minima become hourly (the analyser compares pay per regular hour):
- CN: monthly / 174 hours (21.75 paid days a month x 8 hours, the national convention);
- BD: monthly / 208 hours (26 working days x 8 hours);
- TR: monthly / 225 hours (30 days x 7.5 hours: 45 hours over six days, İş Süreleri Tüzüğü).
VN and NL publish hourly minima, used as they are.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

CN_PREMIUMS = ("1.50", "2.00", "3.00")  # PRC Labour Law art. 44: 150 % / 200 % / 300 %
CN_PREMIUM_NOTE = (
    "Premiums: PRC Labour Law art. 44 (150 % extended hours, 200 % rest day, 300 % statutory "
    "holiday). Regular week: 40 hours (8 hours a day, 40 a week; State Council Order 174). "
)
CN_HOURS_SOURCE = "Hunan provincial government, 'Working hours' (Foreign Investment Guide 2024)"

ROWS: list[dict[str, Any]] = [
    # ---------------------------------------------------------------- China, Zhejiang
    {
        "country": "CN",
        "region": "Zhejiang Class I",
        "areas": "Hangzhou\nNingbo\nWenzhou",
        "effective_from": "2021-08-01",
        "effective_until": "2023-12-31",
        "minimum_hourly_wage": "13.1034",
        "currency": "CNY",
        "premiums": CN_PREMIUMS,
        "weekly_regular_hours_max": "40",
        "source_text": "Zhejiang Provincial Department of Human Resources and Social Security: "
        "minimum wage from 1 Aug 2021, top level 2,280 yuan a month (22 yuan an hour part-time)",
        "source_url": "https://ningbo.chinadaily.com.cn/2021-07/30/c_647511.htm",
        "source_year": 2021,
        "notes": "2,280 / 174 h = 13.1034 yuan an hour. Areas: 'almost all urban districts in "
        "Hangzhou, Ningbo and Wenzhou adopted the highest level' (ezhejiang.gov.cn, Sept 2021); "
        "counties may differ. " + CN_PREMIUM_NOTE,
        "is_illustrative": True,
    },
    {
        "country": "CN",
        "region": "Zhejiang Class I",
        "areas": "Hangzhou\nNingbo\nWenzhou",
        "effective_from": "2024-01-01",
        "effective_until": None,
        "minimum_hourly_wage": "14.3103",
        "currency": "CNY",
        "premiums": CN_PREMIUMS,
        "weekly_regular_hours_max": "40",
        "source_text": "Zhejiang minimum wage from 1 Jan 2024: 2,490 / 2,260 / 2,010 yuan a month "
        "(MOHRSS figures as reported by ECNS, 21 May 2024)",
        "source_url": "",
        "source_year": 2024,
        "notes": "2,490 / 174 h = 14.3103 yuan an hour. The ECNS article was read in a mirror, "
        "so no address is given; the areas are those that chose the top level in 2021. "
        + CN_PREMIUM_NOTE,
        "is_illustrative": True,
    },
    {
        "country": "CN",
        "region": "Zhejiang Class II",
        "areas": "Huzhou\nShaoxing\nTaizhou",
        "effective_from": "2024-01-01",
        "effective_until": None,
        "minimum_hourly_wage": "12.9885",
        "currency": "CNY",
        "premiums": CN_PREMIUMS,
        "weekly_regular_hours_max": "40",
        "source_text": "Zhejiang minimum wage from 1 Jan 2024: 2,490 / 2,260 / 2,010 yuan a month "
        "(MOHRSS figures as reported by ECNS, 21 May 2024)",
        "source_url": "",
        "source_year": 2024,
        "notes": "2,260 / 174 h = 12.9885 yuan an hour. Areas: 'every urban district in "
        "Huzhou, Shaoxing and Taizhou opted for the medium level' in 2021 (ezhejiang.gov.cn); "
        "check the 2024 choices. " + CN_PREMIUM_NOTE,
        "is_illustrative": True,
    },
    # ---------------------------------------------------------------- China, Guangdong
    {
        "country": "CN",
        "region": "Shenzhen",
        "areas": "",
        "effective_from": "2022-07-01",
        "effective_until": None,
        "minimum_hourly_wage": "13.5632",
        "currency": "CNY",
        "premiums": CN_PREMIUMS,
        "weekly_regular_hours_max": "40",
        "source_text": "Shenzhen (Guangdong) monthly minimum wage 2,360 yuan (MOHRSS 2023 "
        "figures as reported by ECNS, 21 May 2024)",
        "source_url": "",
        "source_year": 2023,
        "notes": "2,360 / 174 h = 13.5632 yuan an hour. The start date (1 July 2022) comes from "
        "secondary sources only; Guangdong has raised its minima since: check. " + CN_PREMIUM_NOTE,
        "is_illustrative": True,
    },
    # ---------------------------------------------------------------- Viet Nam
    {
        "country": "VN",
        "region": "Region I",
        "areas": "",
        "effective_from": "2024-07-01",
        "effective_until": "2025-12-31",
        "minimum_hourly_wage": "23800",
        "currency": "VND",
        "premiums": ("1.50", "2.00", "3.00"),
        "source_text": "Decree 74/2024/ND-CP: regional minimum wages from 1 July 2024, Region I "
        "4,960,000 VND a month, 23,800 VND an hour",
        "source_url": "https://netviet.com.vn/decree-74-2024-nd-cp-increases-in-regional-minimum-wages",
        "source_year": 2024,
        "notes": "The Decree publishes the hourly minimum. Premiums: Labour Code 2019 art. 98 "
        "(at least 150 % weekdays, 200 % weekly days off, 300 % public holidays, the latter "
        "excluding the holiday pay). The Decree's appendix assigns districts to regions: add "
        "your facilities' cities or provinces to the areas after checking it.",
        "is_illustrative": False,
    },
    {
        "country": "VN",
        "region": "Region I",
        "areas": "",
        "effective_from": "2026-01-01",
        "effective_until": None,
        "minimum_hourly_wage": "25500",
        "currency": "VND",
        "premiums": ("1.50", "2.00", "3.00"),
        "source_text": "Decree 293/2025/ND-CP: regional minimum wages from 1 January 2026, "
        "Region I 5,310,000 VND a month, 25,500 VND an hour",
        "source_url": "https://www.mondaq.com/employee-benefits-compensation/1706644/decree-on-statutory-minimum-wages-what-you-must-know",
        "source_year": 2025,
        "notes": "The Decree publishes the hourly minimum. Premiums: Labour Code 2019 art. 98. "
        "Add your facilities' cities or provinces in Region I to the areas.",
        "is_illustrative": False,
    },
    # ---------------------------------------------------------------- Bangladesh
    {
        "country": "BD",
        "region": "",
        "areas": "",
        "sector": "Ready-made garments (RMG)",
        "effective_from": "2023-12-01",
        "effective_until": None,
        "minimum_hourly_wage": "60.0962",
        "currency": "BDT",
        "premiums": ("2.00", "2.00", "2.00"),
        "source_text": "Minimum Wage Board, garment sector: Tk 12,500 a month from 1 December "
        "2023 (announced 7 Nov 2023)",
        "source_url": "https://www.thedailystar.net/business/news/tk-12500-declared-minimum-rmg-wage-3463911",
        "source_year": 2023,
        "notes": "12,500 / 208 h (26 days x 8 h) = 60.0962 taka an hour, for the entry grade. "
        "Premium: Bangladesh Labour Act 2006 s. 108, twice the ordinary rate (of basic wage "
        "and dearness allowance: the analyser applies it to the whole rate, which is stricter). "
        "Hours: s. 100 and s. 102 (8 a day, 48 a week, 60 with overtime). Applies to RMG "
        "factories only: pick this row for a run.",
        "is_illustrative": True,
    },
    # ---------------------------------------------------------------- Türkiye
    {
        "country": "TR",
        "region": "",
        "areas": "",
        "effective_from": "2024-01-01",
        "effective_until": "2024-12-31",
        "minimum_hourly_wage": "88.9000",
        "currency": "TRY",
        "premiums": ("1.50", "1.50", "2.00"),
        "weekly_regular_hours_max": "45",
        "source_text": "National minimum wage 1 Jan to 31 Dec 2024: TRY 20,002.50 gross a month "
        "(Minimum Wage Determination Commission)",
        "source_url": "https://www.mondaq.com/turkey/employee-benefits-compensation/1564958/minimum-wage-determination-commission39s-decision-concerning-the-minimum-wage-increase-in-2025-has-been-published",
        "source_year": 2024,
        "notes": "20,002.50 / 225 h = 88.90 lira an hour. Labour Law 4857: 45 hours a week "
        "(art. 63); overtime +50 % (art. 41); work on a national or general holiday earns an "
        "extra day's wage (art. 47), taken as 2.0; rest-day work counted as overtime (1.5).",
        "is_illustrative": False,
    },
    {
        "country": "TR",
        "region": "",
        "areas": "",
        "effective_from": "2025-01-01",
        "effective_until": "2025-12-31",
        "minimum_hourly_wage": "115.5800",
        "currency": "TRY",
        "premiums": ("1.50", "1.50", "2.00"),
        "weekly_regular_hours_max": "45",
        "source_text": "National minimum wage for 2025: TRY 26,005.50 gross a month (Official "
        "Gazette 27.12.2024, no. 32765)",
        "source_url": "https://www.mondaq.com/turkey/employee-benefits-compensation/1564958/minimum-wage-determination-commission39s-decision-concerning-the-minimum-wage-increase-in-2025-has-been-published",
        "source_year": 2024,
        "notes": "26,005.50 / 225 h = 115.58 lira an hour. Labour Law 4857 art. 63 (45 hours), "
        "art. 41 (+50 %), art. 47 (holiday work: an extra day's wage). The 2026 rate could not "
        "be sourced: add it.",
        "is_illustrative": False,
    },
    # ---------------------------------------------------------------- the Netherlands
    {
        "country": "NL",
        "region": "",
        "areas": "",
        "effective_from": "2025-01-01",
        "effective_until": "2025-06-30",
        "minimum_hourly_wage": "14.0600",
        "currency": "EUR",
        "premiums": ("1.25", "1.25", "1.25"),
        "source_text": "Wet minimumloon en minimumvakantiebijslag: statutory hourly minimum "
        "wage EUR 14.06 (21 and over), first half of 2025",
        "source_url": "https://business.gov.nl/amendment/minimum-wage-increase-january",
        "source_year": 2025,
        "notes": "Hourly since 1 January 2024, for workers aged 21 and over; younger workers "
        "have lower youth minima (a share of this), so findings for under-21s need checking. "
        "Dutch law sets no overtime premium: the ETI's 1.25 is kept (collective agreements "
        "often set more).",
        "is_illustrative": False,
    },
    {
        "country": "NL",
        "region": "",
        "areas": "",
        "effective_from": "2025-07-01",
        "effective_until": "2025-12-31",
        "minimum_hourly_wage": "14.4000",
        "currency": "EUR",
        "premiums": ("1.25", "1.25", "1.25"),
        "source_text": "Statutory hourly minimum wage EUR 14.40 (21 and over) from 1 July 2025",
        "source_url": "https://www.w-o.nl/actueel/Wettelijk-minimumuurloon-per-1-juli-2025",
        "source_year": 2025,
        "notes": "For workers aged 21 and over; youth minima are lower. No statutory overtime "
        "premium: the ETI's 1.25 is kept.",
        "is_illustrative": False,
    },
    {
        "country": "NL",
        "region": "",
        "areas": "",
        "effective_from": "2026-01-01",
        "effective_until": None,
        "minimum_hourly_wage": "14.7100",
        "currency": "EUR",
        "premiums": ("1.25", "1.25", "1.25"),
        "source_text": "Statutory hourly minimum wage EUR 14.71 (21 and over) from 1 January "
        "2026 (Ministry of Social Affairs and Employment, decision 2025-0000213859)",
        "source_url": "https://www.admintrend.nl/actueel/minimumuurloon-naar-eur-14.71",
        "source_year": 2025,
        "notes": "For workers aged 21 and over; youth minima are lower. No statutory overtime "
        "premium: the ETI's 1.25 is kept.",
        "is_illustrative": False,
    },
]


def seed(apps: Any, schema_editor: Any) -> None:
    LegalWage = apps.get_model("payroll", "LegalWage")
    for spec in ROWS:
        data = dict(spec)
        working, rest, holiday = data.pop("premiums")
        exists = LegalWage.objects.filter(
            country=data["country"],
            region=data["region"],
            sector=data.get("sector", ""),
            effective_from=data["effective_from"],
        ).exists()
        if exists:
            continue
        LegalWage.objects.create(
            overtime_premium_working=working,
            overtime_premium_rest=rest,
            overtime_premium_holiday=holiday,
            **data,
        )


class Migration(migrations.Migration):
    dependencies = [("payroll", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
