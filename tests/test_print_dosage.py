"""`relu-tui --print dosage`: the seven stage tables and the final plot."""

from __future__ import annotations

import pytest

from relu_tui.cli import main


def test_print_all_stages(capsys: pytest.CaptureFixture[str]) -> None:
    """All seven stages are printed, with the article's stage-1 numbers and the bump."""
    assert main(["--print", "dosage", "--width", "80"]) == 0
    out = capsys.readouterr().out
    for number in range(1, 8):
        assert f"Stage {number}:" in out
    assert "0.2     -0.51      0" in out
    assert "0.6     0.17       0.17" in out
    assert "(0.470, 0.529)" in out


def test_print_one_stage_ascii(capsys: pytest.CaptureFixture[str]) -> None:
    """--stage 1 prints that stage only; --ascii keeps it 7-bit apart from the formulas."""
    assert main(["--print", "dosage", "--stage", "1", "--ascii", "--width", "70"]) == 0
    out = capsys.readouterr().out
    assert "Stage 1:" in out and "Stage 2:" not in out
    assert all(ord(ch) < 0x2800 or ord(ch) > 0x28FF for ch in out)


def test_bad_stage_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """--stage 9 is refused with the range, exit 2."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--print", "dosage", "--stage", "9"])
    assert exit_info.value.code == 2
    assert "between 1 and 7" in capsys.readouterr().err
