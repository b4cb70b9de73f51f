"""A throwaway PostgreSQL cluster for one test: initdb in a temporary folder, its own
port and socket, trust authentication, removed afterwards.

The server binaries come from ``PG_BINDIR``, else the newest
``/usr/lib/postgresql/*/bin`` (Debian's layout), else the PATH. PostgreSQL refuses to
run as root: as root, the cluster runs as the ``postgres`` system user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

from bench.run import free_port


def server_bindir() -> Path | None:
    """Where initdb and pg_ctl are; None when PostgreSQL's server is not installed."""
    candidates = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]))
    candidates += [
        Path(found)
        for found in sorted(
            glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
        )[::-1]
    ]
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).parent)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


@dataclass
class Cluster:
    bindir: Path
    root: Path
    port: int

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, user: str = "postgres", database: str = "postgres") -> str:
        return f"postgres://{user}@127.0.0.1:{self.port}/{database}"

    def as_server_user(self, *command: str, timeout: int = 60) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=timeout)

    def pg_ctl(self, *args: str) -> None:
        self.as_server_user(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-w",
            *args,
        )

    def start(self) -> None:
        # Durability is not under test: no fsync (a clean stop still writes everything).
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg_ctl("-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("-m", mode, "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def connect(self, user: str = "postgres", database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.url(user, database), autocommit=True)

    def scalar(self, query: str, params=(), *, database: str = "postgres"):
        with self.connect(database=database) as connection:
            return connection.execute(query, params).fetchone()[0]


@contextlib.contextmanager
def throwaway_cluster(bindir: Path) -> Iterator[Cluster]:
    # As root the server runs as postgres, which must reach the folder: /tmp, whatever
    # TMPDIR says.
    as_root = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="factcheck-pg-", dir="/tmp" if as_root else None))  # noqa: S108
    if as_root:
        postgres = pwd.getpwnam("postgres")
        os.chown(root, postgres.pw_uid, postgres.pw_gid)
    cluster = Cluster(bindir=bindir, root=root, port=free_port())
    try:
        cluster.as_server_user(
            str(bindir / "initdb"),
            "-D",
            str(cluster.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        cluster.start()
        try:
            yield cluster
        finally:
            with contextlib.suppress(subprocess.SubprocessError):
                cluster.stop("immediate")
    finally:
        shutil.rmtree(root, ignore_errors=True)
