"""One sentence a seller understands for what a call to IndiaMART brought."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from indiamart_desktop.indiamart.outcomes import Outcome
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.sync.engine import Skip, StepResult


def _t(text: str) -> str:
    return QCoreApplication.translate("Outcome", text)


def describe_result(result: StepResult) -> str:
    if not result.called:
        if result.skip is Skip.NOT_YET and result.next_allowed_at is not None:
            return _t("Not yet: IndiaMART allows the next call at %1 IST.").replace(
                "%1", result.next_allowed_at.astimezone(IST).strftime("%H:%M:%S"))
        if result.skip is Skip.KEY_PROBLEM:
            return key_problem_text(result.state.key_state)
        return result.store_error or _t("No call was made.")
    if result.store_error:
        return result.store_error
    outcome = result.outcome
    if outcome is Outcome.LEADS:
        return _t("Connected: %1 leads received (%2 new).").replace(
            "%1", str(result.new + result.updated)).replace("%2", str(result.new))
    if outcome in (Outcome.NETWORK_ERROR, Outcome.BAD_REQUEST):
        prefix = (_t("IndiaMART could not be reached:") if outcome is Outcome.NETWORK_ERROR
                  else _t("IndiaMART refused the request:"))
        return f"{prefix} {result.message}"
    messages = {
        Outcome.NO_LEADS: _t("Connected: the key works; no leads in that period."),
        Outcome.TOO_SOON: _t("IndiaMART says it was called too soon; it is asked again in "
                             "5 minutes."),
        Outcome.BLOCKED: _t("IndiaMART has blocked the key for 15 minutes after too many "
                            "calls; the program waits before asking again."),
        Outcome.WRONG_KEY: _t("IndiaMART says this CRM key is incorrect. Copy it again from "
                              "the e-mail, or check the API version."),
        Outcome.KEY_EXPIRED: _t("This key expired because it was unused for a long time: "
                                "generate a new one in Lead Manager."),
        Outcome.KEY_REPLACED: _t("This key was replaced by a newer one: paste the newest key."),
        Outcome.KEY_NOT_ACTIVE: _t("The key is new: IndiaMART serves leads 24 hours after it "
                                   "was generated."),
        Outcome.SERVER_ERROR: _t("IndiaMART had a server problem; it will be asked again."),
        Outcome.MALFORMED: _t("IndiaMART's answer could not be read; it will be asked again."),
        Outcome.AMBIGUOUS_EMPTY: _t("IndiaMART gave an empty answer (no leads, too soon or a "
                                    "wrong key: version 1 does not say which)."),
    }
    return messages.get(outcome, outcome.value) if outcome is not None else ""


def key_problem_text(key_state: str) -> str:
    """Why IndiaMART refused the key and what to do ("" when the key is fine)."""
    if key_state == "ok":
        return ""
    texts = {
        Outcome.WRONG_KEY.value: _t("IndiaMART refused this key as incorrect: paste the key "
                                    "from IndiaMART's e-mail (or check the API version)."),
        Outcome.KEY_EXPIRED.value: _t("IndiaMART refused this key: it lapsed after about 30 "
                                      "days unused. Generate a new one in Lead Manager and "
                                      "paste it."),
        Outcome.KEY_REPLACED.value: _t("IndiaMART refused this key: a newer key was generated. "
                                       "Paste the newest key."),
        Outcome.KEY_NOT_ACTIVE.value: _t("IndiaMART does not serve this key yet (new keys "
                                         "work 24 hours after they are generated)."),
    }
    return texts.get(key_state, _t("IndiaMART refused this key: paste a new one."))
