"""Lead data in (JSON Lines, CSV, Parquet) and result records out (JSON Lines, CSV)."""

from .readers import LeadReader, LeadRecord, Rejected, data_format
from .writers import CsvWriter, JsonlWriter, RecordWriter, RejectsWriter, open_writer

__all__ = [
    "CsvWriter",
    "JsonlWriter",
    "LeadReader",
    "LeadRecord",
    "RecordWriter",
    "Rejected",
    "RejectsWriter",
    "data_format",
    "open_writer",
]
