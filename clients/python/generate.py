#!/usr/bin/env python3
"""Generates the client's protobuf and gRPC modules from the repository's protos/.

Debian's protoc and grpc_python_plugin (packages protobuf-compiler, protobuf-compiler-grpc) write
them into src/realname_api/_gen/, and their imports of each other are moved under that package,
so the generated `google.rpc` and `google.type` never shadow the `google` namespace of the
protobuf package (nor a `grpc` one the grpcio package). `google.protobuf` imports are left alone:
they are the protobuf package's own.

Run: /usr/bin/python3 clients/python/generate.py
"""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
PROTOS = HERE.parents[1] / "protos"
OUT = HERE / "src" / "realname_api" / "_gen"
PACKAGE = "realname_api._gen"
PLUGIN = shutil.which("grpc_python_plugin") or "/usr/bin/grpc_python_plugin"

# The contract and the google.rpc / google.type messages it uses.
SOURCES = ("realname", "google/rpc", "google/type")
# `from realname.v1 import x_pb2`, `import google.rpc.status_pb2`: the generated files' own packages.
OWN_IMPORT = re.compile(r"^(from|import) (realname|google\.rpc|google\.type)\b", re.MULTILINE)
# The module name the generated code gives its classes (their __module__, used by pickle).
OWN_MODULE_NAME = re.compile(r"(BuildTopDescriptorsAndMessages\(DESCRIPTOR, ')(realname|google\.rpc|google\.type)\.")


def generate(out: pathlib.Path = OUT) -> pathlib.Path:
    protoc = shutil.which("protoc")
    if protoc is None or not pathlib.Path(PLUGIN).exists():
        sys.exit("protoc and grpc_python_plugin are needed: apt-get install protobuf-compiler protobuf-compiler-grpc")
    files = sorted(str(p.relative_to(PROTOS)) for source in SOURCES for p in (PROTOS / source).rglob("*.proto"))
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    subprocess.run(
        [protoc, f"-I{PROTOS}", f"--python_out={out}", f"--pyi_out={out}", f"--grpc_python_out={out}",
         f"--plugin=protoc-gen-grpc_python={PLUGIN}", *files],
        check=True)
    for path in out.rglob("*.py*"):
        text = path.read_text(encoding="utf-8")
        text = OWN_IMPORT.sub(rf"\1 {PACKAGE}.\2", text)
        text = OWN_MODULE_NAME.sub(rf"\1{PACKAGE}.\2.", text)
        path.write_text(text, encoding="utf-8")
    for directory in [out, *(p for p in out.rglob("*") if p.is_dir())]:
        (directory / "__init__.py").touch()
    return out


if __name__ == "__main__":
    print(generate())
