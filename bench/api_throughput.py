"""API capacity per web process: one government's ministries through the whole stack (token check, RLS
binding, ORM, marshmallow), against a bare Flask endpoint answering the same JSON in the same run."""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, jsonify


def _rate(call: Any, seconds: float) -> float:
    for _ in range(50):  # warm caches and pools
        call()
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        call()
        count += 1
    return count / (time.perf_counter() - started)


def measure(app: Flask, slug: str, token: str, seconds: float = 5.0) -> dict[str, float]:
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/t/{slug}/ministries?page_size=50"
    body = client.get(url, headers=headers).get_json()
    assert isinstance(body, list) and body

    bare = Flask("bare")

    @bare.get("/ministries")
    def ministries() -> Any:
        return jsonify(body)

    bare_client = bare.test_client()

    def full() -> None:
        response = client.get(url, headers=headers)
        assert response.status_code == 200

    def plain() -> None:
        bare_client.get("/ministries")

    full_rate = _rate(full, seconds)
    plain_rate = _rate(plain, seconds)
    return {"full_rps": full_rate, "bare_rps": plain_rate, "ratio": plain_rate / full_rate}
