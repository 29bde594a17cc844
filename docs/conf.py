"""Sphinx configuration of govkit's documentation (MyST Markdown pages, furo theme)."""

from __future__ import annotations

import enum
import importlib
import pkgutil
import re
import sys
from typing import Any

import attrs
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.pycode import ModuleAnalyzer

import govkit
from govkit._registry import Registry

# -- Project -------------------------------------------------------------------------------

project = "govkit"
author = "govkit developers"
copyright = "govkit developers"
release = govkit.__version__
version = ".".join(release.split(".")[:2])

# -- General -------------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinxcontrib.mermaid",  # procedure diagrams (```{mermaid}``` blocks), drawn in the browser
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
default_role = "py:obj"  # numpydoc: `name` in a docstring is a cross-reference
nitpicky = True
python_maximum_signature_line_length = 88  # attrs classes: one field per line

myst_heading_anchors = 3

# -- autodoc and napoleon ------------------------------------------------------------------

autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "signature"  # the signature links the real types

napoleon_google_docstring = False
napoleon_numpy_docstring = True
# numpydoc types are prose ("mapping of str to Quantity", "path, str or stream",
# "int, default 64 MiB"): shown as written, not turned word by word into references.
napoleon_preprocess_types = False
napoleon_use_param = False
napoleon_use_rtype = False
# "Attributes" like "Parameters": "quorum, threshold : Evaluation or None" is two names.
napoleon_custom_sections = [("Attributes", "params_style")]

# Only what genuinely cannot resolve without intersphinx (the build is offline):
nitpick_ignore_regex = [
    # the standard library: Fraction, Path, PathLike, Random, collections.abc, ...
    (
        r"py:.*",
        r"(fractions|os|pathlib|random|collections\.abc|concurrent\.futures|datetime|dt)\..+",
    ),
    # ``Path`` named in a string annotation of a private module
    (r"py:class", r"Path"),
    # optional or third-party libraries without an offline inventory
    (r"py:.*", r"(networkx|nx|numpy|pandas|matplotlib)\..+"),
    # type variables of generic signatures (T, K, V, C, S) are not documented objects
    (r"py:class", r"(govkit\..+\.)?[TKVCS]"),
]
nitpick_ignore: list[tuple[str, str]] = [
    # FlowResult is built by govkit.cases.simulate from these private classes, never by users
    ("py:class", "Model"),
    ("py:class", "Workload"),
]

# -- HTML ----------------------------------------------------------------------------------

html_theme = "furo"
html_title = f"govkit {release}"

# -- Re-exported constants keep their docstrings --------------------------------------------
#
# govkit defines names in private modules and re-exports them from its public packages
# (STYLE rule 1). autodoc reads the docstring of a module-level constant (``BASES = ...``
# followed by a string) only from the source of the module it documents, so
# ``automodule:: govkit.voting`` would silently leave out ``BASES``, ``HEADCOUNT``, ...
# Here each public package's analyzer learns the docstrings of the constants it
# re-exports, from the module that defines them; autodoc then documents them as members.

PUBLIC_MODULES = (
    "govkit",
    "govkit.errors",
    "govkit.config",
    "govkit.voting",
    "govkit.consultation",
    "govkit.events",
    "govkit.calendar",
    "govkit.grid",
    "govkit.sim",
    "govkit.cases",
    "govkit.scenarios",
)


def _constant_docs() -> dict[str, list[tuple[object, list[str]]]]:
    """Map each documented module-level constant's name to (value, docstring lines)."""
    found: dict[str, list[tuple[object, list[str]]]] = {}
    names = ["govkit"] + [
        info.name
        for info in pkgutil.walk_packages(govkit.__path__, prefix="govkit.")
        if not info.name.endswith("__main__")  # importing it would run the command
    ]
    for name in names:
        module = importlib.import_module(name)
        for (scope, attribute), lines in ModuleAnalyzer.for_module(name).find_attr_docs().items():
            if scope == "" and hasattr(module, attribute):
                found.setdefault(attribute, []).append((getattr(module, attribute), list(lines)))
    return found


_CONSTANT_DOCS = _constant_docs()


def _doc_of(name: str, value: object) -> list[str] | None:
    for candidate, lines in _CONSTANT_DOCS.get(name, ()):
        if candidate is value:
            return lines
    return None


def _teach_re_exports() -> None:
    for name in PUBLIC_MODULES:
        module = importlib.import_module(name)
        analyzer = ModuleAnalyzer.for_module(name)  # cached: autodoc uses this instance
        analyzer.analyze()
        for attribute in getattr(module, "__all__", ()):
            value = getattr(module, attribute)
            doc = _doc_of(attribute, value)
            if doc is None and isinstance(value, Registry):  # CONDITIONS, TIE_BREAKS
                doc = [
                    f"Every registered {value.family} kind; ``list({attribute})`` names them, "
                    f"``{attribute}[kind]`` returns the class (see `Registry`).",
                    "",
                ]
            if doc is not None:
                analyzer.attr_docs.setdefault(("", attribute), doc)


def _plain_constant_docstring(
    _app: Sphinx, what: str, name: str, _obj: object, _options: Any, lines: list[str]
) -> None:
    # Runs after napoleon, which reads a constant's first line as "type: text".
    if what == "data":
        module, attribute = name.rsplit(".", 1)
        doc = ModuleAnalyzer.for_module(module).find_attr_docs().get(("", attribute))
        if doc is not None:
            lines[:] = doc
    elif what == "attribute":
        # Same for enum members ("Meek's method: ...", "网格员: ..."): read as written.
        owner, attribute = name.rsplit(".", 1)
        module, _, cls_name = owner.rpartition(".")
        cls = getattr(sys.modules.get(module), cls_name, None)
        if isinstance(cls, enum.EnumType):
            key = (cls.__qualname__, attribute)
            doc = ModuleAnalyzer.for_module(cls.__module__).find_attr_docs().get(key)
            if doc is not None:
                lines[:] = doc


# -- References to private paths resolve to the public name ---------------------------------
#
# Annotations name a NewType or constant where it is defined (``govkit.config._converter.
# Quantity``); users import it from the package (``govkit.config.Quantity``), which is
# where the docs describe it. Classes need no help: autodoc records their canonical name.
# A bare name in a docstring (`ConfigError` inside govkit.config) resolves when it
# names exactly one documented govkit object, as numpydoc's convention expects.

_PRIVATE_PATH = re.compile(r"(govkit(?:\.[a-z]\w*)*)(?:\._\w+)+\.(\w+)")


def _documented(domain: Any, short: str) -> list[str]:
    """The documented govkit objects named `short`, public paths first."""
    found = [
        name
        for name in domain.objects
        if name.startswith("govkit.") and name.rsplit(".", 1)[-1] == short
    ]
    public = [name for name in found if not any(p.startswith("_") for p in name.split("."))]
    return public or found


def _field_names(qualified: str) -> set[str]:
    module, _, name = qualified.rpartition(".")
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return set()
    if not attrs.has(cls):
        return set()
    return {field.name for field in attrs.fields(cls)} | set(dir(cls))


def _names_local(node: pending_xref, target: str) -> bool:
    """Whether `target` is a field of the documented class or a name of its module."""
    module, cls_name = node.get("py:module"), node.get("py:class")
    if not module or not cls_name:
        return False
    try:
        cls = getattr(importlib.import_module(module), cls_name.split(".")[0])
    except (ImportError, AttributeError):
        return False
    fields = {field.name for field in attrs.fields(cls)} if attrs.has(cls) else set()
    home = sys.modules.get(getattr(cls, "__module__", ""))
    return target in fields or hasattr(cls, target) or hasattr(home, target)


def _resolve_public(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element
) -> Element | None:
    if node.get("refdomain") != "py":
        return None
    domain: Any = env.get_domain("py")
    target = node["reftarget"]
    match = _PRIVATE_PATH.fullmatch(target)
    if match:
        candidates = [f"{match.group(1)}.{match.group(2)}"]
    elif "." not in target:
        if _names_local(node, target):  # `measure`, `parts`: a field of the class documented
            return contnode
        candidates = _documented(domain, target)
    elif target.count(".") == 1:  # `ElectionResult.scores`: a field of a documented class
        owner, _, field = target.partition(".")
        candidates = _documented(domain, owner)
        if len(candidates) != 1 or field not in _field_names(candidates[0]):
            return None
    else:
        return None
    if len(candidates) != 1 or candidates[0] not in domain.objects:
        return None
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], candidates[0], node, contnode
    )


def setup(app: Sphinx) -> dict[str, Any]:
    _teach_re_exports()
    app.connect("autodoc-process-docstring", _plain_constant_docstring, priority=900)
    app.connect("missing-reference", _resolve_public)
    return {"parallel_read_safe": True}
