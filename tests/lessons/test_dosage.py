"""The dosage network: the article's numbers, stage by stage, and the output bump."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relu_tui.lessons.dosage.stages import explanation, stages, table
from relu_tui.lessons.dosage.state import (
    TABLE_DOSAGES,
    DosageState,
    breakpoints,
    bump_window,
    curves,
    find_bump,
    forward,
    probe_values,
)


def test_stage_one_table_is_the_articles() -> None:
    """Dosage article, step 1 table: linear term and ReLU output at 0, 0.2, 0.6, 1.0."""
    headings, rows = table(DosageState(), stages()[0])
    assert headings == ("dosage", "w₁·x + b₁", "ReLU output")
    assert rows == (
        ("0", "-0.85", "0"),
        ("0.2", "-0.51", "0"),
        ("0.6", "0.17", "0.17"),
        ("1", "0.85", "0.85"),
    )


def test_forward_by_hand_at_half_dose() -> None:
    """x = 0.5: z1 = 1.7·0.5 − 0.85 = 0; a2 = 12.6·0.5 = 6.3; y = 2.7·6.3 − 16 = 1.01."""
    nodes = forward(DosageState().weights, np.array([0.5]))
    assert nodes.z1[0] == pytest.approx(0.0, abs=1e-15)
    assert nodes.a2[0] == pytest.approx(6.3)
    assert nodes.y[0] == pytest.approx(1.01)


def test_bump_interval_and_peak_from_the_formulas() -> None:
    """y > 0 only where 34.02x − 16 > 0 and −35.34x + 18.68 > 0; peak 1.01 at the kink 0.5."""
    bump = find_bump(DosageState().weights, 0.0, 1.0)
    assert len(bump.intervals) == 1
    left, right = bump.intervals[0]
    assert left == pytest.approx(16 / 34.02, abs=1e-9)
    assert right == pytest.approx(18.68 / 35.34, abs=1e-9)
    assert (round(left, 3), round(right, 3)) == (0.470, 0.529)
    assert bump.peak_x == pytest.approx(0.5) and bump.peak_y == pytest.approx(1.01)


def test_stage_seven_explanation_follows_the_parameters() -> None:
    """The sentence quotes the computed interval, and changes when b3 changes."""
    state = DosageState().stepped(6)
    text = explanation(state, stages()[6])
    assert "(0.470, 0.529)" in text and "1.01" in text
    lowered = state.with_param("b3", -20.0)
    assert "never rises above 0" in explanation(lowered, stages()[6])


def test_bottom_node_activation_is_idle_on_the_article_range() -> None:
    """With b2 = 0 and x ≥ 0, ReLU leaves the bottom node's linear term unchanged."""
    nodes = forward(DosageState().weights, np.linspace(0, 1, 101))
    np.testing.assert_array_equal(nodes.a2, nodes.z2)


def test_softplus_toggle_changes_every_node() -> None:
    """Softplus never outputs exactly 0: a1 at x = 0 is log(1 + e^−0.85)."""
    state = DosageState().toggled_activation()
    assert state.activation == "softplus"
    values = probe_values(DosageState(probe=0.0).toggled_activation())
    assert values["a1"] == pytest.approx(np.log1p(np.exp(-0.85)))


def test_probe_moves_in_hundredths_and_stays_in_range() -> None:
    """Probe steps land on clean hundredths and clamp to the dosage range."""
    state = DosageState(probe=0.0)
    for _ in range(3):
        state = state.probed(0.01)
    assert state.probe == 0.03
    assert DosageState(probe=0.0).probed(-0.01).probe == 0.0


def test_empty_range_is_refused() -> None:
    """x from must stay below x to; the state is unchanged when refused."""
    state = DosageState()
    with pytest.raises(ValueError, match="x from < x to"):
        state.with_param("x_min", 1.0)


def test_stage_stepping_is_clamped() -> None:
    """Stages run from 1 to 7."""
    assert DosageState().stepped(-1).stage == 1
    assert DosageState().stepped(10).stage == 7


def test_every_stage_table_covers_the_article_dosages() -> None:
    """Stages 1-6 list exactly the article dosages, first column the dosage."""
    for stage in stages()[:6]:
        _, rows = table(DosageState(), stage)
        assert tuple(float(row[0]) for row in rows) == TABLE_DOSAGES


def test_stage_seven_table_shows_the_bump() -> None:
    """Stage 7 keeps the article dosages and adds the bump's rise, peak and fall, where y > 0
    (the article's 0 / 0.2 / 0.6 / 1.0 all give y = 0 with ReLU)."""
    state = DosageState()
    _, rows = table(state, stages()[6])
    dosages = tuple(float(row[0]) for row in rows)
    assert set(TABLE_DOSAGES) <= set(dosages) and dosages == tuple(sorted(dosages))
    assert [row for row in rows if float(row[0]) in TABLE_DOSAGES and row[2] != "0"] == []
    assert ("0.5", "1.01", "1.01") in rows
    assert sum(float(row[2]) > 0.4 for row in rows) == 3


def test_stage_seven_without_a_bump_lists_the_article_dosages() -> None:
    """Softplus with the article's weights never rises above 0: nothing is added."""
    _, rows = table(DosageState(activation="softplus"), stages("softplus")[6])
    assert tuple(float(row[0]) for row in rows) == TABLE_DOSAGES


def test_bump_window_frames_the_article_bump() -> None:
    """The article's bump (16/34.02 to 18.68/35.34) is framed with its width each side."""
    left, right = 16 / 34.02, 18.68 / 35.34
    window = bump_window(DosageState())
    assert window is not None
    assert window[0] == pytest.approx(left - (right - left), abs=1e-9)
    assert window[1] == pytest.approx(right + (right - left), abs=1e-9)
    assert bump_window(DosageState(activation="softplus")) is None  # no bump to frame


def test_breakpoints_are_the_kinks_and_the_bump_ends() -> None:
    """Article values: the ends, the output's zero crossings 16/34.02 and 18.68/35.34, and the
    top node's kink at -b1/w1 = 0.5 (the bottom node's kink, x = 0, is an end)."""
    x = breakpoints(DosageState().weights, 0.0, 1.0)
    np.testing.assert_allclose(x, [0.0, 16 / 34.02, 0.5, 18.68 / 35.34, 1.0], rtol=0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    weights=st.lists(st.floats(-20, 20, allow_nan=False), min_size=7, max_size=7),
    span=st.tuples(st.floats(-3, 0), st.floats(0.1, 3)),
)
def test_relu_curves_through_the_breakpoints_are_exact(
    weights: list[float], span: tuple[float, float]
) -> None:
    """Joining the breakpoints with straight lines reproduces the ReLU network anywhere in the
    range, for any weights: no bend falls between two of them."""
    named = dict(zip(("w1", "b1", "w2", "b2", "w3", "w4", "b3"), weights, strict=True))
    low, high = span[0], span[0] + span[1]
    x = breakpoints(named, low, high)
    dense = np.linspace(low, high, 997)
    exact = forward(named, dense)
    at_bends = forward(named, x)
    for field in ("a1", "a2", "z3", "y"):
        scale = 1.0 + np.max(np.abs(getattr(exact, field)))
        np.testing.assert_allclose(
            np.interp(dense, x, getattr(at_bends, field)),
            getattr(exact, field),
            rtol=0,
            atol=1e-9 * scale,
        )


def test_relu_curves_hit_the_peak_exactly() -> None:
    """The drawn final curve reaches the bump's peak, 1.01 at x = 0.5 (a dense grid of even
    steps would miss it between samples)."""
    nodes = curves(DosageState())
    assert float(nodes.y.max()) == pytest.approx(1.01, abs=1e-12)
    assert float(nodes.x[np.argmax(nodes.y)]) == pytest.approx(0.5, abs=1e-12)


def test_weight_sentences_follow_the_weights() -> None:
    """Stage 2 says 'flips' for a negative w3, 'keeping its direction' for a positive one,
    and 'adds nothing' for zero; stage 6 says which way b3 shifts."""
    state = DosageState()
    stage2, stage6 = stages()[1], stages()[5]
    assert "flips" in explanation(state, stage2) and "-40.8" in explanation(state, stage2)
    assert "keeping its direction" in explanation(state.with_param("w3", 2.0), stage2)
    assert "adds nothing" in explanation(state.with_param("w3", 0.0), stage2)
    assert "down by 16" in explanation(state, stage6)
    assert "up by 3" in explanation(state.with_param("b3", 3.0), stage6)


def test_bump_moves_when_a_weight_changes() -> None:
    """w4 = 3: y > 0 where 37.8x - 16 > 0 and -31.56x + 18.68 > 0 (hand-derived), peak at 0.5."""
    state = DosageState().with_param("w4", 3.0)
    bump = find_bump(state.weights, 0.0, 1.0)
    ((left, right),) = bump.intervals
    assert left == pytest.approx(16 / 37.8, abs=1e-9)
    assert right == pytest.approx(18.68 / 31.56, abs=1e-9)
    assert bump.peak_y == pytest.approx(37.8 * 0.5 - 16)
    text = explanation(state, stages()[6])
    assert f"({16 / 37.8:.3f}, {18.68 / 31.56:.3f})" in text


def test_softplus_final_sentence_says_it_never_reaches_zero() -> None:
    """With Softplus every node is positive, and with these weights the sum stays below 0."""
    state = DosageState().toggled_activation()
    text = explanation(state, stages("softplus")[6])
    assert text.startswith("Softplus never outputs exactly 0")
    assert "never rises above 0" in text


def test_bottom_node_sentence_compares_the_articles_plain_line_with_a2() -> None:
    """Stage 3 names the article's plain line z2 = w2*x + b2 and says, from the current w2
    and b2, where a2 = ReLU(z2) equals it and where the two differ."""
    from relu_tui.lessons.dosage.stages import explanation, stages
    from relu_tui.lessons.dosage.state import DosageState, curves

    state = DosageState()
    stage3 = stages()[2]
    text = explanation(state, stage3)
    nodes = curves(state)
    assert "z₂ = w₂·x + b₂" in text
    assert np.all(nodes.z2 >= 0) and np.array_equal(nodes.a2, nodes.z2)
    assert "on [0, 1] it is never negative" in text
    moved = state.with_param("b2", -6.3)
    text = explanation(moved, stage3)
    assert f"negative for x below {6.3 / 12.6:g}" in text
    assert np.any(curves(moved).z2 < 0) and np.all(curves(moved).a2 >= 0)


def test_dosage_printout_mentions_no_faint_curves_it_does_not_draw(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--print dosage plots only stage 7, so its text never speaks of faint curves elsewhere."""
    from relu_tui.cli.main import main

    assert main(["--print", "dosage", "--width", "80"]) == 0
    text = capsys.readouterr().out
    before_plot = text.split("Plot of stage 7")[0]
    assert "Stage 5" in before_plot and "faint" not in before_plot
