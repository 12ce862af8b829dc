"""The approximation screen driven by keys: N, the tour, typed expressions, presets."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from textual import events
from textual.pilot import Pilot

from relu_tui.lessons.approx import figures
from relu_tui.lessons.approx.screen import ApproxScreen
from relu_tui.lessons.approx.screen_state import TRAIN
from relu_tui.lessons.approx.state import TARGET_CHOICES, FitState
from relu_tui.lessons.approx.training import TrainState
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.inline_prompt import InlinePrompt
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView
from tests.waiting import until


def fit_state(app: ReluApp) -> FitState:
    screen = app.screen
    assert isinstance(screen, ApproxScreen)
    return screen.fit_state


async def test_plus_minus_star_slash_change_n() -> None:
    """+ and - step N by one; * doubles and / halves it; the plot title follows."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        assert fit_state(app).units == 10
        await pilot.press("plus", "plus", "minus")
        assert fit_state(app).units == 11
        await pilot.press("asterisk")
        assert fit_state(app).units == 22
        await pilot.press("slash", "slash")
        assert fit_state(app).units == 6
        await pilot.pause()
        spec = app.screen.query_one("#fit-plot", PlotView).spec
        assert spec is not None and spec.title.endswith("N = 6")


async def test_n_stops_at_its_limits_with_a_message() -> None:
    """N never leaves 1…200; pressing past a limit says so."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["asterisk"] * 6)
        assert fit_state(app).units == 200
        await pilot.press("asterisk")
        assert fit_state(app).units == 200
        assert "limit" in app.screen.query_one("#fit-params", ParamPanel).message
        await pilot.press(*["slash"] * 9)
        assert fit_state(app).units == 1


async def test_s_walks_the_articles_sequence() -> None:
    """s jumps N through 1, 2, 5, 10, 20, 100 and back to 1, with the article's caption."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        seen = []
        for _ in range(6):
            await pilot.press("s")
            seen.append(fit_state(app).units)
        assert seen == [20, 100, 1, 2, 5, 10]
        message = app.screen.query_one("#fit-params", ParamPanel).message
        assert message == "N = 10: more ReLU terms, better approximation"


async def test_typed_expression_is_fitted_and_bad_ones_keep_the_old() -> None:
    """e opens the field; malicious or broken text is refused in place; a good one is fitted."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        before = fit_state(app)
        for text, fragment in [
            ("__import__('os')", "not an allowed function"),
            ("x.__class__", "attributes"),
            ("1/0", "divides by zero"),
            ("log(-1)", "undefined"),
            ("x" * 600, "too long"),
        ]:
            await pilot.press("e", "ctrl+a", "ctrl+k")
            prompt = app.screen.query_one("#expr", InlinePrompt)
            prompt.value = text
            await pilot.press("enter")
            message = prompt.note
            assert fragment in message and "kept f(x) = sin(x)" in message
            assert fit_state(app) is before
            await pilot.press("escape")
        await pilot.press("e", "ctrl+a", "ctrl+k", *"abs(x)*2", "enter")
        state = fit_state(app)
        assert state.target.text == "abs(x)*2"
        assert TARGET_CHOICES[int(state.value("target"))] == "typed"
        assert state.fit.rmse < before.fit.rmse * 10


async def test_the_expression_field_takes_what_target_takes() -> None:
    """e accepts `exp(x) on [-2, 2]` (the README's --target form) and sets the interval;
    without `on [...]` the interval stays; a preset's name picks the preset."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        prompt = app.screen.query_one("#expr", InlinePrompt)
        await pilot.press("e", "ctrl+a", "ctrl+k", *"exp(x) on [-2, 2]", "enter")
        assert not prompt.note
        state = fit_state(app)
        assert (state.target.text, state.target.lo, state.target.hi) == ("exp(x)", -2.0, 2.0)
        assert (state.value("lo"), state.value("hi")) == (-2.0, 2.0)
        await pilot.press("e", "ctrl+a", "ctrl+k", *"x**3", "enter")
        state = fit_state(app)
        assert (state.target.text, state.target.lo, state.target.hi) == ("x**3", -2.0, 2.0)
        await pilot.press("e", "ctrl+a", "ctrl+k", *"|x|", "enter")
        assert fit_state(app).target.name == "|x|"


async def test_keys_typed_in_the_expression_do_not_act_on_the_screen() -> None:
    """Typing + - s e q r into the field types them; N and the screen stay put."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "ctrl+a", "ctrl+k", "plus", "minus", "s", "r", "q", "1")
        assert app.screen.query_one("#expr", InlinePrompt).value == "+-srq1"
        assert fit_state(app).units == 10
        assert app.current_mode == "approx"


async def test_panel_chooses_presets_and_placement() -> None:
    """right on Target moves to the next preset with its interval; Knots toggles placement."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "right", "right")  # sin x → |x| → step → puzzle
        state = fit_state(app)
        assert state.target.name == "puzzle" and (state.target.lo, state.target.hi) == (0.0, 3.0)
        await pilot.press("down", "down", "right")
        assert fit_state(app).placement == "curvature"


async def test_interval_that_breaks_the_target_is_refused() -> None:
    """Typing From x = -1 for sqrt(x) on [0, π] says why and keeps the interval."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "down", "enter", "ctrl+a", "ctrl+k", "0", "enter")
        await pilot.press("e", "ctrl+a", "ctrl+k", *"sqrt(x)", "enter")
        assert fit_state(app).target.text == "sqrt(x)"
        await pilot.press("enter", "ctrl+a", "ctrl+k", *"-1", "enter")
        panel = app.screen.query_one("#fit-params", ParamPanel)
        assert "sqrt(x) is undefined" in panel.message
        assert fit_state(app).target.lo == 0.0
        assert panel.params[3].value == 0.0


async def test_launch_options_choose_target_and_units() -> None:
    """--target and --units from the command line set the first fit."""
    app = ReluApp(
        start="approx", launch_options=LaunchOptions(settings={"target": "puzzle", "units": 2})
    )
    async with app.run_test(size=(80, 24)):
        state = fit_state(app)
        assert state.target.name == "puzzle" and state.units == 2
        assert state.fit.max_error < 1e-12


def approx_screen(app: ReluApp) -> ApproxScreen:
    screen = app.screen
    assert isinstance(screen, ApproxScreen)
    return screen


async def train(pilot: Pilot[None], screen: ApproxScreen, epochs: int) -> None:
    """Train `epochs` more epochs (stepped, on the test's thread) and fold the report in."""
    screen.runner.step(epochs)
    await pilot.pause()


@pytest.mark.usefixtures("stepped_training")
async def test_m_starts_training_and_space_pauses_and_resumes() -> None:
    """m opens Train and starts both networks; space holds the epoch count, space again goes on."""
    app = ReluApp(start="approx", launch_options=LaunchOptions(settings={"seed": 3}))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = approx_screen(app)
        await pilot.press("m")
        assert screen.view == TRAIN and screen.train_state.running
        await train(pilot, screen, 500)
        assert screen.train_state.epoch == 500
        assert screen.train_state.config.seed == 3
        await pilot.press("space")
        assert screen.train_state.paused
        await train(pilot, screen, 500)  # held: nothing trains
        assert screen.train_state.epoch == 500
        await pilot.press("space")
        assert not screen.train_state.paused
        await train(pilot, screen, 300)
        assert screen.train_state.epoch == 800
        report = screen.train_state.report
        assert report is not None and report.loss[1] < report.loss[0]
        stats = str(screen.query_one("#train-stats").render())
        assert "seed 3" in stats and "exact LS line y = 100x − 1683.33" in stats


@pytest.mark.usefixtures("stepped_training")
async def test_stepped_reports_build_the_loss_curves_of_the_run() -> None:
    """Reports in chunks of any size add one loss-curve point per 100 epochs, in order."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = approx_screen(app)
        await pilot.press("m")
        for epochs in (150, 1, 349, 500):
            await train(pilot, screen, epochs)
        history = screen.train_state.history_epochs
        assert screen.train_state.epoch == 1000
        assert list(history) == [float(e) for e in range(0, 1000, 100)]


@pytest.mark.usefixtures("stepped_training")
async def test_a_run_stepped_to_its_end_is_done_and_space_says_so() -> None:
    """Training past the configured epochs stops at them; the run reads done."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = approx_screen(app)
        epochs = 300
        screen.state = screen.state.with_seed(5)
        screen.state = replace(
            screen.state, train=TrainState.initial(5, screen.train_state.experiment, epochs)
        )
        await pilot.press("m")
        await train(pilot, screen, 10_000)
        assert screen.train_state.epoch == epochs and screen.train_state.done
        assert not screen.runner.training
        await pilot.press("space")
        assert not screen.train_state.paused


@pytest.mark.usefixtures("stepped_training")
async def test_r_in_train_restarts_with_the_next_seed_and_fit_keys_are_off() -> None:
    """r starts over with seed + 1; + does nothing to N while Train is in front."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = approx_screen(app)
        await pilot.press("m")
        await train(pilot, screen, 250)
        seed = screen.train_state.config.seed
        await pilot.press("r", "plus")
        assert screen.train_state.config.seed == seed + 1
        assert screen.train_state.epoch == 0 and screen.train_state.running
        await train(pilot, screen, 100)
        assert screen.train_state.epoch == 100  # the new run, from 0
        assert fit_state(app).units == 10
        await pilot.press("m", "plus")
        assert fit_state(app).units == 11


@pytest.mark.usefixtures("stepped_training")
async def test_t_trains_on_the_fit_modes_target() -> None:
    """t swaps the notebook's x² for the Fit mode's target (here |x|), and back."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = approx_screen(app)
        await pilot.press("right", "m")
        await pilot.press("t")
        assert screen.train_state.experiment.name.startswith("|x| on [-2, 2]")
        await train(pilot, screen, 250)
        assert screen.train_state.epoch == 250
        await pilot.press("t")
        assert screen.train_state.experiment.name == "x² on 1…99"
        assert screen.train_state.epoch == 0


async def test_a_burst_after_e_is_typed_into_the_expression() -> None:
    """'e cos(x) enter' sent at once (over SSH) fits cos x; no letter runs a screen key."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        for key, char in [
            ("e", "e"),
            ("c", "c"),
            ("o", "o"),
            ("s", "s"),
            ("left_parenthesis", "("),
            ("x", "x"),
            ("right_parenthesis", ")"),
            ("enter", "\r"),
        ]:
            app.post_message(events.Key(key, char))
        screen = approx_screen(app)
        await until(pilot, lambda: screen.fit_state.target.text == "cos(x)", "cos(x) fitted")
        await pilot.pause()
        assert screen.fit_state.units == 10  # 's' did not step the tour


async def test_e_in_a_typed_value_is_an_exponent_not_the_expression_key() -> None:
    """enter -2e0 enter on 'From x' sets -2; the expression field stays closed."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "down", "enter", *"-2e0", "enter")
        screen = app.screen
        assert isinstance(screen, ApproxScreen)
        assert screen.fit_state.target.lo == -2.0
        assert not screen.query_one("#expr", InlinePrompt).is_open


async def test_going_back_to_an_n_shows_the_same_figures() -> None:
    """+ then - hands both plots the very specs shown before (so nothing is drawn again)."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        fit_plot = app.screen.query_one("#fit-plot", PlotView)
        error_plot = app.screen.query_one("#error-plot", PlotView)
        before = fit_plot.spec, error_plot.spec
        await pilot.press("plus")
        assert fit_plot.spec is not before[0] and error_plot.spec is not before[1]
        await pilot.press("minus")
        assert (fit_plot.spec, error_plot.spec) == before


async def test_the_next_and_previous_n_are_drawn_ahead() -> None:
    """Once N = 10 is on screen, N = 11 and N = 9 are drawn already; 10 stays in front."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ApproxScreen)
        fit_plot = screen.query_one("#fit-plot", PlotView)
        shown, text = fit_plot.spec, fit_plot.render()
        for units in (11, 9):
            neighbour = screen.fit_state.with_units(units)
            assert not fit_plot.prefetch(figures.fit_figure(neighbour.fit))
            error_spec = figures.error_figure(neighbour.sweep, neighbour.fit)
            assert not screen.query_one("#error-plot", PlotView).prefetch(error_spec)
        assert fit_plot.spec is shown
        assert fit_plot.render() == text


async def test_prefetch_keeps_the_figure_in_front() -> None:
    """Drawing another figure ahead changes neither the spec shown nor its drawing."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        fit_plot = app.screen.query_one("#fit-plot", PlotView)
        shown, text = fit_plot.spec, fit_plot.render()
        far = FitState.initial(n=150)
        assert fit_plot.prefetch(figures.fit_figure(far.fit))
        assert fit_plot.spec is shown
        assert fit_plot.render() == text
        assert not fit_plot.prefetch(figures.fit_figure(far.fit))  # kept: not drawn twice


def _footer_keys(app: ReluApp) -> dict[str, str]:
    """Key -> description of every key the footer shows (enabled or dimmed)."""
    return {
        key: active.binding.description
        for key, active in app.screen.active_bindings.items()
        if active.binding.show
    }


async def test_m_names_the_view_it_opens() -> None:
    """m reads Train while Fit is in front and Fit while Train is."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        assert _footer_keys(app)["m"] == "Train"
        await pilot.press("m")
        assert _footer_keys(app)["m"] == "Fit"
        await pilot.press("m")
        assert app.screen.view == "fit-view"


async def test_tour_note_goes_once_n_changes() -> None:
    """The tour's caption describes its N: after + it is gone."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        panel = app.screen.query_one("#fit-params", ParamPanel)
        assert panel.message.startswith("N = 20:")
        await pilot.press("plus")
        assert panel.message == ""


async def test_round_off_in_c_reads_zero() -> None:
    """sin x with one unit: c is -4.4e-16 in floating point, shown as 0."""
    app = ReluApp(start="approx", launch_options=LaunchOptions(settings={"units": 1}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert fit_state(app).fit.model.c != 0.0
        stats = str(app.screen.query_one("#fit-stats").render())
        assert "c = 0 " in stats and "e-16" not in stats


@pytest.mark.slow  # real training on a worker thread, end to end
async def test_q_quits_within_a_second_while_training() -> None:
    """q in the middle of the 100,000-epoch run stops the worker and the app in < 1 s."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        screen = app.screen
        assert isinstance(screen, ApproxScreen)
        while screen.train_state.epoch < 500:
            await pilot.pause(0.05)
        start = time.perf_counter()
        await pilot.press("q")
        await app.workers.wait_for_complete()
        elapsed = time.perf_counter() - start
    assert elapsed < 1.0
    assert not screen.train_state.done


async def test_a_new_target_s_error_sweep_is_computed_off_the_ui_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another interval needs another error sweep: the key's handler does not compute it,
    and the fit's "RMSE by N" numbers follow once the sweep is in."""
    import threading

    from relu_tui.lessons.approx import state as approx_state

    computed_on: list[threading.Thread] = []
    error_sweep = approx_state.error_sweep

    def recording(*args: object, **kwargs: object) -> object:
        computed_on.append(threading.current_thread())
        return error_sweep(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(approx_state, "error_sweep", recording)
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.screen.query_one("#fit-params", ParamPanel)
        panel.cursor = [param.name for param in panel.params].index("hi")
        computed_on.clear()
        await pilot.press("right")
        for _ in range(100):
            if "RMSE by N  1:" in str(app.screen.query_one("#fit-stats").render()):
                break
            await pilot.pause(0.02)
        assert computed_on
        assert threading.main_thread() not in computed_on
        assert "RMSE by N  1:" in str(app.screen.query_one("#fit-stats").render())
