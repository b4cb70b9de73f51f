"""The house rules that no linter checks: private names stay in their module, states are
named, every module says what it is for. (The import arrows are `make lint`'s contracts.)"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.db import models as django_models

from annotations import models

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ("annotations", "factcheck", "bench")


def _python_files(*packages: str) -> list[Path]:
    return sorted(
        path
        for package in packages
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


# Django's documented attributes that happen to start with an underscore.
DJANGO_API = {"_meta", "_state", "_default_manager", "_base_manager"}


def _is_private(name: str) -> bool:
    dunder = name.startswith("__") and name.endswith("__")
    return name.startswith("_") and not dunder and name not in DJANGO_API


def _is_project(module: str) -> bool:
    return module.split(".")[0] in PROJECT_PACKAGES


def private_names_crossing(path: Path) -> list[str]:
    """``from a.b import _x`` and ``b._x`` where ``b`` is another project module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and _is_project(node.module):
            for alias in node.names:
                if _is_private(alias.name):
                    found.append(f"{path.name}:{node.lineno} imports {node.module}.{alias.name}")
                else:
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _is_project(alias.name):
                    modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _is_private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(f"{path.name}:{node.lineno} reads {node.value.id}.{node.attr}")
    return found


@pytest.mark.parametrize("path", _python_files(*PROJECT_PACKAGES), ids=_module_name)
def test_no_private_name_is_used_outside_its_module(path):
    assert private_names_crossing(path) == []


def test_the_private_name_check_finds_both_forms(tmp_path):
    source = tmp_path / "example.py"
    source.write_text(
        "from annotations.selectors import _count_of\n"
        "from annotations import selectors\n"
        "selectors._verdict_versions()\n"
        "selectors.article_list()\n"
    )
    assert len(private_names_crossing(source)) == 2


# --- States are named --------------------------------------------------------------------


def _state_values() -> set[str]:
    """Every value of every state or kind the models name (TextChoices)."""
    values = set()
    for name in dir(models):
        value = getattr(models, name)
        if isinstance(value, type) and issubclass(value, django_models.TextChoices):
            values.update(value.values)
    return values


STATE_VALUES = _state_values()
# Keyword arguments that take a state: ``filter(status="published")`` spells one.
STATE_KEYWORDS = re.compile(r"^(status|decision|kind|action|event|stance|rating)(__in)?$")


def state_literals(path: Path) -> list[str]:
    """String constants that spell a state in a comparison or a state keyword argument."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def spelled(node) -> list[str]:
        if isinstance(node, ast.Constant) and node.value in STATE_VALUES:
            return [node.value]
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            return [v for element in node.elts for v in spelled(element)]
        return []

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                found += [
                    f"{path.name}:{node.lineno} compares with {v!r}" for v in spelled(operand)
                ]
        elif isinstance(node, ast.keyword) and node.arg and STATE_KEYWORDS.match(node.arg):
            found += [
                f"{path.name}:{node.value.lineno} {node.arg}={v!r}" for v in spelled(node.value)
            ]
    return found


@pytest.mark.parametrize(
    "path",
    [p for p in _python_files("annotations") if p.name != "models.py"],
    ids=_module_name,
)
def test_no_state_is_spelled_outside_the_models(path):
    assert state_literals(path) == []


def test_the_state_check_finds_comparisons_and_filters(tmp_path):
    source = tmp_path / "example.py"
    source.write_text(
        'if claim.status == "published": pass\n'
        'Claim.objects.filter(status__in=("draft", "in_review"))\n'
        'if name == "published_at": pass\n'
    )
    assert len(state_literals(source)) == 3


TEMPLATE_STATE = re.compile(r"""(==|!=|\bin)\s*["']([a-z_]+)["']""")


@pytest.mark.parametrize("path", sorted((ROOT / "templates").rglob("*.html")), ids=str)
def test_no_template_spells_a_state(path):
    spelled = [
        match.group(0)
        for match in TEMPLATE_STATE.finditer(path.read_text(encoding="utf-8"))
        if match.group(2) in STATE_VALUES
    ]
    assert spelled == []


# --- Every module says what it is for ----------------------------------------------------


@pytest.mark.parametrize("path", _python_files("annotations", "factcheck"), ids=_module_name)
def test_every_module_opens_with_a_one_line_summary(path):
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring, "no module docstring"
    first_line = docstring.splitlines()[0]
    assert first_line.rstrip().endswith((".", ")", ":")), f"not one sentence: {first_line!r}"
