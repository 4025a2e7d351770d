"""Documents of two customer companies, A and B, in every installed app with
portal documents, and A's read-only portal user: the fixture of the read-only
portal tests."""

from odoo import Command, fields

from .common import make_company_with_contacts, make_portal_user

# category xml id (without module) -> key of the documents dict below
CATEGORY_DOCUMENTS = {
    "sale_quotation": "quotation",
    "sale_order": "order",
    "purchase_rfq": "rfq",
    "purchase_order": "purchase",
    "account_invoice": "invoice",
    "account_bill": "bill",
    "project_project": "project",
    "project_task": "task",
    "hr_timesheet": "timesheet",
    "crm_opportunity": "opportunity",
}


class ReadonlyPortalMixin:
    """setUpClass helpers: call ``_setup_readonly_portal()``."""

    @classmethod
    def _setup_readonly_portal(cls):
        env = cls.env
        cls.readonly_group = env.ref("portal_access_ext.group_portal_readonly")
        cls.company_a, contacts_a = make_company_with_contacts(env, "Acme Ro", 1)
        cls.company_b, contacts_b = make_company_with_contacts(env, "Bravo Ro", 1)
        cls.contact_a, cls.contact_b = contacts_a, contacts_b
        cls.user_a = make_portal_user(
            env,
            "ro.portal.a@example.com",
            partner=contacts_a,
            group_ids=[
                Command.set([env.ref("base.group_portal").id, cls.readonly_group.id])
            ],
        )
        cls.user_b = make_portal_user(
            env, "ro.portal.b@example.com", partner=contacts_b
        )
        cls.docs_a = cls._make_documents(cls.company_a, contacts_a, "A")
        cls.docs_b = cls._make_documents(cls.company_b, contacts_b, "B")
        cls.categories = {
            xmlid: env.ref(f"portal_access_ext.portal_document_category_{xmlid}")
            for xmlid in CATEGORY_DOCUMENTS
        }

    @classmethod
    def _make_documents(cls, company, contact, tag):
        env = cls.env
        docs = {}
        product = env["product.product"].create(
            {"name": f"Ro lamp {tag}", "list_price": 100.0, "type": "consu"}
        )
        if "sale.order" in env:
            quotation, order = env["sale.order"].create(
                [
                    {
                        "partner_id": company.id,
                        "order_line": [
                            Command.create(
                                {"product_id": product.id, "product_uom_qty": q}
                            )
                        ],
                    }
                    for q in (1, 2)
                ]
            )
            quotation.write({"state": "sent"})
            quotation._portal_ensure_token()
            order.action_confirm()
            docs.update(quotation=quotation, order=order)
        if "purchase.order" in env:
            rfq, purchase = env["purchase.order"].create(
                [
                    {
                        "partner_id": company.id,
                        "order_line": [
                            Command.create({"product_id": product.id, "product_qty": q})
                        ],
                    }
                    for q in (3, 4)
                ]
            )
            rfq.write({"state": "sent"})
            purchase.button_confirm()
            docs.update(rfq=rfq, purchase=purchase)
        if "account.move" in env:
            invoice, bill = env["account.move"].create(
                [
                    {
                        "move_type": move_type,
                        "partner_id": company.id,
                        "invoice_date": fields.Date.today(),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "quantity": 1,
                                    "price_unit": 100.0,
                                }
                            )
                        ],
                    }
                    for move_type in ("out_invoice", "in_invoice")
                ]
            )
            (invoice | bill).action_post()
            docs.update(invoice=invoice, bill=bill)
        if "project.project" in env:
            project = env["project.project"].create(
                {
                    "name": f"Ro project {tag}",
                    "partner_id": company.id,
                    "privacy_visibility": "portal",
                }
            )
            project.message_subscribe(partner_ids=contact.ids)
            task = env["project.task"].create(
                {
                    "name": f"Ro task {tag}",
                    "project_id": project.id,
                    "partner_id": company.id,
                }
            )
            task.message_subscribe(partner_ids=contact.ids)
            docs.update(project=project, task=task)
            if "hr.employee" in env and "account.analytic.line" in env:
                employee = env["hr.employee"].create({"name": f"Ro worker {tag}"})
                docs["timesheet"] = env["account.analytic.line"].create(
                    {
                        "name": f"Ro work {tag}",
                        "project_id": project.id,
                        "task_id": task.id,
                        "employee_id": employee.id,
                        "unit_amount": 2.0,
                    }
                )
        if "crm.lead" in env:
            docs["opportunity"] = env["crm.lead"].create(
                {
                    "name": f"Ro opportunity {tag}",
                    "type": "opportunity",
                    "partner_id": company.id,
                    **(
                        {"partner_assigned_id": company.id}
                        if "partner_assigned_id" in env["crm.lead"]._fields
                        else {}
                    ),
                }
            )
        return docs

    def _installed_categories(self):
        """(xml id, category, A's document, B's document) of every available
        category with test documents."""
        return [
            (xmlid, self.categories[xmlid], self.docs_a[key], self.docs_b[key])
            for xmlid, key in CATEGORY_DOCUMENTS.items()
            if self.categories[xmlid].is_available and key in self.docs_a
        ]
