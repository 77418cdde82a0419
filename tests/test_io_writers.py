"""Result writers (spec 11) and the rejects writer."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone

import pytest

from scoredsl.io import RejectsWriter, open_writer
from scoredsl.models import ScoreResult

WARM = ScoreResult(
    lead_id="L-1001", score=42.5, scores={"fit": 18.0, "engagement": 24.5}, tier="warm"
)
NO_TIER = ScoreResult(lead_id="L-2", score=3, scores={"engagement": 0.25, "fit": -1.0}, tier=None)


def written(fmt: str, results: list[ScoreResult], dimensions: list[str]) -> str:
    stream = io.StringIO()
    writer = open_writer(fmt, stream, dimensions)  # type: ignore[arg-type]
    for result in results:
        writer.write(result)
    writer.close()
    return stream.getvalue()


def test_jsonl_matches_the_spec_example_byte_for_byte() -> None:
    text = written("jsonl", [WARM], ["fit", "engagement"])
    assert text == (
        '{"lead_id": "L-1001", "score": 42.5, "scores": {"fit": 18.0, "engagement": 24.5},'
        ' "tier": "warm"}\n'
    )


def test_jsonl_writes_null_tier_floats_and_declared_dimension_order() -> None:
    line = written("jsonl", [NO_TIER], ["fit", "engagement"])
    assert line == (
        '{"lead_id": "L-2", "score": 3.0, "scores": {"fit": -1.0, "engagement": 0.25},'
        ' "tier": null}\n'
    )
    assert list(json.loads(line)) == ["lead_id", "score", "scores", "tier"]


def test_jsonl_with_no_named_dimension_writes_empty_scores() -> None:
    result = ScoreResult(lead_id="é", score=1.0, scores={}, tier=None)
    assert written("jsonl", [result], []) == (
        '{"lead_id": "é", "score": 1.0, "scores": {}, "tier": null}\n'
    )


def test_csv_has_a_column_per_dimension_in_declared_order() -> None:
    text = written("csv", [WARM, NO_TIER], ["fit", "engagement"])
    assert text.splitlines() == [
        "lead_id,score,fit,engagement,tier",
        "L-1001,42.5,18.0,24.5,warm",
        "L-2,3.0,-1.0,0.25,",
    ]


def test_csv_quotes_cells_that_need_it_and_writes_a_header_for_no_leads() -> None:
    result = ScoreResult(lead_id='Acme, "Inc"', score=1.0, scores={}, tier="hot")
    assert written("csv", [result], []).splitlines() == [
        "lead_id,score,tier",
        '"Acme, ""Inc""",1.0,hot',
    ]
    assert written("csv", [], ["fit"]) == "lead_id,score,fit,tier\n"


def test_csv_refuses_a_result_missing_a_declared_dimension() -> None:
    with pytest.raises(ValueError, match="fit"):
        written("csv", [ScoreResult(lead_id="a", score=1, scores={}, tier=None)], ["fit"])


def test_unknown_output_format_is_an_error() -> None:
    with pytest.raises(ValueError, match="xml"):
        open_writer("xml", io.StringIO(), [])  # type: ignore[arg-type]


def test_writers_flush_but_do_not_close_the_stream() -> None:
    stream = io.StringIO()
    writer = open_writer("jsonl", stream, [])
    writer.close()
    assert not stream.closed


def test_rejects_writer_writes_one_json_object_a_line() -> None:
    stream = io.StringIO()
    rejects = RejectsWriter(stream)
    rejects.write("leads.jsonl", 3, "SD501", "not valid JSON", "{oops")
    row = {"id": None, "at": datetime(2026, 10, 1, tzinfo=timezone.utc)}
    rejects.write("leads.parquet", 1, "SD503", "missing `id`", row)
    rejects.close()
    assert not stream.closed
    assert [json.loads(line) for line in stream.getvalue().splitlines()] == [
        {
            "file": "leads.jsonl",
            "line": 3,
            "code": "SD501",
            "reason": "not valid JSON",
            "record": "{oops",
        },
        {
            "file": "leads.parquet",
            "line": 1,
            "code": "SD503",
            "reason": "missing `id`",
            "record": {"id": None, "at": "2026-10-01T00:00:00+00:00"},
        },
    ]
