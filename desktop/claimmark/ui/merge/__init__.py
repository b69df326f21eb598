"""Merging another copy of a project, by role: `flow` runs File ▸ Merge Project (dry
run, confirm, merge in a worker thread), `report` is its report, `conflict_view`
shows conflicts side by side, and `conflicts_dialog` reviews and resolves the kept
ones (File ▸ Review Merge Conflicts)."""

from claimmark.ui.merge.conflicts_dialog import ConflictsDialog, open_conflicts
from claimmark.ui.merge.flow import MergeFlow
from claimmark.ui.merge.report import MergeReportDialog

__all__ = ["ConflictsDialog", "MergeFlow", "MergeReportDialog", "open_conflicts"]
