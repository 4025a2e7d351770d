import json
import re

from odoo.tests import HttpCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import make_portal_user
from .security_cases import SecurityCaseMixin

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestPortalSessions(SecurityCaseMixin, HttpCase):
    security_family = "Isolation"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = make_portal_user(cls.env, "portal_sess_alice")
        cls.bob = make_portal_user(cls.env, "portal_sess_bob")

    def _open_session(self, user):
        """A real session of this user, its device logged by a first page."""
        self.session = None  # keep the previous one (authenticate deletes it)
        # HttpCase sessions disable stock's device log: turned back on
        self.authenticate(
            user.login,
            f"{user.login}-Pass-1234!",
            session_extra={"_trace_disable": False},
        )
        response = self.url_open("/my/security")
        self.assertEqual(response.status_code, 200)
        return self.session, response

    def _device(self, session):
        return (
            self.env["res.device"]
            .sudo()
            .search([("session_identifier", "=", session.sid[:42])], limit=1)
        )

    def _end(self, device_id, csrf=True):
        page = self.url_open("/my/security")
        data = {"device_id": device_id}
        if csrf:
            data["csrf_token"] = CSRF.search(page.text).group(1)
        return self.url_open(
            "/my/security/sign_ins/end", data=data, allow_redirects=False
        )

    def test_page_lists_own_sign_ins(self):
        """Test that /my/security lists the customer's own sign-ins, not another's."""
        bob_session, _page = self._open_session(self.bob)
        first, _page = self._open_session(self.alice)
        _current, page = self._open_session(self.alice)
        self.assertIn("Recent Sign-ins", page.text)
        self.assertIn("This session", page.text)
        self.assertIn(f'data-device-id="{self._device(first).id}"', page.text)
        self.assertNotIn(f'data-device-id="{self._device(bob_session).id}"', page.text)
        self.assertIn("127.0.0.1", page.text)

    def test_end_other_session(self):
        """Test that a customer ends another of their sessions: it is refused afterwards."""
        first, _page = self._open_session(self.alice)
        current, _page = self._open_session(self.alice)
        device = self._device(first)
        response = self._end(str(device.id))
        self.assertEqual(response.status_code, 303)
        self.assertIn("sign_in_ended=1", response.headers["Location"])
        self.assertTrue(self.env["res.device.log"].sudo().browse(device.id).revoked)
        # the ended session no longer opens the portal; the current one does
        self.opener.cookies.clear()
        self.opener.cookies["session_id"] = first.sid
        response = self.url_open("/my/security", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        self.opener.cookies.clear()
        self.opener.cookies["session_id"] = current.sid
        self.assertEqual(self.url_open("/my/security").status_code, 200)

    @mute_logger("odoo.http")
    def test_other_customer_device_refused_as_missing(self):
        """Test that another customer's session id is answered like a missing one."""
        bob_session, _page = self._open_session(self.bob)
        self._open_session(self.alice)
        bob_device = self._device(bob_session)
        other = self._end(str(bob_device.id))
        missing = self._end("987654321")
        self.assertBlocked(
            other.status_code == 404 and missing.status_code == 404,
            f"another's: {other.status_code}, missing: {missing.status_code}",
            entry_point="web",
        )
        self.assertFalse(
            self.env["res.device.log"].sudo().browse(bob_device.id).revoked
        )

    @mute_logger("odoo.http")
    def test_bad_ids_are_4xx(self):
        """Test that malformed session ids get a 4xx and change nothing."""
        first, _page = self._open_session(self.alice)
        self._open_session(self.alice)
        for bad in ("", "abc", "-1", "1.5", "1\x00", "9" * 40, " 1"):
            response = self._end(bad)
            self.assertBlocked(
                400 <= response.status_code < 500,
                f"{bad!r}: {response.status_code}",
                family="Bad input",
            )
        self.assertFalse(self._device(first).revoked)

    @mute_logger("odoo.http")
    def test_end_session_needs_csrf(self):
        """Test that ending a session without a CSRF token is refused."""
        first, _page = self._open_session(self.alice)
        self._open_session(self.alice)
        response = self._end(str(self._device(first).id), csrf=False)
        self.assertBlocked(
            response.status_code in (400, 403),
            f"no token: {response.status_code}",
            family="CSRF",
        )
        self.assertTrue(self._device(first))

    def _web_authenticate(self, user):
        self.session = None
        self.authenticate(None, None, session_extra={"_trace_disable": False})
        response = self.url_open(
            "/web/session/authenticate",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "params": {
                        "db": get_db_name(),
                        "login": user.login,
                        "password": f"{user.login}-Pass-1234!",
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.json()["result"]["uid"], user.id)

    def _alerts(self):
        return (
            self.env["mail.mail"]
            .sudo()
            .search_count(
                [
                    ("email_to", "ilike", self.alice.email),
                    ("subject", "=", "New Connection to your Account"),
                ]
            )
        )

    def test_new_device_alert(self):
        """Test that a sign-in from a new device emails the customer, once, when on."""
        self._web_authenticate(self.alice)  # off by default
        self.assertEqual(self._alerts(), 0)
        self.env["res.device.log"].sudo().search(
            [("user_id", "=", self.alice.id)]
        ).unlink()
        self.env["ir.config_parameter"].sudo().set_param(
            "portal_access_ext.new_device_alert", "True"
        )
        self._web_authenticate(self.alice)
        self.assertEqual(self._alerts(), 1)
        self.url_open("/my/security")  # the device is logged
        self.assertTrue(
            self.env["res.device.log"].sudo().search([("user_id", "=", self.alice.id)])
        )
        self._web_authenticate(self.alice)  # same browser again
        self.assertEqual(self._alerts(), 1)
