"""
The one YAML door: every govkit object enters through `load` and leaves through `dump`.

A govkit YAML document starts with ``govkit: 1`` (the schema version) and
``kind:`` (what it is); a file may hold several documents, and documents refer
to each other by ``id``. Loading is strict: unknown keys, wrong types, floats
where an exact share is expected, duplicate keys, unsafe tags and oversize or
over-nested input are all refused, and `~govkit.errors.ConfigError` lists every problem with
its file, line, column and YAML path.
"""

from govkit.config._citation import Citation
from govkit.config._converter import (
    DOCUMENTS,
    Quantity,
    converter,
    document,
    quantity_text,
    register_family,
    shorthand,
    to_fraction,
    to_quantity,
)
from govkit.config._door import (
    SCHEMA_VERSION,
    Bundle,
    dump,
    load,
    load_all,
    structure,
    unstructure,
)
from govkit.config._frozenmap import FrozenMap, to_frozenmap
from govkit.config._preset import PresetInfo, load_preset, preset_ids, preset_path, presets
from govkit.config._schema import json_schema
from govkit.config._yaml import Limits, Source

__all__ = [
    "DOCUMENTS",
    "SCHEMA_VERSION",
    "Bundle",
    "Citation",
    "FrozenMap",
    "Limits",
    "PresetInfo",
    "Quantity",
    "Source",
    "converter",
    "document",
    "dump",
    "json_schema",
    "load",
    "load_all",
    "load_preset",
    "preset_ids",
    "preset_path",
    "presets",
    "quantity_text",
    "register_family",
    "shorthand",
    "structure",
    "to_fraction",
    "to_frozenmap",
    "to_quantity",
    "unstructure",
]
