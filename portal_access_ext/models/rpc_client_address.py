"""The client's address of an XML-RPC / JSON-RPC call, for the sign-in
throttle (models/res_users_throttle.py) to count RPC passwords per user and
address as it does on the login form: with the address unknown, five wrong
passwords from anyone who only knows a login would lock its owner out of RPC.

Why a wrapper of ``odoo.http.borrow_request`` rather than a controller
override: stock's ``dispatch_rpc`` takes the request off the stack with it
before the model runs, and ``/xmlrpc`` and ``/jsonrpc`` are served from the
routing map without a database (server-wide modules only), where no addon's
controller takes part. The wrapper only notes the address; it changes nothing
else and is harmless in a database without this addon. It takes effect once
a registry with the addon is loaded in the process: the very first RPC call
of a worker that loads it counts under the address "n/a", as before."""

import contextlib
import contextvars

from odoo import http

RPC_CLIENT_ADDRESS = contextvars.ContextVar("portal_rpc_client_address", default=None)

# Stock's function, kept to be called by ours (the module may be reloaded:
# never wrap the wrapper).
_stock_borrow_request = getattr(
    http.borrow_request, "_portal_stock", http.borrow_request
)


@contextlib.contextmanager
def borrow_request():
    """Stock's ``borrow_request``, with the request's client address noted
    for the duration of the call."""
    address = (
        http.request.httprequest.environ.get("REMOTE_ADDR") if http.request else None
    )
    token = RPC_CLIENT_ADDRESS.set(address)
    try:
        with _stock_borrow_request() as request:
            yield request
    finally:
        RPC_CLIENT_ADDRESS.reset(token)


borrow_request._portal_stock = _stock_borrow_request
http.borrow_request = borrow_request
