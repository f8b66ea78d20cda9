"""Each package's public surface is explicit and importable."""

import importlib

import pytest


@pytest.mark.parametrize("package", ["vectorstore", "tools", "agent", "ui"])
def test_all_names_exist(package):
    module = importlib.import_module(package)
    assert all(hasattr(module, name) for name in module.__all__)
