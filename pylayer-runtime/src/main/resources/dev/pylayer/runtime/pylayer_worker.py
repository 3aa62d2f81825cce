"""pylayer worker: serves LiteLLM calls to a JVM over JSON lines.

Started by dev.pylayer.runtime.LiteLlmClient on the layer's interpreter (its source passed with -c, so
nothing is written to disk and a read-only /opt is fine). Protocol (version 1), one JSON
object per line, UTF-8:

  JVM -> worker (stdin)
    {"id": 7, "op": "completion", "params": {...}}   litellm.acompletion(**params)
    {"id": 8, "op": "stream", "window": 64, "params": {...}}
                                                      litellm.acompletion(**params, stream=True); at
                                                      most "window" chunks are sent ahead of credits
    {"id": 8, "op": "credit", "n": 32}                the JVM took 32 more chunks of stream 8
    {"id": 9, "op": "embedding", "params": {...}}    litellm.aembedding(**params)
    {"id": 10, "op": "ping"}                          answered at once, without LiteLLM
    {"id": 11, "op": "checkpoint"}                    before a snapshot (SnapStart, CRaC): closes
                                                      LiteLLM's HTTP clients, so none is copied open,
                                                      and finishes what start-up deferred
    {"id": 12, "op": "restore"}                       after a restore: reseeds random generators
    {"id": 13, "op": "completion_cost", "params": {...}}  litellm.completion_cost(**params)
    {"id": 14, "op": "token_counter", "params": {...}}    litellm.token_counter(**params)
    completion, stream and embedding params with "router": {"id", "config"} go to a litellm.Router
    built from config (once per id, again after a restart) instead of the litellm module
    {"id": 8, "op": "cancel"}                         cancels the asyncio task of request 8
    {"op": "shutdown"} or end of input                cancels what is in flight and exits

  worker -> JVM (the original stdout, kept apart from anything libraries print)
    {"id": 0, "type": "ready", "protocol": 1, "python": ..., "litellm": ..., "import_ms": ..., "pid": ...}
    {"id": 0, "type": "fatal", "error": {...}}        import failed; the worker exits
    {"id": 7, "type": "result", "data": {...}}
    {"id": 8, "type": "chunk", "data": {...}}         one per stream chunk, then
    {"id": 8, "type": "end"}
    {"id": 7, "type": "error", "error": {"type", "kind", "status_code", "provider", "message", "retryable"}}
    {"id": 8, "type": "cancelled"}

Streams are flow-controlled: the worker sends a stream's chunk only while it holds a credit for it
(the request's "window", then each "credit"), so a caller that does not read makes the worker stop
reading from the provider instead of filling the JVM's memory.

Every line starts with its "id" member so the JVM can attribute a line it refuses to read whole.
Error messages and whatever Python code prints are redacted: the values of secret-named environment
variables, every secret a request carried (api_key, credentials objects, secret headers, keys in URLs)
and secret-shaped text (Authorization headers, bearer tokens, sk-... keys, ?key=, PEM private keys)
never leave the worker. What C code writes straight to fd 2 is redacted by the JVM.
"""

import sys

# Run with -c, the current directory is sys.path[0]: drop it before any import so that files where
# the JVM happens to run (e.g. /var/task) cannot shadow the standard library or LiteLLM.
if sys.path and sys.path[0] == "":
    del sys.path[0]

import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402

PROTOCOL = 2

# LiteLLM exception class names the JVM maps to its own exception types, most specific first. The
# first of these found in an exception's MRO becomes its "kind".
_KINDS = (
    "ContextWindowExceededError",
    "RateLimitError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "Timeout",
    "APITimeoutError",
    "TimeoutError",
    "ServiceUnavailableError",
    "InternalServerError",
    "APIConnectionError",
    "UnprocessableEntityError",
    "BadRequestError",
    "APIError",
)
_KIND_ALIASES = {"APITimeoutError": "Timeout", "TimeoutError": "Timeout"}
_RETRYABLE_KINDS = {
    "RateLimitError",
    "Timeout",
    "ServiceUnavailableError",
    "InternalServerError",
    "APIConnectionError",
}
_RETRYABLE_STATUS = {408, 409, 429, 500, 502, 503, 504}

_SECRET_KEY = re.compile(r"(?i)(key|token|secret|password|authorization|credential|signature)")
_MIN_SECRET = 6
_MAX_LEARNED = 1024
_AUTH_SCHEME = re.compile(r"(?i)(?:bearer|basic|token|key)\s+(\S+)\s*$")
_SECRET_PATTERNS = (
    # PEM private keys (a service account's private_key), also with escaped newlines
    (re.compile(r"-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"), r"[REDACTED \1PRIVATE KEY]"),
    # "Authorization: Bearer abc", 'authorization': 'abc', Authorization=abc
    (re.compile(r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?)(?:bearer\s+|basic\s+)?[^\s\"',}]+"), r"\1[REDACTED]"),
    (re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+"), "Bearer [REDACTED]"),
    # api_key='abc', "api-key": "abc", x-api-key: abc, x-goog-api-key: abc
    (re.compile(r"(?i)(api[_-]?key[\"']?\s*[:=]\s*[\"']?)[^\s\"',}&]+"), r"\1[REDACTED]"),
    # client_secret, aws_secret_access_key, aws_session_token, access/refresh tokens, passwords
    (
        re.compile(
            r"(?i)((?:client_secret|secret_access_key|session_token|access_token|refresh_token|id_token|private_key|password)"
            r"[\"']?\s*[:=]\s*[\"']?)[^\s\"',}&]+"
        ),
        r"\1[REDACTED]",
    ),
    # keys in URLs: Gemini's ?key=..., signed URLs
    (re.compile(r"(?i)([?&](?:key|api[_-]?key|token|access_token|sig|signature|code)=)[^&\s\"'#]+"), r"\1[REDACTED]"),
    # OpenAI-style secret keys: sk-..., sk-proj-...
    (re.compile(r"\bsk-[A-Za-z0-9_-]{6,}"), "sk-[REDACTED]"),
)


def _collect(value, out):
    """A secret value, each long line of a multi-line one, and its JSON-escaped form."""
    if not isinstance(value, str) or len(value) < _MIN_SECRET:
        return
    out.add(value)
    scheme = _AUTH_SCHEME.match(value)
    if scheme and len(scheme.group(1)) >= _MIN_SECRET:
        out.add(scheme.group(1))  # "Bearer abc": a provider may quote abc alone
    if "\n" in value:
        out.add(value.replace("\n", "\\n"))
        for line in value.splitlines():
            line = line.strip()
            if len(line) >= 16 and not line.startswith("-----"):
                out.add(line)


def _env_secrets():
    found = set()
    for name, value in os.environ.items():
        if _SECRET_KEY.search(name):
            _collect(value, found)
    return found


def _url_secrets(url, out):
    query = url.split("?", 1)[1] if "?" in url else ""
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        if value and _SECRET_KEY.search(name):
            _collect(value.split("#", 1)[0], out)


def _walk(name, value, out, depth=0):
    if depth > 16 or value is None:
        return
    secret = name is not None and _SECRET_KEY.search(str(name)) is not None
    if isinstance(value, str):
        if secret:
            _collect(value, out)
            text = value.strip()
            if text.startswith("{"):
                # A credentials object passed as JSON text (vertex_credentials): its members too.
                try:
                    _walk(None, json.loads(text), out, depth + 1)
                except ValueError:
                    pass
        elif value.startswith(("http://", "https://")):
            _url_secrets(value, out)
    elif isinstance(value, dict):
        # Members are judged by their own names: a private_key counts, a project_id does not.
        for key, item in value.items():
            _walk(key, item, out, depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _walk(name, item, out, depth + 1)


# Top-level parameters that carry the conversation, not credentials: not walked (they can be large).
_CONTENT_PARAMS = frozenset(("messages", "input", "tools", "functions", "response_format", "prompt", "tool_choice"))


def _param_secrets(params):
    """Secrets a request carries: api_key, credentials objects, secret headers, keys in URLs."""
    found = set()
    for name, value in params.items():
        if name not in _CONTENT_PARAMS:
            _walk(name, value, found)
    return found


class _Secrets:
    """Every secret seen (environment and requests), newest kept when there are too many."""

    def __init__(self):
        self._known = dict.fromkeys(_env_secrets())
        self.ordered = self._order()

    def learn(self, secrets):
        new = [s for s in secrets if s not in self._known]
        if new:
            for secret in new:
                self._known[secret] = None
            while len(self._known) > _MAX_LEARNED:
                del self._known[next(iter(self._known))]
            self.ordered = self._order()

    def _order(self):
        # Longest first, so a secret containing another is replaced whole.
        return sorted(self._known, key=len, reverse=True)


SECRETS = _Secrets()


def redact(text, secrets=None):
    """Removes API keys, tokens and credentials from text meant for logs or error messages."""
    text = str(text)
    for secret in SECRETS.ordered if secrets is None else secrets:
        if secret and secret in text:
            text = text.replace(secret, "[REDACTED]")
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class _RedactingWriter:
    """sys.stdout/sys.stderr for libraries: what they print is redacted before it reaches fd 2."""

    def __init__(self, inner):
        self._inner = inner

    def write(self, text):
        self._inner.write(redact(text))
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        self._inner.flush()

    def isatty(self):
        return False

    def __getattr__(self, name):
        # encoding, errors, fileno, buffer, ...: those of the real stream.
        return getattr(self._inner, name)


def _kind_of(exc):
    names = [cls.__name__ for cls in type(exc).__mro__]
    kind = next((n for n in names if n in _KINDS), None)
    return _KIND_ALIASES.get(kind, kind)


def error_info(exc, secrets=None):
    """The structured form of an exception: {type, kind, status_code, provider, message, retryable}."""
    kind = _kind_of(exc)
    if kind == "APIError":
        # LiteLLM wraps some provider errors in its generic APIError (1.45.0 does so for connection
        # failures); the exception it was raised from often says more.
        inner, depth = exc.__cause__ or exc.__context__, 0
        while inner is not None and depth < 5:
            inner_kind = _kind_of(inner)
            if inner_kind not in (None, "APIError"):
                kind = inner_kind
                break
            inner, depth = inner.__cause__ or inner.__context__, depth + 1
    if isinstance(exc, asyncio.TimeoutError) and kind is None:
        kind = "Timeout"
    status = getattr(exc, "status_code", None)
    try:
        status = int(status) if status is not None else None
    except (TypeError, ValueError):
        status = None
    provider = getattr(exc, "llm_provider", None)
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    retryable = kind in _RETRYABLE_KINDS or status in _RETRYABLE_STATUS
    return {
        "type": type(exc).__name__,
        "kind": kind,
        "status_code": status,
        "provider": str(provider) if provider else None,
        "message": redact(message, secrets),
        "retryable": bool(retryable),
    }


# --- LiteLLM providers pruned from the layer -------------------------------------------------------
# pylayer build keeps only the providers of [packages] providers and writes what it pruned to
# <prefix>/pylayer-providers.json. A call to a pruned provider is refused here, before LiteLLM runs
# half of it, naming the provider and the spec key that adds it back (not a bare ImportError).


class ProviderNotInLayerError(Exception):
    """A call to a LiteLLM provider that pylayer pruned from this layer."""

    # Errors whose class says pylayer_not_in_layer are reported as bad requests: this one, and
    # what the stand-in pylayer build puts in place of a library only pruned providers use
    # (dev/pylayer/optimize/stand_in.py in pylayer-core) raises when it is used.
    pylayer_not_in_layer = True

    def __init__(self, provider, manifest):
        self.llm_provider = provider
        super().__init__(
            "LiteLLM provider '%s' is not in this layer: pylayer pruned it (the layer keeps %s); %s"
            % (provider, ", ".join(manifest.get("kept", [])), manifest.get("fix", "add it to [packages] providers"))
        )


def load_pruned_providers(prefix=None):
    """The layer's provider manifest, or None when nothing was pruned."""
    try:
        with open(os.path.join(prefix or sys.prefix, "pylayer-providers.json"), encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("pruned") else None


def pruned_provider(manifest, litellm, params=None, exc=None):
    """The pruned provider a call needs (by its model), or that an exception shows missing (a
    ModuleNotFoundError of a pruned module anywhere in its chain); None otherwise."""
    if not manifest:
        return None
    if exc is not None:
        for _ in range(6):
            if exc is None:
                return None
            if isinstance(exc, ModuleNotFoundError):
                missing = exc.name or ""
                for module, provider in manifest.get("modules", {}).items():
                    if missing == module or missing.startswith(module + "."):
                        return provider
            exc = exc.__cause__ or exc.__context__
        return None
    aliases, pruned = manifest.get("aliases", {}), manifest.get("pruned", ())
    model = params.get("model") or ""
    named = params.get("custom_llm_provider") or (model.split("/", 1)[0] if "/" in model else None)
    if named and aliases.get(named, named) in pruned:
        return aliases.get(named, named)
    try:
        found = litellm.get_llm_provider(
            model=model, custom_llm_provider=params.get("custom_llm_provider"), api_base=params.get("api_base")
        )[1]
    except Exception as error:  # noqa: BLE001 - a pruned module may be what it missed
        return pruned_provider(manifest, None, exc=error)
    found = aliases.get(found, found)
    return found if found in pruned else None


def plain(obj):
    """Turns LiteLLM's response objects (pydantic models and friends) into JSON-able values."""
    dump = getattr(obj, "model_dump", None)
    if callable(dump):
        try:
            return dump()
        except Exception:  # noqa: BLE001 - fall through to the older spellings
            pass
    for name in ("dict", "to_dict"):
        method = getattr(obj, name, None)
        if callable(method):
            try:
                return method()
            except Exception:  # noqa: BLE001
                pass
    as_json = getattr(obj, "json", None)
    if callable(as_json):
        try:
            text = as_json()
            if isinstance(text, (str, bytes)):
                return json.loads(text)
        except Exception:  # noqa: BLE001
            pass
    if isinstance(obj, (set, frozenset)):
        return list(obj)
    if isinstance(obj, bytes):
        return obj.decode("utf-8", "replace")
    return str(obj)


def _encode(message):
    return (json.dumps(message, default=plain, ensure_ascii=False, separators=(",", ":")) + "\n").encode(
        "utf-8", "surrogatepass"
    )


class Worker:
    def __init__(self, out_fd, litellm):
        self.out_fd = out_fd
        self.litellm = litellm
        self.tasks = {}
        self.credits = {}
        self.pruned_providers = load_pruned_providers()
        self.routers = {}

    def send(self, message):
        data = _encode(message)
        view = memoryview(data)
        while view:
            written = os.write(self.out_fd, view)
            view = view[written:]

    async def serve(self, ready):
        loop = asyncio.get_running_loop()
        max_line = int(os.environ.get("PYLAYER_MAX_LINE_BYTES", str(32 << 20)))
        reader = asyncio.StreamReader(limit=max_line + 1)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin.buffer)
        self.send(ready)
        while True:
            try:
                line = await reader.readline()
            except ValueError:
                print("pylayer worker: request line longer than %d bytes; exiting" % max_line, file=sys.stderr)
                break
            if not line:
                break
            if not self.dispatch(line):
                break
        for task in list(self.tasks.values()):
            task.cancel()
        if self.tasks:
            await asyncio.wait(list(self.tasks.values()), timeout=1.0)

    def dispatch(self, line):
        """Handles one request line; returns False to stop serving."""
        try:
            request = json.loads(line)
            rid = request.get("id")
            op = request.get("op")
        except (ValueError, AttributeError) as exc:
            print("pylayer worker: unreadable request line: %s" % exc, file=sys.stderr)
            return True
        if op == "ping":
            self.send({"id": rid, "type": "result", "data": {"pong": True, "time": time.time()}})
        elif op == "credit":
            credit = self.credits.get(rid)
            if credit is not None:
                for _ in range(max(0, int(request.get("n") or 0))):
                    credit.release()
        elif op == "cancel":
            task = self.tasks.get(rid)
            if task is not None:
                task.cancel()
        elif op == "shutdown":
            return False
        elif op in ("checkpoint", "restore"):
            self.tasks[rid] = asyncio.ensure_future(self.snapshot(rid, op))
        elif op in ("completion", "stream", "embedding") or op in _UTILITY_OPS:
            params = request.get("params") or {}
            SECRETS.learn(_param_secrets(params))
            if op == "stream":
                window = int(request.get("window") or 0)
                # No window: unbounded, as protocol 1 was (a JVM that grants no credits).
                self.credits[rid] = asyncio.Semaphore(window) if window > 0 else None
            self.tasks[rid] = asyncio.ensure_future(self.run(rid, op, params))
        else:
            self.send(
                {
                    "id": rid,
                    "type": "error",
                    "error": {
                        "type": "UnknownOperation",
                        "kind": "BadRequestError",
                        "status_code": None,
                        "provider": None,
                        "message": "unknown op %r (protocol %d knows completion, stream, embedding, %s, ping, cancel,"
                        " credit, checkpoint, restore)"
                        % (op, PROTOCOL, ", ".join(sorted(_UTILITY_OPS))),
                        "retryable": False,
                    },
                }
            )
        return True

    def target(self, params):
        """What serves a call: the litellm module, or the Router that params name (see _router)."""
        spec = params.pop("router", None)
        if spec is None:
            return self.litellm
        return _router(self, spec)

    async def snapshot(self, rid, op):
        try:
            if op == "checkpoint":
                self.routers.clear()  # their HTTP clients too; rebuilt on the next routed call
                data = dict(await close_http_clients(self.litellm), finished=finish_deferred())
            else:
                data = reseed_random()
            self.send({"id": rid, "type": "result", "data": data})
        except Exception as exc:  # noqa: BLE001 - reported to the JVM
            self.send({"id": rid, "type": "error", "error": error_info(exc)})
        finally:
            self.tasks.pop(rid, None)

    async def run(self, rid, op, params):
        try:
            provider = None if op in _UTILITY_OPS else pruned_provider(
                self.pruned_providers, self.litellm, params)
            if provider is not None:
                raise ProviderNotInLayerError(provider, self.pruned_providers)
            if op in _UTILITY_OPS:
                self.send({"id": rid, "type": "result", "data": _UTILITY_OPS[op](self.litellm, params)})
            elif op == "completion":
                response = await self.target(params).acompletion(**params)
                self.send({"id": rid, "type": "result", "data": response})
            elif op == "stream":
                params["stream"] = True
                response = await self.target(params).acompletion(**params)
                credit = self.credits.get(rid)
                try:
                    async for chunk in response:
                        if credit is not None:
                            # Waiting here leaves the provider's bytes unread: backpressure.
                            await credit.acquire()
                        self.send({"id": rid, "type": "chunk", "data": chunk})
                finally:
                    close = getattr(response, "aclose", None)
                    if callable(close):
                        try:
                            await close()
                        except Exception:  # noqa: BLE001 - closing is best effort
                            pass
                self.send({"id": rid, "type": "end"})
            else:
                response = await self.target(params).aembedding(**params)
                self.send({"id": rid, "type": "result", "data": response})
        except asyncio.CancelledError:
            self.send({"id": rid, "type": "cancelled"})
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the caller
            missing = pruned_provider(self.pruned_providers, None, exc=exc)
            if missing is not None and not isinstance(exc, ProviderNotInLayerError):
                exc = ProviderNotInLayerError(missing, self.pruned_providers)
            info = error_info(exc)
            if getattr(type(exc), "pylayer_not_in_layer", False):
                info["kind"] = "BadRequestError"
            if info["kind"] is None:
                # Not a LiteLLM error: likely a bug or bad parameter; the type tells which.
                print("pylayer worker: request %s failed: %s: %s" % (rid, info["type"], info["message"]), file=sys.stderr)
            self.send({"id": rid, "type": "error", "error": info})
        finally:
            self.tasks.pop(rid, None)
            self.credits.pop(rid, None)


# Where LiteLLM keeps HTTP clients between calls (1.45.0 and later): a cache of provider SDK clients
# (openai.AsyncOpenAI, ...) and module-level httpx handlers. Names absent in a version are skipped.
_CLIENT_CACHES = ("in_memory_llm_clients_cache",)
_MODULE_CLIENTS = ("module_level_aclient", "module_level_client", "aclient_session", "client_session")


async def _close(client):
    for name in ("aclose", "close"):
        method = getattr(client, name, None)
        if callable(method):
            result = method()
            if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
                await result
            return True
    return False


async def close_http_clients(litellm):
    """Before a snapshot: closes every HTTP client LiteLLM holds, so no connection (and no TLS session)
    is copied into the snapshot and shared by its restored copies. Module-level handlers are replaced by
    new, unconnected ones of the same class; cached provider clients are dropped and made again on use."""
    closed, replaced = [], []
    for name in _CLIENT_CACHES:
        cache = getattr(litellm, name, None)
        if isinstance(cache, dict):
            for key, client in list(cache.items()):
                try:
                    if await _close(client):
                        closed.append("%s[%s]" % (name, key))
                except Exception as exc:  # noqa: BLE001 - a client that cannot close is dropped anyway
                    print("pylayer worker: closing %s[%s] failed: %s" % (name, key, exc), file=sys.stderr)
            cache.clear()
    for name in _MODULE_CLIENTS:
        client = getattr(litellm, name, None)
        if client is None:
            continue
        try:
            if await _close(client):
                closed.append(name)
            setattr(litellm, name, type(client)())
            replaced.append(name)
        except Exception as exc:  # noqa: BLE001
            print("pylayer worker: reopening %s failed: %s" % (name, exc), file=sys.stderr)
    return {"closed": closed, "reopened": replaced}


def reseed_random():
    """After a restore: every copy of one snapshot starts with the same random state; reseed each
    generator from os.urandom (the kernel's, reseeded by the restore) so copies differ."""
    import random

    reseeded = []
    random.seed()
    reseeded.append("random")
    tempfile = sys.modules.get("tempfile")
    if tempfile is not None and getattr(tempfile, "_name_sequence", None) is not None:
        tempfile._name_sequence = None  # its own Random, made again on next use
        reseeded.append("tempfile")
    numpy = sys.modules.get("numpy")  # only if already imported: never pay its import here
    if numpy is not None:
        try:
            numpy.random.seed()
            reseeded.append("numpy")
        except Exception:  # noqa: BLE001
            pass
    uuid = sys.modules.get("uuid")
    if uuid is not None and hasattr(uuid, "_last_timestamp"):
        uuid._last_timestamp = None  # uuid1's clock sequence state
        reseeded.append("uuid")
    return {"reseeded": reseeded}


# ---------------------------------------------------------------------------------------------
# LiteLLM's Router, cost and token counting (LiteLlmRouter, LiteLlmCosts and LiteLlmTokens in Java).
# Kept apart from the protocol code above so both can change without touching each other.


def _router(worker, spec):
    """The litellm.Router for spec {"id": ..., "config": {...}}, built on first use.

    The JVM sends the config with every call, so a restarted worker builds the router again without
    a separate set-up step. (Keys inside the model list are learned as secrets with the request's.)
    """
    router_id = spec.get("id")
    router = worker.routers.get(router_id)
    if router is None:
        config = dict(spec.get("config") or {})
        router = worker.litellm.Router(**config)
        worker.routers[router_id] = router
    return router


def _completion_cost(litellm, params):
    """{"cost": USD} for a response ("completion_response") or a request estimate (model, messages,
    prompt, completion), as litellm.completion_cost computes it."""
    return {"cost": float(litellm.completion_cost(**params))}


def _token_counter(litellm, params):
    """{"tokens": n} for "messages" or "text" with the tokenizer LiteLLM picks for "model"."""
    return {"tokens": int(litellm.token_counter(**params))}


# Synchronous LiteLLM helpers served as ops: CPU-only and quick, so they run on the event loop.
_UTILITY_OPS = {
    "completion_cost": _completion_cost,
    "token_counter": _token_counter,
}


def _claim_stdout():
    """Keeps the real stdout for the protocol and points fd 1 and sys.stdout at stderr (redacted)."""
    sys.stdout.flush()
    out_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stderr = _RedactingWriter(sys.stderr)
    sys.stdout = sys.stderr
    return out_fd


# What each start-up deferral left for first use, by name: called before a snapshot (finish_deferred).
_FINISHERS = {}


def finish_deferred():
    """Before a snapshot: does what the start-up deferrals left for first use (CA certificates to
    load, tiktoken encodings to build), so the snapshot holds it and no restored copy pays for it
    again, as before the deferrals. Pydantic models stay deferred: the warm-up call built the ones
    a call uses."""
    done = {}
    for name, finish in _FINISHERS.items():
        try:
            done[name] = finish()
        except Exception as exc:  # noqa: BLE001 - it happens again on first use, as without a snapshot
            print("pylayer worker: finishing %s before the snapshot failed: %s" % (name, exc), file=sys.stderr)
    return done


def _switched_on(variable):
    """A start-up switch (the deferrals, the collector's freeze): on unless the variable says
    otherwise ("false", "0", ...)."""
    return os.environ.get(variable, "true") in ("true", "1", "on")


def _defer_pydantic_builds():
    """Makes pydantic 2 build a model's validator on its first use instead of when its class is made.

    LiteLLM defines hundreds of models at import (its proxy's and response types) and building them
    was 15–20 % of `import litellm`; the worker uses a few. The openai SDK already defers its own
    models this way, under the variable DEFER_PYDANTIC_BUILD (default "true"); the worker honours the
    same variable for every model it loads.
    """
    if not _switched_on("DEFER_PYDANTIC_BUILD"):
        return
    try:
        from pydantic._internal import _config
    except Exception:  # noqa: BLE001 - no pydantic 2 here: nothing to defer
        return
    defaults = getattr(_config, "config_defaults", None)
    if isinstance(defaults, dict) and "defer_build" in defaults:
        defaults["defer_build"] = True


def _defer_ca_loading():
    """Makes an SSL context read its CA certificates when it first needs them, not when it is made.

    `import litellm` makes eight SSL contexts (LiteLLM's module-level HTTP clients, aiohttp's
    defaults), each parsing certifi's bundle or the system's store: ~13 % of the import, for
    contexts a call mostly never uses. Deferred: the default paths, and a CA file that ships with
    this Python or its packages (under sys.prefix or a sys.path directory, as certifi's); any other
    file, a directory or in-memory data loads at once, so its errors surface where they always did.
    Every use of the certificates (a handshake, get_ca_certs, cert_store_stats) loads what is
    pending first, under a lock, so no handshake sees a half-loaded store. Off with
    PYLAYER_DEFER_CA_LOAD=false.
    """
    if not _switched_on("PYLAYER_DEFER_CA_LOAD"):
        return
    import ssl
    import threading
    import weakref

    context = ssl.SSLContext
    load_file, load_defaults = context.load_verify_locations, context.set_default_verify_paths
    lock = threading.Lock()
    pending = weakref.WeakKeyDictionary()  # context -> its loads still to do, in order

    def shipped(cafile):
        try:
            path = os.path.realpath(os.fsdecode(cafile))  # str, bytes or path-like, as _ssl takes
        except (TypeError, ValueError):
            return False  # the real method reports it
        roots = [sys.prefix] + [entry for entry in sys.path if os.path.isabs(entry)]
        under = any(path.startswith(os.path.realpath(root) + os.sep) for root in roots)
        return under and os.path.isfile(path)

    def defer(ctx, load, args):
        with lock:
            pending.setdefault(ctx, []).append((load, args))

    def load_pending(ctx):
        if ctx not in pending:  # loaded (a context leaves only once all of its loads are in)
            return
        with lock:
            loads = pending.get(ctx, [])
            while loads:
                load, args = loads[0]
                load(ctx, *args)
                loads.pop(0)
            pending.pop(ctx, None)

    def load_all_pending():
        with lock:
            contexts = list(pending.keys())
        for ctx in contexts:
            load_pending(ctx)
        return len(contexts)

    def load_verify_locations(self, cafile=None, capath=None, cadata=None):
        if cafile is not None and capath is None and cadata is None and shipped(cafile):
            return defer(self, load_file, (cafile,))
        load_pending(self)
        return load_file(self, cafile, capath, cadata)

    def set_default_verify_paths(self):
        defer(self, load_defaults, ())

    def loading_first(method):
        def loaded(self, *args, **kwargs):
            load_pending(self)
            return method(self, *args, **kwargs)

        loaded.__name__ = method.__name__
        return loaded

    context.load_verify_locations = load_verify_locations
    context.set_default_verify_paths = set_default_verify_paths
    # _wrap_socket and _wrap_bio are where every SSLSocket and SSLObject (asyncio's) gets its session.
    for name in ("_wrap_socket", "_wrap_bio", "get_ca_certs", "cert_store_stats"):
        setattr(context, name, loading_first(getattr(context, name)))
    _FINISHERS["ssl_contexts_loaded"] = load_all_pending


def _defer_tiktoken_encodings():
    """Makes tiktoken.get_encoding(name) return an Encoding that reads its BPE file on first use.

    litellm 1.45.0's `import litellm` builds the cl100k_base encoding (parsing 100,000 base64 ranks
    and building the Rust tokenizer: ~20 % of the import, 36 MB) for token counting, which a
    completion does not do. The encoding handed out is a tiktoken.Encoding (a subclass) that builds
    itself, as get_encoding would have, when any of its state is first read. Newer LiteLLM releases
    already load it lazily; there this changes nothing. Off with PYLAYER_DEFER_TIKTOKEN_LOAD=false.
    """
    if not _switched_on("PYLAYER_DEFER_TIKTOKEN_LOAD"):
        return
    try:
        import tiktoken.registry as registry
        from tiktoken.core import Encoding
    except Exception:  # noqa: BLE001 - no tiktoken (or not one shaped like this): nothing to defer
        return
    if type(getattr(registry, "ENCODINGS", None)) is not dict or not callable(
        getattr(registry, "_find_constructors", None)
    ):
        return
    import threading

    lock = threading.Lock()

    class DeferredEncoding(Encoding):
        def __init__(self, name):  # Encoding.__init__, which reads the file, runs on first use
            self.name = name

        def __getattr__(self, attribute):  # only for what the instance lacks: all of it, until built
            self._pylayer_build()
            return object.__getattribute__(self, attribute)

        def _pylayer_build(self):
            with lock:
                if "_pylayer_built" in vars(self):
                    return False
                if registry.ENCODING_CONSTRUCTORS is None:
                    registry._find_constructors()
                built = Encoding(**registry.ENCODING_CONSTRUCTORS[self.name]())
                vars(self).update(vars(built), _pylayer_built=True)
                return True

        def __reduce__(self):  # pickled by name, as tiktoken pickles the encodings it registers
            return registry.get_encoding, (self.name,)

    class Encodings(dict):
        """tiktoken's cache of built encodings, answering every known name with a deferred one."""

        def __contains__(self, name):
            if dict.__contains__(self, name):
                return True
            if registry.ENCODING_CONSTRUCTORS is None:
                registry._find_constructors()
            return name in (registry.ENCODING_CONSTRUCTORS or {})

        def __missing__(self, name):
            encoding = self[name] = DeferredEncoding(name)
            return encoding

    def build_all():
        deferred = [e for e in list(registry.ENCODINGS.values()) if isinstance(e, DeferredEncoding)]
        return sorted(e.name for e in deferred if e._pylayer_build())

    registry.ENCODINGS = Encodings(registry.ENCODINGS)
    _FINISHERS["tiktoken_encodings_built"] = build_all


def _import_litellm():
    """Imports litellm with the cyclic garbage collector off, then freezes what the import made.

    The import makes 100,000–160,000 objects that live as long as the worker (modules, classes,
    pydantic models), and the collector ran 300–450 times during it, three of them full passes
    over everything: 150–310 ms, 12–15 % of the import. Collections are off during the import; then
    gc.freeze() moves what it made to the permanent generation, so no later collection during a
    call traverses it either, and collections resume. What the import left as cyclic garbage
    (about 1,900 objects) is frozen with it, once per worker. Off with PYLAYER_GC_FREEZE=false.
    """
    if not _switched_on("PYLAYER_GC_FREEZE"):
        import litellm

        return litellm
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        import litellm
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
    return litellm


def main():
    out_fd = _claim_stdout()
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    os.environ.setdefault("LITELLM_MODE", "PRODUCTION")
    started = time.perf_counter()
    try:
        _defer_pydantic_builds()
        _defer_ca_loading()
        _defer_tiktoken_encodings()
        litellm = _import_litellm()
    except BaseException as exc:  # noqa: BLE001 - reported to the JVM, then exit
        info = error_info(exc)
        info["message"] = "import litellm failed: %s: %s (sys.path=%s)" % (info["type"], info["message"], sys.path)
        os.write(out_fd, _encode({"id": 0, "type": "fatal", "error": info}))
        return 3
    import_ms = (time.perf_counter() - started) * 1000.0
    if os.environ.get("PYLAYER_LITELLM_DEBUG_INFO") != "1":
        # LiteLLM prints coloured "Give Feedback / Get Help" and "LiteLLM.Info" banners to stdout on
        # every error: noise in a function's log. The JVM's option litellmDebugInfo(true) keeps them.
        try:
            litellm.suppress_debug_info = True
        except Exception:  # noqa: BLE001 - a LiteLLM without the switch prints what it prints
            pass
    ready = {
        "id": 0,
        "type": "ready",
        "protocol": PROTOCOL,
        "python": "%d.%d.%d" % sys.version_info[:3],
        "litellm": getattr(litellm, "__version__", None) or _distribution_version("litellm"),
        "import_ms": round(import_ms, 3),
        "pid": os.getpid(),
    }
    asyncio.run(Worker(out_fd, litellm).serve(ready))
    return 0


def _distribution_version(name):
    try:
        from importlib import metadata

        return metadata.version(name)
    except Exception:  # noqa: BLE001
        return None


if __name__ == "__main__":
    sys.exit(main())
