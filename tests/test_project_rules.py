"""Project-level rules (HL701 duplicate routes, HL801 import cycles) on real multi-file projects,
through the Python API and through the CLI with worker processes and the result cache; plus the
issue-7 fixture app: one planted problem per HL6/HL7/HL8 rule, and a clean twin."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from hardlint.config import Config
from hardlint.finding import FileResult
from hardlint.runner import check_paths, project_phase, run_files

from cli_support import run_cli

FIXTURE = Path(__file__).parent / "fixtures" / "issue7_app"
PLANTED_CODES = ["HL601", "HL602", "HL603", "HL604", "HL605", "HL606", "HL607", "HL608", "HL701", "HL801"]


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def check(root: Path, select: str, monkeypatch: pytest.MonkeyPatch, jobs: int = 1):
    monkeypatch.chdir(root)
    config = Config(root=root, select=(select,), cache=False, bandit=False)
    return check_paths(["."], config, jobs=jobs).findings


# A src/ layout package with a three-module cycle, a relative-import cycle in a subpackage, and the
# ways of importing that must NOT count (TYPE_CHECKING, function-level, third-party, `from pkg import
# submodule-without-imports`). Padding modules push the file count past the parallel threshold.
CYCLES = {
    "pyproject.toml": "[tool.hardlint]\n",
    "src/shop/__init__.py": "from shop.models import Order\n",
    "src/shop/models.py": """
        from shop import constants
        from shop.pricing import price_of

        class Order:
            total = price_of
        """,
    "src/shop/constants.py": "VAT = 0.2\n",
    "src/shop/pricing.py": """
        import json
        from shop.tax import vat

        def price_of(order):
            return vat(order)
        """,
    "src/shop/tax.py": """
        from shop.models import Order

        def vat(order: Order) -> float:
            return 0.2
        """,
    "src/shop/reports.py": """
        from typing import TYPE_CHECKING

        from shop.pricing import price_of

        if TYPE_CHECKING:
            from shop.views import render

        def total():
            from shop.views import render
            return render(price_of)
        """,
    "src/shop/views.py": "from shop.reports import total\n\ndef render(x):\n    return x\n",
    "src/shop/api/__init__.py": "",
    "src/shop/api/routes.py": "from .schemas import ItemSchema\n",
    "src/shop/api/schemas.py": "from .routes import *\n",
    "scripts/flat_a.py": "from flat_b import B\n",
    "scripts/flat_b.py": "from flat_a import A  # noqa: HL801\n",
    **{f"src/shop/pad{n}.py": f"import os\nVALUE_{n} = os.sep\n" for n in range(6)},
}


def _cycle_findings(findings):
    return sorted((f.path, f.line, f.message) for f in findings if f.code == "HL801")


def test_import_cycles_in_a_src_layout(tmp_path, monkeypatch):
    write(tmp_path, CYCLES)
    found = _cycle_findings(check(tmp_path, "HL801", monkeypatch))
    messages = [m for _, _, m in found]
    # One finding per cycle, each at the first module of the cycle, with the whole cycle.
    assert len(found) == 3, found
    # `shop/__init__` imports shop.models but nothing imports `shop` back: it is not in the cycle,
    # which is reported at the first member's import of the next member.
    assert ("src/shop/models.py", 2) in [(p, line) for p, line, _ in found]
    assert any("shop.models -> shop.pricing -> shop.tax -> shop.models" in m for m in messages)
    assert any("shop.api.routes -> shop.api.schemas -> shop.api.routes" in m for m in messages)
    # `from shop import constants` is a submodule without imports: no edge back to `shop`.
    assert not any("constants" in m for m in messages)
    # TYPE_CHECKING and function-level imports of shop.views do not close a cycle with reports.
    assert not any("shop.views" in m for m in messages)
    # The flat-script cycle is suppressed by noqa only where reported (flat_a comes first).
    flat = [item for item in found if item[0].startswith("scripts/")]
    assert flat == [("scripts/flat_a.py", 1, flat[0][2])] and "cycle: flat_a -> flat_b -> flat_a;" in flat[0][2]  # as the imports spell them


def test_import_cycle_models_and_tax_reported_once(tmp_path, monkeypatch):
    write(tmp_path, CYCLES)
    found = _cycle_findings(check(tmp_path, "HL801", monkeypatch))
    shop = [item for item in found if item[0].startswith("src/shop/") and "api" not in item[2]]
    assert len(shop) == 1, shop  # shop, models, pricing, tax form one strongly connected group
    message = shop[0][2]
    for member in ("shop.models", "shop.pricing", "shop.tax"):
        assert member in message


def test_import_cycle_noqa_on_reported_line(tmp_path, monkeypatch):
    files = dict(CYCLES)
    files["scripts/flat_a.py"] = "from flat_b import B  # noqa: HL801\n"
    write(tmp_path, files)
    found = _cycle_findings(check(tmp_path, "HL801", monkeypatch))
    assert not [item for item in found if item[0].startswith("scripts/")]


# FastAPI routers with prefixes on two levels, a router mounted twice (versions), Flask blueprints
# whose register-time url_prefix replaces their own, and an app that lives in a package __init__.
ROUTES = {
    "api/__init__.py": "",
    "api/main.py": """
        from fastapi import FastAPI

        from api.routers import items, users
        from api.routers.users import router as users_router

        app = FastAPI()
        app.include_router(users_router, prefix="/api")
        app.include_router(items.router, prefix="/v1")
        app.include_router(items.router, prefix="/v2")

        @app.get("/api/users/{uid}")
        def shadow_user(uid: int): ...

        @app.get("/v1/items/")
        def shadow_items(): ...

        @app.get("/v3/items/")
        def v3_items(): ...
        """,
    "api/routers/__init__.py": "",
    "api/routers/users.py": """
        from fastapi import APIRouter

        router = APIRouter(prefix="/users")

        @router.get("/{user_id}")
        def get_user(user_id: int): ...

        @router.get("/")
        def list_users(): ...
        """,
    "api/routers/items.py": """
        from fastapi import APIRouter

        router = APIRouter(prefix="/items")

        @router.get("/")
        def list_items(): ...
        """,
    "web/__init__.py": """
        from flask import Flask

        app = Flask(__name__)

        from web import views  # noqa: E402
        from web.blueprints import bp
        app.register_blueprint(bp, url_prefix="/new")
        """,
    "web/views.py": """
        from web import app

        @app.route("/new/report")
        def report(): ...

        @app.route("/old/report")
        def old_report(): ...

        @app.route("/about")
        def about(): ...
        """,
    "web/blueprints.py": """
        from flask import Blueprint

        bp = Blueprint("reports", __name__, url_prefix="/old")

        @bp.route("/report")
        def bp_report(): ...

        @bp.route("/about", methods=["POST"])
        def bp_about(): ...
        """,
    "web/other.py": """
        from flask import Flask

        other = Flask(__name__)

        @other.route("/about")
        def about(): ...
        """,
}


def _route_findings(findings):
    return sorted((f.path, f.line, f.message) for f in findings if f.code == "HL701")


def test_duplicate_routes_across_files(tmp_path, monkeypatch):
    write(tmp_path, ROUTES)
    found = _route_findings(check(tmp_path, "HL701", monkeypatch))
    where = [(path, line) for path, line, _ in found]
    # /api + /users + /{user_id} collides with the app's own /api/users/{uid} (parameter names differ).
    assert ("api/main.py", 11) in where or ("api/routers/users.py", 5) in where
    # The items router is mounted under /v1 and /v2; only /v1/items/ is shadowed, /v3 is free.
    assert any("GET /v1/items/" in m for _, _, m in found)
    assert not any("/v2/" in m or "/v3/" in m for _, _, m in found)
    # register_blueprint(url_prefix="/new") replaces the blueprint's own "/old".
    assert any("GET /new/report" in m for _, _, m in found)
    assert not any("/old/report" in m for _, _, m in found)
    # Different methods, or a different app, are not duplicates.
    assert not any("/about" in m for _, _, m in found)
    assert len(found) == 3, found


def test_facts_survive_the_result_cache_round_trip(tmp_path, monkeypatch):
    write(tmp_path, {**ROUTES, **{k: v for k, v in CYCLES.items() if k.startswith("scripts/")}})
    monkeypatch.chdir(tmp_path)
    config = Config(root=tmp_path, select=("HL701", "HL801"), cache=False, bandit=False)
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.py"))
    results = run_files(files, config, 1)
    direct = project_phase(results, config)
    revived = [FileResult.from_dict(json.loads(json.dumps(r.to_dict()))) for r in results]
    assert direct and project_phase(revived, config) == direct


def test_cli_with_two_jobs_and_the_cache(tmp_path):
    write(tmp_path, {**CYCLES, **ROUTES, "pyproject.toml": "[tool.hardlint]\nselect = [\"HL701\", \"HL801\"]\n"})
    runs = [run_cli("check", "--jobs", "2", "--format", "json", ".", cwd=tmp_path) for _ in range(2)]
    outputs = []
    for run in runs:
        assert run.returncode == 1, run.stderr
        data = json.loads(run.stdout)
        findings = data["findings"] if isinstance(data, dict) else data
        outputs.append(sorted((f["code"], f["path"], f["line"]) for f in findings))
    assert outputs[0] == outputs[1]  # the second run answers from the cache, facts included
    codes = [code for code, _, _ in outputs[0]]
    # web/__init__ imports web.views at its bottom, after `app` exists, and web.views imports `app`
    # from web: Flask's documented package pattern, which works in either order, is not a cycle.
    assert codes.count("HL801") == 3 and codes.count("HL701") == 3
    assert ("HL801", "web/__init__.py", 5) not in outputs[0]


# -- the fixture app --------------------------------------------------------------------------
@pytest.fixture
def fixture_app(tmp_path):
    """The issue-7 app copied out of tests/ (the repository's config excludes tests/ from checks)."""
    target = tmp_path / "app"
    shutil.copytree(FIXTURE, target)
    (target / "pyproject.toml").write_text("[tool.hardlint]\n", encoding="utf-8")
    return target


def test_fixture_app_planted_problems_are_all_found(fixture_app, monkeypatch):
    findings = check(fixture_app / "planted", "HL", monkeypatch)
    assert sorted(f.code for f in findings) == PLANTED_CODES, [(f.code, f.path, f.line) for f in findings]
    for finding in findings:
        lines = (fixture_app / "planted" / finding.path).read_text().splitlines()
        span = "\n".join(lines[finding.line - 1:finding.end_line])
        assert f"planted {finding.code}" in span, (finding, span)


def test_fixture_app_clean_twin_has_no_findings(fixture_app, monkeypatch):
    findings = check(fixture_app / "clean", "HL", monkeypatch)
    assert findings == [], [(f.code, f.path, f.line, f.message) for f in findings]


def test_fixture_app_through_the_cli(fixture_app):
    planted = run_cli("check", "--jobs", "2", "--format", "json", "planted", cwd=fixture_app)
    clean = run_cli("check", "--jobs", "2", "clean", cwd=fixture_app)
    data = json.loads(planted.stdout)
    findings = data["findings"] if isinstance(data, dict) else data
    assert sorted(f["code"] for f in findings if f["code"].startswith("HL")) == PLANTED_CODES
    assert clean.returncode == 0, clean.stdout + clean.stderr


# Every shape of import-time import HL801 reads, for the CPython-tree and LibCST-tree readings.
IMPORT_SHAPES = '''\
from __future__ import annotations
from .__future__ import thing
import os, app.models as models
from . import service
from .service import *
from ..pkg.sub import (a,
                       b as c)
if TYPE_CHECKING:
    from app.typing_only import T
elif not typing.TYPE_CHECKING:
    from app.runtime import R
else:
    import app.never
if "__main__" == __name__:
    import app.script_only
else:
    import app.not_main
if ready: import app.suite_one; import app.suite_two
try:
    import app.fast
except ImportError:
    import app.slow
else:
    import app.tried
finally:
    import app.cleanup
class Model:
    import app.class_level
    def method(self):
        import app.deferred
with lock:
    import app.locked
for _ in range(1):
    import app.looped
while False:
    pass
else:
    import app.while_else
match command:
    case "a":
        import app.matched
async def handler():
    import app.deferred_async
'''


def _hl801_outcome(source: str, path: str, tree: bool) -> tuple[list, list]:
    """HL801's facts and reports on `source`, as (kind, line, column, data) and (line, column, end
    line, end column, message), with or without a LibCST tree made by another rule."""
    from hardlint.context import FileContext
    from hardlint.cstparse import parse_module
    from hardlint.positions import Locator
    from hardlint.rules.hl8_structure.hl801_import_cycle import ImportCycle

    module = parse_module(source) if tree else None
    rule = ImportCycle(FileContext(path, source, module, False))
    rule.begin()
    nodes = [where for _, where, _ in rule.facts if not isinstance(where, tuple)]
    nodes += [r.node for r in rule.reports if r.node is not None]
    locate = Locator(source, module, nodes)
    assert tree == bool(nodes) or not (rule.facts or rule.reports), "the tree is used exactly when there is one"
    facts = sorted((kind, *(where if isinstance(where, tuple) else locate.start(where)), sorted(data.items()))
                   for kind, where, data in rule.facts)
    reports = sorted((*(r.position or locate.range(r.node)), r.message) for r in rule.reports)
    return facts, reports


def test_hl801_reads_the_same_imports_from_a_libcst_tree_as_from_cpythons():
    """When another rule made LibCST parse the file, HL801 locates its imports in that tree
    instead of parsing again with CPython: the facts and the self-import report must not change."""
    from hardlint.rules.hl8_structure.hl801_import_cycle import ImportCycle

    examples = ImportCycle.flag_examples() + ImportCycle.clean_examples()
    cases = [(IMPORT_SHAPES, "app/service.py")] + [(e.source, e.path) for e in examples]
    for source, path in cases:
        assert _hl801_outcome(source, path, tree=True) == _hl801_outcome(source, path, tree=False), source
    facts, _ = _hl801_outcome(IMPORT_SHAPES, "app/service.py", tree=True)
    modules = {m for *_, data in facts for m in dict(data).get("modules", [dict(data).get("module")])}
    assert not {"app.never", "app.typing_only", "app.script_only", "app.deferred", "app.deferred_async"} & modules
    assert {"app.runtime", "app.not_main", "app.suite_two", "app.slow", "app.tried", "app.cleanup", "app.locked",
            "app.class_level", "app.while_else", "app.matched", "app.looped", "os", "app.models"} <= modules
    assert "__future__" not in modules and len(facts) == 17
    flagged = [_hl801_outcome(e.source, e.path, tree=True)[1] for e in ImportCycle.flag_examples()]
    assert all(len(reports) == 1 and "imports itself" in reports[0][-1] for reports in flagged)


# Cycles Python resolves in either order: Flask's package pattern (views imported at the bottom of
# `__init__`, after `app` exists), registration imports after the registry class, module objects bound
# with `import a.b as c` or `from pkg import submodule` and used at call time; next to one real cycle.
DELIBERATE = {
    "src/board/__init__.py": """
        from flask import Flask

        app = Flask(__name__)

        from board import views  # noqa: E402
        """,
    "src/board/views.py": "from board import app\n\n@app.route('/')\ndef index():\n    return 'ok'\n",
    "src/board/signals/__init__.py": """
        from blinker import Namespace

        _signals = Namespace()

        from .event import *  # noqa: E402,F403
        """,
    "src/board/signals/event.py": "from board.signals import _signals\n\ncreated = _signals.signal('created')\n",
    "src/board/logic/__init__.py": "",
    "src/board/logic/converters.py": "import board.logic.validators as validators\n",
    "src/board/logic/validators.py": "import board.logic.converters as converters\n",
    "src/board/backend/__init__.py": "",
    "src/board/backend/postgres.py": "import board.backend.helpers as helpers\n",
    "src/board/backend/helpers.py": "from board.backend import postgres\n",
    "src/board/tabledesigner/constraints.py": "from . import types\n\nclass Constraint:\n    pass\n",
    "src/board/tabledesigner/types.py": "from board.tabledesigner.constraints import Constraint\n",
    "src/board/models.py": "from board.tax import vat\n",
    "src/board/tax.py": "from board.models import Order\n",
}


def test_cycles_python_resolves_in_either_order_are_not_reported(tmp_path, monkeypatch):
    write(tmp_path, DELIBERATE)
    found = _cycle_findings(check(tmp_path, "HL801", monkeypatch))
    assert [(path, line) for path, line, _ in found] == [("src/board/models.py", 1)], found
    assert "board.models -> board.tax -> board.models" in found[0][2]


def test_namespace_package_cycle_is_named_as_imported_without_the_src_directory(tmp_path, monkeypatch):
    write(tmp_path, {
        "src/ckan/ckanext/tabledesigner/column_types.py": "from ckanext.tabledesigner.column_constraints import C\n",
        "src/ckan/ckanext/tabledesigner/column_constraints.py": "from ckanext.tabledesigner.column_types import T\n",
    })
    (message,) = [m for _, _, m in _cycle_findings(check(tmp_path, "HL801", monkeypatch))]
    assert "ckanext.tabledesigner.column_constraints -> ckanext.tabledesigner.column_types" in message
    assert "src." not in message


# Two routers mounted in the opposite order to their files' names: FastAPI (and Flask) answer with
# whichever was registered first, so the handler never reached is in the router mounted second.
MOUNT_ORDER = {
    "svc/__init__.py": "",
    "svc/main.py": """
        from fastapi import FastAPI

        from svc import alpha, beta

        app = FastAPI()
        app.include_router(beta.router, prefix="/api")
        app.include_router(alpha.router, prefix="/api")

        @app.get(
            "/api/health",
        )
        def health(): ...
        """,
    "svc/alpha.py": """
        from fastapi import APIRouter

        router = APIRouter()

        @router.get("/items")
        def alpha_items(): ...

        @router.get("/health")
        def alpha_health(): ...
        """,
    "svc/beta.py": """
        from fastapi import APIRouter

        router = APIRouter()

        @router.get("/items")
        def beta_items(): ...
        """,
}


def test_the_handler_reported_is_the_one_registered_later(tmp_path, monkeypatch):
    write(tmp_path, MOUNT_ORDER)
    found = sorted((f for f in check(tmp_path, "HL701", monkeypatch) if f.code == "HL701"),
                   key=lambda f: f.line)
    assert [(f.path, f.line) for f in found] == [("svc/alpha.py", 5), ("svc/main.py", 9)], found
    items, health = found
    # beta is mounted first, so alpha's /api/items is the dead one; its range covers the decorator call.
    assert "`beta_items` at svc/beta.py:5" in items.message
    assert (items.end_line, items.end_column) == (5, items.column + len('router.get("/items")'))
    assert [(r.path, r.line, r.column, r.end_line, r.end_column) for r in items.related] == [
        ("svc/beta.py", 5, 2, 5, 2 + len('router.get("/items")'))]
    # The app's own /api/health is registered after both mounts ran: it is the one never reached;
    # its registration spans three lines.
    assert "`alpha_health` at svc/alpha.py:8" in health.message
    assert (health.end_line, health.end_column) == (11, 2)
    assert [(r.path, r.line, r.end_line) for r in health.related] == [("svc/alpha.py", 8, 8)]


def test_a_package_and_its_own_submodules_load_in_one_order_and_are_not_reported(tmp_path, monkeypatch):
    write(tmp_path, {
        "auth/__init__.py": "from auth.models import Identity\nfrom auth.util import load_identity\n",
        "auth/models.py": "class Identity:\n    pass\n",
        "auth/util.py": "from auth import Identity\n\ndef load_identity():\n    return Identity()\n",
        # the same shape, but a module outside the package closes the cycle: reported
        "shop/__init__.py": "from shop.orders import Order\n",
        "shop/orders.py": "from billing import invoice\n\nclass Order:\n    pass\n",
        "billing.py": "from shop import Order\n\ndef invoice():\n    return Order()\n",
    })
    found = _cycle_findings(check(tmp_path, "HL801", monkeypatch))
    assert [(path, line) for path, line, _ in found] == [("billing.py", 1)], found
    assert "billing -> shop -> shop.orders -> billing" in found[0][2]


def test_a_duplicate_in_one_file_points_at_the_whole_first_registration():
    from hardlint.engine import check_source

    source = ('from flask import Flask\n\napp = Flask(__name__)\n\n@app.get("/ping")\ndef ping(): ...\n\n'
              '@app.get("/ping")\ndef ping2(): ...\n')
    [found] = check_source(source, "app/main.py", Config(select=("HL701",))).findings
    assert (found.line, found.column, found.end_line, found.end_column) == (8, 2, 8, 18)
    [first] = found.related
    assert (first.line, first.column, first.end_line, first.end_column) == (5, 2, 5, 18)


# A wheel's contents under src/<app>/: a regular package `llmkit` with namespace directories inside
# it (no `__init__.py`), whose files are named like the third-party SDKs they import.
WHEEL_LAYOUT = {
    "src/llmkit-app/llmkit/__init__.py": "",
    "src/llmkit-app/llmkit/llms/__init__.py": "",
    "src/llmkit-app/llmkit/llms/openai/openai.py": """
        import openai
        from openai import OpenAI

        from llmkit.types.llms.openai import ChatRequest
        """,
    "src/llmkit-app/llmkit/types/llms/openai.py": """
        from openai import BaseModel

        from llmkit.llms.openai.openai import OpenAI
        """,
    "src/llmkit-app/llmkit/vector/dbs/pinecone.py": "from pinecone import Pinecone\n",
    "src/llmkit-app/llmkit/utils.py": "from llmkit import utils as llmkit_utils\n",
    "src/llmkit-app/llmkit/llms/openai/chat.py": "from .common import Base\n\nclass Chat:\n    pass\n",
    "src/llmkit-app/llmkit/llms/openai/common.py": "from . import chat\nfrom .chat import Chat\n",
}


def test_an_absolute_import_starts_above_the_outermost_package_not_beside_the_file(tmp_path, monkeypatch):
    write(tmp_path, WHEEL_LAYOUT)
    found = _cycle_findings(check(tmp_path, "HL801", monkeypatch))
    # `import openai` / `from pinecone import ...` are the SDKs, not the same-named files; the
    # module-object self-import of `llmkit.utils` cannot fail. The two real cycles remain, named
    # from `src/llmkit-app/` across the namespace directories, without a doubled prefix.
    assert [(path, line) for path, line, _ in found] == [
        ("src/llmkit-app/llmkit/llms/openai/chat.py", 1),
        ("src/llmkit-app/llmkit/llms/openai/openai.py", 4),
    ], found
    assert "llmkit.llms.openai.chat -> llmkit.llms.openai.common -> llmkit.llms.openai.chat" in found[0][2]
    assert "llmkit.llms.openai.openai -> llmkit.types.llms.openai -> llmkit.llms.openai.openai" in found[1][2]
    assert not any("llmkit.llmkit" in message or "src." in message for _, _, message in found)
