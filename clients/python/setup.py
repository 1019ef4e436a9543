"""The build generates the protobuf and gRPC modules first (generate.py); the metadata is in
pyproject.toml. Outside the repository (from an sdist) the generated modules it holds are used."""

import pathlib
import sys

from setuptools import setup

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import PROTOS, generate  # noqa: E402

if PROTOS.is_dir():
    generate()
setup()
