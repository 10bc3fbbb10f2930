"""The menu of a WhatsApp, E-mail or SMS button: the plain message, the seller's templates
for that channel filled in for the lead, and "Edit templates…".

Each entry carries the URL it opens (built by :mod:`indiamart_desktop.desk.templates`,
so buyer text is only ever percent-encoded data); an entry whose URL cannot be built is
disabled. Choosing one emits ``replyChosen(url, text)``, ``text`` being the filled-in
message to offer for copying where nothing opens the URL (empty for the plain message).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from indiamart_desktop.desk.template_store import ReplyBook, templates_for
from indiamart_desktop.desk.templates import BuyerDetails, Channel, render, reply_url
from indiamart_desktop.ui.template_texts import language_label, reply_text

log = logging.getLogger(__name__)

_PREVIEW_CHARS = 300


class TemplateMenu(QMenu):
    replyChosen = Signal(str, str)
    editRequested = Signal()

    def __init__(self, channel: Channel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.channel = channel
        self.setObjectName(f"{channel}TemplateMenu")
        self.setToolTipsVisible(True)

    def fill(self, book: ReplyBook, buyer: BuyerDetails, plain_url: str | None) -> None:
        """Lists the plain message, then ``book``'s templates of this channel, for ``buyer``."""
        self.clear()
        self._add(self.tr("Plain message"), plain_url, "")
        templates = templates_for(book.templates, self.channel)
        if templates:
            self.addSeparator()
        languages = {t.language for t in templates}
        for template in templates:
            reply = render(template, buyer, book.seller, book.snippets)
            label = template.name.replace("&", "&&")  # a name's & is no shortcut key
            if len(languages) > 1:
                label = f"{label} · {language_label(template.language)}"
            action = self._add(label, reply_url(template, buyer, book.seller, book.snippets),
                               reply_text(reply))
            preview = reply_text(reply)
            action.setToolTip(preview if len(preview) <= _PREVIEW_CHARS
                              else preview[:_PREVIEW_CHARS] + "…")
        self.addSeparator()
        edit = self.addAction(self.tr("Edit templates…"))
        edit.setObjectName("editTemplates")
        edit.triggered.connect(self.editRequested)

    def _add(self, label: str, url: str | None, text: str) -> QAction:
        action = self.addAction(label)
        action.setData(url)
        action.setEnabled(url is not None)
        if url is not None:
            action.triggered.connect(lambda: self.replyChosen.emit(url, text))
        return action

    def entries(self) -> list[tuple[str, str | None]]:
        """(label, URL) of every entry but the separators and "Edit templates…"."""
        return [(a.text(), a.data()) for a in self.actions()
                if not a.isSeparator() and a.objectName() != "editTemplates"]
