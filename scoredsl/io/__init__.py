"""Lead data in (JSON Lines, CSV, Parquet) and result records out (JSON Lines, CSV).

Reading is split by concern, each module knowing only the ones before it:

    files.py        opening regular files, capped lines, universal newlines, UTF-8 offsets
    columns.py      ColumnMap: which columns hold the lead id and event fields (spec 12)
    problems.py     RecordProblem, the SD501-SD509 codes and every record message's wording
    locate.py       where a field is in a record's text (for the caret)
    records.py      RawRecord (a record where it was found), Row (its fields or its problem),
                    LeadRecord, Rejected, data_format
    jsonl.py, csv_rows.py, parquet_rows.py, headers.py
                    one Row per record of each format; a table header's checks (SD509)
    rows.py         read_rows: any data file as Rows, in file order
    contract.py     spec 10: a Row's fields -> a validated Lead or Event (record_id,
                    lead_from_object, event_from_row, lead_columns, event_columns, ...)
    rejects.py      RejectSink: a bad record stops the run or is set aside
    readers.py      LeadReader, which joins events to leads and streams LeadRecords
    writers.py      result records and rejects files out

Other packages use public names only: the ones below, and the reader's record API listed in
`readers.__all__` (`read_rows`, `Row`, `RecordProblem`, `record_id`, `lead_from_object`,
`event_from_row`, ...), through which the SQL engines re-read the records they flag and word
them exactly as the Python reader does.
"""

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
