"""19.0.1.1.0: the access log keeps the contact's name (partner_name), so that
its rows outlive the contact: fill it for the rows logged before."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE portal_access_log log
           SET partner_name = partner.name
          FROM res_partner partner
         WHERE partner.id = log.partner_id
           AND log.partner_name IS NULL
        """
    )
