# Written by pylayer (zip layout): pure-Python packages live in site-packages.zip.
import os as _os
import sys as _sys
import zipimport as _zipimport

_here = _os.path.dirname(_os.path.abspath(__file__))
_zip = _os.path.join(_here, "site-packages.zip")
if _zip not in _sys.path and _os.path.isfile(_zip):
    _sys.path.append(_zip)

# CPython's zipimporter reads and unmarshals a module twice: once to name its file for the module
# spec (get_filename), once to run it. The layer's zips (site-packages.zip, python3XY.zip) hold
# only .pyc files that are always valid (unchecked-hash, compiled for this interpreter), so a
# module's file is the first entry present in zipimport's search order. Other zips keep CPython's
# importer.
_zips = (_zip, _os.path.join(_os.path.dirname(_here), "python%d%d.zip" % _sys.version_info[:2]))


class _LayerZipImporter(_zipimport.zipimporter):
    def get_filename(self, fullname):
        path = _zipimport._get_module_path(self, fullname)
        for suffix, _bytecode, _package in _zipimport._zip_searchorder:
            entry = self._files.get(path + suffix)
            if entry is not None:
                return entry[0]
        return super().get_filename(fullname)


def _zip_path_hook(path, _zips=_zips, _plain=_zipimport.zipimporter):
    for archive in _zips:
        if path == archive or path.startswith(archive + _os.sep):
            return _LayerZipImporter(path)
    return _plain(path)


if hasattr(_zipimport, "_get_module_path") and hasattr(_zipimport, "_zip_searchorder"):
    _sys.path_hooks[:] = [_zip_path_hook if hook is _zipimport.zipimporter else hook
                          for hook in _sys.path_hooks]
    for _archive in _zips:
        # python3XY.zip's importer was made at start-up, before this file ran
        if type(_sys.path_importer_cache.get(_archive)) is _zipimport.zipimporter:
            _sys.path_importer_cache[_archive] = _LayerZipImporter(_archive)
