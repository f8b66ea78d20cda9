"""The chat models that can drive the agent, chosen by one string: `local`, `openai:NAME`, `ollama:NAME`.

`local` is the built-in director: no key, no network. `openai:NAME` talks to OpenAI or to any
OpenAI-compatible server named by OPENAI_BASE_URL (vLLM, llama.cpp, Ollama's /v1); `ollama:NAME`
to Ollama's own API (OLLAMA_HOST, default http://127.0.0.1:11434). STORYCUT_MODEL sets the default.
"""

from __future__ import annotations

import os

from langchain_core.language_models import BaseChatModel

from vectorstore.errors import StorycutError

from .director import Director

MODEL_HELP = "local (built-in director), openai:NAME or ollama:NAME"


class ModelError(StorycutError):
    """A model that cannot be used as asked (unknown kind, missing key)."""


def default_model() -> str:
    return os.environ.get("STORYCUT_MODEL") or "local"


def chat_model(spec: str | None = None) -> BaseChatModel:
    """The chat model `spec` names (see the module docstring)."""
    spec = (spec or default_model()).strip()
    kind, _, name = spec.partition(":")
    if spec == "local":
        return Director()
    if kind == "openai" and name:
        from langchain_openai import ChatOpenAI

        base_url = os.environ.get("OPENAI_BASE_URL") or None
        key = os.environ.get("OPENAI_API_KEY")
        if not key and not base_url:
            raise ModelError("openai models need OPENAI_API_KEY (or OPENAI_BASE_URL for a server without keys)")
        return ChatOpenAI(model=name, base_url=base_url, api_key=key or "not-needed", temperature=0,
                          max_retries=1, timeout=120)
    if kind == "ollama" and name:
        from langchain_ollama import ChatOllama

        return ChatOllama(model=name, base_url=os.environ.get("OLLAMA_HOST") or None, temperature=0)
    raise ModelError(f"unknown model {spec!r}: use {MODEL_HELP}")


def redact(text: str) -> str:
    """`text` without the API key, for anything shown to people or logged."""
    key = os.environ.get("OPENAI_API_KEY")
    return text.replace(key, "***") if key and len(key) >= 8 else text
