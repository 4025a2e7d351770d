import traceback

import psycopg2
from werkzeug.exceptions import BadRequest

from odoo import models
from odoo.exceptions import UserError
from odoo.http import request

# What a value of the wrong type or shape raises in Python or PostgreSQL
# when a route uses it unchecked (int("abc"), "²" as an id, a list as a key,
# a number beyond PostgreSQL's integer): a bad request, not a server fault.
_BAD_INPUT_ERRORS = (
    TypeError,
    ValueError,  # UnicodeError included
    KeyError,
    IndexError,
    AttributeError,
    UnboundLocalError,  # a branch of the route left out by the value
    psycopg2.DataError,  # invalid text representation, out of range, NUL
    # an object where SQL expects a value ("can't adapt type 'dict'",
    # an operator undefined for it)
    psycopg2.ProgrammingError,
    # stock routes that validate with ``assert`` (website's layout mode) or
    # compile a template named by the request (website's related views)
    AssertionError,
    SyntaxError,
)


class IrHttp(models.AbstractModel):
    """The net under every route a customer reaches: a request of a portal
    or public user that a route did not validate, and that fails on a value
    of the wrong type or shape, answers 400 (a JSON error of
    ``werkzeug.exceptions.BadRequest`` on a JSON route), never a 500 page
    with a traceback. The transaction is rolled back as for any error, and
    the traceback stays in the server log. The addon's own routes and the
    stock routes its flows use validate their input first (a message on the
    form); this catches the other routes of the installed apps. Internal
    users keep stock's answer (and its traceback, for debugging)."""

    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        if cls._portal_is_customer_bad_input(exception):
            exception = BadRequest(
                request.env._("The request contains a value that is not valid.")
            )
        return super()._handle_error(exception)

    @classmethod
    def _portal_is_customer_bad_input(cls, exception):
        # a template that failed on the value wraps the error (QWebError); a
        # UserError (or AccessError...) raised from it already explains the
        # problem in its own words: kept, whatever it was raised from
        cause = exception
        while (
            cause.__cause__ is not None
            and not isinstance(cause, UserError)
            and not cls._portal_is_bad_input_error(cause)
        ):
            cause = cause.__cause__
        if not cls._portal_is_bad_input_error(cause) or not request.db:
            return False
        try:
            user = request.env.user
            return not user or user._is_public() or user.share
        except Exception:
            request.env.cr.rollback()
            return bool(request.env.user.share or not request.env.uid)

    @classmethod
    def _portal_is_bad_input_error(cls, error):
        """Whether ``error`` is what a value of the wrong type or shape raises.
        A NotImplementedError only when portal's ``_sign_token`` raised it: a
        hash on the message of a document without access token (mail's avatar
        route), a bare 500 of stock's non-website routes otherwise. Any other
        NotImplementedError is a missing feature, not bad input: stock's
        answer."""
        if isinstance(error, _BAD_INPUT_ERRORS):
            return True
        return isinstance(error, NotImplementedError) and any(
            frame.f_code.co_name == "_sign_token"
            for frame, _lineno in traceback.walk_tb(error.__traceback__)
        )
