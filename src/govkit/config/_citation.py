"""Where a preset's numbers come from: the law, its version and the article."""

from __future__ import annotations

from attrs import frozen

__all__ = ["Citation"]


@frozen(kw_only=True)
class Citation:
    """
    The legal or documentary source of a rule, written ``source:`` in YAML.

    Parameters
    ----------
    law : str
        The statute, regulation or rulebook (``中华人民共和国民法典``, ``RONR``).
    version : str
        Which text: the year or edition in force (``"2020"``, ``"12th ed."``).
    article : str
        The article, section or page (``"278"``, ``"§44"``).
    url : str or None
        Where the text can be read.
    note : str or None
        What a reader should know: amendments, interpretations, doubts.
    """

    law: str
    version: str
    article: str
    url: str | None = None
    note: str | None = None

    def __str__(self) -> str:
        article = f"art. {self.article}" if self.article[:1].isdigit() else self.article
        return f"{self.law} ({self.version}), {article}"
