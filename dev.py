#!/usr/bin/env python3
"""Simpul Desa developer commands — standard library only, Python 3.11 or newer.

    python3 dev.py start [ADDR:PORT] [OPTIONS]
                                   set up .venv, migrate, load the demo data, serve http://127.0.0.1:8000
                                   (or ADDR:PORT; OPTIONS go to runserver)
    python3 dev.py test [ARGS]     set up .venv, run the whole pytest suite (ARGS go to pytest)
    python3 dev.py manage ARGS     set up .venv, run manage.py ARGS

Without DATABASE_URL the settings start an embedded PostgreSQL in .pgdata/ (no server, no root);
without REDIS_URL Celery tasks run in-process. See README.md.
"""

import sys

if sys.version_info < (3, 11):
    sys.exit(
        "Simpul Desa needs Python 3.11 or newer; this is Python %d.%d (%s).\n"
        "Run it with a newer interpreter, e.g.: python3.11 dev.py %s"
        % (sys.version_info[0], sys.version_info[1], sys.executable, " ".join(sys.argv[1:]) or "start")
    )

import ctypes.util
import hashlib
import os
import shutil
import signal
import subprocess
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
REQUIREMENTS = ROOT / "requirements.txt"
STAMP = VENV / ".requirements.sha256"
CHROMIUM = Path("/usr/bin/chromium")
ADDRESS = "127.0.0.1:8000"


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(args: list, **kwargs) -> int:
    """Run a child in the project folder; Ctrl+C goes to the child (it shuts down cleanly), SIGTERM is passed on."""
    child = subprocess.Popen([str(a) for a in args], cwd=ROOT, **kwargs)
    previous_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
    previous_term = signal.signal(signal.SIGTERM, lambda signum, frame: child.send_signal(signum))
    try:
        return child.wait()
    finally:
        signal.signal(signal.SIGINT, previous_int)
        signal.signal(signal.SIGTERM, previous_term)


def requirements_hash() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def ensure_venv() -> None:
    """Create .venv with this interpreter if it is missing; install requirements.txt when it changed."""
    if not PYTHON.exists():
        if VENV.exists():
            say(f"{VENV} has no Python; creating it again")
            shutil.rmtree(VENV)
        say(f"creating {VENV.name}/ with Python {sys.version.split()[0]}")
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (subprocess.CalledProcessError, OSError) as exc:
            shutil.rmtree(VENV, ignore_errors=True)
            sys.exit(
                f"Could not create the virtual environment ({exc}).\n"
                "On Debian/Ubuntu install the venv module first: sudo apt-get install python3-venv"
            )
    wanted = requirements_hash()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    say("installing requirements.txt into .venv (first run or requirements changed)")
    rc = run([PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", REQUIREMENTS])
    if rc != 0:
        sys.exit(f"pip install failed (exit {rc}); fix the error above and run the command again.")
    STAMP.write_text(wanted + "\n")
    if ctypes.util.find_library("pango-1.0") is None:
        say("hint: PDF rendering (WeasyPrint) needs Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0")
    if ctypes.util.find_library("harfbuzz-subset") is None:
        say("hint: PDF rendering is much faster with HarfBuzz's font subsetter: sudo apt-get install libharfbuzz-subset0")


def environment(django_env: str) -> dict:
    env = dict(os.environ)
    env["DJANGO_ENV"] = django_env
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("PYTHONHOME", None)
    env["VIRTUAL_ENV"] = str(VENV)
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    return env


def describe_services(env: dict) -> None:
    say("database: " + ("DATABASE_URL" if env.get("DATABASE_URL") else "embedded PostgreSQL in .pgdata/"))
    say("tasks: " + ("Celery via REDIS_URL" if env.get("REDIS_URL") else "run in-process (no REDIS_URL)"))


def cmd_start(args: list) -> int:
    ensure_venv()
    if os.environ.get("DJANGO_ENV", "development") != "development":
        say(f"ignoring DJANGO_ENV={os.environ['DJANGO_ENV']}: dev.py start always runs the development settings")
    env = environment("development")
    describe_services(env)
    manage = [PYTHON, ROOT / "manage.py"]
    for step in (["migrate", "--no-input"], ["muat_demo"]):
        say("manage.py " + " ".join(step))
        rc = run(manage + step, env=env)
        if rc != 0:
            return rc
    address = ADDRESS
    if args and not args[0].startswith("-"):
        address, args = args[0], args[1:]
    say(f"serving http://{address}/ — stop with Ctrl+C")
    rc = run(manage + ["runserver", address, *args], env=env)
    return 0 if rc in (-signal.SIGINT, 130) else rc


def cmd_test(args: list) -> int:
    ensure_venv()
    if not CHROMIUM.exists():
        say("hint: browser tests are skipped without /usr/bin/chromium; install it with "
            "sudo apt-get install chromium fonts-liberation")
    env = environment("test")
    describe_services(env)
    say("pytest " + " ".join(args))
    return run([PYTHON, "-m", "pytest", *args], env=env)


def cmd_manage(args: list) -> int:
    ensure_venv()
    return run([PYTHON, ROOT / "manage.py", *args], env=environment(os.environ.get("DJANGO_ENV", "development")))


COMMANDS = {"start": cmd_start, "test": cmd_test, "manage": cmd_manage}


def main(argv: list) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.strip())
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
