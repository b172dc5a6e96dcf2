"""Every kind of message someone can receive is either essential or in a category they can
switch off on the preferences page."""

from __future__ import annotations

from groupapp.core import outbox
from groupapp.notifications.kinds import CATEGORIES, KIND_LABELS


def test_every_message_kind_can_be_switched_off_unless_essential(app):
    categorised = {kind for category in CATEGORIES for kind in category.kinds}
    built = outbox.registered_kinds()
    stray = built - categorised - outbox.ESSENTIAL_KINDS
    assert not stray, f"message kinds in no preferences category: {sorted(stray)}"


def test_every_message_kind_has_words_for_the_outbox(app):
    unlabelled = outbox.registered_kinds() - set(KIND_LABELS)
    assert not unlabelled, f"message kinds the outbox would show raw: {sorted(unlabelled)}"
