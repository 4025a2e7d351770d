"""Fixtures shared by the addon's tests: companies, contacts and portal users
built by the tests themselves, never taken from demo data."""

from contextlib import contextmanager
from unittest.mock import patch

from odoo import Command, sql_db
from odoo.tests import new_test_user


def make_portal_user(env, login, partner=None, name=None, **values):
    """Create an active portal user (optionally on an existing contact)."""
    vals = {
        "login": login,
        "name": name or login,
        "email": values.pop("email", login if "@" in login else f"{login}@example.com"),
        "password": values.pop("password", f"{login}-Pass-1234!"),
        "group_ids": [Command.set([env.ref("base.group_portal").id])],
    }
    if partner:
        vals["partner_id"] = partner.id
    vals.update(values)
    return env["res.users"].with_context(no_reset_password=True).create(vals)


def make_company_with_contacts(env, name, count, email_domain=None):
    """Create a company contact and `count` child contacts, in one batch."""
    domain = email_domain or name.lower().replace(" ", "-") + ".example.com"
    company = env["res.partner"].create(
        {"name": name, "is_company": True, "email": f"info@{domain}"}
    )
    children = env["res.partner"].create(
        [
            {
                "name": f"{name} Contact {i}",
                "parent_id": company.id,
                "type": "contact",
                "email": f"contact{i}@{domain}",
            }
            for i in range(count)
        ]
    )
    return company, children


def make_admin(env, login="portal_admin"):
    """An internal user with the contact-manager and settings rights an admin has."""
    return new_test_user(
        env,
        login=login,
        groups="base.group_user,base.group_partner_manager,base.group_system",
        email=f"{login}@example.com",
    )


def make_customer_admin(env, company, login="portal_team_admin", **limits):
    """A portal user of `company` made its customer administrator, with the
    vendor's limits `limits` set on the company."""
    contact = env["res.partner"].create(
        {"name": "Team Admin", "email": f"{login}@example.com", "parent_id": company.id}
    )
    if limits:
        company.write({f"portal_team_{key}": value for key, value in limits.items()})
    return make_portal_user(
        env,
        f"{login}@example.com",
        partner=contact,
        name="Team Admin",
        portal_customer_admin=True,
    )


def make_clerk(env, login, password):
    """An internal user with Contact Creation and Access Rights but not the
    Portal Access Manager group: who must be refused everything portal."""
    return new_test_user(
        env,
        login=login,
        password=password,
        groups="base.group_user,base.group_partner_manager,base.group_erp_manager",
        email=f"{login}@example.com",
    )


@contextmanager
def queries_on(*tables):
    """The SQL queries run on any of ``tables`` inside the block (an HttpCase's
    server runs them on this process's test cursor)."""
    queries = []
    execute = sql_db.Cursor.execute
    quoted = [f'"{table}"' for table in tables]

    def logged(cursor, query, params=None, log_exceptions=True):
        code = str(getattr(query, "code", query))
        if any(table in code for table in quoted):
            queries.append(code)
        return execute(cursor, query, params, log_exceptions)

    with patch.object(sql_db.Cursor, "execute", logged):
        yield queries
