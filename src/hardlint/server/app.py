"""The pygls server: publish diagnostics on open, change and save."""
from __future__ import annotations

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from hardlint import __version__
from hardlint.server.diagnostics import diagnose

server = LanguageServer("hardlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)


def publish(ls: LanguageServer, uri: str) -> None:
    """Check the open document at `uri` and send its diagnostics."""
    document = ls.workspace.get_text_document(uri)
    diagnostics = diagnose(document.source, to_fs_path(uri) or uri)
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=diagnostics))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    publish(ls, params.text_document.uri)


def serve() -> int:
    """Run the server over stdio until the client exits it."""
    server.start_io()
    return 0
