"""The suite. Imported before any conftest or test module, so what is set here holds for the whole run."""

import os
import sys

# Bytecode is kept even where PYTHONDONTWRITEBYTECODE is set (as on our CI host): without it each
# xdist worker rewrites every test module's asserts and compiles the package anew, and so does each
# `madoguchi` process a test starts (they inherit the environment). The files land in the ignored
# __pycache__ folders; the run behaves the same either way, only about five seconds faster.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
