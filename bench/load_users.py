"""The virtual users of the load test (`bench.load`), and how every answer they get is checked.

A user acts for several governments (`load_data.Persona`), one request at a time: it signs in once as each one's
unit head, from an address of its own, as people do, keeping each government's session cookie and CSRF token
apart; then, until the deadline, it picks one of its governments and something to do by the weights of `MIX`:
read the dashboards and priority pages, read the API, enter a value (through the API, or through the page's form
with its CSRF token), import a CSV file of revised values (a small one, checked in the request, or one just large
enough to go through the imports queue), or ask for a report, wait for it and download it. A government's traffic
comes from one user at a time, so that no two writes of the test can conflict.

Every answer is read for traces of another government (`Isolation`): its marker, slug or name, or the id of
anything it owns, in a page, a JSON body, a redirect or the text of a report's PDF. An unexpected status, a refused
import, a failed report, or one not made in time, is an error.
"""

from __future__ import annotations

import io
import random
import re
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from http import cookiejar
from typing import Any
from urllib.parse import urlsplit

import requests
from pypdf import PdfReader

from bench import load_data
from entrega.delivery import imports, periods

COOKIE = "entrega_session"
CSRF = "csrf_token"
# What a user does, and how often, relative to the rest.
MIX = {
    "overview": 16, "priorities": 14, "priority": 14, "indicator": 8, "api-read": 25, "entry-api": 8,
    "entry-page": 5, "import": 3, "import-queued": 0.3, "report": 0.7,
}  # fmt: skip
# The PMDU model's reports of a whole government: the monthly note (every priority's trajectories, about thirty
# pages here) and the delivery report (a few pages without an assessment round).
REPORT_TEMPLATES = ("monthly_note", "delivery_report")
POLL_SECONDS = 1.0  # how often a waiting user asks again, as the pages' progress bars do
WAIT_LIMIT = 180.0  # an import or report not finished by then is an error
NOTE = "Revised by the national statistics office (load test)"
SOURCE = "National statistics office"


# ---- what is measured, and what gives a tenant away -----------------------------------------------------

UUIDS = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
CSRF_FIELD = re.compile(rf'name="{CSRF}" value="([^"]+)"')


class Isolation:
    """Finds, in what one tenant was shown, the traces of any other: markers, slugs, names, ids."""

    def __init__(self, owners: dict[str, int]) -> None:
        self.owners = dict(owners)

    def own(self, raw_id: str, number: int) -> None:
        """An id the test made for tenant `number` (a value, an import, a report): from now on a trace too."""
        self.owners[raw_id.lower()] = number

    def read(self, text: str, number: int) -> tuple[list[str], bool]:
        """The traces of other tenants in `text`, and whether tenant `number`'s own marker is in it (which shows
        that names reach what is read here: a leak of another tenant's would too)."""
        traces = [(m[0], int(next(g for g in m.groups() if g))) for m in load_data.TRACES.finditer(text)]
        found = [trace for trace, owner in traces if owner != number]
        for match in UUIDS.finditer(text):
            owner = self.owners.get(match[0].lower())
            if owner is not None and owner != number:
                found.append(f"{match[0]} (an id of tenant {owner})")
        return found, load_data.marker(number) in text


class Recorder:
    """Every request's time, by kind; errors and leaks with the first few of each spelled out."""

    SAMPLES = 20

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.samples: dict[str, list[tuple[float, float]]] = defaultdict(list)  # kind → (finished at, seconds)
        self.errors: Counter[str] = Counter()
        self.problems: list[str] = []
        self.leaks: list[str] = []
        self.checked = 0
        self.marked = 0  # answers that showed the asking tenant's own marker
        self.flows: dict[str, list[float]] = defaultdict(list)

    def request(self, kind: str, seconds: float, problem: str | None, leaks: list[str], marked: bool) -> None:
        with self._lock:
            self.samples[kind].append((time.monotonic(), seconds))
            self.checked += 1
            self.marked += marked
            self.leaks.extend(leaks)
            if problem:
                self._error(kind, problem)

    def error(self, kind: str, problem: str) -> None:
        with self._lock:
            self._error(kind, problem)

    def _error(self, kind: str, problem: str) -> None:
        self.errors[kind] += 1
        if len(self.problems) < self.SAMPLES:
            self.problems.append(f"{kind}: {problem}")

    def flow(self, name: str, seconds: float) -> None:
        with self._lock:
            self.flows[name].append(seconds)


# ---- the users ------------------------------------------------------------------------------------------


class _NoCookies(cookiejar.DefaultCookiePolicy):
    """A user acts for several governments over one connection pool: each keeps its own session cookie
    (`Account.cookie`), so the pool's jar must keep none, or one government's session could ride along."""

    def set_ok(self, cookie: cookiejar.Cookie, request: Any) -> bool:
        return False

    def return_ok(self, cookie: cookiejar.Cookie, request: Any) -> bool:
        return False


@dataclass
class Account:
    """A persona's session in the browser: its own client address, cookie and CSRF token, and this month's
    values entered so far (indicator → latest version's id, None when entered through the page)."""

    persona: load_data.Persona
    address: str
    cookie: str = ""
    csrf: str = ""
    entered: dict[uuid.UUID, uuid.UUID | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    base_url: str
    seeded: load_data.Seeded
    isolation: Isolation
    month: str  # this month: the period data entry writes (it has begun and has no data yet)
    year_ago: str
    mix: dict[str, float]
    report_templates: tuple[str, ...]
    think: float  # mean pause between a user's actions, in seconds (0: none)


OK = (200,)
FINISHED = {"done", "failed", "rejected"}


class Visitor:
    """One virtual user: a thread acting for its accounts in turn, one request at a time."""

    def __init__(self, plan: Plan, accounts: list[Account], first: list[str], seed: int) -> None:
        """`first`: the actions this user does once before drawing them by weight."""
        self.plan, self.accounts, self.first, self.rng = plan, accounts, list(first), random.Random(seed)
        self.recorder = Recorder()
        self.http = requests.Session()
        self.http.cookies.set_policy(_NoCookies())
        # One connection per request, as the ingress talks to gunicorn: reusing an idle one races gunicorn's
        # keep-alive time-out (2 s), and a request sent as it closes the connection is reset unanswered.
        self.http.headers["Connection"] = "close"

    def call(self, account: Account, kind: str, method: str, path: str, expect: tuple[int, ...] = OK, *,
             api: bool = False, **kwargs: Any) -> requests.Response | None:  # fmt: skip
        """One request as the account; the answer when it is the expected one (else None: recorded)."""
        headers = {"X-Forwarded-For": account.address, "X-Forwarded-Proto": "https"}  # as the ingress adds them
        if api:
            headers["Authorization"] = f"Bearer {account.persona.token}"
        elif account.cookie:
            headers["Cookie"] = f"{COOKIE}={account.cookie}"
        started = time.perf_counter()
        try:
            response = self.http.request(method, self.plan.base_url + path, headers=headers, timeout=90,
                                         allow_redirects=False, **kwargs)  # fmt: skip
        except requests.RequestException as error:
            self.recorder.request(kind, time.perf_counter() - started, f"{method} {path}: {error}", [], False)
            return None
        seconds = time.perf_counter() - started
        if not api:
            self._keep_session(account, response)
        problem = None
        if response.status_code not in expect:
            problem = f"{method} {path}: {response.status_code}, expected {expect}: {response.text[:300]!r}"
        leaks, marked = self.plan.isolation.read(_readable(response), account.persona.number)
        where = f"{method} {path} as {account.persona.slug}"
        self.recorder.request(kind, seconds, problem, [f"{where}: {leak}" for leak in leaks], marked)
        return None if problem else response

    def _keep_session(self, account: Account, response: requests.Response) -> None:
        cookie = response.cookies.get(COOKIE)
        if cookie:
            account.cookie = cookie
        if response.headers.get("Content-Type", "").startswith("text/html"):
            found = CSRF_FIELD.search(response.text)
            if found:
                account.csrf = found[1]

    # ---- signing in, and the loop ----

    def sign_in_all(self) -> None:
        for account in self.accounts:
            slug = account.persona.slug
            if self.call(account, "sign-in page", "GET", f"/t/{slug}/signin") is None:
                continue
            form = {CSRF: account.csrf, "email": account.persona.email, "password": account.persona.password,
                    "next": ""}  # fmt: skip
            answer = self.call(account, "sign-in", "POST", f"/t/{slug}/signin", (302,), data=form)
            if answer is not None and urlsplit(answer.headers["Location"]).path != f"/t/{slug}/":
                self.recorder.error("sign-in", f"{slug}: sent to {answer.headers['Location']}")

    def act(self, deadline: float) -> None:
        names, weights = list(self.plan.mix), list(self.plan.mix.values())
        while time.monotonic() < deadline:
            account = self.rng.choice(self.accounts)
            name = self.first.pop(0) if self.first else self.rng.choices(names, weights)[0]
            try:
                ACTIONS[name](self, account)
            except Exception as error:  # an answer that is not what the API documents, e.g. no JSON
                self.recorder.error(name, f"{type(error).__name__}: {error}")
            if self.plan.think:
                time.sleep(self.rng.expovariate(1 / self.plan.think))

    # ---- reading ----

    def overview(self, account: Account) -> None:
        self.call(account, "page: overview", "GET", f"/t/{account.persona.slug}/")

    def priorities(self, account: Account) -> None:
        self.call(account, "page: priorities", "GET", f"/t/{account.persona.slug}/priorities")

    def priority(self, account: Account) -> None:
        priority_id = self.rng.choice(account.persona.priority_ids)
        self.call(account, "page: priority", "GET", f"/t/{account.persona.slug}/priorities/{priority_id}")

    def indicator(self, account: Account) -> None:
        indicator_id, _code = self.rng.choice(account.persona.indicators)
        self.call(account, "page: indicator", "GET", f"/t/{account.persona.slug}/indicators/{indicator_id}")

    def api_read(self, account: Account) -> None:
        api, persona = f"/api/v1/t/{account.persona.slug}", account.persona
        indicator_id, _code = self.rng.choice(persona.indicators)
        kind, path, params = self.rng.choice([
            ("api: status", f"{api}/status", None),
            ("api: priorities", f"{api}/priorities", {"page_size": 50}),
            ("api: priority status", f"{api}/priorities/{self.rng.choice(persona.priority_ids)}/status", None),
            ("api: indicators", f"{api}/indicators", {"page_size": 100}),
            ("api: measurements", f"{api}/indicators/{indicator_id}/measurements", {"period_from": self.plan.year_ago}),
        ])  # fmt: skip
        self.call(account, kind, "GET", path, api=True, params=params)

    # ---- data entry ----

    def _value(self) -> str:
        return f"{self.rng.uniform(1, 100):.2f}"

    def entry_api(self, account: Account) -> None:
        """Read the indicator's value for this month, then enter it, or correct it when there is one."""
        api, persona, month = f"/api/v1/t/{account.persona.slug}", account.persona, self.plan.month
        indicator_id, _code = self.rng.choice(persona.indicators)
        current = self.call(account, "api: measurements", "GET", f"{api}/indicators/{indicator_id}/measurements",
                            api=True, params={"period_from": month, "period_to": month})  # fmt: skip
        if current is None:
            return
        values, body = current.json(), {"value": self._value(), "note": NOTE, "source": SOURCE}
        if values:
            path = f"{api}/measurements/{values[-1]['id']}/corrections"
        else:
            path, body = f"{api}/indicators/{indicator_id}/measurements", {**body, "period": month}
        entered = self.call(account, "api: data entry", "POST", path, (201,), api=True, json=body)
        if entered is not None:
            self.plan.isolation.own(entered.json()["id"], persona.number)
            account.entered[indicator_id] = uuid.UUID(entered.json()["id"])

    def entry_page(self, account: Account) -> None:
        """The indicator's sheet, then its form: a first value for this month, or a correction of one."""
        slug, persona = account.persona.slug, account.persona
        fresh = [i for i, _code in persona.indicators if i not in account.entered]
        known = [(i, m) for i, m in account.entered.items() if m is not None]
        form = {"value": self._value(), "note": NOTE, "source": SOURCE}
        if fresh:
            indicator_id = self.rng.choice(fresh)
            path, form = f"/t/{slug}/indicators/{indicator_id}/values", {**form, "period": self.plan.month}
        elif known:
            indicator_id, measurement_id = self.rng.choice(known)
            path, form = f"/t/{slug}/measurements/{measurement_id}/correct", {**form, "origin": "entry"}
        else:  # every value of the month entered, and none through the API: a look at the dashboard instead
            self.overview(account)
            return
        if self.call(account, "page: indicator", "GET", f"/t/{slug}/indicators/{indicator_id}") is None:
            return
        answer = self.call(account, "page: data entry", "POST", path, (302,), data={**form, CSRF: account.csrf})
        if answer is None:
            return
        account.entered[indicator_id] = None  # the page does not say the new version's id
        self.call(account, "page: data entry list", "GET", urlsplit(answer.headers["Location"]).path)

    # ---- imports and reports ----

    def import_small(self, account: Account) -> None:
        """A dozen indicators' revised figures for the two latest months: checked and written in the request."""
        chosen = self.rng.sample(account.persona.indicators, k=min(12, len(account.persona.indicators)))
        latest = self.plan.seeded.last_period
        months = [periods.add_months(latest, -k) for k in range(2)]
        self._import(account, [(code, month) for _id, code in chosen for month in months], "api: import (small)")

    def import_queued(self, account: Account) -> None:
        """Just over the rows an import may check in the request: it goes through the imports queue."""
        indicators, rows = account.persona.indicators, imports.SYNC_ROWS + 40
        months = -(-rows // len(indicators))
        if months > self.plan.seeded.size.months:  # a workspace too small for it: a small one instead
            self.import_small(account)
            return
        latest = self.plan.seeded.last_period
        cells = [(code, periods.add_months(latest, -k)) for k in range(months) for _id, code in indicators]
        self._import(account, cells[:rows], "api: import (queued)", "import through the queue: uploaded → done")

    def _import(self, account: Account, cells: list[tuple[str, date]], kind: str, flow: str | None = None) -> None:
        api, started = f"/api/v1/t/{account.persona.slug}", time.monotonic()
        content = "indicator,period,value,source,note\n" + "".join(
            f"{code},{month:%Y-%m},{self._value()},{SOURCE},{NOTE}\n" for code, month in cells
        )
        upload = self.call(account, kind, "POST", f"{api}/imports", (202,), api=True,
                           data={"kind": "measurements"}, files={"file": ("revised.csv", content.encode(), "text/csv")})  # fmt: skip
        if upload is None:
            return
        body = upload.json()
        self.plan.isolation.own(body["id"], account.persona.number)
        if body["status"] not in FINISHED:
            body = self._wait(account, "api: import status", urlsplit(upload.headers["Location"]).path)
        if body is None:
            return
        if body["status"] != "done":
            self.recorder.error(kind, f"{account.persona.slug}: import {body['status']}: {body}")
        elif flow:
            self.recorder.flow(flow, time.monotonic() - started)

    def report(self, account: Account) -> None:
        """Ask for a report, follow it until it is made, download it (its PDF's text is checked too)."""
        api, started = f"/api/v1/t/{account.persona.slug}", time.monotonic()
        template = self.rng.choice(self.plan.report_templates)
        asked = self.call(account, "api: report request", "POST", f"{api}/reports", (202,), api=True,
                          json={"template": template})  # fmt: skip
        if asked is None:
            return
        body = asked.json()
        self.plan.isolation.own(body["id"], account.persona.number)
        if body["status"] not in FINISHED:
            body = self._wait(account, "api: report status", urlsplit(asked.headers["Location"]).path)
        if body is None:
            return
        if body["status"] != "done":
            self.recorder.error("api: report request", f"{account.persona.slug}: {template} {body['status']}: {body}")
            return
        self.recorder.flow("report: asked → made", time.monotonic() - started)
        self.call(account, "api: report download", "GET", body["file_url"], api=True)

    def _wait(self, account: Account, kind: str, path: str) -> dict[str, Any] | None:
        limit = time.monotonic() + WAIT_LIMIT
        while True:
            time.sleep(POLL_SECONDS)
            answer = self.call(account, kind, "GET", path, api=True)
            if answer is None:
                return None
            body: dict[str, Any] = answer.json()
            if body["status"] in FINISHED:
                return body
            if time.monotonic() > limit:
                self.recorder.error(kind, f"{path} still {body['status']} after {WAIT_LIMIT:.0f} s")
                return None


ACTIONS: dict[str, Callable[[Visitor, Account], None]] = {
    "overview": Visitor.overview, "priorities": Visitor.priorities, "priority": Visitor.priority,
    "indicator": Visitor.indicator, "api-read": Visitor.api_read, "entry-api": Visitor.entry_api,
    "entry-page": Visitor.entry_page, "import": Visitor.import_small, "import-queued": Visitor.import_queued,
    "report": Visitor.report,
}  # fmt: skip


def _readable(response: requests.Response) -> str:
    """What a person could read in the answer: the redirect's target and the body (a PDF's text)."""
    location = response.headers.get("Location", "")
    if response.headers.get("Content-Type", "").startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(response.content))
        return location + "\n".join(page.extract_text() or "" for page in reader.pages)
    return location + response.text
