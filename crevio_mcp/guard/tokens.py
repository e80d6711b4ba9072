"""Confirmation tokens: a signed promise that a human saw this exact action's preview.

A token binds the tool name, a digest of the exact arguments, and a digest of the
account's API token, and carries a random nonce and its issue time. It is signed with
a secret (itsdangerous, HMAC), so any replica that shares the secret can verify it and
none needs to remember it. Single use has two layers: each process remembers the
nonces it has accepted, and the nonce also becomes the write's Idempotency-Key, so a
token replayed on another replica makes the API replay the first answer instead of
writing again.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

__all__ = ["ConfirmationTokens", "TokenProblem", "digest"]

_SALT = "crevio-mcp/confirm/v1"


def digest(value: Any) -> str:
    """A short, stable digest of JSON-able data (key order does not matter)."""
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


class TokenProblem(Exception):
    """Why a confirmation token cannot authorise this call; the message says so plainly."""


@dataclass(frozen=True)
class Confirmed:
    nonce: str


class ConfirmationTokens:
    def __init__(self, secret: str, *, ttl_seconds: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt=_SALT)
        self.ttl_seconds = ttl_seconds
        self._used: set[str] = set()

    def issue(self, *, tool: str, arguments: Mapping[str, Any], account: str) -> str:
        claims = {
            "t": tool,
            "a": digest(dict(arguments)),
            "k": digest(account),
            "n": secrets.token_urlsafe(12),
        }
        return self._serializer.dumps(claims)

    def redeem(
        self, token: str, *, tool: str, arguments: Mapping[str, Any], account: str
    ) -> Confirmed:
        """Check a token against this exact call and spend it.

        Raises:
            TokenProblem: made up, expired, already used, or for another call.
        """
        try:
            claims = self._serializer.loads(token, max_age=self.ttl_seconds)
        except SignatureExpired as exc:
            raise TokenProblem(
                f"the confirmation token has expired (tokens last {self.ttl_seconds} seconds)"
            ) from exc
        except BadSignature as exc:
            raise TokenProblem(
                "the confirmation token is not one this server issued (it may be made up, "
                "truncated, or signed with another secret)"
            ) from exc
        if not isinstance(claims, dict):
            raise TokenProblem("the confirmation token is malformed")
        if claims.get("t") != tool:
            raise TokenProblem(
                f"the confirmation token was issued for {claims.get('t')}, not {tool}"
            )
        if claims.get("k") != digest(account):
            raise TokenProblem("the confirmation token was issued for another account")
        if claims.get("a") != digest(dict(arguments)):
            raise TokenProblem(
                "the arguments differ from the ones that were previewed; a token only confirms "
                "the exact action it was issued for"
            )
        nonce = str(claims.get("n"))
        if nonce in self._used:
            raise TokenProblem("the confirmation token has already been used")
        self._used.add(nonce)
        return Confirmed(nonce=nonce)
