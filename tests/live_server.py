"""A real `python main.py` in a subprocess, on a free port of 127.0.0.1, for the server and browser tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


def free_port() -> int:
    """A port nobody listens on right now: bind 127.0.0.1:0 and let the kernel choose."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """`python main.py` with HOST, PORT and DATABASE_PATH set; stderr goes to a log file kept for diagnostics.

    Every start picks a new free port, so read `base_url` after a restart.
    """

    def __init__(self, database_path: Path, log_dir: Path | None = None):
        self.database_path = Path(database_path)
        self.log_dir = Path(log_dir or self.database_path.parent)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.starts = 0
        self.log_path = self.log_dir / "server-0.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "HOST": "127.0.0.1", "PORT": str(self.port), "DATABASE_PATH": str(self.database_path),
            "UPLOAD_DIR": str(self.log_dir / "uploads"), "VIDEO_DIR": str(self.log_dir / "videos"),
            "GAZETTEER_CACHE_DIR": os.environ.get("GAZETTEER_CACHE_DIR", str(ROOT / "data" / "cache")),
            "PYTHONUNBUFFERED": "1",
            # Set but empty: a developer's .env cannot switch on a networked provider (load_dotenv never overrides).
            "GOOGLE_PLACES_API_KEY": "", "OPENAI_API_KEY": "", "KIE_AI_API_KEY": "", "CORS_ORIGINS": "",
        })
        return env

    def start(self) -> LiveServer:
        assert self.process is None, "server already running"
        self.port = free_port()
        self.starts += 1
        self.log_path = self.log_dir / f"server-{self.starts}.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=self.environment(),
                                            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        self._wait_until_healthy()
        return self

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        last_error = "no answer yet"
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    code = self.process.returncode
                    self.process = None
                    raise RuntimeError(f"server exited with code {code} during start-up:\n{self.log()}")
                try:
                    response = client.get(self.base_url + "/api/health")
                    if response.status_code == 200 and response.json().get("status") == "ok":
                        return
                    last_error = f"HTTP {response.status_code}: {response.text[:200]}"
                except httpx.TransportError as exc:
                    last_error = repr(exc)
                time.sleep(0.1)  # polling interval while the process boots, not a blind wait
        self.stop()
        raise RuntimeError(f"server not healthy after {STARTUP_TIMEOUT:.0f} s ({last_error}):\n{self.log()}")

    def stop(self) -> int | None:
        """SIGTERM and wait (SIGKILL after STOP_TIMEOUT). Returns the exit code, None if it was not running."""
        process, self.process = self.process, None
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT)
        return process.returncode

    def restart(self) -> int | None:
        code = self.stop()
        self.start()
        return code

    def log(self, limit: int = 20_000) -> str:
        """The current process's stdout+stderr (the tail, when long)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError as exc:
            return f"<no log: {exc}>"
        return text if len(text) <= limit else "…" + text[-limit:]

    def all_logs(self) -> str:
        parts = []
        for n in range(1, self.starts + 1):
            path = self.log_dir / f"server-{n}.log"
            text = path.read_text(errors="replace") if path.exists() else "<missing>"
            parts.append(f"--- server run {n} ({path}) ---\n{text[-20_000:]}")
        return "\n".join(parts)


def report_logs_on_failure(request, server: LiveServer, failed_before: int) -> None:
    """At fixture teardown: when a test of this scope failed, print the server's output where the user sees it."""
    if request.session.testsfailed <= failed_before:
        return
    text = server.all_logs()
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if reporter is None or capture is None:  # pragma: no cover - plugins disabled
        print(text, file=sys.stderr)
        return
    with capture.global_and_fixture_disabled():  # a passing teardown's captured output would be thrown away
        reporter.ensure_newline()
        reporter.write_sep("-", f"server output ({request.node.name}, a test failed)")
        reporter.write_line(text)
