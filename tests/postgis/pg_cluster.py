"""A throwaway PostgreSQL 15 + PostGIS cluster for tests: its own data folder and Unix socket
in a temporary folder, no TCP port, trust authentication, removed on exit."""
import os
import pwd
import shutil
import subprocess
import tempfile

BIN = "/usr/lib/postgresql/15/bin"


def available():
    return os.path.exists(os.path.join(BIN, "initdb")) and shutil.which("ogr2ogr") is not None


class Cluster:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="sunplan_pg_")
        os.chmod(self.dir, 0o777)
        self.data = os.path.join(self.dir, "data")
        self.port = "5499"
        # initdb refuses to run as root: run the server as the packaged postgres user.
        self.user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        self._as_user([f"{BIN}/initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        self._as_user([f"{BIN}/pg_ctl", "-D", self.data, "-w", "-l", os.path.join(self.dir, "log"), "-o",
                       f"-k {self.dir} -c listen_addresses='' -p {self.port}", "start"])
        self.psql("postgres", "CREATE DATABASE sunplan")
        self.psql("sunplan", "CREATE EXTENSION postgis")

    def _as_user(self, cmd):
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", self.user, "--"] + cmd
        subprocess.run(cmd, check=True, capture_output=True)

    def psql(self, db, sql):
        return subprocess.run(["psql", "-h", self.dir,
                               "-p", self.port, "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-Atc", sql],
                              check=True, capture_output=True, text=True).stdout

    def connection(self, extra=""):
        return f"PG:host={self.dir} port={self.port} dbname=sunplan user=postgres {extra}".strip()

    def close(self):
        try:
            self._as_user([f"{BIN}/pg_ctl", "-D", self.data, "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
