#!/usr/bin/env python3
"""An OpenAI-compatible chat-completions mock for the red-team benchmarks: every answer is a refusal after a fixed delay.

  python3 bench/redteam_mock_server.py PORT DELAY_MS
Threaded, so it serves many requests at once; the delay is the target's own latency the benchmark subtracts.
"""
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DELAY = float(sys.argv[2]) / 1000 if len(sys.argv) > 2 else 0.02
BODY = json.dumps({"id": "mock", "object": "chat.completion", "model": "mock",
                   "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "I'm sorry, but I can't help with that request."}}],
                   "usage": {"prompt_tokens": 10, "completion_tokens": 12, "total_tokens": 22}}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; without TCP_NODELAY the second waits for the client's delayed ACK (40 ms).
    disable_nagle_algorithm = True

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(DELAY)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


Server(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
