"""Project rules (HL701, HL801) in the server: facts of the workspace's files, combined with the open buffer's."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from hardlint.config import ConfigError, load_config
from hardlint.discovery import iter_python_files
from hardlint.engine import check_source
from hardlint.finding import Fact, FileResult, Finding
from hardlint.runner import project_phase


class ProjectFacts:
    """The facts each workspace file recorded when it was last read or checked, by absolute path."""

    def __init__(self) -> None:
        self.by_path: dict[str, list[Fact]] = {}

    def scan(self, folders: Iterable[str]) -> None:
        """Read the facts of every Python file under the workspace folders (with each folder's configuration)."""
        for folder in folders:
            try:
                config = load_config(start=Path(folder))
            except ConfigError:
                continue
            for path in iter_python_files([folder], config):
                full = os.path.abspath(path)
                try:
                    source = Path(full).read_bytes()
                except OSError:
                    continue
                self.by_path[full] = check_source(source, full, config).facts

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
