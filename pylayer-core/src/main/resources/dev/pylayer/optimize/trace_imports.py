# Runs smoke code under an audit hook for pylayer's ImportTracer.
#
# Run as: python -B -c <this file's text>, with PYLAYER_TRACE_CODE holding the smoke code and
# PYLAYER_TRACE_OUT naming the JSON file to write:
#   {"ok": bool, "error": "...", "files": ["<absolute path>", ...]}
# "files" holds every path the process opened ("open" audit events, which include io.open_code
# and so every module source or bytecode file read) and the __file__ of every module left in
# sys.modules (extension modules are loaded by dlopen, which raises no "open" event).
import sys

_opened = set()


def _hook(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes)):
        path = args[0]
        if isinstance(path, bytes):
            try:
                path = path.decode("utf-8", "surrogateescape")
            except Exception:
                return
        _opened.add(path)


sys.addaudithook(_hook)

import json
import os
import traceback

_out = os.environ.pop("PYLAYER_TRACE_OUT")
_code = os.environ.pop("PYLAYER_TRACE_CODE")


def _dump(ok, error):
    files = set()
    for path in list(_opened):
        files.add(os.path.abspath(path))
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if isinstance(path, str):
            files.add(os.path.abspath(path))
    with open(_out, "w", encoding="utf-8") as f:
        json.dump({"ok": ok, "error": error, "files": sorted(files)}, f)


try:
    exec(compile(_code, "<smoke>", "exec"), {"__name__": "__main__"})
except BaseException as error:
    if isinstance(error, SystemExit) and error.code in (None, 0):
        _dump(True, None)
        raise
    _dump(False, traceback.format_exc())
    raise
_dump(True, None)
