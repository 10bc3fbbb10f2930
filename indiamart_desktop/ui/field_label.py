"""A read-only label for buyer text that never widens its pane.

Word wrap breaks only between words, so one long e-mail address or company name made the
label (and the detail pane with it) wider than the window, and the buttons were cut off.
This label asks for no width of its own and shortens, in the middle, any single word
too long for the width it gets; the whole text is then in the tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class FieldLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._full = ""

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:
        self._full = text
        self._fit()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = max(self.contentsRect().width(), 40)
        metrics = self.fontMetrics()
        lines = []
        for line in self._full.split("\n"):
            words = [metrics.elidedText(word, Qt.TextElideMode.ElideMiddle, width)
                     if metrics.horizontalAdvance(word) > width else word
                     for word in line.split(" ")]
            lines.append(" ".join(words))
        shown = "\n".join(lines)
        self.setToolTip(self._full if shown != self._full else "")
        if shown != self.text():
            super().setText(shown)

