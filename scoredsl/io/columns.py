"""Which columns of a data file hold the lead id and the event fields (spec 12, `--id-column`).

CRM exports name them as people do (`Prospect ID`, `Contact ID`, `Event Type`, `Timestamp`);
a ColumnMap says which is which. It belongs to the step that turns a raw record into a Lead,
so every reader and engine takes the same object.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROW_NUMBER = "@row"  # `--id-column @row`: the record's position in the file (1 = first record)


@dataclass(frozen=True)
class ColumnMap:
    """Keys of the lead id (leads) and of lead id, type and time (events tables); `keep`:
    leads columns that must exist and are copied into the result records (`--keep`)."""

    id: str = "id"
    event_lead: str = "lead_id"
    event_type: str = "type"
    event_at: str = "at"
    keep: tuple[str, ...] = field(default=())

    @property
    def numbered(self) -> bool:
        """True when leads are identified by their row number (the data has no id)."""
        return self.id == ROW_NUMBER


DEFAULT_COLUMNS = ColumnMap()
