"""Parts of ingest chosen by a setting "NAME[:ARGUMENT]" (the describer, the transcriber): reading the
setting and refusing a bad one before any file is read, the same way for every seam."""

from __future__ import annotations

import os
from collections.abc import Mapping

from .errors import StorycutError


def configured(env: str, default: str) -> str:
    """The spec the environment variable `env` names, else `default`."""
    return os.environ.get(env, "").strip() or default


def parse_spec(spec: str, registry: Mapping[str, object], kind: str, env: str, error: type[StorycutError],
               arguments: Mapping[str, str]) -> tuple[str, str]:
    """`spec` as (name, argument) when `registry` has the name and, for the names in `arguments`
    (name -> what the argument is, "MODEL"), an argument is given; `error` otherwise."""
    name, _, argument = spec.partition(":")
    if name not in registry:
        forms = ", ".join(f"{n} as {n}:{what}" for n, what in arguments.items())
        raise error(f"unknown {kind} {spec!r}; choose one of: {', '.join(registry)}" + (f" ({forms})" if forms else ""))
    if name in arguments and not argument:
        raise error(f"the {name} {kind} needs a {arguments[name].lower()}: {env}={name}:{arguments[name]}")
    return name, argument
