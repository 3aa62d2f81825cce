"""Stands in for a distribution pylayer left out of this layer (dev.pylayer.optimize.DistributionStandIns).

LiteLLM imports it when it is imported, but only providers this layer does not keep use it. This
module imports, so `import litellm` works; every use of a name from it raises a ModuleNotFoundError
saying how to put the real distribution back. LiteLLM's own fallbacks (`except Exception`) then
behave as when the distribution cannot load what it is asked for.
"""

_WHY = @WHY@

__path__ = []  # a package without submodules: `import name.sub` fails as for a missing module


class NotInLayerError(ModuleNotFoundError):
    """What every use raises. pylayer-runtime's worker reports an error whose class has
    pylayer_not_in_layer as a bad request (BadRequestException in Java), not as a bug."""

    pylayer_not_in_layer = True


def _missing(what):
    return NotInLayerError("%s: %s" % (what, _WHY), name=__name__)


class _Absent(type):
    """The type of every name imported from this module: calling it or its attributes raises."""

    def __getattr__(cls, attribute):
        if attribute.startswith("__"):
            raise AttributeError(attribute)

        def absent(*args, **kwargs):
            raise _missing("%s.%s.%s" % (__name__, cls.__name__, attribute))

        return absent

    def __call__(cls, *args, **kwargs):
        raise _missing("%s.%s" % (__name__, cls.__name__))


def __getattr__(name):  # PEP 562: `from this import Name` gets a stand-in type for Name
    if name.startswith("__"):
        raise AttributeError(name)
    absent = globals()[name] = _Absent(name, (), {"__module__": __name__})
    return absent
