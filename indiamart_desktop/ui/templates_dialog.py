"""The reply template editor: templates by channel, with name, language, subject and text,
an insert-placeholder menu and a live preview against the current lead; the seller's
snippets; the seller's own details. Save refuses an invalid template and says why."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from indiamart_desktop.desk.template_defaults import DEFAULT_TEMPLATES
from indiamart_desktop.desk.template_store import (
    load_seller,
    load_snippets,
    load_templates,
    save_replies,
    save_seller,
)
from indiamart_desktop.desk.templates import (
    CHANNELS,
    LANGUAGES,
    PLACEHOLDERS,
    SNIPPET_PREFIX,
    BuyerDetails,
    Template,
    TemplateError,
    check_snippets,
    check_template,
    render,
)
from indiamart_desktop.store.db import Database, StoreError
from indiamart_desktop.ui.template_tabs import SellerForm, SnippetsEditor
from indiamart_desktop.ui.template_texts import (
    channel_label,
    language_label,
    placeholder_label,
    problem_text,
    reply_text,
)

log = logging.getLogger(__name__)

_INDEX = Qt.ItemDataRole.UserRole


class TemplatesDialog(QDialog):
    """Edits the templates in ``db``; the preview fills them in for ``buyer`` (a sample
    buyer without one)."""

    def __init__(self, db: Database, buyer: BuyerDetails | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reply templates"))
        self.db = db
        self.templates: list[Template] = load_templates(db)
        self.buyer = buyer or BuyerDetails(
            name=self.tr("Ravi Kumar"), company=self.tr("Kumar Traders"),
            product=self.tr("Steel Pipes"), quantity=6, unit=self.tr("piece"),
            city=self.tr("Pune"))
        self.current: int | None = None
        self.refusal: QMessageBox | None = None
        self._loading = False

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("templateTree")
        self.tree.setHeaderHidden(True)
        self.tree.currentItemChanged.connect(self._selected)
        new = QPushButton(self.tr("New"), self)
        new.clicked.connect(self._new)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self._delete)
        restore = QPushButton(self.tr("Add missing defaults"), self)
        restore.clicked.connect(self._restore)

        self.name_edit = QLineEdit(self)
        self.channel_box = QComboBox(self)
        for channel in CHANNELS:
            self.channel_box.addItem(channel_label(channel), channel)
        self.language_box = QComboBox(self)
        for language in LANGUAGES:
            self.language_box.addItem(language_label(language), language)
        self.subject_label = QLabel(self.tr("Subject"), self)
        self.subject_edit = QLineEdit(self)
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setObjectName("templateBody")
        self._target: QLineEdit | QPlainTextEdit = self.body_edit
        self.subject_edit.cursorPositionChanged.connect(
            lambda: self._set_target(self.subject_edit))
        self.body_edit.cursorPositionChanged.connect(lambda: self._set_target(self.body_edit))
        self.insert_button = QToolButton(self)
        self.insert_button.setText(self.tr("Insert placeholder"))
        self.insert_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.insert_menu = QMenu(self.insert_button)
        self.insert_menu.aboutToShow.connect(self._fill_insert_menu)
        self.insert_button.setMenu(self.insert_menu)
        self.problem = QLabel(self)
        self.problem.setObjectName("templateProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("templatePreview")
        self.preview.setReadOnly(True)
        for signal in (self.name_edit.textChanged, self.subject_edit.textChanged,
                       self.body_edit.textChanged, self.channel_box.currentIndexChanged,
                       self.language_box.currentIndexChanged):
            signal.connect(self._edited)

        self.snippets = SnippetsEditor(load_snippets(db), self)
        self.seller = SellerForm(load_seller(db), self)
        self.snippets.changed.connect(self._refresh_preview)
        self.seller.changed.connect(self._refresh_preview)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._templates_page(new, restore), self.tr("Templates"))
        self.tabs.addTab(self.snippets, self.tr("Snippets"))
        self.tabs.addTab(self.seller, self.tr("Your details"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(820, 560)
        self._fill_tree(0 if self.templates else None)

    def _templates_page(self, new: QPushButton, restore: QPushButton) -> QWidget:
        page = QWidget(self)
        left = QVBoxLayout()
        left.addWidget(self.tree, 1)
        row = QHBoxLayout()
        for button in (new, self.delete_button):
            row.addWidget(button)
        left.addLayout(row)
        left.addWidget(restore)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Channel"), self.channel_box)
        form.addRow(self.tr("Language"), self.language_box)
        form.addRow(self.subject_label, self.subject_edit)
        form.addRow(self.tr("Message"), self.body_edit)
        form.addRow("", self.insert_button)
        form.addRow(self.problem)
        form.addRow(self.tr("Preview"), self.preview)
        self.editor = QWidget(page)
        self.editor.setLayout(form)
        layout = QHBoxLayout(page)
        layout.addLayout(left, 3)
        layout.addWidget(self.editor, 5)
        return page

    # --- the list -----------------------------------------------------------------------
    def _fill_tree(self, select: int | None) -> None:
        self._loading = True
        try:
            self.tree.clear()
            wanted: QTreeWidgetItem | None = None
            for channel in CHANNELS:
                group = QTreeWidgetItem(self.tree, [channel_label(channel)])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setExpanded(True)
                for index, template in enumerate(self.templates):
                    if template.channel == channel:
                        item = QTreeWidgetItem(group, [self._item_text(template)])
                        item.setData(0, _INDEX, index)
                        if index == select:
                            wanted = item
        finally:
            self._loading = False
        if wanted is None:
            self._show(None)
        else:
            self.tree.setCurrentItem(wanted)

    def _item_text(self, template: Template) -> str:
        return f"{template.name or self.tr('(no name)')} · {language_label(template.language)}"

    def _selected(self, item: QTreeWidgetItem | None) -> None:
        if self._loading:
            return
        data = item.data(0, _INDEX) if item is not None else None
        self._show(int(data) if data is not None else None)

    def _show(self, index: int | None) -> None:
        self.current = index
        self.editor.setEnabled(index is not None)
        self.delete_button.setEnabled(index is not None)
        template = self.templates[index] if index is not None else None
        self._loading = True
        try:
            self.name_edit.setText(template.name if template else "")
            self.channel_box.setCurrentIndex(
                self.channel_box.findData(template.channel if template else "whatsapp"))
            self.language_box.setCurrentIndex(
                self.language_box.findData(template.language if template else "en"))
            self.subject_edit.setText(template.subject if template else "")
            self.body_edit.setPlainText(template.body if template else "")
        finally:
            self._loading = False
        self._refresh_preview()

    def _new(self) -> None:
        channel = self.templates[self.current].channel if self.current is not None else (
            "whatsapp")
        self.templates.append(Template(f"mine-{uuid.uuid4().hex[:12]}", channel,
                                       self.tr("New template"), "en", ""))
        self._fill_tree(len(self.templates) - 1)
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def _delete(self) -> None:
        if self.current is not None:
            del self.templates[self.current]
            self._fill_tree(min(self.current, len(self.templates) - 1)
                            if self.templates else None)

    def _restore(self) -> None:
        present = {t.id for t in self.templates}
        self.templates.extend(t for t in DEFAULT_TEMPLATES if t.id not in present)
        self._fill_tree(self.current)

    # --- editing ------------------------------------------------------------------------
    def _set_target(self, edit: QLineEdit | QPlainTextEdit) -> None:
        self._target = edit

    def _fill_insert_menu(self) -> None:
        self.insert_menu.clear()
        for name in PLACEHOLDERS:
            action = self.insert_menu.addAction(f"{placeholder_label(name)}   {{{name}}}")
            action.triggered.connect(lambda _=False, n=name: self.insert("{" + n + "}"))
        try:
            names = sorted(self.snippets.snippets())
        except TemplateError:
            names = []
        if names:
            self.insert_menu.addSeparator()
        for name in names:
            token = "{" + SNIPPET_PREFIX + name + "}"
            action = self.insert_menu.addAction(token.replace("&", "&&"))
            action.triggered.connect(lambda _=False, t=token: self.insert(t))

    def insert(self, token: str) -> None:
        """Puts ``token`` at the cursor of the subject or message (whichever was last used)."""
        email = self.current is not None and self.templates[self.current].channel == "email"
        target = self._target if email else self.body_edit
        if isinstance(target, QLineEdit):
            target.insert(token)
        else:
            target.insertPlainText(token)
        target.setFocus()

    def _edited(self) -> None:
        if self._loading or self.current is None:
            return
        index = self.current
        before = self.templates[index]
        self.templates[index] = replace(
            before, name=self.name_edit.text(), channel=self.channel_box.currentData(),
            language=self.language_box.currentData(), subject=self.subject_edit.text(),
            body=self.body_edit.toPlainText())
        after = self.templates[index]
        item = self.tree.currentItem()
        if after.channel != before.channel:
            self._fill_tree(index)
        elif item is not None:
            item.setText(0, self._item_text(after))
        self._refresh_preview()

    def _refresh_preview(self) -> None:
        template = self.templates[self.current] if self.current is not None else None
        email = template is not None and template.channel == "email"
        self.subject_label.setVisible(email)
        self.subject_edit.setVisible(email)
        self.problem.clear()
        self.preview.clear()
        if template is None:
            return
        try:
            snippets = self.snippets.snippets()
            check_snippets(snippets)
            check_template(template, snippets)
        except TemplateError as error:
            self.problem.setText(problem_text(error))
            return
        reply = render(template, self.buyer, self.seller.seller(), snippets)
        self.preview.setPlainText(reply_text(reply))

    # --- saving -------------------------------------------------------------------------
    def save(self) -> None:
        """Stores everything and closes; an invalid template or snippet is refused: it is
        shown, with the reason, and nothing is stored."""
        try:
            snippets = self.snippets.snippets()
            check_snippets(snippets)
        except TemplateError as error:
            self.tabs.setCurrentWidget(self.snippets)
            self._refuse(problem_text(error))
            return
        for index, template in enumerate(self.templates):
            try:
                check_template(template, snippets)
            except TemplateError as error:
                self.tabs.setCurrentIndex(0)
                self._fill_tree(index)
                self._refuse(self.tr("Template “%1”: %2").replace("%1", template.name)
                             .replace("%2", problem_text(error)))
                return
        try:
            save_replies(self.db, self.templates, snippets)
            save_seller(self.db, self.seller.seller())
        except (StoreError, sqlite3.Error) as error:
            log.warning("Reply templates not saved: %s", error)
            self._refuse(self.tr("The templates could not be saved: %1").replace(
                "%1", str(error)))
            return
        self.accept()

    def _refuse(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Not saved"), message,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("templateRefusal")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.finished.connect(self._refusal_closed)
        self.refusal = box
        box.open()

    def _refusal_closed(self) -> None:
        if self.refusal is not None:
            self.refusal.deleteLater()
            self.refusal = None
