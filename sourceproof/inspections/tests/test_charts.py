"""The server-side SVG line chart: scales, ticks, series, reference lines, markers, empty data."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sourceproof.inspections.charts import (
    Axis,
    LinearScale,
    Marker,
    ReferenceLine,
    Series,
    format_number,
    line_chart,
    nice_number,
    nice_ticks,
    percent,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def polylines(root: ET.Element) -> list[list[tuple[float, float]]]:
    return [
        [tuple(map(float, pair.split(","))) for pair in line.attrib["points"].split()]  # type: ignore[misc]
        for line in root.iter(f"{SVG}polyline")
    ]


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in e.attrib.get("class", "").split()]


def chart(**overrides: object) -> str:
    arguments: dict[str, object] = {
        "title": "Pa against quality",
        "description": "Two curves.",
        "series": [
            Series("first", [(0, 1.0), (1, 0.8), (2, 0.4), (3, 0.1), (4, 0.0)]),
            Series("second", [(0, 1.0), (2, 0.9), (4, 0.5)]),
        ],
        "x_axis": Axis("quality"),
        "y_axis": Axis("Pa", low=0, high=1, format=percent),
    }
    arguments.update(overrides)
    return line_chart(**arguments)  # type: ignore[arg-type]


class TestScale:
    def test_it_maps_the_domain_onto_the_range(self) -> None:
        scale = LinearScale((0, 10), (50, 550))
        assert (scale(0), scale(5), scale(10)) == (50, 300, 550)

    def test_it_runs_backwards_for_the_y_axis(self) -> None:
        scale = LinearScale((0, 1), (300, 20))
        assert (scale(0), scale(1), scale(0.5)) == (300, 20, 160)

    def test_it_puts_everything_in_the_middle_of_an_empty_domain(self) -> None:
        assert LinearScale((2, 2), (0, 100))(2) == 50


class TestTicks:
    @pytest.mark.parametrize(
        ("low", "high", "expected"),
        [
            (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]),
            (0, 7.3, [0, 2, 4, 6, 8]),
            (0, 0.31, [0, 0.1, 0.2, 0.3, 0.4]),
            (-3, 3, [-4, -2, 0, 2, 4]),
            (0, 1000, [0, 200, 400, 600, 800, 1000]),
            (0, 0.0123, [0, 0.005, 0.01, 0.015]),
        ],
    )
    def test_it_picks_round_ticks(self, low: float, high: float, expected: list[float]) -> None:
        assert nice_ticks(low, high) == pytest.approx(expected)

    def test_it_widens_a_single_value(self) -> None:
        ticks = nice_ticks(5, 5)
        assert ticks[0] < 5 < ticks[-1]

    def test_it_has_no_float_noise(self) -> None:
        assert [format_number(t) for t in nice_ticks(0, 0.31)] == ["0", "0.1", "0.2", "0.3", "0.4"]

    def test_it_refuses_infinite_bounds(self) -> None:
        with pytest.raises(ValueError, match="finite"):
            nice_ticks(0, math.inf)

    def test_it_knows_nice_numbers(self) -> None:
        assert [nice_number(v, round_=True) for v in (1.2, 2.9, 4, 8)] == [1, 2, 5, 10]
        assert [nice_number(v, round_=False) for v in (1, 1.5, 4, 6)] == [1, 2, 5, 10]

    @example(low=-1.192092896e-07, span=101.0, count=2)
    @given(
        st.floats(-1e6, 1e6, allow_nan=False),
        st.floats(1e-3, 1e6, allow_nan=False),
        st.integers(2, 12),
    )
    def test_it_always_covers_the_interval_with_even_steps(
        self, low: float, span: float, count: int
    ) -> None:
        ticks = nice_ticks(low, low + span, count)
        steps = [b - a for a, b in itertools.pairwise(ticks)]
        assert steps and all(s == pytest.approx(steps[0], rel=1e-6) for s in steps)
        # float noise below a millionth of a step does not add a tick
        slack = steps[0] * 1e-6
        assert ticks[0] <= low + slack
        assert ticks[-1] >= low + span - slack
        assert len(ticks) <= 2 * count + 2

    def test_it_formats_percentages(self) -> None:
        assert [percent(v) for v in (0, 0.1, 0.25, 1)] == ["0 %", "10 %", "25 %", "100 %"]


class TestChart:
    def test_it_is_well_formed_svg_with_a_title_and_a_description(self) -> None:
        root = parse(chart(chart_id="oc"))
        assert root.tag == f"{SVG}svg"
        assert root.attrib["role"] == "img"
        assert root.attrib["aria-labelledby"] == "oc-title oc-desc"
        assert root.find(f"{SVG}title").text == "Pa against quality"  # type: ignore[union-attr]
        assert root.find(f"{SVG}desc").text == "Two curves."  # type: ignore[union-attr]
        assert "viewBox" in root.attrib
        assert "<script" not in chart()

    def test_it_draws_one_polyline_per_series_with_every_point(self) -> None:
        lines = polylines(parse(chart()))
        assert [len(points) for points in lines] == [5, 3]

    def test_it_scales_the_points_into_the_plot(self) -> None:
        root = parse(chart(width=560, height=340))
        first = polylines(root)[0]
        xs, ys = [x for x, _ in first], [y for _, y in first]
        assert xs == sorted(xs)  # x grows to the right
        assert ys == sorted(ys)  # Pa falls, so y (downwards in SVG) grows
        # equal x steps in the data are equal steps on the page
        steps = [round(b - a, 1) for a, b in itertools.pairwise(xs)]
        assert max(steps) - min(steps) <= 0.2
        assert all(0 <= x <= 560 for x in xs) and all(0 <= y <= 340 for y in ys)

    def test_it_labels_the_ticks_with_the_axis_format(self) -> None:
        root = parse(chart())
        y_labels = [t.text for g in by_class(root, "y-ticks") for t in g]
        x_labels = [t.text for g in by_class(root, "x-ticks") for t in g]
        assert y_labels == ["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"]
        assert x_labels == ["0", "1", "2", "3", "4"]

    def test_it_takes_fixed_ticks(self) -> None:
        root = parse(chart(y_axis=Axis("Pa", low=0, high=1, ticks=[0, 0.5, 1], format=percent)))
        assert [t.text for g in by_class(root, "y-ticks") for t in g] == ["0 %", "50 %", "100 %"]

    def test_it_names_the_axes(self) -> None:
        root = parse(chart())
        assert by_class(root, "x-label")[0].text == "quality"
        assert by_class(root, "y-label")[0].text == "Pa"

    def test_it_draws_reference_lines_and_markers_with_tooltips(self) -> None:
        root = parse(
            chart(
                reference_lines=[ReferenceLine("x", 2.5, "AQL 2.5", series=0),
                                 ReferenceLine("y", 0.1, "Pa 10 %")],
                markers=[Marker(3, 0.1, "LQ10 3", series=0), Marker(2.5, 0.6, "hidden", show_label=False)],
            )
        )  # fmt: skip
        references = by_class(root, "reference")
        markers = by_class(root, "marker")
        assert [r.find(f"{SVG}title").text for r in references] == ["AQL 2.5", "Pa 10 %"]  # type: ignore[union-attr]
        assert [m.find(f"{SVG}title").text for m in markers] == ["LQ10 3", "hidden"]  # type: ignore[union-attr]
        assert len(list(root.iter(f"{SVG}circle"))) == 2
        # the hidden label is only a tooltip
        assert [t.text for m in markers for t in m.iter(f"{SVG}text")] == ["LQ10 3"]
        # the vertical line sits at x = 2.5 on the same scale as the series
        line = references[0].find(f"{SVG}line")
        xs = [x for x, _ in polylines(root)[0]]
        assert float(line.attrib["x1"]) == pytest.approx((xs[2] + xs[3]) / 2, abs=0.2)  # type: ignore[union-attr]

    def test_it_keeps_labels_apart(self) -> None:
        root = parse(
            chart(
                reference_lines=[ReferenceLine("x", 2.0, "AQL 2.0"), ReferenceLine("x", 2.05, "AQL 2.05")],
                markers=[Marker(3, 0.1, "LQ10 3.0"), Marker(3.05, 0.1, "LQ10 3.05")],
            )
        )  # fmt: skip
        positions = [
            (t.attrib["x"], t.attrib["y"])
            for g in by_class(root, "reference") + by_class(root, "marker")
            for t in g.iter(f"{SVG}text")
        ]
        assert len(positions) == len(set(positions)) == 4

    def test_it_shows_a_legend_for_several_series_only(self) -> None:
        assert [
            t.text for g in by_class(parse(chart()), "legend") for t in g.iter(f"{SVG}text")
        ] == [
            "first",
            "second",
        ]
        single = chart(series=[Series("only", [(0, 1), (1, 0)])])
        assert not by_class(parse(single), "legend")

    def test_it_says_so_when_there_is_no_data(self) -> None:
        for series in ([], [Series("empty", [])]):
            root = parse(chart(series=series, empty_text="Nothing to draw"))
            assert polylines(root) == []
            assert by_class(root, "empty")[0].text == "Nothing to draw"
            assert next(t.text for g in by_class(root, "y-ticks") for t in g) == "0 %"

    def test_it_escapes_every_text(self) -> None:
        svg = chart(
            title="<b>&",
            description='"quoted"',
            series=[Series("<script>", [(0, 0), (1, 1)])],
            markers=[Marker(0.5, 0.5, "a < b")],
            chart_id='x"y',
        )
        root = parse(svg)  # still well-formed
        assert root.find(f"{SVG}title").text == "<b>&"  # type: ignore[union-attr]
        assert "<script>" not in svg and "<b>" not in svg

    def test_it_scales_with_its_container(self) -> None:
        root = parse(chart(width=400, height=250))
        assert root.attrib["viewBox"] == "0 0 400 250"
        assert re.search(r"width:100%", root.attrib["style"])
