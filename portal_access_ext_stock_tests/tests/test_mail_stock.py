"""Stock mail's message and discuss controller tests (posting, attachments,
reactions, message edits, threads, avatars and images, by internal, portal
and public users with or without tokens), run with the addon installed."""

from odoo.addons.mail.tests.discuss import (
    test_discuss_attachment_controller as stock_attachment,
)
from odoo.addons.mail.tests.discuss import (
    test_discuss_binary_controller as stock_binary,
)
from odoo.addons.mail.tests.discuss import (
    test_discuss_message_update_controller as stock_update,
)
from odoo.addons.mail.tests.discuss import (
    test_discuss_reaction_controller as stock_reaction,
)
from odoo.addons.mail.tests.discuss import (
    test_discuss_thread_controller as stock_thread,
)
from odoo.addons.mail.tests.discuss import test_message_controller as stock_message

from .common import StockFixturePasswordsMixin, rerun


@rerun(stock_message.TestMessageController)
class TestMessageControllerStock(
    StockFixturePasswordsMixin, stock_message.TestMessageController
):
    pass


@rerun(stock_message.TestMessageLinks)
class TestMessageLinksStock(stock_message.TestMessageLinks):
    pass


@rerun(stock_attachment.TestDiscussAttachmentController)
class TestDiscussAttachmentControllerStock(
    stock_attachment.TestDiscussAttachmentController
):
    pass


@rerun(stock_binary.TestDiscussBinaryController)
class TestDiscussBinaryControllerStock(stock_binary.TestDiscussBinaryController):
    pass


@rerun(stock_update.TestDiscussMessageUpdateController)
class TestDiscussMessageUpdateControllerStock(
    stock_update.TestDiscussMessageUpdateController
):
    pass


@rerun(stock_reaction.TestMessageReactionController)
class TestMessageReactionControllerStock(stock_reaction.TestMessageReactionController):
    pass


@rerun(stock_thread.TestDiscussThreadController)
class TestDiscussThreadControllerStock(stock_thread.TestDiscussThreadController):
    pass
