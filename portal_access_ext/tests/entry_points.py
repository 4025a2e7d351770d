"""Every RPC entry point of Odoo 19, as one list shared by the security families.

``call(test, entry_point, user, model, method, args, kwargs)`` sends one model
method call through an entry point as ``user`` and answers an ``Outcome``:
the result, or the kind of error ('access', 'missing', 'validation', 'other')
with its message, so that a test can assert, per protocol, that another
customer's record answers exactly like a missing one and that a refused call
changed nothing. ``user`` is an ``RpcUser`` (login, password, optional API key,
see ``make_api_key``, optional web session, see ``open_web_session``). Requests
go through the test case's opener (the test server refuses foreign requests)
and never log in the test's own browser session: each entry point
authenticates like a real client.

The sign-in promises (tests of the Authentication family) also go through
the sign-in routes, ``SIGN_INS`` and ``sign_in``: the login form and
``/web/session/authenticate`` open a session instead of calling a model.
``every_way_in`` runs one call through all of them.
"""

import json
import re
import xmlrpc.client
from collections import namedtuple
from datetime import datetime, timedelta

from odoo.tests.common import HOST, Opener
from odoo.tools import mute_logger

Outcome = namedtuple("Outcome", "kind result message status name", defaults=(None,))
Outcome.__doc__ = """kind: 'ok' (result set) or 'access', 'missing', 'validation',
'other' (message set); status: the HTTP status of the answer; name: the
exception's name when the protocol gives it."""

RpcUser = namedtuple(
    "RpcUser", "login password api_key session_id", defaults=(None, None)
)

# web client routes (session cookie), the external API with a password, the
# JSON-2 API with an API key (Bearer)
ENTRY_POINTS = ("call_kw", "call_button", "jsonrpc", "xmlrpc", "json2")
# the entry points that take the password with each call, where stock also
# takes an API key instead of the password
PASSWORD_ENTRY_POINTS = ("jsonrpc", "xmlrpc")
# the sign-in routes (counted as "web" in tests/security_cases.py)
SIGN_INS = ("web_login", "session_authenticate")

# what the deprecated /jsonrpc and /xmlrpc log at every call, and the noise
# of an expected error
_MUTED = (
    "odoo.http",
    "odoo.addons.rpc.controllers.xmlrpc",
    "odoo.addons.rpc.controllers.jsonrpc",
)

_MISSING_RE = re.compile(r"does not exist or has been deleted", re.IGNORECASE)


def _kind_of_exception_name(name, message=""):
    """'access' / 'missing' / 'validation' / 'other' of a serialized exception."""
    name = (name or "").rsplit(".", 1)[-1]
    if name == "MissingError":
        return "missing"
    if name in ("AccessError", "AccessDenied"):
        return "access"
    if name in ("ValidationError", "UserError", "RedirectWarning"):
        return "validation"
    return "other"


def make_api_key(env, user, name="pae tests"):
    """A global (RPC) API key of ``user``, valid for a day, as the user would
    create it on /my/security (portal users may have API keys in stock)."""
    return (
        env["res.users.apikeys"]
        .with_user(user)
        .sudo()
        ._generate(None, name, datetime.now() + timedelta(days=1))
    )


def rpc_user(env, user, password, api_key=False):
    """The ``RpcUser`` of a res.users record, with a fresh API key if asked."""
    return RpcUser(user.login, password, make_api_key(env, user) if api_key else None)


def _jsonrpc_outcome(response):
    try:
        answer = response.json()
    except ValueError:
        return Outcome("other", None, response.text[:500], response.status_code)
    if "error" not in answer:
        return Outcome("ok", answer.get("result"), None, response.status_code)
    data = answer["error"].get("data") or {}
    message = data.get("message") or answer["error"].get("message") or ""
    return Outcome(
        _kind_of_exception_name(data.get("name"), message),
        None,
        message,
        response.status_code,
        data.get("name"),
    )


def _post_jsonrpc(test, url, params):
    payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
    return test.url_open(
        url,
        data=json.dumps(payload),
        headers={"Content-Type": "application/json"},
        timeout=60,
    )


def _without_cookies(test):
    """Context manager: the opener's cookie jar emptied for one request (an
    API key must not meet another user's session)."""

    class _Jar:
        def __enter__(self):
            self.saved = test.opener.cookies.copy()
            test.opener.cookies.clear()

        def __exit__(self, *exc):
            test.opener.cookies.clear()
            test.opener.cookies.update(self.saved)

    return _Jar()


def open_web_session(test, user):
    """``user`` with a web session opened now (as ``HttpCase.authenticate``
    opens it), which call_kw and call_button then use instead of signing in:
    a promise may end an open session (expiry) or refuse a new one."""
    test.authenticate(user.login, user.password)
    session_id = test.session.sid
    # the next test.authenticate() deletes test.session: not this one
    test.session = None
    return user._replace(session_id=session_id)


def _login(test, user):
    if not user.session_id:
        test.authenticate(user.login, user.password)
        return
    test.opener = Opener(test)
    test.opener.cookies.set("session_id", user.session_id, domain=HOST)


def _call_web(test, user, route, model, method, args, kwargs):
    _login(test, user)
    response = _post_jsonrpc(
        test,
        f"/web/dataset/{route}",
        {"model": model, "method": method, "args": args, "kwargs": kwargs},
    )
    return _jsonrpc_outcome(response)


def _uid(test, user):
    return test.env["res.users"].sudo().search([("login", "=", user.login)]).id


def _call_jsonrpc(test, user, model, method, args, kwargs):
    with _without_cookies(test):
        response = _post_jsonrpc(
            test,
            "/jsonrpc",
            {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    test.env.cr.dbname,
                    _uid(test, user),
                    user.password,
                    model,
                    method,
                    args,
                    kwargs,
                ],
            },
        )
    return _jsonrpc_outcome(response)


def _call_xmlrpc(test, user, model, method, args, kwargs):
    params = (
        test.env.cr.dbname,
        _uid(test, user),
        user.password,
        model,
        method,
        args,
        kwargs,
    )
    with _without_cookies(test):
        response = test.url_open(
            "/xmlrpc/2/object",
            data=xmlrpc.client.dumps(params, methodname="execute_kw", allow_none=True),
            headers={"Content-Type": "text/xml"},
            timeout=60,
        )
    try:
        result = xmlrpc.client.loads(response.text)[0][0]
    except xmlrpc.client.Fault as fault:
        # /xmlrpc/2 answers codes, not exception names: 4 is AccessError, 3
        # AccessDenied, 2 a UserError (MissingError and ValidationError alike,
        # told apart by the ORM's own MissingError sentence)
        message = fault.faultString
        if fault.faultCode in (3, 4):
            kind = "access"
        elif fault.faultCode == 2:
            kind = "missing" if _MISSING_RE.search(message) else "validation"
        else:
            kind = "other"
        return Outcome(kind, None, message, response.status_code)
    except xmlrpc.client.ResponseError:
        return Outcome("other", None, response.text[:500], response.status_code)
    return Outcome("ok", result, None, response.status_code)


def _call_json2(test, user, model, method, args, kwargs):
    """``/json/2/<model>/<method>``: the ids and the keyword arguments in the
    JSON body (no positional arguments: they are given by name)."""
    assert user.api_key, "JSON-2 needs an API key: rpc_user(..., api_key=True)"
    body = dict(kwargs)
    if args:
        first, *rest = args
        assert not rest, f"JSON-2 takes keyword arguments only, got {rest!r}"
        if isinstance(first, list) and all(isinstance(i, int) for i in first):
            body["ids"] = first
        elif isinstance(first, int) and not isinstance(first, bool):
            body["ids"] = [first]
        else:
            raise AssertionError(f"JSON-2 takes ids first, got {first!r}")
    with _without_cookies(test):
        response = test.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(body),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {user.api_key}",
            },
            timeout=60,
        )
    try:
        answer = response.json()
    except ValueError:
        return Outcome("other", None, response.text[:500], response.status_code)
    if response.status_code == 200:
        return Outcome("ok", answer, None, response.status_code)
    message = answer.get("message", "") if isinstance(answer, dict) else str(answer)
    name = answer.get("name") if isinstance(answer, dict) else None
    return Outcome(
        _kind_of_exception_name(name, message), None, message, response.status_code
    )


_CALLERS = {
    "call_kw": lambda t, u, *a: _call_web(t, u, "call_kw", *a),
    "call_button": lambda t, u, *a: _call_web(t, u, "call_button", *a),
    "jsonrpc": _call_jsonrpc,
    "xmlrpc": _call_xmlrpc,
    "json2": _call_json2,
}


def call(test, entry_point, user, model, method, args=(), kwargs=None):
    """``model.method(*args, **kwargs)`` as ``user`` through ``entry_point``
    (one of ``ENTRY_POINTS``), as an ``Outcome``. ``args[0]`` is the ids for a
    record method (JSON-2 sends it as ``ids``; other positional arguments must
    be given by name to run on every entry point)."""
    with mute_logger(*_MUTED):
        return _CALLERS[entry_point](
            test, user, model, method, list(args), dict(kwargs or {})
        )


def jsonrpc_route(test, url, params):
    """A JSON-RPC route of the web client called with the opener's session
    (whatever it signed in), as an ``Outcome``."""
    with mute_logger(*_MUTED):
        return _jsonrpc_outcome(_post_jsonrpc(test, url, params))


_CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


def csrf_token(page):
    """The CSRF token of a form page (a response)."""
    match = _CSRF_RE.search(page.text)
    assert match, "no CSRF token in the page"
    return match.group(1)


def change_password_form(test, old, new, confirm=None, **url_open_kwargs):
    """Post the password change of /my/security with the opener's session (the
    customer's own form); the response. ``url_open_kwargs``: e.g.
    ``allow_redirects``, ``cookies``."""
    cookies = url_open_kwargs.get("cookies")
    page = test.url_open("/my/security", cookies=cookies, timeout=60)
    return test.url_open(
        "/my/security",
        data={
            "csrf_token": csrf_token(page),
            "op": "password",
            "old": old,
            "new1": new,
            "new2": new if confirm is None else confirm,
        },
        timeout=60,
        **url_open_kwargs,
    )


def _sign_in_web_login(test, login, password):
    test.authenticate(None, None)
    page = test.url_open("/web/login", timeout=60)
    response = test.url_open(
        "/web/login",
        data={"login": login, "password": password, "csrf_token": csrf_token(page)},
        timeout=60,
    )
    if "/web/login" in response.url:
        return Outcome("access", None, response.text, response.status_code)
    return Outcome("ok", response.url, None, response.status_code)


def _sign_in_session_authenticate(test, login, password):
    test.authenticate(None, None)
    response = _post_jsonrpc(
        test,
        "/web/session/authenticate",
        {"db": test.env.cr.dbname, "login": login, "password": password},
    )
    outcome = _jsonrpc_outcome(response)
    if outcome.kind == "ok" and not (outcome.result or {}).get("uid"):
        return outcome._replace(kind="access", message=str(outcome.result))
    return outcome


_SIGN_INS = {
    "web_login": _sign_in_web_login,
    "session_authenticate": _sign_in_session_authenticate,
}


def sign_in(test, route, login, password):
    """Sign in through ``route`` (one of ``SIGN_INS``) from a fresh browser
    session, as an ``Outcome``: 'ok' with the page signed in to (the form) or
    the session's info, or 'access' with the page or the error's message."""
    with mute_logger(*_MUTED, "odoo.addons.base.models.res_users"):
        return _SIGN_INS[route](test, login, password)


def every_way_in(test, user, model, method, args=(), kwargs=None):
    """One call of ``model.method`` as ``user`` through every entry point,
    the API key also as the password where stock takes it, and a sign-in
    through /web/session/authenticate: {name: (entry point of the security
    table, Outcome)}. ``user`` needs an API key."""
    ways = {
        entry_point: (
            entry_point,
            call(test, entry_point, user, model, method, args, kwargs),
        )
        for entry_point in ENTRY_POINTS
    }
    with_key = user._replace(password=user.api_key)
    for entry_point in PASSWORD_ENTRY_POINTS:
        ways[f"{entry_point} api key"] = (
            entry_point,
            call(test, entry_point, with_key, model, method, args, kwargs),
        )
    ways["session_authenticate"] = (
        "web",
        sign_in(test, "session_authenticate", user.login, user.password),
    )
    return ways


def normalise_message(message, ids):
    """The message with the record ids and the user id replaced, so that the
    answers for two ids compare equal when they tell nothing apart."""
    text = message or ""
    for record_id in ids:
        text = re.sub(rf"\b{record_id}\b", "<id>", text)
    # base's French term: "(Enregistrement : …, Utilisateur : 7)"
    return re.sub(r"(User|Utilisateur)\s*: \d+", r"\1: <uid>", text)


def same_answer(outcome_a, outcome_b, ids):
    """Whether two outcomes tell nothing apart (kind, status, message)."""
    return (
        outcome_a.kind == outcome_b.kind
        and outcome_a.status == outcome_b.status
        and normalise_message(outcome_a.message, ids)
        == normalise_message(outcome_b.message, ids)
        and (outcome_a.kind != "ok" or outcome_a.result == outcome_b.result)
    )
