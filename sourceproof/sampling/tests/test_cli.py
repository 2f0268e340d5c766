"""``sourceproof aql plan|oc|stream``, through ``sourceproof.cli.main`` and as a process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sourceproof.cli import main

SCRIPT = Path(sys.executable).with_name("sourceproof")
PLAN_KEYS = {
    "edition", "lot_size", "level", "aql", "inspection", "code_letter", "plan_code_letter",
    "sample_size", "accept", "reject", "full_inspection",
}  # fmt: skip
LOT_KEYS = {
    "index", "inspection", "code_letter", "sample_size", "accept", "reject", "nonconforming",
    "accepted", "switching_score", "next_inspection",
}  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestPlan:
    def test_it_prints_the_plan_as_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "aql", "plan", "--lot-size", "5000", "--aql", "2.5", "--json")
        data = json.loads(out)
        assert code == 0
        assert set(data) >= PLAN_KEYS
        assert data == {
            "edition": "iso2859-1", "lot_size": 5000, "level": "II", "aql": "2.5",
            "inspection": "normal", "code_letter": "L", "plan_code_letter": "L",
            "sample_size": 200, "accept": 10, "reject": 11, "full_inspection": False,
        }  # fmt: skip

    def test_it_reports_arrows_and_full_inspection(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        _, out, _ = run(
            capsys, "aql", "plan", "--lot-size", "4", "--aql", "10", "--level", "I", "--json"
        )
        data = json.loads(out)
        assert (data["code_letter"], data["plan_code_letter"]) == ("A", "C")
        assert (data["sample_size"], data["full_inspection"]) == (4, True)

    def test_it_prints_a_small_table_for_people(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(
            capsys,
            "aql",
            "plan",
            "--lot-size",
            "5000",
            "--aql",
            "2.5",
            "--inspection",
            "reduced",
            "--edition",
            "z1.4",
        )
        assert code == 0
        assert "ANSI/ASQ Z1.4" in out and "reduced inspection" in out
        assert "sample size            80" in out
        assert "a count from 6 to 7 accepts the lot but reinstates normal inspection" in out

    @pytest.mark.parametrize(
        ("argv", "words"),
        [
            (["--lot-size", "1", "--aql", "2.5"], "lot size must be at least 2"),
            (["--lot-size", "ten", "--aql", "2.5"], "--lot-size must be a whole number"),
            (
                ["--lot-size", "100", "--aql", "3"],
                "AQL 3 is not one of the standard's preferred AQLs",
            ),
            (
                ["--lot-size", "100", "--aql", "2.5", "--level", "IV"],
                "unknown inspection level 'IV'",
            ),
            (
                ["--lot-size", "100", "--aql", "2.5", "--inspection", "strict"],
                "unknown inspection severity",
            ),
            (["--lot-size", "100", "--aql", "2.5", "--edition", "2013"], "unknown edition"),
        ],
    )
    def test_it_refuses_bad_arguments_in_one_line_with_status_2(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
    ) -> None:
        code, out, err = run(capsys, "aql", "plan", *argv)
        assert code == 2
        assert out == ""
        assert err.count("\n") == 1 and err.startswith("sourceproof: error: ")
        assert words in err


class TestOc:
    def test_it_prints_pa_risks_and_aoql_as_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(
            capsys, "aql", "oc", "--lot-size", "2000", "--aql", "0.65", "--at", "0,0.65,2", "--json"
        )
        data = json.loads(out)
        assert code == 0
        assert set(data) >= {"plan", "points", "producer_risk", "lq10", "aoql"}
        assert data["plan"]["sample_size"] == 125
        assert [p["p"] for p in data["points"]] == [0, 0.65, 2]
        assert data["points"][0]["pa"] == 1.0
        assert data["producer_risk"] == pytest.approx(1 - data["points"][1]["pa"])

    def test_it_prints_a_table_for_people(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(
            capsys, "aql", "oc", "--lot-size", "100", "--aql", "100", "--at", "50,200"
        )
        assert code == 0
        assert "poisson" in out and "nonconformities per 100 items" in out
        assert "LQ10" in out and "AOQL" in out

    def test_it_refuses_a_bad_quality(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(
            capsys, "aql", "oc", "--lot-size", "2000", "--aql", "0.65", "--at", "1,x"
        )
        assert code == 2 and err.count("\n") == 1 and "'x'" in err


class TestStream:
    def test_it_runs_the_switching_rules_over_a_csv(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        lots = tmp_path / "lots.csv"
        lots.write_text("lot_size,nonconforming\n1000,3\n1000,3\n1000,0\n")
        code, out, _ = run(capsys, "aql", "stream", "--aql", "1.0", str(lots), "--json")
        rows = json.loads(out)["lots"]
        assert code == 0
        assert set(rows[0]) >= LOT_KEYS
        assert [
            (r["index"], r["inspection"], r["accepted"], r["next_inspection"]) for r in rows
        ] == [
            (1, "normal", False, "normal"),
            (2, "normal", False, "tightened"),
            (3, "tightened", True, "tightened"),
        ]

    def test_it_prints_a_table_for_people(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        lots = tmp_path / "lots.csv"
        lots.write_text("lot_size,nonconforming\n" + "1000,0\n" * 11)
        code, out, _ = run(capsys, "aql", "stream", "--aql", "1.0", "--reduced-allowed", str(lots))
        assert code == 0
        last = out.strip().splitlines()[-1].split()
        assert last[:2] == ["11", "reduced"]

    @pytest.mark.parametrize(
        ("content", "words"),
        [
            ("lot_size,nonconforming\n1000,0\n1000,x\n", "line 3"),
            ("lot_size,nonconforming\n1000,-1\n", "line 2: nonconforming cannot be negative"),
            ("lot_size,nonconforming\n1,0\n", "line 2: lot size must be at least 2"),
            ("size,defects\n1000,0\n", "lot_size,nonconforming"),
        ],
    )
    def test_it_names_the_bad_row(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, words: str
    ) -> None:
        lots = tmp_path / "lots.csv"
        lots.write_text(content)
        code, _, err = run(capsys, "aql", "stream", "--aql", "1.0", str(lots))
        assert code == 2 and err.count("\n") == 1
        assert words in err

    def test_it_refuses_a_missing_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        code, _, err = run(capsys, "aql", "stream", "--aql", "1.0", str(tmp_path / "none.csv"))
        assert code == 2 and "cannot read" in err and err.count("\n") == 1


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed in this environment")
class TestConsoleScript:
    def test_it_runs_as_the_installed_command(self) -> None:
        done = subprocess.run(
            [str(SCRIPT), "aql", "plan", "--lot-size", "5000", "--aql", "2.5", "--json"],
            capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["sample_size"] == 200

    def test_it_exits_2_with_one_line_for_a_bad_aql(self) -> None:
        done = subprocess.run(
            [str(SCRIPT), "aql", "plan", "--lot-size", "5000", "--aql", "0.5"],
            capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and "AQL 0.5" in done.stderr

    def test_it_exits_2_for_argparse_errors_too(self) -> None:
        done = subprocess.run(
            [str(SCRIPT), "aql", "plan", "--aql", "2.5"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert done.returncode == 2
