"""Where the built tools and libraries are."""

import os
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[2]


def build_dir() -> Path:
    """The CMake build directory: $QUANT_PT2E_BUILD_DIR or <repo>/build."""
    return Path(os.environ.get("QUANT_PT2E_BUILD_DIR", _REPO_ROOT / "build"))


def _built(path: Path) -> Path:
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: build the project first "
                                "(scripts/build.sh)")
    return path


def tool_path(name: str) -> Path:
    """Path of a built tool such as quant-opt; raises if it is not built."""
    return _built(build_dir() / "bin" / name)


def library_path(name: str) -> Path:
    """Path of a built shared library such as libQuantPT2ERuntime.so."""
    return _built(build_dir() / "lib" / name)
