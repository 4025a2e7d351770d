"""A portal rollout too large for one request: the contacts chosen (and
checked) in the "Portal Rollout" dialog, granted in batches by a scheduled
action that commits each batch (Odoo's cron progress API), so the admin sees
the progress and a failure keeps the batches already done."""

import logging

from psycopg2 import OperationalError
from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.exceptions import UserError

from .portal_date import WholeDate

_logger = logging.getLogger(__name__)


class PortalRolloutJob(models.Model):
    _name = "portal.rollout.job"
    _description = "Portal Rollout"
    _order = "id desc"

    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Done with problems"),
        ],
        required=True,
        default="queued",
        readonly=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        readonly=True,
        ondelete="cascade",
        default=lambda self: self.env.user,
        help="The Portal Access Manager who started the rollout; the contacts "
        "are granted in their name.",
    )
    company_id = fields.Many2one(
        "res.company",
        readonly=True,
        index=True,
        default=lambda self: self._default_company_id(),
        help="The company the rollout was started in: only the users of this "
        "company see it (multi-company record rule).",
    )
    total_count = fields.Integer(string="Contacts", readonly=True)
    done_count = fields.Integer(string="Processed", readonly=True)
    granted_count = fields.Integer(string="Granted", readonly=True)
    kept_count = fields.Integer(
        string="Already in the Portal",
        readonly=True,
        help="Contacts that already had portal access: left as they were.",
    )
    internal_count = fields.Integer(
        string="Kept (Internal Users)",
        readonly=True,
        help="Contacts of internal users (employees): they already have access, "
        "left as they were.",
    )
    failed_count = fields.Integer(string="Not Granted", readonly=True)
    progress = fields.Float(compute="_compute_progress")
    welcome_message = fields.Text(string="Invitation Message", readonly=True)
    access_expiry_date = WholeDate(string="Access Expires", readonly=True)
    pending_partner_ids = fields.Json(
        readonly=True,
        groups="base.group_system",
        help="Ids of the contacts still to grant, in order (technical).",
    )
    outcome = fields.Text(readonly=True)
    date_done = fields.Datetime(string="Finished On", readonly=True)

    def _default_company_id(self):
        return self.env.company

    @api.depends("done_count", "total_count")
    def _compute_progress(self):
        for job in self:
            job.progress = (
                100.0 * job.done_count / job.total_count if job.total_count else 100.0
            )

    @api.depends("total_count")
    def _compute_display_name(self):
        for job in self:
            job.display_name = self.env._(
                "Portal rollout of %(count)s contacts", count=job.total_count
            )

    def action_refresh(self):
        """The form's Refresh button: the form reloads the job as it is now."""
        return True

    @api.model
    def _cron_process_rollouts(self):
        """The scheduled action: grant the pending contacts of every queued
        job, one batch at a time, each batch committed with its progress."""
        cron = self.env["ir.cron"]
        jobs = self.sudo().search([("state", "in", ("queued", "running"))], order="id")
        remaining = sum(len(job.pending_partner_ids or ()) for job in jobs)
        cron._commit_progress(remaining=remaining)
        for job in jobs:
            while job.pending_partner_ids:
                processed = job._process_next_batch()
                job._notify_progress()
                if not cron._commit_progress(processed):
                    # out of time: the scheduler runs this action again at once
                    return
            job._finish()
            job._notify_progress()
            cron._commit_progress()

    def _process_next_batch(self):
        """Grant the next batch of contacts through the portal wizard's own
        bulk grant (its checks, users, groups, queued invitations, audit
        rows), in the requesting admin's name; returns how many contacts it
        processed. The contacts were checked before the job started, but
        someone may have changed them meanwhile: the batch checks them again
        and grants the others; those with a problem now (or archived,
        deleted) are left out, named with why in the outcome. Each contact
        is granted whole or not at all (one savepoint for the batch)."""
        self.ensure_one()
        job = self.sudo()
        pending = job.pending_partner_ids
        batch_ids = pending[: self._get_batch_size()]
        if job.state == "queued":
            job.state = "running"
        vals = {"pending_partner_ids": pending[len(batch_ids) :]}
        partners = self.env["res.partner"].with_user(job.user_id).browse(batch_ids)
        partners = partners.exists()
        try:
            with self.env.cr.savepoint():
                # the contacts changed since the check are left out, named in
                # the outcome; the others are granted
                result = partners.env["portal.rollout"]._grant_partners(
                    partners,
                    job.welcome_message,
                    job.access_expiry_date,
                    skip_problems=True,
                )
        except (SerializationFailure, OperationalError):
            # a concurrent update or a lock timeout: the scheduler retries the
            # whole batch (its savepoint is rolled back)
            raise
        except Exception as error:
            # a problem of the whole batch (no sender address, another
            # module's override refusing it): nothing of it is granted
            if not isinstance(error, UserError):
                # another module's bug while granting: the job must not stay
                # "Running" for ever; the traceback goes to the server log
                _logger.exception("Portal rollout %s: a batch failed", job.id)
            vals["failed_count"] = job.failed_count + len(batch_ids)
            vals["outcome"] = "\n".join(filter(None, [job.outcome, str(error)]))
        else:
            problems = self._get_result_problems(result)
            deleted_ids = sorted(set(batch_ids) - set(partners.ids))
            if deleted_ids:
                problems.append(
                    self.env._(
                        "Contacts deleted since the rollout started, not granted "
                        "(ids): %s",
                        ", ".join(map(str, deleted_ids)),
                    )
                )
            for fname, count in self._get_result_counts(result).items():
                vals[fname] = job[fname] + count
            vals["failed_count"] += len(deleted_ids)
            vals["outcome"] = "\n".join(filter(None, [job.outcome, *problems]))
        vals["done_count"] = job.done_count + len(batch_ids)
        job.write(vals)
        return len(batch_ids)

    def _finish(self):
        """The outcome: on the job, in the portal access log, and told to the
        admin who started it."""
        self.ensure_one()
        job = self.sudo()
        summary = self.env._(
            "%(total)s contacts: %(granted)s granted, %(kept)s already had "
            "portal access, %(failed)s not granted.",
            total=job.total_count,
            granted=job.granted_count,
            kept=job.kept_count,
            failed=job.failed_count,
        )
        if job.internal_count:
            summary += " " + self.env._(
                "%s kept (internal users, who already have access).",
                job.internal_count,
            )
        job.write(
            {
                "state": "failed" if job.failed_count else "done",
                "outcome": "\n".join(filter(None, [summary, job.outcome])),
                "date_done": fields.Datetime.now(),
            }
        )
        self.env["portal.access.log"].with_user(job.user_id)._log_events(
            [{"event": "rollout", "details": job.outcome}], post_note=False
        )
        job._notify_requester()

    def _notify_requester(self):
        """A notification in the admin's browser (Odoo's bus), sent when the
        transaction commits."""
        self.ensure_one()
        self.user_id._bus_send(
            "simple_notification",
            {
                "type": "warning" if self.state == "failed" else "success",
                "title": self.env._("Portal rollout finished"),
                "message": self.outcome.splitlines()[0],
                "sticky": self.state == "failed",
            },
        )

    def _notify_progress(self):
        """Tell the admin's open job form that a batch was committed (Odoo's
        bus, sent with the commit): the progress bar reloads the job
        (static/src/views/portal_rollout_progress_field.js)."""
        self.ensure_one()
        self.user_id._bus_send("portal_rollout_progress", {"job_id": self.id})

    @api.model
    def _get_result_counts(self, result):
        """The job's counters for one grant (portal.rollout._grant_partners)."""
        return {
            "granted_count": len(result["granted"]),
            "kept_count": len(result["kept"]),
            "internal_count": len(result["internal"]),
            "failed_count": len(result["skipped"]),
        }

    @api.model
    def _get_result_problems(self, result):
        """The outcome's lines for the contacts one grant left out: who, and
        why."""
        return [
            problem for problems in result["skipped"].values() for problem in problems
        ]

    def _get_batch_size(self):
        """How many contacts one batch grants (one commit each; overridable)."""
        return 1000
