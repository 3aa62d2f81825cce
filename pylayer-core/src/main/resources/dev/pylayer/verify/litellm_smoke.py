# pylayer's default smoke test for a LiteLLM layer (dev.pylayer.verify.SmokeSpec).
#
# It runs inside the built layer, unpacked read-only, and is also what the import tracer watches
# to decide which distributions the layer can do without. So it walks the paths a function really
# takes, not only the import: a mock completion, then real OpenAI-protocol calls (plain, streamed
# and async) to a stub server on 127.0.0.1 in this process, so the HTTP client stack, SSE parsing
# and asyncio transports are loaded; and a token count, which loads tiktoken's encodings. No call
# leaves 127.0.0.1.
import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import litellm

mock = litellm.completion(
    model="gpt-3.5-turbo",
    messages=[{"role": "user", "content": "ping"}],
    mock_response="pong",
)
assert mock.choices[0].message.content == "pong", mock


def completion_body(content):
    return {
        "id": "chatcmpl-smoke", "object": "chat.completion", "created": 1700000000,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
    }


def chunk(delta, finish=None):
    return {
        "id": "chatcmpl-smoke", "object": "chat.completion.chunk", "created": 1700000000,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


class StubOpenAI(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        if request.get("stream"):
            events = [chunk({"role": "assistant", "content": "po"}), chunk({"content": "ng"}),
                      chunk({}, "stop")]
            body = "".join("data: " + json.dumps(e) + "\n\n" for e in events)
            body = (body + "data: [DONE]\n\n").encode()
            content_type = "text/event-stream"
        else:
            body = json.dumps(completion_body("pong")).encode()
            content_type = "application/json"
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), StubOpenAI)
threading.Thread(target=server.serve_forever, daemon=True).start()
endpoint = dict(model="openai/gpt-4o-mini", api_key="sk-smoke-test",
                api_base="http://127.0.0.1:%d/v1" % server.server_address[1],
                messages=[{"role": "user", "content": "ping"}])
try:
    answer = litellm.completion(**endpoint)
    assert answer.choices[0].message.content == "pong", answer
    streamed = "".join(c.choices[0].delta.content or ""
                       for c in litellm.completion(stream=True, **endpoint))
    assert streamed == "pong", streamed
    answer = asyncio.run(litellm.acompletion(**endpoint))
    assert answer.choices[0].message.content == "pong", answer
finally:
    server.shutdown()

tokens = litellm.token_counter(model="gpt-4o-mini", messages=endpoint["messages"])
assert tokens > 0, tokens
print("litellm completion ok: mock, http, stream, async, token count")
