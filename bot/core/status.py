"""How sure a fact is: verified official | secondary | unverified, its source and checked date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

OFFICIAL = "official"


LEVELS = (OFFICIAL, "secondary", "unverified")


@dataclass(frozen=True)
class Status:
    verified: str  # official | secondary | unverified
    source: str = ""
    checked: date | None = None
    admin_note: str = ""  # caveats and source remarks: admins only
    disputed: str = ""  # sources disagree: treated as unconfirmed until an admin settles it
    where: str = ""  # file:line of the fact, for warnings

    @property
    def confirmed(self) -> bool:
        """Confirmed by the operator's own (or a public body's) page, with no conflicting source."""
        return self.verified == OFFICIAL and not self.disputed
