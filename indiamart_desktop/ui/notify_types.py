"""The "Notify for" row of the settings: one box per lead type IndiaMART sends.

Saving changes only the types whose box the seller changed: a stored code the row does
not know (or only one of a catalogue view's two codes) is kept exactly as it was.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from indiamart_desktop.ui import texts

COLUMNS = 3


class NotifyTypes(QWidget):
    def __init__(self, stored: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stored = [code for code in stored.split(",") if code]
        self.boxes: dict[tuple[str, ...], QCheckBox] = {}
        self._initial: dict[tuple[str, ...], bool] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, codes in enumerate(texts.LEAD_TYPES):
            box = QCheckBox(texts.type_label(codes[0]), self)
            box.setObjectName(f"notifyType{codes[0]}")
            checked = any(code in self.stored for code in codes)
            box.setChecked(checked)
            self._initial[codes] = checked
            self.boxes[codes] = box
            grid.addWidget(box, index // COLUMNS, index % COLUMNS)

    def box(self, code: str) -> QCheckBox:
        return next(box for codes, box in self.boxes.items() if code in codes)

    def codes(self) -> str:
        """The comma-separated codes to save."""
        added: list[str] = []
        removed: set[str] = set()
        for codes, box in self.boxes.items():
            if box.isChecked() == self._initial[codes]:
                continue
            if box.isChecked():
                added.extend(codes)
            else:
                removed.update(codes)
        kept = [code for code in self.stored if code not in removed]
        return ",".join(kept + [code for code in added if code not in kept])
