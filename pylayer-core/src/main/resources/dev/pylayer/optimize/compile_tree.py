# Byte-compiles every .py under the given roots for pylayer's BytecodeCompiler.
#
# Run as: python -S -s -B -X utf8 -c <this file's text>, request as JSON on stdin:
#   {"roots": [{"dir": "<build path>", "runtime": "<path at run time>"}],
#    "placement": "pycache" | "legacy", "remove_source": bool, "optimize": 0|1|2, "strict": bool,
#    "exclude": ["<build path of a directory to skip>", ...]}
# Answer as JSON on stdout:
#   {"python": "3.11.7", "cache_tag": "cpython-311", "compiled": n, "pyc_bytes": n,
#    "source_bytes_removed": n, "failures": [{"path": "<build path>", "error": "..."}],
#    "written": bool}
#
# Every .pyc uses the unchecked-hash invalidation mode (PEP 552): the layer is read-only and its
# timestamps are not to be trusted, so Python must never check nor rewrite them. dfile is the
# path the module will have at run time, so tracebacks name /opt/... and the output does not
# depend on the build directory. Files are compiled in sorted order in one process (with
# PYTHONHASHSEED=0 set by the caller): the same tree gives the same bytes.
#
# Everything is first written to temporary names; only when nothing failed (or strict is off)
# are they renamed into place and sources removed, so a strict failure leaves the tree unchanged.
import sys

sys.path = [p for p in sys.path if p not in ("", ".")]  # never import from the tree or the cwd

import importlib.util
import json
import os
import py_compile

TMP_SUFFIX = ".pylayer-tmp"


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

    staged = []  # (temporary pyc, final pyc, source)
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
            try:
                py_compile.compile(
                    source, cfile=temporary, dfile=dfile, doraise=True, optimize=optimize,
                    invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            except Exception as error:  # a bad file is reported, never fatal by itself
                failures.append({"path": source, "error": describe(error)})
                if os.path.exists(temporary):
                    os.remove(temporary)
                continue
            staged.append((temporary, final, source))

    write = not (strict and failures)
    pyc_bytes = 0
    source_bytes_removed = 0
    if write:
        for temporary, final, source in staged:
            os.replace(temporary, final)
            pyc_bytes += os.path.getsize(final)
            if remove_source:
                source_bytes_removed += os.path.getsize(source)
                os.remove(source)
    else:
        for temporary, _, _ in staged:
            os.remove(temporary)
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
    }
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()


main()
