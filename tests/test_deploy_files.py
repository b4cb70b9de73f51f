"""The deployment example in deploy/ is consistent with the app: the compose file parses
and holds the topology the README describes, and every command it runs exists."""

from pathlib import Path

import yaml
from django.core.management import get_commands

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


def test_the_compose_file_holds_the_topology_the_readme_describes():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"proxy", "web1", "web2", "worker", "db-primary", "db-replica", "redis"} <= set(services)
    for web in ("web1", "web2", "worker"):
        environment = services[web]["environment"]
        assert environment["CACHE_URL"].startswith("redis://")
        assert "db-primary" in environment["DATABASE_URL"]
        assert "db-replica" in environment["DATABASE_REPLICA_URLS"]
    assert services["worker"]["command"] == ["python", "manage.py", "worker"]
    mounted_files = [
        volume.split(":")[0]
        for service in services.values()
        for volume in service.get("volumes", [])
        if volume.startswith("./")
    ]
    assert mounted_files
    for mounted in mounted_files:
        assert (DEPLOY / mounted).exists(), mounted


def test_the_commands_the_examples_run_exist():
    commands = get_commands()
    for unit in (DEPLOY / "systemd").glob("*.service"):
        text = unit.read_text()
        if "manage.py" in text:
            command = text.split("manage.py", 1)[1].split()[0]
            assert command in commands, unit
    assert "worker" in commands


def test_the_proxy_sends_to_both_nodes_and_keeps_the_etags():
    conf = (DEPLOY / "nginx.conf").read_text()
    assert "server web1:8000" in conf
    assert "server web2:8000" in conf
    assert "gzip off;" in conf  # gzip would turn the app's strong ETags into weak ones


def test_every_file_the_image_copies_exists():
    for line in (DEPLOY / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source
    assert Path(DEPLOY / "factcheck.env.example").exists()
