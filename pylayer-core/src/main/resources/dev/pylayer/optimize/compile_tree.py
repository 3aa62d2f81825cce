# Byte-compiles every .py under the given roots for pylayer's BytecodeCompiler.
#
# Run as: python -S -s -B -X utf8 -c <this file's text>, request as JSON on stdin:
#   {"roots": [{"dir": "<build path>", "runtime": "<path at run time>"}],
#    "placement": "pycache" | "legacy", "remove_source": bool, "optimize": 0|1|2, "strict": bool,
#    "exclude": ["<build path of a directory to skip>", ...],
#    "lazy_reexports_under": ["<build path>", ...]}
# Answer as JSON on stdout:
#   {"python": "3.11.7", "cache_tag": "cpython-311", "compiled": n, "pyc_bytes": n,
#    "source_bytes_removed": n, "failures": [{"path": "<build path>", "error": "..."}],
#    "written": bool, "lazy_packages": ["<run-time path of a package made lazy>", ...]}
#
# Every .pyc uses the unchecked-hash invalidation mode (PEP 552): the layer is read-only and its
# timestamps are not to be trusted, so Python must never check nor rewrite them. dfile is the
# path the module will have at run time, so tracebacks name /opt/... and the output does not
# depend on the build directory. Files are compiled in sorted order in one process (with
# PYTHONHASHSEED=0 set by the caller): the same tree gives the same bytes.
#
# Lazy re-exports: a package __init__.py under one of "lazy_reexports_under" that does nothing but
# re-export names of its own submodules ("from .sub import Name as Name", the style of generated
# SDKs such as openai's, whose types packages import ~800 pydantic modules that way) is compiled
# from an equivalent that imports each submodule when one of its names is first used (PEP 562).
# The final state of the package is the same; what changes is when a submodule runs. Packages with
# any other statement, or where a re-exported name is also a submodule's name, are left alone.
#
# Everything is first written to temporary names; only when nothing failed (or strict is off)
# are they renamed into place and sources removed, so a strict failure leaves the tree unchanged.
import sys

sys.path = [p for p in sys.path if p not in ("", ".")]  # never import from the tree or the cwd

import ast
import importlib.util
import json
import os
import py_compile

TMP_SUFFIX = ".pylayer-tmp"
LAZY_SUFFIX = ".pylayer-lazy"

LAZY_TEMPLATE = '''{docstring}# pylayer: this package's re-exports are imported on first use (PEP 562); the original
# __init__.py imported every submodule up front. Same names, same objects, fewer imports at start.
import importlib as _pylayer_importlib

_PYLAYER_LAZY = {names!r}
_PYLAYER_SUBMODULES = frozenset({submodules!r})
__all__ = {public!r}


def __getattr__(name):
    target = _PYLAYER_LAZY.get(name)
    if target is None:
        if name in _PYLAYER_SUBMODULES:
            return _pylayer_importlib.import_module("." + name, __name__)
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    value = getattr(_pylayer_importlib.import_module("." + target[0], __name__), target[1])
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_PYLAYER_LAZY) | _PYLAYER_SUBMODULES)
'''


def lazy_reexports(source):
    """The text of a lazy equivalent of the package __init__.py at source, or None."""
    with open(source, "rb") as f:
        try:
            tree = ast.parse(f.read(), source)
        except (SyntaxError, ValueError):
            return None  # reported by the compile itself
    names = {}  # name -> (submodule, name in it); a later import of a name wins, as it would
    submodules = set()
    docstring = ""
    for index, node in enumerate(tree.body):
        if (index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)):
            docstring = repr(node.value.value) + "\n"
        elif isinstance(node, ast.ImportFrom) and node.module == "__future__":
            pass
        elif (isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
              and all(alias.name != "*" for alias in node.names)):
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module, alias.name)
            submodules.add(node.module.split(".")[0])
        else:
            return None
    if len(names) < 2:
        return None
    package = os.path.dirname(source)
    entries = {os.path.splitext(entry)[0] for entry in os.listdir(package)}
    if any(name in entries or name in submodules for name in names):
        return None  # importing that submodule would rebind the name: order would matter
    public = sorted(name for name in set(names) | submodules if not name.startswith("_"))
    return LAZY_TEMPLATE.format(docstring=docstring, names=names,
                                submodules=sorted(submodules), public=public)


def under(path, directories):
    return any(path.startswith(directory + os.sep) for directory in directories)


def describe(error):
    if isinstance(error, py_compile.PyCompileError):
        inner = error.exc_value
        if isinstance(inner, SyntaxError):
            return "%s: %s (line %s)" % (type(inner).__name__, inner.msg, inner.lineno)
        return "%s: %s" % (error.exc_type_name, inner)
    return "%s: %s" % (type(error).__name__, error)


def sources(root, exclude=()):
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(
            d for d in dirs
            if d != "__pycache__" and os.path.join(directory, d) not in exclude)
        for name in sorted(files):
            path = os.path.join(directory, name)
            if name.endswith(".py") and os.path.isfile(path) and not os.path.islink(path):
                yield path


def main():
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    legacy = request["placement"] == "legacy"
    optimize = int(request["optimize"])
    remove_source = bool(request["remove_source"])
    strict = bool(request["strict"])
    exclude = frozenset(request.get("exclude", ()))
    lazy_under = [d.rstrip(os.sep) for d in request.get("lazy_reexports_under", ())]

    staged = []  # (temporary pyc, final pyc, source, lazy source or None)
    lazy_packages = []
    created_dirs = []
    failures = []
    for root in request["roots"]:
        build_root = root["dir"]
        runtime_root = root["runtime"].rstrip("/")
        for source in sources(build_root, exclude):
            relative = os.path.relpath(source, build_root).replace(os.sep, "/")
            dfile = runtime_root + "/" + relative
            if legacy:
                final = source + "c"
            else:
                final = importlib.util.cache_from_source(
                    source, optimization=optimize if optimize else "")
                cache_dir = os.path.dirname(final)
                if not os.path.isdir(cache_dir):
                    os.makedirs(cache_dir)
                    created_dirs.append(cache_dir)
            temporary = final + TMP_SUFFIX
            lazy = None
            if os.path.basename(source) == "__init__.py" and under(source, lazy_under):
                text = lazy_reexports(source)
                if text is not None:
                    lazy = source + LAZY_SUFFIX
                    with open(lazy, "w", encoding="utf-8") as f:
                        f.write(text)
            try:
                py_compile.compile(
                    lazy or source, cfile=temporary, dfile=dfile, doraise=True, optimize=optimize,
                    invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            except Exception as error:  # a bad file is reported, never fatal by itself
                failures.append({"path": source, "error": describe(error)})
                for leftover in (temporary, lazy):
                    if leftover and os.path.exists(leftover):
                        os.remove(leftover)
                continue
            staged.append((temporary, final, source, lazy))
            if lazy:
                lazy_packages.append(os.path.dirname(dfile))

    write = not (strict and failures)
    pyc_bytes = 0
    source_bytes_removed = 0
    if write:
        for temporary, final, source, lazy in staged:
            os.replace(temporary, final)
            pyc_bytes += os.path.getsize(final)
            if remove_source:
                source_bytes_removed += os.path.getsize(source)
                os.remove(source)
                if lazy:
                    os.remove(lazy)
            elif lazy:
                os.replace(lazy, source)  # the source shipped is the one compiled
    else:
        for temporary, _, _, lazy in staged:
            os.remove(temporary)
            if lazy:
                os.remove(lazy)
        for directory in reversed(created_dirs):
            if not os.listdir(directory):
                os.rmdir(directory)

    answer = {
        "python": "%d.%d.%d" % sys.version_info[:3],
        "cache_tag": sys.implementation.cache_tag,
        "compiled": len(staged) if write else 0,
        "pyc_bytes": pyc_bytes,
        "source_bytes_removed": source_bytes_removed,
        "failures": failures,
        "written": write,
        "lazy_packages": lazy_packages if write else [],
    }
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()


main()
