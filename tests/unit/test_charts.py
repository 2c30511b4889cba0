"""The shared leather charts (portal.charts): labels an axis can hold, stacked shares, and the
accessible wrapper every chart gets. No app needed."""
import re

from portal.charts import bars_svg, short_labels, stacked_shares_svg

COLOURS = ["#000001", "#000002", "#000003"]


def test_long_labels_are_cut_and_equal_ones_kept_apart():
    labels = short_labels(["Sub Bagian Umum", "Sub Bagian Umum", "Bidang " + "x" * 40])

    assert labels[:2] == ["Sub Bagian Umum", "Sub Bagian Umum (2)"]
    assert len(labels[2]) == 26 and labels[2].endswith("…")


def test_a_stacked_bar_shows_each_share_as_the_segment_left_by_the_next_longer_bar():
    svg = stacked_shares_svg([("A", [1, 1, 2]), ("B", [0, 0, 0])], COLOURS, "Sebaran", "Persen")

    rects = re.findall(r'<rect x="[^"]+" y="[^"]+" width="([^"]+)" height="[^"]+" fill="(#00000\d)"',
                       svg)
    widths = {colour: float(width) for width, colour in rects}
    # Drawn longest first (all of it, in the last colour), then 50 %, then 25 % on top.
    assert [colour for _width, colour in rects] == ["#000003", "#000002", "#000001"]
    assert widths["#000002"] == 2 * widths["#000001"] and widths["#000003"] == 4 * widths["#000001"]


def test_every_chart_names_itself_and_carries_no_style_or_script():
    for svg in (bars_svg([("A", 50), ("B", None)], "Capaian & hasil", "Persen", 100),
                stacked_shares_svg([("A", [0, 0, 0])], COLOURS, "Capaian & hasil", "Persen")):
        assert svg.startswith('<svg role="img" aria-label="Capaian &amp; hasil" viewBox="0 0 ')
        assert "<title>Capaian &amp; hasil</title>" in svg and ">Persen<" in svg
        assert "style=" not in svg and "<script" not in svg
