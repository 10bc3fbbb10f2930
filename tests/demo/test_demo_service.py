"""The simulated IndiaMART service over real HTTP on 127.0.0.1, and its lead generator."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest
import requests

from indiamart_desktop.demo import (
    DemoLead,
    Fault,
    LeadGenerator,
    SimulatedIndiaMart,
    to_v1_record,
    to_v2_record,
)
from indiamart_desktop.demo.generator import V1_KEYS, V2_KEYS
from indiamart_desktop.indiamart.times import IST, format_v2, parse_ist
from indiamart_desktop.indiamart.urls import V1_PATH, V2_PATH, v1_url, v2_url

V2_KEY = "DEMO+v2/KEY=0123456789abcdef"
V1_KEY = "REVNTy12MS1rZXktMDEyMzQ1Njc4OQ=="
MOBILE = "9999999999"
T0 = datetime(2024, 3, 13, 12, 0, tzinfo=IST)
GAP = 301.0  # just over the default 5-minute min_gap


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def service(clock: FakeClock) -> Iterator[SimulatedIndiaMart]:
    with SimulatedIndiaMart(clock=clock, slow_seconds=0.3) as svc:
        yield svc


def visible(lead: DemoLead) -> DemoLead:
    return dataclasses.replace(lead, visible_at=lead.received_at)


def lead_at(moment: datetime, seed: int = 0) -> DemoLead:
    return visible(LeadGenerator(seed).lead_at(moment))


def get_v2(svc: SimulatedIndiaMart, start: datetime, end: datetime,
           key: str = V2_KEY) -> requests.Response:
    return requests.get(v2_url(svc.url, key, start, end), timeout=5)


def get_v1(svc: SimulatedIndiaMart, start: datetime, end: datetime, key: str = V1_KEY,
           mobile: str = MOBILE) -> requests.Response:
    return requests.get(v1_url(svc.url, mobile, key, start, end), timeout=5)


def body(response: requests.Response) -> Any:
    return json.loads(response.content)


def v1_message(response: requests.Response) -> str:
    data = body(response)
    assert isinstance(data, list)
    assert len(data) == 1
    message = data[0]["Error_Message"]
    assert isinstance(message, str)
    return message


# ------------------------------------------------------------------ leads, both shapes


def test_v2_serves_window_oldest_first_with_wire_records(service: SimulatedIndiaMart) -> None:
    gen = LeadGenerator(3)
    leads = [visible(gen.lead_at(T0 - timedelta(hours=h))) for h in (5, 1, 3, 30)]
    service.add_leads(leads)
    response = get_v2(service, T0 - timedelta(hours=6), T0)
    data = body(response)
    assert response.status_code == 200
    assert isinstance(data, dict)
    assert list(data)[:5] == ["CODE", "STATUS", "MESSAGE", "TOTAL_RECORDS", "RESPONSE"]
    assert (data["CODE"], data["STATUS"], data["TOTAL_RECORDS"]) == (200, "SUCCESS", 3)
    in_window = sorted(leads[:3], key=lambda lead: lead.received_at)
    assert data["RESPONSE"] == [to_v2_record(lead) for lead in in_window]
    times = [rec["QUERY_TIME"] for rec in data["RESPONSE"]]
    assert times == sorted(times)
    last = service.requests[-1]
    assert (last.version, last.outcome, last.count, last.at) == ("v2", "leads", 3, T0)
    assert (last.start, last.end) == (T0 - timedelta(hours=6), T0)


def test_v1_serves_newest_first_with_rn_and_total(service: SimulatedIndiaMart) -> None:
    gen = LeadGenerator(4)
    leads = [visible(gen.lead_at(T0 - timedelta(hours=h))) for h in (5, 1, 3)]
    service.add_leads(leads)
    data = body(get_v1(service, T0 - timedelta(hours=6), T0))
    assert isinstance(data, list)
    assert [rec["QUERY_ID"] for rec in data] == [leads[1].query_id, leads[2].query_id,
                                                 leads[0].query_id]
    assert [rec["RN"] for rec in data] == ["1", "2", "3"]
    assert {rec["TOTAL_COUNT"] for rec in data} == {"3"}
    assert all(list(rec) == list(V1_KEYS) for rec in data)
    assert data[0] == to_v1_record(leads[1], 1, 3)
    assert service.requests[-1].outcome == "leads"


def test_no_leads_answers(service: SimulatedIndiaMart, clock: FakeClock) -> None:
    data = body(get_v2(service, T0 - timedelta(hours=1), T0))
    assert data == {"CODE": 204, "STATUS": "FAILURE", "MESSAGE":
                    "There are no leads in the given time duration. Please try for a different "
                    "duration.", "TOTAL_RECORDS": 0, "RESPONSE": []}
    assert "no leads in the given time duration.please" in v1_message(
        get_v1(service, T0 - timedelta(hours=1), T0))
    assert [r.outcome for r in service.requests] == ["no_leads", "no_leads"]


def test_missing_times_mean_last_seven_days(service: SimulatedIndiaMart) -> None:
    recent, old = lead_at(T0 - timedelta(days=3), 1), lead_at(T0 - timedelta(days=8), 2)
    service.add_leads([recent, old])
    v1 = requests.get(f"{service.url}{V1_PATH}GLUSR_MOBILE/{MOBILE}/GLUSR_MOBILE_KEY/"
                      f"{quote(V1_KEY, safe='')}/", timeout=5)
    assert [rec["QUERY_ID"] for rec in body(v1)] == [recent.query_id]
    v2 = requests.get(f"{service.url}{V2_PATH}?glusr_crm_key={quote(V2_KEY, safe='')}",
                      timeout=5)
    assert [rec["UNIQUE_QUERY_ID"] for rec in body(v2)["RESPONSE"]] == [
        recent.query_id]
    assert service.requests[-1].window == (T0 - timedelta(days=7), T0)


def test_v2_accepts_post_form(service: SimulatedIndiaMart) -> None:
    lead = lead_at(T0 - timedelta(minutes=30))
    service.add_leads([lead])
    response = requests.post(f"{service.url}{V2_PATH}", timeout=5, data={
        "glusr_crm_key": V2_KEY, "start_time": format_v2(T0 - timedelta(hours=1)),
        "end_time": format_v2(T0)})
    assert body(response)["RESPONSE"][0]["UNIQUE_QUERY_ID"] == lead.query_id


def test_every_request_time_form(service: SimulatedIndiaMart, clock: FakeClock) -> None:
    late_evening = lead_at(datetime(2024, 3, 12, 23, 30, tzinfo=IST))
    service.add_leads([late_evening])
    base = f"{service.url}{V2_PATH}?glusr_crm_key={quote(V2_KEY, safe='')}"
    # whole-day form: the end day is included up to 23:59:59
    data = body(requests.get(f"{base}&start_time=12-MAR-2024&end_time=12-MAR-2024", timeout=5))
    assert data["TOTAL_RECORDS"] == 1
    clock.advance(GAP)
    data = body(requests.get(f"{base}&start_time=12-Mar-2024%2023:00:00"
                             f"&end_time=12-03-2024%2023:45:00", timeout=5))
    assert data["TOTAL_RECORDS"] == 1
    clock.advance(GAP)
    glued = get_v1(service, datetime(2024, 3, 12, 23, 0, tzinfo=IST), T0)  # 12-MAR-202423:00:00
    assert len(body(glued)) == 1


# ------------------------------------------------------------------ keys


@pytest.mark.parametrize(("state", "outcome", "text"), [
    ("wrong", "wrong_key", "that you are using is incorrect"),
    ("expired", "key_expired", "expired as it was no longer in use"),
    ("replaced", "key_replaced", "Kindly use the new key which you have generated on '13-03-2024"),
    ("not_active", "key_not_active", "will be available after 24 hours from 13-03-2024"),
])
def test_key_states(service: SimulatedIndiaMart, clock: FakeClock, state: str, outcome: str,
                    text: str) -> None:
    service.add_leads([lead_at(T0 - timedelta(minutes=5))])
    service.set_key_state(state)
    v2 = body(get_v2(service, T0 - timedelta(hours=1), T0))
    assert v2["CODE"] == 401
    assert text in v2["MESSAGE"]
    assert text in v1_message(get_v1(service, T0 - timedelta(hours=1), T0))
    assert [r.outcome for r in service.requests] == [outcome, outcome]
    service.set_key_state("ok")
    clock.advance(GAP)
    assert body(get_v2(service, T0 - timedelta(hours=1), T0))["CODE"] == 200


def test_wrong_keys_and_cross_version_keys(service: SimulatedIndiaMart) -> None:
    start, end = T0 - timedelta(hours=1), T0
    assert "Pull API Key that you are using is incorrect" in body(
        get_v2(service, start, end, key=V1_KEY))["MESSAGE"]
    assert "CRM key that you are using is incorrect" in v1_message(
        get_v1(service, start, end, key=V2_KEY))
    assert "incorrect" in v1_message(get_v1(service, start, end, mobile="9888888888"))
    # an un-encoded "+" in the query string arrives as a space: the key is wrong
    raw = requests.get(f"{service.url}{V2_PATH}?glusr_crm_key={V2_KEY}", timeout=5)
    assert body(raw)["CODE"] == 401
    assert {r.outcome for r in service.requests} == {"wrong_key"}
    with pytest.raises(ValueError, match="unknown key state"):
        service.set_key_state("lost")


# ------------------------------------------------------------------ the 5-minute rule


def test_min_gap_refuses_and_every_request_counts(service: SimulatedIndiaMart,
                                                  clock: FakeClock) -> None:
    start = T0 - timedelta(hours=1)
    assert body(get_v2(service, start, T0))["CODE"] == 204
    clock.advance(200)
    soon = body(get_v2(service, start, T0))
    assert soon["CODE"] == 429
    assert "hit this API once in every 5 minutes" in soon["MESSAGE"]
    assert "APP_AUTH_FAILURE_CODE" not in soon
    clock.advance(150)  # 350 s after the first call, but only 150 s after the refused one
    assert body(get_v2(service, start, T0))["CODE"] == 429
    clock.advance(GAP)
    assert body(get_v2(service, start, T0))["CODE"] == 204
    # v1 has its own key and its own clock of calls
    assert "no leads" in v1_message(get_v1(service, start, T0))
    assert "once in every 5 minutes" in v1_message(get_v1(service, start, T0))
    assert [r.outcome for r in service.requests] == [
        "no_leads", "too_soon", "too_soon", "no_leads", "no_leads", "too_soon"]


def test_bursts_block_the_key_and_calls_prolong_the_block(service: SimulatedIndiaMart,
                                                          clock: FakeClock) -> None:
    start = T0 - timedelta(hours=1)
    get_v2(service, start, T0)
    for _ in range(2):
        clock.advance(1)
        assert body(get_v2(service, start, T0))["CODE"] == 429
    clock.advance(1)
    blocked = get_v2(service, start, T0)  # third too-soon call inside one gap: blocked
    assert blocked.status_code == 429
    assert body(blocked) == {"CODE": 429, "STATUS": "FAILURE", "MESSAGE": "Too Many Requests",
                             "APP_AUTH_FAILURE_CODE": 429}
    clock.advance(800)  # block is 900 s (3 x min_gap): still blocked, and prolonged
    assert get_v2(service, start, T0).status_code == 429
    clock.advance(800)  # 1603 s: free without prolongation, blocked with it
    assert get_v2(service, start, T0).status_code == 429
    clock.advance(901)
    assert body(get_v2(service, start, T0))["CODE"] == 204
    assert [r.outcome for r in service.requests] == [
        "no_leads", "too_soon", "too_soon", "blocked", "blocked", "blocked", "no_leads"]


def test_one_call_in_flight_per_key(service: SimulatedIndiaMart) -> None:
    results: list[int] = []

    def call() -> None:
        results.append(body(get_v2(service, T0 - timedelta(hours=1), T0))["CODE"])

    threads = [threading.Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [204, 429]


def test_v1_block_and_real_time_min_gap() -> None:
    with SimulatedIndiaMart(min_gap=0.2, block_seconds=0.4, burst_limit=2) as svc:
        now = datetime.now(IST)
        get_v1(svc, now - timedelta(hours=1), now)
        assert "once in every 5 minutes" in v1_message(get_v1(svc, now - timedelta(hours=1), now))
        assert get_v1(svc, now - timedelta(hours=1), now).status_code == 429
        time.sleep(0.45)
        assert "no leads" in v1_message(get_v1(svc, now - timedelta(hours=1), now))


# ------------------------------------------------------------------ windows


def test_v2_window_checks(service: SimulatedIndiaMart, clock: FakeClock) -> None:
    cases = [
        (T0, T0 - timedelta(hours=1), "greater than start time"),
        (T0 - timedelta(days=8), T0, "more than 7 days"),
        (T0 - timedelta(days=400), T0 - timedelta(days=396), "older than 365 days"),
    ]
    for start, end, text in cases:
        data = body(get_v2(service, start, end))
        assert data["CODE"] == 400
        assert text in data["MESSAGE"]
        clock.advance(GAP)
    bad = requests.get(f"{service.url}{V2_PATH}?glusr_crm_key={quote(V2_KEY, safe='')}"
                       "&start_time=2024-03-12&end_time=13-03-2024%2012:00:00", timeout=5)
    assert "Date format used in API URL is incorrect" in body(bad)["MESSAGE"]
    assert [r.outcome for r in service.requests] == ["bad_request"] * 4


def test_v1_wide_window_silently_serves_last_seven_days(service: SimulatedIndiaMart) -> None:
    end = T0 - timedelta(days=1)
    inside, outside = lead_at(end - timedelta(days=3), 1), lead_at(end - timedelta(days=9), 2)
    service.add_leads([inside, outside])
    data = body(get_v1(service, end - timedelta(days=30), end))
    assert [rec["QUERY_ID"] for rec in data] == [inside.query_id]
    assert service.requests[-1].window == (end - timedelta(days=7), end)


def test_late_visibility(service: SimulatedIndiaMart, clock: FakeClock) -> None:
    lead = dataclasses.replace(LeadGenerator(5).lead_at(T0 - timedelta(minutes=10)),
                               visible_at=T0 + timedelta(hours=2))
    service.add_leads([lead])
    window = (T0 - timedelta(hours=1), T0)
    assert body(get_v2(service, *window))["CODE"] == 204
    clock.advance(3 * 3600)
    data = body(get_v2(service, *window))
    assert [rec["UNIQUE_QUERY_ID"] for rec in data["RESPONSE"]] == [
        lead.query_id]


# ------------------------------------------------------------------ faults


@pytest.mark.parametrize(("fault", "status", "check"), [
    (Fault.TOO_SOON, 200, lambda b: json.loads(b)["CODE"] == 429),
    (Fault.BLOCKED, 429, lambda b: json.loads(b)["APP_AUTH_FAILURE_CODE"] == 429),
    (Fault.WRONG_KEY, 200, lambda b: "incorrect" in json.loads(b)["MESSAGE"]),
    (Fault.KEY_EXPIRED, 200, lambda b: "no longer in use" in json.loads(b)["MESSAGE"]),
    (Fault.KEY_REPLACED, 200, lambda b: "new key which you have" in json.loads(b)["MESSAGE"]),
    (Fault.KEY_NOT_ACTIVE, 200, lambda b: "after 24 hours" in json.loads(b)["MESSAGE"]),
    (Fault.SERVER_ERROR, 200, lambda b: json.loads(b) == {
        "CODE": 500, "STATUS": "FAILURE", "MESSAGE": "Some Error Occured"}),
    (Fault.HTTP_500, 500, lambda b: b.startswith(b"<!DOCTYPE html>")),
    (Fault.HTML_PAGE, 200, lambda b: b"<html>" in b),
    (Fault.EMPTY_ARRAY, 200, lambda b: b == b"[]"),
])
def test_v2_faults(service: SimulatedIndiaMart, fault: Fault, status: int,
                   check: object) -> None:
    service.add_leads([lead_at(T0 - timedelta(minutes=5))])
    service.inject(fault)
    response = get_v2(service, T0 - timedelta(hours=1), T0)
    assert response.status_code == status
    assert callable(check)
    assert check(response.content)
    assert service.requests[-1].outcome == f"fault:{fault.value}"


@pytest.mark.parametrize(("fault", "status", "check"), [
    (Fault.TOO_SOON, 200, lambda b: "once in every 5 minutes" in b.decode()),
    (Fault.BLOCKED, 429, lambda b: json.loads(b)["MESSAGE"] == "Too Many Requests"),
    (Fault.WRONG_KEY, 200, lambda b: "CRM key that you are using is incorrect" in b.decode()),
    (Fault.KEY_EXPIRED, 200, lambda b: "no longer in use" in b.decode()),
    (Fault.KEY_REPLACED, 200, lambda b: "new key which you have" in b.decode()),
    (Fault.KEY_NOT_ACTIVE, 200, lambda b: "after 24 hours" in b.decode()),
    (Fault.SERVER_ERROR, 500, lambda b: b == b""),
    (Fault.HTTP_500, 500, lambda b: b"500" in b),
    (Fault.HTML_PAGE, 200, lambda b: b"<html>" in b),
    (Fault.EMPTY_ARRAY, 200, lambda b: b == b"[]"),
])
def test_v1_faults(service: SimulatedIndiaMart, fault: Fault, status: int,
                   check: object) -> None:
    service.inject(fault)
    response = get_v1(service, T0 - timedelta(hours=1), T0)
    assert response.status_code == status
    assert callable(check)
    assert check(response.content)
    assert service.requests[-1].outcome == f"fault:{fault.value}"


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_broken_json_faults(service: SimulatedIndiaMart, clock: FakeClock,
                            version: str) -> None:
    fetch = get_v1 if version == "v1" else get_v2
    service.inject(Fault.MALFORMED_JSON)
    service.inject(Fault.TRUNCATED_JSON)
    service.inject(Fault.WRONG_TYPES, times=4)
    bodies = [fetch(service, T0 - timedelta(hours=1), T0).content for _ in range(6)]
    for broken in bodies[:2]:
        with pytest.raises(json.JSONDecodeError):
            json.loads(broken)
    assert bodies[1].startswith(b"{\"CODE\": 200" if version == "v2" else b"[{\"RN\": \"1\"")
    shapes = [json.loads(b) for b in bodies[2:]]
    assert len({json.dumps(s) for s in shapes}) == 4  # the wrong shapes cycle
    if version == "v2":
        assert not any(isinstance(s, dict) and s.get("CODE") == 200
                       and isinstance(s.get("RESPONSE"), list)
                       and all(isinstance(x, dict) for x in s["RESPONSE"]) for s in shapes)
    else:
        assert not any(isinstance(s, list) and s and all(
            isinstance(x, dict) and isinstance(x.get("QUERY_ID"), str) for x in s)
            for s in shapes)


def test_fault_queue_is_fifo_and_counts_as_a_call(service: SimulatedIndiaMart,
                                                  clock: FakeClock) -> None:
    service.inject(Fault.HTML_PAGE, times=2)
    service.inject(Fault.EMPTY_ARRAY)
    for _ in range(3):
        get_v2(service, T0 - timedelta(hours=1), T0)
        clock.advance(GAP)
    get_v2(service, T0 - timedelta(hours=1), T0)
    clock.advance(10)
    get_v2(service, T0 - timedelta(hours=1), T0)
    assert [r.outcome for r in service.requests] == [
        "fault:html_page", "fault:html_page", "fault:empty_array", "no_leads", "too_soon"]
    service.inject(Fault.EMPTY_ARRAY)
    clock.advance(GAP)
    get_v2(service, T0 - timedelta(hours=1), T0)
    clock.advance(10)
    assert body(get_v2(service, T0 - timedelta(hours=1), T0))["CODE"] == 429


def test_drop_connection(service: SimulatedIndiaMart) -> None:
    service.inject(Fault.DROP_CONNECTION)
    with pytest.raises(requests.ConnectionError):
        get_v2(service, T0 - timedelta(hours=1), T0)
    assert service.requests[-1].outcome == "fault:drop_connection"


def test_slow_answers_normally_after_a_delay(service: SimulatedIndiaMart) -> None:
    lead = lead_at(T0 - timedelta(minutes=5))
    service.add_leads([lead])
    service.inject(Fault.SLOW)
    began = time.monotonic()
    data = body(get_v2(service, T0 - timedelta(hours=1), T0))
    assert time.monotonic() - began >= 0.3
    assert data["RESPONSE"][0]["UNIQUE_QUERY_ID"] == lead.query_id
    last = service.requests[-1]
    assert (last.outcome, last.fault, last.count) == ("leads", "slow", 1)


def test_slow_client_timeout(service: SimulatedIndiaMart) -> None:
    service.inject(Fault.SLOW)
    with pytest.raises(requests.ReadTimeout):
        requests.get(v2_url(service.url, V2_KEY, T0 - timedelta(hours=1), T0), timeout=0.1)


# ------------------------------------------------------------------ lifecycle, live, logging


def test_live_generation_adds_visible_fresh_leads() -> None:
    with SimulatedIndiaMart(min_gap=0.0) as svc:
        svc.start_live(0.05, seed=9)
        deadline = time.monotonic() + 3
        while len(svc.leads) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        leads = svc.leads
        assert len(leads) >= 3
        assert all(lead.visible_at == lead.received_at for lead in leads)
        now = datetime.now(IST)
        assert all(now - lead.received_at < timedelta(seconds=5) for lead in leads)
        data = body(get_v2(svc, now - timedelta(minutes=5), now + timedelta(minutes=1)))
        assert data["TOTAL_RECORDS"] >= 3
    assert not [t for t in threading.enumerate() if t.name.startswith("demo-indiamart")]


def test_populate_fills_history_up_to_now(service: SimulatedIndiaMart) -> None:
    added = service.populate(days=10, per_day=20, seed=4)
    leads = service.leads
    assert len(leads) == added > 100
    assert all(T0 - timedelta(days=10) <= lead.received_at < T0 for lead in leads)
    service.add_leads(leads[:5])  # the same query ids are not added twice
    assert len(service.leads) == added


def test_stop_frees_the_port_and_joins_threads() -> None:
    svc = SimulatedIndiaMart()
    svc.start()
    svc.start_live(10.0)
    port = int(svc.url.rsplit(":", 1)[1])
    assert requests.get(svc.url + "/elsewhere", timeout=5).status_code == 404
    began = time.monotonic()
    svc.stop()
    assert time.monotonic() - began < 2
    assert not [t for t in threading.enumerate() if t.name.startswith("demo-indiamart")]
    with socket.socket() as probe:  # a listener would make this bind fail
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))
        probe.listen()
    with pytest.raises(RuntimeError):
        _ = svc.url
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/", timeout=2)


def test_keys_never_logged(service: SimulatedIndiaMart, clock: FakeClock,
                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    service.inject(Fault.WRONG_KEY)
    get_v2(service, T0 - timedelta(hours=1), T0)
    get_v1(service, T0 - timedelta(hours=1), T0)
    clock.advance(1)
    get_v1(service, T0 - timedelta(hours=1), T0)
    host, port = service.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as raw:  # a bad request line
        raw.sendall(f"GET {V2_PATH}?glusr_crm_key={V2_KEY} HTTP/1.1 x\r\n\r\n".encode())
        assert b" 400 " in raw.recv(4096)
    ours = "\n".join(record.getMessage() for record in caplog.records
                     if record.name.startswith("indiamart_desktop.demo"))
    assert "GET /wservce/enquiry/listing/..." in ours and "http: code 400" in ours
    for secret in (V1_KEY, V2_KEY, quote(V1_KEY, safe=""), quote(V2_KEY, safe=""), "REVNTy12",
                   "DEMO+v2"):
        assert secret not in ours


# ------------------------------------------------------------------ the generator


def test_generator_is_deterministic_and_ids_unique_by_type() -> None:
    start, end = T0 - timedelta(days=30), T0
    first = LeadGenerator(11).leads_between(start, end)
    assert first == LeadGenerator(11).leads_between(start, end)
    assert first != LeadGenerator(12).leads_between(start, end)
    assert len({lead.query_id for lead in first}) == len(first)
    assert 600 < len(first) < 1100  # about 30 a day
    lengths: dict[str, set[int]] = {}
    for lead in first:
        assert re.fullmatch(r"\d{8,10}", lead.query_id)
        lengths.setdefault(lead.query_type, set()).add(len(lead.query_id))
    assert lengths["W"] == {10} and lengths["B"] == {9} and lengths["P"] == {8}
    assert {"BIZ", "WA"} <= set(lengths)


def test_arrivals_sorted_quiet_nights_and_mostly_prompt_visibility() -> None:
    leads = LeadGenerator(2).leads_between(T0 - timedelta(days=60), T0, per_day=40)
    times = [lead.received_at for lead in leads]
    assert times == sorted(times)
    assert all(T0 - timedelta(days=60) <= t < T0 and t.tzinfo is not None for t in times)
    hours = Counter(t.hour for t in times)
    assert sum(hours[h] for h in range(1, 6)) * 5 < sum(hours[h] for h in range(10, 15))
    delays = [lead.visible_at - lead.received_at for lead in leads]
    assert min(delays) >= timedelta(0)
    prompt = sum(d <= timedelta(minutes=2) for d in delays)
    assert prompt > 0.75 * len(leads)
    assert max(delays) > timedelta(hours=1)
    assert max(delays) <= timedelta(hours=4)


def test_lead_fields_look_like_indiamart() -> None:
    leads = LeadGenerator(6).leads_between(T0 - timedelta(days=40), T0)
    for lead in leads:
        f = lead.fields
        assert list(f) == list(V2_KEYS)
        assert f["UNIQUE_QUERY_ID"] == lead.query_id
        assert parse_ist(f["QUERY_TIME"], "%Y-%m-%d %H:%M:%S") == lead.received_at
        if f["SENDER_EMAIL"]:
            assert f["SENDER_EMAIL"].endswith(("@example.com", "@example.in"))
        if lead.query_type == "P":
            assert f["SUBJECT"] == "Buyer Call"
            assert f["QUERY_MESSAGE"] == ""
            assert f["CALL_DURATION"].isdigit()
            assert re.fullmatch(r"\d{10}", f["RECEIVER_MOBILE"])
        else:
            assert f["CALL_DURATION"] == "" and f["RECEIVER_MOBILE"] == ""
        if f["SENDER_COUNTRY_ISO"] == "IN":
            assert re.fullmatch(r"\+91-[6-9]\d{9}", f["SENDER_MOBILE"])
    messages = " ".join(lead.fields["QUERY_MESSAGE"] for lead in leads)
    for piece in ("I want to buy ", "<br><br>Quantity : ", "Quantity Unit : ",
                  "Probable Order Value : Rs. ", "Probable Requirement Type : Business Use",
                  "Preferred Location: Suppliers from all over India can contact", "\r\r",
                  " & "):
        assert piece in messages
    assert any(re.search(r",\s{2,}\d{6}$", lead.fields["SENDER_ADDRESS"]) for lead in leads)
    assert any(re.fullmatch(r"\d{6}", lead.fields["SENDER_CITY"]) for lead in leads)
    assert any(lead.fields["SENDER_PINCODE"] == "" and re.search(
        r"\d{6}", lead.fields["SENDER_ADDRESS"]) for lead in leads)
    foreign = [lead for lead in leads if lead.fields["SENDER_COUNTRY_ISO"] != "IN"]
    assert foreign
    assert all(re.fullmatch(r"\+\d{2,3}-\d{9,10}", lead.fields["SENDER_MOBILE"])
               for lead in foreign)


def test_wire_records_vary_deterministically() -> None:
    leads = LeadGenerator(8).leads_between(T0 - timedelta(days=20), T0)
    v2 = [to_v2_record(lead) for lead in leads]
    assert v2 == [to_v2_record(lead) for lead in leads]
    assert any(None in rec.values() for rec in v2)
    assert any(len(rec) < len(V2_KEYS) for rec in v2)
    assert sum(list(rec) == list(V2_KEYS) and None not in rec.values() for rec in v2) > len(v2) / 2
    for rec in v2:
        assert [k for k in V2_KEYS if k in rec] == list(rec)  # wire order kept
        assert all(rec[k] not in ("", None) for k in ("UNIQUE_QUERY_ID", "QUERY_TYPE",
                                                      "QUERY_TIME", "SENDER_MOBILE"))
    v1 = [to_v1_record(lead, n, len(leads)) for n, lead in enumerate(leads, 1)]
    assert all(list(rec) == list(V1_KEYS) for rec in v1)
    assert "" not in {value for rec in v1 for value in rec.values()}
    moments = {rec["DATE_TIME_RE"] for rec in v1}
    assert any(str(m).startswith(" ") for m in moments)
    assert any(not str(m).startswith(" ") for m in moments)
    for lead, rec in zip(leads, v1, strict=True):
        stamp = parse_ist(str(rec["DATE_TIME_RE"]), "%d-%b-%Y %I:%M:%S %p")
        assert stamp == lead.received_at
        assert rec["DATE_R"] == lead.received_at.strftime("%d-%b-%y")
        if lead.query_type == "P" and lead.fields["SENDER_COUNTRY_ISO"] == "IN":
            assert re.fullmatch(r"\d{10}", str(rec["MOB"]))
        if lead.query_type == "P":
            assert str(rec["LOG_TIME"]).endswith("000000")
            assert re.fullmatch(r"\d+ Secs", str(rec["ENQ_CALL_DURATION"]))
            assert rec["ENQ_MESSAGE"] is None
        else:
            assert rec["LOG_TIME"] == lead.received_at.strftime("%Y%m%d%H%M%S")
    mobs = [str(rec["MOB"]) for rec in v1]
    assert any(m.startswith("+91-") for m in mobs) and any(m.startswith("+919") or
                                                           m.startswith("+918") for m in mobs)
    texts = [str(rec["ENQ_MESSAGE"]) for rec in v1]
    assert any("\r\n" in t for t in texts) and any("<br>" in t for t in texts)
