"""The package as a backend gets it: a wheel built from pyproject.toml (generating its modules),
installed into an empty directory, and the example run from there against the real server."""

import os
import pathlib
import shutil
import subprocess
import sys
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
PROJECT = HERE.parent


def test_the_wheel_installs_alone_and_runs_the_example(server, tmp_path):
    pip_env = {**os.environ, "PIP_ROOT_USER_ACTION": "ignore", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-index", "-q",
         "-w", str(tmp_path / "dist"), str(PROJECT)],
        check=True, timeout=180, env=pip_env)
    [wheel] = (tmp_path / "dist").glob("realname_api_client-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        top_level = {name.split("/")[0] for name in archive.namelist() if not name.endswith(".dist-info/RECORD")}
    # Nothing but the package itself: no top-level `google` or `grpc` that could shadow others.
    assert {n for n in top_level if not n.endswith(".dist-info")} == {"realname_api"}

    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(site), str(wheel)],
        check=True, timeout=180, env=pip_env)
    shutil.copytree(PROJECT / "example", tmp_path / "example")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "REALNAME_API_KEY")}
    env["PYTHONPATH"] = str(site)
    result = subprocess.run(
        [sys.executable, "example/diagnose.py", server.grpc_target],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "(CATEGORY_FACE_MISMATCH, OUTCOME_FIX_AND_RETRY)" in result.stdout
    assert "\nNOT_FOUND: " in result.stdout
    # The installed copy, not the source tree, was imported.
    check = subprocess.run(
        [sys.executable, "-c", "import realname_api, grpc, google.protobuf; print(realname_api.__file__, grpc.__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=True)
    package_file, grpc_file = check.stdout.split()
    assert package_file.startswith(str(site))
    assert not grpc_file.startswith(str(site))
