"""Debian's chromium, headless, driven over the DevTools protocol on a pipe.

    with HeadlessChromium(width=1200, height=900) as browser:
        browser.open("file:///tmp/run-map.html")         # waits for the load event
        browser.wait_for("document.body.dataset.ready === '1'")
        n = browser.eval("document.querySelectorAll('path').length")
        browser.click(400, 300)                          # a real mouse press and release
        assert not browser.errors and not browser.requests

No websocket library and no npm package: chromium's --remote-debugging-pipe reads commands
on fd 3 and writes replies on fd 4, each a JSON message ended by a NUL byte. `errors`
collects uncaught exceptions, console.error calls and error log entries; `requests` every
network request whose URL is not file: or data: (the page must make none).
"""
import json
import os
import shutil
import subprocess
import tempfile
import time


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class HeadlessChromium:
    def __init__(self, width=1200, height=900, timeout_s=30.0):
        self.width, self.height, self.timeout_s = width, height, timeout_s
        self.errors, self.requests, self.console = [], [], []
        self._next_id = 0
        self._buffer = b""
        self._events = []

    def __enter__(self):
        exe = find_chromium()
        if exe is None:
            raise RuntimeError("chromium is not installed (apt-get install chromium)")
        self._profile = tempfile.mkdtemp(prefix="sunplan-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire_pipes():
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        args = [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-first-run",
                "--disable-extensions", "--disable-domain-reliability", "--metrics-recording-only",
                "--no-default-browser-check", "--remote-debugging-pipe",
                "--window-size=%d,%d" % (self.width, self.height), "--user-data-dir=" + self._profile,
                "about:blank"]
        self._proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, preexec_fn=wire_pipes,
                                      pass_fds=(3, 4))  # kept after wire_pipes moved the pipes there
        os.close(to_child_r)
        os.close(from_child_w)
        targets = self._call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self._session = self._call("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(domain + ".enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False})
        return self

    def __exit__(self, *exc):
        try:
            self._call("Browser.close")
        except Exception:
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)
        shutil.rmtree(self._profile, ignore_errors=True)

    # --- protocol -------------------------------------------------------------------------
    def _read_message(self, deadline):
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def _note_event(self, m):
        method, p = m.get("method"), m.get("params", {})
        if method == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            self.errors.append("exception: %s %s" % (d.get("text"), d.get("exception", {}).get("description", "")))
        elif method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            self.console.append((p["type"], text))
            if p["type"] in ("error", "assert"):
                self.errors.append("console.%s: %s" % (p["type"], text))
        elif method == "Log.entryAdded" and p["entry"]["level"] == "error":
            self.errors.append("log: %s %s" % (p["entry"].get("text"), p["entry"].get("url", "")))
        elif method == "Network.requestWillBeSent":
            url = p["request"]["url"]
            if not (url.startswith("file:") or url.startswith("data:") or url == "about:blank"):
                self.requests.append(url)
        self._events.append(m)

    def _call(self, method, params=None, session=None):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout_s
        while True:
            m = self._read_message(deadline)
            if m.get("id") == self._next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self._note_event(m)

    def send(self, method, params=None):
        return self._call(method, params, self._session)

    # --- page ---------------------------------------------------------------------------
    def open(self, url):
        self._events.clear()
        self.send("Page.navigate", {"url": url})
        deadline = time.monotonic() + self.timeout_s
        while not any(e.get("method") == "Page.loadEventFired" for e in self._events):
            self._note_event(self._read_message(deadline))

    def eval(self, expression):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError("evaluate %r: %s" % (expression, r["exceptionDetails"]))
        return r["result"].get("value")

    def wait_for(self, expression, timeout_s=None):
        deadline = time.monotonic() + (timeout_s or self.timeout_s)
        while time.monotonic() < deadline:
            if self.eval("!!(%s)" % expression):
                return
            time.sleep(0.05)
        raise TimeoutError("page never satisfied: " + expression)

    def click(self, x, y):
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent",
                      {"type": kind, "x": x, "y": y, "button": "left" if kind != "mouseMoved" else "none",
                       "clickCount": 1})

    def screenshot(self, path):
        import base64
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
