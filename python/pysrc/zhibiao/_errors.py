"""The exceptions of zhibiao."""

from __future__ import annotations

from typing import Optional


class ReportError(Exception):
    """A report that could not be read or extracted.

    ``path`` is the file (``None`` for bytes or text given directly) and ``cause`` one
    lower-case line saying why, as the ``zhibiao`` CLI prints it::

        >>> zhibiao.extract(pathlib.Path("scan.pdf"))
        Traceback (most recent call last):
        zhibiao.ReportError: scan.pdf: a PDF with no text layer (scanned?): run OCR first
    """

    path: Optional[str]
    cause: str

    def __init__(self, path: Optional[str], cause: str) -> None:
        super().__init__(path, cause)
        self.path = path
        self.cause = cause

    def __str__(self) -> str:
        return f"{self.path}: {self.cause}" if self.path is not None else self.cause
