"""A local HTTP server standing in for Neuronwatch in the unit tests."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeServer:
    """Records push bodies; answers each with the next scripted (status, body, headers)."""

    def __init__(self, script=()):
        self.bodies, self.script, self.lock = [], list(script), threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with outer.lock:
                    outer.bodies.append((self.path, dict(self.headers), body))
                    status, answer, headers = (outer.script.pop(0) if outer.script else
                                               (200, None, {}))
                if answer is None:
                    answer = {"accepted": len(body["samples"]), "firing": []}
                data = json.dumps(answer).encode()
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def samples(self):
        return [s for _, _, body in self.bodies for s in body["samples"]]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
