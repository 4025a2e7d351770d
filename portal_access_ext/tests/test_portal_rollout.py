import json
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo import sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .admin_common import AdminCase
from .common import make_company_with_contacts
from .security_cases import SecurityCaseMixin


@tagged("post_install", "-at_install")
class TestPortalRollout(SecurityCaseMixin, AdminCase):
    security_family = "Delegation"
    security_entry_point = "orm"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rollout = cls.env.registry["portal.rollout"]
        cls.Job = cls.env.registry["portal.rollout.job"]
        cls.cron = cls.env.ref("portal_access_ext.ir_cron_portal_rollout")

    def rollout(self, partners=None, user=None, **context):
        """The dialog as the Action menu of the contacts list opens it."""
        if partners is not None:
            context.setdefault("active_ids", partners.ids)
        return (
            self.env["portal.rollout"]
            .with_user(user or self.admin)
            .with_context(active_model="res.partner", **context)
            .create({})
        )

    def small_limit(self, sync_limit=2, batch_size=2):
        """A large rollout without thousands of contacts: the overridable
        limits lowered."""
        self.startPatcher(
            patch.object(self.Rollout, "_get_sync_limit", return_value=sync_limit)
        )
        self.startPatcher(
            patch.object(self.Job, "_get_batch_size", return_value=batch_size)
        )

    def run_cron(self):
        """The scheduled action, run as the scheduler runs it (its own
        cursor, each batch committed: a savepoint in a test)."""
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def jobs(self):
        return self.env["portal.rollout.job"].search([])

    def problem_contacts(self):
        """One contact per problem the wizard finds, and one good contact."""
        Partner = self.env["res.partner"]
        self.make_portal(
            Partner.create({"name": "Clash Owner", "email": "clash@rollout.example"})
        )
        internal = new_test_user(
            self.env,
            login="portal_rollout_internal",
            groups="base.group_user",
            email="internal@rollout.example",
        )
        return {
            "no_email": Partner.create({"name": "Rollout NoEmail"}),
            "invalid": Partner.create({"name": "Rollout Invalid", "email": "not-mail"}),
            "clash": Partner.create(
                {"name": "Rollout Clash", "email": "  CLASH@Rollout.example "}
            ),
            "internal": internal.partner_id,
            "company": Partner.create({"name": "Rollout Company", "is_company": True}),
            "good": Partner.create(
                {"name": "Rollout Good", "email": "good@rollout.example"}
            ),
        }

    def assertAllProblems(self, error, contacts):
        message = str(error.exception)
        self.assertTrue(message.startswith("Nothing was changed:"), message)
        for key, partner in contacts.items():
            if key not in ("good", "internal"):
                self.assertIn(partner.name, message)
        self.assertIn("missing or invalid email address (empty)", message)
        self.assertIn("missing or invalid email address (not-mail)", message)
        self.assertIn("already the login of another user", message)
        # an internal user is kept as it is, not a problem (stock's wizard
        # grants it nothing either)
        self.assertNotIn("internal", message)
        self.assertNotIn(contacts["internal"].name, message)
        self.assertNotIn("Rollout Good", message)

    # validation

    def test_every_problem_listed_nothing_granted(self):
        """Test that a rollout lists every problem at once and grants nobody."""
        contacts = self.problem_contacts()
        partners = self.env["res.partner"].concat(*contacts.values())
        rollout = self.rollout(partners)
        self.assertEqual(rollout.contact_count, 6)
        with self.assertRaises(UserError) as error:
            rollout.action_rollout()
        self.assertAllProblems(error, contacts)
        self.assertFalse(contacts["good"].with_context(active_test=False).user_ids)
        self.assertFalse(self.jobs())

    def test_every_problem_listed_before_a_background_rollout(self):
        """Test that a rollout too large for the request is checked whole
        first: every problem listed, no job, nobody granted."""
        self.small_limit()
        contacts = self.problem_contacts()
        partners = self.env["res.partner"].concat(*contacts.values())
        with self.assertRaises(UserError) as error:
            self.rollout(partners).action_rollout()
        self.assertAllProblems(error, contacts)
        self.assertFalse(contacts["good"].with_context(active_test=False).user_ids)
        self.assertFalse(self.jobs())
        self.assertFalse(
            self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])
        )

    def test_past_expiry_date_refused(self):
        """Test that an expiry date in the past is refused for every contact."""
        rollout = self.rollout(self.contacts)
        rollout.access_expiry_date = "2000-01-01"
        with self.assertRaisesRegex(UserError, "is in the past"):
            rollout.action_rollout()
        self.assertFalse(self.contacts.user_ids)

    def test_empty_selection_refused(self):
        """Test that a rollout without contacts says so."""
        with self.assertRaisesRegex(UserError, "No contacts are selected"):
            self.rollout(self.env["res.partner"]).action_rollout()

    def test_nul_in_message_is_dropped(self):
        """Test that a NUL in the invitation message is dropped, not a crash."""
        rollout = self.rollout(self.contacts[:1])
        rollout.welcome_message = "Hello\x00 there"
        rollout.flush_recordset()
        self.assertEqual(rollout.welcome_message, "Hello there")

    # a rollout in the request

    def test_small_rollout_grants_in_request(self):
        """Test that a small rollout grants in the request, keeps users who
        have access, and ends with its outcome logged."""
        kept = self.make_portal(self.contacts[2])
        rollout = self.rollout(self.contacts)
        rollout.welcome_message = "Welcome aboard"
        action = rollout.action_rollout()
        job = self.env["portal.rollout.job"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "portal.rollout.job")
        self.assertEqual(job.state, "done")
        self.assertEqual(
            (job.total_count, job.granted_count, job.kept_count), (3, 2, 1)
        )
        self.assertEqual(job.progress, 100.0)
        self.assertEqual(job.user_id, self.admin)
        for partner in self.contacts[:2]:
            self.assertTrue(partner.user_ids._is_portal())
            self.assertTrue(partner.user_ids.portal_invite_pending)
            self.assertEqual(partner.user_ids.portal_invite_message, "Welcome aboard")
        self.assertEqual(self.contacts[2].user_ids, kept)
        log = self.env["portal.access.log"].search([("event", "=", "rollout")])
        self.assertEqual(len(log), 1)
        self.assertEqual(log.author_id, self.admin)
        self.assertTrue(
            log.details.startswith(
                "3 contacts: 2 granted, 1 already had portal access, 0 not granted."
            ),
            log.details,
        )

    # a rollout in the background

    def test_large_rollout_runs_in_batches(self):
        """Test that a large rollout is granted by the scheduled action in
        batches, its outcome logged, the invitations queued, not sent."""
        self.small_limit(sync_limit=2, batch_size=2)
        company, contacts = make_company_with_contacts(self.env, "Rollout Big", 5)
        self.make_portal(contacts[4])
        action = self.rollout(contacts).action_rollout()
        job = self.env["portal.rollout.job"].browse(action["res_id"])
        self.assertEqual((job.state, job.total_count, job.done_count), ("queued", 5, 0))
        self.assertFalse(contacts[:4].user_ids, "nothing granted in the request")
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)]),
            "the scheduled action is triggered at once",
        )

        # one batch: two contacts
        job._process_next_batch()
        self.assertEqual(
            (job.state, job.done_count, job.granted_count), ("running", 2, 2)
        )
        self.assertEqual(job.progress, 40.0)
        self.assertEqual(len(contacts.user_ids), 3)

        # the scheduler does the rest, one committed batch at a time
        self.run_cron()
        self.assertEqual(job.state, "done")
        self.assertEqual(
            (job.done_count, job.granted_count, job.kept_count, job.failed_count),
            (5, 4, 1, 0),
        )
        self.assertEqual(job.progress, 100.0)
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", self.cron.id)], order="id desc", limit=1
        )
        self.assertEqual((progress.done, progress.remaining), (3, 0))
        self.assertTrue(all(contacts.user_ids.mapped(lambda u: u._is_portal())))
        grants = self.env["portal.access.log"].search(
            [("event", "=", "grant"), ("partner_id", "in", contacts.ids)]
        )
        self.assertEqual(grants.partner_id, contacts[:4])
        self.assertEqual(set(grants.author_id), {self.admin})
        log = self.env["portal.access.log"].search([("event", "=", "rollout")])
        self.assertTrue(log.details.startswith("5 contacts: 4 granted, 1 already"))
        notification = self.env["bus.bus"].search(
            [("message", "like", "Portal rollout finished")]
        )
        self.assertEqual(len(notification), 1, "the admin is told, once")
        self.assertIn("5 contacts: 4 granted", notification.message)

        # invitations: rendered into the mail queue by the invitation job, sent
        # later by the mail queue's own job
        users = contacts[:4].user_ids
        self.assertTrue(all(users.mapped("portal_invite_pending")))
        self.env["res.users"]._cron_send_portal_invitations()
        mails = self.env["mail.mail"].search(
            [("model", "=", "res.users"), ("res_id", "in", users.ids)]
        )
        self.assertEqual(len(mails), 4)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})

    def test_background_batch_problem_reported(self):
        """Test that a contact changed after the check is left out of its
        batch, the others of the batch granted, and the problem in the
        outcome."""
        self.small_limit(sync_limit=2, batch_size=2)
        company, contacts = make_company_with_contacts(self.env, "Rollout Late", 4)
        action = self.rollout(contacts).action_rollout()
        job = self.env["portal.rollout.job"].browse(action["res_id"])
        contacts[3].email = "broken"
        self.run_cron()
        self.assertEqual(job.state, "failed")
        self.assertEqual((job.granted_count, job.failed_count), (3, 1))
        self.assertIn(
            f"{contacts[3].display_name}: missing or invalid email address (broken)",
            job.outcome,
        )
        self.assertEqual(contacts.user_ids.partner_id, contacts[:3])
        self.assertFalse(
            contacts[3].with_context(active_test=False).user_ids,
            "no user half-made for the contact left out",
        )

    def test_background_batch_skips_changed_contacts(self):
        """Test that a batch whose contacts changed after the check (login
        clash, archived, internal user, deleted, same email as another)
        grants the others and names each one left out, with why, in the
        job's outcome and the access log."""
        self.small_limit(sync_limit=2, batch_size=10)
        company, contacts = make_company_with_contacts(self.env, "Rollout Drift", 8)
        clash, archived, employee, deleted, twin_a, twin_b = contacts[2:]
        action = self.rollout(contacts).action_rollout()
        job = self.env["portal.rollout.job"].browse(action["res_id"])
        self.assertEqual(job.company_id, self.env.company)

        # meanwhile, in the contacts
        self.make_portal(
            self.env["res.partner"].create(
                {"name": "Drift Owner", "email": "drift.owner@drift.example"}
            )
        )
        clash.email = " DRIFT.owner@drift.example"
        archived.active = False
        new_test_user(
            self.env,
            login="rollout_drift_employee",
            groups="base.group_user",
            partner_id=employee.id,
        )
        deleted_id = deleted.id
        deleted.unlink()
        twin_a.email = twin_b.email = "twins@drift.example"

        self.run_cron()
        self.assertEqual(job.state, "failed")
        self.assertEqual(
            (
                job.done_count,
                job.granted_count,
                job.kept_count,
                job.internal_count,
                job.failed_count,
            ),
            (8, 3, 0, 1, 4),
        )
        granted = contacts[:2] | twin_a
        users = granted.user_ids
        self.assertEqual(users.partner_id, granted)
        self.assertTrue(all(users.mapped(lambda user: user._is_portal())))
        for partner in (clash, archived, twin_b):
            self.assertFalse(
                partner.with_context(active_test=False).user_ids,
                f"{partner.name}: no user, nothing half-done",
            )
        self.assertFalse(employee.user_ids._is_portal(), "the employee is kept")
        self.assertTrue(employee.user_ids._is_internal())
        self.assertEqual(
            self.env["portal.access.log"]
            .search([("event", "=", "grant"), ("partner_id", "in", contacts.ids)])
            .partner_id,
            granted,
        )
        log = self.env["portal.access.log"].search([("event", "=", "rollout")])
        self.assertEqual(log.details, job.outcome)
        outcome = job.outcome
        self.assertTrue(
            outcome.startswith(
                "8 contacts: 3 granted, 0 already had portal access, 4 not granted. "
                "1 kept (internal users, who already have access)."
            ),
            outcome,
        )
        self.assertIn(
            f"{clash.display_name}: drift.owner@drift.example is already the login "
            "of another user",
            outcome,
        )
        self.assertIn(f"{archived.name} is archived: not granted.", outcome)
        self.assertIn(
            "Contacts deleted since the rollout started, not granted (ids): "
            f"{deleted_id}",
            outcome,
        )
        self.assertIn(
            f"{twin_a.display_name} and {twin_b.display_name} have the same email "
            "address twins@drift.example.",
            outcome,
        )
        self.assertNotIn(employee.name, outcome)

    def _changed_batch_query_count(self, size, tag):
        company, contacts = make_company_with_contacts(self.env, f"Drift {tag}", size)
        action = self.rollout(contacts).action_rollout()
        job = self.env["portal.rollout.job"].browse(action["res_id"])
        contacts[0].email = "broken"  # changed after the check
        self.env.flush_all()
        self.env.invalidate_all()
        before = sql_db.sql_counter
        job._process_next_batch()
        self.env.flush_all()
        self.assertEqual((job.granted_count, job.failed_count), (size - 1, 1))
        return sql_db.sql_counter - before

    def test_changed_batch_queries_do_not_grow_with_contacts(self):
        """Test that a batch with a changed contact, checked again line by
        line, runs as many SQL queries for 30 contacts as for 5."""
        self.small_limit(sync_limit=2, batch_size=100)
        self._changed_batch_query_count(3, "warm")  # first-use caches
        small = self._changed_batch_query_count(5, "small")
        large = self._changed_batch_query_count(30, "large")
        # a few queries of slack, as the wizard's Apply test
        self.assertLessEqual(large, small + 5, f"5 contacts: {small}, 30: {large}")

    def test_background_batch_concurrency_error_retried(self):
        """Test that a concurrency error in a batch still goes to the
        scheduler (which retries the batch), nothing of the batch kept."""
        self.small_limit(sync_limit=2, batch_size=10)
        company, contacts = make_company_with_contacts(self.env, "Rollout Retry", 3)
        action = self.rollout(contacts).action_rollout()
        job = self.env["portal.rollout.job"].browse(action["res_id"])
        error = SerializationFailure("could not serialize access")
        with (
            patch.object(
                self.env.registry["portal.wizard"],
                "action_apply",
                side_effect=error,
            ),
            self.assertRaises(SerializationFailure),
        ):
            job._process_next_batch()
        self.assertFalse(contacts.user_ids)
        self.assertEqual(len(job.pending_partner_ids), 3)

    # internal users (the contacts of employees, e.g. in a Select all)

    def test_internal_users_kept_not_blocking(self):
        """Test that the contacts of internal users are counted as kept, not a
        problem: the others are granted, the internal users unchanged."""
        company, contacts = make_company_with_contacts(self.env, "Rollout Staff", 3)
        employee = new_test_user(
            self.env,
            login="rollout_staff_employee",
            groups="base.group_user",
            partner_id=contacts[0].id,
        )
        rollout = self.rollout(active_domain=[("parent_id", "=", company.id)])
        self.assertEqual(rollout.contact_count, 3)
        action = rollout.action_rollout()
        job = self.env["portal.rollout.job"].browse(action["res_id"])
        self.assertEqual(job.state, "done")
        self.assertEqual(
            (job.granted_count, job.kept_count, job.internal_count, job.failed_count),
            (2, 0, 1, 0),
        )
        self.assertTrue(
            job.outcome.startswith(
                "3 contacts: 2 granted, 0 already had portal access, 0 not granted. "
                "1 kept (internal users, who already have access)."
            ),
            job.outcome,
        )
        self.assertTrue(all(contacts[1:].user_ids.mapped(lambda u: u._is_portal())))
        self.assertEqual(contacts[0].user_ids, employee)
        self.assertTrue(employee._is_internal())
        self.assertFalse(employee._is_portal())

    def test_internal_users_kept_in_background_rollout(self):
        """Test that a background rollout with internal users' contacts is
        accepted and keeps them, the others granted in batches."""
        self.small_limit(sync_limit=2, batch_size=2)
        company, contacts = make_company_with_contacts(self.env, "Rollout Staff2", 4)
        employee = new_test_user(
            self.env,
            login="rollout_staff2_employee",
            groups="base.group_user",
            partner_id=contacts[1].id,
        )
        action = self.rollout(contacts).action_rollout()
        job = self.env["portal.rollout.job"].browse(action["res_id"])
        self.run_cron()
        self.assertEqual(job.state, "done")
        self.assertEqual(
            (job.granted_count, job.internal_count, job.failed_count), (3, 1, 0)
        )
        self.assertEqual(contacts[1].user_ids, employee)
        self.assertFalse(employee._is_portal())
        self.assertEqual(len(contacts.user_ids), 4)

    # access

    def test_non_manager_refused(self):
        """Test that a contact manager who is no Portal Access Manager can
        neither open the rollout nor run one."""
        clerk = new_test_user(
            self.env,
            login="portal_rollout_clerk",
            groups="base.group_user,base.group_partner_manager",
        )
        Rollout = self.env["portal.rollout"].with_user(clerk)
        for attempt in (
            lambda: Rollout.default_get(["partner_ids"]),
            lambda: self.rollout(self.contacts, user=clerk),
            lambda: self.rollout(self.contacts).with_user(clerk).action_rollout(),
        ):
            with self.assertRaises(AccessError) as error:
                attempt()
            self.assertBlocked(
                "Portal Access Manager" in str(error.exception),
                str(error.exception),
            )
        self.assertBlocked(
            not self.contacts.user_ids and not self.jobs(),
            "nothing granted, no job",
        )
        bindings = self.env["ir.actions.actions"].with_user(clerk)
        action = self.env.ref("portal_access_ext.portal_rollout_action")
        clerk_ids = [a["id"] for a in bindings.get_bindings("res.partner")["action"]]
        self.assertNotIn(action.id, clerk_ids)
        admin_ids = [
            a["id"]
            for a in bindings.with_user(self.admin).get_bindings("res.partner")[
                "action"
            ]
        ]
        self.assertIn(action.id, admin_ids)

    # Select all: the list's filter instead of ids

    def test_active_domain_without_ids(self):
        """Test that all the contacts matching the list's filter are rolled out
        from the filter alone, without their ids."""
        company, contacts = make_company_with_contacts(self.env, "Rollout Domain", 4)
        domain = [("parent_id", "=", company.id)]
        rollout = self.rollout(active_domain=domain)
        self.assertFalse(rollout.partner_ids)
        self.assertTrue(rollout.partner_domain)
        self.assertEqual(rollout.contact_count, 4)
        rollout.action_rollout()
        self.assertEqual(len(contacts.user_ids), 4)
        self.assertFalse(company.user_ids)

    def test_active_domain_with_all_ids_kept_as_filter(self):
        """Test that Select all (every matching id plus the filter) keeps the
        filter, and a partial selection keeps its ids."""
        company, contacts = make_company_with_contacts(self.env, "Rollout Sel", 3)
        domain = [("parent_id", "=", company.id)]
        everything = self.rollout(contacts, active_domain=domain)
        self.assertTrue(everything.partner_domain)
        self.assertFalse(everything.partner_ids)
        some = self.rollout(contacts[:2], active_domain=domain)
        self.assertFalse(some.partner_domain)
        self.assertEqual(some.partner_ids, contacts[:2])
        some.action_rollout()
        self.assertEqual(len(contacts.user_ids), 2)
        self.assertFalse(contacts[2].user_ids)

    @mute_logger("odoo.sql_db")
    def test_unknown_field_or_bad_value_in_filter_refused(self):
        """Test that a filter naming an unknown field (a module uninstalled
        since) or a value the database refuses gets a clear error naming the
        problem, from the list's filter or written directly, nothing created."""
        Rollout = self.env["portal.rollout"].with_user(self.admin)
        before = Rollout.search_count([])
        cases = [
            ([("no_such_field", "=", 1)], "no_such_field"),
            ([("parent_id.no_such_field", "=", 1)], "no_such_field"),
            ([("id", "=", "abc")], "abc"),
            ([("id", "in", ["abc"])], "abc"),
            ([("create_date", ">", "not a date")], "not a date"),
        ]
        for domain, named in cases:
            with self.subTest(domain=domain):
                # assertRaises (not ...Regex): Odoo's rolls back what the call
                # wrote, as a request's error does
                with self.assertRaises(UserError) as error:
                    self.rollout(active_domain=domain)
                self.assertIn("could not be read", str(error.exception))
                self.assertIn(named, str(error.exception))
                with self.assertRaises(UserError) as error:
                    Rollout.create({"partner_domain": json.dumps(domain)})
                self.assertIn("could not be read", str(error.exception))
                self.assertIn(named, str(error.exception))
        self.assertEqual(Rollout.search_count([]), before)
        self.assertFalse(self.jobs())
        # the transaction is still usable (no aborted SQL statement)
        self.assertTrue(self.rollout(self.contacts).action_rollout())

    def test_bad_active_domain_refused(self):
        """Test that an unreadable filter gets a clear error."""
        for domain in ([("no_such_field", "=", 1)], ["|"], [("name", "=", b"x")]):
            with self.assertRaisesRegex(UserError, "could not be read"):
                self.rollout(active_domain=domain)
        rollout = self.rollout(self.contacts)
        for written in ("not json", '["|"]', "[1, 2]"):
            with self.assertRaisesRegex(UserError, "could not be read"):
                rollout.write({"partner_domain": written})
                rollout.action_rollout()
        self.assertFalse(self.contacts.user_ids)
