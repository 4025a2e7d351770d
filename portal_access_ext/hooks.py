"""Install hooks.

Demo documents are created in Python rather than XML because each one belongs to
an app this addon does not depend on: they are made only for the apps that are
installed, so the demo customer sees documents on /my whatever the database has.
"""

import logging

from odoo import Command

_logger = logging.getLogger(__name__)


def post_init_hook(env):
    customer = env.ref(
        "portal_access_ext.demo_partner_customer", raise_if_not_found=False
    )
    if customer:
        _create_demo_documents(env, customer.commercial_partner_id, customer)


def _create_demo_documents(env, company_partner, contact):
    product = None
    if "product.product" in env:
        product = env["product.product"].create(
            {"name": "Harbor lamp (demo)", "list_price": 120.0, "type": "consu"}
        )
    if product and "sale.order" in env:
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": company_partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty}
                        )
                    ],
                }
                for qty in (3, 5, 8)
            ]
        )
        # the portal lists quotations once they are sent, orders once confirmed
        orders[0].write({"state": "sent"})
        orders[1:].action_confirm()
    if product and "account.move" in env:
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1
        )
        if journal:
            invoices = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": company_partner.id,
                        "journal_id": journal.id,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "quantity": qty,
                                    "price_unit": 120.0,
                                }
                            )
                        ],
                    }
                    for qty in (2, 4)
                ]
            )
            invoices.action_post()
        else:
            _logger.info("portal_access_ext demo: no sales journal, no demo invoices")
    if product and "purchase.order" in env:
        env["purchase.order"].create(
            {
                "partner_id": company_partner.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_qty": 10})
                ],
            }
        ).button_confirm()
    if "project.project" in env:
        project = env["project.project"].create(
            {
                "name": "Harbor Lights lighting plan (demo)",
                "partner_id": company_partner.id,
                "privacy_visibility": "portal",
            }
        )
        project.message_subscribe(partner_ids=contact.ids)
        env["project.task"].create(
            [
                {
                    "name": name,
                    "project_id": project.id,
                    "partner_id": company_partner.id,
                }
                for name in ("Survey the quay", "Install lamps")
            ]
        )


def uninstall_hook(env):
    """Remove the demo documents the install hook made, before the demo contacts
    they point to are deleted (documents are not owned by XML ids, and a posted
    invoice or a confirmed order cannot simply be unlinked)."""
    # The case-insensitive login index (res_users_login.py) is not an ORM
    # constraint: Odoo would leave it behind.
    env["res.users"]._portal_drop_login_indexes()
    company = env.ref(
        "portal_access_ext.demo_partner_company", raise_if_not_found=False
    )
    if not company:
        return
    partner_domain = [("partner_id", "child_of", company.id)]
    if "account.move" in env:
        invoices = env["account.move"].search(partner_domain)
        invoices.filtered(lambda m: m.state == "posted").button_draft()
        # unlink the most recent first: the sequence chain may only lose its end
        invoices.sorted("id", reverse=True).with_context(force_delete=True).unlink()
    if "sale.order" in env:
        orders = env["sale.order"].search(partner_domain)
        orders.filtered(lambda o: o.state != "cancel")._action_cancel()
        orders.unlink()
    if "purchase.order" in env:
        purchases = env["purchase.order"].search(partner_domain)
        purchases.button_cancel()
        purchases.unlink()
    if "project.project" in env:
        env["project.project"].search(partner_domain).with_context(
            active_test=False
        ).unlink()
    if "product.product" in env:
        env["product.product"].search(
            [("name", "=", "Harbor lamp (demo)")]
        ).product_tmpl_id.unlink()
