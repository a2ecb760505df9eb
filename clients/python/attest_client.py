"""A small client for Attest's runtime oversight API, with the Python standard library only.

Log production decisions (one, or in batches with retries), learn at once whether a decision may be acted on or a person
must look, appeal a decision, and fetch its causal trace::

    from attest_client import AttestClient

    attest = AttestClient("https://attest.example.com", token=os.environ["ATTEST_TOKEN"])
    answer = attest.log({
        "system": "credit-scoring", "model_version": "credit-pd-gbm@3.1.0", "external_id": "app-42",
        "occurred_at": "2026-03-01T09:00:00Z", "input": {"application": 42}, "output": "decline", "confidence": 0.91,
    })
    if answer["route"] == "human_review":
        hold_for_review(answer["queue_item"], answer["reasons"])

Retries are safe: a decision's ``external_id`` is its idempotency key, so a resent decision comes back with
``duplicate: True`` and the original answer; the same ``external_id`` with a different body is refused (409).
"""

from __future__ import annotations

import json
import random
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Iterable, Iterator

__all__ = ["AttestClient", "AttestError", "MAX_BATCH"]

MAX_BATCH = 10_000
"""The most decisions one request may carry."""

_RETRIED_STATUSES = {429, 500, 502, 503, 504}


class AttestError(Exception):
    """A refusal by Attest (4xx/5xx) with its RFC 9457 problem details, or a server that could not be reached."""

    def __init__(self, status: int | None, problem: dict[str, Any] | None, message: str):
        super().__init__(message)
        self.status = status
        self.problem = problem or {}

    @property
    def errors(self) -> dict[str, list[str]]:
        """Field (``decisions[3].confidence``) to what is wrong with it, for a 400."""
        return self.problem.get("errors") or {}


class AttestClient:
    """Talks to one Attest server with one API key (role ``service``, scoped to its system, for logging decisions)."""

    def __init__(self, base_url: str, token: str, *, timeout: float = 30.0, retries: int = 5, backoff: float = 0.5,
                 batch_size: int = 1000):
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")
        if not 1 <= batch_size <= MAX_BATCH:
            raise ValueError(f"batch_size must be from 1 to {MAX_BATCH}")
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.batch_size = batch_size

    # --- decisions -------------------------------------------------------------------------------------------------

    def log(self, decision: dict[str, Any]) -> dict[str, Any]:
        """Logs one decision and returns its result: ``id``, ``route`` (``auto`` | ``human_review``), ``reasons``,
        ``policy_version``, ``queue_item``, ``duplicate``, ``ungoverned``. The answer comes after the commit."""
        return self._request("POST", "/api/v1/decisions", decision)

    ask = log
    """Ask "may I act on this, or must a person look?" — the same call: the decision is logged and routed."""

    def log_batch(self, decisions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Logs decisions in batches of ``batch_size``; returns every result in input order. A batch is written whole
        or not at all, and a retried batch answers its already-recorded decisions as duplicates."""
        results: list[dict[str, Any]] = []
        for chunk in _chunks(decisions, self.batch_size):
            answer = self._request("POST", "/api/v1/decisions", {"decisions": chunk})
            results.extend(answer["results"])
        return results

    def decision(self, decision_id: str) -> dict[str, Any]:
        return self._request("GET", f"/api/v1/decisions/{urllib.parse.quote(decision_id, safe='')}")

    def trace(self, decision_id: str) -> dict[str, Any]:
        """The causal trace: the decision, model version, approval and policy in force, human review and ledger proof."""
        return self._request("GET", f"/api/v1/decisions/{urllib.parse.quote(decision_id, safe='')}/trace")

    def appeal(self, decision_id: str, reason: str) -> dict[str, Any]:
        """Appeals a decision for the person it affected: opens a review item with reason ``appeal``."""
        return self._request("POST", f"/api/v1/decisions/{urllib.parse.quote(decision_id, safe='')}/appeal", {"reason": reason})

    # --- plumbing --------------------------------------------------------------------------------------------------

    def _request(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body, ensure_ascii=False, allow_nan=False).encode("utf-8")
        attempt = 0
        while True:
            request = urllib.request.Request(self.base_url + path, data=data, method=method)
            request.add_header("Authorization", f"Bearer {self.token}")
            request.add_header("Accept", "application/json")
            if data is not None:
                request.add_header("Content-Type", "application/json")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    text = response.read().decode("utf-8")
                    return json.loads(text) if text else None
            except urllib.error.HTTPError as e:
                text = e.read().decode("utf-8", errors="replace")
                if e.code in _RETRIED_STATUSES and attempt < self.retries:
                    attempt += 1
                    self._sleep(attempt, e.headers.get("Retry-After"))
                    continue
                problem = _json_or_none(text)
                detail = (problem or {}).get("detail") or (problem or {}).get("title") or text[:200]
                raise AttestError(e.code, problem, f"{method} {path}: {e.code} {detail}") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
                # Not acknowledged: nothing is known to be recorded, and resending is safe (idempotent by external_id).
                if attempt < self.retries:
                    attempt += 1
                    self._sleep(attempt, None)
                    continue
                raise AttestError(None, None, f"{method} {path}: cannot reach {self.base_url} ({e})") from None

    def _sleep(self, attempt: int, retry_after: str | None) -> None:
        if retry_after and retry_after.isdigit():
            time.sleep(int(retry_after))
            return
        # Exponential backoff with jitter, so many clients do not retry in step.
        time.sleep(self.backoff * (2 ** (attempt - 1)) * (0.5 + random.random()))


def _chunks(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None
