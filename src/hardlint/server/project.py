"""Project rules (HL701, HL801) in the server: facts of the workspace's files, combined with the open buffer's."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from hardlint.config import ConfigError, load_config
from hardlint.discovery import iter_python_files
from hardlint.finding import Fact, FileResult, Finding
from hardlint.runner import project_phase
from hardlint.server.diagnostics import check_buffer


class ProjectFacts:
    """The facts each workspace file recorded when it was last read or checked, by absolute path."""

    def __init__(self) -> None:
        self.by_path: dict[str, list[Fact]] = {}

    def scan(self, folders: Iterable[str]) -> None:
        """Read the facts of every Python file under the workspace folders (with each folder's
        configuration), answered from the result cache the CLI shares where it can. Safe to run on a
        worker thread: the table is replaced at the end, and buffers read meanwhile keep their facts."""
        found: dict[str, list[Fact]] = {}
        for folder in folders:
            try:
                config = load_config(start=Path(folder))
            except ConfigError:
                continue
            for path in iter_python_files([folder], config):
                facts = self._read(os.path.abspath(path))
                if facts is not None:
                    found[os.path.abspath(path)] = facts
        self.by_path = {**found, **self.by_path}

    def update(self, path: str, deleted: bool = False) -> None:
        """A workspace file changed on disk (watched files): read its facts again, or forget it."""
        full = os.path.abspath(path)
        facts = None if deleted else self._read(full)
        if facts is None:
            self.by_path.pop(full, None)
        else:
            self.by_path[full] = facts

    @staticmethod
    def _read(path: str) -> list[Fact] | None:
        try:
            data = Path(path).read_bytes()
        except OSError:
            return None
        return check_buffer(data, path).facts

    def findings_for(self, result: FileResult) -> list[Finding]:
        """Project findings that belong to the buffer `result` checked, with its unsaved facts in place."""
        path = os.path.abspath(result.path)
        self.by_path[path] = result.facts
        if not any(self.by_path.values()):
            return []
        try:
            config = load_config(start=Path(path).parent)
        except ConfigError:
            return []
        results = [FileResult(name, facts=facts) for name, facts in self.by_path.items()]
        return [f for f in project_phase(results, config) if os.path.abspath(f.path) == path]
