"""Issue 23: sources name their originals, one rule for kinds, qualifiers and the source's precision reach
every printed figure, and docs/catalog-review.md is generated from the data (so it cannot drift)."""

import re
from pathlib import Path

import pandas as pd
import pytest

import rangemap as rm
import rangemap.catalog as catalog
from rangemap.cli import main
from rangemap.units import METRES_PER, parse_distance
from scripts import catalog_review

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
#: Sites that republish others' stories (syndicators, aggregators, mirrors, machine translations): they
#: may appear only as ``read_via``, never as the publisher of a source whose original is known.
COPIES = ("jvim", "tovima", "to vima", "journauxafrique", "inkl", "webjosh", "balitangmarino", "balita marino",
          "wikide", "causeaction", "cp24", "columbian", "tribune", "nippon.com", "sun herald", "ndtv",
          "finanznachrichten", "yahoo", "washington post", "babel", "xronica", "menafn", "korea herald")
#: Reports by a publisher that also reposts others: The Korea Herald's own (Jo He-rim's, 2019-07-25); the Yonhap
#: items it reposts are cited to Yonhap.
OWN_REPORTS = {"koreaherald-2019-07-25"}


def raw(name):
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


def test_committed_review_equals_a_fresh_generation():
    committed = (ROOT / "docs" / "catalog-review.md").read_text(encoding="utf-8")
    assert committed == catalog_review.read(ROOT), "docs/catalog-review.md is stale: python -m scripts.catalog_review"


def test_review_has_one_row_per_figure_with_the_words_that_support_it():
    systems, sources = raw("systems.csv"), raw("sources.csv")
    rows = catalog_review.rows(systems, sources)
    figures = sum(bool(r[cols[0]]) for _, r in systems.iterrows() for _, cols, *_ in catalog_review.FIGURES)
    assert len(rows) == figures >= len(systems)
    storm = [r for r in rows if r[0] == "storm-shadow"][0]
    assert storm[2] == "more than 250 km" and storm[3] == "claim" and storm[4] == "maker: MBDA"
    assert "[polskieradio-2023-05-12] “The Storm Shadow is a plane-fired cruise missile with a range of over 250 km" \
        in storm[6]
    hwasong = [r for r in rows if r[0] == "hwasong-11" and r[1] == "range drawn"][0]
    assert hwasong[2] == "about 430 mi" and "about 430 miles" in hwasong[6]


def test_review_generation_follows_the_data(tmp_path):
    """Changing a figure changes the review: the generator reads the data, it does not hold a copy."""
    systems = raw("systems.csv")
    systems.loc[systems["id"] == "kh-55", "range_qualifier"] = "about"
    text = catalog_review.render(systems, raw("sources.csv"))
    assert "| kh-55 | range drawn | about 2,500 km |" in text
    assert "| kh-55 | range drawn | 2,500 km |" in catalog_review.read(ROOT)


def test_every_source_names_publisher_title_and_an_iso_date():
    sources = catalog.sources()
    for column in ("publisher", "title", "date", "address", "quote"):
        assert (sources[column].str.strip() != "").all(), column
    assert sources["date"].str.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?").all()
    assert not sources["title"].str.startswith("(").any(), "a title is missing"


def test_no_copy_is_named_as_publisher():
    sources = catalog.sources()
    for _, row in sources.iterrows():
        publisher = row["publisher"].casefold()
        assert row["id"] in OWN_REPORTS or not any(copy in publisher for copy in COPIES), (row["id"], row["publisher"])
        assert " via " not in publisher and "as quoted by" not in publisher, (row["id"], "use read_via")
        assert bool(row["read_via"]) == bool(row["read_via_address"]), row["id"]
    # the copies the December 2026 audit found are now named as what they are
    via = sources.set_index("id")["read_via"]
    assert via["reuters-2025-10-9m729"].startswith("To Vima") and via["guardian-2025-08-flamingo"] == "inkl"
    assert via["tass-2025-01-20-oreshnik"].startswith("journauxafrique")
    assert catalog.source("wikipedia-shaykovka")["address"] == "https://en.wikipedia.org/wiki/Shaykovka_(air_base)"


def test_citations_say_read_via_for_copies():
    systems = catalog.systems().set_index("id")
    assert "AFP, “North Korean Ballistic Missile Could Have Range Covering All Of US: Japan”, 2023-12-18 (read via NDTV" \
        in systems.at["hwasong-18", "source"]
    assert "(read via" not in systems.at["iskander-m", "source"]  # TASS read at TASS


def test_every_figure_has_a_speaker_whose_role_gives_its_kind():
    systems = raw("systems.csv")
    for _, row in systems.iterrows():
        for kind_col, speaker_col in catalog.schema.SPEAKERS.items():
            if not row[kind_col]:
                assert not row[speaker_col], (row["id"], speaker_col)
                continue
            role = catalog.schema.speaker_role(row[speaker_col])
            assert catalog.SPEAKER_ROLES.get(role) == row[kind_col], (row["id"], kind_col, row[speaker_col])
    by_id = systems.set_index("id")
    assert by_id.at["kh-101", "range_kind"] == "estimate"  # Ukraine's figure for a Russian missile
    assert by_id.at["kh-101", "range_speaker"].startswith("adversary:")
    assert by_id.at["hwasong-11da-4.5", "range_kind"] == "claim"  # North Korea's own figure


@pytest.mark.parametrize("column, value, message", [
    ("range_speaker", "adversary: Ukraine's Air Force",
     r"row 2, column 'range_kind': 'claim', but the speaker \"adversary: Ukraine's Air Force\" makes it 'estimate'"),
    ("range_speaker", "someone", r"row 2, column 'range_speaker': 'someone' is not 'role: who'"),
    ("range_qualifier", "roughly", r"row 2, column 'range_qualifier': 'roughly' is not blank or one of"),
    ("range_as_given", "431 mi", r"row 2, column 'range_as_given': '431 mi' is 693.627 km, not range_km"),
])
def test_bad_speakers_and_qualifiers_are_refused(tmp_path, column, value, message):
    frame = raw("systems.csv")
    frame.loc[0, "range_kind"] = "claim" if column == "range_speaker" else frame.loc[0, "range_kind"]
    frame.loc[0, column] = value
    path = tmp_path / "systems.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(catalog.CatalogError, match=message):
        catalog.load_systems(path)


def test_a_copy_without_its_address_is_refused(tmp_path):
    frame = raw("sources.csv")
    frame.loc[0, "read_via_address"] = ""
    path = tmp_path / "sources.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(catalog.CatalogError, match=r"row 2, column 'read_via': a copy needs both"):
        catalog.load_sources(path)


def test_no_false_precision_in_the_data():
    """A range that is not a whole number of km is the source's own figure in another unit, kept as given."""
    for _, row in catalog.systems().iterrows():
        if row["range_km"] != round(row["range_km"]):
            assert row["range_as_given"], row["id"]
            assert parse_distance(row["range_as_given"]) / 1000 == pytest.approx(row["range_km"], abs=1e-3)
    hwasong = catalog.system("hwasong-11")
    assert hwasong["range_as_given"] == "430 mi" and hwasong["range_qualifier"] == "about"
    assert hwasong["range_km"] * 1000 == pytest.approx(430 * METRES_PER["mi"], abs=1.0)  # drawn exactly
    assert catalog.system("hwasong-15")["range_km"] == 13000  # AP's own figure, not 8,100 mi back-converted


def test_floors_are_marked_and_drawn_at_their_low_edge():
    systems = catalog.systems().set_index("id")
    for system, floor in (("storm-shadow", 250), ("kalibr", 2000), ("hwasong-18", 15000)):
        assert systems.at[system, "range_qualifier"] == "more than", system
        assert systems.at[system, "range_km"] == floor
    table = rm.reach(["storm-shadow"], ["kursk"], geometry=False)
    assert table["qualifier"].tolist() == ["more than"] and table["range_m"].tolist() == [250_000.0]


def test_rangemap_systems_prints_the_sources_qualifier(capsys):
    assert main(["systems"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith("storm-shadow"))
    assert "more than 250 km (155 mi)" in line
    line = next(x for x in out.splitlines() if x.strip().startswith("hwasong-11 "))
    assert "about 692 km (430 mi)" in line and "692.018" not in out
    assert re.search(r"\[reuters-2025-10-9m729\] Reuters, .* \(read via To Vima", out)


def test_page_legend_prints_the_qualifier_and_notes_a_floor():
    page = rm.ReachMap().add_reach(rm.reach(["storm-shadow", "hwasong-11"], ["kursk"]))
    state = page.page_state()
    labels = {row["id"]: row["label"] for row in state["legend"]["rows"] if row["role"] == "system"}
    assert labels == {"storm-shadow": "more than 250 km (155 mi)", "hwasong-11": "about 692 km (430 mi)"}
    assert any(note.startswith("“At least” / “more than”") for note in state["legend"]["notes"])
    tips = [r["tip"] for s in state["systems"] for r in s["rings"]]
    assert any("range more than 250 km (155 mi)" in t for tip in tips for t in tip if isinstance(t, str))
    plain = rm.ReachMap().add_reach(rm.reach(["iskander-m"], ["kursk"])).page_state()["legend"]
    assert not any(note.startswith("“At least”") for note in plain["notes"])


def test_the_drawn_page_legend_says_more_than_250_km(browser, tmp_path):
    """In Chromium: the legend row and the layer name say the source's words; the floor note is shown."""
    from devtools.browser import Page

    path = tmp_path / "storm.html"
    rm.reach_map(["storm-shadow"], ["kursk"]).save(str(path))
    page = Page(browser, path)
    rows = page.page.evaluate("() => [...document.querySelectorAll('.rangemap-legend tr.system')]"
                              ".map(e => e.textContent)")
    assert len(rows) == 1 and "more than 250 km (155 mi)" in rows[0]
    notes = page.page.evaluate("() => [...document.querySelectorAll('.rangemap-legend .note')].map(e => e.textContent)")
    assert any(n.startswith("“At least” / “more than”") for n in notes)
    assert page.errors == []
    page.page.close()


def test_check_lines_print_the_sources_qualifier(capsys):
    """`rangemap check` says "about 692 km" and "more than 250 km", as the sources do; a user's range has none."""
    table = rm.check("Kyiv", ["hwasong-11", "storm-shadow", catalog.custom_system(300)], sites=["kursk"])
    assert table["range_qualifier"].tolist() == ["about", "more than", ""]
    lines = rm.analysis.check_lines(table)
    assert "in reach of Hwasong-11 (about 692 km) with" in lines[0]
    assert "out of reach of Storm Shadow / SCALP-EG (more than 250 km) by" in lines[1]
    assert "(300 km)" in lines[2]
    assert main(["check", "--target", "Kyiv", "--site", "kursk", "--system", "kn-23", "--format", "csv"]) == 0
    header, row = capsys.readouterr().out.splitlines()[:2]
    assert header.endswith(",range_qualifier") and row.endswith(",about")


def test_launch_area_label_prints_the_sources_qualifier():
    """The launch area's legend row and tooltip say the source's words; a floor brings the legend's floor note."""
    state = rm.ReachMap().add_launch_area("Kyiv", "storm-shadow").add_launch_area("Kyiv", "hwasong-11").page_state()
    labels = [row["label"] for row in state["legend"]["rows"] if row["role"] == "launch"]
    assert labels == ["range more than 250 km (155 mi), drawn around the target",
                      "range about 692 km (430 mi), drawn around the target"]
    assert state["launchAreas"][1]["tip"][1] == "range about 692 km (430 mi) around the target"
    assert any(note.startswith("“At least” / “more than”") for note in state["legend"]["notes"])
    plain = rm.ReachMap().add_launch_area("Kyiv", "iskander-m").page_state()["legend"]
    assert not any(note.startswith("“At least”") for note in plain["notes"])
