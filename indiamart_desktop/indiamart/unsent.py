"""Whether a failed call certainly never sent its request to IndiaMART.

Only such a call may be left out of IndiaMART's 5-minute count (for the seller's own
Test connection). It is so only when the failure came before any byte of the request
left: the name could not be resolved (no internet), the connection was refused or could
not be made in time, or the server's certificate was refused during the handshake. Any
failure after the connection was made (a reset, a read timeout, a deadline, a cut-off
answer) may have reached IndiaMART and counts as a call.
"""

from __future__ import annotations

import logging
import ssl

from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

log = logging.getLogger(__name__)

_MAX_DEPTH = 8


def _causes(error: BaseException) -> list[object]:
    """``error`` and what it wraps: requests and urllib3 nest the cause in ``args[0]`` or
    ``reason`` (``MaxRetryError``) as well as in ``__cause__`` (``raise ... from``)."""
    seen: list[object] = []
    pending: list[object] = [error]
    while pending and len(seen) < _MAX_DEPTH * 4:
        item = pending.pop(0)
        if any(item is known for known in seen):
            continue
        seen.append(item)
        if isinstance(item, BaseException):
            pending.extend([*item.args[:1], getattr(item, "reason", None), item.__cause__])
    return [item for item in seen if isinstance(item, BaseException)]


def never_sent(error: BaseException) -> bool:
    """True when the request of the failed call cannot have left this computer."""
    for cause in _causes(error):
        # NewConnectionError (refused, unreachable) and NameResolutionError (DNS) are
        # ConnectTimeoutErrors too: urllib3 raises them only while connecting.
        if isinstance(cause, ConnectTimeoutError | NewConnectionError):
            return True
        if isinstance(cause, ssl.SSLCertVerificationError):
            return True
    return False
