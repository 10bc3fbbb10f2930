"""DESIGN.md's sync rules as pure functions of (state, now, settings).

- The next call is allowed at ``max(last_call_at + interval, not_before)``.
- A window is at most 7 days; a forward window reaches back at least the settling period
  before the covered frontier, so late-visible leads are picked up and overlap is free.
- History walks backwards in 7-day windows and alternates with forward polls; forward
  catch-up after sleep goes first.
- The frontier moves only on a definite answer (leads, or no leads), and never past the
  time IndiaMART itself reported: a clock running ahead cannot mark the future as covered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from indiamart_desktop.indiamart.outcomes import Outcome
from indiamart_desktop.store.syncstate import SyncState

MAX_WINDOW = timedelta(days=7)
MIN_WINDOW = timedelta(minutes=1)
#: IndiaMART serves about 365 days; stay a little inside that.
OLDEST_HISTORY = timedelta(days=365) - timedelta(hours=1)
#: Back-off after failures, in intervals: 1, 2, 4, 6 (5, 10, 20, 30 minutes at 5 minutes).
BACKOFF_STEPS = (1, 2, 4, 6)
TOO_SOON_WAIT = 1
BLOCKED_WAIT = 3
#: Answers whose wait IndiaMART itself asked for (the rest of ``not_before`` is back-off).
INDIAMART_WAITS = (Outcome.TOO_SOON.value, Outcome.BLOCKED.value)
#: How far the local clock may run ahead of IndiaMART's own (its Date header has whole
#: seconds, clocks drift) before the frontier is held to IndiaMART's time instead.
CLOCK_SKEW = timedelta(minutes=1)


@dataclass(frozen=True)
class Window:
    kind: str  # "forward" or "history"
    start: datetime
    end: datetime


def next_allowed(state: SyncState, interval: float, *, backoff: bool = True) -> datetime | None:
    """The earliest moment the next call may leave, or ``None`` when one may leave now.

    ``backoff=False`` (the seller's own Test connection) keeps IndiaMART's rules only: the
    interval since the last call and its too-soon and blocked waits, not this program's
    back-off after failures.
    """
    candidates = []
    if state.last_call_at is not None:
        candidates.append(state.last_call_at + timedelta(seconds=interval))
    if state.not_before is not None and (backoff or state.last_outcome in INDIAMART_WAITS):
        candidates.append(state.not_before)
    return max(candidates) if candidates else None


def after_clock_went_back(state: SyncState, now: datetime, interval: float) -> SyncState:
    """Undo what a clock set back (or a wrong clock corrected) would stretch.

    A last call "in the future" happened at the latest now, so waiting one interval from
    now still keeps the rule; a pause longer than the longest back-off is cut to that.
    A frontier in the future cannot have been covered: it comes back to now (the next
    forward window reaches back the settling period from there), and history walks back
    from now instead of from the future, so leads and history arrive in a few calls.
    """
    longest = timedelta(seconds=interval * max(*BACKOFF_STEPS, BLOCKED_WAIT))
    changes: dict[str, object] = {}
    if state.last_call_at is not None and state.last_call_at > now:
        changes["last_call_at"] = now
    if state.not_before is not None and state.not_before > now + longest:
        changes["not_before"] = now + longest
    if state.covered_until is not None and state.covered_until > now + CLOCK_SKEW:
        changes["covered_until"] = now
        if state.backfill_from is not None and state.backfill_from > now:
            changes["backfill_from"] = now
    return state.with_(**changes) if changes else state


def with_history_target(state: SyncState, now: datetime, history_days: int) -> SyncState:
    """Deepen the history target when the seller asked for more days, and keep an
    unfinished import inside IndiaMART's 365 days counted from ``now``: that limit moves
    on during a walk that takes hours, so the oldest window must not start where the
    limit stood when the walk began."""
    if state.covered_until is None or state.backfill_from is None:
        return state
    oldest = now - OLDEST_HISTORY
    target = state.backfill_target
    wanted = max(now - timedelta(days=history_days), oldest)
    if target is None or wanted < target:
        target = wanted
    if state.backfill_from > target:
        target = max(target, oldest)
    return state if target == state.backfill_target else state.with_(backfill_target=target)


def trusted_now(now: datetime, reported: datetime | None) -> datetime:
    """``now``, or the time IndiaMART reported when the local clock runs ahead of it."""
    if reported is not None and now > reported + CLOCK_SKEW:
        return reported
    return now


def plan_window(state: SyncState, now: datetime, settle: timedelta) -> Window:
    """The window the next call asks for."""
    if state.covered_until is None:
        return Window("forward", now - MAX_WINDOW, now)
    forward_start = min(state.covered_until, now) - settle
    catching_up = now - forward_start > MAX_WINDOW
    history_due = (
        state.backfill_from is not None
        and state.backfill_target is not None
        and state.backfill_from > state.backfill_target
    )
    if history_due and not catching_up and state.last_kind != "history":
        assert state.backfill_from is not None and state.backfill_target is not None
        end = state.backfill_from
        return Window("history", max(end - MAX_WINDOW, state.backfill_target), end)
    end = min(forward_start + MAX_WINDOW, now)
    start = min(forward_start, end - MIN_WINDOW)
    return Window("forward", start, end)


def apply_answer(
    state: SyncState,
    window: Window,
    outcome: Outcome,
    message: str,
    now: datetime,
    interval: float,
    history_days: int,
    reported: datetime | None = None,
) -> SyncState:
    """The state after IndiaMART answered ``outcome`` for ``window``.

    ``reported`` is the time IndiaMART gave with its answer (its Date header), if any:
    nothing after it is marked as covered, whatever the local clock says.
    """
    base = timedelta(seconds=interval)
    state = state.with_(last_outcome=outcome.value)
    if outcome.is_definite:
        state = state.with_(failures=0, failing_since=None, last_success_at=now, not_before=None)
        if window.kind == "history":
            assert state.backfill_from is not None
            return state.with_(backfill_from=min(state.backfill_from, window.start))
        known = trusted_now(now, reported)
        covered = min(window.end, known)
        if state.covered_until is None:
            return state.with_(
                covered_until=covered,
                backfill_from=min(window.start, covered),
                backfill_target=max(known - timedelta(days=history_days),
                                    known - OLDEST_HISTORY),
            )
        return state.with_(covered_until=max(state.covered_until, covered))
    if outcome.is_key_problem:
        return state.with_(key_state=outcome.value, key_message=message)
    if outcome is Outcome.TOO_SOON:
        return state.with_(not_before=now + TOO_SOON_WAIT * base)
    if outcome is Outcome.BLOCKED:
        return state.with_(not_before=now + BLOCKED_WAIT * base)
    if outcome is Outcome.BAD_REQUEST and window.kind == "history":
        # IndiaMART refuses this old a window (its 365-day limit): history ends here.
        return state.with_(backfill_target=state.backfill_from)
    failures = state.failures + 1
    step = BACKOFF_STEPS[min(failures, len(BACKOFF_STEPS)) - 1]
    return state.with_(
        failures=failures,
        failing_since=state.failing_since or now,
        not_before=now + step * base,
    )


def history_progress(state: SyncState) -> float | None:
    """Fraction of the history import done (0..1), or ``None`` when there is none to do."""
    if state.backfill_target is None or state.backfill_from is None or state.covered_until is None:
        return None
    total = (state.covered_until - state.backfill_target).total_seconds()
    if total <= 0:
        return 1.0
    done = (state.covered_until - max(state.backfill_from, state.backfill_target)).total_seconds()
    return max(0.0, min(1.0, done / total))
